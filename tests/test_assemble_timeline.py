"""join_part and the gaps between chapters: exact lengths, exact spans, the chime."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audio_edition.assemble.chime import CHIME_MS
from audio_edition.assemble.timeline import (
    CHIME_BEFORE_MS,
    EDITION_RATE,
    PAUSE_MS,
    AudioSegment,
    gap_audio,
    join_part,
    without_lead_in,
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
    # markers under the speech gate (-40 dBFS), so levelling leaves them as they are
    clips = [Clip(marked(n, 50 * (i + 1)), EDITION_RATE) for i, n in enumerate(sizes)]

    part = join_part(clips, pauses)

    samples = pcm_array(part.pcm)
    at = 0
    for i, (size, pause) in enumerate(zip(sizes, pauses, strict=True)):
        start_ms, end_ms = part.spans[i]
        assert start_ms == nearest_ms(at)
        assert end_ms == nearest_ms(at + size)
        assert np.all(samples[at : at + size] == 50 * (i + 1))
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


def test_a_part_is_one_audio_segment_over_the_joined_bytes() -> None:
    clips = [Clip(marked(480, 5), EDITION_RATE), Clip(marked(240, 6), EDITION_RATE)]
    part = join_part(clips, [Pause.SENTENCE, Pause.ARTICLE])
    assert isinstance(part.audio, AudioSegment)
    assert (part.audio.frame_rate, part.audio.channels, part.audio.sample_width) == (24000, 1, 2)
    assert part.pcm is part.audio.raw_data  # the segment holds the bytes, no copy
    assert len(part.audio) == round((480 + 240) / MS + PAUSE_MS[Pause.SENTENCE])


@pytest.mark.parametrize("samples", [1152 * 70, 1152 * 71 + 3])
def test_gaps_are_exactly_as_long_as_asked(samples: int) -> None:
    for gap in (Pause.ARTICLE, Pause.SECTION):
        for chime in (True, False):
            audio = gap_audio(gap, samples, 44_100, chime=chime)
            assert (audio.frame_rate, len(audio.raw_data)) == (44_100, 2 * samples)


def test_the_chime_sounds_only_in_section_gaps_and_only_when_asked() -> None:
    samples = 1152 * 72  # 1.88 s
    quiet = [
        gap_audio(Pause.ARTICLE, samples, 44_100, chime=True),
        gap_audio(Pause.SECTION, samples, 44_100, chime=False),
    ]
    assert all(not np.any(pcm_array(a.raw_data)) for a in quiet)
    chimed = pcm_array(gap_audio(Pause.SECTION, samples, 44_100, chime=True).raw_data)
    loud = np.flatnonzero(np.abs(chimed) > 100)
    assert loud[0] / 44.1 == pytest.approx(CHIME_BEFORE_MS, abs=20)
    assert loud[-1] / 44.1 <= CHIME_BEFORE_MS + CHIME_MS
    with pytest.raises(InputError, match="no room for the chime"):
        gap_audio(Pause.SECTION, 1152, 44_100, chime=True)


def test_the_lead_in_is_cut_to_a_few_ms_before_the_first_sound() -> None:
    silence, sound = 1200, marked(2400, 3000)  # 50 ms of silence, then 100 ms of sound
    part = join_part([Clip(bytes(2 * silence) + sound, EDITION_RATE)], [Pause.ARTICLE])
    cut = without_lead_in(part, 5)
    samples = pcm_array(cut.pcm)
    assert np.flatnonzero(samples)[0] == 5 * MS
    assert len(samples) == len(pcm_array(part.pcm)) - (silence - 5 * MS)
    assert cut.spans == [(0, part.spans[0][1] - 45)]
    silent = join_part([Clip(bytes(4800), EDITION_RATE)], [Pause.ARTICLE])
    assert without_lead_in(silent, 5).pcm == silent.pcm


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


def _speech_level(pcm: bytes) -> float:
    from audio_edition.assemble.speech_level import speech_level_db

    level = speech_level_db(pcm_array(pcm).astype(np.float32) / 32768.0)
    assert level is not None
    return level


def test_two_voices_at_different_levels_come_out_at_one_speech_level() -> None:
    """A quiet anchor clip and a louder report clip, each with pauses inside."""
    gap = marked(EDITION_RATE // 2, 0)
    quiet = tone(12_000, level=0.08) + gap + tone(12_000, 300.0, level=0.08)
    loud = tone(24_000, 200.0, level=0.2) + gap + gap + tone(6_000, level=0.2)
    assert _speech_level(loud) - _speech_level(quiet) > 7
    part = join_part([Clip(quiet, EDITION_RATE), Clip(loud, EDITION_RATE)], [Pause.PARAGRAPH] * 2)
    first, second = ((s * MS, e * MS) for s, e in part.spans)
    levels = [_speech_level(part.pcm[2 * a : 2 * b]) for a, b in (first, second)]
    assert abs(levels[0] - levels[1]) < 0.3
    assert pcm_array(part.pcm[2 * first[1] : 2 * second[0]]).max() == 0  # pauses stay silent


def test_levelling_never_drives_a_peaky_clip_into_clipping() -> None:
    """A quiet clip (-37 dBFS) with one click at -3 dBFS is raised 2 dB, to the ceiling."""
    samples = pcm_array(tone(24_000, level=0.02)).copy()
    samples[100] = int(32_768 * 10 ** (-3 / 20))
    part = join_part([Clip(samples.tobytes(), EDITION_RATE)], [Pause.SENTENCE])
    ceiling = 32_768 * 10 ** (-1 / 20)
    assert abs(int(np.abs(pcm_array(part.pcm)).max()) - ceiling) <= 2
    assert _speech_level(part.pcm) - _speech_level(samples.tobytes()) == pytest.approx(2, abs=0.05)


def test_silence_and_near_silence_are_left_alone() -> None:
    clips = [Clip(marked(4_800, 0), EDITION_RATE), Clip(marked(4_800, 3), EDITION_RATE)]
    part = join_part(clips, [Pause.SENTENCE] * 2)
    assert set(pcm_array(part.pcm).tolist()) == {0, 3}
