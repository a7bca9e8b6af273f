"""Messages and script text reach the terminal as written: rich markup never eats a
bracketed part of an error line or of the spoken text (issue 13, item 10)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli


def test_an_error_line_keeps_bracketed_text(tmp_path: Path) -> None:
    missing = tmp_path / "[anchor|reporter|notice].txt"
    done = run_cli("script", str(missing))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "[anchor|reporter|notice]" in lines[0]
    assert "Traceback" not in done.stderr
