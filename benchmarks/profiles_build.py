"""Cold seed build per voice profile, through the command line, interleaved.

Each run is ``audio-edition build seeds/ --out <fresh folder> --voices NAME`` in a fresh
interpreter with an empty clip cache (the default ``<out>/.cache``; ``$AUDIO_EDITION_CACHE``
is dropped), so every clip is synthesised. Profiles alternate (baker, offline, baker,
offline, ...) so a busy shared machine slows them alike. Prints wall and CPU seconds (the build and
its worker processes) per run, the medians, and each profile's ratio to the first.
Target (issue 14): the default profile's (``offline``, the radio pair) cold build
<= 1.5 x Baker's.

    uv run python benchmarks/profiles_build.py [--profiles baker offline /work/main:offline]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds"


def cold_build(spec: str, jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds of one cold CLI build (CPU: the build and its children).

    ``spec`` is a profile name, or ``TREE:NAME`` to build with another checkout's code
    and profiles (its ``.venv``), e.g. ``/work/main:offline`` for a before/after run.
    """
    tree, _, profile = spec.rpartition(":")
    root = Path(tree) if tree else ROOT
    python = str(root / ".venv" / "bin" / "python") if tree else sys.executable
    env = {k: v for k, v in os.environ.items() if k != "AUDIO_EDITION_CACHE"}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "output"
        command = [python, "-m", "audio_edition.cli", "build", str(SEED)]
        command += ["--out", str(out), "--voices", profile, "--jobs", str(jobs)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=root, env=env)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(f"build --voices {profile} failed:\n{done.stderr[-2000:]}")
        if not any((out / ".cache").rglob("*.npz")):
            raise SystemExit(f"build --voices {profile} cached no clip: not a cold build?")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", nargs="+", default=["baker", "offline"])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    runs: dict[str, list[tuple[float, float]]] = {p: [] for p in args.profiles}
    for n in range(args.rounds):
        for profile in args.profiles:
            wall, cpu = cold_build(profile, args.jobs)
            runs[profile].append((wall, cpu))
            print(f"round {n + 1} {profile}: wall {wall:.1f} s, cpu {cpu:.1f} s", flush=True)
    base = args.profiles[0]
    base_wall = statistics.median(w for w, _ in runs[base])
    base_cpu = statistics.median(c for _, c in runs[base])
    for profile in args.profiles:
        wall = statistics.median(w for w, _ in runs[profile])
        cpu = statistics.median(c for _, c in runs[profile])
        print(
            f"{profile}: median wall {wall:.1f} s ({wall / base_wall:.2f} x {base}), "
            f"median cpu {cpu:.1f} s ({cpu / base_cpu:.2f} x {base})"
        )


if __name__ == "__main__":
    main()
