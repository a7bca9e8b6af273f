"""``OfflineEngine``: the embedded Baker voice behind the ``Engine`` interface.

Text is prepared in the caller's process (normalisation, lexicon, pinyin, symbols);
only symbol ids cross into worker processes, so workers load nothing but LiteRT and
the two models.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

import numpy as np

from audio_edition.engines.base import ClipCallback, ClipRequest, Voice, VoiceSettings
from audio_edition.engines.offline import assets, frontend
from audio_edition.engines.offline.frontend import Chunk
from audio_edition.engines.offline.model import SAMPLE_RATE, BakerModel
from audio_edition.errors import AudioEditionError, InputError, SynthesisFailed
from audio_edition.models import Clip, SentenceTiming
from audio_edition.voices import Lexicon

# Bump whenever the frontend or the synthesis changes the audio for the same text, so
# cached clips made by an older version are not reused.
VERSION = "1"
VOICE_ID = "baker"

# Silence put between the utterances of one request. A long sentence cut at a comma
# gets about what the model itself leaves at a #3 break; a sentence end gets more.
CLAUSE_PAUSE_S = 0.18
SENTENCE_PAUSE_S = 0.40
# Silence kept around the sound of each utterance where utterances are joined (soft
# onsets and releases sit near the silence threshold).
UTTERANCE_MARGIN_S = 0.02
# Silence kept at the clip's edges, measured from the first and last sample above
# EDGE_LEVEL (about -54 dBFS): the assembler adds the real pauses, and a chapter must
# start where the sound starts (at most 50 ms before it).
EDGE_S = 0.03
EDGE_LEVEL = 0.002
# 10 ms frames quieter than this (RMS, full scale 1.0, about -60 dBFS) count as silence;
# the vocoder writes exact zeros where the model predicts silence.
SILENCE_RMS = 0.001
FRAME_S = 0.01
# Scale down instead of clipping when a volume gain pushes peaks past this.
PEAK_LIMIT = 0.98

_PREPARED_CACHE_SIZE = 4096


def available_cores() -> int:
    """CPU cores this process may run on (the affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class _Job:
    """Everything a worker needs for one request: picklable, no text processing left."""

    chunks: tuple[Chunk, ...]
    ids: tuple[tuple[int, ...], ...]
    sentences: tuple[str, ...]
    speed: float
    f0: float
    gain: float


def ratios(voice: VoiceSettings) -> tuple[float, float, float]:
    """(speed ratio, f0 ratio, PCM gain) for edge-style rate %, pitch Hz, volume %.

    The speed ratio scales durations, so +25 % rate is 100/125 = 0.8; pitch is taken
    relative to the ~200 Hz Baker voice.
    """
    if voice.rate <= -100:
        raise InputError(f"offline voice rate must be above -100%, not {voice.rate}%")
    if voice.pitch <= -200:
        raise InputError(f"offline voice pitch must be above -200Hz, not {voice.pitch}Hz")
    speed = 100.0 / (100.0 + voice.rate)
    f0 = 1.0 + voice.pitch / 200.0
    gain = max(0.0, 1.0 + voice.volume / 100.0)
    return speed, f0, gain


def _sound_bounds(audio: np.ndarray) -> tuple[int, int] | None:
    """First and one-past-last sample of the frames that are not silence, or None."""
    frame = int(FRAME_S * SAMPLE_RATE)
    count = len(audio) // frame
    if count == 0:
        return None
    frames = audio[: count * frame].reshape(count, frame)
    loud = np.flatnonzero(np.sqrt(np.mean(frames * frames, axis=1)) > SILENCE_RMS)
    if loud.size == 0:
        return None
    return int(loud[0]) * frame, min(len(audio), (int(loud[-1]) + 1) * frame)


def _trimmed(audio: np.ndarray, keep_s: float) -> np.ndarray:
    """``audio`` with leading and trailing silence cut down to ``keep_s`` seconds."""
    bounds = _sound_bounds(audio)
    if bounds is None:
        return audio[:0]
    keep = int(keep_s * SAMPLE_RATE)
    return audio[max(0, bounds[0] - keep) : min(len(audio), bounds[1] + keep)]


def _clip_edges(audio: np.ndarray) -> tuple[np.ndarray, int]:
    """Cut the clip to EDGE_S around its first and last audible sample; return the cut
    audio and how many samples were removed from its front."""
    loud = np.flatnonzero(np.abs(audio) > EDGE_LEVEL)
    if loud.size == 0:
        return audio[:0], 0
    keep = int(EDGE_S * SAMPLE_RATE)
    start = max(0, int(loud[0]) - keep)
    return audio[start : int(loud[-1]) + 1 + keep], start


def _with_gain(audio: np.ndarray, gain: float) -> np.ndarray:
    """Apply the volume gain, scaling the whole clip down rather than clipping its peaks."""
    scaled = audio * gain
    peak = float(np.max(np.abs(scaled))) if scaled.size else 0.0
    return scaled * (PEAK_LIMIT / peak) if peak > PEAK_LIMIT else scaled


def _to_pcm(audio: np.ndarray) -> bytes:
    return np.clip(np.round(audio * 32767.0), -32767, 32767).astype("<i2").tobytes()


def _render(model: BakerModel, job: _Job) -> Clip:
    """Synthesise every utterance of a job and join them into one clip."""
    pieces: list[np.ndarray] = []
    spans: dict[int, list[int]] = {}  # sentence -> [start sample, end sample]
    position = 0
    for i, (chunk, ids) in enumerate(zip(job.chunks, job.ids, strict=True)):
        if i:
            previous = job.chunks[i - 1]
            pause = SENTENCE_PAUSE_S if previous.ends_sentence else CLAUSE_PAUSE_S
            pieces.append(np.zeros(int(pause * SAMPLE_RATE), dtype=np.float32))
            position += len(pieces[-1])
        audio = _trimmed(model.utterance(list(ids), job.speed, job.f0).audio, UTTERANCE_MARGIN_S)
        span = spans.setdefault(chunk.sentence, [position, position])
        span[1] = position + len(audio)
        pieces.append(audio)
        position += len(audio)
    audio = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
    audio, cut = _clip_edges(_with_gain(audio, job.gain))
    timings = [
        SentenceTiming(
            text=job.sentences[number],
            start_s=round(max(0, start - cut) / SAMPLE_RATE, 3),
            end_s=round(min(len(audio), end - cut) / SAMPLE_RATE, 3),
        )
        for number, (start, end) in sorted(spans.items())
    ]
    return Clip(_to_pcm(audio), SAMPLE_RATE, timings, engine="offline")


# --- worker processes ------------------------------------------------------------------

_worker_model: BakerModel | None = None


def _start_worker(num_threads: int) -> None:
    """Process-pool initializer: load the two interpreters once per worker."""
    global _worker_model
    _worker_model = BakerModel(num_threads)


def _run_in_worker(job: _Job) -> Clip:
    assert _worker_model is not None, "worker started without its initializer"
    return _render(_worker_model, job)


class OfflineEngine:
    """The Baker FastSpeech2 + MB-MelGAN voice, fully offline (24 kHz, female).

    ``threads`` is LiteRT's thread count for in-process synthesis (``jobs == 1``);
    by default every available core. Worker processes split the cores between them.
    """

    id = "offline"
    version = VERSION

    def __init__(self, lexicon: Lexicon | None = None, *, threads: int | None = None) -> None:
        self.lexicon = lexicon
        self.threads = threads
        self._model: BakerModel | None = None
        self._prepared: dict[tuple[str, float], tuple[Chunk, ...]] = {}

    def fingerprint(self) -> str:
        return assets.fingerprint()

    def voices(self) -> list[Voice]:
        return [Voice(VOICE_ID, "F", "zh-CN", "Baker FastSpeech2 + MB-MelGAN, 24 kHz")]

    def _chunks(self, text: str, speed: float) -> tuple[Chunk, ...]:
        """Utterances of a text, memoised: the cache and the synthesis both ask for them.
        The speed ratio bounds their length (slower speech is more frames per symbol)."""
        cached = self._prepared.get((text, speed))
        if cached is None:
            # Imported here: normalisation pulls in its own tables, and a worker process
            # (which only ever sees symbol ids) never needs them.
            from audio_edition.normalize import normalize

            spoken = normalize(text, latin="han")
            cached = tuple(frontend.chunks(spoken, self.lexicon, speed=speed))
            if len(self._prepared) >= _PREPARED_CACHE_SIZE:
                self._prepared.clear()
            self._prepared[(text, speed)] = cached
        return cached

    def prepare(self, request: ClipRequest) -> str:
        """The symbol string the model will read (utterances split by ``|``/``||``)."""
        return frontend.render(self._chunks(request.text, ratios(request.voice)[0]))

    def _job(self, request: ClipRequest) -> _Job:
        if request.voice.voice not in (VOICE_ID, ""):
            raise InputError(
                f"the offline engine has one voice, '{VOICE_ID}', not '{request.voice.voice}'"
            )
        speed, f0, gain = ratios(request.voice)
        chunks = self._chunks(request.text, speed)
        vocabulary = assets.symbol_to_id()
        texts: dict[int, str] = {}
        for chunk in chunks:
            texts[chunk.sentence] = texts.get(chunk.sentence, "") + chunk.text
        return _Job(
            chunks=chunks,
            ids=tuple(tuple(frontend.symbol_ids(c.symbols, vocabulary)) for c in chunks),
            sentences=tuple(texts.get(i, "") for i in range(max(texts, default=-1) + 1)),
            speed=speed,
            f0=f0,
            gain=gain,
        )

    def _local_model(self) -> BakerModel:
        if self._model is None:
            self._model = BakerModel(self.threads or available_cores())
        return self._model

    def synthesise(self, request: ClipRequest) -> Clip:
        return _render(self._local_model(), self._job(request))

    def synthesise_many(
        self, requests: Sequence[ClipRequest], *, jobs: int, on_clip: ClipCallback
    ) -> None:
        failed: dict[int, str] = {}
        pending: dict[int, _Job] = {}
        for index, request in enumerate(requests):
            try:
                pending[index] = self._job(request)
            except AudioEditionError as exc:
                failed[index] = str(exc)
        workers = min(max(1, jobs), len(pending))
        if workers <= 1:
            model = self._local_model() if pending else None
            for index, job in pending.items():
                try:
                    clip = _render(model, job)
                except Exception as exc:  # reported per request, the rest go on
                    failed[index] = str(exc) or type(exc).__name__
                    continue
                on_clip(index, clip)
        else:
            failed.update(self._in_pool(pending, workers, on_clip))
        if failed:
            first = min(failed)
            raise SynthesisFailed(
                f"{len(failed)} of {len(requests)} clips failed (request {first}: {failed[first]})",
                failed,
            )

    def _in_pool(
        self, pending: dict[int, _Job], workers: int, on_clip: ClipCallback
    ) -> dict[int, str]:
        failed: dict[int, str] = {}
        threads = max(1, available_cores() // workers)
        # spawn, not fork: a forked child would inherit LiteRT's thread pools half-made.
        context = multiprocessing.get_context("spawn")
        # Longest first, so the last worker to finish is not stuck with a long clip.
        order = sorted(pending, key=lambda i: -sum(len(ids) for ids in pending[i].ids))
        with concurrent.futures.ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(threads,),
        ) as pool:
            futures = {pool.submit(_run_in_worker, pending[i]): i for i in order}
            try:
                for future in concurrent.futures.as_completed(futures):
                    index = futures[future]
                    try:
                        clip = future.result()
                    except BrokenProcessPool as exc:
                        failed[index] = f"worker process died: {exc}"
                        continue
                    except Exception as exc:  # reported per request, the rest go on
                        failed[index] = str(exc) or type(exc).__name__
                        continue
                    on_clip(index, clip)
            finally:
                for future in futures:
                    future.cancel()
        return failed
