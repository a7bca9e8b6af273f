"""Where everything sits in the joined edition, from the frames actually joined.

The edition is chapter stream, gap stream, chapter stream, ..., tail stream. Each
stream's audio starts at the sum of the frames before it (``streams.starts``), so
chapter, transcript and manifest times are computed from the streams' own headers
(frames, encoder delay, padding), never from the planned pauses.

Where a chapter starts. Readers disagree by the encoder delay: players that honour the
LAME header (mutagen's and eyeD3's times, browsers' ``<audio>``, Apple's and Android's
players) count from the first real sample; ffmpeg and the players built on it count
from the first decoded sample, 25 ms (1105 samples) earlier, so they land 25 ms before
any mark. A chapter mark is therefore put ``ONSET_MARGIN_MS`` after the chapter's first
sound: the first family lands that much after the word begins, the second about 20 ms
before it, both within one frame (26 ms). The first chapter starts the file, at 0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from audio_edition.assemble.mp3 import MP3_RATE
from audio_edition.assemble.streams import Stream, gap_samples, joined_samples, starts
from audio_edition.assemble.timeline import PAUSE_MS, TAIL_MS
from audio_edition.models import Pause

ONSET_MARGIN_MS = 5

GapMaker = Callable[[Pause | None, int], Stream]  # (pause, or None for the tail; samples)


@dataclass(frozen=True)
class EditionLayout:
    """The streams in join order and the chapters' places in the joined file.

    ``chapter_ms[k]`` is chapter k's (start, end) in whole milliseconds; chapters tile
    the file. ``offset_ms[k]`` is where chapter k's own audio (its stream's first
    sample) begins, to which a clip's span inside the chapter is added.
    """

    streams: list[Stream]
    chapter_ms: list[tuple[int, int]]
    offset_ms: list[float]
    duration_ms: int
    samples: int


def lay_out(chapters: Sequence[Stream], gaps: Sequence[Pause], make_gap: GapMaker) -> EditionLayout:
    """Join order and times for ``chapters``, ``gaps[k]`` being the pause after chapter k
    (the last one's is the tail). ``make_gap`` makes a gap stream of a given length."""
    if not chapters or len(gaps) != len(chapters):
        raise ValueError(f"{len(chapters)} chapters need as many gaps, got {len(gaps)}")
    streams: list[Stream] = []
    for index, (chapter, gap) in enumerate(zip(chapters, gaps, strict=True)):
        streams.append(chapter)
        last = index == len(chapters) - 1
        planned = TAIL_MS if last else PAUSE_MS[gap]
        length = gap_samples(planned, chapter, ends_file=last)
        streams.append(make_gap(None if last else gap, length))
    at = starts(streams)[::2]  # every other stream is a chapter
    samples = joined_samples(streams)
    duration = samples * 1000 // MP3_RATE

    marks = [0]
    for chapter, start in zip(chapters[1:], at[1:], strict=True):
        sound = start + (chapter.first_sound or 0)
        mark = -(-sound * 1000 // MP3_RATE) + (ONSET_MARGIN_MS if chapter.first_sound else 0)
        marks.append(min(max(mark, marks[-1]), duration))
    spans = list(zip(marks, [*marks[1:], duration], strict=True))
    return EditionLayout(
        streams=streams,
        chapter_ms=spans,
        offset_ms=[start * 1000 / MP3_RATE for start in at],
        duration_ms=duration,
        samples=samples,
    )
