"""How assembly scales: synthetic editions of 10, 60 and 180 minutes (180 min: 40 chapters).

Each measurement runs in a fresh process (so peak RSS is its own) through
``write_edition``, the assembly build and regenerate both use: every chapter's clips
joined, normalised, encoded; the edition, the article files, tags, chapters, transcript
and manifest written. Chapters are ~4.5 minutes of a few speech-like clips, each made
unique by a clip of its own (so no two chapters share a cache entry).

- cold: an empty assembly cache.
- regenerate: one chapter's own clip replaced, everything else as before (warm cache);
  compared with what that chapter alone costs (its join, loudness pass and encode).
- floors: ffmpeg alone on the same raw audio, concatenated with its concat protocol:
  (a) the textbook two-pass loudnorm + encode, (b) encode only.

Prints wall seconds, peak RSS of the Python process and of the largest ffmpeg child
against the edition's PCM size (24 kHz int16), and the final file's loudness.
Targets: regenerating one chapter <= 3 s + that chapter's own cost; peak RSS <= 1.5x
the PCM size; cold assembly no slower than before.
Usage: uv run python benchmarks/assemble_scaling.py [--minutes 10 60 180] [--jobs 2]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import inspect
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from audio_edition.assemble import (
    EDITION_RATE,
    PAUSE_MS,
    encode_mp3,
    ffmpeg,
    join_part,
    measure_loudness,
    normalise_part,
)
from audio_edition.assemble.ffmpeg import run_ffmpeg
from audio_edition.cache import ClipCache
from audio_edition.edition import EditionInfo, RenderOptions, write_edition
from audio_edition.models import Article, ArticleKind, Clip, Pause, Role, Script, ScriptSegment
from audio_edition.synthesise import SpokenClip

CHAPTER_SECONDS = 270.0  # 180 minutes -> 40 chapters
OWN_CLIP_SECONDS = 1.5


def speechlike_clip(seconds: float, level_db: float, seed: int) -> Clip:
    """Syllables at ~4/s (voiced harmonics, stressed and weak, a little fricative
    noise) with word gaps: a TTS sentence's rhythm and peak-to-loudness ratio."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * EDITION_RATE)) / EDITION_RATE
    syllable = np.floor(t * 4).astype(int)
    stress = rng.uniform(0.25, 1.0, syllable.max() + 1)[syllable]
    envelope = np.sin(np.pi * (t * 4 % 1)) ** 2 * stress
    envelope *= np.sin(2 * np.pi * 0.7 * t + rng.uniform(0, 6)) > -0.6
    f0 = 190 + 35 * np.sin(2 * np.pi * 0.5 * t + rng.uniform(0, 6))
    phase = 2 * np.pi * np.cumsum(f0) / EDITION_RATE
    offsets = rng.uniform(0, 2 * np.pi, 16)
    voiced = sum(np.cos(k * phase + offsets[k]) / k for k in range(1, 16))
    hiss = np.diff(rng.standard_normal(len(t) + 1)) * 0.05  # high-passed noise
    signal = (voiced + hiss) * envelope
    signal *= 10 ** (level_db / 20) / np.abs(signal).max()
    return Clip((signal * 32767).astype("<i2").tobytes(), EDITION_RATE, engine="synthetic")


def clip_bank() -> list[Clip]:
    rng = np.random.default_rng(7)
    return [
        speechlike_clip(float(rng.uniform(2, 6)), float(rng.uniform(-9, -2)), seed)
        for seed in range(12)
    ]


def chapter_count(minutes: float) -> int:
    return max(3, round(minutes * 60 / CHAPTER_SECONDS))


def chapter_plan(minutes: float, bank: list[Clip]) -> list[list[int]]:
    """Bank clip indices per chapter (after each chapter's own clip), ~equal lengths."""
    chapters = chapter_count(minutes)
    seconds = minutes * 60 / chapters
    plan: list[list[int]] = []
    n = 0
    for _ in range(chapters):
        part: list[int] = []
        length = OWN_CLIP_SECONDS
        while length < seconds:
            part.append(n % len(bank))
            length += bank[n % len(bank)].duration_s + 0.4
            n += 1
        plan.append(part)
    return plan


