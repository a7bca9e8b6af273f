"""encode_mp3: mono 44.1 kHz CBR read back by mutagen and ffmpeg; atomic on failure."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from mutagen.mp3 import MP3, BitrateMode

from audio_edition.assemble.mp3 import encode_mp3
from audio_edition.assemble.pcm import decode_to_pcm
from audio_edition.errors import AudioEditionError, InputError

RATE = 24_000


def tone(seconds: float, freq: float = 440.0) -> bytes:
    t = np.arange(int(seconds * RATE)) / RATE
    return (np.sin(2 * np.pi * freq * t) * 0.3 * 32767).astype("<i2").tobytes()


@pytest.mark.parametrize("kbps", [64, 96])
def test_encodes_mono_44k_cbr_of_the_right_length(tmp_path: Path, kbps: int) -> None:
    dest = tmp_path / "out" / "edition.mp3"  # the folder is created
    encode_mp3(tone(3.0), RATE, dest, bitrate_kbps=kbps)

    info = MP3(dest).info
    assert info.sample_rate == 44_100
    assert info.channels == 1
    assert info.bitrate_mode == BitrateMode.CBR
    assert info.bitrate == pytest.approx(kbps * 1000, rel=0.001)  # computed from the Info header
    assert info.length == pytest.approx(3.0, abs=0.06)  # plus encoder padding frames
    assert MP3(dest).tags is None  # tags are write_tags' job
    assert [p.name for p in dest.parent.iterdir()] == ["edition.mp3"]
    assert dest.stat().st_mode & 0o044  # readable by a web server


def test_decoded_audio_is_the_same_tone(tmp_path: Path) -> None:
    dest = tmp_path / "tone.mp3"
    encode_mp3(tone(2.0, freq=1000.0), RATE, dest)

    samples = np.frombuffer(decode_to_pcm(dest), dtype="<i2").astype(float)

    assert len(samples) == pytest.approx(2 * RATE, abs=RATE * 0.06)
    spectrum = np.abs(np.fft.rfft(samples))
    assert np.argmax(spectrum) * RATE / len(samples) == pytest.approx(1000, abs=3)
    assert np.abs(samples).max() == pytest.approx(0.3 * 32767, rel=0.1)


def test_a_failed_encode_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    dest = tmp_path / "edition.mp3"
    dest.write_bytes(b"the previous edition")

    with pytest.raises(AudioEditionError, match=r"^ffmpeg could not encode edition\.mp3: "):
        encode_mp3(tone(0.5), 2**31, dest)  # a rate ffmpeg refuses

    assert dest.read_bytes() == b"the previous edition"
    assert [p.name for p in tmp_path.iterdir()] == ["edition.mp3"]


@pytest.mark.parametrize(
    ("pcm", "rate", "kbps", "message"),
    [
        (b"", RATE, 64, "cannot encode 0 bytes"),
        (b"\x00\x01\x02", RATE, 64, "cannot encode 3 bytes"),
        (b"\x00\x00", 0, 64, "invalid sample rate"),
        (b"\x00\x00", RATE, 65, "unsupported MP3 bitrate"),
    ],
)
def test_bad_input_is_refused_before_touching_the_file(
    tmp_path: Path, pcm: bytes, rate: int, kbps: int, message: str
) -> None:
    dest = tmp_path / "edition.mp3"
    dest.write_bytes(b"old")
    with pytest.raises(InputError, match=message):
        encode_mp3(pcm, rate, dest, bitrate_kbps=kbps)
    assert dest.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["edition.mp3"]
