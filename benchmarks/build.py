"""Seed page build, cold (empty clip cache) then warm (every clip cached).

In-process: wall seconds, audio seconds and wall/audio for each, and the stage
breakdown. Through the command line (a fresh interpreter per command, as a user runs
it): the start-up alone (``--help``) and a warm ``build``, best of three. Python caches
compiled bytecode by default and the CLI runs are measured that way, whatever
PYTHONDONTWRITEBYTECODE says here (where it is set and no bytecode exists yet, every run
compiles every module it imports: about a second). Targets: warm rebuild <= 5 % of the
audio duration; warm CLI build <= 2 s.
Usage: uv run python benchmarks/build.py [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from audio_edition.build import BuildRequest, build_edition

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds"


def run(out: Path, jobs: int) -> tuple[float, float, dict[str, float]]:
    started = time.perf_counter()
    result = build_edition(BuildRequest(pages=[SEED], out_dir=out, jobs=jobs))
    wall = time.perf_counter() - started
    return wall, result.manifest["duration_s"], result.seconds


def cli(*args: str) -> float:
    drop = {"AUDIO_EDITION_CACHE", "PYTHONDONTWRITEBYTECODE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "audio_edition.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    if done.returncode != 0:
        raise SystemExit(f"audio-edition {' '.join(args)} failed:\n{done.stderr}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "output"
        for label in ("cold", "warm"):
            wall, audio, stages = run(out, args.jobs)
            breakdown = ", ".join(f"{k} {v:.2f} s" for k, v in stages.items())
            print(
                f"{label}: wall {wall:.2f} s, audio {audio:.1f} s, "
                f"wall/audio {wall / audio:.4f} ({wall / audio * 100:.2f} %) [{breakdown}]"
            )
        build = ("build", str(SEED), "--out", str(out), "--jobs", str(args.jobs))
        cli(*build)  # once, so the bytecode cache holds every module a build imports
        startup = min(cli("--help") for _ in range(3))
        warm = [cli(*build) for _ in range(3)]
        print(f"CLI start-up (--help): {startup:.2f} s")
        print(f"CLI warm build: {min(warm):.2f} s (runs: {', '.join(f'{w:.2f}' for w in warm)})")


if __name__ == "__main__":
    main()
