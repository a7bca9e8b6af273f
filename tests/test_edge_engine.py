import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import edge_tts.communicate
import numpy as np
import pytest

from audio_edition.engines.base import ClipRequest, Engine, VoiceSettings
from audio_edition.engines.edge import EdgeEngine
from audio_edition.engines.edge.audio import sound_span
from audio_edition.engines.edge.endpoint import URL_ENV
from audio_edition.engines.edge.engine import minimum_seconds, wall_timeout
from audio_edition.engines.edge.retry import Backoff
from audio_edition.engines.edge.voices import MANDARIN_VOICES
from audio_edition.errors import (
    AudioEditionError,
    InputError,
    ServiceRejected,
    SynthesisFailed,
)
from audio_edition.models import Clip
from audio_edition.voices import Lexicon, LexiconEntry
from tests.fake_edge import FakeEdgeServer, Fault

VOICE = VoiceSettings("edge", "zh-CN-YunyangNeural", rate=10, pitch=-5, volume=0)
SENTENCE = "电影节期间，业内人士展开研讨。观众反响热烈！"


class Sleeps:
    """An injected backoff sleep that records the waits instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def engine_for(url: str, sleeps: Sleeps, **options: object) -> EdgeEngine:
    backoff = Backoff(base_s=1.0, random=lambda: 0.5, sleep=sleeps)
    return EdgeEngine(url=url, backoff=backoff, **options)  # type: ignore[arg-type]


def speak_all(engine: EdgeEngine, requests: list[ClipRequest]) -> dict[int, Clip]:
    clips: dict[int, Clip] = {}
    engine.synthesise_many(requests, jobs=2, on_clip=clips.__setitem__)
    return clips


def requests_for(*texts: str) -> list[ClipRequest]:
    return [ClipRequest(t, VOICE) for t in texts]


@pytest.fixture
def server() -> Iterator[FakeEdgeServer]:
    with FakeEdgeServer() as fake:
        yield fake


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- identity --------------------------------------------------------------------------


def test_engine_identity() -> None:
    engine = EdgeEngine()
    assert isinstance(engine, Engine)
    assert engine.id == "edge"
    assert edge_tts.__version__ in engine.version
    assert engine.fingerprint() == EdgeEngine(concurrency=8).fingerprint()
    assert len(engine.fingerprint()) == 16


def test_voices_come_from_the_static_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDIO_EDITION_EDGE_VOICES", str(tmp_path / "none.json"))
    assert EdgeEngine().voices() == list(MANDARIN_VOICES)


def test_prepare_applies_the_lexicon_replacements() -> None:
    lexicon = Lexicon(
        {"曲吉小江": LexiconEntry("曲吉小江", ("qu1", "ji2", "xiao3", "jiang1"), "区吉小江")}
    )
    prepared = EdgeEngine(lexicon).prepare(ClipRequest("曲吉小江坦言技术难点。", VOICE))
    assert "区吉小江" in prepared
    assert "曲吉" not in prepared


# -- the happy path --------------------------------------------------------------------


def test_voice_settings_and_prepared_text_reach_the_server(
    server: FakeEdgeServer, sleeps: Sleeps
) -> None:
    engine = engine_for(server.url, sleeps)
    request = ClipRequest(SENTENCE, VOICE)
    engine.synthesise(request)
    [seen] = server.requests
    assert seen.voice == "zh-CN-YunyangNeural"
    assert seen.text == engine.prepare(request)
    assert (seen.rate, seen.pitch, seen.volume) == ("+10%", "-5Hz", "+0%")


def test_clip_is_24khz_pcm_with_sentence_timings(server: FakeEdgeServer, sleeps: Sleeps) -> None:
    clip = engine_for(server.url, sleeps).synthesise(ClipRequest(SENTENCE, VOICE))
    assert clip.sample_rate == 24_000
    assert clip.engine == "edge"
    # 19 Han characters at the fake's 0.264 s each, outer silence trimmed away.
    assert clip.duration_s == pytest.approx(19 * 0.264, abs=0.15)
    assert [s.text for s in clip.sentences] == ["电影节期间，业内人士展开研讨。", "观众反响热烈！"]
    first, second = clip.sentences
    assert first.start_s == pytest.approx(0.0, abs=0.06)
    assert first.end_s == pytest.approx(13 * 0.264, abs=0.1)
    assert second.start_s == pytest.approx(first.end_s, abs=1e-6)
    assert second.end_s <= clip.duration_s


def test_outer_silence_is_trimmed_to_50ms(server: FakeEdgeServer, sleeps: Sleeps) -> None:
    # The fake pads every reply with 0.3 s of silence on each side.
    clip = engine_for(server.url, sleeps).synthesise(ClipRequest(SENTENCE, VOICE))
    first, end = sound_span(clip.pcm)  # type: ignore[misc]
    assert first / 24_000 <= 0.05
    assert (len(clip.pcm) // 2 - end) / 24_000 <= 0.05
    assert np.frombuffer(clip.pcm, dtype=np.int16).size == len(clip.pcm) // 2


def test_clips_arrive_in_the_calling_thread(server: FakeEdgeServer, sleeps: Sleeps) -> None:
    threads: list[int] = []

    def on_clip(index: int, clip: Clip) -> None:
        threads.append(threading.get_ident())

    engine_for(server.url, sleeps).synthesise_many(
        requests_for(*[f"第{n}条消息。" for n in "一二三四五"]), jobs=1, on_clip=on_clip
    )
    assert threads == [threading.get_ident()] * 5


def test_endpoint_comes_from_the_environment_and_is_restored(
    server: FakeEdgeServer, sleeps: Sleeps, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(URL_ENV, server.url)
    before = edge_tts.communicate.WSS_URL
    engine_for(None, sleeps).synthesise(ClipRequest(SENTENCE, VOICE))  # type: ignore[arg-type]
    assert len(server.requests) == 1
    assert before == edge_tts.communicate.WSS_URL


def test_long_text_goes_out_in_chunks_and_comes_back_as_one_clip(
    server: FakeEdgeServer, sleeps: Sleeps
) -> None:
    text = "观众反响热烈，业内人士展开研讨。" * 130  # 2080 characters, no space
    engine = engine_for(server.url, sleeps)
    clip = engine.synthesise(ClipRequest(text, VOICE))
    sent = [r.text for r in server.requests]
    assert len(sent) == 3
    assert all(len(t) <= 1000 for t in sent)
    assert "".join(sent) == engine.prepare(ClipRequest(text, VOICE))
    assert len(clip.sentences) == 130
    starts = [s.start_s for s in clip.sentences]
    assert starts == sorted(starts)
    assert clip.sentences[-1].end_s <= clip.duration_s
    assert clip.duration_s == pytest.approx(130 * 14 * 0.264, rel=0.03)


def test_unspeakable_text_needs_no_connection(server: FakeEdgeServer, sleeps: Sleeps) -> None:
    clip = engine_for(server.url, sleeps).synthesise(ClipRequest("……", VOICE))
    assert clip.pcm == b"" and clip.sentences == []
    assert server.connections == 0


def test_bad_voice_name_is_refused_before_connecting(
    server: FakeEdgeServer, sleeps: Sleeps
) -> None:
    request = ClipRequest(SENTENCE, VoiceSettings("edge", "Yunyang"))
    with pytest.raises(InputError, match="zh-CN-YunyangNeural"):
        engine_for(server.url, sleeps).synthesise(request)
    assert server.connections == 0


# -- concurrency -----------------------------------------------------------------------


@pytest.mark.parametrize("cap", [1, 3])
def test_open_connections_never_exceed_the_cap(cap: int, sleeps: Sleeps) -> None:
    texts = [f"第{n}条消息到了。" for n in "一二三四五六七八"]
    with FakeEdgeServer(latency=0.1) as server:
        clips = speak_all(engine_for(server.url, sleeps, concurrency=cap), requests_for(*texts))
    assert sorted(clips) == list(range(8))
    assert server.max_open == cap  # reached, never passed
    assert server.connections == 8


# -- faults that pass ------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    [
        Fault.REFUSE,
        Fault.TOO_MANY,
        Fault.UNAVAILABLE,
        Fault.NO_AUDIO,
        Fault.MIDWAY,
        Fault.RESET,
        Fault.BAD_FRAME,
        Fault.TRUNCATED,
    ],
)
def test_transient_fault_is_retried_after_a_backoff(fault: Fault, sleeps: Sleeps) -> None:
    # aiohttp itself reconnects once when a fresh connection is dropped unanswered.
    plan = {0: fault, 1: fault} if fault is Fault.REFUSE else {0: fault}
    with FakeEdgeServer(faults=plan) as server:
        clip = engine_for(server.url, sleeps).synthesise(ClipRequest(SENTENCE, VOICE))
    assert sleeps.delays == [1.0]
    assert clip.duration_s == pytest.approx(19 * 0.264, abs=0.15)
    assert len(server.requests) >= 1


def test_stalled_server_is_cut_off_and_retried(sleeps: Sleeps) -> None:
    with FakeEdgeServer(faults={0: Fault.STALL}) as server:
        engine = engine_for(server.url, sleeps, chunk_timeout=0.5)
        clip = engine.synthesise(ClipRequest(SENTENCE, VOICE))
    assert sleeps.delays == [1.0]
    assert server.connections == 2
    assert clip.duration_s > 4


def test_waits_grow_exponentially(sleeps: Sleeps) -> None:
    faults = [Fault.UNAVAILABLE] * 4
    with FakeEdgeServer(faults=faults) as server:
        engine_for(server.url, sleeps, max_attempts=5).synthesise(ClipRequest(SENTENCE, VOICE))
    assert sleeps.delays == [1.0, 2.0, 4.0, 8.0]
    assert server.connections == 5


def test_truncated_audio_is_measured_against_the_text() -> None:
    assert minimum_seconds("电" * 100) == pytest.approx(100 * 0.22 * 0.45)
    assert minimum_seconds("电" * 100, rate=100) == pytest.approx(100 * 0.22 * 0.45 / 2)
    assert minimum_seconds("……") == 0


def test_long_chunks_get_longer_to_stream() -> None:
    assert wall_timeout("电" * 40, 30.0) == 30.0
    assert wall_timeout("电" * 1000, 30.0) == pytest.approx(200.0)


# -- faults that do not pass -----------------------------------------------------------


def test_always_truncated_fails_with_the_reason(sleeps: Sleeps) -> None:
    with FakeEdgeServer(faults=lambda n: Fault.TRUNCATED) as server:
        engine = engine_for(server.url, sleeps, max_attempts=3)
        with pytest.raises(SynthesisFailed) as caught:
            engine.synthesise(ClipRequest(SENTENCE, VOICE))
    assert "of sound for text that needs" in caught.value.failed[0]
    assert server.connections == 3


@pytest.mark.parametrize("fault", [Fault.FORBIDDEN, Fault.UNAUTHORIZED])
def test_refusal_stops_early_with_advice(fault: Fault, sleeps: Sleeps) -> None:
    texts = [f"第{n}条消息到了。" for n in range(20)]
    plan = FakeEdgeServer(faults=lambda n: fault)
    with plan as server, pytest.raises(ServiceRejected) as caught:
        speak_all(engine_for(server.url, sleeps, concurrency=4), requests_for(*texts))
    message = str(caught.value)
    assert "refused" in message
    assert "uv lock --upgrade-package edge-tts" in message
    assert "clock" in message
    assert "\n" not in message
    # At most edge-tts's own skew retry per open connection, and no backoff retries.
    assert server.connections <= 2 * 4
    assert sleeps.delays == []
    assert sorted(caught.value.failed) == list(range(20))


def test_one_403_is_absorbed_by_edge_tts_clock_correction(sleeps: Sleeps) -> None:
    with FakeEdgeServer(faults={0: Fault.FORBIDDEN}) as server:
        clip = engine_for(server.url, sleeps).synthesise(ClipRequest(SENTENCE, VOICE))
    assert clip.duration_s > 4
    assert server.connections == 2
    assert sleeps.delays == []


def test_all_failing_lists_every_index(sleeps: Sleeps) -> None:
    texts = [f"第{n}条消息到了。" for n in range(6)]
    with FakeEdgeServer(faults=lambda n: Fault.UNAVAILABLE) as server:
        # One connection per request: all six are tried in full before the breaker
        # could stop anything (tests/test_edge_breaker.py covers the stop).
        engine = engine_for(server.url, sleeps, max_attempts=4, concurrency=6)
        with pytest.raises(SynthesisFailed) as caught:
            speak_all(engine, requests_for(*texts))
    assert not isinstance(caught.value, ServiceRejected)
    assert sorted(caught.value.failed) == list(range(6))
    assert set(caught.value.failed.values()) == {"handshake answered HTTP 503"}
    assert server.connections == 6 * 4
    assert len(sleeps.delays) == 6 * 3
    assert "6 of 6" in str(caught.value)


def test_one_failing_request_does_not_stop_the_others(sleeps: Sleeps) -> None:
    texts = ["第一条消息。", "这条消息坏了。", "第三条消息。", "第四条消息。"]

    def broken(text: str) -> Fault | None:
        return Fault.NO_AUDIO if "坏" in text else None

    with FakeEdgeServer(text_faults=broken) as server:
        engine = engine_for(server.url, sleeps, max_attempts=3, concurrency=2)
        clips: dict[int, Clip] = {}
        with pytest.raises(SynthesisFailed) as caught:
            engine.synthesise_many(requests_for(*texts), jobs=1, on_clip=clips.__setitem__)
    assert sorted(clips) == [0, 2, 3]
    assert list(caught.value.failed) == [1]
    assert "NoAudioReceived" in caught.value.failed[1]


def test_refused_connection_fails_cleanly(sleeps: Sleeps) -> None:
    url = f"ws://127.0.0.1:{closed_port()}/edge/v1?TrustedClientToken=x"
    with pytest.raises(SynthesisFailed) as caught:
        engine_for(url, sleeps, max_attempts=3).synthesise(ClipRequest(SENTENCE, VOICE))
    assert isinstance(caught.value, AudioEditionError)
    assert "\n" not in str(caught.value)
    assert "Connect" in caught.value.failed[0]
    assert len(sleeps.delays) == 2


def test_callers_errors_are_not_swallowed(server: FakeEdgeServer, sleeps: Sleeps) -> None:
    def on_clip(index: int, clip: Clip) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        engine_for(server.url, sleeps).synthesise_many(
            requests_for(SENTENCE, SENTENCE), jobs=1, on_clip=on_clip
        )


def test_malformed_endpoint_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(URL_ENV, "http://127.0.0.1:1/")
    with pytest.raises(InputError):
        EdgeEngine().synthesise(ClipRequest(SENTENCE, VOICE))
    assert os.environ[URL_ENV] == "http://127.0.0.1:1/"