def part_names(count: int) -> list[str]:
    return ["opening", *(f"a{n:02d}" for n in range(1, count - 1)), "closing"]


def pause_after(index: int, count: int, chapter: int) -> Pause:
    if index == count - 1:
        return Pause.SECTION if chapter % 6 == 5 else Pause.ARTICLE
    return Pause.PARAGRAPH if index % 5 == 4 else Pause.SENTENCE


def spoken_clip(clip: Clip, key: str, clip_cache: ClipCache) -> SpokenClip:
    """A clip as synthesis hands it over: by reference into the clip cache (before the
    chapter streams, SpokenClip held the audio itself)."""
    if "cache" in {f.name for f in dataclasses.fields(SpokenClip)}:
        if key not in clip_cache:
            clip_cache.put(key, clip)
        return SpokenClip(key, "synthetic", "synthetic", clip_cache)  # type: ignore[call-arg]
    return SpokenClip(clip, key, "synthetic", "synthetic")  # type: ignore[call-arg]


def synthetic_edition(
    minutes: float, clip_cache: ClipCache, changed: int | None = None
) -> tuple[Script, list[SpokenClip], list[list[Clip]]]:
    """A script and its clips; chapter ``changed`` gets a different clip of its own."""
    bank = clip_bank()
    plan = chapter_plan(minutes, bank)
    names = part_names(len(plan))
    segments: list[ScriptSegment] = []
    spoken: list[SpokenClip] = []
    per_chapter: list[list[Clip]] = []
    for number, (name, indices) in enumerate(zip(names, plan, strict=True)):
        seed = 10_000 + number + (5_000 if number == changed else 0)
        clips = [speechlike_clip(OWN_CLIP_SECONDS, -4.0, seed), *(bank[i] for i in indices)]
        keys = [f"own-{seed}", *(f"bank-{i}" for i in indices)]
        per_chapter.append(clips)
        for index, (clip, key) in enumerate(zip(clips, keys, strict=True)):
            pause = pause_after(index, len(clips), number)
            segments.append(ScriptSegment(name, Role.REPORTER, f"{name}-{index}", "x", pause))
            spoken.append(spoken_clip(clip, key, clip_cache))
    articles = [
        Article(name, ArticleKind.BRIEF, f"第{n}篇稿件") for n, name in enumerate(names[1:-1], 1)
    ]
    return Script("本报", "2026-04-27", articles, segments), spoken, per_chapter


def digests(folder: Path) -> dict[str, str]:
    """Each file's sha256, read a block at a time (not held: RSS is being measured)."""
    out = {}
    for path in folder.iterdir():
        with path.open("rb") as handle:
            digest = hashlib.sha256()
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
            out[path.name] = digest.hexdigest()
    return out


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def watch_ffmpeg(folder: Path) -> None:
    """Run every ffmpeg under GNU time, logging its peak RSS.

    RUSAGE_CHILDREN cannot tell: subprocess starts children with vfork, and until the
    exec the child is charged with the parent's whole resident set.
    """
    if not Path("/usr/bin/time").is_file():
        return
    real = ffmpeg.ffmpeg_exe()
    wrapper = folder / "ffmpeg-timed"
    log = folder / "ffmpeg-rss.log"
    log.unlink(missing_ok=True)
    wrapper.write_text(f'#!/bin/sh\nexec /usr/bin/time -a -o "{log}" -f "%M" "{real}" "$@"\n')
    wrapper.chmod(0o755)
    ffmpeg.ffmpeg_exe = lambda: str(wrapper)  # type: ignore[assignment]


def ffmpeg_peak_mb(folder: Path) -> float:
    log = folder / "ffmpeg-rss.log"
    if not log.is_file():
        return float("nan")
    return max(int(line) for line in log.read_text().split() if line.isdigit()) / 1024


