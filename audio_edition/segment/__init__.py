"""Segment a newspaper page: its plain text -> the articles printed on it.

``segment_page`` splits the text into printed lines (``lines``), labels each with its
role using a CRF trained on real pages (``features``, ``labeller``) and cuts the labelled
sequence into articles (``structure``). ``infer_date`` finds the edition date printed on
the page (``dates``).
"""

from __future__ import annotations

from audio_edition.models import Page
from audio_edition.segment.dates import infer_date
from audio_edition.segment.labeller import label_lines
from audio_edition.segment.lines import printed_lines
from audio_edition.segment.structure import PageReader, to_articles

__all__ = ["infer_date", "segment_page"]


def segment_page(text: str, source: str = "", start: int = 1) -> Page:
    """Split one page's text into articles in page order, ids ``a01``… from ``start``.

    ``start`` lets several pages of one edition continue the numbering. Lines that are
    recognised and not to be read are listed in ``Page.unspoken``: first the furniture,
    photo captions and continuation marks in page order, then stray labels (a heading
    with no body under it).
    """
    lines, removed = printed_lines(text)
    reader = PageReader()
    drafts = reader.read(lines, label_lines(lines))
    unspoken = [text for _, text in sorted(removed + reader.unspoken, key=lambda x: x[0])]
    return Page(
        source=source,
        articles=to_articles(drafts, source, start),
        unspoken=unspoken + reader.strays,
    )
