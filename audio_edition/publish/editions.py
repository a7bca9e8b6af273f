"""The edition folders as the outside world sees them: what each one publishes.

The feeds, the index page and the server all start from ``list_editions``, so they
agree on which files an edition publishes, what each article is called and how long
each file plays.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mutagen import MutagenError
from mutagen.mp3 import MP3

from audio_edition.errors import ManifestError
from audio_edition.manifest import MANIFEST, read_manifest

MANIFEST_NAME = MANIFEST
MANIFEST_FORMAT = 1

# Published names are plain ASCII with no leading dot: this one rule keeps URLs valid
# for every podcast app and keeps dotfiles, ``..`` and ``.cache`` out of reach.
_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")

Warn = Callable[[str], None]


def is_safe_relative_path(path: str) -> bool:
    """True for ``a/b.mp3``-style paths whose every segment is a safe published name."""
    return bool(path) and all(_SAFE_SEGMENT.fullmatch(s) for s in path.split("/"))


def published_url(base_url: str, *segments: str) -> str:
    """An absolute ASCII URL for a published file: every path segment percent-encoded."""
    return base_url + "/".join(quote(s, safe="") for s in segments)


def whole_seconds(seconds: float) -> int:
    """A duration in whole seconds, half up: the one rounding rule of every published length."""
    return int(seconds + 0.5)


def clock(seconds: float) -> str:
    """A position as ``MM:SS`` or ``H:MM:SS``, the form podcast apps turn into seek links.

    Positions round down, so a seek link never lands after the chapter it names;
    durations go through ``whole_seconds`` first.
    """
    total = int(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def mp3_seconds(path: Path) -> float | None:
    """How long an MP3 plays, from its own header (LAME delay and padding removed)."""
    try:
        return float(MP3(path).info.length)
    except (OSError, MutagenError):
        return None


@dataclass(frozen=True)
class PublishedArticle:
    """One article of an edition; ``title`` is its chapter title, unique in the edition.

    Notices often share a headline (two 注销公告); the chapter title adds the issuer and
    a number, so it is the name used wherever the article is listed. ``file`` is None
    when the article is not spoken on its own (notices summarised or skipped).
    """

    id: str
    number: int
    title: str
    headline: str
    kicker: str | None
    subtitle: str | None
    byline: str | None
    start_s: float | None
    file: str | None
    duration_s: float | None  # of ``file``, read from the file itself


@dataclass(frozen=True)
class PublishedEdition:
    """One edition folder; ``published`` is every relative path that may be served."""

    folder: Path
    manifest: dict[str, Any]
    guid: str
    date: date
    title: str
    paper: str
    created: datetime
    updated: datetime
    duration_s: float | None  # of the edition file, read from the file itself
    files: dict[str, str]  # role (edition, chapters, transcript, script, cover) -> path
    articles: tuple[PublishedArticle, ...]
    published: frozenset[str]

    @property
    def id(self) -> str:
        # The folder name, not the manifest's "id": URLs must name what is on disk.
        return self.folder.name

    @property
    def spoken_articles(self) -> tuple[PublishedArticle, ...]:
        """The articles that have their own audio file, in paper order."""
        return tuple(a for a in self.articles if a.file)

    def path(self, role: str) -> Path | None:
        """The file for ``role`` if the manifest lists it and it exists."""
        rel = self.files.get(role)
        if rel is None:
            return None
        path = self.folder / rel
        return path if path.is_file() else None

    def url(self, base_url: str, rel: str) -> str:
        return published_url(base_url, self.id, *rel.split("/"))


def read_edition(folder: Path) -> PublishedEdition:
    """Read and check ``folder/edition.json``; a problem is a one-line ``ManifestError``."""
    where = f"{folder.name}/{MANIFEST_NAME}"
    data = read_manifest(folder)
    fmt = data.get("format", MANIFEST_FORMAT)
    if fmt != MANIFEST_FORMAT:
        raise ManifestError(f"{where}: format {fmt!r} is not supported (expected 1)")
    guid = data.get("guid")
    if not isinstance(guid, str) or not guid.strip():
        raise ManifestError(f"{where}: no guid")
    try:
        day = date.fromisoformat(str(data.get("date")))
    except ValueError:
        raise ManifestError(f"{where}: date {data.get('date')!r} is not YYYY-MM-DD") from None
    midnight = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    created = _parse_time(data.get("created")) or midnight
    updated = _parse_time(data.get("updated")) or created

    # Publish only what really lies inside the output folder, so the feed never
    # advertises a file the server would refuse (a symlink pointing elsewhere).
    root = folder.parent.resolve()
    if not folder.resolve().is_relative_to(root):
        raise ManifestError(f"{folder.name}: links outside the output folder")

    def publishable(rel: Any) -> bool:
        return (
            isinstance(rel, str)
            and is_safe_relative_path(rel)
            and (folder / rel).resolve().is_relative_to(root)
        )

    raw_files = data.get("files")
    if not isinstance(raw_files, dict):
        raise ManifestError(f"{where}: no files table")
    files = {role: rel for role, rel in raw_files.items() if publishable(rel)}
    if "edition" not in files:
        raise ManifestError(f"{where}: files.edition is missing or not a publishable file")
    edition_file = folder / files["edition"]
    if not edition_file.is_file():
        raise ManifestError(f"{where}: {files['edition']} does not exist")

    titles = _chapter_titles(data)
    articles = tuple(
        _article(row, position, titles, folder, publishable)
        for position, row in enumerate(
            (a for a in data.get("articles") or () if isinstance(a, dict)), start=1
        )
    )
    articles = tuple(sorted(articles, key=lambda a: a.number))
    published = {MANIFEST_NAME, *files.values(), *(a.file for a in articles if a.file)}
    paper = str(data.get("paper") or "本报")
    duration = mp3_seconds(edition_file)
    if duration is None and isinstance(data.get("duration_s"), (int, float)):
        duration = float(data["duration_s"])
    return PublishedEdition(
        folder=folder,
        manifest=data,
        guid=guid.strip(),
        date=day,
        title=str(data.get("title") or f"{paper} {day.year}年{day.month}月{day.day}日"),
        paper=paper,
        created=created,
        updated=updated,
        duration_s=duration,
        files=files,
        articles=articles,
        published=frozenset(published),
    )


def list_editions(
    out_dir: Path,
    *,
    on_warning: Warn | None = None,
    read: Callable[[Path], PublishedEdition] = read_edition,
) -> list[PublishedEdition]:
    """Every readable edition under ``out_dir``, newest first (by date, then id).

    A folder without a manifest is not an edition (``.cache``, stray folders) and is
    skipped silently; a broken manifest is reported and skipped, so one bad edition
    never takes the whole podcast down.
    """
    editions = []
    for folder in sorted(Path(out_dir).iterdir()):
        if not folder.is_dir() or not _SAFE_SEGMENT.fullmatch(folder.name):
            continue
        if not (folder / MANIFEST_NAME).exists():
            continue
        try:
            editions.append(read(folder))
        except ManifestError as exc:
            if on_warning:
                on_warning(f"skipped {exc}")
    editions.sort(key=lambda e: (e.date, e.id), reverse=True)
    return editions


def _chapter_titles(data: dict[str, Any]) -> dict[str, str]:
    """Chapter title by part (``a04`` -> ``注销公告：…（1）``), as build numbered them."""
    titles = {}
    for chapter in data.get("chapters") or ():
        if isinstance(chapter, dict) and isinstance(chapter.get("title"), str):
            titles[str(chapter.get("part"))] = chapter["title"]
    return titles


def _article(
    row: dict[str, Any],
    position: int,
    titles: dict[str, str],
    folder: Path,
    publishable: Callable[[Any], bool],
) -> PublishedArticle:
    article_id = str(row.get("id") or f"a{position:02d}")
    headline = str(row.get("headline") or "")
    file = row.get("file") if publishable(row.get("file")) else None
    number = row.get("number")
    start = row.get("start_s")
    return PublishedArticle(
        id=article_id,
        number=number if isinstance(number, int) else position,
        title=titles.get(article_id) or headline or article_id,
        headline=headline,
        kicker=_optional_text(row.get("kicker")),
        subtitle=_optional_text(row.get("subtitle")),
        byline=_optional_text(row.get("byline")),
        start_s=float(start) if isinstance(start, (int, float)) else None,
        file=file,
        duration_s=mp3_seconds(folder / file) if file else None,
    )


def _optional_text(value: Any) -> str | None:
    return str(value) if value else None


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
