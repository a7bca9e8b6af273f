"""Spoken clips -> a finished edition folder (assemble + publish), written all at once.

Everything is written into a staging folder beside the target and swapped in at the
end, so a failed or killed build leaves the previous edition exactly as it was. Build and
regenerate both end here, so the two can never disagree about what an edition contains.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from audio_edition import atomic
from audio_edition.assemble import (
    EditionTags,
    PartAudio,
    encode_mp3,
    join_edition,
    join_part,
    make_cover,
    normalise_parts,
    write_tags,
)
from audio_edition.manifest import MANIFEST
from audio_edition.models import Article, Chapter, Script, ScriptSegment, to_jsonable
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
_LOUDNESS_VERSION = "2"  # bump when normalise_part's output changes
_MP3_VERSION = "1"  # bump when encode_mp3's output changes


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


class AudioCache:
    """Loudness-normalised parts and encoded MP3s keyed by the PCM they came from.

    A rebuild or a regeneration re-normalises and re-encodes only what changed, and the
    unchanged parts stay bit-identical (normalisation is deterministic anyway).
    """

    def __init__(self, root: Path | None) -> None:
        self.root = root

    def encode(self, pcm: bytes, sample_rate: int, dest: Path, bitrate: int) -> None:
        """Encode ``pcm`` to ``dest``, copying an identical earlier encode when there is one."""
        if self.root is None:
            encode_mp3(pcm, sample_rate, dest, bitrate_kbps=bitrate)
            return
        salt = f"{sample_rate}:{bitrate}:{_MP3_VERSION}".encode()
        cached = self.root / "mp3" / f"{hashlib.sha256(pcm + salt).hexdigest()}.mp3"
        if not cached.is_file():
            encode_mp3(pcm, sample_rate, cached, bitrate_kbps=bitrate)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, dest)

    def normalised(self, parts: Sequence[PartAudio]) -> list[PartAudio]:
        """Every part at the edition's loudness; only uncached ones reach ffmpeg."""
        if self.root is None:
            return normalise_parts(parts)
        salt = _LOUDNESS_VERSION.encode()
        paths = [
            self.root / "parts" / f"{hashlib.sha256(p.pcm + salt).hexdigest()}.pcm" for p in parts
        ]
        missing = [i for i, path in enumerate(paths) if not path.is_file()]
        fresh = dict(zip(missing, normalise_parts([parts[i] for i in missing]), strict=True))
        for i, part in fresh.items():
            atomic.write_bytes(paths[i], part.pcm)
        return [
            PartAudio(
                pcm=fresh[i].pcm if i in fresh else paths[i].read_bytes(),
                sample_rate=part.sample_rate,
                spans=part.spans,
            )
            for i, part in enumerate(parts)
        ]


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


