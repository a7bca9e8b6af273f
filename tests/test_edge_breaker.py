"""The breaker: a service that fails the whole first batch stops the run at once."""

from __future__ import annotations

import pytest

from audio_edition.engines.base import ClipRequest, VoiceSettings
from audio_edition.engines.edge import EdgeEngine
from audio_edition.engines.edge.breaker import Breaker
from audio_edition.engines.edge.retry import Backoff
from audio_edition.errors import ServiceRejected, SynthesisFailed
from audio_edition.models import Clip
from tests.fake_edge import FakeEdgeServer, Fault

VOICE = VoiceSettings("edge", "zh-CN-YunyangNeural")
TEXTS = [f"第{n}条消息到了。" for n in range(20)]


class Waits:
    """A backoff sleep that records the waits instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def engine_for(url: str, waits: Waits, **options: object) -> EdgeEngine:
    return EdgeEngine(url=url, backoff=Backoff(sleep=waits), **options)  # type: ignore[arg-type]


def test_opens_when_the_first_batch_all_gave_up() -> None:
    breaker = Breaker(3)
    assert [breaker.gave_up("503"), breaker.gave_up("503")] == [False, False]
    assert not breaker.is_open
    assert breaker.gave_up("refused") is True
    assert breaker.is_open and breaker.reason == "refused"
    assert breaker.gave_up("later") is False  # opens once; keeps the first reason
    assert breaker.reason == "refused"


def test_one_success_keeps_it_closed_for_good() -> None:
    breaker = Breaker(2)
    breaker.succeeded()
    assert not any(breaker.gave_up("503") for _ in range(10))
    assert not breaker.is_open


def test_threshold_must_be_positive() -> None:
    with pytest.raises(ValueError):
        Breaker(0)


def test_dead_service_stops_the_run_after_the_first_batch() -> None:
    waits = Waits()
    with FakeEdgeServer(faults=lambda n: Fault.UNAVAILABLE) as server:
        engine = engine_for(server.url, waits, concurrency=4, max_attempts=3)
        with pytest.raises(SynthesisFailed) as caught:
            engine.synthesise_many(
                [ClipRequest(t, VOICE) for t in TEXTS], jobs=1, on_clip=lambda i, c: None
            )
    assert not isinstance(caught.value, ServiceRejected)
    # Every clip is reported failed, for the one reason that stopped the run.
    assert sorted(caught.value.failed) == list(range(20))
    assert set(caught.value.failed.values()) == {"handshake answered HTTP 503"}
    message = str(caught.value)
    assert "looks down" in message and "20 of 20" in message and "\n" not in message
    # The first four were tried in full; at most one more request per connection began
    # before the fourth gave up, and none of the other 13+ was ever sent.
    assert 4 * 3 <= server.connections <= (4 + 3) * 3
    assert server.connections < len(TEXTS) * 3


def test_a_working_service_is_never_cut_off() -> None:
    waits = Waits()
    # The first request is answered, then the service fails everything.
    with FakeEdgeServer(faults=lambda n: Fault.OK if n == 0 else Fault.UNAVAILABLE) as server:
        engine = engine_for(server.url, waits, concurrency=1, max_attempts=2)
        clips: dict[int, Clip] = {}
        with pytest.raises(SynthesisFailed) as caught:
            engine.synthesise_many(
                [ClipRequest(t, VOICE) for t in TEXTS[:8]], jobs=1, on_clip=clips.__setitem__
            )
    assert list(clips) == [0]
    assert sorted(caught.value.failed) == list(range(1, 8))
    assert "looks down" not in str(caught.value)
    # every failing request had all its tries; the second pass stopped after one clip
    # failed again (its own breaker: the service died after the first pass)
    assert server.connections == 1 + 7 * 2 + 2
