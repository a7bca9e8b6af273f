import pytest
from edge_tts.data_classes import TTSConfig

from audio_edition.engines.edge.protocol import (
    Boundary,
    format_pitch,
    format_rate,
    format_volume,
)


@pytest.mark.parametrize(
    ("value", "rate", "pitch"),
    [(10, "+10%", "+10Hz"), (-5, "-5%", "-5Hz"), (0, "+0%", "+0Hz")],
)
def test_prosody_strings_are_signed(value: int, rate: str, pitch: str) -> None:
    assert format_rate(value) == rate
    assert format_volume(value) == rate
    assert format_pitch(value) == pitch


def test_edge_tts_accepts_the_formatted_values() -> None:
    # edge-tts validates these with regular expressions; a missing sign is rejected.
    config = TTSConfig(
        "zh-CN-YunyangNeural",
        format_rate(-20),
        format_volume(0),
        format_pitch(7),
        "SentenceBoundary",
    )
    assert (config.rate, config.volume, config.pitch) == ("-20%", "+0%", "+7Hz")


def test_boundary_ticks_become_seconds() -> None:
    boundary = Boundary("你好。", offset=3_500_000, duration=12_000_000)
    assert boundary.start_s == pytest.approx(0.35)
    assert boundary.end_s == pytest.approx(1.55)
