"""Corrections of dictionary readings to what is spoken, word by word.

pypinyin's third-tone sandhi only fires inside its own dictionary phrases (展览 stays
zhan3 lan3), so runs of third tones inside each jieba word are redone here: all but the
last become second tone, as in the Baker labels (卡尔 ka2 er3). Ordinal 第一 keeps yi1,
and a word-final 儿 that is the erhua suffix is marked ``r5``.
"""

from __future__ import annotations

from collections.abc import Iterable

# Words whose final 儿 is a full syllable (a person, a child), not the erhua suffix.
# fmt: off
FULL_ER_WORDS = frozenset({
    "女儿", "婴儿", "幼儿", "孤儿", "男儿", "健儿", "宠儿", "患儿", "胎儿",
    "少儿", "孩儿", "小儿", "乳儿", "产儿", "育儿", "托儿", "新生儿", "早产儿",
    "混血儿", "幸运儿", "弄潮儿", "婴幼儿", "低能儿", "弃儿", "妻儿", "孙儿", "侄儿",
    "犬儿", "宁馨儿", "留守儿",
})
# fmt: on
ERHUA = "r5"  # marker reading of an erhua 儿 (pinyin writes it as a final -r)


def _tone(syllable: str) -> str:
    return syllable[-1] if syllable and syllable[-1].isdigit() else ""


def _with_tone(syllable: str, tone: str) -> str:
    return syllable[:-1] + tone


def apply(readings: list[str], words: Iterable[tuple[int, str]]) -> list[str]:
    """Spoken readings of a Han run from its dictionary readings and (start, word) cut."""
    readings = list(readings)
    for start, word in words:
        end = start + len(word)
        position = start
        while position < end:
            run_end = position
            while run_end < end and _tone(readings[run_end]) == "3":
                run_end += 1
            for i in range(position, run_end - 1):
                readings[i] = _with_tone(readings[i], "2")
            position = max(run_end, position + 1)
        if word[-1] == "儿" and len(word) > 1 and word not in FULL_ER_WORDS:
            readings[end - 1] = ERHUA
        if word.startswith("第一"):  # ordinal: yi1 whatever follows
            readings[start + 1] = "yi1"
    return readings
