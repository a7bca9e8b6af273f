"""The Info/LAME header: the first MP3 frame, which tells players the exact audio length.

A CBR stream from libmp3lame starts with one silent-to-decoders frame holding the "Info"
(Xing) header: frame and byte counts, a seek table, and the LAME extension with the
encoder delay and padding, so a gapless player plays exactly the samples that went in.
The edition is many encoded streams joined frame for frame; it needs one such header
describing the whole file, so this module reads a stream's header and writes one for a
concatenation.

Field layout (offsets from the "Info" tag): +4 flags, +8 frames, +12 bytes (whole file
from this frame on), +16 a 100-entry seek table, +116 quality, +120 the LAME extension:
+141 delay and padding (12 bits each), +148 music length, +152 music CRC, +154 the tag's
own CRC. Both CRCs are CRC-16/ARC, the way ffmpeg's muxer computes them: the music CRC
over every audio frame after the header, the tag CRC over the frame's first 190 bytes
with the CRC field still zero.

The encoder string is written as "LAME3.100" (the frames are libmp3lame 3.100's; ffmpeg
labels them "Lavc…"): mutagen and other readers apply the delay and padding only behind
a "LAME" string, and would otherwise report every file one frame too long.
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Sequence
from dataclasses import dataclass

from audio_edition.errors import AudioEditionError

SAMPLES_PER_FRAME = 1152  # MPEG-1 Layer III
DECODER_DELAY = 529  # samples every MP3 decoder adds in front of the encoder's delay
ENCODER = b"LAME3.100"
_TAGS = (b"Info", b"Xing")
_FLAGS = 0x0F  # frames, bytes, TOC, quality
_LAME = 120  # the LAME extension, from the tag
_TOC = 16
_TOC_SIZE = 100
_DELAYS = _LAME + 21
_MUSIC_LENGTH = _LAME + 28
_MUSIC_CRC = _LAME + 32
_TAG_CRC = _LAME + 34
_TAG_CRC_SPAN = 190
_BITRATES_KBPS = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_RATES = (44100, 48000, 32000)


@dataclass(frozen=True)
class InfoHeader:
    """What a stream's Info/LAME frame says, and the frame itself (a template to patch).

    ``samples`` is the audio a gapless player plays: ``frames * 1152 - delay - padding``.
    """

    frame: bytes
    frames: int
    delay: int
    padding: int
    music_crc: int

    @property
    def samples(self) -> int:
        return self.frames * SAMPLES_PER_FRAME - self.delay - self.padding

    @property
    def size(self) -> int:
        return len(self.frame)


def frame_length(header: bytes) -> tuple[int, int, int]:
    """``(length in bytes, bitrate kbps, sample rate)`` of the MPEG-1 Layer III frame
    whose 4-byte header is ``header``; anything else is refused."""
    if len(header) < 4:
        raise AudioEditionError("MP3 stream is truncated")
    word = int.from_bytes(header[:4], "big")
    version, layer = (word >> 19) & 3, (word >> 17) & 3
    bitrate_index, rate_index = (word >> 12) & 15, (word >> 10) & 3
    if word >> 21 != 0x7FF or version != 3 or layer != 1:
        raise AudioEditionError("not an MPEG-1 Layer III frame")
    if bitrate_index in (0, 15) or rate_index == 3:
        raise AudioEditionError("MP3 frame header has a reserved bitrate or sample rate")
    kbps, rate = _BITRATES_KBPS[bitrate_index], _RATES[rate_index]
    padding = (word >> 9) & 1
    return 144 * kbps * 1000 // rate + padding, kbps, rate


def _tag_offset(frame: bytes) -> int:
    """Where "Info" sits: after the side information, 17 bytes for mono, 32 for stereo."""
    mono = (frame[3] >> 6) == 3
    return 4 + (17 if mono else 32)


def read_info_header(data: bytes) -> InfoHeader:
    """Parse the Info/LAME frame at the start of ``data`` (a stream without ID3 tag)."""
    length, _, _ = frame_length(data)
    frame = data[:length]
    at = _tag_offset(frame)
    if len(frame) < at + _TAG_CRC + 2 or frame[at : at + 4] not in _TAGS:
        raise AudioEditionError("MP3 stream has no Info/LAME header")
    flags = struct.unpack_from(">I", frame, at + 4)[0]
    if flags & _FLAGS != _FLAGS:
        raise AudioEditionError("MP3 stream's Info header lacks frame or byte counts")
    frames = struct.unpack_from(">I", frame, at + 8)[0]
    delays = int.from_bytes(frame[at + _DELAYS : at + _DELAYS + 3], "big")
    music_crc = struct.unpack_from(">H", frame, at + _MUSIC_CRC)[0]
    return InfoHeader(frame, frames, delays >> 12, delays & 0xFFF, music_crc)


def joined_info_frame(template: InfoHeader, parts: Sequence[tuple[InfoHeader, int]]) -> bytes:
    """The Info/LAME frame for streams joined frame for frame, in the order given.

    ``parts`` holds each stream's header and the byte count of its audio frames. The
    joined file's delay is the first stream's and its padding the last stream's (the
    delays and paddings inside the file are audio now, and counted as such); the music
    CRC of the whole is folded from the streams' own CRCs.
    """
    frame = bytearray(template.frame)
    at = _tag_offset(frame)
    frames = sum(header.frames for header, _ in parts)
    audio = sum(size for _, size in parts)
    total = len(frame) + audio
    crc = 0
    for header, size in parts:
        crc = crc16_extend(crc, size) ^ header.music_crc
    frame[at : at + 4] = b"Info"  # CBR
    struct.pack_into(">I", frame, at + 8, frames)
    struct.pack_into(">I", frame, at + 12, total)
    for i in range(1, _TOC_SIZE):  # CBR: byte position grows linearly with time
        frame[at + _TOC + i] = min(255, 256 * (len(frame) + audio * i // _TOC_SIZE) // total)
    frame[at + _TOC] = 0  # the first entry is 0 by definition
    delays = (parts[0][0].delay << 12) | parts[-1][0].padding
    frame[at + _DELAYS : at + _DELAYS + 3] = delays.to_bytes(3, "big")
    struct.pack_into(">I", frame, at + _MUSIC_LENGTH, total)
    struct.pack_into(">H", frame, at + _MUSIC_CRC, crc)
    return _sealed(frame)


def relabelled(header: InfoHeader) -> bytes:
    """A stream's own Info frame with the "LAME" encoder string (see the module doc)."""
    return _sealed(bytearray(header.frame))


