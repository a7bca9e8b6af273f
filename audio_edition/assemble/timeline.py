"""Lay clips and parts end to end with the pauses between them, joining each only once.

A part (one chapter: the opening, an article, the closing) is its clips with sentence
and paragraph pauses; the edition is its parts with a clear gap, or gap + chime + gap
at a section change. Every length is counted in samples and joined with one
``bytes.join``: pydub's ``a + b`` copies both sides each time, which makes a long
edition quadratic.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from audio_edition.assemble.chime import CHIME_MS, chime_pcm
from audio_edition.assemble.pcm import (
    EDITION_RATE,
    SAMPLE_BYTES,
    ms_at,
    ms_before,
    resample_pcm,
    samples_for_ms,
    silence,
)
from audio_edition.errors import InputError
from audio_edition.models import Clip, Pause

__all__ = [
    "EDITION_RATE",
    "PAUSE_MS",
    "TAIL_MS",
    "EditionAudio",
    "PartAudio",
    "join_edition",
    "join_part",
]

PAUSE_MS: dict[Pause, int] = {
    Pause.SENTENCE: 350,
    Pause.PARAGRAPH: 750,
    Pause.ARTICLE: 1100,  # the clear gap between chapters
    Pause.SECTION: 1100 + CHIME_MS + 200,  # gap, chime, a breath: same length chime or not
}

# A section gap with the chime: silence before, the chime, silence after.
_CHIME_BEFORE_MS = 500
_CHIME_AFTER_MS = PAUSE_MS[Pause.SECTION] - _CHIME_BEFORE_MS - CHIME_MS

# No lead-in before the first part: a part's span start is where its audio begins, and
# the transcript adds clip spans to it. The engines' clips carry their own short edge.
TAIL_MS = 800  # let the closing line ring out before the file ends


@dataclass
class PartAudio:
    """One chapter's audio: mono int16 ``pcm`` and where each input clip sits in it.

    ``spans[i]`` is clip i's ``(start_ms, end_ms)`` inside the part; the transcript adds
    the part's start in the edition to place every sentence.
    """

    pcm: bytes
    sample_rate: int
    spans: list[tuple[int, int]]

    @property
    def samples(self) -> int:
        return len(self.pcm) // SAMPLE_BYTES

    @property
    def duration_ms(self) -> int:
        return ms_at(self.samples, self.sample_rate)


@dataclass
class EditionAudio:
    """The whole edition as mono int16 PCM, and each part's ``(start_ms, end_ms)``.

    A part starts where its audio begins (after the gap or chime before it; the
    millisecond at or before it) and ends where the next starts, so chapters tile the
    file; the first starts at 0 and the last ends at the total duration. Adding a clip's
    span in its part to the part's start places the clip in the edition.
    """

    pcm: bytes
    sample_rate: int
    part_spans: list[tuple[int, int]]

    @property
    def duration_ms(self) -> int:
        return ms_before(len(self.pcm) // SAMPLE_BYTES, self.sample_rate)


def join_part(clips: Sequence[Clip], pauses: Sequence[Pause]) -> PartAudio:
    """Join one part's clips, with ``pauses[i]`` after clip i except the last.

    The last clip's pause is dropped because the gap between parts belongs to
    ``join_edition``. Clips at another rate are resampled to ``EDITION_RATE``.
    """
    if len(pauses) != len(clips):
        raise InputError(
            f"join_part needs one pause per clip ({len(clips)} clips, {len(pauses)} pauses)"
        )
    pieces: list[bytes] = []
    spans: list[tuple[int, int]] = []
    at = 0  # in samples
    for index, (clip, pause) in enumerate(zip(clips, pauses, strict=True)):
        pcm = _at_edition_rate(clip)
        end = at + len(pcm) // SAMPLE_BYTES
        pieces.append(pcm)
        spans.append((ms_at(at, EDITION_RATE), ms_at(end, EDITION_RATE)))
        at = end
        if index < len(clips) - 1:
            gap = samples_for_ms(PAUSE_MS[Pause(pause)], EDITION_RATE)
            pieces.append(silence(gap))
            at += gap
    return PartAudio(pcm=b"".join(pieces), sample_rate=EDITION_RATE, spans=spans)


def join_edition(
    parts: Sequence[PartAudio], gaps: Sequence[Pause], *, chime: bool = True
) -> EditionAudio:
    """Join the parts with ``gaps[i]`` after part i into one edition.

    ARTICLE is a silence; SECTION is silence + chime + silence when ``chime`` is set,
    otherwise a silence of the same length. A gap after the last part is ignored (the
    edition ends with a short tail), so ``gaps`` may have one entry per part or one
    fewer.
    """
    if not parts:
        raise InputError("an edition needs at least one part")
    if len(gaps) not in (len(parts), len(parts) - 1):
        raise InputError(
            f"join_edition needs a gap after each part ({len(parts)} parts, {len(gaps)} gaps)"
        )
    for part in parts:
        if part.sample_rate != EDITION_RATE:
            raise InputError(f"parts must be at {EDITION_RATE} Hz, got {part.sample_rate} Hz")

    pieces: list[bytes] = []
    starts: list[int] = []
    at = 0  # in samples
    for index, part in enumerate(parts):
        starts.append(at)
        pieces.append(part.pcm)
        at += part.samples
        if index < len(parts) - 1:
            for piece in _gap_pieces(Pause(gaps[index]), chime=chime):
                pieces.append(piece)
                at += len(piece) // SAMPLE_BYTES
    tail = silence(samples_for_ms(TAIL_MS, EDITION_RATE))
    pieces.append(tail)
    at += len(tail) // SAMPLE_BYTES

    bounds = [ms_before(s, EDITION_RATE) for s in [*starts, at]]
    spans = list(itertools.pairwise(bounds))
    return EditionAudio(pcm=b"".join(pieces), sample_rate=EDITION_RATE, part_spans=spans)


def _gap_pieces(gap: Pause, *, chime: bool) -> list[bytes]:
    if gap is Pause.SECTION and chime:
        return [
            silence(samples_for_ms(_CHIME_BEFORE_MS, EDITION_RATE)),
            chime_pcm(EDITION_RATE),
            silence(samples_for_ms(_CHIME_AFTER_MS, EDITION_RATE)),
        ]
    return [silence(samples_for_ms(PAUSE_MS[gap], EDITION_RATE))]


def _at_edition_rate(clip: Clip) -> bytes:
    if len(clip.pcm) % SAMPLE_BYTES:
        raise InputError(f"a clip's PCM has an odd byte count ({len(clip.pcm)}); expected int16")
    if clip.sample_rate <= 0:
        raise InputError(f"a clip has an invalid sample rate ({clip.sample_rate})")
    return resample_pcm(clip.pcm, clip.sample_rate, EDITION_RATE)
