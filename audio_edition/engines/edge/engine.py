"""``EdgeEngine``: Microsoft's online neural voices behind the ``Engine`` interface.

One asyncio loop per call speaks every request through at most ``concurrency``
websocket connections (the service answers 429/503 when a client opens many), retries
the faults that pass, stops at once when the service refuses the client or has failed
the whole first batch of requests (``breaker``), and hands each clip to the caller the
moment it is done so a killed run resumes from the cache.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import Sequence

import numpy as np
from edge_tts.data_classes import TTSConfig

from audio_edition.engines.base import ClipCallback, ClipRequest, Voice, VoiceSettings
from audio_edition.engines.edge.audio import decode_mp3, sound_span
from audio_edition.engines.edge.breaker import Breaker
from audio_edition.engines.edge.chunks import split_chunks
from audio_edition.engines.edge.client import fetch_chunk
from audio_edition.engines.edge.endpoint import resolve_url, speech_endpoint
from audio_edition.engines.edge.protocol import (
    EDGE_TTS_VERSION,
    OUTPUT_FORMAT,
    SAMPLE_RATE,
    ChunkAudio,
    format_pitch,
    format_rate,
    format_volume,
)
from audio_edition.engines.edge.retry import Backoff, GaveUp, Rejected, TruncatedAudio, retry
from audio_edition.engines.edge.voices import known_voices
from audio_edition.errors import InputError, ServiceRejected, SynthesisFailed
from audio_edition.models import Clip, SentenceTiming
from audio_edition.voices import Lexicon

ENGINE_ID = "edge"
# Bump the first part whenever our processing of the service's audio changes (decoding,
# trimming, timing); the service's own changes are beyond our reach.
VERSION = f"1+edge-tts{EDGE_TTS_VERSION}"

# A Mandarin newsreader says about 4-5 syllables a second (~0.22 s each). Audio under
# 45 % of that is not fast speech but a cut-off stream, which the service sends silently.
SECONDS_PER_SYLLABLE = 0.22
TRUNCATION_RATIO = 0.45
# ``chunk_timeout`` bounds a chunk of up to this many syllables; a longer chunk (up to
# 1000 characters, minutes of audio) gets proportionally longer to stream.
SYLLABLES_PER_TIMEOUT = 150
# Chapters start where the sound starts: keep at most this much silence at either end.
EDGE_SILENCE_S = 0.04

_SYLLABLE = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]")


def _speakable(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _syllables(text: str) -> int:
    return len(_SYLLABLE.findall(text))


def minimum_seconds(text: str, rate: int = 0) -> float:
    """The shortest audio ``text`` can plausibly take at ``rate`` percent."""
    speed = max(0.1, 1.0 + rate / 100.0)
    return _syllables(text) * SECONDS_PER_SYLLABLE * TRUNCATION_RATIO / speed


def wall_timeout(text: str, base_s: float) -> float:
    """The wall-clock bound for one chunk: ``base_s``, longer for long chunks."""
    return base_s * max(1.0, _syllables(text) / SYLLABLES_PER_TIMEOUT)


def check_voice(voice: VoiceSettings) -> None:
    """Reject a voice edge-tts would not send (``zh-CN-YunyangNeural`` is the shape)."""
    try:
        TTSConfig(
            voice.voice,
            format_rate(voice.rate),
            format_volume(voice.volume),
            format_pitch(voice.pitch),
            "SentenceBoundary",
        )
    except (TypeError, ValueError):
        raise InputError(
            f"'{voice.voice}' is not an edge voice name (like zh-CN-YunyangNeural)"
        ) from None


def refusal(detail: str) -> str:
    """The one reason every clip of a refused run carries: what happened and what helps.

    Each failed clip gets the whole advice, not just the first, because callers (the
    build's error message) report the reasons per clip and would otherwise lose it.
    """
    return (
        f"the edge speech service refused the request ({detail}); upgrade edge-tts "
        "(uv lock --upgrade-package edge-tts) and check the system clock"
    )


class _ServiceDown(Exception):
    """Raised inside the run when the breaker opens, to stop every connection at once."""


class _Piece:
    """One chunk's decoded PCM and its sentence timings (seconds from the chunk start)."""

    def __init__(self, pcm: bytes, sentences: list[SentenceTiming]) -> None:
        self.pcm = pcm
        self.sentences = sentences


def _piece_from(chunk_text: str, audio: ChunkAudio, pcm: bytes) -> _Piece:
    duration = len(pcm) / 2 / SAMPLE_RATE
    sentences = [
        SentenceTiming(b.text, min(b.start_s, duration), min(b.end_s, duration))
        for b in audio.boundaries
    ]
    if not sentences:
        # The service sent no marks: the chunk still needs a line in the transcript.
        sentences = [SentenceTiming(chunk_text.strip(), 0.0, duration)]
    return _Piece(pcm, sentences)


def join_pieces(pieces: Sequence[_Piece], keep_s: float = EDGE_SILENCE_S) -> Clip:
    """Concatenate chunks, trim the outer silence to ``keep_s``, shift timings to match."""
    pcm = b"".join(p.pcm for p in pieces)
    sentences: list[SentenceTiming] = []
    start_s = 0.0
    for piece in pieces:
        sentences += [
            SentenceTiming(s.text, start_s + s.start_s, start_s + s.end_s) for s in piece.sentences
        ]
        start_s += len(piece.pcm) / 2 / SAMPLE_RATE
    span = sound_span(pcm)
    if span is not None:
        keep = int(keep_s * SAMPLE_RATE)
        first, end = max(0, span[0] - keep), min(len(pcm) // 2, span[1] + keep)
        samples = np.frombuffer(pcm, dtype=np.int16)[first:end]
        pcm = samples.tobytes()
        shift, duration = first / SAMPLE_RATE, len(samples) / SAMPLE_RATE
        sentences = [
            SentenceTiming(
                s.text,
                round(min(duration, max(0.0, s.start_s - shift)), 3),
                round(min(duration, max(0.0, s.end_s - shift)), 3),
            )
            for s in sentences
        ]
    return Clip(pcm=pcm, sample_rate=SAMPLE_RATE, sentences=sentences, engine=ENGINE_ID)


class EdgeEngine:
    """Microsoft's online Mandarin voices through edge-tts.

    ``concurrency`` caps the websocket connections open at once; ``url`` overrides
    ``$AUDIO_EDITION_EDGE_URL`` and edge-tts's endpoint; each chunk gets ``max_attempts``
    tries, each bounded by ``chunk_timeout`` seconds of wall time; ``backoff`` sets the
    waits between tries (tests inject one whose sleep does not sleep). When the first
    ``concurrency`` requests all use up their tries before any chunk succeeds, the run
    stops and every clip not yet spoken fails for the reason they did (see ``breaker``).
    Clips that used up their tries while the service works get one second pass, bounded
    by ``second_pass_s`` seconds; ``run_notes`` says how many needed it.
    """

    id = ENGINE_ID
    version = VERSION

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        *,
        concurrency: int = 4,
        url: str | None = None,
        max_attempts: int = 5,
        chunk_timeout: float = 30.0,
        backoff: Backoff | None = None,
        second_pass_s: float = 120.0,
    ) -> None:
        if concurrency < 1 or max_attempts < 1 or chunk_timeout <= 0:
            raise InputError("edge concurrency, attempts and chunk timeout must be positive")
        self.lexicon = lexicon or Lexicon()
        self.concurrency = concurrency
        self.url = url
        self.max_attempts = max_attempts
        self.chunk_timeout = chunk_timeout
        self.backoff = backoff or Backoff()
        self.second_pass_s = second_pass_s
        self.requeued = 0  # clips of the last run that needed a second pass
        self.recovered = 0  # of those, how many it spoke

    def fingerprint(self) -> str:
        """Changes when the edge-tts version or the audio format we ask for changes."""
        blob = f"edge-tts {EDGE_TTS_VERSION}|{OUTPUT_FORMAT}".encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def voices(self) -> list[Voice]:
        return known_voices()

    def prepare(self, request: ClipRequest) -> str:
        """Exactly the text sent: normalised with Latin letters kept (the online voices
        spell them), then the lexicon's replacement spellings (edge takes no pinyin)."""
        from audio_edition.normalize import normalize

        return self.lexicon.replace_text(normalize(request.text, latin="letters"))

    def synthesise(self, request: ClipRequest) -> Clip:
        clips: dict[int, Clip] = {}
        self.synthesise_many([request], jobs=1, on_clip=clips.__setitem__)
        return clips[0]

    def synthesise_many(
        self, requests: Sequence[ClipRequest], *, jobs: int, on_clip: ClipCallback
    ) -> None:
        """Speak every request; ``jobs`` is ignored (the limit here is connections).

        Must be called from a thread with no running event loop; ``on_clip`` runs in it.
        """
        if not requests:
            return
        url = resolve_url(self.url)
        for request in requests:
            check_voice(request.voice)
        texts = [self.prepare(r) for r in requests]
        with speech_endpoint(url):
            failed, rejection, stopped = asyncio.run(self._speak_all(requests, texts, on_clip))
        if rejection is not None:
            raise ServiceRejected(refusal(rejection), failed)
        if stopped is not None:
            raise SynthesisFailed(
                f"edge: the first {self.concurrency} clips failed after {self.max_attempts} "
                f"attempts each and none succeeded, so the service looks down; stopped "
                f"with {len(failed)} of {len(requests)} clips failed ({stopped})",
                failed,
            )
        if failed:
            first = min(failed)
            raise SynthesisFailed(
                f"edge: {len(failed)} of {len(requests)} clips failed after up to "
                f"{self.max_attempts} attempts (#{first}: {failed[first]})",
                failed,
            )

    async def _speak_all(
        self, requests: Sequence[ClipRequest], texts: list[str], on_clip: ClipCallback
    ) -> tuple[dict[int, str], str | None, str | None]:
        """Speak everything; return the failures, the refusal and why the breaker opened.

        Clips that used up their tries in the first pass get a second pass with fresh
        backoff once the service has proved it works (the breaker stays closed): at 30 %
        faults a clip now and then loses all its tries to bad luck alone. The second pass
        is bounded by ``second_pass_s`` of wall time and by a breaker of its own (a
        service that died after the first pass stops it after one batch); a service dead
        from the start never gets one, since the first breaker has stopped the run.
        """
        failed: dict[int, str] = {}
        delivered: set[int] = set()
        rejection: list[str] = []
        breaker = Breaker(self.concurrency)
        self.requeued, self.recovered = 0, 0

        async def run_pass(indices: list[int], breaker: Breaker) -> None:
            queue = iter(indices)

            async def worker() -> None:
                # Each worker holds at most one connection, so the workers are the cap.
                for index in queue:
                    if breaker.is_open:
                        # Another worker opened it; stop here rather than rely on being
                        # cancelled, which needs this task to yield first.
                        return
                    try:
                        clip = await self._speak(texts[index], requests[index].voice, breaker)
                    except GaveUp as exc:
                        failed[index] = exc.reason
                        if breaker.gave_up(exc.reason):
                            raise _ServiceDown(exc.reason) from None
                        continue
                    except Rejected as exc:
                        rejection.append(exc.args[0])
                        failed[index] = refusal(exc.args[0])
                        raise
                    failed.pop(index, None)
                    on_clip(index, clip)
                    delivered.add(index)

            count = min(self.concurrency, len(indices))
            tasks = [asyncio.ensure_future(worker()) for _ in range(count)]
            try:
                await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            finally:
                for task in tasks:
                    task.cancel()
                outcomes = await asyncio.gather(*tasks, return_exceptions=True)
            for outcome in outcomes:
                if isinstance(outcome, BaseException) and not isinstance(
                    outcome, (Rejected, _ServiceDown, asyncio.CancelledError)
                ):
                    raise outcome  # the caller's on_clip failed: theirs to report

        await run_pass(list(range(len(requests))), breaker)
        again = sorted(failed)
        if (
            again
            and self.second_pass_s > 0
            and not rejection
            and not breaker.is_open
            and breaker.successes
        ):
            self.requeued = len(again)
            try:
                # Its own breaker: if the service died after the first pass, the first
                # batch of requeued clips failing again ends the second pass early.
                second = Breaker(min(self.concurrency, len(again)))
                await asyncio.wait_for(run_pass(again, second), timeout=self.second_pass_s)
            except asyncio.TimeoutError:
                for index in again:
                    if index not in delivered:
                        failed[index] = (
                            f"{failed.get(index, 'unfinished')} (second pass stopped at "
                            f"its {self.second_pass_s:.0f} s deadline)"
                        )
            self.recovered = sum(1 for index in again if index in delivered)
        if rejection:
            self._fail_undelivered(failed, delivered, len(requests), refusal(rejection[0]))
            return dict(sorted(failed.items())), rejection[0], None
        if breaker.reason is not None:
            # Requests cut off mid-retry and requests never started share the reason
            # that stopped the run: their own attempts would have met the same fault.
            self._fail_undelivered(failed, delivered, len(requests), breaker.reason)
        return dict(sorted(failed.items())), None, breaker.reason

    @property
    def run_notes(self) -> list[str]:
        """What the last run should tell the editor (the build records it as a note)."""
        if not self.requeued:
            return []
        return [
            f"edge: {self.requeued} clips used up their tries and were requeued for a "
            f"second pass; {self.recovered} of them were spoken"
        ]

    @staticmethod
    def _fail_undelivered(
        failed: dict[int, str], delivered: set[int], count: int, reason: str
    ) -> None:
        for index in range(count):
            if index not in delivered:
                failed.setdefault(index, reason)

    async def _speak(self, text: str, voice: VoiceSettings, breaker: Breaker | None = None) -> Clip:
        if not _speakable(text):
            return Clip(pcm=b"", sample_rate=SAMPLE_RATE, sentences=[], engine=ENGINE_ID)
        pieces = []
        for chunk in split_chunks(text):
            if not _speakable(chunk):
                continue

            async def attempt(chunk: str = chunk) -> _Piece:
                return await self._attempt(chunk, voice)

            pieces.append(
                await retry(attempt, max_attempts=self.max_attempts, backoff=self.backoff)
            )
            if breaker is not None:
                breaker.succeeded()
        return join_pieces(pieces)

    async def _attempt(self, chunk: str, voice: VoiceSettings) -> _Piece:
        timeout = wall_timeout(chunk, self.chunk_timeout)
        audio = await fetch_chunk(chunk, voice, timeout=timeout)
        pcm = await decode_mp3(audio.mp3)
        span = sound_span(pcm)
        heard = 0.0 if span is None else (span[1] - span[0]) / SAMPLE_RATE
        needed = minimum_seconds(chunk, voice.rate)
        if heard < needed:
            raise TruncatedAudio(f"{heard:.2f} s of sound for text that needs {needed:.2f} s")
        return _piece_from(chunk, audio, pcm)
