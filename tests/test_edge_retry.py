import asyncio

import aiohttp
import pytest
from edge_tts.exceptions import NoAudioReceived, SkewAdjustmentError, WebSocketError

from audio_edition.engines.edge.retry import (
    Backoff,
    ChunkTimedOut,
    FaultKind,
    GaveUp,
    Rejected,
    StreamInterrupted,
    TruncatedAudio,
    classify,
    one_line,
    retry,
)


def handshake(status: int, headers: dict[str, str] | None = None) -> aiohttp.ClientResponseError:
    return aiohttp.WSServerHandshakeError(
        request_info=None,  # type: ignore[arg-type]
        history=(),
        status=status,
        message="Invalid response status",
        headers=headers,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("status", [401, 403])
def test_refusals_are_rejected(status: int) -> None:
    verdict = classify(handshake(status))
    assert verdict.kind is FaultKind.REJECTED
    assert str(status) in verdict.reason


def test_skew_adjustment_failure_is_a_refusal() -> None:
    assert classify(SkewAdjustmentError("No server date in headers.")).kind is FaultKind.REJECTED


@pytest.mark.parametrize(
    "exc",
    [
        handshake(429),
        handshake(503),
        handshake(500),
        aiohttp.ServerDisconnectedError(),
        ConnectionRefusedError(111, "Connection refused"),
        ConnectionResetError(104, "Connection reset by peer"),
        NoAudioReceived("No audio was received."),
        WebSocketError("Unexpected opcode=15"),
        StreamInterrupted("closed"),
        TruncatedAudio("short"),
        ChunkTimedOut("stalled"),
        asyncio.TimeoutError(),
    ],
)
def test_passing_faults_are_transient(exc: BaseException) -> None:
    assert classify(exc).kind is FaultKind.TRANSIENT


def test_other_client_errors_and_bugs_are_permanent() -> None:
    assert classify(handshake(404)).kind is FaultKind.PERMANENT
    assert classify(ValueError("Invalid voice")).kind is FaultKind.PERMANENT


def test_retry_after_header_is_read() -> None:
    assert classify(handshake(429, {"Retry-After": "7"})).retry_after == 7.0
    assert classify(handshake(429, {"Retry-After": "soon"})).retry_after is None


def test_reason_is_one_line_without_the_url() -> None:
    reason = classify(handshake(503)).reason
    assert reason == "handshake answered HTTP 503"
    assert one_line(RuntimeError("a\nb   c")) == "RuntimeError: a b c"
    assert len(one_line(RuntimeError("x" * 500))) == 200


def test_backoff_doubles_and_caps() -> None:
    backoff = Backoff(base_s=1.0, cap_s=10.0, jitter=0.5, random=lambda: 0.5)
    assert [backoff.delay(n) for n in range(1, 7)] == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]


def test_jitter_spreads_the_delay_both_ways() -> None:
    low = Backoff(base_s=2.0, jitter=0.5, random=lambda: 0.0)
    high = Backoff(base_s=2.0, jitter=0.5, random=lambda: 1.0)
    assert low.delay(1) == pytest.approx(1.0)
    assert high.delay(1) == pytest.approx(3.0)


def test_retry_after_lengthens_but_never_passes_the_cap() -> None:
    backoff = Backoff(base_s=1.0, cap_s=20.0, random=lambda: 0.5)
    assert backoff.delay(1, retry_after=5.0) == 5.0
    assert backoff.delay(1, retry_after=500.0) == 20.0


class Script:
    """An attempt that raises the given faults in turn, then returns "done"."""

    def __init__(self, *faults: BaseException) -> None:
        self.faults = list(faults)
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.faults:
            raise self.faults.pop(0)
        return "done"


def run_retry(attempt: Script, max_attempts: int = 5) -> tuple[str, list[float]]:
    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)

    backoff = Backoff(base_s=1.0, random=lambda: 0.5, sleep=sleep)
    result = asyncio.run(retry(attempt, max_attempts=max_attempts, backoff=backoff))
    return result, delays


def test_transient_faults_are_retried_with_growing_waits() -> None:
    attempt = Script(handshake(503), NoAudioReceived("none"), StreamInterrupted("cut"))
    result, delays = run_retry(attempt)
    assert result == "done"
    assert attempt.calls == 4
    assert delays == [1.0, 2.0, 4.0]


def test_gives_up_after_the_last_attempt() -> None:
    attempt = Script(*[handshake(503)] * 10)
    with pytest.raises(GaveUp) as caught:
        run_retry(attempt, max_attempts=3)
    assert attempt.calls == 3
    assert caught.value.attempts == 3
    assert caught.value.reason == "handshake answered HTTP 503"


def test_refusal_stops_at_once() -> None:
    attempt = Script(handshake(403), handshake(503))
    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)

    with pytest.raises(Rejected):
        asyncio.run(retry(attempt, max_attempts=5, backoff=Backoff(sleep=sleep)))
    assert attempt.calls == 1
    assert delays == []


def test_permanent_fault_is_not_retried() -> None:
    attempt = Script(ValueError("bad voice"))
    with pytest.raises(GaveUp) as caught:
        run_retry(attempt)
    assert attempt.calls == 1
    assert "bad voice" in caught.value.reason
