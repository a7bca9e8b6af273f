"""A tiny real Engine for tests of the stages around engines: it speaks a tone whose
length follows the text, counts what it was asked, and fails on request."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from audio_edition.engines.base import ClipCallback, ClipRequest, Voice
from audio_edition.errors import SynthesisFailed
from audio_edition.models import Clip, SentenceTiming

RATE = 24000


def tone_clip(text: str, seconds_per_char: float = 0.05, freq: float = 440.0) -> Clip:
    seconds = max(0.2, len(text) * seconds_per_char)
    t = np.arange(int(seconds * RATE)) / RATE
    wave = 0.3 * np.sin(2 * math.pi * freq * t) * (0.6 + 0.4 * np.sin(2 * math.pi * 3 * t))
    pcm = (wave * 32767).astype("<i2").tobytes()
    return Clip(pcm, RATE, [SentenceTiming(text, 0.0, seconds)], engine="tone")


class ToneEngine:
    id = "tone"
    version = "1"

    def __init__(self, fail_on: set[str] | None = None) -> None:
        self.fail_on = fail_on or set()
        self.spoken: list[str] = []

    def fingerprint(self) -> str:
        return "tone-model"

    def voices(self) -> list[Voice]:
        return [Voice("a4", note="440 Hz")]

    def prepare(self, request: ClipRequest) -> str:
        return request.text

    def synthesise(self, request: ClipRequest) -> Clip:
        if request.text in self.fail_on:
            raise SynthesisFailed(f"refused {request.text}")
        self.spoken.append(request.text)
        return tone_clip(request.text)

    def synthesise_many(
        self, requests: Sequence[ClipRequest], *, jobs: int, on_clip: ClipCallback
    ) -> None:
        failed = {}
        for index, request in enumerate(requests):
            try:
                on_clip(index, self.synthesise(request))
            except SynthesisFailed as exc:
                failed[index] = str(exc)
        if failed:
            raise SynthesisFailed("some failed", failed)
