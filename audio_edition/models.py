"""Plain typed values that flow between the pipeline stages.

segment -> ``Page``/``Article``; script -> ``Script``/``ScriptSegment``;
synthesise -> ``Clip``; assemble -> ``Chapter``. Each serialises to JSON through
``to_dict`` so the manifest and ``script --json`` share one shape.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class ArticleKind(str, Enum):
    FEATURE = "feature"
    BRIEF = "brief"
    NOTICE = "notice"
    OTHER = "other"


@dataclass
class Section:
    """A run of paragraphs, optionally under a ``■`` subhead (marker stripped)."""

    paragraphs: list[str]
    subhead: str | None = None


@dataclass
class NoticeItem:
    """One numbered entry of a notice (``1、户名:…``); ``number`` is None when unnumbered."""

    text: str
    number: int | None = None


@dataclass
class Article:
    """One article of a page, as printed (display text, not yet normalised).

    Notices keep their preamble paragraphs in ``sections``, the numbered entries in
    ``items`` and the closing block (issuer lines, date) in ``signature``.
    """

    id: str
    kind: ArticleKind
    headline: str
    kicker: str | None = None
    subtitle: str | None = None
    dateline: str | None = None
    byline: str | None = None
    sections: list[Section] = field(default_factory=list)
    items: list[NoticeItem] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    date: str | None = None  # ISO date printed in the article (a notice's date), if any
    source: str | None = None  # page file the article came from

    @property
    def paragraphs(self) -> list[str]:
        return [p for s in self.sections for p in s.paragraphs]

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        data = dict(data)
        data["kind"] = ArticleKind(data["kind"])
        data["sections"] = [Section(**s) for s in data.get("sections", [])]
        data["items"] = [NoticeItem(**i) for i in data.get("items", [])]
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Page:
    """A page file split into articles; ``unspoken`` keeps furniture lines we recognised."""

    source: str
    articles: list[Article]
    unspoken: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what reading the file removed


class Role(str, Enum):
    """Who reads a segment; each role maps to a voice in a profile."""

    ANCHOR = "anchor"
    REPORTER = "reporter"
    NOTICE = "notice"


class Pause(str, Enum):
    """The silence that follows a segment; the assembler turns it into milliseconds."""

    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    ARTICLE = "article"  # end of a chapter: the clear gap before the next one
    SECTION = "section"  # end of a part of the edition: gap + chime


@dataclass
class ScriptSegment:
    """One sentence of the spoken script: the unit of synthesis and of caching.

    ``part`` names the chapter it belongs to: ``opening``, an article id (``a01``) or
    ``closing``. ``text`` is what was printed, ``spoken`` what the voice reads.
    """

    part: str
    role: Role
    text: str
    spoken: str
    pause: Pause = Pause.SENTENCE

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(self)


@dataclass
class Script:
    paper: str
    date: str  # ISO date of the edition
    articles: list[Article]
    segments: list[ScriptSegment]
    warnings: list[str] = field(default_factory=list)  # what the voice could not say

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(self)


@dataclass
class SentenceTiming:
    """Where a sentence of a clip sits, in seconds from the clip's start."""

    text: str
    start_s: float
    end_s: float


@dataclass
class Clip:
    """Mono 16-bit PCM audio for one segment, with sentence timings for the transcript."""

    pcm: bytes
    sample_rate: int
    sentences: list[SentenceTiming] = field(default_factory=list)
    engine: str = ""

    @property
    def duration_s(self) -> float:
        return len(self.pcm) / 2 / self.sample_rate


@dataclass
class Chapter:
    """A chapter of the assembled edition, times in milliseconds from the file start."""

    id: str  # element id in ID3 (ASCII): ``ch0``…
    part: str  # ``opening``, ``a01``…, ``closing``
    title: str
    start_ms: int
    end_ms: int


def to_jsonable(value: Any) -> Any:
    """Dataclasses, enums, lists and dicts to plain JSON values (enums by value)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_jsonable(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name != "pcm"
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value
