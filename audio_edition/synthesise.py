"""Script segments -> clips, through the content-addressed cache.

Only cache misses reach the engine, each distinct clip once; every finished clip is
stored the moment it arrives, so a killed or failed build resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from audio_edition.cache import ClipCache, clip_key
from audio_edition.engines.base import ClipRequest, Engine
from audio_edition.errors import AudioEditionError, SynthesisFailed
from audio_edition.models import Clip, ScriptSegment
from audio_edition.progress import Progress, silent
from audio_edition.voices import Profile


@dataclass(frozen=True)
class Voicing:
    """An engine together with the profile that says which voice reads each role.

    A role may name another engine (``kokoro:zm_yunyang``); ``others`` holds those
    engines by id, so one edition mixes engines and each clip keeps its own cache key.
    """

    engine: Engine
    profile: Profile
    others: dict[str, Engine] = field(default_factory=dict)

    def engine_for(self, request: ClipRequest) -> Engine:
        return self.others.get(request.voice.engine, self.engine)

    def request(self, segment: ScriptSegment) -> ClipRequest:
        return ClipRequest(segment.spoken, self.profile.for_role(segment.role))


@dataclass
class SpokenClip:
    """A segment's clip and where it came from (the manifest records both).

    The audio stays in the clip cache until assembly reads it (``clip``), a chapter at
    a time, so an edition's clips are never all in memory at once.
    """

    key: str
    engine: str
    voice: str
    cache: ClipCache = field(repr=False, compare=False)

    @property
    def clip(self) -> Clip:
        clip = self.cache.get(self.key)
        if clip is None:
            raise AudioEditionError(
                f"clip {self.key[:12]}… is gone from the clip cache {self.cache.root} "
                "(cleared during the run?); run again to synthesise it"
            )
        return clip


@dataclass
class SynthesisReport:
    total: int = 0
    cached: int = 0
    synthesised: int = 0
    fallback: list[int] = field(default_factory=list)  # segment indices spoken by the fallback


def _speak(
    segments: Sequence[ScriptSegment],
    indices: list[int],
    voicing: Voicing,
    cache: ClipCache,
    jobs: int,
    results: dict[int, SpokenClip],
    report: SynthesisReport,
    progress: Progress,
) -> SynthesisFailed | None:
    """Fill ``results`` for ``indices`` from the cache or the engine.

    Returns the engine's failure (same class, so a refusal stays a refusal) with its
    ``failed`` re-keyed by segment index, or None when every segment was spoken.
    """
    requests = {i: voicing.request(segments[i]) for i in indices}
    misses: dict[str, list[int]] = {}  # one synthesis per distinct key
    for i, request in requests.items():
        key = clip_key(voicing.engine_for(request), request)
        clip = cache.get(key)
        if clip is None:
            misses.setdefault(key, []).append(i)
        else:
            results[i] = SpokenClip(key, clip.engine, request.voice.voice, cache)
            report.cached += 1
    done = len(indices) - sum(len(v) for v in misses.values())
    progress("synthesise", done, len(indices))
    if not misses:
        return None
    keys = list(misses)

    def store(n: int, clip: Clip) -> None:
        nonlocal done
        cache.put(keys[n], clip)
        for i in misses[keys[n]]:
            results[i] = SpokenClip(keys[n], clip.engine, requests[i].voice.voice, cache)
        report.synthesised += len(misses[keys[n]])
        done += len(misses[keys[n]])
        progress("synthesise", done, len(indices))

    by_engine: dict[int, list[int]] = {}  # id(engine) -> positions in keys
    engines: dict[int, Engine] = {}
    for n, key in enumerate(keys):
        engine = voicing.engine_for(requests[misses[key][0]])
        engines[id(engine)] = engine
        by_engine.setdefault(id(engine), []).append(n)
    failed: dict[int, str] = {}
    failure: SynthesisFailed | None = None
    for engine_id, positions in by_engine.items():
        try:
            engines[engine_id].synthesise_many(
                [requests[misses[keys[n]][0]] for n in positions],
                jobs=jobs,
                on_clip=lambda m, clip, positions=positions: store(positions[m], clip),
            )
        except SynthesisFailed as exc:
            if not exc.failed:
                raise
            failure = exc
            for m, reason in exc.failed.items():
                for i in misses[keys[positions[m]]]:
                    failed[i] = reason
    if failure is not None:
        return type(failure)(str(failure), failed)
    return None


def synthesise(
    segments: Sequence[ScriptSegment],
    voicing: Voicing,
    cache: ClipCache,
    *,
    jobs: int = 2,
    fallback: Voicing | None = None,
    progress: Progress = silent,
) -> tuple[list[SpokenClip], SynthesisReport]:
    """Return one clip per segment, in order.

    Raises ``SynthesisFailed`` (``failed`` keyed by segment index) when some segments
    could not be spoken and there is no ``fallback`` voicing to speak them instead.
    """
    report = SynthesisReport(total=len(segments))
    results: dict[int, SpokenClip] = {}
    every = list(range(len(segments)))
    failure = _speak(segments, every, voicing, cache, jobs, results, report, progress)
    if failure and fallback is not None:
        report.fallback = sorted(failure.failed)
        failure = _speak(
            segments, report.fallback, fallback, cache, jobs, results, report, progress
        )
    if failure:
        raise failure
    return [results[i] for i in range(len(segments))], report