def write_edition(
    edition_dir: Path,
    info: EditionInfo,
    script: Script,
    clips: Sequence[SpokenClip],
    options: RenderOptions,
    *,
    cache_root: Path | None = None,
    progress: Progress = silent,
) -> dict[str, Any]:
    """Assemble and publish the edition into ``edition_dir``; return the manifest."""
    segments = script.segments
    parts = parts_in_order(segments)
    titles = _part_titles(script)
    audio_cache = AudioCache(cache_root)
    raw = [
        join_part([clips[i].clip for i in indices], [segments[i].pause for i in indices])
        for _, indices in parts
    ]
    audio = audio_cache.normalised(raw)
    progress("assemble", len(parts), len(parts) + 2)
    gaps = [segments[indices[-1]].pause for _, indices in parts]
    edition = join_edition(audio, gaps, chime=options.chime)
    chapters = [
        Chapter(f"ch{n}", part, titles.get(part, part), start, end)
        for n, ((part, _), (start, end)) in enumerate(zip(parts, edition.part_spans, strict=True))
    ]

    edition_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=edition_dir.parent, prefix=f".staging-{edition_dir.name}-"))
    try:
        staging.chmod(0o755)  # mkdtemp's 0700 would hide the edition from a web server
        cover = options.cover or make_cover(info.paper, info.date)
        (staging / FILES["cover"]).write_bytes(cover)
        title = edition_title(info.paper, info.date)
        tags = EditionTags(
            title=title,
            album=f"{info.paper}音频版",
            artist=info.paper,
            date=info.date,
            comment="由 audio-edition 根据报纸版面自动朗读生成",
            cover_png=cover,
        )
        edition_mp3 = staging / FILES["edition"]
        # Two encoders at once: the edition and the article files share the two cores.
        with ThreadPoolExecutor(max_workers=2) as pool:
            encoding = pool.submit(
                audio_cache.encode, edition.pcm, edition.sample_rate, edition_mp3, options.bitrate
            )
            articles = _write_article_files(
                staging, script, parts, audio, titles, tags, options, audio_cache, pool
            )
            encoding.result()
        write_tags(edition_mp3, tags, chapters)
        progress("assemble", len(parts) + 1, len(parts) + 2)
        segment_rows, cues = _segment_timings(segments, clips, parts, audio, chapters)
        write_chapters_json(staging / FILES["chapters"], chapters)
        write_vtt(staging / FILES["transcript"], cues)
        write_script(
            staging / FILES["script"], render_script(info.paper, info.date, segments, titles)
        )
        manifest = _manifest(info, script, chapters, articles, segment_rows)
        atomic.write_text(staging / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        _swap_in(staging, edition_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    progress("assemble", len(parts) + 2, len(parts) + 2)
    return manifest


def _write_article_files(
    staging: Path,
    script: Script,
    parts: list[tuple[str, list[int]]],
    audio: list[PartAudio],
    titles: dict[str, str],
    tags: EditionTags,
    options: RenderOptions,
    audio_cache: AudioCache,
    pool: ThreadPoolExecutor,
) -> dict[str, str]:
    """One MP3 per article chapter; returns {article id: relative file name}.

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
    jobs = []
    for number, (article, part_audio) in enumerate(spoken, start=1):
        name = f"articles/{number:02d}-{pinyin_slug(article.headline)}.mp3"
        path = staging / name
        encoded = pool.submit(
            audio_cache.encode, part_audio.pcm, part_audio.sample_rate, path, options.bitrate
        )
        article_tags = replace(
            tags, title=titles[article.id], album=tags.title, track=(number, len(spoken))
        )
        jobs.append((encoded, path, article_tags))
        files[article.id] = name
    for encoded, path, article_tags in jobs:
        encoded.result()
        write_tags(path, article_tags)
    return files


def _segment_timings(
    segments: Sequence[ScriptSegment],
    clips: Sequence[SpokenClip],
    parts: list[tuple[str, list[int]]],
    audio: list[PartAudio],
    chapters: list[Chapter],
) -> tuple[list[dict[str, Any]], list[Cue]]:
    rows: list[dict[str, Any]] = [{} for _ in segments]
    cues: list[Cue] = []
    for (_, indices), part_audio, chapter in zip(parts, audio, chapters, strict=True):
        for i, (start, end) in zip(indices, part_audio.spans, strict=True):
            begin, finish = chapter.start_ms + start, chapter.start_ms + end
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
) -> dict[str, Any]:
    by_part = {c.part: c for c in chapters}
    articles = []
    for number, article in enumerate(script.articles, 1):
        row = _article_row(article, number, by_part.get(article.id), files.get(article.id))
        row["segments"] = [r for r in segment_rows if r["part"] == article.id]
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
            }
            for c in chapters
        ],
        "articles": articles,
        "segments": [r for r in segment_rows if r["part"] not in files],
        "history": info.history,
    }


def _swap_in(staging: Path, edition_dir: Path) -> None:
    """Replace ``edition_dir`` by ``staging`` with two renames (no half-written folder)."""
    old = None
    if edition_dir.exists():
        old = Path(tempfile.mkdtemp(dir=edition_dir.parent, prefix=f".old-{edition_dir.name}-"))
        old.rmdir()
        edition_dir.rename(old)
    staging.rename(edition_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
