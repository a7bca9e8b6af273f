"""Mandarin pronunciation: one spoken reading per character.

``pinyin`` is the one entry every engine uses for Han readings (the offline frontend,
Kokoro). Readings come from pypinyin's phrase data over a jieba cut, then tone sandhi as
spoken (一/不, third-tone runs inside a word, ordinal 第一) and erhua.
"""

from __future__ import annotations

import re

from audio_edition.pronounce import cut, phrases, sandhi
from audio_edition.pronounce.sandhi import ERHUA

__all__ = ["ERHUA", "is_han", "pinyin"]

# Han characters: CJK unified ideographs with extensions A-G, compatibility ideographs
# and the ideographic zero 〇 (years are read digit by digit with it).
_HAN = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def is_han(char: str) -> bool:
    """True for a Han character (one that gets a reading)."""
    return bool(_HAN.fullmatch(char))


def _run(han: str) -> list[str]:
    return sandhi.apply(phrases.lookup(han), cut.words(han))


def pinyin(text: str) -> list[str | None]:
    """One reading per character of ``text``: pinyin with tone digit 1-5 (``v`` for ü,
    sandhi applied as spoken; ``r5`` for an erhua 儿 merged into the syllable before it),
    None for a character that is not Han.

    A rare Han character pypinyin does not know comes back as the character itself (no
    tone digit); callers that must read it decide what to do.
    """
    result: list[str | None] = [None] * len(text)
    run_start = None
    for i, char in enumerate([*text, "\n"]):
        if i < len(text) and is_han(char):
            if run_start is None:
                run_start = i
            continue
        if run_start is not None:
            result[run_start:i] = _run(text[run_start:i])
            run_start = None
    return result
