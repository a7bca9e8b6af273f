"""A full disk at any write (issue 13, item 6): build and regenerate, with the cache
inside or outside the output folder, end with one line, a non-zero exit, no traceback,
nothing half-written and the previous edition byte for byte; a lexicon that is not
UTF-8 text is one line naming the file."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

DATE = "2026-04-27"


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def run_with_full_disk(under: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI with every Python write below ``under`` failing as a full disk does
    (the write seam: ``Path.write_bytes`` and ``open`` for writing)."""
    code = textwrap.dedent(
        f"""
        import builtins, errno, os, pathlib, sys
        under = {str(under.resolve())!r}
        def full(path):
            return os.path.abspath(os.fspath(path)).startswith(under)
        def refuse(path):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), os.fspath(path))
        write_bytes = pathlib.Path.write_bytes
        def patched_write_bytes(self, data):
            if full(self):
                refuse(self)
            return write_bytes(self, data)
        pathlib.Path.write_bytes = patched_write_bytes
        real_open = builtins.open
        def patched_open(file, mode="r", *a, **k):
            writes = any(c in mode for c in "wax+")
            if writes and isinstance(file, (str, os.PathLike)) and full(file):
                refuse(file)
            return real_open(file, mode, *a, **k)
        builtins.open = patched_open
        from audio_edition.cli import app
        sys.argv = ["audio-edition", *{list(args)!r}]
        app()
        """
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def one_line_disk_full(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "no space left" in lines[0]


@pytest.fixture
def built(small_page: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    out = tmp_path / "out"
    done = run_cli("build", str(small_page), "--out", str(out), "--date", DATE, "--jobs", "1")
    assert done.returncode == 0, done.stderr
    return out, out / DATE, files_of(out / DATE)


def no_leftovers(out: Path) -> None:
    assert not list(out.glob(".staging-*")) and not list(out.glob(".old-*"))
    assert not [p for p in out.rglob(".tmp-*") if p.is_file()]


def test_full_disk_in_the_cache_inside_the_output(built, small_page: Path) -> None:
    out, edition, before = built
    shutil.rmtree(out / ".cache")  # clips must be written again
    done = run_with_full_disk(
        out / ".cache", "build", str(small_page), "--out", str(out), "--date", DATE
    )
    one_line_disk_full(done)
    assert files_of(edition) == before
    no_leftovers(out)


def test_full_disk_in_a_cache_outside_the_output(built, small_page: Path, tmp_path) -> None:
    out, edition, before = built
    cache = tmp_path / "elsewhere"
    done = run_with_full_disk(
        cache,
        "build",
        str(small_page),
        "--out",
        str(out),
        "--date",
        DATE,
        "--cache-dir",
        str(cache),
    )
    one_line_disk_full(done)
    assert files_of(edition) == before
    assert not [p for p in cache.rglob("*") if p.is_file()]


def test_full_disk_while_writing_the_edition(built, small_page: Path) -> None:
    out, edition, before = built
    done = run_with_full_disk(
        out / f".staging-{DATE}",
        "build",
        str(small_page),
        "--out",
        str(out),
        "--date",
        DATE,
        "--bitrate",
        "96",
    )
    one_line_disk_full(done)
    assert files_of(edition) == before
    no_leftovers(out)


def test_full_disk_during_regenerate(built) -> None:
    out, edition, before = built
    done = run_with_full_disk(out, "regenerate", str(edition), "--article", "a01", "--rate", "10")
    one_line_disk_full(done)
    assert files_of(edition) == before
    no_leftovers(out)


@pytest.mark.parametrize(
    "content",
    ["赤壁\tchi4 bi4\n".encode("gb18030"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"],
    ids=["gb18030", "binary"],
)
def test_a_lexicon_that_is_not_utf8_text_is_one_line(
    content: bytes, small_page: Path, tmp_path: Path
) -> None:
    voices = tmp_path / "voices"
    shutil.copytree(ROOT / "voices", voices)
    (voices / "lexicon.tsv").write_bytes(content)
    out = tmp_path / "out"
    done = run_cli(
        "build",
        str(small_page),
        "--out",
        str(out),
        "--date",
        DATE,
        env={"AUDIO_EDITION_VOICES": str(voices)},
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "lexicon.tsv" in lines[0]
    assert not (out / DATE).exists()
