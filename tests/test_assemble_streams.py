"""Chapter and gap streams: encoded once, found again by their audio, joined frame-exact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audio_edition.assemble.info_header import SAMPLES_PER_FRAME
from audio_edition.assemble.streams import (
    EncoderSettings,
    StreamCache,
    gap_samples,
    joined_samples,
    starts,
    write_joined,
)
from audio_edition.assemble.timeline import PartAudio
from audio_edition.errors import AudioEditionError
from audio_edition.models import Pause
from tests.clip_audio import voiced_clip


def part(seconds: float, seed: int) -> PartAudio:
    clip = voiced_clip(seconds, seed)
    return PartAudio.from_pcm(clip.pcm, [(0, round(seconds * 1000))])


def test_a_chapter_is_encoded_once_and_found_again_by_its_audio(tmp_path: Path) -> None:
    cache = StreamCache(tmp_path, EncoderSettings(bitrate=64))
    first = cache.chapter(part(1.5, 1))
    again = cache.chapter(part(1.5, 1))
    other = cache.chapter(part(1.5, 2))
    assert (cache.encoded, cache.reused) == (2, 1)
    assert again.path == first.path != other.path
    assert first.header.samples % SAMPLES_PER_FRAME == 0
    assert first.content == 66_150  # 1.5 s at 44.1 kHz, before the whole-frame padding
    assert first.first_sound == pytest.approx(0.03 * 44_100, abs=0.006 * 44_100)
    louder = StreamCache(tmp_path, EncoderSettings(bitrate=96))
    assert louder.chapter(part(1.5, 1)).path != first.path  # the bitrate is in the key


def test_a_damaged_stream_is_encoded_again(tmp_path: Path) -> None:
    cache = StreamCache(tmp_path, EncoderSettings())
    stream = cache.chapter(part(0.8, 3))
    stream.path.with_suffix(".json").write_text("{not json", "utf-8")
    again = cache.chapter(part(0.8, 3))
    assert cache.encoded == 2
    assert json.loads(again.path.with_suffix(".json").read_text("utf-8"))["content"] > 0
    stream.path.write_bytes(b"truncated")
    assert cache.chapter(part(0.8, 3)).header.frames == stream.header.frames
    assert cache.encoded == 3


@pytest.mark.parametrize("pause", [Pause.ARTICLE, Pause.SECTION])
def test_gap_lengths_make_the_planned_silence_within_half_a_frame(
    tmp_path: Path, pause: Pause
) -> None:
    cache = StreamCache(tmp_path, EncoderSettings())
    planned = {Pause.ARTICLE: 1100, Pause.SECTION: 1900}[pause]
    for seconds in (0.7, 0.71, 0.72, 0.73):
        chapter = cache.chapter(part(seconds, 4))
        samples = gap_samples(planned, chapter)
        gap = cache.gap(pause, samples, chime=True)
        assert samples % SAMPLES_PER_FRAME == 0
        # chapter content end -> next stream's first sample
        silence = chapter.trailing_silence + gap.span
        assert abs(silence - planned * 44.1) <= SAMPLES_PER_FRAME / 2
        assert gap.first_sound is None and gap.content == samples


def test_joined_positions_add_up_the_frames(tmp_path: Path) -> None:
    cache = StreamCache(tmp_path, EncoderSettings())
    streams = [cache.chapter(part(s, n)) for n, s in enumerate((0.5, 1.25, 0.9))]
    at = starts(streams)
    assert at == [0, streams[0].span, streams[0].span + streams[1].span]
    assert joined_samples(streams) == sum(s.span for s in streams) - 1152


def test_streams_of_another_bitrate_are_not_joined(tmp_path: Path) -> None:
    low = StreamCache(tmp_path, EncoderSettings(bitrate=64)).chapter(part(0.5, 1))
    high = StreamCache(tmp_path, EncoderSettings(bitrate=96)).chapter(part(0.5, 2))
    out = tmp_path / "joined.mp3"
    with out.open("wb") as handle, pytest.raises(AudioEditionError, match="differ in bitrate"):
        write_joined(handle, [low, high])
    with out.open("wb") as handle, pytest.raises(AudioEditionError, match="no streams"):
        write_joined(handle, [])