def assemble(work: Path, script: Script, spoken: list[SpokenClip], jobs: int) -> Any:
    info = EditionInfo(
        id="2026-04-27",
        guid="bench",
        paper="本报",
        date="2026-04-27",
        engine="synthetic",
        created="2026-04-27T06:00:00+00:00",
        updated="2026-04-27T06:00:00+00:00",
        sources=[],
        options={},
        voices={},
    )
    extra = {"jobs": jobs} if "jobs" in inspect.signature(write_edition).parameters else {}
    return write_edition(
        work / "out" / info.id,
        info,
        script,
        spoken,
        RenderOptions(cover=b"\x89PNG not drawn: the cover is not what is measured"),
        cache_root=work / "cache",
        **extra,
    )


def run_cold(minutes: float, jobs: int, work: Path) -> dict[str, float]:
    script, spoken, _ = synthetic_edition(minutes, ClipCache(work / "cache" / "clips"))
    base_mb = rss_mb()
    started = time.perf_counter()
    written = assemble(work, script, spoken, jobs)
    wall = time.perf_counter() - started
    manifest = written if isinstance(written, dict) else written.manifest
    own_mb = rss_mb()
    integrated, true_peak = measure_loudness(work / "out" / "2026-04-27" / "edition.mp3")
    return {
        "wall": wall,
        "audio_s": manifest["duration_s"],
        "pcm_mb": manifest["duration_s"] * EDITION_RATE * 2 / 2**20,
        "base_mb": base_mb,
        "rss_mb": own_mb,
        "child_rss_mb": ffmpeg_peak_mb(work),
        "lufs": integrated,
        "tp": true_peak,
        "chapters": len(manifest["chapters"]),
    }


def run_regenerate(minutes: float, jobs: int, work: Path) -> dict[str, float]:
    changed = chapter_count(minutes) // 2
    clip_cache = ClipCache(work / "cache" / "clips")
    script, spoken, per_chapter = synthetic_edition(minutes, clip_cache, changed)
    edition = work / "out" / "2026-04-27"
    before = digests(edition / "articles")
    base_mb = rss_mb()
    started = time.perf_counter()
    assemble(work, script, spoken, jobs)
    wall = time.perf_counter() - started
    own_mb = rss_mb()
    after = digests(edition / "articles")
    changed_files = sum(before.get(name) != data for name, data in after.items())

    clips = per_chapter[changed]
    pauses = [pause_after(i, len(clips), changed) for i in range(len(clips))]
    started = time.perf_counter()
    part = normalise_part(join_part(clips, pauses))
    encode_mp3(part.pcm, part.sample_rate, work / "alone.mp3")
    alone = time.perf_counter() - started
    return {
        "wall": wall,
        "alone": alone,
        "chapter_s": part.samples / part.sample_rate,
        "changed_files": changed_files,
        "base_mb": base_mb,
        "rss_mb": own_mb,
    }


