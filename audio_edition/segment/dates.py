"""Dates printed on a page, and the edition date they imply.

Notices close with their date (``2026年4月27日``) and the page furniture carries the
edition date (``2026年4月27日 星期一``); both can be printed with Han numerals
(``二〇二六年四月二十七日``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable

from audio_edition.models import Article
from audio_edition.segment.markers import chinese_number

# A year in Han numerals is often typed with a Latin O, a circle or a Cyrillic О for 〇.
_ZERO_LOOKALIKES = str.maketrans({"O": "〇", "o": "〇", "○": "〇", "О": "〇", "零": "〇"})
_NUM = r"\d{1,2}|[〇零一二三四五六七八九十]{1,3}"
_DATE_RE = re.compile(
    r"(?P<y>\d{4}|[〇零一二三四五六七八九Oo○О]{4})\s*年\s*"
    rf"(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*[日号]"
)
_NUMERIC_DATE_RE = re.compile(r"(?P<y>\d{4})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})")
_WEEKDAY_RE = re.compile(r"(?:星期|礼拜|周)[一二三四五六日天]")


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else chinese_number(text.translate(_ZERO_LOOKALIKES))


def _iso(match: re.Match[str]) -> str | None:
    year, month, day = (_number(match.group(g)) for g in ("y", "m", "d"))
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> str | None:
    """The first well-formed date in ``text`` as ISO ``YYYY-MM-DD``."""
    for pattern in (_DATE_RE, _NUMERIC_DATE_RE):
        for match in pattern.finditer(text):
            iso = _iso(match)
            if iso:
                return iso
    return None


def has_date(text: str) -> bool:
    return find_date(text) is not None


def is_date_line(text: str) -> bool:
    """A line that is only a date (a notice's closing date, or a bare page date)."""
    text = text.strip()
    match = _DATE_RE.fullmatch(text) or _NUMERIC_DATE_RE.fullmatch(text)
    return bool(match and _iso(match))


def is_page_date_line(text: str) -> bool:
    """``2026年4月27日 星期一`` and friends: the edition date in the page furniture."""
    return find_date(text) is not None and bool(_WEEKDAY_RE.search(text))


def infer_date(articles: Iterable[Article], furniture: Iterable[str] = ()) -> str | None:
    """The edition date printed on the page(s), ISO, or None.

    A page-date line in the furniture (``Page.unspoken``) is the edition date itself, so
    it wins; otherwise the most common date closing the articles (notice signatures),
    the latest one on a tie, since a notice is dated on or before its publication.
    """
    for line in furniture:
        if is_page_date_line(line):
            return find_date(line)
    counts = Counter(a.date for a in articles if a.date)
    if not counts:
        return None
    return max(counts, key=lambda iso: (counts[iso], iso))
