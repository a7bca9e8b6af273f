"""Clips that lose every try to bad luck get a second pass (issue 13, item 11).

A seeded fault pattern fails one text on each of its first-pass tries, so only the
second pass can speak it; the build succeeds and says how many clips needed it. A text
that never succeeds still fails the build in one line after its second pass.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audio_edition.cli import app
from audio_edition.engines.base import ClipRequest, VoiceSettings
from audio_edition.engines.edge import EdgeEngine
from audio_edition.engines.edge.endpoint import URL_ENV
from audio_edition.engines.edge.retry import Backoff
from audio_edition.errors import SynthesisFailed
from tests.fake_edge import FakeEdgeServer, Fault
from tests.test_edge_build import DATE, Waits, all_segments, quick_edge  # noqa: F401

VOICE = VoiceSettings("edge", "zh-CN-YunyangNeural")
ATTEMPTS = 5  # the engine's default tries per chunk


class UnluckyText:
    """Fails every try of the texts containing ``mark``, ``times`` tries in all."""

    def __init__(self, mark: str, times: int) -> None:
        self.mark, self.times = mark, times
        self.tries: Counter[str] = Counter()

    def __call__(self, text: str) -> Fault | None:
        if self.mark not in text:
            return None
        self.tries[text] += 1
        if self.tries[text] <= self.times:
            return (Fault.NO_AUDIO, Fault.MIDWAY, Fault.TRUNCATED)[self.tries[text] % 3]
        return None


def speak(texts: list[str], server: FakeEdgeServer) -> tuple[EdgeEngine, dict[int, object]]:
    engine = EdgeEngine(url=server.url, backoff=Backoff(sleep=Waits()), chunk_timeout=1.0)
    clips: dict[int, object] = {}
    engine.synthesise_many(
        [ClipRequest(t, VOICE) for t in texts], jobs=1, on_clip=clips.__setitem__
    )
    return engine, clips


TEXTS = ["今天天气很好。", "会议在北京召开。", "代表们讨论了发展问题。", "春耕时节农机忙。",
         "电影产业如何应变。", "数智浪潮奔涌而来。"]  # fmt: skip


def test_a_clip_that_spends_every_try_is_spoken_in_the_second_pass() -> None:
    unlucky = UnluckyText("北京", ATTEMPTS)
    with FakeEdgeServer(text_faults=unlucky) as server:
        engine, clips = speak(TEXTS, server)
    assert sorted(clips) == list(range(len(TEXTS)))
    assert unlucky.tries["会议在北京召开。"] == ATTEMPTS + 1  # five lost, one in pass two
    assert (engine.requeued, engine.recovered) == (1, 1)
    assert "1 clips" in engine.run_notes[0] and "second pass" in engine.run_notes[0]


def test_a_clip_that_never_succeeds_fails_after_its_second_pass() -> None:
    unlucky = UnluckyText("北京", 10 * ATTEMPTS)
    with FakeEdgeServer(text_faults=unlucky) as server, pytest.raises(SynthesisFailed) as caught:
        speak(TEXTS, server)
    assert list(caught.value.failed) == [1]
    assert unlucky.tries["会议在北京召开。"] == 2 * ATTEMPTS  # two passes, no more


def test_the_second_pass_keeps_to_its_deadline() -> None:
    stalls = UnluckyText("北京", 10 * ATTEMPTS)

    def stall_after_first_pass(text: str) -> Fault | None:
        if "北京" not in text:
            return None
        stalls.tries[text] += 1
        return Fault.NO_AUDIO if stalls.tries[text] <= ATTEMPTS else Fault.STALL

    with FakeEdgeServer(text_faults=stall_after_first_pass) as server:
        engine = EdgeEngine(
            url=server.url, backoff=Backoff(sleep=Waits()), chunk_timeout=30.0, second_pass_s=0.5
        )
        with pytest.raises(SynthesisFailed) as caught:
            engine.synthesise_many(
                [ClipRequest(t, VOICE) for t in TEXTS], jobs=1, on_clip=lambda i, c: None
            )
    assert list(caught.value.failed) == [1]
    assert "deadline" in caught.value.failed[1]


def test_build_reports_the_second_pass_in_output_and_manifest(
    small_page: Path,
    tmp_path: Path,
    quick_edge: Waits,  # noqa: F811
) -> None:
    unlucky = UnluckyText("赤壁", ATTEMPTS)
    out = tmp_path / "out"
    with FakeEdgeServer(text_faults=unlucky) as server:
        done = CliRunner().invoke(
            app,
            ["build", str(small_page), "--engine", "edge", "--out", str(out), "--jobs", "1",
             "--date", DATE],
            env={URL_ENV: server.url},
        )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert "Traceback" not in done.stderr
    needed = len(unlucky.tries)
    assert needed >= 1 and all(n == ATTEMPTS + 1 for n in unlucky.tries.values())
    manifest = json.loads((out / DATE / "edition.json").read_text("utf-8"))
    notes = [n for n in manifest["notes"] if "second pass" in n]
    assert notes and f"{needed} clips" in notes[0] and f"{needed} of them" in notes[0]
    assert "second pass" in done.stderr
    assert {s["engine"] for s in all_segments(manifest)} == {"edge"}
