"""The small interface every speech engine implements, and the values it speaks in.

An engine turns one spoken sentence into a ``Clip``. The clip cache and the build only
see this interface, so adding an engine never touches them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from audio_edition.models import Clip


@dataclass(frozen=True)
class VoiceSettings:
    """How one role sounds: which voice of which engine, and its rate/pitch/volume.

    ``rate`` and ``volume`` are percent changes (+10 = 10 % faster/louder), ``pitch`` is
    in Hz, the units edge-tts uses; the offline engine maps them onto its ratios.
    """

    engine: str
    voice: str
    rate: int = 0
    pitch: int = 0
    volume: int = 0


@dataclass(frozen=True)
class Voice:
    """A voice an engine offers, for ``audio-edition voices``."""

    id: str
    gender: str = ""
    locale: str = "zh-CN"
    note: str = ""


@dataclass(frozen=True)
class ClipRequest:
    """One sentence to speak (already normalised Mandarin) with the voice to speak it in."""

    text: str
    voice: VoiceSettings


ClipCallback = Callable[[int, Clip], None]


@runtime_checkable
class Engine(Protocol):
    """A speech engine.

    ``prepare`` returns exactly what the model will be fed for a text (after lexicon
    overrides); the clip cache keys on it together with ``id``, ``version`` and
    ``fingerprint()``, so a lexicon edit re-synthesises only the sentences it touches.
    """

    id: str
    version: str

    def fingerprint(self) -> str:
        """A checksum of the model (or protocol) that changes whenever its output could."""
        ...

    def voices(self) -> list[Voice]: ...

    def prepare(self, request: ClipRequest) -> str: ...

    def synthesise(self, request: ClipRequest) -> Clip: ...

    def synthesise_many(
        self, requests: Sequence[ClipRequest], *, jobs: int, on_clip: ClipCallback
    ) -> None:
        """Speak every request, calling ``on_clip(index, clip)`` in the caller's thread as
        each one finishes (so it can be cached at once and a killed run resumes).

        Raises ``SynthesisFailed`` with the failed indices after the others finished.
        """
        ...
