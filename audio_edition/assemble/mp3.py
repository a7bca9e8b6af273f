"""Encode the edition's PCM to the MP3 podcast apps expect: mono, 44.1 kHz, CBR.

CBR because chapter times and seeking are then exact in every player (VBR seeking is
estimated from a TOC). The PCM is piped to ffmpeg's stdin, and ffmpeg writes a temp
file beside the destination that is renamed into place only when it succeeded.
"""

from __future__ import annotations

from pathlib import Path

from audio_edition.assemble.ffmpeg import run_ffmpeg
from audio_edition.assemble.pcm import SAMPLE_BYTES
from audio_edition.atomic import atomic_path
from audio_edition.errors import InputError

MP3_RATE = 44100
# libmp3lame's MPEG-1 Layer III bitrates at 44.1 kHz; anything else is silently rounded.
MP3_BITRATES_KBPS = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)


def encode_mp3(pcm: bytes, sample_rate: int, dest: Path, *, bitrate_kbps: int = 64) -> None:
    """Write mono int16 ``pcm`` to ``dest`` as mono 44.1 kHz CBR MP3, atomically.

    No ID3 tag is written here (``write_tags`` owns the tag), so the file is pure
    audio frames behind a LAME/Info header that carries the exact length for gapless
    playback.
    """
    dest = Path(dest)
    if sample_rate <= 0:
        raise InputError(f"invalid sample rate {sample_rate} for MP3 encoding")
    if not pcm or len(pcm) % SAMPLE_BYTES:
        raise InputError(f"cannot encode {len(pcm)} bytes as 16-bit PCM audio")
    if bitrate_kbps not in MP3_BITRATES_KBPS:
        raise InputError(f"unsupported MP3 bitrate {bitrate_kbps} kbps")
    with atomic_path(dest) as tmp:
        run_ffmpeg(
            [
                *("-f", "s16le", "-ar", sample_rate, "-ac", 1, "-i", "pipe:0"),
                *("-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k", "-ar", MP3_RATE, "-ac", 1),
                *("-map_metadata", "-1", "-id3v2_version", "0", "-write_id3v1", "0"),
                *("-f", "mp3", "-y", tmp),
            ],
            what=f"encode {dest.name}",
            stdin=pcm,
        )
