"""Mandarin pronunciation: one spoken reading per character.

``pinyin`` is the one entry every engine uses for Han readings (the offline frontend,
Kokoro). Readings come from pypinyin's phrase data over a jieba cut; each polyphonic
character is then chosen by g2pM's model and the phrase sources' votes (``polyphones``)
from the whole text; then tone sandhi as spoken (一/不, third-tone runs, ordinal 第一)
and erhua.
"""

from __future__ import annotations

import re

from audio_edition.pronounce import cut, phrases, polyphones, sandhi
from audio_edition.pronounce.sandhi import ERHUA

__all__ = ["ERHUA", "is_han", "pinyin"]

# Han characters: CJK unified ideographs with extensions A-G, compatibility ideographs
# and the ideographic zero 〇 (years are read digit by digit with it).
_HAN = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_HAN_RUN = re.compile(f"{_HAN.pattern}+")


def is_han(char: str) -> bool:
    """True for a Han character (one that gets a reading)."""
    return bool(_HAN.fullmatch(char))


def pinyin(text: str) -> list[str | None]:
    """One reading per character of ``text``: pinyin with tone digit 1-5 (``v`` for ü,
    sandhi applied as spoken; ``r5`` for an erhua 儿 merged into the syllable before it),
    None for a character that is not Han.

    Polyphones are read in the context of all of ``text``, punctuation included, so pass
    whole sentences. A rare Han character pypinyin does not know comes back as the
    character itself (no tone digit); callers that must read it decide what to do.
    """
    result: list[str | None] = [None] * len(text)
    runs = []
    for match in _HAN_RUN.finditer(text):
        han = match.group()
        words = list(cut.words(han))
        runs.append((match.start(), han, [(s, s + len(w)) for s, w in words], words))
    chosen = polyphones.choose(text, [(start, han, spans) for start, han, spans, _ in runs])
    for start, han, _, words in runs:
        readings = phrases.lookup(han)
        for i in range(len(han)):
            readings[i] = chosen.get(start + i, readings[i])
        result[start : start + len(han)] = sandhi.apply(readings, words)
    return result
