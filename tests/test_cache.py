from pathlib import Path

import pytest

from audio_edition.cache import ClipCache, cache_record, clip_key, recorded_cache_dir
from audio_edition.engines.base import ClipRequest, VoiceSettings
from tests.tone_engine import ToneEngine, tone_clip

VOICE = VoiceSettings("tone", "a4")


def test_put_then_get_round_trips_pcm_and_timings(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    clip = tone_clip("你好世界")
    cache.put("ab" * 32, clip)
    got = cache.get("ab" * 32)
    assert got is not None
    assert got.pcm == clip.pcm
    assert got.sample_rate == clip.sample_rate
    assert got.sentences == clip.sentences
    assert "ab" * 32 in cache


def test_missing_and_damaged_entries_are_misses(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    assert cache.get("cd" * 32) is None
    path = tmp_path / "cd" / ("cd" * 32 + ".npz")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a zip")
    assert cache.get("cd" * 32) is None


def test_key_changes_with_every_input_that_shapes_audio() -> None:
    engine = ToneEngine()
    base = clip_key(engine, ClipRequest("你好", VOICE))
    assert base == clip_key(ToneEngine(), ClipRequest("你好", VOICE))
    assert base != clip_key(engine, ClipRequest("你好。", VOICE))
    assert base != clip_key(engine, ClipRequest("你好", VoiceSettings("tone", "a4", rate=5)))
    other = ToneEngine()
    other.version = "2"
    assert base != clip_key(other, ClipRequest("你好", VOICE))


def test_interrupted_write_leaves_no_entry(tmp_path: Path, monkeypatch) -> None:
    cache = ClipCache(tmp_path)

    def boom(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(KeyboardInterrupt):
        cache.put("ef" * 32, tone_clip("中断"))
    monkeypatch.undo()
    assert cache.get("ef" * 32) is None
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_cache_inside_the_output_folder_is_recorded_relative(tmp_path: Path) -> None:
    out = tmp_path / "output"
    assert cache_record(out / ".cache", out) == ".cache"
    assert cache_record(tmp_path / "clips", out) == (tmp_path / "clips").resolve().as_posix()
    moved = tmp_path / "moved"
    assert recorded_cache_dir(".cache", moved) == moved / ".cache"
    assert recorded_cache_dir("/srv/clips", moved) == Path("/srv/clips")
    assert recorded_cache_dir(None, moved) is None
