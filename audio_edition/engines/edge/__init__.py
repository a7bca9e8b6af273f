"""The online ``edge`` engine: Microsoft's neural Mandarin voices through edge-tts.

Modules by concern: ``chunks`` (splitting long Chinese text), ``protocol`` (wire
values), ``client`` (one chunk over one websocket), ``retry`` (which faults pass),
``audio`` (MP3 -> PCM), ``endpoint`` (which URL), ``voices``, ``probe`` and ``engine``.
"""

from audio_edition.engines.edge.engine import EdgeEngine
from audio_edition.engines.edge.probe import probe
from audio_edition.engines.edge.voices import MANDARIN_VOICES, refresh_voices

__all__ = ["MANDARIN_VOICES", "EdgeEngine", "probe", "refresh_voices"]
