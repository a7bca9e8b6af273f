"""Mended lines -> articles: headline blocks, sections, datelines, bylines, notices.

The page is read top to bottom. An article starts at a notice title or at a heading
block (kicker / headline / ``——`` subtitle / byline) that has a body under it. A lone
short line inside a feature that already has a subtitle or ``■`` sections is read as
an unmarked subhead rather than a new article, because features print their subheads
that way when the ``■`` is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from audio_edition.models import Article, ArticleKind, NoticeItem, Section
from audio_edition.segment import markers as m
from audio_edition.segment.dates import find_date, is_date_line
from audio_edition.segment.dictionary import word_spans_break
from audio_edition.segment.lines import Line

K = m.LineKind
_HEADING_RUN_MAX = 3  # kicker + a headline printed on two lines
_FEATURE_PARAGRAPHS = 6
_FEATURE_CHARS = 1200
_BRIEF_CHARS = 800


@dataclass
class Heading:
    """A heading block found at ``start``; the body begins at ``end``."""

    start: int
    end: int
    headline: str
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    extra: list[str] = field(default_factory=list)  # stray labels above the block

    @property
    def is_strong(self) -> bool:
        """More than a lone short line: nothing inside an article looks like this."""
        return bool(self.kicker or self.subtitle or self.byline or self.extra)


@dataclass
class Draft:
    """An article being filled in, line by line."""

    headline: str = ""
    kicker: str | None = None
    subtitle: str | None = None
    dateline: str | None = None
    byline: str | None = None
    notice: bool = False
    sections: list[Section] = field(default_factory=list)
    items: list[NoticeItem] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    date: str | None = None
    ended: bool = False  # a trailing byline or a dated signature closed it

    @property
    def paragraph_count(self) -> int:
        return sum(len(s.paragraphs) for s in self.sections)

    @property
    def has_subheads(self) -> bool:
        return any(s.subhead for s in self.sections)

    def add_paragraph(self, text: str) -> None:
        if not self.sections:
            self.sections.append(Section([]))
        self.sections[-1].paragraphs.append(text)

    def start_section(self, subhead: str) -> None:
        self.sections.append(Section([], subhead=subhead))

    def add_signature(self, text: str) -> None:
        self.signature.append(text)
        if is_date_line(text):
            self.date = find_date(text)
            self.ended = True


def joins_heading(upper: str, lower: str) -> bool:
    """Two heading lines that are one headline broken in two (``…示`` / ``范区``)."""
    return not m.looks_like_kicker(upper) and (
        m.ends_clause(upper) or word_spans_break(upper, lower)
    )


def split_heading_run(run: list[str]) -> tuple[str | None, str, str | None, list[str]]:
    """Heading lines -> (kicker, headline, plain subtitle, extra lines above).

    One line is the headline; two are kicker + headline unless the first runs on into
    the second; a third line is a subtitle printed without its dashes. An organisation
    kicker right above the last line marks anything above it as a stray label.
    """
    if len(run) >= 3 and m.looks_like_kicker(run[-2]) and not m.looks_like_kicker(run[-1]):
        return run[-2], run[-1], None, run[:-2]
    extra, run = run[:-_HEADING_RUN_MAX], run[-_HEADING_RUN_MAX:]
    if len(run) == 1:
        return None, run[0], None, extra
    if len(run) == 2:
        if joins_heading(run[0], run[1]):
            return None, run[0] + run[1], None, extra
        return run[0], run[1], None, extra
    if joins_heading(run[1], run[2]):
        return run[0], run[1] + run[2], None, extra
    if joins_heading(run[0], run[1]):
        return None, run[0] + run[1], run[2], extra
    return run[0], run[1], run[2], extra


def is_heading_line(line: Line) -> bool:
    return line.kind is K.TEXT and not line.mended and m.looks_like_heading(line.text)


def is_numbered_subhead(text: str) -> bool:
    """``一、坚持创新驱动``: a numbered line shaped like a heading heads a section."""
    number, rest = m.split_item(text)
    return number is not None and m.looks_like_heading(rest)


def starts_body(line: Line) -> bool:
    """What can follow a heading block: a paragraph, a numbered item or a ■ subhead."""
    if line.kind in (K.ITEM, K.SUBHEAD):
        return True
    return line.kind is K.TEXT and (not is_heading_line(line) or m.starts_with_dateline(line.text))


def read_heading(lines: list[Line], start: int) -> Heading | None:
    """The heading block at ``start`` if a body follows it, else None."""
    index = start
    run: list[str] = []
    while index < len(lines) and is_heading_line(lines[index]) and len(run) < 6:
        run.append(lines[index].text.strip())
        index += 1
    if not run:
        return None
    subtitle = byline = None
    if index < len(lines) and lines[index].kind is K.SUBTITLE:
        subtitle = m.strip_subtitle_dashes(lines[index].text)
        index += 1
    if index < len(lines) and lines[index].kind is K.BYLINE:
        byline = m.byline_credit(lines[index].text)
        index += 1
    if index >= len(lines) or not starts_body(lines[index]):
        return None
    kicker, headline, plain_subtitle, extra = split_heading_run(run)
    if subtitle and plain_subtitle:  # the third line belongs to the headline after all
        headline, plain_subtitle = headline + plain_subtitle, None
    return Heading(start, index, headline, kicker, subtitle or plain_subtitle, byline, extra)


def opens_article(heading: Heading, current: Draft | None, body: Line) -> bool:
    """A heading block starts a new article unless it is a lone line in a feature.

    Kicker + headline, a subtitle, a byline or a dateline under it are unmistakable;
    so is any heading after an article that has visibly ended (byline, signature).
    """
    if current is None or current.ended or current.notice:
        return True
    if heading.is_strong:
        return True
    if body.kind is K.TEXT and m.starts_with_dateline(body.text):
        return True
    return not (current.subtitle or current.has_subheads)


def add_body_paragraph(draft: Draft, text: str) -> None:
    """A paragraph of a news article: the first may open with a dateline, any may end
    with the byline."""
    if draft.paragraph_count == 0 and draft.dateline is None:
        dateline, text = m.split_dateline(text)
        draft.dateline = dateline
    text, byline = m.split_trailing_byline(text)
    if byline:
        draft.byline = byline
        draft.ended = True
    if text.strip():
        draft.add_paragraph(text.strip())


def add_notice_line(draft: Draft, line: Line) -> None:
    """A line of a notice. Numbered entries and everything after the first entry go to
    ``items`` (so reading order is sections -> items -> signature); before that, a
    paragraph carrying a code (account, licence) is an unnumbered entry
    (``number=None``), anything else is preamble (addressee, intro) in ``sections``.
    """
    if line.kind is K.SIGNATURE:
        draft.add_signature(line.text)
        return
    number, text = m.split_item(line.text) if line.kind is K.ITEM else (None, line.text)
    if number is not None or draft.items or m.has_code(text):
        draft.items.append(NoticeItem(text=text.strip(), number=number))
    else:
        draft.add_paragraph(line.text.strip())


def settle_notice(draft: Draft) -> None:
    """With numbered entries printed, unnumbered paragraphs above the first of them are
    preamble (an intro may quote the issuer's own credit code), not entries."""
    first = next((i for i, item in enumerate(draft.items) if item.number is not None), None)
    if first is None or first == 0:
        return
    if not draft.sections:
        draft.sections.append(Section([]))
    draft.sections[-1].paragraphs += [item.text for item in draft.items[:first]]
    draft.items = draft.items[first:]


def classify_kind(draft: Draft) -> ArticleKind:
    """NOTICE by title; FEATURE when it has a subtitle, subheads or a long body;
    BRIEF when short; OTHER for the rest (including text with no headline)."""
    if draft.notice:
        return ArticleKind.NOTICE
    if not draft.headline:
        return ArticleKind.OTHER
    chars = sum(m.visible_length(p) for s in draft.sections for p in s.paragraphs)
    if (
        draft.subtitle
        or draft.has_subheads
        or draft.paragraph_count >= _FEATURE_PARAGRAPHS
        or chars >= _FEATURE_CHARS
    ):
        return ArticleKind.FEATURE
    if chars <= _BRIEF_CHARS:
        return ArticleKind.BRIEF
    return ArticleKind.OTHER


class PageReader:
    """Walks the mended lines of one page and collects drafts and unspoken lines."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.drafts: list[Draft] = []
        self.unspoken: list[str] = []

    @property
    def current(self) -> Draft | None:
        return self.drafts[-1] if self.drafts else None

    def open_draft(self, draft: Draft | None = None) -> Draft:
        draft = draft or Draft()
        self.drafts.append(draft)
        return draft

    def body_draft(self) -> Draft:
        """The draft a body line belongs to; text after an ended article (or before
        any headline) becomes an article without a headline."""
        current = self.current
        if current is None or current.ended or current.notice:
            return self.open_draft()
        return current

    def read(self) -> list[Draft]:
        index = 0
        while index < len(self.lines):
            index = self.step(index)
        kept: list[Draft] = []
        for draft in self.drafts:
            if draft.notice:
                settle_notice(draft)
            if draft.sections or draft.items or draft.signature:
                kept.append(draft)
            else:  # a heading with nothing under it: keep it visible, not read
                parts = (draft.kicker, draft.headline, draft.subtitle, draft.dateline, draft.byline)
                self.unspoken += [p for p in parts if p]
        return kept

    def step(self, index: int) -> int:
        line = self.lines[index]
        current = self.current
        if line.kind is K.NOTICE_TITLE:
            self.open_draft(Draft(headline=line.text.strip(), notice=True))
            return index + 1
        heading = read_heading(self.lines, index)
        in_notice = current is not None and current.notice and not current.ended
        # A notice runs to its dated signature; only an unmistakable heading block
        # (after a notice printed without a signature) ends it sooner.
        if in_notice and (heading is None or not heading.is_strong):
            assert current is not None
            add_notice_line(current, line)
            return index + 1
        if heading is not None:
            if opens_article(heading, current, self.lines[heading.end]):
                self.unspoken += heading.extra
                self.open_draft(
                    Draft(
                        headline=heading.headline,
                        kicker=heading.kicker,
                        subtitle=heading.subtitle,
                        byline=heading.byline,
                    )
                )
                return heading.end
            assert current is not None
            current.start_section(heading.headline)
            return heading.end
        following = self.lines[index + 1] if index + 1 < len(self.lines) else None
        self.add_line(line, following)
        return index + 1

    def add_line(self, line: Line, following: Line | None) -> None:
        """A line that opens no article. A heading-like line here has no body under
        it: a stray label (page end, before a notice), unless a byline follows, which
        makes it the article's last, unpunctuated paragraph."""
        current = self.current
        text = line.text.strip()
        stray = is_heading_line(line) and (following is None or following.kind is not K.BYLINE)
        if line.kind is K.SUBHEAD:
            self.body_draft().start_section(m.strip_subhead_marker(text))
        elif line.kind is K.SUBTITLE and current and not current.sections and not current.subtitle:
            current.subtitle = m.strip_subtitle_dashes(text)
        elif line.kind is K.BYLINE:
            self.add_byline(m.byline_credit(text) or text)
        elif line.kind is K.SIGNATURE:
            target = current if current is not None and not current.ended else self.open_draft()
            target.add_signature(text)
        elif stray:
            self.unspoken.append(text)
        elif current is not None and not current.ended and not current.notice:
            if current.paragraph_count and m.starts_with_dateline(text):
                add_body_paragraph(self.open_draft(), text)  # 本报讯 always opens a story
            elif line.kind is K.ITEM and current.paragraph_count and is_numbered_subhead(text):
                current.start_section(text)
            else:
                add_body_paragraph(current, text)
        else:
            add_body_paragraph(self.body_draft(), text)

    def add_byline(self, credit: str) -> None:
        current = self.current
        if current is None or current.ended:
            self.unspoken.append(credit)
            return
        current.byline = f"{current.byline} {credit}" if current.byline else credit
        if current.sections:  # a byline under the body closes the article
            current.ended = True


def to_articles(drafts: list[Draft], source: str, start: int) -> list[Article]:
    return [
        Article(
            id=f"a{start + offset:02d}",
            kind=classify_kind(draft),
            headline=draft.headline,
            kicker=draft.kicker,
            subtitle=draft.subtitle,
            dateline=draft.dateline,
            byline=draft.byline,
            sections=[s for s in draft.sections if s.paragraphs or s.subhead],
            items=draft.items,
            signature=draft.signature,
            date=draft.date,
            source=source or None,
        )
        for offset, draft in enumerate(drafts)
    ]
