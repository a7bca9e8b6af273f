"""A stand-in for Microsoft's edge speech service, on 127.0.0.1, for tests.

It speaks the real wire protocol (the one edge-tts 7.3 talks), so the whole engine runs
unchanged against it, and it can misbehave on purpose the ways the real service does.

    with FakeEdgeServer(faults={0: Fault.UNAVAILABLE}) as server:
        monkeypatch.setenv("AUDIO_EDITION_EDGE_URL", server.url)
        ...
        assert server.requests[0].voice == "zh-CN-YunyangNeural"

``faults`` decides per connection number (0, 1, 2… in arrival order, every handshake
counts, retries included): a mapping ``{number: fault}``, a sequence (``faults[n]``,
``ok`` past its end) or a callable ``number -> fault``. ``text_faults`` decides after the
SSML arrived, from the text: ``text -> fault or None``. The audio is real MP3 (24 kHz,
48 kbps, mono, as the service sends): 0.3 s of silence, a 0.26 s tone per Han character
or Latin letter/digit, 0.3 s of silence.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from html import unescape
from typing import Any

import edge_tts.drm
import imageio_ffmpeg
from aiohttp import web

SPEECH_PATH = "/consumer/speech/synthesize/readaloud/edge/v1"
VOICES_PATH = "/consumer/speech/synthesize/readaloud/voices/list"
BYTES_PER_SECOND = 48_000 // 8
TICKS_PER_SECOND = 10_000_000
FRAME_BYTES = 4096

DEFAULT_VOICE_LIST: list[dict[str, Any]] = [
    {
        "Name": "Microsoft Server Speech Text to Speech Voice (zh-CN, XiaoxiaoNeural)",
        "ShortName": "zh-CN-XiaoxiaoNeural",
        "Gender": "Female",
        "Locale": "zh-CN",
        "SuggestedCodec": "audio-24khz-48kbitrate-mono-mp3",
        "FriendlyName": "Microsoft Xiaoxiao Online (Natural) - Chinese (Mainland)",
        "Status": "GA",
        "VoiceTag": {"ContentCategories": ["News", "Novel"], "VoicePersonalities": ["Warm"]},
    },
    {
        "Name": "Microsoft Server Speech Text to Speech Voice (zh-CN, YunyangNeural)",
        "ShortName": "zh-CN-YunyangNeural",
        "Gender": "Male",
        "Locale": "zh-CN",
        "SuggestedCodec": "audio-24khz-48kbitrate-mono-mp3",
        "FriendlyName": "Microsoft Yunyang Online (Natural) - Chinese (Mainland)",
        "Status": "GA",
        "VoiceTag": {"ContentCategories": ["News"], "VoicePersonalities": ["Professional"]},
    },
    {
        "Name": "Microsoft Server Speech Text to Speech Voice (en-US, EmmaNeural)",
        "ShortName": "en-US-EmmaNeural",
        "Gender": "Female",
        "Locale": "en-US",
        "SuggestedCodec": "audio-24khz-48kbitrate-mono-mp3",
        "FriendlyName": "Microsoft Emma Online (Natural) - English (United States)",
        "Status": "GA",
        "VoiceTag": {},
    },
]


class Fault(str, Enum):
    """What the fake does with one connection."""

    OK = "ok"
    REFUSE = "refuse"  # drop the TCP connection before answering the handshake
    TOO_MANY = "429"
    UNAVAILABLE = "503"
    FORBIDDEN = "403"  # with a Date header, as the service sends it
    UNAUTHORIZED = "401"
    NO_AUDIO = "no_audio"  # turn.start, turn.end, no audio
    MIDWAY = "midway"  # half the audio, then a clean close without turn.end
    RESET = "reset"  # half the audio, then the TCP connection is aborted
    STALL = "stall"  # turn.start, a little audio, then silence until the client leaves
    TRUNCATED = "truncated"  # a sixth of the audio, then a normal turn.end
    BAD_FRAME = "bad_frame"  # half the audio, then bytes that are no websocket frame


HANDSHAKE_STATUS = {
    Fault.TOO_MANY: 429,
    Fault.UNAVAILABLE: 503,
    Fault.FORBIDDEN: 403,
    Fault.UNAUTHORIZED: 401,
}

FaultPlan = (
    Mapping[int, "Fault | str"] | Sequence["Fault | str"] | Callable[[int], "Fault | str"] | None
)


@dataclass(frozen=True)
class SeenRequest:
    """A synthesis request as the fake received it (voice in its short form)."""

    number: int
    voice: str
    text: str
    rate: str
    pitch: str
    volume: str


_SSML = re.compile(
    r"<voice name='(?P<voice>[^']*)'>"
    r"<prosody pitch='(?P<pitch>[^']*)' rate='(?P<rate>[^']*)' volume='(?P<volume>[^']*)'>"
    r"(?P<text>.*)</prosody></voice>",
    re.DOTALL,
)
_LONG_VOICE = re.compile(r"^Microsoft Server Speech Text to Speech Voice \((.+), (.+)\)$")
_SPOKEN_UNIT = re.compile(r"[\u3400-\u9fff0-9A-Za-z]")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*")


def short_voice(name: str) -> str:
    """``Microsoft Server Speech Text to Speech Voice (zh-CN, YunyangNeural)`` ->
    ``zh-CN-YunyangNeural`` (the form the engine was given)."""
    match = _LONG_VOICE.match(name)
    return f"{match.group(1)}-{match.group(2)}" if match else name


def spoken_units(text: str) -> int:
    """Han characters plus Latin letters and digits: what takes time to say."""
    return len(_SPOKEN_UNIT.findall(text))


_audio_lock = threading.Lock()
_audio: dict[str, bytes] = {}


def _encode(source: str) -> bytes:
    """A short MP3 stream from an ffmpeg lavfi source, without Xing/ID3 headers (the
    service sends bare frames), so streams concatenate into one valid stream."""
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-hide_banner",
        "-loglevel",
        "error",
        "-f",
        "lavfi",
        "-i",
        source,
        "-ac",
        "1",
        "-ar",
        "24000",
        "-c:a",
        "libmp3lame",
        "-b:a",
        "48k",
        "-write_xing",
        "0",
        "-id3v2_version",
        "0",
        "-f",
        "mp3",
        "pipe:1",
    ]
    return subprocess.run(command, capture_output=True, check=True).stdout


def audio_pieces() -> tuple[bytes, bytes]:
    """(silence, one syllable of tone), encoded once per process."""
    with _audio_lock:
        if not _audio:
            _audio["silence"] = _encode("anullsrc=r=24000:cl=mono:d=0.3")
            _audio["tone"] = _encode("sine=frequency=330:sample_rate=24000:duration=0.2")
        return _audio["silence"], _audio["tone"]


def fake_speech(text: str) -> tuple[bytes, list[dict[str, Any]]]:
    """The MP3 and the SentenceBoundary list the fake answers ``text`` with."""
    silence, tone = audio_pieces()
    tone_ticks = len(tone) * TICKS_PER_SECOND // BYTES_PER_SECOND
    offset = len(silence) * TICKS_PER_SECOND // BYTES_PER_SECOND
    boundaries = []
    for sentence in _SENTENCE.findall(text):
        units = spoken_units(sentence)
        if not sentence.strip() or not units:
            continue
        boundaries.append(
            {"text": sentence.strip(), "offset": offset, "duration": units * tone_ticks}
        )
        offset += units * tone_ticks
    return silence + tone * spoken_units(text) + silence, boundaries


def _text_frame(request_id: str, path: str, body: str) -> str:
    return (
        f"X-RequestId:{request_id}\r\n"
        "Content-Type:application/json; charset=utf-8\r\n"
        f"Path:{path}\r\n\r\n{body}"
    )


def _audio_frame(request_id: str, data: bytes) -> bytes:
    # edge-tts reads the length prefix as part of the first header line, so Path:audio
    # must not come first, and the header block ends with exactly one CRLF.
    header = (f"X-RequestId:{request_id}\r\nContent-Type:audio/mpeg\r\nPath:audio\r\n").encode()
    return len(header).to_bytes(2, "big") + header + data


def _metadata_body(boundary: dict[str, Any]) -> str:
    from xml.sax.saxutils import escape

    return json.dumps(
        {
            "Metadata": [
                {
                    "Type": "SentenceBoundary",
                    "Data": {
                        "Offset": boundary["offset"],
                        "Duration": boundary["duration"],
                        "text": {
                            "Text": escape(boundary["text"]),
                            "Length": len(boundary["text"]),
                            "BoundaryType": "SentenceBoundary",
                        },
                    },
                }
            ]
        },
        ensure_ascii=False,
    )


class FakeEdgeServer:
    """The fake service, run in a background thread; use it as a context manager."""

    def __init__(
        self,
        faults: FaultPlan = None,
        *,
        text_faults: Callable[[str], Fault | str | None] | None = None,
        latency: float = 0.0,
        voice_list: list[dict[str, Any]] | None = None,
    ) -> None:
        self.faults = faults
        self.text_faults = text_faults
        self.latency = latency
        self.voice_list = DEFAULT_VOICE_LIST if voice_list is None else voice_list
        self.port = 0
        self._lock = threading.Lock()
        self._connections = 0
        self._open = 0
        self._max_open = 0
        self._requests: list[SeenRequest] = []
        self._voice_list_calls = 0
        self._sockets: set[web.WebSocketResponse] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    # -- what tests read ---------------------------------------------------------------

    @property
    def url(self) -> str:
        """The websocket URL, in the form of edge-tts's ``WSS_URL``."""
        return f"ws://127.0.0.1:{self.port}{SPEECH_PATH}?TrustedClientToken=x"

    @property
    def voices_url(self) -> str:
        """The voice-list URL, in the form of edge-tts's ``VOICE_LIST``."""
        return f"http://127.0.0.1:{self.port}{VOICES_PATH}?trustedclienttoken=x"

    @property
    def connections(self) -> int:
        """Handshakes received (every attempt, refused ones included)."""
        with self._lock:
            return self._connections

    @property
    def max_open(self) -> int:
        """The most connections that were open at the same moment."""
        with self._lock:
            return self._max_open

    @property
    def requests(self) -> list[SeenRequest]:
        """Synthesis requests whose SSML arrived, in arrival order."""
        with self._lock:
            return list(self._requests)

    @property
    def voice_list_calls(self) -> int:
        with self._lock:
            return self._voice_list_calls

    # -- lifecycle ---------------------------------------------------------------------

    def __enter__(self) -> FakeEdgeServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        # A 403 from an earlier test leaves edge-tts's class-global clock skew set.
        edge_tts.drm.DRM.clock_skew_seconds = 0.0
        audio_pieces()
        self._thread = threading.Thread(target=self._serve, name="fake-edge", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None:
            raise RuntimeError(f"fake edge server did not start: {self._error}")

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None:
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(10)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
        self._loop = self._thread = None
        edge_tts.drm.DRM.clock_skew_seconds = 0.0

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._startup())
        except BaseException as exc:  # reported to start() in the test thread
            self._error = exc
            self._ready.set()
            loop.close()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.close()

    async def _startup(self) -> None:
        app = web.Application()
        app.router.add_get(SPEECH_PATH, self._speech)
        app.router.add_get(VOICES_PATH, self._voices)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]

    async def _shutdown(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- the service -------------------------------------------------------------------

    def _fault_for(self, number: int) -> Fault:
        plan = self.faults
        if plan is None:
            return Fault.OK
        if callable(plan):
            return Fault(plan(number))
        if isinstance(plan, Mapping):
            return Fault(plan.get(number, Fault.OK))
        return Fault(plan[number]) if number < len(plan) else Fault.OK

    async def _voices(self, request: web.Request) -> web.Response:
        with self._lock:
            self._voice_list_calls += 1
        return web.json_response(self.voice_list)

    async def _speech(self, request: web.Request) -> web.StreamResponse:
        with self._lock:
            number = self._connections
            self._connections += 1
            self._open += 1
            self._max_open = max(self._max_open, self._open)
        try:
            return await self._answer(request, number)
        finally:
            with self._lock:
                self._open -= 1

    async def _answer(self, request: web.Request, number: int) -> web.StreamResponse:
        fault = self._fault_for(number)
        if fault is Fault.REFUSE:
            assert request.transport is not None
            request.transport.abort()
            return web.Response(status=500)  # never reaches the client
        if fault in HANDSHAKE_STATUS:
            # aiohttp adds the Date header edge-tts reads to correct its clock on a 403.
            return web.Response(status=HANDSHAKE_STATUS[fault], text=fault.value)

        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.add(ws)
        try:
            await self._converse(ws, request, number, fault)
        finally:
            self._sockets.discard(ws)
        return ws

    async def _converse(
        self, ws: web.WebSocketResponse, request: web.Request, number: int, fault: Fault
    ) -> None:
        config = await ws.receive_str()
        if "Path:speech.config" not in config:
            await ws.close(message=b"expected speech.config")
            return
        ssml_frame = await ws.receive_str()
        match = _SSML.search(ssml_frame)
        if "Path:ssml" not in ssml_frame or match is None:
            await ws.close(message=b"expected ssml")
            return
        text = unescape(match["text"])
        seen = SeenRequest(
            number=number,
            voice=short_voice(match["voice"]),
            text=text,
            rate=match["rate"],
            pitch=match["pitch"],
            volume=match["volume"],
        )
        with self._lock:
            self._requests.append(seen)
        if fault is Fault.OK and self.text_faults is not None:
            fault = Fault(self.text_faults(text) or Fault.OK)
        if self.latency:
            await asyncio.sleep(self.latency)

        request_id = uuid.uuid4().hex
        mp3, boundaries = fake_speech(text)
        if fault is Fault.TRUNCATED:
            mp3 = mp3[: len(mp3) // 6 // 144 * 144]
        elif fault in (Fault.MIDWAY, Fault.RESET, Fault.STALL, Fault.BAD_FRAME):
            mp3 = mp3[: len(mp3) // 2]
        elif fault is Fault.NO_AUDIO:
            mp3 = b""

        await ws.send_str(_text_frame(request_id, "turn.start", "{}"))
        for start in range(0, len(mp3), FRAME_BYTES):
            await ws.send_bytes(_audio_frame(request_id, mp3[start : start + FRAME_BYTES]))
        if fault is Fault.MIDWAY:
            await ws.close()
            return
        if fault is Fault.RESET:
            assert request.transport is not None
            request.transport.abort()
            return
        if fault is Fault.BAD_FRAME:
            # Reserved opcode 0xF: the client's websocket reader reports a protocol error.
            assert request.transport is not None
            request.transport.write(b"\x8f\x00")
            async for _ in ws:
                pass
            return
        if fault is Fault.STALL:
            async for _ in ws:  # until the client gives up and closes
                pass
            return
        for boundary in boundaries:
            await ws.send_str(_text_frame(request_id, "audio.metadata", _metadata_body(boundary)))
        await ws.send_str(_text_frame(request_id, "turn.end", "{}"))
        await ws.close()
