import asyncio

import numpy as np
import pytest

from audio_edition.engines.edge.audio import decode_mp3, sound_span
from audio_edition.engines.edge.retry import UndecodableAudio
from tests.fake_edge import BYTES_PER_SECOND, fake_speech

RATE = 24_000


def test_mp3_decodes_to_24khz_mono_int16_of_the_right_length() -> None:
    mp3, _ = fake_speech("电影节开幕了。")
    pcm = asyncio.run(decode_mp3(mp3))
    # 48 kbps CBR: the byte count gives the duration independently of the decoder.
    assert len(pcm) / 2 / RATE == pytest.approx(len(mp3) / BYTES_PER_SECOND, abs=0.03)
    samples = np.frombuffer(pcm, dtype=np.int16)
    assert np.abs(samples).max() > 1000


def test_garbage_is_undecodable() -> None:
    with pytest.raises(UndecodableAudio) as caught:
        asyncio.run(decode_mp3(b"this is not an mp3 stream at all" * 10))
    assert "\n" not in str(caught.value)


def tone(seconds: float, amplitude: int = 3000) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (amplitude * np.sin(2 * np.pi * 330 * t)).astype(np.int16)


def test_sound_span_finds_where_the_sound_is() -> None:
    silence = np.zeros(int(0.5 * RATE), dtype=np.int16)
    pcm = np.concatenate([silence, tone(1.0), silence[: RATE // 4]]).tobytes()
    first, end = sound_span(pcm)  # type: ignore[misc]
    assert first / RATE == pytest.approx(0.5, abs=0.006)
    assert end / RATE == pytest.approx(1.5, abs=0.006)


def test_low_noise_and_silence_have_no_sound() -> None:
    noise = np.random.default_rng(1).integers(-20, 20, RATE, dtype=np.int16)
    assert sound_span(noise.tobytes()) is None
    assert sound_span(b"") is None
