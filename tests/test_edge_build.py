"""``build --engine edge|auto`` end to end against the fake edge service on 127.0.0.1.

The build creates its engine through ``create_engine``; tests that exercise retries swap
the package's ``EdgeEngine`` for one whose backoff records its waits instead of sleeping
and whose wall timeout cuts a stall after a second (``quick_edge``). Everything else is
the real pipeline: script, engine, cache, fallback, assembly, manifest.
"""

from __future__ import annotations

import functools
import importlib
import json
import re
import socket
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import audio_edition.engines.edge as edge_package
from audio_edition.build import BuildRequest, build_edition
from audio_edition.cache import ClipCache
from audio_edition.cli import app
from audio_edition.engines import EngineName
from audio_edition.engines.base import ClipRequest
from audio_edition.engines.edge import EdgeEngine
from audio_edition.engines.edge.endpoint import URL_ENV
from audio_edition.engines.edge.retry import Backoff
from audio_edition.errors import SynthesisFailed
from audio_edition.models import Clip, Role
from audio_edition.voices import load_lexicon, load_profile
from tests.conftest import SEED, run_cli
from tests.fake_edge import FakeEdgeServer, Fault

DATE = "2026-04-27"
EDGE_VOICES = {
    "anchor": "zh-CN-YunyangNeural",
    "reporter": "zh-CN-XiaoxiaoNeural",
    "notice": "zh-CN-YunjianNeural",
}
# A short wall timeout so a stalled connection costs a second, not thirty.
STALL_TIMEOUT_S = 1.0
# The notice on the small page: every clip that names its issuer.
NOTICE_MARK = "咸宁"
# A rich progress bar's final line ("synthesise ━━━ 0/15 0:00:00"), printed on stderr.
PROGRESS_LINE = re.compile(r"^\w+\s.*\d+/\d+\s+\d+:\d\d:\d\d$")


class Waits:
    """A backoff sleep that records the waits instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def quick_edge(monkeypatch: pytest.MonkeyPatch) -> Waits:
    """Builds in this test get an edge engine that retries without sleeping."""
    waits = Waits()
    quick = functools.partial(
        EdgeEngine, backoff=Backoff(sleep=waits), chunk_timeout=STALL_TIMEOUT_S
    )
    monkeypatch.setattr(edge_package, "EdgeEngine", quick)
    return waits


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"ws://127.0.0.1:{port}/edge/v1?TrustedClientToken=x"


def all_segments(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return manifest["segments"] + [s for a in manifest["articles"] for s in a["segments"]]


def spoken_requests(manifest: dict[str, Any]) -> list[ClipRequest]:
    """What the build asked the edge engine for, rebuilt from the manifest's segments."""
    profile = load_profile("edge")
    return [
        ClipRequest(s["spoken"], profile.for_role(Role(s["role"]))) for s in all_segments(manifest)
    ]


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.strip().splitlines() if not PROGRESS_LINE.match(line)]


def flat(text: str) -> str:
    """Console output with rich's line wrapping undone."""
    return " ".join(text.split())


# -- 1. the happy path, through the command ------------------------------------------


