"""What a build can check is checked before it synthesises anything (at the CLI seam)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli


def refused(args: list[str], tmp_path: Path) -> str:
    """Run ``build`` and return its one stderr line; nothing may have been synthesised."""
    cache = tmp_path / "cache"
    done = run_cli("build", *args, "--cache-dir", str(cache))
    assert done.returncode == 2, done.stderr
    line = done.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert not [p for p in cache.rglob("*") if p.is_file()], "clips were synthesised"
    return line


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (["--bitrate", "33"], "bitrate 33"),
        (["--edition-id", "2026/04/27"], "--edition-id"),
    ],
)
def test_bad_options_are_refused_first(
    small_page: Path, tmp_path: Path, options: list[str], says: str
) -> None:
    out = tmp_path / "output"
    assert says in refused([str(small_page), "--out", str(out), *options], tmp_path)
    assert not any(out.glob("*/edition.mp3"))


def test_an_output_path_that_is_a_file_is_refused_first(small_page: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.write_text("not a folder", "utf-8")
    assert "is a file" in refused([str(small_page), "--out", str(out)], tmp_path)
    assert out.read_text("utf-8") == "not a folder"


def test_a_bad_config_is_refused_before_synthesis(small_page: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (out / "audio-edition.toml").write_text("[feed]\nbase_url = 42\n", "utf-8")
    line = refused([str(small_page), "--out", str(out)], tmp_path)
    assert "audio-edition.toml" in line
    assert not any(p.is_dir() and not p.name.startswith(".") for p in out.iterdir())
