"""What the edge service's wire format wants from us and gives back.

Kept apart from the network code so the small conversions (prosody strings, 100-ns
ticks, the fixed output format) can be tested without a connection.
"""

from __future__ import annotations

from dataclasses import dataclass

import edge_tts

# edge-tts always asks for this format; the fingerprint and the decoder rely on it.
OUTPUT_FORMAT = "audio-24khz-48kbitrate-mono-mp3"
SAMPLE_RATE = 24_000
MP3_BITRATE_BPS = 48_000
TICKS_PER_SECOND = 10_000_000

EDGE_TTS_VERSION: str = edge_tts.__version__


@dataclass(frozen=True)
class Boundary:
    """A ``SentenceBoundary`` as the service reports it, in 100-ns ticks from the start
    of the chunk's audio."""

    text: str
    offset: int
    duration: int

    @property
    def start_s(self) -> float:
        return self.offset / TICKS_PER_SECOND

    @property
    def end_s(self) -> float:
        return (self.offset + self.duration) / TICKS_PER_SECOND


@dataclass(frozen=True)
class ChunkAudio:
    """One chunk's reply: the MP3 stream exactly as received and its sentence marks."""

    mp3: bytes
    boundaries: tuple[Boundary, ...]


def _signed(value: int, unit: str) -> str:
    # edge-tts validates with ``^[+-]\d+%$`` / ``^[+-]\d+Hz$``: the sign is mandatory,
    # even for zero.
    return f"{'-' if value < 0 else '+'}{abs(int(value))}{unit}"


def format_rate(percent: int) -> str:
    """``10`` -> ``"+10%"``: a relative speaking-rate change."""
    return _signed(percent, "%")


def format_volume(percent: int) -> str:
    """``-20`` -> ``"-20%"``: a relative loudness change."""
    return _signed(percent, "%")


def format_pitch(hertz: int) -> str:
    """``-5`` -> ``"-5Hz"``: a pitch shift in hertz."""
    return _signed(hertz, "Hz")
