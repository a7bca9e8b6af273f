"""Write a clip as a WAV file, for ``audio-edition say`` and for listening to one clip."""

from __future__ import annotations

import wave
from pathlib import Path

from audio_edition import atomic
from audio_edition.models import Clip


def write_wav(clip: Clip, path: Path) -> None:
    """16-bit mono WAV at the clip's rate, written to a temp name and renamed into place
    so a player never opens half a file."""
    with atomic.atomic_path(Path(path)) as tmp, wave.open(str(tmp), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(clip.sample_rate)
        out.writeframes(clip.pcm)
