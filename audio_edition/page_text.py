"""Read a page file as text, whatever encoding the paper's system exported it in.

Page files come from Windows tools as often as from Unix ones: UTF-8 with or without a
BOM, UTF-16 with a BOM, or GB18030/GBK. The encoding is detected from the bytes, never
taken from the locale, and anything that is not Chinese text is refused with a one-line
reason naming the file.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from audio_edition.errors import InputError

_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Checked longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALLOWED_CONTROLS = "\n\r\t\f\v"
_MAX_CONTROL_SHARE = 0.05
_MIN_PLAUSIBLE_SHARE = 0.9


def read_page_text(path: Path) -> str:
    """The text of a page file with ``\\n`` newlines and no BOM.

    Raises ``InputError`` for a missing path, a folder, an empty or binary file, or
    text without a single Han character.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a page file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    text = normalise_newlines(decode_page(data, path)).replace("\ufeff", "")
    if not text.strip():
        raise InputError(f"{path}: page file is empty")
    if control_share(text) > _MAX_CONTROL_SHARE:
        raise InputError(f"{path}: looks like a binary file, not page text")
    if not _HAN_RE.search(text):
        raise InputError(f"{path}: no Chinese text in it; is it a newspaper page?")
    return text


def decode_page(data: bytes, path: Path) -> str:
    """Bytes -> str: a BOM decides; else strict UTF-8; else GB18030 if it reads as
    Chinese; else charset-normalizer's best guess if that reads as Chinese."""
    if not data.strip():
        raise InputError(f"{path}: page file is empty")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(f"{path}: broken {codec} text (bad bytes after the BOM)") from None
    if b"\x00" in data:
        text = _bomless_utf16(data)
        if text is None:
            raise InputError(f"{path}: looks like a binary file, not page text")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for candidate in (_strict(data, "gb18030"), _best_guess(data)):
        if candidate is not None and reads_as_chinese(candidate):
            return candidate
    raise InputError(f"{path}: cannot tell its encoding (not UTF-8, UTF-16 or GB18030 text)")


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def control_share(text: str) -> float:
    """Share of control characters other than line breaks and tabs."""
    if not text:
        return 0.0
    controls = sum(
        1 for c in text if c not in _ALLOWED_CONTROLS and unicodedata.category(c) in ("Cc", "Cs")
    )
    return controls / len(text)


def reads_as_chinese(text: str) -> bool:
    """Plausibility check for a guessed decoding: nearly every character is Han, CJK
    punctuation, full-width forms, ASCII or whitespace, and some of it is Han."""
    if not _HAN_RE.search(text):
        return False
    usual = sum(
        1
        for c in text
        if c.isascii()
        or _HAN_RE.match(c)
        or "\u3000" <= c <= "\u303f"  # CJK punctuation
        or "\uff00" <= c <= "\uffef"  # full-width forms
        or "\u2010" <= c <= "\u206f"  # dashes, quotes, ellipsis
        or c in "\u00a0·×■□◆●▲△①②③④⑤⑥⑦⑧⑨⑩"
    )
    return usual / len(text) >= _MIN_PLAUSIBLE_SHARE and control_share(text) <= _MAX_CONTROL_SHARE


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _best_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return None if best is None else str(best)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 saved without a BOM: NUL bytes, yet it decodes to plausible Chinese."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        text = _strict(data, codec)
        if text is not None and reads_as_chinese(text):
            return text
    return None
