"""What spoken text may contain once normalised, and the test for it.

Both voices read Han characters and pause punctuation. The online voices also spell
Latin letters, so ``letters`` mode keeps them; the offline voice silently drops anything
that is not Han, so ``han`` mode must leave nothing else. Other modules (script,
engines) use ``is_spoken_clean`` to check what they are about to speak.
"""

from __future__ import annotations

import re
from typing import Literal

LatinMode = Literal["letters", "han"]
LATIN_MODES: tuple[LatinMode, ...] = ("letters", "han")

PAUSE_MARKS = "，。！？；、："

# The same Han set as the offline frontend (CJK unified ideographs with extensions,
# compatibility ideographs, and 〇 for years), so "clean" here means "readable" there.
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_CHAR = re.compile(f"[{HAN}]")
# Kana and Hangul: the online voices read them, so ``letters`` mode keeps them (the
# script stage removes them, with a warning, for the offline voice).
KANA_HANGUL = "\u3040-\u30ff\u31f0-\u31ff\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"

_CLEAN = {
    "han": re.compile(f"[{HAN}{PAUSE_MARKS}]*"),
    "letters": re.compile(f"[{HAN}{KANA_HANGUL}{PAUSE_MARKS}A-Za-z ]*"),
}
# In letters mode a space is only there to keep a letter group apart from its
# neighbour ("Seedance 2.0", "J 五三六…"): one space, touching a letter.
_BAD_SPACE = re.compile(r"  |^ | $|(?<![A-Za-z]) (?![A-Za-z])")


def is_han(char: str) -> bool:
    """True for a character the offline voice can read (one Han ideograph)."""
    return bool(_HAN_CHAR.fullmatch(char))


def han_characters(text: str) -> str:
    """The Han characters of ``text`` in order (what normalisation must never lose)."""
    return "".join(_HAN_CHAR.findall(text))


def is_spoken_clean(text: str, latin: LatinMode = "letters") -> bool:
    """True if ``text`` holds only what a voice of that kind can speak.

    Han characters and ``PAUSE_MARKS`` always; in ``letters`` mode also ASCII letters,
    kana, Hangul and single spaces next to a letter. No digit, no other punctuation, no quotes.
    """
    if not _CLEAN[latin].fullmatch(text):
        return False
    return latin == "han" or not _BAD_SPACE.search(text)


_UNSPEAKABLE = {
    "han": re.compile(f"[^{HAN}{PAUSE_MARKS}]"),
    "letters": re.compile(f"[^{HAN}{KANA_HANGUL}{PAUSE_MARKS}A-Za-z ]"),
}
_SPACES = re.compile(r" {2,}")
_SPACE_BY_PAUSE = re.compile(f" *([{PAUSE_MARKS}]) *")
_LONELY_SPACE = re.compile(r"(?<![A-Za-z]) (?![A-Za-z])")


def keep_speakable(text: str, latin: LatinMode) -> str:
    """Drop whatever the voice cannot say (symbols, emoji, kana) and stray spaces.

    Run last: by then every rule has turned what it knows into words, so what is left
    is decoration (■, ★) or a script we do not read; dropping it beats a voice error.
    """
    text = _UNSPEAKABLE[latin].sub("", text)
    if latin == "han":
        return text
    text = _SPACES.sub(" ", text)
    text = _SPACE_BY_PAUSE.sub(r"\1", text)
    return _LONELY_SPACE.sub("", text).strip(" ")
