"""One chunk of text -> the MP3 and sentence marks the edge service sends back.

A thin layer over ``edge_tts.Communicate`` that adds the two guarantees edge-tts lacks:
a wall-clock bound (its ``receive_timeout`` does not stop a server that trickles or
stalls) and a check that the reply really ended with ``turn.end`` (edge-tts accepts a
stream that simply closes half-way and returns the partial audio as if complete).
"""

from __future__ import annotations

import asyncio
import math

import edge_tts

from audio_edition.engines.base import VoiceSettings
from audio_edition.engines.edge.protocol import (
    Boundary,
    ChunkAudio,
    format_pitch,
    format_rate,
    format_volume,
)
from audio_edition.engines.edge.retry import ChunkTimedOut, StreamInterrupted

CONNECT_TIMEOUT_S = 10


def communicate_for(text: str, voice: VoiceSettings, *, timeout: float) -> edge_tts.Communicate:
    """The ``Communicate`` for one chunk; raises ``ValueError`` for a malformed voice."""
    # edge-tts type-checks its timeouts as int.
    receive = max(1, math.ceil(timeout))
    return edge_tts.Communicate(
        text,
        voice.voice,
        rate=format_rate(voice.rate),
        volume=format_volume(voice.volume),
        pitch=format_pitch(voice.pitch),
        boundary="SentenceBoundary",
        connect_timeout=min(CONNECT_TIMEOUT_S, receive),
        receive_timeout=receive,
    )


def _ended_cleanly(communicate: edge_tts.Communicate, audio_bytes: int) -> bool:
    # edge-tts 7.3 moves a chunk's byte count into ``cumulative_audio_bytes`` only when
    # ``turn.end`` arrives, so a mismatch means the stream closed before the end.
    state = communicate.state
    return state["chunk_audio_bytes"] == 0 and state["cumulative_audio_bytes"] == audio_bytes


async def _receive(communicate: edge_tts.Communicate) -> ChunkAudio:
    audio = bytearray()
    boundaries: list[Boundary] = []
    stream = communicate.stream()
    try:
        async for message in stream:
            if message["type"] == "audio":
                audio += message["data"]
            elif message["type"] == "SentenceBoundary":
                boundaries.append(
                    Boundary(
                        text=message["text"],
                        offset=int(message["offset"]),
                        duration=int(message["duration"]),
                    )
                )
    finally:
        # Close the websocket now, also when the wall timeout cancels us; left to the
        # garbage collector it would stay open and count against the connection cap.
        await stream.aclose()
    if audio and not _ended_cleanly(communicate, len(audio)):
        raise StreamInterrupted(f"stream closed before turn.end after {len(audio)} bytes")
    if not audio:
        raise edge_tts.exceptions.NoAudioReceived("no audio was received")
    return ChunkAudio(mp3=bytes(audio), boundaries=tuple(boundaries))


async def fetch_chunk(text: str, voice: VoiceSettings, *, timeout: float) -> ChunkAudio:
    """Speak ``text`` (sent as is) with ``voice``; at most ``timeout`` seconds of wall time.

    Raises whatever edge-tts or aiohttp raise, ``StreamInterrupted`` or ``ChunkTimedOut``;
    ``retry.classify`` sorts them.
    """
    communicate = communicate_for(text, voice, timeout=timeout)
    try:
        return await asyncio.wait_for(_receive(communicate), timeout)
    except asyncio.TimeoutError:
        raise ChunkTimedOut(f"no complete reply within {timeout:g} s") from None
