"""Mandarin reading of printed text: digits, dates, codes, symbols and Latin letters
become what a newsreader says (see ``reading`` for the order of the rules)."""

from audio_edition.normalize.alphabet import PAUSE_MARKS, LatinMode, is_spoken_clean
from audio_edition.normalize.reading import READING_ORDER, normalize

__all__ = ["PAUSE_MARKS", "READING_ORDER", "LatinMode", "is_spoken_clean", "normalize"]
