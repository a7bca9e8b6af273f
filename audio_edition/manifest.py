"""Reading an edition's ``edition.json``: what regeneration and the feed start from.

The manifest is checked against ONE schema, the dataclasses below, before anyone reads
it: a manifest that is valid JSON but has ``articles`` a string, ``chapters`` null, a
segment without ``clip`` or an unknown role is one line naming the file and the field,
not a ``KeyError`` deep in regeneration. Readers keep the plain dict (it is written
back with new fields untouched); the schema lists what they rely on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Union

from audio_edition.engines import EngineName
from audio_edition.engines.base import VoiceSettings
from audio_edition.errors import ManifestError
from audio_edition.models import ArticleKind, Pause, Role

MANIFEST = "edition.json"
# Fields regeneration needs but publishing does not (a hand-made or older edition may
# lack them and still be published): required only when reading for regenerate.
_REGENERATE = {"regenerate": True}


class IsoDate(str):
    """A ``YYYY-MM-DD`` string."""


@dataclass(frozen=True)
class SegmentRow:
    part: str
    role: Role
    text: str
    spoken: str
    pause: Pause
    voice: str
    engine: str
    clip: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class ChapterRow:
    part: str
    title: str
    start_s: float
    end_s: float
    id: str | None = None
    stream: str | None = None


@dataclass(frozen=True)
class SectionRow:
    paragraphs: list[str]
    subhead: str | None = None


@dataclass(frozen=True)
class NoticeItemRow:
    text: str
    number: int | None = None


@dataclass(frozen=True)
class ArticleBody:
    id: str
    kind: ArticleKind
    headline: str
    sections: list[SectionRow] = field(default_factory=list)
    items: list[NoticeItemRow] = field(default_factory=list)
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    date: IsoDate | None = None


@dataclass(frozen=True)
class ArticleRow:
    id: str
    headline: str
    file: str | None
    article: ArticleBody | None = field(default=None, metadata=_REGENERATE)
    segments: list[SegmentRow] = field(default_factory=list, metadata=_REGENERATE)
    number: int | None = None
    start_s: float | None = None
    end_s: float | None = None


@dataclass(frozen=True)
class SourceRow:
    path: str
    sha256: str | None = None


@dataclass(frozen=True)
class Options:
    bitrate: int
    chime: bool
    notices: str = "read"


@dataclass(frozen=True)
class Manifest:
    format: int
    id: str
    guid: str
    paper: str
    date: IsoDate
    # any engine publishes; regeneration must be able to make this one again
    engine: str = field(metadata={"regenerate_type": EngineName})
    files: dict[str, str]
    chapters: list[ChapterRow]
    articles: list[ArticleRow]
    sources: list[SourceRow] | None = field(default=None, metadata=_REGENERATE)
    options: Options | None = field(default=None, metadata=_REGENERATE)
    voices: dict[str, VoiceSettings] | None = field(default=None, metadata=_REGENERATE)
    title: str | None = None
    created: str | None = None
    updated: str | None = None
    duration_s: float | None = None
    segments: list[SegmentRow] = field(default_factory=list)
    streams: list[str] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cache_dir: str | None = None


class _Invalid(Exception):
    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:40] + "…"


def _name(kind: Any) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}
    if kind in names:
        return names[kind]
    if kind is IsoDate:
        return "a YYYY-MM-DD date"
    if isinstance(kind, type) and issubclass(kind, Enum):
        return " | ".join(m.value for m in kind)
    origin = typing.get_origin(kind)
    if origin is list:
        return "a list"
    if origin is dict or kind is dict or dataclasses.is_dataclass(kind):
        return "an object"
    return str(kind)


def _check(value: Any, kind: Any, where: str, strict: bool) -> None:
    """Raise :class:`_Invalid` naming ``where`` unless ``value`` fits ``kind``."""
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        options = typing.get_args(kind)
        if value is None and type(None) in options:
            return
        real = [o for o in options if o is not type(None)]
        if len(real) == 1:
            return _check(value, real[0], where, strict)
        raise _Invalid(where, f"expected {' or '.join(map(_name, real))}, got {_shown(value)}")
    if kind is Any:
        return None
    fits: bool
    if kind is bool:
        fits = isinstance(value, bool)
    elif kind is int:
        fits = isinstance(value, int) and not isinstance(value, bool)
    elif kind is float:
        fits = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif kind is IsoDate:
        fits = isinstance(value, str)
        if fits:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                fits = False
    elif kind is str:
        fits = isinstance(value, str)
    elif isinstance(kind, type) and issubclass(kind, Enum):
        fits = value in {m.value for m in kind}
        if not fits:
            raise _Invalid(where, f"expected one of {_name(kind)}, got {_shown(value)}")
    elif origin is list:
        if not isinstance(value, list):
            raise _Invalid(where, f"expected a list, got {_shown(value)}")
        (item,) = typing.get_args(kind)
        for n, element in enumerate(value):
            _check(element, item, f"{where}[{n}]", strict)
        return None
    elif origin is dict or kind is dict:
        if not isinstance(value, dict):
            raise _Invalid(where, f"expected an object, got {_shown(value)}")
        args = typing.get_args(kind)
        if args:
            for key, element in value.items():
                _check(element, args[1], f"{where}.{key}", strict)
        return None
    elif dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise _Invalid(where, f"expected an object, got {_shown(value)}")
        hints = typing.get_type_hints(kind)
        for spec in dataclasses.fields(kind):
            inner = f"{where}.{spec.name}" if where else spec.name
            if spec.name not in value:
                required = (
                    spec.default is dataclasses.MISSING
                    and spec.default_factory is dataclasses.MISSING
                ) or (strict and spec.metadata.get("regenerate", False))
                if required:
                    raise _Invalid(inner, "missing")
                continue
            kind_here = spec.metadata.get("regenerate_type") if strict else None
            _check(value[spec.name], kind_here or hints[spec.name], inner, strict)
        return None
    else:  # pragma: no cover - a schema type the checker does not know
        raise TypeError(kind)
    if not fits:
        raise _Invalid(where, f"expected {_name(kind)}, got {_shown(value)}")
    return None


def check_manifest(data: Any, path: Path, *, for_regenerate: bool = False) -> dict[str, Any]:
    """``data`` if it fits :class:`Manifest`, else a one-line ``ManifestError`` naming
    ``path`` and the first field that does not (``for_regenerate``: also the fields
    only regeneration reads)."""
    if not isinstance(data, dict):
        raise ManifestError(f"{path}: expected an object, got {_shown(data)}")
    try:
        _check(data, Manifest, "", for_regenerate)
    except _Invalid as exc:
        raise ManifestError(f"{path}: {exc}") from None
    return data


def read_manifest(edition_dir: Path, *, for_regenerate: bool = False) -> dict[str, Any]:
    path = edition_dir / MANIFEST
    if not edition_dir.is_dir():
        raise ManifestError(f"{edition_dir}: no such edition folder")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{edition_dir}: no {MANIFEST}; is this an edition folder?") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"{path} is unreadable or corrupt: {exc}") from None
    if not isinstance(data, dict) or "articles" not in data or "id" not in data:
        raise ManifestError(f"{path} is not an audio-edition manifest")
    return check_manifest(data, path, for_regenerate=for_regenerate)


def previous_manifest(edition_dir: Path) -> dict[str, Any] | None:
    """The manifest an earlier build left, or None (a corrupt one is simply replaced)."""
    try:
        return read_manifest(edition_dir)
    except ManifestError:
        return None
