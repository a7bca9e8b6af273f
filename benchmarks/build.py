"""Seed page build, cold (empty clip cache) then warm (every clip cached).

Prints wall seconds, audio seconds and wall/audio for each, and the cold build's stage
breakdown. Target: warm rebuild <= 5 % of the audio duration.
Usage: uv run python benchmarks/build.py [--jobs 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from audio_edition.build import BuildRequest, build_edition

SEED = Path(__file__).resolve().parent.parent / "seeds"


def run(out: Path, jobs: int) -> tuple[float, float, dict[str, float]]:
    started = time.perf_counter()
    result = build_edition(BuildRequest(pages=[SEED], out_dir=out, jobs=jobs))
    wall = time.perf_counter() - started
    return wall, result.manifest["duration_s"], result.seconds


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


if __name__ == "__main__":
    main()
