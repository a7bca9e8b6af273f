"""Speech engines, chosen by name through one registry.

Engines are imported lazily: the offline engine loads LiteRT, kokoro onnxruntime and
the edge engine aiohttp, and a run needs only one of them.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from audio_edition.engines.base import ClipRequest, Engine, Voice, VoiceSettings

if TYPE_CHECKING:
    from audio_edition.voices import Lexicon

__all__ = ["ClipRequest", "Engine", "EngineName", "Voice", "VoiceSettings", "create_engine"]


class EngineName(str, Enum):
    OFFLINE = "offline"  # embedded Baker voice, no network (the default)
    KOKORO = "kokoro"  # Kokoro-82M Mandarin voices, no network
    EDGE = "edge"  # Microsoft neural voices through edge-tts (online)
    AUTO = "auto"  # edge when its endpoint answers, else offline


def create_engine(name: EngineName, lexicon: Lexicon, *, edge_concurrency: int = 4) -> Engine:
    """The engine called ``name`` (``auto`` must be resolved first, see ``resolve_auto``)."""
    if name is EngineName.OFFLINE:
        from audio_edition.engines.offline import OfflineEngine

        return OfflineEngine(lexicon)
    if name is EngineName.KOKORO:
        from audio_edition.engines.kokoro import KokoroEngine

        return KokoroEngine(lexicon)
    if name is EngineName.EDGE:
        from audio_edition.engines.edge import EdgeEngine

        return EdgeEngine(lexicon, concurrency=edge_concurrency)
    raise ValueError(f"engine {name.value!r} must be resolved before it is created")


def resolve_auto(name: EngineName, *, timeout: float = 2.0) -> tuple[EngineName, str | None]:
    """Turn ``auto`` into a concrete engine with one quick probe; return a note on fallback."""
    if name is not EngineName.AUTO:
        return name, None
    from audio_edition.engines.edge.probe import probe

    if probe(timeout=timeout):
        return EngineName.EDGE, None
    return EngineName.OFFLINE, "edge voices unreachable; built with the offline voice"
