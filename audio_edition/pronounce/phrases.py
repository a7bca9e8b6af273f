"""Dictionary readings of a Han run from pypinyin's phrase data (with its 一/不 sandhi)."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _load() -> None:
    """Overlay CC-CEDICT phrase readings on pypinyin's own (once, about 0.4 s): it settles
    news words pypinyin's phrases get wrong (支行 zhi1 hang2, 重塑 chong2 su4)."""
    from pypinyin_dict.phrase_pinyin_data import cc_cedict

    cc_cedict.load()


def lookup(han: str) -> list[str]:
    """One TONE3 syllable per character (neutral tone as 5); pypinyin settles polyphones
    by its phrase dictionary and applies 一/不 sandhi."""
    from pypinyin import Style, lazy_pinyin

    _load()

    syllables = lazy_pinyin(han, style=Style.TONE3, neutral_tone_with_five=True, tone_sandhi=True)
    if len(syllables) != len(han):  # a character pypinyin does not know came back whole
        syllables = [
            lazy_pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True)[0] for ch in han
        ]
    return syllables
