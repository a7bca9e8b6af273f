"""join_part / join_edition: exact lengths, exact spans, gaps and the chime."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audio_edition.assemble.timeline import (
    EDITION_RATE,
    PAUSE_MS,
    TAIL_MS,
    PartAudio,
    join_edition,
    join_part,
)
from audio_edition.errors import InputError
from audio_edition.models import Clip, Pause

MS = EDITION_RATE // 1000  # samples per millisecond at 24 kHz


def tone(samples: int, freq: float = 440.0, rate: int = EDITION_RATE, level: float = 0.3) -> bytes:
    t = np.arange(samples) / rate
    return (np.sin(2 * np.pi * freq * t) * level * 32767).astype("<i2").tobytes()


def marked(samples: int, value: int) -> bytes:
    """A clip whose every sample is ``value``: easy to find again in the joined audio."""
    return np.full(samples, value, dtype="<i2").tobytes()


def nearest_ms(samples: int) -> int:
    return int(samples / MS + 0.5)  # half up, not Python's half-to-even round()


def pcm_array(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, dtype="<i2")


def test_join_part_length_is_clips_plus_pauses_between_them() -> None:
    sizes = [12_345, 7, 24_000, 999]
    pauses = [Pause.SENTENCE, Pause.PARAGRAPH, Pause.ARTICLE, Pause.SECTION]
    clips = [Clip(marked(n, i + 1), EDITION_RATE) for i, n in enumerate(sizes)]

    part = join_part(clips, pauses)

    gaps = sum(PAUSE_MS[p] * MS for p in pauses[:-1])  # the last pause is not appended
    assert part.sample_rate == EDITION_RATE
    assert len(part.pcm) // 2 == sum(sizes) + gaps


def test_join_part_spans_point_at_each_clip() -> None:
    sizes = [2_400, 4_812, 1_200]
    pauses = [Pause.SENTENCE, Pause.PARAGRAPH, Pause.SENTENCE]
    clips = [Clip(marked(n, 1000 * (i + 1)), EDITION_RATE) for i, n in enumerate(sizes)]

    part = join_part(clips, pauses)

    samples = pcm_array(part.pcm)
    at = 0
    for i, (size, pause) in enumerate(zip(sizes, pauses, strict=True)):
        start_ms, end_ms = part.spans[i]
        assert start_ms == nearest_ms(at)
        assert end_ms == nearest_ms(at + size)
        assert np.all(samples[at : at + size] == 1000 * (i + 1))
        at += size
        if i < len(sizes) - 1:
            assert np.all(samples[at : at + PAUSE_MS[pause] * MS] == 0)
            at += PAUSE_MS[pause] * MS
    assert at == len(samples)


def test_join_part_resamples_other_rates_to_the_edition_rate() -> None:
    clip = Clip(tone(16_000, freq=1000.0, rate=16_000), 16_000)  # 1 s at 16 kHz

    part = join_part([clip], [Pause.SENTENCE])

    samples = pcm_array(part.pcm).astype(float)
    assert len(samples) == EDITION_RATE
    assert part.spans == [(0, 1000)]
    spectrum = np.abs(np.fft.rfft(samples))
    assert np.argmax(spectrum) * EDITION_RATE / len(samples) == pytest.approx(1000, abs=2)


def test_join_part_rejects_a_pause_count_that_does_not_match() -> None:
    with pytest.raises(InputError, match="one pause per clip"):
        join_part([Clip(tone(100), EDITION_RATE)], [])


def test_join_part_rejects_odd_pcm() -> None:
    with pytest.raises(InputError, match="odd byte count"):
        join_part([Clip(b"\x00\x01\x02", EDITION_RATE)], [Pause.SENTENCE])


def part_of(samples: int, value: int) -> PartAudio:
    return PartAudio(marked(samples, value), EDITION_RATE, [(0, round(samples / MS))])


def test_join_edition_length_and_spans() -> None:
    sizes = [48_000, 30_011, 24_000]
    parts = [part_of(n, 100 * (i + 1)) for i, n in enumerate(sizes)]
    gaps = [Pause.ARTICLE, Pause.SECTION, Pause.ARTICLE]

    edition = join_edition(parts, gaps, chime=True)

    samples = pcm_array(edition.pcm)
    expected = sum(sizes) + (PAUSE_MS[Pause.ARTICLE] + PAUSE_MS[Pause.SECTION] + TAIL_MS) * MS
    assert len(samples) == expected
    spans = edition.part_spans
    assert spans[0][0] == 0
    assert spans[-1][1] == len(samples) // MS == edition.duration_ms
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    # Every later part starts in the millisecond that holds its first sample.
    first = sizes[0] + PAUSE_MS[Pause.ARTICLE] * MS
    assert spans[1][0] == first // MS
    assert samples[first] == 200 and samples[first - 1] == 0
    first += sizes[1] + PAUSE_MS[Pause.SECTION] * MS
    assert spans[2][0] == first // MS
    assert samples[first] == 300 and samples[first - 1] == 0
    assert samples[0] == 100  # the first part starts the file


def test_chime_sounds_only_in_section_gaps_and_only_when_asked() -> None:
    parts = [part_of(2_400, 7), part_of(2_400, 7), part_of(2_400, 7)]
    gaps = [Pause.SECTION, Pause.ARTICLE]

    with_chime = pcm_array(join_edition(parts, gaps, chime=True).pcm)
    without = pcm_array(join_edition(parts, gaps, chime=False).pcm)

    assert len(with_chime) == len(without)  # the chime lives inside the same gap
    section_gap = slice(2_400, 2_400 + PAUSE_MS[Pause.SECTION] * MS)
    after_second = 2 * 2_400 + PAUSE_MS[Pause.SECTION] * MS
    article_gap = slice(after_second, after_second + PAUSE_MS[Pause.ARTICLE] * MS)
    assert np.abs(with_chime[section_gap]).max() > 1000
    assert np.all(without[section_gap] == 0)
    assert np.all(with_chime[article_gap] == 0)


def test_a_gap_after_the_last_part_is_ignored() -> None:
    parts = [part_of(2_400, 7), part_of(2_400, 7)]
    short = join_edition(parts, [Pause.ARTICLE])
    full = join_edition(parts, [Pause.ARTICLE, Pause.SECTION])
    assert short.pcm == full.pcm
    assert short.part_spans == full.part_spans


@pytest.mark.parametrize("gaps", [[], [Pause.ARTICLE] * 3])
def test_join_edition_rejects_a_wrong_gap_count(gaps: list[Pause]) -> None:
    with pytest.raises(InputError, match="gap after each part"):
        join_edition([part_of(10, 1), part_of(10, 1)], gaps)


def test_join_edition_needs_parts_at_the_edition_rate() -> None:
    with pytest.raises(InputError, match="24000 Hz"):
        join_edition([PartAudio(marked(10, 1), 16_000, [])], [])
    with pytest.raises(InputError, match="at least one part"):
        join_edition([], [])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=5_000), min_size=1, max_size=6),
    st.lists(st.sampled_from(list(Pause)), min_size=6, max_size=6),
)
def test_spans_tile_the_part_for_any_clip_lengths(sizes: list[int], pauses: list[Pause]) -> None:
    clips = [Clip(marked(n, 1), EDITION_RATE) for n in sizes]
    part = join_part(clips, pauses[: len(sizes)])
    assert len(part.spans) == len(sizes)
    assert part.spans[0][0] == 0
    assert part.spans[-1][1] == nearest_ms(len(part.pcm) // 2)
    for (s0, e0), (s1, _) in itertools.pairwise(part.spans):
        assert s0 <= e0 <= s1


def test_part_start_plus_clip_span_finds_the_clip_in_the_edition() -> None:
    # How the transcript places every sentence: within a millisecond of its audio.
    values = iter(range(10_001, 10_100))  # louder than any chime sample
    parts = [
        join_part([Clip(marked(n, next(values)), EDITION_RATE) for n in sizes], pauses)
        for sizes, pauses in [
            ([3_001, 5_000], [Pause.SENTENCE, Pause.ARTICLE]),
            ([2_411, 777, 9_000], [Pause.PARAGRAPH, Pause.SENTENCE, Pause.SECTION]),
            ([1_234], [Pause.ARTICLE]),
        ]
    ]
    edition = join_edition(parts, [Pause.ARTICLE, Pause.SECTION], chime=True)
    samples = pcm_array(edition.pcm)

    value = 10_000
    for part, (part_start, _) in zip(parts, edition.part_spans, strict=True):
        for start_ms, end_ms in part.spans:
            value += 1
            where = np.flatnonzero(samples == value)
            assert abs(where[0] / MS - (part_start + start_ms)) <= 1
            assert abs((where[-1] + 1) / MS - (part_start + end_ms)) <= 1
