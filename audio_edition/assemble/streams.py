"""Chapter streams: each chapter encoded once to MP3 frames, and the edition as their join.

A chapter's audio (after its loudness pass) is encoded into a stream of its own and kept
in the cache under the hash of the chapter's PCM and every setting that shapes the
stream (loudness chain, encoder, bitrate), so a rebuild or a regeneration encodes only
the chapters whose audio changed. The gaps between chapters, and the tail, are short
streams of their own (silence, or the section chime), cached the same way.

MP3 frames are independent units once the bit reservoir is empty, which it is at the
start of every stream LAME writes; so the edition is the streams' audio frames one
after another behind one Info/LAME header for the whole file, with no decode and no
re-encode. Every stream holds a whole number of frames of audio (``whole_frames``), so
LAME's delay and padding come to exactly one frame (1152 samples, 26 ms) of silence at
each join, and every stream's audio starts on a frame boundary of the edition:

    edition sample of stream i's first sample = sum of frames * 1152 of streams before it

(the first stream's delay is the one the file's header announces and players skip).
Joins fall in silence (a chapter ends after its last sound, a gap is silence at its
edges), so the decoder's overlap from one stream into the next adds nothing audible.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from audio_edition import atomic
from audio_edition.assemble.chime import CHIME_VERSION
from audio_edition.assemble.info_header import (
    SAMPLES_PER_FRAME,
    InfoHeader,
    frame_length,
    joined_info_frame,
)
from audio_edition.assemble.loudness import normalise_part
from audio_edition.assemble.mp3 import MP3_RATE, encode_mp3, encoded_length, read_header
from audio_edition.assemble.pcm import first_sound, samples_for_ms
from audio_edition.assemble.timeline import CHIME_BEFORE_MS, PartAudio, gap_audio
from audio_edition.errors import AudioEditionError
from audio_edition.models import Pause

STREAM_VERSION = "2"  # bump when a stream's audio changes for the same input (2: speech level)
LOUDNESS_VERSION = "3"  # bump when normalise_part's output changes (3: -3 dBTP parts)
_COPY_CHUNK = 1 << 20


@dataclass(frozen=True)
class Stream:
    """An encoded stream in the cache, as the edition joins it.

    ``content`` is how many of its samples are the audio it was made from (the rest,
    up to a whole frame, is silence); ``first_sound`` is the sample where that audio
    first reaches ``pcm.SOUND_LEVEL``, or None when it is silent. Both at 44.1 kHz.
    """

    path: Path
    header: InfoHeader
    content: int
    first_sound: int | None

    @property
    def audio_bytes(self) -> int:
        return self.path.stat().st_size - self.header.size

    @property
    def span(self) -> int:
        """Samples the stream occupies in a join: its frames, delay and padding included."""
        return self.header.frames * SAMPLES_PER_FRAME

    @property
    def trailing_silence(self) -> int:
        """Samples from the end of its content to where the next stream's audio starts."""
        return self.span - self.content


@dataclass(frozen=True)
class EncoderSettings:
    bitrate: int = 64

    def salt(self, kind: str) -> bytes:
        return f"{kind}:{MP3_RATE}:{self.bitrate}:{STREAM_VERSION}:{LOUDNESS_VERSION}".encode()


class StreamCache:
    """Streams on disk under ``root``: ``<key>.mp3`` and ``<key>.json`` beside it.

    The JSON (content length, first sound) is written after the MP3, each atomically,
    so a stream exists only when both do: a killed run leaves at worst an orphan MP3
    that the next run encodes again.
    """

    def __init__(self, root: Path, settings: EncoderSettings) -> None:
        self.root = root
        self.settings = settings
        self.encoded = 0
        self.reused = 0
        self._guard = threading.Lock()
        self._making: dict[str, threading.Lock] = {}  # one maker per key at a time

    def chapter(self, part: PartAudio) -> Stream:
        """The chapter's stream: its loudness pass and encode only when not cached."""
        digest = hashlib.sha256(part.pcm)  # not pcm + salt: that would copy the chapter
        digest.update(self.settings.salt("chapter"))
        key = digest.hexdigest()

        def make(dest: Path) -> dict[str, int | None]:
            loud = normalise_part(part)
            encode_mp3(
                loud.pcm,
                loud.sample_rate,
                dest,
                bitrate_kbps=self.settings.bitrate,
                whole_frames=True,
            )
            return {
                "content": encoded_length(loud.samples, loud.sample_rate),
                "first_sound": _at_mp3_rate(first_sound(loud.pcm), loud.sample_rate),
            }

        return self._stream(key, make)

    def gap(self, gap: Pause | None, samples: int, *, chime: bool) -> Stream:
        """A gap of ``samples`` at 44.1 kHz (a whole number of frames); None: the tail.

        Its key names what it holds instead of hashing it: a gap is silence, or silence
        and the chime, and drawing the chime only to look a gap up costs a tenth of a
        second on every build.
        """
        sting = gap is Pause.SECTION and chime
        chimed = f"chime:{CHIME_VERSION}:{CHIME_BEFORE_MS}" if sting else "silence"
        kind = f"gap:{samples}:{chimed}"
        key = hashlib.sha256(self.settings.salt(kind)).hexdigest()

        def make(dest: Path) -> dict[str, int | None]:
            audio = gap_audio(gap or Pause.ARTICLE, samples, MP3_RATE, chime=chime)
            encode_mp3(
                audio.raw_data,
                MP3_RATE,
                dest,
                bitrate_kbps=self.settings.bitrate,
                whole_frames=True,
            )
            return {"content": samples, "first_sound": None}

        return self._stream(key, make)

    def _stream(self, key: str, make: Callable[[Path], dict[str, int | None]]) -> Stream:
        mp3 = self.root / key[:2] / f"{key}.mp3"
        meta = mp3.with_suffix(".json")
        with self._guard:
            making = self._making.setdefault(key, threading.Lock())
        with making:  # two equal chapters in parallel: the second waits, then reuses
            stream = _load(mp3, meta)
            if stream is None:
                facts = make(mp3)
                atomic.write_text(meta, json.dumps(facts))
                stream = _load(mp3, meta)
                fresh = True
            else:
                fresh = False
        with self._guard:
            self.encoded += fresh
            self.reused += not fresh
        if stream is None:  # pragma: no cover - we just wrote both
            raise AudioEditionError(f"stream {mp3} vanished after it was written")
        return stream


