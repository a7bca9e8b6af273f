"""Every case of the bad-input corpus through ``script`` at the CLI seam.

In one interpreter (typer's runner), so the cases cost their own work and not a fresh
start each; ``tests/test_cli.py`` covers the fresh-interpreter path of the same errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from audio_edition.cli import app
from tests.bad_inputs import BIG, CASES, SEED, Case, write_case


def run_cli(*args: str):
    return CliRunner().invoke(app, list(args))


SAME_AS_SEED = {"gb18030", "utf-16-bom", "utf-16-no-bom", "cr", "crlf"}


@pytest.fixture(scope="module")
def seed_script() -> str:
    done = run_cli("script", str(SEED))
    assert done.exit_code == 0
    return done.stdout


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_gets_one_line_or_a_script(case: Case, tmp_path: Path, seed_script: str) -> None:
    page = write_case(case, tmp_path)
    done = run_cli("script", str(page))
    assert "Traceback" not in done.stderr
    assert done.exception is None or isinstance(done.exception, SystemExit)  # none escaped
    if case.refused:
        assert done.exit_code == 2
        assert done.stderr.count("\n") == 1 and str(page) in done.stderr
        assert done.stdout == ""
    else:
        assert done.exit_code == 0, done.stderr
        assert "== a01" in done.stdout
    assert case.says in done.stderr
    if case.name in SAME_AS_SEED:
        assert done.stdout == seed_script
    if case.name in ("ssml", "pasted-html"):
        assert "<" not in done.stdout and "小于" not in done.stdout


def test_a_page_too_long_for_an_edition_is_refused_at_once(tmp_path: Path) -> None:
    page = write_case(BIG, tmp_path)
    done = run_cli("script", str(page))
    assert done.exit_code == 2
    assert "hours of audio" in done.stderr and done.stderr.count("\n") == 1
