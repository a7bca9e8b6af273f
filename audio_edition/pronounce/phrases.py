"""Dictionary readings of a Han run from pypinyin's phrase data (with its 一/不 sandhi)."""

from __future__ import annotations


def lookup(han: str) -> list[str]:
    """One TONE3 syllable per character (neutral tone as 5); pypinyin settles polyphones
    by its phrase dictionary and applies 一/不 sandhi."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(han, style=Style.TONE3, neutral_tone_with_five=True, tone_sandhi=True)
    if len(syllables) != len(han):  # a character pypinyin does not know came back whole
        syllables = [
            lazy_pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True)[0] for ch in han
        ]
    return syllables
