import asyncio

import aiohttp
import pytest
from edge_tts.exceptions import NoAudioReceived, WebSocketError

from audio_edition.engines.base import VoiceSettings
from audio_edition.engines.edge.client import communicate_for, fetch_chunk
from audio_edition.engines.edge.endpoint import speech_endpoint
from audio_edition.engines.edge.protocol import ChunkAudio
from audio_edition.engines.edge.retry import ChunkTimedOut, StreamInterrupted
from tests.fake_edge import FakeEdgeServer, Fault, fake_speech

VOICE = VoiceSettings("edge", "zh-CN-XiaoxiaoNeural", rate=-10, pitch=5, volume=20)
TEXT = "电影节开幕了。观众很多！"


def fetch(server: FakeEdgeServer, text: str = TEXT, timeout: float = 5.0) -> ChunkAudio:
    with speech_endpoint(server.url):
        return asyncio.run(fetch_chunk(text, VOICE, timeout=timeout))


def test_voice_prosody_and_text_reach_the_server_as_sent() -> None:
    with FakeEdgeServer() as server:
        fetch(server, "A&B<C>电影。")
    [seen] = server.requests
    assert seen.voice == "zh-CN-XiaoxiaoNeural"
    assert seen.text == "A&B<C>电影。"  # escaped on the wire, intact after unescaping
    assert (seen.rate, seen.pitch, seen.volume) == ("-10%", "+5Hz", "+20%")


def test_audio_and_sentence_boundaries_come_back() -> None:
    with FakeEdgeServer() as server:
        audio = fetch(server)
    mp3, marks = fake_speech(TEXT)
    assert audio.mp3 == mp3
    assert [b.text for b in audio.boundaries] == ["电影节开幕了。", "观众很多！"]
    assert [(b.offset, b.duration) for b in audio.boundaries] == [
        (m["offset"], m["duration"]) for m in marks
    ]


def test_timeouts_are_passed_as_int() -> None:
    communicate = communicate_for(TEXT, VOICE, timeout=0.3)
    assert communicate.session_timeout.sock_read == 1
    assert isinstance(communicate.session_timeout.sock_connect, int)


def test_stream_closed_before_turn_end_is_detected() -> None:
    # edge-tts itself returns the half stream as if it were complete.
    with FakeEdgeServer(faults=[Fault.MIDWAY]) as server, pytest.raises(StreamInterrupted):
        fetch(server)


def test_stall_is_bounded_by_the_wall_timeout() -> None:
    with FakeEdgeServer(faults=[Fault.STALL]) as server, pytest.raises(ChunkTimedOut) as caught:
        fetch(server, timeout=0.3)
    assert "0.3 s" in str(caught.value)


def test_no_audio_is_reported() -> None:
    with FakeEdgeServer(faults=[Fault.NO_AUDIO]) as server, pytest.raises(NoAudioReceived):
        fetch(server)


def test_broken_websocket_frame_is_a_websocket_error() -> None:
    with FakeEdgeServer(faults=[Fault.BAD_FRAME]) as server, pytest.raises(WebSocketError):
        fetch(server)


def test_edge_tts_retries_a_403_once_then_gives_up() -> None:
    with FakeEdgeServer(faults=lambda n: Fault.FORBIDDEN) as server:
        with pytest.raises(aiohttp.ClientResponseError) as caught:
            fetch(server)
        assert caught.value.status == 403
        assert server.connections == 2