def _load(mp3: Path, meta: Path) -> Stream | None:
    try:
        facts = json.loads(meta.read_text("utf-8"))
        header = read_header(mp3)
        return Stream(mp3, header, int(facts["content"]), facts["first_sound"])
    except (OSError, ValueError, KeyError, TypeError, AudioEditionError):
        return None  # missing or damaged: encode again


def _at_mp3_rate(sample: int | None, sample_rate: int) -> int | None:
    return None if sample is None else sample * MP3_RATE // sample_rate


def gap_samples(planned_ms: int, before: Stream, *, ends_file: bool = False) -> int:
    """The length (whole frames) of a gap stream after ``before``, so that the silence
    from the end of ``before``'s audio to the start of the next stream's is the planned
    pause, to within half a frame: what ``before`` ends with, the gap's own frames and
    the one frame of delay and padding the gap brings are all silence. A gap that ends
    the file (the tail) has no next stream, and its padding is not played."""
    wanted = samples_for_ms(planned_ms, MP3_RATE) - before.trailing_silence
    if not ends_file:
        wanted -= SAMPLES_PER_FRAME
    return max(1, round(wanted / SAMPLES_PER_FRAME)) * SAMPLES_PER_FRAME


def starts(streams: Sequence[Stream]) -> list[int]:
    """Where each stream's first sample lands in the joined file (44.1 kHz samples)."""
    first_delay = streams[0].header.delay
    at, out = 0, []
    for stream in streams:
        out.append(at + stream.header.delay - first_delay)
        at += stream.span
    return out


def joined_samples(streams: Sequence[Stream]) -> int:
    """Samples a gapless player plays of the joined file."""
    total = sum(stream.span for stream in streams)
    return total - streams[0].header.delay - streams[-1].header.padding


def write_joined(out: BinaryIO, streams: Sequence[Stream]) -> None:
    """The streams' audio frames behind one Info/LAME header for the whole, into ``out``.

    The file is written in one pass and never held in memory: each stream is copied from
    the cache a megabyte at a time.
    """
    if not streams:
        raise AudioEditionError("nothing to join: no streams")
    audio = [(stream, stream.audio_bytes) for stream in streams]
    _check_alike(streams)
    out.write(joined_info_frame(streams[0].header, [(s.header, size) for s, size in audio]))
    for stream, size in audio:
        with stream.path.open("rb") as source:
            source.seek(stream.header.size)
            copied = _copy(source, out, size)
        if copied != size:
            raise AudioEditionError(f"stream {stream.path.name} changed while it was joined")


def write_single(out: BinaryIO, stream: Stream) -> None:
    """One stream as a file of its own: its own Info header and frames, unchanged."""
    with stream.path.open("rb") as source:
        shutil.copyfileobj(source, out, _COPY_CHUNK)


def _copy(source: BinaryIO, out: BinaryIO, size: int) -> int:
    copied = 0
    while copied < size:
        block = source.read(min(_COPY_CHUNK, size - copied))
        if not block:
            break
        out.write(block)
        copied += len(block)
    return copied


def _check_alike(streams: Sequence[Stream]) -> None:
    """Frames join only when every stream has the first one's bitrate, rate and mode."""
    shapes = set()
    for stream in streams:
        with stream.path.open("rb") as source:
            source.seek(stream.header.size)
            first = source.read(4)
        _, kbps, rate = frame_length(first)
        shapes.add((kbps, rate, first[3] >> 6))
    if len(shapes) > 1:
        raise AudioEditionError(f"streams to join differ in bitrate, rate or mode: {shapes}")
