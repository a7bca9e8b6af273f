"""Spoken clips -> a finished edition folder (assemble + publish), written all at once.

Each chapter becomes an MP3 stream encoded once and cached (``assemble.streams``);
``edition.mp3`` is those streams joined frame for frame with the gaps between them, and
each article's file is its chapter's stream with tags of its own. Every time in the
chapters, the transcript and the manifest is read off the frames actually joined
(``assemble.layout``).

Everything is written into a staging folder beside the target and swapped in at the
end, so a failed or killed build leaves the previous edition exactly as it was. Build and
regenerate both end here, so the two can never disagree about what an edition contains.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from audio_edition import atomic
from audio_edition.assemble import (
    EditionTags,
    EncoderSettings,
    Stream,
    StreamCache,
    join_part,
    tag_bytes,
    write_joined,
)
from audio_edition.assemble.cover import generated_cover
from audio_edition.assemble.layout import ONSET_MARGIN_MS, EditionLayout, lay_out
from audio_edition.assemble.streams import write_single
from audio_edition.assemble.timeline import without_lead_in
from audio_edition.manifest import MANIFEST
from audio_edition.models import Article, Chapter, Pause, Script, ScriptSegment, to_jsonable
from audio_edition.progress import Progress, silent
from audio_edition.publish.chapters_json import write_chapters_json
from audio_edition.publish.script_text import render_script, write_script
from audio_edition.publish.transcript import Cue, write_vtt
from audio_edition.script import PART_TITLES, chapter_title
from audio_edition.slug import pinyin_slug
from audio_edition.synthesise import SpokenClip

MANIFEST_FORMAT = 1
FILES = {
    "edition": "edition.mp3",
    "chapters": "chapters.json",
    "transcript": "transcript.vtt",
    "script": "script.txt",
    "cover": "cover.png",
}


@dataclass
class EditionInfo:
    """What the manifest says about an edition besides its audio."""

    id: str
    guid: str
    paper: str
    date: str
    engine: str
    created: str
    updated: str
    sources: list[dict[str, str]]
    options: dict[str, Any]
    voices: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    cache_dir: str | None = None  # where the clips are (``cache.cache_record``)


@dataclass(frozen=True)
class RenderOptions:
    bitrate: int = 64
    chime: bool = True
    cover: bytes | None = None  # PNG or JPEG; None: a generated cover


@dataclass(frozen=True)
class ChapterAudio:
    """A chapter as assembled: its stream and where each of its clips sits in it (ms)."""

    stream: Stream
    spans: list[tuple[int, int]]


@dataclass
class AssemblyReport:
    """How much audio work an assembly did: streams encoded now vs taken from the cache."""

    chapters_encoded: int = 0
    chapters_reused: int = 0
    gaps_encoded: int = 0


@dataclass
class WrittenEdition:
    manifest: dict[str, Any]
    report: AssemblyReport


def edition_title(paper: str, date: str) -> str:
    year, month, day = (int(x) for x in date.split("-"))
    return f"{paper}音频版 {year}年{month}月{day}日"


def parts_in_order(segments: Sequence[ScriptSegment]) -> list[tuple[str, list[int]]]:
    """Segment indices grouped by chapter, in play order."""
    parts: list[tuple[str, list[int]]] = []
    for index, segment in enumerate(segments):
        if not parts or parts[-1][0] != segment.part:
            parts.append((segment.part, []))
        parts[-1][1].append(index)
    return parts


def _part_titles(script: Script) -> dict[str, str]:
    """Chapter titles; repeated ones (two notices of one bank) are numbered to tell apart."""
    titles = {a.id: chapter_title(a) for a in script.articles}
    repeats = Counter(titles.values())
    numbered: Counter[str] = Counter()
    for article_id, title in titles.items():
        if repeats[title] > 1:
            numbered[title] += 1
            titles[article_id] = f"{title[:46]}（{numbered[title]}）"
    return {**PART_TITLES, **titles}


@contextmanager
def _stream_root(cache_root: Path | None) -> Iterator[Path]:
    if cache_root is not None:
        yield cache_root / "streams"
        return
    with tempfile.TemporaryDirectory(prefix="audio-edition-streams-") as tmp:
        yield Path(tmp)


def write_edition(
    edition_dir: Path,
    info: EditionInfo,
    script: Script,
    clips: Sequence[SpokenClip],
    options: RenderOptions,
    *,
    cache_root: Path | None = None,
    jobs: int = 2,
    progress: Progress = silent,
) -> WrittenEdition:
    """Assemble and publish the edition into ``edition_dir``; return its manifest and
    how many streams had to be encoded.

    Chapters are joined, normalised and encoded ``jobs`` at a time, and only when their
    stream is not in the cache; memory holds the chapters in hand, never the edition.
    """
    segments = script.segments
    parts = parts_in_order(segments)
    titles = _part_titles(script)
    with _stream_root(cache_root) as root:
        cache = StreamCache(root, EncoderSettings(bitrate=options.bitrate))
        audio = _chapter_audio(parts, segments, clips, cache, jobs, progress)
        report = AssemblyReport(cache.encoded, cache.reused)
        gaps = [segments[indices[-1]].pause for _, indices in parts]

        def make_gap(gap: Pause | None, samples: int) -> Stream:
            return cache.gap(gap, samples, chime=options.chime)

        layout = lay_out([a.stream for a in audio], gaps, make_gap)
        report.gaps_encoded = cache.encoded - report.chapters_encoded
        chapters = [
            Chapter(f"ch{n}", part, titles.get(part, part), start, end)
            for n, ((part, _), (start, end)) in enumerate(
                zip(parts, layout.chapter_ms, strict=True)
            )
        ]
        if options.cover is None:
            covers = cache_root / "covers" if cache_root is not None else None
            options = replace(options, cover=generated_cover(info.paper, info.date, covers))
        manifest = _publish(
            edition_dir, info, script, clips, options, parts, audio, layout, chapters, titles
        )
    progress("assemble", len(parts) + 1, len(parts) + 1)
    return WrittenEdition(manifest, report)


def _chapter_audio(
    parts: list[tuple[str, list[int]]],
    segments: Sequence[ScriptSegment],
    clips: Sequence[SpokenClip],
    cache: StreamCache,
    jobs: int,
    progress: Progress,
) -> list[ChapterAudio]:
    """Every chapter's stream, ``jobs`` chapters at a time (the work is in ffmpeg)."""
    total = len(parts) + 1
    done = 0
    progress("assemble", done, total)

    def one(number: int) -> ChapterAudio:
        # The chapter's clips are read from the clip cache here and let go on return.
        indices = parts[number][1]
        part = join_part([clips[i].clip for i in indices], [segments[i].pause for i in indices])
        if number == 0:
            part = without_lead_in(part, ONSET_MARGIN_MS)
        return ChapterAudio(cache.chapter(part), part.spans)

    results: list[ChapterAudio] = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for chapter in pool.map(one, range(len(parts))):
            results.append(chapter)
            done += 1
            progress("assemble", done, total)
    return results


