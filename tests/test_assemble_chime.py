"""The section chime: exact length, two soft tones, no clicks, the same every time."""

from __future__ import annotations

import numpy as np

from audio_edition.assemble.chime import CHIME_MS, chime_pcm
from audio_edition.assemble.pcm import EDITION_RATE


def test_chime_is_exactly_its_length_and_the_same_each_time() -> None:
    pcm = chime_pcm()
    assert len(pcm) == CHIME_MS * EDITION_RATE // 1000 * 2
    chime_pcm.cache_clear()
    assert chime_pcm() == pcm


def test_chime_is_soft_and_fades_in_and_out() -> None:
    samples = np.frombuffer(chime_pcm(), dtype="<i2").astype(float)
    peak_dbfs = 20 * np.log10(np.abs(samples).max() / 32768)
    assert -24 < peak_dbfs < -12
    edge = EDITION_RATE // 1000  # first and last millisecond
    assert np.abs(samples[:edge]).max() < 0.1 * np.abs(samples).max()
    assert np.abs(samples[-edge:]).max() < 0.1 * np.abs(samples).max()


def test_chime_holds_two_distinct_tones() -> None:
    samples = np.frombuffer(chime_pcm(), dtype="<i2").astype(float)
    spectrum = np.abs(np.fft.rfft(samples))
    freqs = np.fft.rfftfreq(len(samples), 1 / EDITION_RATE)
    top = freqs[np.argsort(spectrum)[::-1][:10]]  # the ten strongest bins
    assert any(abs(f - 880) < 20 for f in top)
    assert any(abs(f - 1318.5) < 20 for f in top)
    assert all(abs(f - 880) < 20 or abs(f - 1318.5) < 20 for f in top)


def test_chime_at_another_rate() -> None:
    assert len(chime_pcm(16_000)) == CHIME_MS * 16 * 2
