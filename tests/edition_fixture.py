"""A small but real edition folder, so publishing tests need no speech synthesis.

The MP3s are sine tones encoded by the bundled ffmpeg (real MPEG frames, real sizes,
ID3 v2.3 chapters on the edition file); the manifest has the shape ``build`` writes.
"""

from __future__ import annotations

import functools
import io
import json
import subprocess
import uuid
from pathlib import Path
from typing import Any

import imageio_ffmpeg
from mutagen.id3 import CHAP, CTOC, ID3, TIT2, CTOCFlags
from PIL import Image

HEADLINES = (
    ("数智浪潮奔涌而来,电影产业如何应变", "第十六届北京国际电影节观察"),
    ("春耕时节农机忙 <b>&</b> “智慧农业”", None),
    ("关于注销遗失证件的公告", None),
)
OPENING_S = 1.0


@functools.cache
def tone_mp3(seconds: float, frequency: int = 440) -> bytes:
    """A mono 64 kbps CBR MP3 of a sine tone (cached: ffmpeg runs once per length)."""
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-hide_banner",
        "-loglevel",
        "error",
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency={frequency}:duration={seconds}",
        "-ac",
        "1",
        "-ar",
        "44100",
        "-b:a",
        "64k",
        "-f",
        "mp3",
        "pipe:1",
    ]
    return subprocess.run(command, capture_output=True, check=True).stdout


@functools.lru_cache(maxsize=1)
def cover_png() -> bytes:
    """A 1400 px square PNG, the smallest size Apple accepts."""
    buffer = io.BytesIO()
    Image.new("RGB", (1400, 1400), (180, 30, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def make_edition(
    out_dir: Path,
    edition_id: str = "2026-04-27",
    *,
    guid: str | None = None,
    created: str = "2026-04-27T06:00:00+00:00",
    updated: str | None = None,
    article_seconds: tuple[float, ...] = (1.0, 1.5),
    headlines: tuple[tuple[str, str | None], ...] = HEADLINES,
) -> Path:
    """Write ``out_dir/<edition_id>/`` with every file ``build`` publishes; return it."""
    folder = Path(out_dir) / edition_id
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    day = edition_id[:10]
    guid = guid or str(uuid.uuid5(uuid.NAMESPACE_URL, f"fixture/{edition_id}"))

    chapters = [{"id": "ch0", "part": "opening", "title": "开始和提要", "start_s": 0.0}]
    articles: list[dict[str, Any]] = []
    start = OPENING_S
    for number, seconds in enumerate(article_seconds, start=1):
        headline, subtitle = headlines[(number - 1) % len(headlines)]
        file = f"articles/{number:02d}-wen-zhang-{number}.mp3"
        (folder / file).write_bytes(tone_mp3(seconds, 440 + 110 * number))
        aid = f"a{number:02d}"
        articles.append(
            {
                "id": aid,
                "number": number,
                "kind": "feature",
                "kicker": None,
                "headline": headline,
                "subtitle": subtitle,
                "byline": None,
                "start_s": start,
                "end_s": start + seconds,
                "file": file,
                "duration_s": seconds,
                "segments": [
                    {
                        "part": aid,
                        "role": "anchor",
                        "text": headline,
                        "spoken": headline,
                        "pause": "article",
                        "voice": "baker",
                        "engine": "offline",
                        "clip": f"clip-{aid}",
                        "start_s": start,
                        "end_s": start + seconds,
                    }
                ],
            }
        )
        chapters.append(
            {
                "id": f"ch{number}",
                "part": aid,
                "title": headline,
                "start_s": start,
                "end_s": start + seconds,
            }
        )
        start += seconds
    chapters[0]["end_s"] = OPENING_S
    duration = start

    edition = folder / "edition.mp3"
    edition.write_bytes(tone_mp3(round(duration, 3)))
    _add_id3_chapters(edition, chapters)
    (folder / "chapters.json").write_text(
        json.dumps(
            {
                "version": "1.2.0",
                "chapters": [{"startTime": c["start_s"], "title": c["title"]} for c in chapters],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    cues = [f"WEBVTT\n\n1\n00:00:00.000 --> 00:00:{OPENING_S:06.3f}\n开始和提要"]
    for i, chapter in enumerate(chapters[1:], start=2):
        cues.append(
            f"{i}\n{_vtt_time(chapter['start_s'])} --> {_vtt_time(chapter['end_s'])}\n"
            f"{chapter['title'].replace('&', '&amp;').replace('<', '&lt;')}"
        )
    (folder / "transcript.vtt").write_text("\n\n".join(cues) + "\n", encoding="utf-8")
    (folder / "script.txt").write_text(
        "\n".join(c["title"] for c in chapters) + "\n", encoding="utf-8"
    )
    (folder / "cover.png").write_bytes(cover_png())

    manifest = {
        "format": 1,
        "id": edition_id,
        "guid": guid,
        "paper": "本报",
        "date": day,
        "title": f"本报 {int(day[:4])}年{int(day[5:7])}月{int(day[8:10])}日",
        "engine": "offline",
        "created": created,
        "updated": updated or created,
        "duration_s": duration,
        "files": {
            "edition": "edition.mp3",
            "chapters": "chapters.json",
            "transcript": "transcript.vtt",
            "script": "script.txt",
            "cover": "cover.png",
        },
        "sources": [{"path": "seeds/000_738350908e41f89e.txt", "sha256": "0" * 64}],
        "options": {"notices": "read", "bitrate": 64, "chime": True},
        "voices": {
            role: {"engine": "offline", "voice": "baker", "rate": 0, "pitch": 0, "volume": 0}
            for role in ("anchor", "reporter", "notice")
        },
        "chapters": chapters,
        "articles": articles,
        "history": [],
    }
    write_manifest(folder, manifest)
    return folder


def read_manifest(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "edition.json").read_text(encoding="utf-8"))


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    (folder / "edition.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )


def _add_id3_chapters(path: Path, chapters: list[dict[str, Any]]) -> None:
    tags = ID3()
    tags.add(
        CTOC(
            element_id="toc",
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=[c["id"] for c in chapters],
            sub_frames=[TIT2(encoding=3, text=["目录"])],
        )
    )
    for c in chapters:
        tags.add(
            CHAP(
                element_id=c["id"],
                start_time=round(c["start_s"] * 1000),
                end_time=round(c["end_s"] * 1000),
                start_offset=0xFFFFFFFF,
                end_offset=0xFFFFFFFF,
                sub_frames=[TIT2(encoding=3, text=[c["title"]])],
            )
        )
    tags.save(path, v2_version=3)


def _vtt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"
