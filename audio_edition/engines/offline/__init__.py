"""The embedded offline Mandarin voice (Baker FastSpeech2 + MB-MelGAN on LiteRT)."""

from audio_edition.engines.offline.engine import OfflineEngine

__all__ = ["OfflineEngine"]
