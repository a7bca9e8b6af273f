"""The Info/LAME header: read from LAME's streams, written for their concatenation."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest
from mutagen.mp3 import MP3

from audio_edition.assemble.info_header import (
    ENCODER,
    crc16,
    crc16_extend,
    joined_info_frame,
    read_info_header,
)
from audio_edition.assemble.mp3 import encode_mp3
from audio_edition.errors import AudioEditionError

RATE = 24_000


def tone(seconds: float, freq: float) -> bytes:
    t = np.arange(int(seconds * RATE)) / RATE
    return (np.sin(2 * np.pi * freq * t) * 6000).astype("<i2").tobytes()


def test_crc16_is_crc16_arc() -> None:
    assert crc16(b"123456789") == 0xBB3D  # the catalogued check value of CRC-16/ARC
    assert crc16(b"") == 0


@pytest.mark.parametrize("length", [0, 1, 7, 300, 4097])
def test_a_crc_extends_over_zeros_as_if_they_were_read(length: int) -> None:
    rng = np.random.default_rng(length)
    head = rng.integers(0, 256, 50, dtype=np.uint8).tobytes()
    tail = rng.integers(0, 256, length, dtype=np.uint8).tobytes()
    assert crc16_extend(crc16(head), length) == crc16(head + bytes(length))
    assert crc16_extend(crc16(head), length) ^ crc16(tail) == crc16(head + tail)


def test_a_whole_frames_stream_has_one_frame_of_delay_and_padding(tmp_path: Path) -> None:
    path = tmp_path / "s.mp3"
    header = encode_mp3(tone(1.3, 440), RATE, path, whole_frames=True)
    data = path.read_bytes()
    assert (header.delay, header.padding) == (576, 576)
    assert header.samples % 1152 == 0
    assert header.samples >= 1.3 * 44_100
    audio = len(data) - header.size
    assert header.frames * 208 <= audio <= header.frames * 209  # 64 kbps CBR frames
    assert ENCODER in header.frame
    assert header.music_crc == crc16(data[header.size :])
    # mutagen applies the delay and padding (behind a "LAME" string only)
    assert MP3(path).info.length * 44_100 == pytest.approx(header.samples)


def test_the_joined_header_counts_every_stream(tmp_path: Path) -> None:
    paths = [tmp_path / f"{n}.mp3" for n in range(3)]
    headers = [
        encode_mp3(tone(s, f), RATE, p, whole_frames=True)
        for p, s, f in zip(paths, (0.9, 2.1, 0.4), (330, 550, 770), strict=True)
    ]
    audio = [p.read_bytes()[h.size :] for p, h in zip(paths, headers, strict=True)]
    frame = joined_info_frame(
        headers[0], [(h, len(a)) for h, a in zip(headers, audio, strict=True)]
    )
    joined = tmp_path / "joined.mp3"
    joined.write_bytes(frame + b"".join(audio))

    parsed = read_info_header(joined.read_bytes())
    assert parsed.frames == sum(h.frames for h in headers)
    assert (parsed.delay, parsed.padding) == (576, 576)
    assert parsed.music_crc == crc16(b"".join(audio))
    at = frame.index(b"Info")
    assert struct.unpack_from(">I", frame, at + 12)[0] == joined.stat().st_size
    tag_crc = struct.unpack_from(">H", frame, at + 154)[0]
    assert tag_crc == crc16(frame[: at + 154] + b"\0\0" + frame[at + 156 : 190])
    toc = frame[at + 16 : at + 116]
    assert toc[0] == 0 and list(toc) == sorted(toc)
    samples = parsed.frames * 1152 - 576 - 576
    assert MP3(joined).info.length * 44_100 == pytest.approx(samples)


def test_streams_without_an_info_header_are_refused() -> None:
    with pytest.raises(AudioEditionError, match="not an MPEG-1 Layer III frame"):
        read_info_header(b"ID3\x03\x00" + bytes(300))
    with pytest.raises(AudioEditionError, match="truncated"):
        read_info_header(b"\xff")
