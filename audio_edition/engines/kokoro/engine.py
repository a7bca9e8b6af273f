"""``KokoroEngine``: Kokoro-82M's Mandarin voices behind the ``Engine`` interface.

Shaped like the offline engine: text becomes token ids in the caller's process, worker
processes (spawned) hold one onnxruntime session each and only see token ids.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import multiprocessing
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

import numpy as np

from audio_edition.engines.base import ClipCallback, ClipRequest, Voice
from audio_edition.engines.kokoro import assets, graph, text
from audio_edition.engines.offline.engine import (
    CLAUSE_PAUSE_S,
    SENTENCE_PAUSE_S,
    UTTERANCE_MARGIN_S,
    _clip_edges,
    _to_pcm,
    _trimmed,
    _with_gain,
    available_cores,
    ratios,
)
from audio_edition.errors import AudioEditionError, SynthesisFailed
from audio_edition.models import Clip, SentenceTiming
from audio_edition.voices import Lexicon

VERSION = "3"  # 3: onnxruntime 1.31+ runs the published int8 graph (graph.py)
SAMPLE_RATE = 24_000
DEFAULT_VOICE = "zm_yunyang"
_GENDER = {"zm": "M", "zf": "F"}


@dataclass(frozen=True)
class _Job:
    voice: str
    ids: tuple[tuple[int, ...], ...]
    sentence_ends: tuple[bool, ...]
    text: str
    speed: float
    gain: float


class _Session:
    """One onnxruntime session over the verified graph."""

    def __init__(self, threads: int) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        # Spinning threads burn a shared CPU while they wait for work.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3  # the rewrite leaves unused initialisers: not news
        model = assets.model_bytes()
        if graph.needed():
            model = graph.float_convolutions(model)
        self.session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])

    def utterance(self, ids: Sequence[int], voice: str, speed: float) -> np.ndarray:
        style = assets.voice_pack(voice)[min(len(ids), 509)][None, :]
        tokens = np.array([[0, *ids, 0]], dtype=np.int64)
        (audio,) = self.session.run(
            None,
            {"tokens": tokens, "style": style, "speed": np.array([speed], dtype=np.float32)},
        )
        return np.asarray(audio, dtype=np.float32).reshape(-1)


def _render(session: _Session, job: _Job) -> Clip:
    pieces: list[np.ndarray] = []
    for i, ids in enumerate(job.ids):
        if i:
            pause = SENTENCE_PAUSE_S if job.sentence_ends[i - 1] else CLAUSE_PAUSE_S
            pieces.append(np.zeros(int(pause * SAMPLE_RATE), dtype=np.float32))
        pieces.append(_trimmed(session.utterance(ids, job.voice, job.speed), UTTERANCE_MARGIN_S))
    audio = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
    audio, _ = _clip_edges(_with_gain(audio, job.gain))
    timing = SentenceTiming(text=job.text, start_s=0.0, end_s=round(len(audio) / SAMPLE_RATE, 3))
    return Clip(_to_pcm(audio), SAMPLE_RATE, [timing], engine="kokoro")


_worker_session: _Session | None = None


def _start_worker(threads: int) -> None:
    global _worker_session
    _worker_session = _Session(threads)


def _run_in_worker(job: _Job) -> Clip:
    assert _worker_session is not None, "worker started without its initializer"
    return _render(_worker_session, job)


class KokoroEngine:
    """Kokoro-82M v1.0 int8, Mandarin voices (24 kHz), fully offline."""

    id = "kokoro"
    version = VERSION

    def __init__(self, lexicon: Lexicon | None = None, *, threads: int | None = None) -> None:
        self.lexicon = lexicon
        self.threads = threads
        self._session: _Session | None = None

    def fingerprint(self) -> str:
        packs = hashlib.sha256((assets.voice_dir() / "sha256.txt").read_bytes()).hexdigest()
        return f"{assets.model_sha256()[:16]}:{packs[:16]}"

    def voices(self) -> list[Voice]:
        return [
            Voice(v, _GENDER.get(v[:2], ""), "zh-CN", "Kokoro-82M v1.0 int8, 24 kHz")
            for v in assets.voice_ids()
        ]

    def _chunks(self, request: ClipRequest) -> list[text.Chunk]:
        from audio_edition.normalize import normalize

        return text.chunks(normalize(request.text, latin="han"), self.lexicon)

    def prepare(self, request: ClipRequest) -> str:
        return "|".join(c.phonemes for c in self._chunks(request))

    def _job(self, request: ClipRequest) -> _Job:
        voice = request.voice.voice or DEFAULT_VOICE
        assets.voice_pack(voice)  # unknown or corrupt: one error before any work
        speed, _, gain = ratios(request.voice)
        vocabulary = assets.vocabulary()
        chunks = self._chunks(request)
        return _Job(
            voice=voice,
            ids=tuple(tuple(vocabulary[p] for p in c.phonemes if p in vocabulary) for c in chunks),
            sentence_ends=tuple(c.ends_sentence for c in chunks),
            text=request.text,
            speed=1.0 / speed,
            gain=gain,
        )

    def _local(self) -> _Session:
        if self._session is None:
            self._session = _Session(self.threads or available_cores())
        return self._session

    def synthesise(self, request: ClipRequest) -> Clip:
        return _render(self._local(), self._job(request))

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
            for index, job in pending.items():
                try:
                    clip = _render(self._local(), job)
                except AudioEditionError:
                    raise
                except Exception as exc:
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
        context = multiprocessing.get_context("spawn")
        order = sorted(pending, key=lambda i: -sum(len(ids) for ids in pending[i].ids))
        with concurrent.futures.ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(threads,)
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
                    except Exception as exc:
                        failed[index] = str(exc) or type(exc).__name__
                        continue
                    on_clip(index, clip)
            finally:
                for future in futures:
                    future.cancel()
        return failed
