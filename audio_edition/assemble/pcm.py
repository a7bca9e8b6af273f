"""Raw mono 16-bit PCM: silence, exact lengths, resampling and decoding via ffmpeg.

Assembly works on raw little-endian int16 bytes rather than pydub segments, so joining
an edition is one ``bytes.join`` and lengths are counted in samples, never re-derived
from rounded milliseconds.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from audio_edition.assemble.ffmpeg import run_ffmpeg
from audio_edition.errors import InputError

SAMPLE_BYTES = 2  # int16 mono
EDITION_RATE = (
    24000  # the engines deliver 24 kHz mono int16; the edition stays there until encoding
)


def samples_for_ms(ms: int, sample_rate: int) -> int:
    """Sample count of ``ms`` milliseconds (exact at 24 kHz, where 1 ms is 24 samples)."""
    return ms * sample_rate // 1000


def ms_at(samples: int, sample_rate: int) -> int:
    """Nearest whole millisecond of a sample offset (clip spans are in ms)."""
    return (samples * 1000 + sample_rate // 2) // sample_rate


def ms_before(samples: int, sample_rate: int) -> int:
    """The whole millisecond at or before a sample offset: a chapter that starts there
    never starts after its first sound, and the last one never ends past the audio."""
    return samples * 1000 // sample_rate


# A sample this loud (-50 dBFS) starts a chapter's first word: the onset of speech, well
# below anything a listener hears as the word, well above the coding noise of silence.
SOUND_LEVEL = 104
_SEARCH_BLOCK = 24_000


def first_sound(pcm: bytes) -> int | None:
    """Index of the first sample at ``SOUND_LEVEL`` or louder, or None for silence.

    Searched a second at a time (24 kHz) on the int16 samples themselves: widening a
    whole chapter to take its absolute value would hold several copies of it at once.
    """
    samples = np.frombuffer(pcm, dtype="<i2")
    for start in range(0, len(samples), _SEARCH_BLOCK):
        block = samples[start : start + _SEARCH_BLOCK]
        loud = np.flatnonzero((block >= SOUND_LEVEL) | (block <= -SOUND_LEVEL))
        if loud.size:
            return start + int(loud[0])
    return None


def silence(samples: int) -> bytes:
    return bytes(samples * SAMPLE_BYTES)


def fit_length(pcm: bytes, samples: int) -> bytes:
    """Trim or zero-pad to exactly ``samples``: ffmpeg's resamplers may add or drop a few
    samples at the edges, and every span downstream depends on lengths being exact."""
    want = samples * SAMPLE_BYTES
    if len(pcm) == want:
        return pcm
    if len(pcm) > want:
        return pcm[:want]
    return pcm + bytes(want - len(pcm))


def with_gain(pcm: bytes, gain_db: float) -> bytes:
    """int16 ``pcm`` scaled by ``gain_db``, rounded and clipped.

    numpy rather than pydub's ``apply_gain``: ``audioop.mul`` under it truncates towards
    zero, a small bias on quiet samples."""
    scaled = np.frombuffer(pcm, dtype="<i2").astype(np.float64) * 10 ** (gain_db / 20)
    return np.clip(np.rint(scaled), -32768, 32767).astype("<i2").tobytes()


def resampled_length(samples: int, from_rate: int, to_rate: int) -> int:
    return (samples * to_rate + from_rate // 2) // from_rate


def resample_pcm(pcm: bytes, from_rate: int, to_rate: int) -> bytes:
    """Resample mono int16 PCM with ffmpeg's resampler to an exactly predictable length."""
    if from_rate == to_rate:
        return pcm
    samples = len(pcm) // SAMPLE_BYTES
    done = run_ffmpeg(
        [
            *("-f", "s16le", "-ar", from_rate, "-ac", 1, "-i", "pipe:0"),
            *("-f", "s16le", "-ar", to_rate, "-ac", 1, "pipe:1"),
        ],
        what=f"resample audio from {from_rate} Hz to {to_rate} Hz",
        stdin=pcm,
    )
    return fit_length(done.stdout, resampled_length(samples, from_rate, to_rate))


def decode_to_pcm(path: Path, sample_rate: int = EDITION_RATE) -> bytes:
    """Any audio file ffmpeg can read -> mono int16 PCM at ``sample_rate``.

    Used instead of pydub's loader because pydub probes with ffprobe, which this
    machine does not have.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such audio file")
    done = run_ffmpeg(
        ["-i", path, "-map", "0:a:0", "-f", "s16le", "-ar", sample_rate, "-ac", 1, "pipe:1"],
        what=f"decode {path.name}",
    )
    return done.stdout
