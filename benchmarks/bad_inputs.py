"""The bad-input corpus through ``build``, as a user would run it.

Prints per case: exit code, the first stderr line, wall seconds and the build's peak
memory. Targets: the 300-article page builds; the 5 MB page builds within 4 GB peak
or is refused within 10 s with its estimate.
Usage: uv run python benchmarks/bad_inputs.py [CASE ...]   (default: every case)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.bad_inputs import BIG, CASES, write_case  # noqa: E402


def run_build(page: Path, out: Path) -> tuple[int, str, float, float]:
    """(exit code, first stderr line, seconds, peak RSS in MB) of one CLI build."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "audio_edition.cli", "build", str(page), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert child.stderr is not None
    stderr = child.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    lines = [line for line in stderr.splitlines() if line.strip()]
    message = next(
        (line for line in lines if not line.startswith("note:")), lines[0] if lines else ""
    )
    return child.returncode, message[:110], seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("cases", nargs="*")
    args = parser.parse_args()
    cases = [c for c in [*CASES, BIG] if not args.cases or c.name in args.cases]
    print(f"{'case':30s} {'exit':>4s} {'s':>7s} {'peak MB':>8s}  message")
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            folder = Path(tmp) / case.name
            folder.mkdir()
            page = write_case(case, folder)
            code, message, seconds, peak = run_build(page, folder / "output")
            print(f"{case.name:30s} {code:4d} {seconds:7.1f} {peak:8.0f}  {message}")


if __name__ == "__main__":
    main()
