"""Dictionary readings of Han text from pypinyin's phrase data and CC-CEDICT's.

Two sources are kept apart because they vote apart on polyphones (``polyphones``):
pypinyin's own phrases (from phrase-pinyin-data) and CC-CEDICT's (from pypinyin-dict,
about 0.4 s to load). The plain lookup reads with both, CC-CEDICT winning: it settles
news words pypinyin's phrases get wrong (支行 zhi1 hang2, 重塑 chong2 su4).
"""

from __future__ import annotations

import functools

# Longest phrase looked up around a polyphone (the dictionaries' idioms are four
# characters; a few place and organisation names run longer).
MAX_PHRASE = 6


@functools.lru_cache(maxsize=1)
def sources() -> tuple[dict[str, list[list[str]]], dict[str, list[list[str]]]]:
    """(pypinyin's own phrases, CC-CEDICT's phrases), with tone marks; loading them
    overlays CC-CEDICT on the phrases pypinyin's own lookup uses."""
    from pypinyin import constants, phrases_dict
    from pypinyin_dict.phrase_pinyin_data import cc_cedict

    own = phrases_dict.phrases_dict
    if own is constants.PHRASES_DICT:  # PYPINYIN_NO_DICT_COPY: the overlay would edit it
        own = dict(own)
    cc_cedict.load()
    return own, cc_cedict.phrases_dict


@functools.lru_cache(maxsize=65536)
def tone3(syllable: str) -> str:
    """A tone-marked syllable as TONE3 with 5 for the neutral tone and ``v`` for ü."""
    from pypinyin.contrib.tone_convert import to_tone3

    return to_tone3(syllable, neutral_tone_with_five=True).replace("ü", "v")


def erhua(word: str) -> bool:
    """True if the word's final 儿 is the erhua suffix (一点儿 yi1 dian3 r), False if it
    is a syllable of its own (女儿 nv3 er2, 笛卡儿 di2 ka3 er2). The dictionaries mark
    the suffix with a toneless ``er``; CC-CEDICT is asked first because pypinyin's own
    phrases write some suffixes with a tone (哪儿 na3 er2). A word neither has keeps the
    full syllable: news Mandarin says erhua only in words common enough to be listed,
    and jieba's unlisted 儿 words are mostly names (叶儿遗址, 金爪儿)."""
    own, cedict = sources()
    for source in (cedict, own):
        syllables = source.get(word)
        if syllables and len(syllables) == len(word):
            return syllables[-1][0] == "er"
    return False


def lookup(han: str) -> list[str]:
    """One citation-tone TONE3 syllable per character (neutral tone as 5, no sandhi);
    pypinyin settles polyphones by its longest phrase match."""
    from pypinyin import Style, lazy_pinyin

    sources()
    syllables = lazy_pinyin(han, style=Style.TONE3, neutral_tone_with_five=True)
    if len(syllables) != len(han):  # a character pypinyin does not know came back whole
        syllables = [
            lazy_pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True)[0] for ch in han
        ]
    return syllables
