"""The memory estimate that refuses, before synthesis, an edition that cannot be assembled."""

from __future__ import annotations

from pathlib import Path

import pytest

from audio_edition.assemble.memory import (
    MEMORY_ENV,
    assembly_bytes,
    assembly_jobs,
    chapter_seconds,
    memory_budget,
)
from audio_edition.errors import InputError
from audio_edition.lock import LOCK_NAME
from audio_edition.models import Pause, Role, ScriptSegment
from tests.conftest import run_cli


def segments(chars_by_part: dict[str, int]) -> list[ScriptSegment]:
    out = []
    for part, chars in chars_by_part.items():
        out.append(ScriptSegment(part, Role.REPORTER, "x", "字" * chars, Pause.ARTICLE))
    return out


def test_chapters_are_estimated_from_their_text_and_pauses() -> None:
    seconds = chapter_seconds(segments({"a01": 400, "a02": 40}))
    assert seconds["a01"] == pytest.approx(400 * 0.25 + 1.1)
    assert seconds["a02"] < seconds["a01"]


def test_the_estimate_follows_the_longest_chapters_not_the_edition() -> None:
    one = assembly_bytes(segments({"a01": 4000}), jobs=2)
    many = assembly_bytes(segments({f"a{n:03d}": 4000 for n in range(200)}), jobs=2)
    assert many < 2.5 * one  # 200 times the audio, barely more memory
    assert assembly_bytes(segments({"a01": 40_000}), jobs=1) > 5 * one


def test_fewer_chapters_in_parallel_when_that_fits_else_a_refusal() -> None:
    script = segments({"a01": 40_000, "a02": 40_000, "closing": 10})
    assert assembly_jobs(script, 2, budget=100 * 2**30) == 2
    one = assembly_bytes(script, 1)
    assert assembly_jobs(script, 2, budget=one) == 1
    with pytest.raises(InputError) as refused:
        assembly_jobs(script, 2, titles={"a01": "春耕时节农机忙"}, budget=one - 1)
    message = str(refused.value)
    assert "春耕时节农机忙" in message and "GB" in message and MEMORY_ENV in message


def test_the_budget_comes_from_the_environment_or_the_system(monkeypatch) -> None:
    monkeypatch.setenv(MEMORY_ENV, "4G")
    assert memory_budget() == 4 * 2**30
    monkeypatch.setenv(MEMORY_ENV, "512 MB")
    assert memory_budget() == 512 * 2**20
    monkeypatch.setenv(MEMORY_ENV, "lots")
    with pytest.raises(InputError, match="4G or 512M"):
        memory_budget()
    monkeypatch.delenv(MEMORY_ENV)
    available = memory_budget()
    assert available is None or available > 0


def test_an_edition_too_big_to_assemble_is_refused_before_synthesis(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    body = "\n\n".join("春回大地，万物竞发，田间地头处处是忙碌的身影。" * 40 for _ in range(25))
    page.write_text(f"赤壁市烟草专卖局\n\n不负春光“耕”新忙\n\n{body}\n\n（通讯员 孔媛）\n", "utf-8")
    out = tmp_path / "out"
    done = run_cli("build", str(page), "--out", str(out), env={MEMORY_ENV: "300M"})
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert "needs about" in lines[0] and "不负春光" in lines[0] and "300 MB" in lines[0]
    # no clip cache, no edition: nothing was synthesised (the output lock may remain)
    assert not out.exists() or [f.name for f in out.iterdir()] == [LOCK_NAME]
