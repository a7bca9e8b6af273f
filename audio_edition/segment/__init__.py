"""Segment a newspaper page: its plain text -> the articles printed on it.

``segment_page`` mends the lines the layout broke (``lines``), recognises page
furniture (``furniture``), reads each line's role (``markers``) and assembles articles
(``structure``). ``infer_date`` finds the edition date printed on the page (``dates``).
"""

from __future__ import annotations

from audio_edition.models import Page
from audio_edition.segment.dates import infer_date
from audio_edition.segment.lines import paragraphs
from audio_edition.segment.structure import PageReader, to_articles

__all__ = ["infer_date", "segment_page"]


def segment_page(text: str, source: str = "", start: int = 1) -> Page:
    """Split one page's text into articles in page order, ids ``a01``… from ``start``.

    ``start`` lets several pages of one edition continue the numbering. Lines that are
    recognised and not to be read are listed in ``Page.unspoken``: first the furniture,
    photo credits and continuation marks in page order, then stray labels (a heading
    with no body under it).
    """
    lines, unspoken = paragraphs(text)
    reader = PageReader(lines)
    drafts = reader.read()
    return Page(
        source=source,
        articles=to_articles(drafts, source, start),
        unspoken=unspoken + reader.unspoken,
    )