def test_edge_build_speaks_each_role_with_its_profile_voice(
    small_page: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with FakeEdgeServer() as server:
        done = run_cli(
            "build", str(small_page), "--engine", "edge", "--out", str(out),
            env={URL_ENV: server.url},
        )  # fmt: skip
        seen = server.requests
        most_open = server.max_open
    assert done.returncode == 0, done.stderr
    folder = Path(done.stdout.strip().splitlines()[-1])
    assert folder == out / DATE and (folder / "edition.mp3").stat().st_size > 0
    manifest = json.loads((folder / "edition.json").read_text("utf-8"))
    assert manifest["engine"] == "edge" and manifest["notes"] == []
    assert {role: v["voice"] for role, v in manifest["voices"].items()} == EDGE_VOICES
    segments = all_segments(manifest)
    assert {s["engine"] for s in segments} == {"edge"}
    assert all(s["voice"] == EDGE_VOICES[s["role"]] for s in segments)
    assert {s["role"] for s in segments} == set(EDGE_VOICES)  # every role was spoken

    # What the service heard: each segment's prepared text in its role's voice, once.
    engine = EdgeEngine(load_lexicon())
    expected = Counter((engine.prepare(r), r.voice.voice) for r in spoken_requests(manifest))
    assert Counter((r.text, r.voice) for r in seen) == Counter(set(expected))
    assert 1 <= most_open <= 4  # the default connection cap


# -- 2. a flaky service: retried through, the audio unchanged ------------------------


class FlakyService:
    """About 30 % of connections fail, in every transient way the service fails.

    One connection in eight fails at the handshake (refused, 503, 429 in turn); the first
    try of one text in four fails after the handshake (no audio, cut midway, stalled,
    truncated). Every text still succeeds within the engine's five attempts.
    """

    HANDSHAKE = (Fault.REFUSE, Fault.UNAVAILABLE, Fault.TOO_MANY)
    STREAM = (Fault.NO_AUDIO, Fault.MIDWAY, Fault.STALL, Fault.TRUNCATED)

    def __init__(self) -> None:
        self.injected: Counter[Fault] = Counter()
        self.tries: Counter[str] = Counter()

    def handshake(self, number: int) -> Fault:
        if number % 8 != 5:
            return Fault.OK
        fault = self.HANDSHAKE[number // 8 % len(self.HANDSHAKE)]
        self.injected[fault] += 1
        return fault

    def stream(self, text: str) -> Fault | None:
        self.tries[text] += 1
        crc = zlib.crc32(text.encode("utf-8"))
        if self.tries[text] > 1 or crc % 4:
            return None
        fault = self.STREAM[crc // 4 % len(self.STREAM)]
        self.injected[fault] += 1
        return fault


def test_seed_build_rides_out_30_percent_transient_faults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quick_edge: Waits
) -> None:
    flaky = FlakyService()
    cache = tmp_path / "cache"
    with FakeEdgeServer(faults=flaky.handshake, text_faults=flaky.stream) as server:
        monkeypatch.setenv(URL_ENV, server.url)
        result = build_edition(
            BuildRequest(
                pages=[SEED],
                out_dir=tmp_path / "out",
                engine=EngineName.EDGE,
                cache_dir=cache,
                chime=False,  # beside the point here, and a quarter of the assembly time
            )
        )
        connections = server.connections
    assert set(flaky.injected) == set(FlakyService.HANDSHAKE + FlakyService.STREAM)
    assert 0.25 <= sum(flaky.injected.values()) / connections <= 0.35
    assert quick_edge.delays  # the engine really retried
    assert (result.edition_dir / "edition.mp3").stat().st_size > 0
    assert result.report.synthesised == result.report.total
    assert result.manifest["engine"] == "edge"

    # The same segments spoken by a service that never fails.
    requests = spoken_requests(result.manifest)
    clean: dict[int, Clip] = {}
    with FakeEdgeServer() as server:
        EdgeEngine(load_lexicon(), url=server.url).synthesise_many(
            requests, jobs=1, on_clip=clean.__setitem__
        )
    clips = ClipCache(cache / "clips")
    recovered = [clips.get(s["clip"]) for s in all_segments(result.manifest)]
    assert all(clip is not None for clip in recovered)
    recovered_s = sum(clip.duration_s for clip in recovered if clip is not None)
    clean_s = sum(clip.duration_s for clip in clean.values())
    assert clean_s > 60
    assert recovered_s == pytest.approx(clean_s, rel=0.01)


# -- 3. a dead service: fail fast, name the articles, write nothing -------------------


@pytest.mark.parametrize("service", ["503", "closed port"])
def test_dead_service_fails_fast_naming_every_article(
    service: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quick_edge: Waits
) -> None:
    out = tmp_path / "out"
    with FakeEdgeServer(faults=lambda n: Fault.UNAVAILABLE) as server:
        monkeypatch.setenv(URL_ENV, server.url if service == "503" else closed_port_url())
        with pytest.raises(SynthesisFailed) as caught:
            build_edition(BuildRequest(pages=[SEED], out_dir=out, engine=EngineName.EDGE))
        connections = server.connections
    message = str(caught.value)
    assert caught.value.exit_code != 0
    assert "\n" not in message and "object at 0x" not in message
    assert message.startswith("edge: ")
    for part in ("opening", "a01", "a02", "a03", "a04", "a05", "closing"):
        assert part in message
    assert "rerun" in message and "--fallback offline" in message
    assert not (out / DATE).exists() and not list(out.glob(".staging-*"))
    # The breaker: after the first four requests used their five tries, nothing new
    # started; without it all ~90 segments would each have been tried five times.
    assert len(quick_edge.delays) <= (4 + 3) * 4
    if service == "503":
        assert "handshake answered HTTP 503" in message
        assert 4 * 5 <= connections <= (4 + 3) * 5
    else:
        assert "cannot connect to 127.0.0.1" in message
        assert connections == 0


# -- 4. a refusal: stop at once with the advice --------------------------------------


def test_refusal_stops_the_build_with_upgrade_advice(small_page: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with FakeEdgeServer(faults=lambda n: Fault.FORBIDDEN) as server:
        done = run_cli(
            "build", str(small_page), "--engine", "edge", "--out", str(out),
            env={URL_ENV: server.url},
        )  # fmt: skip
        connections = server.connections
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = error_lines(done.stderr)
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: edge:")
    assert "refused" in lines[0] and "HTTP 403" in lines[0]
    assert "upgrade edge-tts" in lines[0] and "clock" in lines[0]
    # edge-tts's own clock-skew retry once per connection, no backoff retries.
    assert connections <= 2 * 4
    assert not (out / DATE).exists()


# -- 5. --fallback offline ------------------------------------------------------------


def test_fallback_offline_speaks_the_failed_clips_and_says_so(
    small_page: Path, tmp_path: Path, quick_edge: Waits
) -> None:
    def broken_notice(text: str) -> Fault | None:
        return Fault.NO_AUDIO if NOTICE_MARK in text else None

    out = tmp_path / "out"
    with FakeEdgeServer(text_faults=broken_notice) as server:
        done = CliRunner().invoke(
            app,
            ["build", str(small_page), "--engine", "edge", "--fallback", "offline",
             "--out", str(out), "--jobs", "1"],
            env={URL_ENV: server.url},
        )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    manifest = json.loads((out / DATE / "edition.json").read_text("utf-8"))
    segments = all_segments(manifest)
    # the offline profile's voices: Baker for the notice, the Kokoro anchor for its title
    offline = [s for s in segments if s["engine"] in ("offline", "kokoro")]
    assert offline and all(NOTICE_MARK in s["spoken"] for s in offline)
    assert all(s["voice"] == "baker" for s in offline if s["engine"] == "offline")
    assert all(s["engine"] == "edge" for s in segments if NOTICE_MARK not in s["spoken"])
    assert manifest["engine"] == "edge" and manifest["options"]["fallback"] == "offline"
    note = (
        f"{len(offline)} clips failed on edge and were spoken by the offline profile's voices "
        "instead"
    )
    assert note in flat(done.stderr)
    assert note in manifest["notes"]


# -- 6. --engine auto -----------------------------------------------------------------


@pytest.fixture
def probe_timeouts(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The timeout of every reachability probe (the real probe still runs)."""
    # The package re-exports the function under the module's name; patch the module,
    # which is where resolve_auto imports it from.
    probe_module = importlib.import_module("audio_edition.engines.edge.probe")
    timeouts: list[float] = []
    real = probe_module.probe

    def spy(url: str | None = None, timeout: float = 2.0) -> bool:
        timeouts.append(timeout)
        return real(url, timeout=timeout)

    monkeypatch.setattr(probe_module, "probe", spy)
    return timeouts


def test_auto_falls_back_to_offline_when_edge_is_unreachable(
    small_page: Path, tmp_path: Path, probe_timeouts: list[float]
) -> None:
    out = tmp_path / "out"
    done = CliRunner().invoke(
        app,
        ["build", str(small_page), "--engine", "auto", "--out", str(out), "--jobs", "1"],
        env={URL_ENV: closed_port_url()},
    )
    assert done.exit_code == 0, done.stderr
    assert len(probe_timeouts) == 1 and 0 < probe_timeouts[0] <= 3
    manifest = json.loads((out / DATE / "edition.json").read_text("utf-8"))
    assert manifest["engine"] == "offline"
    assert manifest["options"]["engine_requested"] == "auto"
    assert {s["engine"] for s in all_segments(manifest)} == {"offline", "kokoro"}  # radio pair
    assert len(manifest["notes"]) == 1 and "offline" in manifest["notes"][0]
    assert manifest["notes"][0] in flat(done.stderr)


def test_auto_picks_edge_when_it_answers(
    small_page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, probe_timeouts: list[float]
) -> None:
    with FakeEdgeServer() as server:
        monkeypatch.setenv(URL_ENV, server.url)
        result = build_edition(
            BuildRequest(pages=[small_page], out_dir=tmp_path / "out", engine=EngineName.AUTO)
        )
        heard = len(server.requests)
    assert len(probe_timeouts) == 1 and 0 < probe_timeouts[0] <= 3
    assert result.manifest["engine"] == "edge" and result.notes == []
    assert {s["engine"] for s in all_segments(result.manifest)} == {"edge"}
    assert heard == result.report.synthesised > 0


# -- 7. finished clips survive a failed build ----------------------------------------


def test_rerun_after_a_failed_build_speaks_only_the_missing_clips(
    small_page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quick_edge: Waits
) -> None:
    def broken_notice(text: str) -> Fault | None:
        return Fault.MIDWAY if NOTICE_MARK in text else None

    request = BuildRequest(
        pages=[small_page], out_dir=tmp_path / "out", engine=EngineName.EDGE,
        cache_dir=tmp_path / "cache",
    )  # fmt: skip
    with FakeEdgeServer(text_faults=broken_notice) as server:
        monkeypatch.setenv(URL_ENV, server.url)
        with pytest.raises(SynthesisFailed) as caught:
            build_edition(request)
    missing = len(caught.value.failed)
    assert missing > 0 and " in a02 (" in str(caught.value)  # only the notice failed
    assert not (tmp_path / "out" / DATE).exists()

    with FakeEdgeServer() as server:
        monkeypatch.setenv(URL_ENV, server.url)
        result = build_edition(request)
        heard = server.requests
    assert result.report.synthesised == missing
    assert result.report.cached == result.report.total - missing
    assert len(heard) == missing and all(NOTICE_MARK in r.text for r in heard)
    assert {s["engine"] for s in all_segments(result.manifest)} == {"edge"}
