"""ASCII file names from Chinese headlines (feeds and podcast apps want ASCII URLs)."""

from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin


def _ascii_words(text: str) -> str:
    # pypinyin hands over runs it has no reading for; keep their ASCII words only.
    return "-".join(re.findall(r"[A-Za-z0-9]+", text))


def pinyin_slug(text: str, max_length: int = 40) -> str:
    """``数智浪潮奔涌而来`` -> ``shu-zhi-lang-chao-ben-yong-er-lai``, cut at a syllable."""
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors=_ascii_words)
    words = [w for s in syllables for w in re.split(r"[^a-z0-9]+", s.lower().replace("ü", "v"))]
    slug = ""
    for word in filter(None, words):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or "article"
