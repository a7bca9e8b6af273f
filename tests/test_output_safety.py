"""The output folder under kills and races (issue 13, item 5): the edition swap leaves
an edition folder whatever instant a kill lands, leftovers are repaired by the next run,
and one build or regenerate holds an output folder at a time."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from audio_edition import atomic
from audio_edition.lock import output_lock
from tests.conftest import ROOT, run_cli


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def build_cli(page: Path, out: Path, *extra: str, env: dict[str, str] | None = None):
    return run_cli(
        "build",
        str(page),
        "--out",
        str(out),
        "--date",
        "2026-04-27",
        "--jobs",
        "1",
        *extra,
        env=env,
    )


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "f").write_text("A")
    (b / "f").write_text("B")
    if not atomic.exchange(a, b):
        pytest.skip("no renameat2 RENAME_EXCHANGE here")
    assert ((a / "f").read_text(), (b / "f").read_text()) == ("B", "A")


def test_a_kill_between_the_two_renames_is_repaired_by_the_next_build(
    small_page: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = build_cli(small_page, out)
    assert first.returncode == 0, first.stderr
    edition = out / "2026-04-27"
    before = files_of(edition)

    # The fallback swap (no renameat2), killed outright (no cleanup runs) between its
    # renames: the worst instant the old two-rename swap had.
    killer = textwrap.dedent(
        f"""
        import os, sys
        from audio_edition import atomic
        atomic.exchange = lambda a, b: False
        atomic._between_renames = lambda: os._exit(137)
        from audio_edition.cli import app
        sys.argv = ["audio-edition", "build", {str(small_page)!r}, "--out", {str(out)!r},
                    "--date", "2026-04-27", "--jobs", "1", "--bitrate", "96"]
        app()
        """
    )
    killed = subprocess.run([sys.executable, "-c", killer], cwd=ROOT, capture_output=True)
    assert killed.returncode == 137
    assert not edition.exists()  # what the kill left: the edition parked as .old-*
    assert len(list(out.glob(".old-2026-04-27-*"))) == 1

    repaired = atomic.recover_leftovers(out)
    assert any("restored" in line for line in repaired)
    assert files_of(edition) == before  # the previous edition, byte for byte
    assert not list(out.glob(".old-*")) and not list(out.glob(".staging-*"))


def test_leftovers_of_killed_runs_are_cleaned_by_the_next_build(
    small_page: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert build_cli(small_page, out).returncode == 0
    edition = out / "2026-04-27"
    before = files_of(edition)
    (out / ".staging-2026-04-27-deadbeef").mkdir()
    (out / ".staging-2026-04-27-deadbeef" / "edition.mp3").write_bytes(b"half")
    stale_old = out / ".old-2026-04-27-cafebabe"  # its edition exists: only a leftover
    stale_old.mkdir()
    stale_tmp = out / ".cache" / "clips" / "ab" / ".tmp-x.npz"
    stale_tmp.parent.mkdir(parents=True, exist_ok=True)
    stale_tmp.write_bytes(b"half")
    os.utime(stale_tmp, (time.time() - 2 * atomic.STALE_TMP_S,) * 2)
    fresh_tmp = stale_tmp.with_name(".tmp-live.npz")  # another writer's, still growing
    fresh_tmp.write_bytes(b"live")

    done = build_cli(small_page, out)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert not list(out.glob(".staging-*")) and not list(out.glob(".old-*"))
    assert not stale_tmp.exists() and fresh_tmp.exists()
    after = files_of(edition)
    # same pages, same options: the same edition (the manifest only gains a time and notes)
    assert {k: v for k, v in after.items() if k != "edition.json"} == {
        k: v for k, v in before.items() if k != "edition.json"
    }
    assert "interrupted run" in done.stderr  # said, not done silently


def test_a_second_build_says_in_one_line_who_holds_the_output(
    small_page: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with output_lock(out, "build"):
        done = build_cli(small_page, out, env={"AUDIO_EDITION_LOCK_WAIT": "0"})
    assert done.returncode == 75
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert f"pid {os.getpid()}" in lines[0] and "since" in lines[0] and "build" in lines[0]
    assert "Traceback" not in done.stderr
    assert not (out / "2026-04-27").exists() and not list(out.glob(".staging-*"))


def test_a_waiting_build_gets_the_lock_when_it_is_released(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
            import sys
            from pathlib import Path
            from audio_edition.lock import output_lock
            with output_lock(Path({str(out)!r}), "build"):
                print("held", flush=True)
                sys.stdin.readline()
            """
            ),
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    from audio_edition.lock import OutputBusy

    with pytest.raises(OutputBusy), output_lock(out, "build", wait_s=0):
        pass
    holder.stdin.write("\n")
    holder.stdin.flush()
    holder.wait(timeout=30)
    with output_lock(out, "build", wait_s=30):  # free again: taken at once
        assert "pid" in (out / ".lock").read_text()
