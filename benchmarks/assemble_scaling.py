"""How assembly scales: synthetic editions of 10, 60 and 180 minutes.

Each size runs in a fresh process (so peak RSS is that size's own) through
join_part -> normalise_part -> join_edition -> encode_mp3, with parts of ~4 minutes
built from a few speech-like clips. The floors are ffmpeg alone on the same raw audio:
concatenating the parts and gaps with its concat protocol, then (a) the textbook
two-pass loudnorm + encode, (b) encode only, the least any pipeline can take.

Prints wall seconds, seconds per audio hour, peak RSS of the Python process and of the
largest ffmpeg child against the edition's PCM size, the ratio to the floors, and the
final file's loudness. Targets: linear growth, <= 2x the loudnorm floor, peak RSS
<= 2x the PCM size.
Usage: uv run python benchmarks/assemble_scaling.py [--minutes 10 60 180] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from audio_edition.assemble import (
    EDITION_RATE,
    PAUSE_MS,
    PartAudio,
    encode_mp3,
    ffmpeg,
    join_edition,
    join_part,
    measure_loudness,
    normalise_part,
)
from audio_edition.assemble.ffmpeg import run_ffmpeg
from audio_edition.models import Clip, Pause

PART_SECONDS = 240.0


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
    return Clip((signal * 32767).astype("<i2").tobytes(), EDITION_RATE)


def clip_bank() -> list[Clip]:
    rng = np.random.default_rng(7)
    return [
        speechlike_clip(float(rng.uniform(2, 6)), float(rng.uniform(-9, -2)), seed)
        for seed in range(12)
    ]


def part_plan(minutes: float) -> list[list[int]]:
    """Clip indices per part: parts of ~PART_SECONDS until the edition is long enough."""
    bank = clip_bank()
    plan: list[list[int]] = []
    total = 0.0
    n = 0
    while total < minutes * 60:
        part: list[int] = []
        length = 0.0
        while length < PART_SECONDS and total + length < minutes * 60:
            index = n % len(bank)
            part.append(index)
            length += bank[index].duration_s + 0.5
            n += 1
        plan.append(part)
        total += length
    return plan


def pauses_for(count: int) -> list[Pause]:
    return [Pause.PARAGRAPH if i % 5 == 4 else Pause.SENTENCE for i in range(count)]


def gaps_for(count: int) -> list[Pause]:
    return [Pause.SECTION if i % 6 == 5 else Pause.ARTICLE for i in range(count)]


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
    wrapper.write_text(f'#!/bin/sh\nexec /usr/bin/time -a -o "{log}" -f "%M" "{real}" "$@"\n')
    wrapper.chmod(0o755)
    ffmpeg.ffmpeg_exe = lambda: str(wrapper)  # type: ignore[assignment]


def ffmpeg_peak_mb(folder: Path) -> float:
    log = folder / "ffmpeg-rss.log"
    if not log.is_file():
        return float("nan")
    return max(int(line) for line in log.read_text().split() if line.isdigit()) / 1024


def run_pipeline(minutes: float, jobs: int, out: Path) -> dict[str, float]:
    bank = clip_bank()
    plan = part_plan(minutes)
    base_mb = rss_mb()
    stages: dict[str, float] = {}
    started = time.perf_counter()

    def one_part(indices: list[int]) -> PartAudio:
        # Only the normalised part is kept, as the build does.
        return normalise_part(join_part([bank[i] for i in indices], pauses_for(len(indices))))

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        parts = list(pool.map(one_part, plan))
    stages["parts"] = time.perf_counter() - started
    clock = time.perf_counter()
    edition = join_edition(parts, gaps_for(len(parts)))
    del parts
    stages["join"] = time.perf_counter() - clock
    clock = time.perf_counter()
    mp3 = out / "edition.mp3"
    encode_mp3(edition.pcm, edition.sample_rate, mp3)
    stages["encode"] = time.perf_counter() - clock
    wall = time.perf_counter() - started
    own_mb = rss_mb()
    child_mb = ffmpeg_peak_mb(out)
    integrated, true_peak = measure_loudness(mp3)
    return {
        "wall": wall,
        "audio_s": edition.duration_ms / 1000,
        "pcm_mb": len(edition.pcm) / 2**20,
        "base_mb": base_mb,
        "rss_mb": own_mb,
        "child_rss_mb": child_mb,
        "lufs": integrated,
        "tp": true_peak,
        "parts": len(plan),
        **{f"stage_{k}": v for k, v in stages.items()},
    }


def write_raw_parts(minutes: float, folder: Path) -> list[Path]:
    """The same edition as raw, unnormalised pieces for ffmpeg's concat protocol."""
    bank = clip_bank()
    plan = part_plan(minutes)
    pieces: list[Path] = []
    lead = folder / "lead.raw"
    lead.write_bytes(bytes(2 * 300 * EDITION_RATE // 1000))
    pieces.append(lead)
    for n, indices in enumerate(plan):
        path = folder / f"p{n}.raw"
        path.write_bytes(join_part([bank[i] for i in indices], pauses_for(len(indices))).pcm)
        pieces.append(path)
        gap = folder / f"gap{n}.raw"
        gap.write_bytes(bytes(2 * PAUSE_MS[gaps_for(len(plan))[n]] * EDITION_RATE // 1000))
        pieces.append(gap)
    return pieces


def run_floor(minutes: float, out: Path, normalise: bool) -> dict[str, float]:
    pieces = write_raw_parts(minutes, out)
    source = [
        "-f",
        "s16le",
        "-ar",
        EDITION_RATE,
        "-ac",
        1,
        "-i",
        "concat:" + "|".join(map(str, pieces)),
    ]
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
    with tempfile.TemporaryDirectory() as tmp:
        watch_ffmpeg(Path(tmp))
        if args.child == "pipeline":
            result = run_pipeline(args.minutes[0], args.jobs, Path(tmp))
        else:
            result = run_floor(args.minutes[0], Path(tmp), normalise=args.child == "loudnorm")
    print(json.dumps(result))


def spawn(kind: str, minutes: float, jobs: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", kind, "--minutes", str(minutes)]
    done = subprocess.run([*command, "--jobs", str(jobs)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, nargs="+", default=[10, 60, 180])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--child", choices=["pipeline", "loudnorm", "encode"])
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    for minutes in args.minutes:
        ours = spawn("pipeline", minutes, args.jobs)
        floor = spawn("loudnorm", minutes, args.jobs)
        encode = spawn("encode", minutes, args.jobs)
        hours = ours["audio_s"] / 3600
        print(
            f"{minutes:>4.0f} min ({ours['parts']:.0f} parts): wall {ours['wall']:.1f} s"
            f" = {ours['wall'] / hours:.1f} s per audio hour"
            f" [parts {ours['stage_parts']:.1f} s, join {ours['stage_join']:.2f} s,"
            f" encode {ours['stage_encode']:.1f} s]\n"
            f"      floor: loudnorm two-pass + encode {floor['wall']:.1f} s"
            f" (ours {ours['wall'] / floor['wall']:.2f}x), encode only {encode['wall']:.1f} s"
            f" (ours {ours['wall'] / encode['wall']:.2f}x)\n"
            f"      peak RSS {ours['rss_mb']:.0f} MB (interpreter + imports {ours['base_mb']:.0f}"
            f" MB) for {ours['pcm_mb']:.0f} MB of PCM = {ours['rss_mb'] / ours['pcm_mb']:.2f}x"
            f" ({(ours['rss_mb'] - ours['base_mb']) / ours['pcm_mb']:.2f}x above the baseline);"
            f" largest ffmpeg {ours['child_rss_mb']:.0f} MB"
            f" (the floor's {floor['child_rss_mb']:.0f} MB)\n"
            f"      final MP3: {ours['lufs']:.1f} LUFS, true peak {ours['tp']:.1f} dBTP",
            flush=True,
        )


if __name__ == "__main__":
    main()
