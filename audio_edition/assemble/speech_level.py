"""One speech level for every clip, whichever engine spoke it.

The loudness pass (``loudness.py``) levels whole parts, but one part mixes voices: in
the radio profile a Kokoro anchor introduces an article that Baker reads, and Kokoro's
speech sits about 2 dB under Baker's (active-frame RMS -22.7 against -20.8 dBFS on the
seed, with 3.5 dB higher peaks), so the anchor would come in quieter than the report
after it, in every chapter. Each clip is brought to ``SPEECH_LEVEL_DB`` before joining,
measured on its speaking frames only (pauses would make a halting clip read as quiet),
and never pushed past ``PEAK_CEILING_DB``: the part's limiter comes later, but the
clip is int16 until then.
"""

from __future__ import annotations

import numpy as np

from audio_edition.assemble.pcm import EDITION_RATE, with_gain

FRAME = EDITION_RATE // 50  # 20 ms: clips are levelled at the edition rate
ACTIVE_DB = -40.0  # a frame this loud or louder is speech, not a pause
SPEECH_LEVEL_DB = -21.5  # between the two offline voices, so each moves about 1 dB
PEAK_CEILING_DB = -1.0


def speech_level_db(samples: np.ndarray) -> float | None:
    """RMS over the speaking frames of float samples in [-1, 1], in dBFS; None if silent."""
    count = len(samples) // FRAME
    if count == 0:
        return None
    power = np.mean(samples[: count * FRAME].reshape(count, FRAME) ** 2, axis=1)
    active = power[power >= 10 ** (ACTIVE_DB / 10)]
    if active.size == 0:
        return None
    return float(10 * np.log10(np.mean(active)))


def levelled(pcm: bytes) -> bytes:
    """int16 mono ``pcm`` at ``SPEECH_LEVEL_DB`` (its peak kept under the ceiling)."""
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
    level = speech_level_db(samples)
    if level is None:
        return pcm
    peak = float(np.max(np.abs(samples)))
    gain_db = min(SPEECH_LEVEL_DB - level, PEAK_CEILING_DB - 20 * np.log10(peak))
    if abs(gain_db) < 0.05:
        return pcm
    return with_gain(pcm, gain_db)
