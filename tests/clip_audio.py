"""Synthetic speech clips for assembly tests: sound with exact silent edges, as real clips.

The offline engine leaves 30 ms of silence before a clip's first sound and after its
last; these clips do the same, so where a chapter's first word begins and how long the
silence between two chapters is are known exactly, whatever gain the loudness pass
applies (the sound fades in and out over 5 ms, well above the onset level at once).
"""

from __future__ import annotations

import numpy as np

from audio_edition.cache import ClipCache
from audio_edition.models import Clip
from audio_edition.synthesise import SpokenClip

RATE = 24_000
EDGE_S = 0.03
FADE_S = 0.005


def voiced_clip(seconds: float, seed: int, level: float = 0.3) -> Clip:
    """``seconds`` of a voice-like buzz (harmonics of a gliding pitch, syllable rhythm)
    between ``EDGE_S`` of digital silence on each side."""
    rng = np.random.default_rng(seed)
    sound = int((seconds - 2 * EDGE_S) * RATE)
    t = np.arange(sound) / RATE
    f0 = 170 + 40 * rng.random() + 25 * np.sin(2 * np.pi * 0.6 * t + rng.uniform(0, 6))
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    voiced = sum(np.cos(k * phase + rng.uniform(0, 6)) / k for k in range(1, 12))
    envelope = 0.55 + 0.45 * np.sin(2 * np.pi * 4 * t + rng.uniform(0, 6)) ** 2
    fade = np.minimum(1.0, np.minimum(t, t[::-1]) / FADE_S)
    signal = voiced * envelope * fade
    signal *= level / np.abs(signal).max()
    edge = np.zeros(int(EDGE_S * RATE))
    pcm = np.concatenate([edge, signal, edge])
    return Clip((pcm * 32767).astype("<i2").tobytes(), RATE, engine="test")


def stored_clips(clips: list[Clip], cache: ClipCache, prefix: str) -> list[SpokenClip]:
    """The clips stored in ``cache`` and referenced as synthesis would hand them over."""
    out = []
    for n, clip in enumerate(clips):
        key = f"{prefix}-{n}"
        cache.put(key, clip)
        out.append(SpokenClip(key, "test", "test", cache))
    return out
