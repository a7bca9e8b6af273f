"""Typographic variants folded to one spelling before any rule looks at the text.

Print mixes full-width and half-width forms (１２％, ：, （）), several dashes, circled
enumerators and stray whitespace from line breaks. Folding them first lets every later
rule match one form. Han characters are never touched: NFKC would rewrite compatibility
ideographs, so it is applied only to the width-variant blocks.
"""

from __future__ import annotations

import re
import unicodedata

from audio_edition.normalize.alphabet import HAN

# Full-width ASCII, small and vertical forms, full-width signs (￥) and odd spaces.
_WIDTH_VARIANTS = re.compile(
    "[\uff01-\uff5e\ufe10-\ufe19\ufe30-\ufe6b\uffe0-\uffe6\u3000\u00a0\u2000-\u200a]"
)
_DASHES = str.maketrans({"―": "—", "─": "—", "‐": "-", "‑": "-", "〜": "~"})

# Enumerators stand for a number followed by a pause (① -> 1、); Roman numerals are
# plain numbers (长征Ⅱ号 -> 长征2号). NFKC would turn Ⅱ into the letters "II".
_ENUMERATORS = {
    **{chr(0x2460 + i): f"{i + 1}、" for i in range(20)},  # ①..⑳
    **{chr(0x2474 + i): f"{i + 1}、" for i in range(20)},  # ⑴..⒇
    **{chr(0x2488 + i): f"{i + 1}、" for i in range(20)},  # ⒈..⒛
    **{chr(0x2160 + i): str(i + 1) for i in range(12)},  # Ⅰ..Ⅻ
    **{chr(0x2170 + i): str(i + 1) for i in range(12)},  # ⅰ..ⅻ
}
_ENUMERATOR = re.compile("[" + "".join(_ENUMERATORS) + "]")

_WHITESPACE = re.compile(r"\s+")
_HAN_CHAR = re.compile(f"[{HAN}]")
_LINE_END_KEEPERS = re.compile(f"[{HAN}A-Za-z0-9”’\"'》〉」』）)】\\]]")


def fold_width(text: str) -> str:
    """Full-width forms to ASCII, dash variants to — or -, enumerators to digits."""
    text = _WIDTH_VARIANTS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = text.translate(_DASHES)
    return _ENUMERATOR.sub(lambda m: _ENUMERATORS[m.group()], text)


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _whitespace(m: re.Match[str]) -> str:
    text, start, end = m.string, m.start(), m.end()
    if start == 0 or end == len(text):
        return ""
    before, after = text[start - 1], text[end]
    if "\n" in m.group():
        # A line ending in a word (not in punctuation) ends a sentence when read aloud.
        return "\n" if _LINE_END_KEEPERS.match(before) else ""
    if _HAN_CHAR.match(before) and _HAN_CHAR.match(after):
        return "，"  # 本报综合消息 新一轮…: the space is a pause in print
    if _is_latin(before) or _is_latin(after):
        return " "  # keeps letter groups apart: Seedance 2.0, New York
    if before.isdigit() and after.isdigit():
        return "，"  # two numbers must not run together into one
    return ""


# "1.加强领导" at the start of a line or sentence numbers a list item, like "1、".
_ENUMERATED = re.compile(r"(^|[\n。！？；;：:])(\d{1,2})\.(?!\d)")


def mark_enumerators(text: str) -> str:
    """``1.加强领导`` -> ``1、加强领导``, so the dot is not read as a sentence end."""
    return _ENUMERATED.sub(r"\1\2、", text)


def tidy_whitespace(text: str) -> str:
    """Each run of whitespace becomes what it means aloud: a pause, a word gap, or nothing."""
    return _WHITESPACE.sub(_whitespace, text)