def _publish(
    edition_dir: Path,
    info: EditionInfo,
    script: Script,
    clips: Sequence[SpokenClip],
    options: RenderOptions,
    parts: list[tuple[str, list[int]]],
    audio: list[ChapterAudio],
    layout: EditionLayout,
    chapters: list[Chapter],
    titles: dict[str, str],
) -> dict[str, Any]:
    """Write every file of the edition into a staging folder and swap it in."""
    segments = script.segments
    edition_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=edition_dir.parent, prefix=f".staging-{edition_dir.name}-"))
    try:
        staging.chmod(0o755)  # mkdtemp's 0700 would hide the edition from a web server
        cover = options.cover or generated_cover(info.paper, info.date)
        (staging / FILES["cover"]).write_bytes(cover)
        tags = EditionTags(
            title=edition_title(info.paper, info.date),
            album=f"{info.paper}音频版",
            artist=info.paper,
            date=info.date,
            comment="由 audio-edition 根据报纸版面自动朗读生成",
            cover_png=cover,
        )
        with (staging / FILES["edition"]).open("wb") as out:
            out.write(tag_bytes(tags, chapters))
            write_joined(out, layout.streams)
        articles = _write_article_files(staging, script, parts, audio, titles, tags)
        segment_rows, cues = _segment_timings(segments, clips, parts, audio, layout, chapters)
        write_chapters_json(staging / FILES["chapters"], chapters)
        write_vtt(staging / FILES["transcript"], cues)
        write_script(
            staging / FILES["script"], render_script(info.paper, info.date, segments, titles)
        )
        manifest = _manifest(info, script, chapters, articles, segment_rows, audio, layout)
        atomic.write_text(staging / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        atomic.swap_in(staging, edition_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def _write_article_files(
    staging: Path,
    script: Script,
    parts: list[tuple[str, list[int]]],
    audio: list[ChapterAudio],
    titles: dict[str, str],
    tags: EditionTags,
) -> dict[str, str]:
    """One MP3 per article chapter, its stream with its own tags; returns {article id:
    relative file name}.

    Each file is titled with its chapter's title, not the headline: two notices of one
    issuer share a headline, and only the chapter titles (numbered) tell them apart.
    """
    by_id = {a.id: a for a in script.articles}
    spoken = [
        (by_id[part], part_audio)
        for (part, _), part_audio in zip(parts, audio, strict=True)
        if part in by_id
    ]
    files: dict[str, str] = {}
    for number, (article, chapter) in enumerate(spoken, start=1):
        name = f"articles/{number:02d}-{pinyin_slug(article.headline)}.mp3"
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        own = replace(tags, title=titles[article.id], album=tags.title, track=(number, len(spoken)))
        with path.open("wb") as out:
            out.write(tag_bytes(own))
            write_single(out, chapter.stream)
        files[article.id] = name
    return files


def _segment_timings(
    segments: Sequence[ScriptSegment],
    clips: Sequence[SpokenClip],
    parts: list[tuple[str, list[int]]],
    audio: list[ChapterAudio],
    layout: EditionLayout,
    chapters: list[Chapter],
) -> tuple[list[dict[str, Any]], list[Cue]]:
    """Each sentence's time: its chapter stream's place in the file plus its span in the
    chapter, kept inside the chapter (a chapter's mark sits at its first sound, a few
    tens of ms after its first clip's edge)."""
    rows: list[dict[str, Any]] = [{} for _ in segments]
    cues: list[Cue] = []
    for (_, indices), chapter_audio, offset, chapter in zip(
        parts, audio, layout.offset_ms, chapters, strict=True
    ):
        for i, (start, end) in zip(indices, chapter_audio.spans, strict=True):
            finish = min(round(offset + end), chapter.end_ms)
            begin = min(max(round(offset + start), chapter.start_ms), finish)
            spoken = clips[i]
            rows[i] = {
                **segments[i].to_dict(),
                "voice": spoken.voice,
                "engine": spoken.engine,
                "clip": spoken.key,
                "start_s": begin / 1000,
                "end_s": finish / 1000,
            }
            cues.append(Cue(begin, finish, segments[i].text))
    return rows, cues


def _article_row(
    article: Article, number: int | None, chapter: Chapter | None, file: str | None
) -> dict[str, Any]:
    row = {
        "id": article.id,
        "number": number,
        "kind": article.kind.value,
        "kicker": article.kicker,
        "headline": article.headline,
        "subtitle": article.subtitle,
        "byline": article.byline,
        "start_s": chapter.start_ms / 1000 if chapter else None,
        "end_s": chapter.end_ms / 1000 if chapter else None,
        "duration_s": (chapter.end_ms - chapter.start_ms) / 1000 if chapter else None,
        "file": file,
        "source": article.source,
        "article": to_jsonable(article),
    }
    return row


def _manifest(
    info: EditionInfo,
    script: Script,
    chapters: list[Chapter],
    files: dict[str, str],
    segment_rows: list[dict[str, Any]],
    audio: list[ChapterAudio],
    layout: EditionLayout,
) -> dict[str, Any]:
    by_part = {c.part: c for c in chapters}
    rows_of: dict[str, list[dict[str, Any]]] = {}
    for row in segment_rows:
        rows_of.setdefault(row["part"], []).append(row)
    articles = []
    for number, article in enumerate(script.articles, 1):
        row = _article_row(article, number, by_part.get(article.id), files.get(article.id))
        row["segments"] = rows_of.get(article.id, [])
        articles.append(row)
    duration = chapters[-1].end_ms / 1000  # the chapters define the timeline, to the ms
    return {
        "format": MANIFEST_FORMAT,
        "id": info.id,
        "guid": info.guid,
        "paper": info.paper,
        "date": info.date,
        "title": edition_title(info.paper, info.date),
        "engine": info.engine,
        "created": info.created,
        "updated": info.updated,
        "duration_s": duration,
        "files": dict(FILES),
        "sources": info.sources,
        "options": info.options,
        "voices": info.voices,
        "notes": info.notes,
        "cache_dir": info.cache_dir,
        "chapters": [
            {
                "id": c.id,
                "part": c.part,
                "title": c.title,
                "start_s": c.start_ms / 1000,
                "end_s": c.end_ms / 1000,
                "stream": a.stream.path.stem,  # the cached MP3 stream it was joined from
            }
            for c, a in zip(chapters, audio, strict=True)
        ],
        "articles": articles,
        "segments": [r for r in segment_rows if r["part"] not in files],
        # the cached streams edition.mp3 is joined from, in order (chapters and gaps)
        "streams": [stream.path.stem for stream in layout.streams],
        "history": info.history,
    }
