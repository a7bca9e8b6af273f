"""Cold build of the seed, then regeneration of one brief after changing one sentence.

Measured twice: through the command line as a user runs it (each command a fresh
interpreter, so imports, model load, manifest and feed are paid every time; Python's
bytecode cache on, as by default, whatever PYTHONDONTWRITEBYTECODE says here), and
in-process (the library alone, imports and models already loaded).

Prints both wall times, their ratio, the clips synthesised and the MP3 encodes the
regeneration made (new MP3 files in the cache and the seconds of audio they hold).
Target: CLI regeneration <= 10 % of the CLI cold build, with 1 clip synthesised and 1
chapter stream encoded.
Usage: uv run python benchmarks/regenerate.py [--skip-in-process]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mutagen.mp3 import MP3

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_738350908e41f89e.txt"
OLD = "大家纷纷表示,将以此次活动为契机"
NEW = "职工们纷纷表示,将以此次读书活动为契机"
BRIEF = "开展世界读书日主题活动"


def fresh_page(folder: Path) -> Path:
    page = folder / "page.txt"
    shutil.copy(SEED, page)
    return page


def edit_one_sentence(page: Path) -> None:
    text = page.read_text("utf-8")
    assert OLD in text, "seed changed: pick another sentence"
    page.write_text(text.replace(OLD, NEW), "utf-8")


def cached_mp3s(cache: Path) -> set[Path]:
    return set(cache.rglob("*.mp3"))


def encodes(new: set[Path]) -> str:
    seconds = sum(MP3(p).info.length for p in new)
    return f"{len(new)} MP3 encodes ({seconds:.1f} s of audio)"


def cli(*args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
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
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"audio-edition {' '.join(args)} failed:\n{done.stderr}")
    return wall, done


def through_cli() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page = fresh_page(Path(tmp))
        out = Path(tmp) / "output"
        cold, built = cli("build", str(page), "--out", str(out))
        edition = Path(built.stdout.strip().splitlines()[-1])
        synthesised = re.search(r"clips (\d+) synthesised", built.stderr)
        warm, _ = cli("build", str(page), "--out", str(out))

        edit_one_sentence(page)
        before = cached_mp3s(out / ".cache")
        regen, done = cli("regenerate", str(edition), "--article", BRIEF)
        new = cached_mp3s(out / ".cache") - before
        report = done.stderr.strip().splitlines()[-1]
        print(
            f"CLI cold build: {cold:.2f} s"
            f" ({synthesised[1] if synthesised else '?'} clips synthesised)"
        )
        print(f"CLI warm build: {warm:.2f} s")
        print(f"CLI regenerate: {regen:.2f} s [{report}; {encodes(new)}]")
        print(f"CLI ratio regenerate/cold: {regen / cold:.3f} ({regen / cold * 100:.1f} %)")


def in_process() -> None:
    from audio_edition.build import BuildRequest, build_edition
    from audio_edition.regenerate import RegenerateRequest, regenerate_article

    with tempfile.TemporaryDirectory() as tmp:
        page = fresh_page(Path(tmp))
        out = Path(tmp) / "output"
        started = time.perf_counter()
        built = build_edition(BuildRequest(pages=[page], out_dir=out))
        cold = time.perf_counter() - started

        edit_one_sentence(page)
        before = cached_mp3s(out / ".cache")
        started = time.perf_counter()
        result = regenerate_article(RegenerateRequest(edition_dir=built.edition_dir, article=BRIEF))
        regen = time.perf_counter() - started
        new = cached_mp3s(out / ".cache") - before
        reused = result.reused + result.report.cached
        print(f"in-process cold build: {cold:.2f} s ({built.report.synthesised} clips synthesised)")
        print(
            f"in-process regenerate {result.article_id}: {regen:.2f} s, "
            f"{result.report.synthesised} clips synthesised, {reused} reused; {encodes(new)}"
        )
        print(f"in-process ratio regenerate/cold: {regen / cold:.3f} ({regen / cold * 100:.1f} %)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-in-process", action="store_true")
    args = parser.parse_args()
    through_cli()
    if not args.skip_in_process:
        in_process()


if __name__ == "__main__":
    main()