def write_raw_parts(minutes: float, folder: Path) -> list[Path]:
    """The same edition as raw, unnormalised pieces for ffmpeg's concat protocol."""
    _, _, per_chapter = synthetic_edition(minutes, ClipCache(folder / "clips"))
    pieces: list[Path] = []
    for n, clips in enumerate(per_chapter):
        pauses = [pause_after(i, len(clips), n) for i in range(len(clips))]
        path = folder / f"p{n}.raw"
        path.write_bytes(join_part(clips, pauses).pcm)
        pieces.append(path)
        gap = folder / f"gap{n}.raw"
        gap.write_bytes(bytes(2 * PAUSE_MS[pauses[-1]] * EDITION_RATE // 1000))
        pieces.append(gap)
    return pieces


def run_floor(minutes: float, out: Path, normalise: bool) -> dict[str, float]:
    pieces = write_raw_parts(minutes, out)
    source = ["-f", "s16le", "-ar", EDITION_RATE, "-ac", 1]
    source += ["-i", "concat:" + "|".join(map(str, pieces))]
    encode = ["-c:a", "libmp3lame", "-b:a", "64k", "-ar", 44100, "-ac", 1, "-y", out / "floor.mp3"]
    started = time.perf_counter()
    if normalise:
        done = run_ffmpeg(
            [*source, "-af", "loudnorm=I=-16:TP=-1.5:LRA=11:print_format=json", "-f", "null", "-"],
            what="measure",
            loglevel="info",
        )
        log = done.stderr.decode()
        measured = json.loads(log[log.rindex("{") : log.rindex("}") + 1])
        second = (
            f"loudnorm=I=-16:TP=-1.5:LRA=11:measured_I={measured['input_i']}"
            f":measured_TP={measured['input_tp']}:measured_LRA={measured['input_lra']}"
            f":measured_thresh={measured['input_thresh']}:offset={measured['target_offset']}"
            f":linear=true,aresample=44100"
        )
        run_ffmpeg([*source, "-af", second, *encode], what="normalise and encode")
    else:
        run_ffmpeg([*source, *encode], what="encode")
    return {"wall": time.perf_counter() - started, "child_rss_mb": ffmpeg_peak_mb(out)}


def child(args: argparse.Namespace) -> None:
    minutes = args.minutes[0]
    if args.child in ("cold", "regenerate"):
        work = Path(args.work)
        watch_ffmpeg(work)
        run = run_cold if args.child == "cold" else run_regenerate
        result = run(minutes, args.jobs, work)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            watch_ffmpeg(Path(tmp))
            result = run_floor(minutes, Path(tmp), normalise=args.child == "loudnorm")
    print(json.dumps(result))


def spawn(kind: str, minutes: float, jobs: int, work: Path | None = None) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", kind, "--minutes", str(minutes)]
    command += ["--jobs", str(jobs), *(["--work", str(work)] if work else [])]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, nargs="+", default=[10, 60, 180])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--child", choices=["cold", "regenerate", "loudnorm", "encode"])
    parser.add_argument("--work")
    parser.add_argument("--no-floors", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    for minutes in args.minutes:
        with tempfile.TemporaryDirectory() as work:
            cold = spawn("cold", minutes, args.jobs, Path(work))
            regen = spawn("regenerate", minutes, args.jobs, Path(work))
        pcm = cold["pcm_mb"]
        print(
            f"{minutes:>4.0f} min ({cold['chapters']:.0f} chapters, {pcm:.0f} MB of PCM):"
            f" cold assembly {cold['wall']:.1f} s"
            f" = {cold['wall'] / (cold['audio_s'] / 3600):.1f} s per audio hour\n"
            f"      regenerate one chapter: {regen['wall']:.2f} s, that chapter alone"
            f" ({regen['chapter_s']:.0f} s of audio: join, loudness, encode)"
            f" {regen['alone']:.2f} s, overhead {regen['wall'] - regen['alone']:.2f} s;"
            f" article files changed: {regen['changed_files']:.0f}\n"
            f"      peak RSS cold {cold['rss_mb']:.0f} MB = {cold['rss_mb'] / pcm:.2f}x PCM"
            f" (interpreter + imports + clips {cold['base_mb']:.0f} MB;"
            f" {(cold['rss_mb'] - cold['base_mb']) / pcm:.2f}x above it),"
            f" regenerate {regen['rss_mb']:.0f} MB = {regen['rss_mb'] / pcm:.2f}x;"
            f" largest ffmpeg {cold['child_rss_mb']:.0f} MB\n"
            f"      final MP3: {cold['lufs']:.1f} LUFS, true peak {cold['tp']:.1f} dBTP",
            flush=True,
        )
        if not args.no_floors:
            floor = spawn("loudnorm", minutes, args.jobs)
            encode = spawn("encode", minutes, args.jobs)
            print(
                f"      floor: loudnorm two-pass + encode {floor['wall']:.1f} s"
                f" (ours {cold['wall'] / floor['wall']:.2f}x), encode only"
                f" {encode['wall']:.1f} s (ours {cold['wall'] / encode['wall']:.2f}x);"
                f" floor's ffmpeg {floor['child_rss_mb']:.0f} MB",
                flush=True,
            )


if __name__ == "__main__":
    main()
