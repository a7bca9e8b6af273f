"""Read a page file as text, whatever encoding the paper's system exported it in.

Page files come from Windows tools as often as from Unix ones: UTF-8 with or without a
BOM, UTF-16 with a BOM, or GB18030/GBK. The encoding is detected from the bytes, never
taken from the locale, and anything that is not Chinese text is refused with a one-line
reason naming the file.
"""

from __future__ import annotations

import codecs
import html
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
    """The text of a page file (see ``read_page``)."""
    return read_page(path)[0]


def read_page(path: Path) -> tuple[str, list[str]]:
    """The text of a page file with ``\\n`` newlines and no BOM, cleaned
    (``clean_page_text``), and what the cleaning removed, one warning per kind.

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
    text, removed = clean_page_text(text)
    return text, [f"{path}: {what}" for what in removed]


_ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_TAG_RE = re.compile(
    r"</?([A-Za-z][A-Za-z0-9:-]*)(?:\s[^<>]*)?/?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.S
)
_BLOCK_TAGS = {
    "p", "br", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "ul", "ol", "section", "article", "header", "footer", "s", "speak",
    "paragraph", "blockquote", "pre", "hr",
}  # fmt: skip
_ENTITY_RE = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{2,6}|#x[0-9A-Fa-f]{2,5});")


def clean_page_text(text: str) -> tuple[str, list[str]]:
    """Remove what is not page text and would otherwise be read aloud: terminal colour
    codes and other control characters (``ESC[31m`` read as 三十一米), zero-width
    characters, and HTML or SSML markup pasted with the text (``<speak>`` read as
    小于speak大于), whose entities are decoded. Returns the text and what was removed."""
    removed: list[str] = []
    text, codes = _ANSI_RE.subn("", text)
    controls = sum(1 for c in text if _is_control(c))
    if codes or controls:
        text = "".join(c for c in text if not _is_control(c))
        removed.append(f"removed {codes + controls} control characters")
    zero_width = sum(text.count(c) for c in _ZERO_WIDTH)
    if zero_width:
        text = text.translate({ord(c): None for c in _ZERO_WIDTH})
        removed.append(f"removed {zero_width} zero-width characters")
    text, tags = _TAG_RE.subn(_tag_replacement, text)
    if tags:
        removed.append(f"removed {tags} HTML/SSML tags")
    if (tags or "&nbsp;" in text) and _ENTITY_RE.search(text):
        text = html.unescape(text)
        removed.append("decoded HTML entities")
    return text, removed


def _is_control(c: str) -> bool:
    return c not in _ALLOWED_CONTROLS and unicodedata.category(c) == "Cc"


def _tag_replacement(match: re.Match[str]) -> str:
    name = (match.group(1) or "").lower()
    return "\n" if name in _BLOCK_TAGS else ""


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
