"""Corrections of citation readings to what is spoken, word by word.

Third tones: a run of third tones inside a jieba word, or across a boundary into a
short neighbour (很好, 你很好, 我想买: at most three syllables together, as a word and
a clitic are said as one foot), keeps the third tone on its last syllable only; the
others become second tone, as in the Baker labels (卡尔 ka2 er3). 一 and 不 take the
tone their neighbour asks for (一个 yi2, 一天 yi4, 十一 yi1, 不对 bu2, 看一看 yi5).
Ordinal 第一 keeps yi1, and a word-final 儿 that the dictionaries write as the erhua
suffix is marked ``r5`` (``phrases.erhua``).
"""

from __future__ import annotations

from collections.abc import Iterable

from audio_edition.pronounce import phrases

ERHUA = "r5"  # marker reading of an erhua 儿 (pinyin writes it as a final -r)
# A third-tone run crosses a word boundary only while the group stays this short.
FOOT = 3
# Digits around which 一 is counted, not said as a word (十一, 一九八一, 零一).
_DIGITS = frozenset("零〇一二三四五六七八九十")


def _tone(syllable: str) -> str:
    return syllable[-1] if syllable and syllable[-1].isdigit() else ""


def _with_tone(syllable: str, tone: str) -> str:
    return syllable[:-1] + tone


def _feet(readings: list[str], words: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Spans over which third-tone sandhi runs: the words, each joined with the next
    while a third tone meets a third tone at the boundary and the group stays short."""
    feet: list[tuple[int, int]] = []
    for start, word in words:
        end = start + len(word)
        if feet:
            last_start, last_end = feet[-1]
            if (
                last_end == start
                and _tone(readings[last_end - 1]) == "3"
                and _tone(readings[start]) == "3"
                and end - last_start <= FOOT
            ):
                feet[-1] = (last_start, end)
                continue
        feet.append((start, end))
    return feet


def _third_tones(readings: list[str], start: int, end: int) -> None:
    position = start
    while position < end:
        run_end = position
        while run_end < end and _tone(readings[run_end]) == "3":
            run_end += 1
        for i in range(position, run_end - 1):
            readings[i] = _with_tone(readings[i], "2")
        position = max(run_end, position + 1)


def _yi_bu(han: str, readings: list[str], starts: set[int], ends: set[int]) -> None:
    for i, char in enumerate(han):
        if char not in "一不" or not readings[i].startswith(("yi", "bu")):
            continue
        before = han[i - 1] if i else ""
        after = han[i + 1] if i + 1 < len(han) else ""
        next_tone = _tone(readings[i + 1]) if after else ""
        if after and before == after:  # 看一看, 是不是
            tone = "5"
        elif char == "不":
            tone = "2" if next_tone == "4" else "4"
        elif not after or (i + 1 in ends and i not in starts):
            tone = "1"  # final, or the end of a word (统一, 唯一, 之一)
        elif (after in _DIGITS and after != "十") or before in _DIGITS:
            tone = "1"  # a digit of a number read out
        else:
            tone = "2" if next_tone in ("4", "5") else "4"
        readings[i] = _with_tone(readings[i], tone)


def apply(readings: list[str], words: Iterable[tuple[int, str]]) -> list[str]:
    """Spoken readings of a Han run from its citation readings and (start, word) cut."""
    readings = list(readings)
    words = list(words)
    han = "".join(word for _, word in words)
    for start, end in _feet(readings, words):
        _third_tones(readings, start, end)
    starts = {start for start, _ in words}
    _yi_bu(han, readings, starts, {start + len(word) for start, word in words})
    for start, word in words:
        end = start + len(word)
        if word[-1] == "儿" and len(word) > 1:
            readings[end - 1] = ERHUA if phrases.erhua(word) else "er2"
        if word.startswith("第一"):  # ordinal: yi1 whatever follows
            readings[start + 1] = "yi1"
    return readings