def _sealed(frame: bytearray) -> bytes:
    at = _tag_offset(frame)
    frame[at + _LAME : at + _LAME + len(ENCODER)] = ENCODER
    struct.pack_into(">H", frame, at + _TAG_CRC, 0)
    struct.pack_into(">H", frame, at + _TAG_CRC, crc16(bytes(frame[:_TAG_CRC_SPAN])))
    return bytes(frame)


@functools.lru_cache(maxsize=1)
def _crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


def crc16(data: bytes, crc: int = 0) -> int:
    """CRC-16/ARC (reflected 0x8005, initial 0), for header-sized data only."""
    table = _crc_table()
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def crc16_extend(crc: int, length: int) -> int:
    """The CRC of some data followed by ``length`` zero bytes, given the data's CRC.

    CRC-16/ARC with initial value 0 is linear, so CRC(a + b) = extend(CRC(a), len(b)) ^
    CRC(b): the edition's music CRC comes from its streams' CRCs without reading a byte.
    Appending a zero bit is a linear map on the 16 CRC bits; it is raised to the power
    ``8 * length`` by squaring (matrices as 16 column vectors).
    """
    bit = [(1 << (i - 1)) if i else 0xA001 for i in range(16)]  # column i: image of 1 << i
    result = crc
    power = 8 * length
    while power:
        if power & 1:
            result = _apply(bit, result)
        bit = [_apply(bit, column) for column in bit]
        power >>= 1
    return result


def _apply(matrix: list[int], vector: int) -> int:
    out = 0
    for i, column in enumerate(matrix):
        if vector >> i & 1:
            out ^= column
    return out
