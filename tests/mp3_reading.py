"""Reading MP3 files back as independent readers do: ffmpeg's decoder and ID3 demuxer,
and the frames themselves (parsed here, not by the code under test)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import imageio_ffmpeg
import numpy as np
from mutagen.id3 import ID3

RATE = 44_100
SOUND_LEVEL = 104  # -50 dBFS: where a word's first sound is taken to begin
_KBPS = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)


def decode(path: Path) -> np.ndarray:
    """ffmpeg's gapless decode (it honours the Info/LAME header's delay and padding)."""
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path)]
    done = subprocess.run(
        [*command, "-f", "s16le", "-ac", "1", "-ar", str(RATE), "pipe:1"],
        capture_output=True,
        check=True,
    )
    return np.frombuffer(done.stdout, dtype="<i2").astype(np.int32)


def ffmpeg_chapters(path: Path) -> list[dict[str, str]]:
    done = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "ffmetadata", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return [
        dict(line.split("=", 1) for line in block.strip().splitlines() if "=" in line)
        for block in done.stdout.split("[CHAPTER]")[1:]
    ]


def audio_frames(path: Path) -> bytes:
    """The file's MP3 audio frames: after its ID3 tag and its Info/LAME header frame."""
    return untagged_frames(path.read_bytes()[ID3(path).size :])


def untagged_frames(data: bytes) -> bytes:
    """A stream file's audio frames: after its Info header frame (it has no ID3 tag)."""
    assert data[21:25] == b"Info"
    return data[144 * _KBPS[data[2] >> 4] * 1000 // RATE + (data[2] >> 1 & 1) :]


def sound(samples: np.ndarray) -> np.ndarray:
    """Indices of the samples at ``SOUND_LEVEL`` or louder."""
    return np.flatnonzero(np.abs(samples) >= SOUND_LEVEL)
