"""Audio edition: news pages to a spoken edition."""

from audio_edition.pronounce import pinyin

__all__ = ["pinyin"]
