"""The edition's ID3 tag: chapters (CHAP + a CTOC table of contents), episode tags, cover.

Written as ID3 v2.3, because Apple Podcasts mis-reads long v2.4 UTF-8 titles (mutagen
writes v2.3 text as UTF-16). The file is tagged as a copy and renamed into place, so a
crash never leaves a half-tagged edition behind; ``tag_bytes`` gives the tag alone, for
a file written in one pass with the tag in front.

A CTOC lists at most 255 children (its count is one byte), but children may be CTOCs
themselves (ID3v2 Chapter Frame Addendum): an edition with more chapters gets a
top-level CTOC of sub-tables of up to 255 chapters each, nested as deep as needed.

Chapter times are gapless edition times (the LAME header's encoder delay skipped).
ffmpeg, and the players built on it, count from the undelayed first sample instead and
land 25 ms earlier; see ``edition_layout`` for where chapters are put so both land
within a frame of the chapter's first word.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mutagen import MutagenError
from mutagen.id3 import (
    APIC,
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TCON,
    TDRC,
    TIT2,
    TPE1,
    TRCK,
    CTOCFlags,
    ID3NoHeaderError,
)
from mutagen.id3._tags import save_frame  # mutagen's frame serialiser (see _PlayOrderID3)
from mutagen.mp3 import MP3

from audio_edition.atomic import atomic_path
from audio_edition.errors import InputError
from audio_edition.models import Chapter

MAX_TITLE_CHARS = 50  # longer chapter titles are cut off or garbled in podcast apps
TOC_CHILDREN = 255  # a CTOC's child count is a single byte
TOC_ID = "toc"  # the top-level table; sub-tables are toc-1, toc-2, ...
_NO_OFFSET = 0xFFFFFFFF  # CHAP byte offsets: "use the times"
_UTF8 = 3  # mutagen turns it into UTF-16 when it saves v2.3


@dataclass
class EditionTags:
    """What podcast apps and music players show for the episode."""

    title: str
    album: str
    artist: str
    date: str  # ISO date: 2026-04-27
    genre: str = "Podcast"
    comment: str = ""
    cover_png: bytes | None = None  # a JPEG is accepted too (sniffed by its magic bytes)
    track: tuple[int, int] | None = None  # (number, of how many): an article of an edition


class _PlayOrderID3(ID3):
    """An ID3 tag that writes its frames in the order they were added (pictures last).

    mutagen sorts frames by size, which shuffles the CHAP frames; ffmpeg, and the
    players built on it, list chapters in file order rather than the CTOC's.
    """

    def _write(self, config):  # type: ignore[no-untyped-def]  # mutagen's hook
        frames = sorted(self.values(), key=lambda frame: frame.FrameID == "APIC")
        return bytearray().join(save_frame(frame, config=config) for frame in frames)


def short_title(title: str) -> str:
    """``title`` cut to ``MAX_TITLE_CHARS`` with an ellipsis when it is longer."""
    title = " ".join(title.split())
    if len(title) <= MAX_TITLE_CHARS:
        return title
    return title[: MAX_TITLE_CHARS - 1] + "…"


def write_tags(mp3: Path, tags: EditionTags, chapters: Sequence[Chapter] = ()) -> None:
    """Replace ``mp3``'s ID3 tag with ``tags`` and ``chapters`` (in play order).

    Chapters must have unique ASCII ids and ``start_ms <= end_ms``; they are listed in
    the CTOC in the order given.
    """
    mp3 = Path(mp3)
    _check_mp3(mp3)
    tag = _tag(tags, chapters)
    with atomic_path(mp3) as tmp:
        shutil.copyfile(mp3, tmp)
        # Saving a fresh tag replaces whatever tag the file had; drop any ID3v1 tag so no
        # reader prefers its stale 30-byte fields.
        tag.save(tmp, v2_version=3, v1=0)


def tag_bytes(tags: EditionTags, chapters: Sequence[Chapter] = ()) -> bytes:
    """The ID3 v2.3 tag that ``write_tags`` would write, as bytes to put before the audio."""
    tag = _tag(tags, chapters)
    buffer = io.BytesIO()
    tag.save(buffer, v2_version=3, v1=0, padding=lambda info: 0)
    return buffer.getvalue()


def _tag(tags: EditionTags, chapters: Sequence[Chapter]) -> _PlayOrderID3:
    _check_chapters(chapters)
    tag = _PlayOrderID3()
    for frame in _tag_frames(tags) + _chapter_frames(tags.title, chapters):
        tag.add(frame)
    # v2.3 for Apple (TDRC becomes TYER + TDAT, in the chapters' sub-frames too).
    tag.update_to_v23()
    return tag


def read_chapters(mp3: Path) -> list[Chapter]:
    """The chapters of an MP3, in the top-level CTOC's order (else by start time).

    ``part`` is not stored in ID3, so it comes back empty; ``id`` is the element id.
    """
    mp3 = Path(mp3)
    _check_mp3(mp3)
    try:
        tag = ID3(mp3)
    except ID3NoHeaderError:
        raise InputError(f"{mp3}: has no chapters (no ID3 tag)") from None
    except MutagenError as exc:
        raise InputError(f"{mp3}: unreadable ID3 tag ({exc})") from None
    chaps = {frame.element_id: frame for frame in tag.getall("CHAP")}
    if not chaps:
        raise InputError(f"{mp3}: has no chapters")
    order = _toc_order(tag, chaps) or sorted(chaps, key=lambda cid: chaps[cid].start_time)
    return [_chapter(chaps[cid]) for cid in order]


def _check_mp3(path: Path) -> None:
    if not path.is_file():
        raise InputError(f"{path}: no such MP3 file")
    try:
        MP3(path)
    except MutagenError:
        raise InputError(f"{path}: not an MP3 file") from None


def _check_chapters(chapters: Sequence[Chapter]) -> None:
    seen: set[str] = set()
    for chapter in chapters:
        if not chapter.id or not chapter.id.isascii() or chapter.id.startswith(TOC_ID):
            raise InputError(
                f"chapter id {chapter.id!r} must be ASCII and not start with {TOC_ID!r}"
            )
        if chapter.id in seen:
            raise InputError(f"chapter id {chapter.id!r} appears twice")
        seen.add(chapter.id)
        if not 0 <= chapter.start_ms <= chapter.end_ms:
            raise InputError(
                f"chapter {chapter.id!r} starts at {chapter.start_ms} ms,"
                f" after its end at {chapter.end_ms} ms"
            )


def _tag_frames(tags: EditionTags) -> list:  # list of mutagen frames
    frames = [
        TIT2(encoding=_UTF8, text=[short_title(tags.title)]),
        TALB(encoding=_UTF8, text=[tags.album]),
        TPE1(encoding=_UTF8, text=[tags.artist]),
        TDRC(encoding=_UTF8, text=[tags.date]),  # saved as TYER (+TDAT) in v2.3
        TCON(encoding=_UTF8, text=[tags.genre]),
    ]
    if tags.track:
        number, total = tags.track
        frames.append(TRCK(encoding=_UTF8, text=[f"{number}/{total}"]))
    if tags.comment:
        frames.append(COMM(encoding=_UTF8, lang="chi", desc="", text=[tags.comment]))
    if tags.cover_png:
        mime = "image/jpeg" if tags.cover_png.startswith(b"\xff\xd8") else "image/png"
        frames.append(APIC(encoding=_UTF8, mime=mime, type=3, desc="Cover", data=tags.cover_png))
    return frames


def _chapter_frames(title: str, chapters: Sequence[Chapter]) -> list:
    if not chapters:
        return []
    tocs = _tables(short_title(title), [c.id for c in chapters])
    chaps = [
        CHAP(
            element_id=c.id,
            start_time=c.start_ms,
            end_time=c.end_ms,
            start_offset=_NO_OFFSET,
            end_offset=_NO_OFFSET,
            sub_frames=[TIT2(encoding=_UTF8, text=[short_title(c.title)])],
        )
        for c in chapters
    ]
    return [*tocs, *chaps]


def _tables(title: str, ids: list[str]) -> list[CTOC]:
    """The table of contents over ``ids``: one CTOC when they fit, else a tree whose
    top-level CTOC comes first, each sub-table holding up to 255 entries in order."""
    tables: list[CTOC] = []
    level = ids
    while len(level) > TOC_CHILDREN:
        groups = [level[i : i + TOC_CHILDREN] for i in range(0, len(level), TOC_CHILDREN)]
        names = []
        for group in groups:
            names.append(f"{TOC_ID}-{len(tables) + 1}")
            part = short_title(f"{title[: MAX_TITLE_CHARS - 6]}（{len(names)}）")
            tables.append(_ctoc(names[-1], group, part, top=False))
        level = names
    tables.append(_ctoc(TOC_ID, level, title, top=True))
    return [tables[-1], *tables[:-1]]  # the top-level table first, then in order


def _ctoc(element_id: str, children: list[str], title: str, *, top: bool) -> CTOC:
    flags = CTOCFlags.ORDERED | (CTOCFlags.TOP_LEVEL if top else 0)
    return CTOC(
        element_id=element_id,
        flags=flags,
        child_element_ids=children,
        sub_frames=[TIT2(encoding=_UTF8, text=[title])],
    )


def _toc_order(tag: ID3, chaps: dict) -> list[str]:
    """Chapter ids in the order the top-level table lists them, following sub-tables."""
    tocs = {toc.element_id: toc for toc in tag.getall("CTOC")}
    top = next((t for t in tocs.values() if t.flags & CTOCFlags.TOP_LEVEL), None)
    if top is None:
        return []
    order: list[str] = []
    seen: set[str] = set()

    def walk(toc: CTOC) -> None:
        if toc.element_id in seen:  # a loop in a damaged tag
            return
        seen.add(toc.element_id)
        for child in toc.child_element_ids:
            if child in chaps:
                order.append(child)
            elif child in tocs:
                walk(tocs[child])

    walk(top)
    return order


def _chapter(frame: CHAP) -> Chapter:
    titles = frame.sub_frames.getall("TIT2")
    title = str(titles[0].text[0]) if titles and titles[0].text else ""
    return Chapter(
        id=frame.element_id, part="", title=title, start_ms=frame.start_time, end_ms=frame.end_time
    )
