"""The service's MP3 -> the mono 16-bit PCM a ``Clip`` holds, and where its sound is.

Decoding goes through the ffmpeg binary of imageio-ffmpeg (pipe in, pipe out; there is
no ffprobe) as an asyncio subprocess, so other connections keep streaming meanwhile.
"""

from __future__ import annotations

import asyncio

import numpy as np

from audio_edition.assemble.ffmpeg import ffmpeg_exe
from audio_edition.engines.edge.protocol import SAMPLE_RATE
from audio_edition.engines.edge.retry import UndecodableAudio

# Edge's pauses are digital near-silence; -50 dBFS sits well above MP3 noise there and
# well below the quietest speech onset.
SOUND_THRESHOLD = int(32767 * 10 ** (-50 / 20))
WINDOW_S = 0.005


async def decode_mp3(mp3: bytes, sample_rate: int = SAMPLE_RATE) -> bytes:
    """MP3 bytes -> mono int16 little-endian PCM at ``sample_rate``."""
    process = await asyncio.create_subprocess_exec(
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        "-f",
        "mp3",
        "-i",
        "pipe:0",
        "-f",
        "s16le",
        "-acodec",
        "pcm_s16le",
        "-ac",
        "1",
        "-ar",
        str(sample_rate),
        "pipe:1",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        pcm, errors = await process.communicate(mp3)
    finally:
        if process.returncode is None:  # cancelled mid-way: do not leave ffmpeg behind
            process.kill()
            await process.wait()
    if process.returncode != 0 or not pcm:
        detail = " ".join(errors.decode("utf-8", "replace").split())[:160]
        raise UndecodableAudio(f"ffmpeg could not decode the audio ({detail or 'no output'})")
    return pcm[: len(pcm) // 2 * 2]


def sound_span(pcm: bytes, sample_rate: int = SAMPLE_RATE) -> tuple[int, int] | None:
    """Sample indices ``(first, end)`` of the audible part, or None for silence.

    Works on short windows' peaks, so one stray sample does not count as sound onset any
    more than it would to a listener.
    """
    samples = np.frombuffer(pcm, dtype=np.int16)
    if samples.size == 0:
        return None
    window = max(1, int(sample_rate * WINDOW_S))
    usable = samples.size // window * window
    peaks = np.abs(samples[:usable].astype(np.int32)).reshape(-1, window).max(axis=1)
    if usable < samples.size:
        tail = int(np.abs(samples[usable:].astype(np.int32)).max())
        peaks = np.append(peaks, tail)
    loud = np.flatnonzero(peaks > SOUND_THRESHOLD)
    if loud.size == 0:
        return None
    return int(loud[0]) * window, min(samples.size, (int(loud[-1]) + 1) * window)
