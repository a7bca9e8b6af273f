"""Loudness: measuring, per-part normalisation, and the -16 LUFS edition on the MP3."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from audio_edition.assemble.loudness import (
    PART_I,
    PART_TP,
    measure_loudness,
    measure_pcm,
    normalise_part,
    normalise_parts,
)
from audio_edition.assemble.streams import EncoderSettings, StreamCache, write_joined
from audio_edition.assemble.timeline import EDITION_RATE, PartAudio
from audio_edition.errors import InputError
from audio_edition.models import Pause


def speechlike(seconds: float, level: float, seed: int = 0) -> bytes:
    """Voiced syllables at 4 per second, stressed and weak, with a gliding pitch and
    pauses between words.

    Its peak-to-loudness ratio (15-19 dB) is that of real TTS speech (18.7 dB on the
    Baker voice), so bringing it to -16 LUFS needs the limiter, as real speech does.
    """
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * EDITION_RATE)) / EDITION_RATE
    syllable = np.floor(t * 4).astype(int)
    stress = rng.uniform(0.25, 1.0, syllable.max() + 1)[syllable]
    envelope = np.sin(np.pi * (t * 4 % 1)) ** 2 * stress
    envelope *= np.sin(2 * np.pi * 0.7 * t) > -0.6  # word gaps
    f0 = 180 + 30 * np.sin(2 * np.pi * 0.5 * t + rng.uniform(0, 6))
    phase = 2 * np.pi * np.cumsum(f0) / EDITION_RATE
    offsets = rng.uniform(0, 2 * np.pi, 16)
    voiced = sum(np.cos(k * phase + offsets[k]) / k for k in range(1, 16))
    signal = voiced * envelope * level
    return (np.clip(signal, -1, 1) * 32767).astype("<i2").tobytes()


def part(seconds: float, level: float, seed: int = 0) -> PartAudio:
    pcm = speechlike(seconds, level, seed)
    return PartAudio.from_pcm(pcm, [(0, int(seconds * 1000))])


def test_measure_loudness_reads_a_reference_sine(tmp_path: Path) -> None:
    # A 1 kHz sine peaking at -20 dBFS measures -23.0 LUFS in mono (-20 - 3.01).
    t = np.arange(5 * 48_000) / 48_000
    samples = np.sin(2 * np.pi * 1000 * t) * 0.1 * 32767
    path = tmp_path / "ref.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(48_000)
        w.writeframes(samples.astype("<i2").tobytes())

    integrated, true_peak = measure_loudness(path)

    assert integrated == pytest.approx(-23.0, abs=0.15)
    assert true_peak == pytest.approx(-20.0, abs=0.15)


def test_measure_loudness_needs_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such audio file"):
        measure_loudness(tmp_path / "nothing.wav")


def test_normalise_is_deterministic_and_keeps_length_and_spans() -> None:
    loud = part(4.0, 0.4)
    first = normalise_part(loud)
    second = normalise_part(loud)
    assert first.pcm == second.pcm
    assert len(first.pcm) == len(loud.pcm)
    assert first.spans == loud.spans
    assert first.pcm != loud.pcm


@pytest.mark.parametrize("level", [0.02, 0.3, 0.95])
def test_quiet_and_loud_parts_land_on_the_target(level: float) -> None:
    raw = part(8.0, level, seed=8)
    before = measure_pcm(raw.pcm, EDITION_RATE)
    after = measure_pcm(normalise_part(raw).pcm, EDITION_RATE)
    assert abs(before.integrated - PART_I) > 3  # there was work to do
    assert after.integrated == pytest.approx(PART_I, abs=0.3)
    assert after.true_peak <= PART_TP + 0.1  # ebur128 reports to 0.1 dB


def test_peaks_that_a_plain_gain_would_push_over_are_limited() -> None:
    raw = part(12.0, 0.3, seed=5)  # peak-to-loudness 18.8 dB, like the Baker voice
    before = measure_pcm(raw.pcm, EDITION_RATE)
    assert before.true_peak + (PART_I - before.integrated) > PART_TP + 3  # gain alone fails
    after = measure_pcm(normalise_part(raw).pcm, EDITION_RATE)
    assert after.integrated == pytest.approx(PART_I, abs=0.3)
    assert after.true_peak <= PART_TP + 0.1


def test_normalising_keeps_sounds_where_they_were() -> None:
    # A burst at a known place must stay there: spans and chapters depend on it.
    samples = np.zeros(4 * EDITION_RATE)
    burst = slice(2 * EDITION_RATE, 2 * EDITION_RATE + 240)  # 10 ms at 2.000 s
    samples[burst] = np.sin(np.arange(240) / 3) * 0.5
    raw = PartAudio.from_pcm((samples * 32767).astype("<i2").tobytes(), [])
    done = np.abs(np.frombuffer(normalise_part(raw).pcm, dtype="<i2").astype(float))
    loud = np.flatnonzero(done > 0.1 * done.max())
    assert loud[0] >= 2 * EDITION_RATE - 24  # within 1 ms of where it was
    assert loud[-1] <= burst.stop + 24


@pytest.mark.parametrize("seconds", [0.15, 1.2, 2.9])
def test_short_parts_are_normalised_too(seconds: float) -> None:
    short = part(seconds, 0.05, seed=3)
    done = normalise_part(short)
    assert len(done.pcm) == len(short.pcm)
    looped = measure_pcm(done.pcm * int(4 / seconds + 1), EDITION_RATE)
    assert looped.integrated == pytest.approx(PART_I, abs=0.5)
    assert looped.true_peak <= PART_TP + 0.2


def test_silence_and_empty_parts_pass_through() -> None:
    silent = PartAudio.from_pcm(bytes(2 * EDITION_RATE * 4), [(0, 4000)])
    assert normalise_part(silent).pcm == silent.pcm
    empty = PartAudio.from_pcm(b"", [])
    assert normalise_part(empty).pcm == b""


def test_normalise_parts_keeps_order_and_matches_one_by_one() -> None:
    parts = [part(3.5, 0.1, seed=1), part(0.5, 0.5, seed=2), part(3.5, 0.7, seed=3)]
    together = normalise_parts(parts, jobs=2)
    assert [p.pcm for p in together] == [normalise_part(p).pcm for p in parts]


def test_joined_chapter_streams_measure_minus_16_lufs_under_minus_1_dbtp(tmp_path: Path) -> None:
    raw = [part(8.0, 0.03, seed=1), part(12.0, 0.8, seed=2), part(2.0, 0.3, seed=3)]
    raw.append(part(10.0, 0.2, seed=4))
    cache = StreamCache(tmp_path / "streams", EncoderSettings(bitrate=64))
    streams = []
    for chapter, gap in zip(raw, [Pause.ARTICLE, Pause.SECTION, Pause.ARTICLE, None], strict=True):
        streams.append(cache.chapter(chapter))
        streams.append(cache.gap(gap, 1152 * 70, chime=True))
    mp3 = tmp_path / "edition.mp3"
    with mp3.open("wb") as out:
        write_joined(out, streams)

    integrated, true_peak = measure_loudness(mp3)
    assert integrated == pytest.approx(-16.0, abs=1.0)
    assert true_peak <= -1.0
