"""The edition's ID3 tag: chapters (CHAP + one CTOC), episode tags and the cover.

Written as ID3 v2.3, because Apple Podcasts mis-reads long v2.4 UTF-8 titles (mutagen
writes v2.3 text as UTF-16). The file is tagged as a copy and renamed into place, so a
crash never leaves a half-tagged edition behind.

Chapter times are edition times. A player that ignores the LAME header's encoder delay
(about 25 ms at 44.1 kHz) plays everything that much later, so a chapter start lands in
the silence just before its first sound; ffmpeg, which honours it, reports chapters
that much earlier.
"""

from __future__ import annotations

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
MAX_CHAPTERS = 255  # the CTOC's child count is a single byte
TOC_ID = "toc"
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
    _check_chapters(chapters)
    frames = _tag_frames(tags) + _chapter_frames(tags.title, chapters)

    with atomic_path(mp3) as tmp:
        shutil.copyfile(mp3, tmp)
        tag = _PlayOrderID3()  # a fresh tag: saving it replaces whatever tag the file had
        for frame in frames:
            tag.add(frame)
        # v2.3 for Apple (TDRC becomes TYER + TDAT, in the chapters' sub-frames too);
        # drop any ID3v1 tag so no reader prefers its stale 30-byte fields.
        tag.update_to_v23()
        tag.save(tmp, v2_version=3, v1=0)


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
    if len(chapters) > MAX_CHAPTERS:
        raise InputError(f"{len(chapters)} chapters; an MP3 table of contents holds {MAX_CHAPTERS}")
    seen: set[str] = set()
    for chapter in chapters:
        if not chapter.id or not chapter.id.isascii() or chapter.id == TOC_ID:
            raise InputError(f"chapter id {chapter.id!r} must be ASCII and not {TOC_ID!r}")
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
    toc = CTOC(
        element_id=TOC_ID,
        flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
        child_element_ids=[c.id for c in chapters],
        sub_frames=[TIT2(encoding=_UTF8, text=[short_title(title)])],
    )
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
    return [toc, *chaps]


def _toc_order(tag: ID3, chaps: dict) -> list[str]:
    for toc in tag.getall("CTOC"):
        if toc.flags & CTOCFlags.TOP_LEVEL:
            return [cid for cid in toc.child_element_ids if cid in chaps]
    return []


def _chapter(frame: CHAP) -> Chapter:
    titles = frame.sub_frames.getall("TIT2")
    title = str(titles[0].text[0]) if titles and titles[0].text else ""
    return Chapter(
        id=frame.element_id, part="", title=title, start_ms=frame.start_time, end_ms=frame.end_time
    )
