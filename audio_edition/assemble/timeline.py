"""Lay clips out with the pauses between them, and make the gaps between chapters.

A part (one chapter: the opening, an article, the closing) is its clips with sentence
and paragraph pauses, held as one pydub ``AudioSegment`` built once from the joined
sample bytes. Between parts comes a gap: a clear silence, or silence + chime + silence
at a section change. Gaps are encoded as their own short streams (see ``streams``), so
a gap is made to an exact sample count, whatever its planned length, to keep the
edition's joins on MP3 frame boundaries.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from audio_edition.assemble.chime import CHIME_MS, chime_pcm
from audio_edition.assemble.pcm import (
    EDITION_RATE,
    SAMPLE_BYTES,
    first_sound,
    ms_at,
    resample_pcm,
    samples_for_ms,
)
from audio_edition.assemble.speech_level import levelled
from audio_edition.errors import InputError
from audio_edition.models import Clip, Pause

with warnings.catch_warnings():
    # pydub warns at import that no ffmpeg is on PATH; we never let it run one here.
    warnings.simplefilter("ignore")
    from pydub import AudioSegment

__all__ = [
    "EDITION_RATE",
    "PAUSE_MS",
    "TAIL_MS",
    "AudioSegment",
    "PartAudio",
    "gap_audio",
    "join_part",
    "mono16",
    "without_lead_in",
]

PAUSE_MS: dict[Pause, int] = {
    Pause.SENTENCE: 350,
    Pause.PARAGRAPH: 750,
    Pause.ARTICLE: 1100,  # the clear gap between chapters
    Pause.SECTION: 1100 + CHIME_MS + 200,  # gap, chime, a breath: same length chime or not
}

# A section gap with the chime: silence before the chime, then the chime.
CHIME_BEFORE_MS = 500

# No lead-in before the first part: a part's span start is where its audio begins, and
# the transcript adds clip spans to it. The engines' clips carry their own short edge.
TAIL_MS = 800  # let the closing line ring out before the file ends


def mono16(pcm: bytes, sample_rate: int) -> AudioSegment:
    """Mono int16 PCM as an ``AudioSegment``: no copy, the segment keeps the bytes."""
    return AudioSegment(data=pcm, sample_width=SAMPLE_BYTES, frame_rate=sample_rate, channels=1)


@dataclass
class PartAudio:
    """One chapter's audio and where each input clip sits in it.

    ``spans[i]`` is clip i's ``(start_ms, end_ms)`` inside the part; the transcript adds
    the part's start in the edition to place every sentence.
    """

    audio: AudioSegment
    spans: list[tuple[int, int]]

    @classmethod
    def from_pcm(
        cls, pcm: bytes, spans: Sequence[tuple[int, int]], sample_rate: int = EDITION_RATE
    ) -> PartAudio:
        return cls(mono16(pcm, sample_rate), list(spans))

    @property
    def pcm(self) -> bytes:
        return self.audio.raw_data

    @property
    def sample_rate(self) -> int:
        return self.audio.frame_rate

    @property
    def samples(self) -> int:
        return len(self.pcm) // SAMPLE_BYTES

    @property
    def duration_ms(self) -> int:
        return ms_at(self.samples, self.sample_rate)


@functools.lru_cache(maxsize=8)
def _pause(pause: Pause) -> bytes:
    return AudioSegment.silent(duration=PAUSE_MS[pause], frame_rate=EDITION_RATE).raw_data


def join_part(clips: Sequence[Clip], pauses: Sequence[Pause]) -> PartAudio:
    """Join one part's clips, with ``pauses[i]`` after clip i except the last.

    The last clip's pause is dropped because the gap between parts is a stream of its
    own. Clips at another rate are resampled to ``EDITION_RATE``, and every clip is
    brought to one speech level (``speech_level``), so two voices in a part match.
    """
    if len(pauses) != len(clips):
        raise InputError(
            f"join_part needs one pause per clip ({len(clips)} clips, {len(pauses)} pauses)"
        )
    pieces: list[bytes] = []
    spans: list[tuple[int, int]] = []
    at = 0  # in samples
    for index, (clip, pause) in enumerate(zip(clips, pauses, strict=True)):
        pcm = levelled(_at_edition_rate(clip))
        end = at + len(pcm) // SAMPLE_BYTES
        pieces.append(pcm)
        spans.append((ms_at(at, EDITION_RATE), ms_at(end, EDITION_RATE)))
        at = end
        if index < len(clips) - 1:
            gap = _pause(Pause(pause))
            pieces.append(gap)
            at += len(gap) // SAMPLE_BYTES
    # One join of the raw sample bytes, then one segment: pydub's ``a + b`` copies both
    # sides every time, which makes a long part quadratic.
    return PartAudio.from_pcm(b"".join(pieces), spans)


def without_lead_in(part: PartAudio, keep_ms: int) -> PartAudio:
    """The part from ``keep_ms`` before its first sound on, its spans moved to match.

    For the edition's first chapter, which starts at 0: a player at 0 s then starts at
    the first word as it does at every other chapter mark (see ``layout``), instead of
    after the clip's own lead-in of silence.
    """
    sound = first_sound(part.pcm)
    cut = 0 if sound is None else max(0, sound - samples_for_ms(keep_ms, part.sample_rate))
    if cut == 0:
        return part
    shift = ms_at(cut, part.sample_rate)
    spans = [(max(0, start - shift), max(0, end - shift)) for start, end in part.spans]
    return PartAudio.from_pcm(part.pcm[cut * SAMPLE_BYTES :], spans, part.sample_rate)


def gap_audio(gap: Pause, samples: int, sample_rate: int, *, chime: bool) -> AudioSegment:
    """Exactly ``samples`` of silence, with the chime ``CHIME_BEFORE_MS`` in for a section
    change when ``chime`` is set (the gap is as long either way).

    The chime is laid into the raw bytes rather than with pydub's ``overlay``, which
    slices at whole milliseconds and returns a few samples more than it was given.
    """
    pcm = bytearray(samples * SAMPLE_BYTES)
    if gap is Pause.SECTION and chime:
        sting = chime_pcm(sample_rate)
        at = samples_for_ms(CHIME_BEFORE_MS, sample_rate) * SAMPLE_BYTES
        if at + len(sting) > len(pcm):
            raise InputError(f"a section gap of {samples} samples has no room for the chime")
        pcm[at : at + len(sting)] = sting
    return mono16(bytes(pcm), sample_rate)


def _at_edition_rate(clip: Clip) -> bytes:
    if len(clip.pcm) % SAMPLE_BYTES:
        raise InputError(f"a clip's PCM has an odd byte count ({len(clip.pcm)}); expected int16")
    if clip.sample_rate <= 0:
        raise InputError(f"a clip has an invalid sample rate ({clip.sample_rate})")
    return resample_pcm(clip.pcm, clip.sample_rate, EDITION_RATE)
