"""Which edge faults are worth another try, and how long to wait before it.

The service fails in ways that pass (a refused or reset connection, 429/503 when busy,
no audio, a stream cut short, a stall) and in one way that does not: 401/403 on the
handshake, after edge-tts has already corrected the clock once, means the service no
longer accepts this client. Retrying that only hammers the service, so it stops the
whole run. Sleep and randomness are injected so tests never wait for real.
"""

from __future__ import annotations

import asyncio
import random as _random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar

import aiohttp
from edge_tts.exceptions import EdgeTTSException, SkewAdjustmentError

from audio_edition.errors import AudioEditionError

T = TypeVar("T")

REJECTING_STATUSES = frozenset({401, 403})
# Statuses a busy or restarting service answers with; anything else 4xx is our request.
PASSING_STATUSES = frozenset({408, 425, 429})


class EdgeFault(AudioEditionError):
    """A fault the engine detected itself; classified like the service's own errors."""


class StreamInterrupted(EdgeFault):
    """The connection closed before ``turn.end``: the audio may be cut anywhere."""


class TruncatedAudio(EdgeFault):
    """The audio is far shorter than its text needs: the service cut it short."""


class UndecodableAudio(EdgeFault):
    """ffmpeg could not decode what the service sent."""


class ChunkTimedOut(EdgeFault):
    """The service stalled: no complete reply within the wall timeout."""


class Rejected(EdgeFault):
    """The service refused this client; no request will succeed until it is updated."""


class GaveUp(EdgeFault):
    """A chunk still failed after its last attempt (or failed in a way not worth one)."""

    def __init__(self, reason: str, attempts: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.attempts = attempts


class FaultKind(Enum):
    TRANSIENT = "transient"  # retry after a backoff
    REJECTED = "rejected"  # stop the whole run
    PERMANENT = "permanent"  # this request fails, the others go on


@dataclass(frozen=True)
class Verdict:
    kind: FaultKind
    reason: str
    retry_after: float | None = None


def one_line(exc: BaseException, limit: int = 200) -> str:
    """``Type: message`` on one line, so a reason fits a log line and an error message."""
    text = " ".join(str(exc).split())
    line = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _retry_after(exc: aiohttp.ClientResponseError) -> float | None:
    value = exc.headers.get("Retry-After") if exc.headers else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP date: rare enough to fall back to our own backoff


def classify(exc: BaseException) -> Verdict:
    """Sort an exception from one chunk attempt into transient, rejected or permanent."""
    if isinstance(exc, aiohttp.ClientResponseError):
        reason = f"handshake answered HTTP {exc.status}"
        if exc.status in REJECTING_STATUSES:
            return Verdict(FaultKind.REJECTED, reason)
        if exc.status in PASSING_STATUSES or exc.status >= 500:
            return Verdict(FaultKind.TRANSIENT, reason, _retry_after(exc))
        return Verdict(FaultKind.PERMANENT, reason)
    if isinstance(exc, aiohttp.ClientConnectorError):
        # aiohttp's own text names the SSL context object, an address that differs per
        # clip and would split one outage into as many "different" reasons as clips.
        detail = exc.os_error.strerror or type(exc.os_error).__name__
        return Verdict(
            FaultKind.TRANSIENT,
            f"{type(exc).__name__}: cannot connect to {exc.host}:{exc.port}: {detail}",
        )
    if isinstance(exc, SkewAdjustmentError):
        # A 403 without a usable Date header: the same refusal, minus the clock hint.
        return Verdict(FaultKind.REJECTED, one_line(exc))
    if isinstance(
        exc,
        (
            EdgeFault,
            EdgeTTSException,
            aiohttp.ClientError,
            OSError,
            asyncio.TimeoutError,
            TimeoutError,
        ),
    ):
        return Verdict(FaultKind.TRANSIENT, one_line(exc))
    return Verdict(FaultKind.PERMANENT, one_line(exc))


async def _real_sleep(seconds: float) -> None:
    await asyncio.sleep(seconds)


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter: ``base_s * 2**(n-1)``, capped, times a random
    factor in ``[1 - jitter, 1 + jitter]`` so parallel retries do not arrive together."""

    base_s: float = 1.0
    cap_s: float = 30.0
    jitter: float = 0.5
    sleep: Callable[[float], Awaitable[None]] = field(default=_real_sleep, compare=False)
    random: Callable[[], float] = field(default=_random.random, compare=False)

    def delay(self, failures: int, retry_after: float | None = None) -> float:
        """Seconds to wait after the ``failures``-th failed attempt (1-based)."""
        raw = min(self.cap_s, self.base_s * 2 ** max(0, failures - 1))
        spread = 1.0 - self.jitter + 2.0 * self.jitter * self.random()
        seconds = raw * spread
        if retry_after is not None:
            seconds = max(seconds, min(retry_after, self.cap_s))
        return seconds


async def retry(
    attempt: Callable[[], Awaitable[T]],
    *,
    max_attempts: int,
    backoff: Backoff,
) -> T:
    """Run ``attempt`` until it succeeds.

    Raises ``Rejected`` at the first refusal (no wait, no further attempt) and
    ``GaveUp`` after a permanent fault or the last transient one.
    """
    for number in range(1, max_attempts + 1):
        try:
            return await attempt()
        except Exception as exc:
            verdict = classify(exc)
            if verdict.kind is FaultKind.REJECTED:
                raise Rejected(verdict.reason) from None
            if verdict.kind is FaultKind.PERMANENT or number == max_attempts:
                raise GaveUp(verdict.reason, number) from None
            await backoff.sleep(backoff.delay(number, verdict.retry_after))
    raise GaveUp("no attempt allowed", 0)  # only when max_attempts < 1
