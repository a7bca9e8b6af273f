"""PCM helpers: exact sample/ms arithmetic, resampling lengths, decoding files."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from audio_edition.assemble.pcm import (
    decode_to_pcm,
    fit_length,
    ms_at,
    ms_before,
    resample_pcm,
    resampled_length,
    samples_for_ms,
    silence,
)
from audio_edition.errors import AudioEditionError, InputError


def test_millisecond_arithmetic_is_exact_at_24k() -> None:
    assert samples_for_ms(350, 24_000) == 8_400
    assert ms_at(8_400, 24_000) == 350
    assert ms_at(8_412, 24_000) == 351  # half a millisecond rounds up
    assert ms_at(8_411, 24_000) == 350
    assert ms_before(8_423, 24_000) == 350


def test_fit_length_trims_and_pads() -> None:
    assert fit_length(b"\x01\x00\x02\x00", 1) == b"\x01\x00"
    assert fit_length(b"\x01\x00", 3) == b"\x01\x00" + silence(2)


def test_resample_gives_the_predicted_length() -> None:
    pcm = np.zeros(44_100 + 17, dtype="<i2").tobytes()
    out = resample_pcm(pcm, 44_100, 24_000)
    assert len(out) // 2 == resampled_length(44_117, 44_100, 24_000) == 24_009


def write_wav(path: Path, samples: np.ndarray, rate: int, channels: int = 1) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.astype("<i2").tobytes())


def test_decode_to_pcm_downmixes_and_resamples(tmp_path: Path) -> None:
    t = np.arange(48_000) / 48_000
    mono = np.sin(2 * np.pi * 500 * t) * 10_000
    stereo = np.repeat(mono, 2)  # L R L R: the same signal in both channels
    path = tmp_path / "tone.wav"
    write_wav(path, stereo, 48_000, channels=2)

    pcm = decode_to_pcm(path)

    samples = np.frombuffer(pcm, dtype="<i2").astype(float)
    assert len(samples) == 24_000
    assert np.abs(samples).max() == pytest.approx(10_000, rel=0.05)


def test_decode_to_pcm_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such audio file"):
        decode_to_pcm(tmp_path / "missing.mp3")
    junk = tmp_path / "junk.mp3"
    junk.write_text("not audio at all")
    with pytest.raises(AudioEditionError, match=r"^ffmpeg could not decode junk\.mp3: "):
        decode_to_pcm(junk)
