"""Encode PCM to the MP3 podcast apps expect: mono, 44.1 kHz, CBR.

CBR because chapter times and seeking are then exact in every player (VBR seeking is
estimated from a TOC). The PCM is piped to ffmpeg's stdin, and ffmpeg writes a temp
file beside the destination that is renamed into place only when it succeeded.

``whole_frames`` pads the audio with silence to a whole number of MP3 frames (1152
samples at 44.1 kHz). LAME then adds exactly one frame of encoder delay and padding
(576 + 576 samples), so streams made this way join with exactly one frame of silence
between their sounds; see ``streams``.
"""

from __future__ import annotations

from pathlib import Path

from audio_edition.assemble.ffmpeg import run_ffmpeg
from audio_edition.assemble.info_header import (
    SAMPLES_PER_FRAME,
    InfoHeader,
    read_info_header,
    relabelled,
)
from audio_edition.assemble.pcm import SAMPLE_BYTES
from audio_edition.atomic import atomic_path
from audio_edition.errors import InputError

MP3_RATE = 44100
# libmp3lame's MPEG-1 Layer III bitrates at 44.1 kHz; anything else is silently rounded.
MP3_BITRATES_KBPS = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_HEADER_BYTES = 2048  # more than the largest Info frame (320 kbps, 1045 bytes)


def check_bitrate(bitrate_kbps: int) -> None:
    """Refuse a bitrate LAME would silently round (before any audio is made)."""
    if bitrate_kbps not in MP3_BITRATES_KBPS:
        choices = ", ".join(map(str, MP3_BITRATES_KBPS))
        raise InputError(f"unsupported MP3 bitrate {bitrate_kbps} kbps (choose {choices})")


def encoded_length(samples: int, sample_rate: int) -> int:
    """Samples at 44.1 kHz that ffmpeg's resampler makes of ``samples`` (it rounds up)."""
    return -(-samples * MP3_RATE // sample_rate)


def encode_mp3(
    pcm: bytes,
    sample_rate: int,
    dest: Path,
    *,
    bitrate_kbps: int = 64,
    whole_frames: bool = False,
) -> InfoHeader:
    """Write mono int16 ``pcm`` to ``dest`` as mono 44.1 kHz CBR MP3, atomically, and
    return its Info/LAME header.

    No ID3 tag is written here (``write_tags`` owns the tag), so the file is pure
    audio frames behind a LAME/Info header that carries the exact length for gapless
    playback.
    """
    dest = Path(dest)
    if sample_rate <= 0:
        raise InputError(f"invalid sample rate {sample_rate} for MP3 encoding")
    if not pcm or len(pcm) % SAMPLE_BYTES:
        raise InputError(f"cannot encode {len(pcm)} bytes as 16-bit PCM audio")
    check_bitrate(bitrate_kbps)
    filters = [f"aresample={MP3_RATE}"]
    if whole_frames:
        frames = -(-encoded_length(len(pcm) // SAMPLE_BYTES, sample_rate) // SAMPLES_PER_FRAME)
        filters.append(f"apad=whole_len={frames * SAMPLES_PER_FRAME}")
    with atomic_path(dest) as tmp:
        run_ffmpeg(
            [
                *("-f", "s16le", "-ar", sample_rate, "-ac", 1, "-i", "pipe:0"),
                *("-af", ",".join(filters)),
                *("-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k", "-ar", MP3_RATE, "-ac", 1),
                *("-map_metadata", "-1", "-id3v2_version", "0", "-write_id3v1", "0"),
                *("-f", "mp3", "-y", tmp),
            ],
            what=f"encode {dest.name}",
            stdin=pcm,
        )
        with tmp.open("r+b") as handle:
            header = read_info_header(handle.read(_HEADER_BYTES))
            handle.seek(0)
            handle.write(relabelled(header))
    return read_header(dest)


def read_header(path: Path) -> InfoHeader:
    """The Info/LAME header of an MP3 file that starts with it (no ID3 tag in front)."""
    with Path(path).open("rb") as handle:
        return read_info_header(handle.read(_HEADER_BYTES))
