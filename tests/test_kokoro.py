"""Kokoro engine: speaks plausible audio, chunks under the phoneme limit, refuses corrupt
assets in one line, and its clips are reused by the clip cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from audio_edition.engines.base import ClipRequest, VoiceSettings
from audio_edition.engines.kokoro import KokoroEngine, assets, text

SENTENCE = "今天天气很好，我们去公园散步。"


@pytest.fixture(scope="module")
def engine() -> KokoroEngine:
    return KokoroEngine(threads=1)


def test_speaks_a_sentence_to_plausible_24khz_audio(engine: KokoroEngine) -> None:
    clip = engine.synthesise(ClipRequest(SENTENCE, VoiceSettings("kokoro", "zm_yunyang")))
    samples = np.frombuffer(clip.pcm, dtype="<i2").astype(np.float32) / 32767
    assert clip.sample_rate == 24_000
    seconds = len(samples) / 24_000
    # 13 syllables: a news reader says 3-7 a second.
    assert 13 / 7 <= seconds <= 13 / 3 + 0.5
    assert np.sqrt(np.mean(samples**2)) > 0.02


@pytest.mark.parametrize("limit", [20, 60, 500])
def test_chunks_never_exceed_the_limit(limit: int) -> None:
    long = "国务院总理在人民大会堂会见了来访的代表团，双方就经济合作交换了意见。" * 12
    chunks = text.chunks(long + "他说道" * 300, limit=limit)
    assert chunks and max(len(c.phonemes) for c in chunks) <= limit
    spoken = "".join(c.phonemes for c in chunks).replace(" ", "")
    whole = "".join(c.phonemes for c in text.chunks(long + "他说道" * 300, limit=10_000))
    assert spoken.replace(",", "").replace(".", "") == whole.replace(" ", "").replace(
        ",", ""
    ).replace(".", "")


def test_chunks_cut_at_clause_marks_before_words() -> None:
    clause = "国务院总理会见代表团"
    chunks = text.chunks(f"{clause}，{clause}，{clause}。", limit=60)
    assert all(c.phonemes.endswith((",", ".")) for c in chunks)


def test_corrupt_voice_pack_is_one_line_error(tmp_path: Path, monkeypatch) -> None:
    for name in ("sha256.txt", "zm_yunyang.bin"):
        shutil.copy(assets.voice_dir() / name, tmp_path / name)
    data = bytearray((tmp_path / "zm_yunyang.bin").read_bytes())
    data[1000] ^= 0xFF
    (tmp_path / "zm_yunyang.bin").write_bytes(bytes(data))
    monkeypatch.setattr(assets, "voice_dir", lambda: tmp_path)
    assets.voice_pack.cache_clear()
    assets._pack_checksums.cache_clear()
    try:
        with pytest.raises(assets.AssetError) as caught:
            assets.voice_pack("zm_yunyang")
    finally:
        assets.voice_pack.cache_clear()
        assets._pack_checksums.cache_clear()
    assert "corrupt" in str(caught.value) and "\n" not in str(caught.value)


def test_corrupt_model_is_one_line_error(monkeypatch) -> None:
    monkeypatch.setattr(assets, "model_sha256", lambda: "0" * 64)
    with pytest.raises(assets.AssetError) as caught:
        assets.model_bytes()
    assert "corrupt" in str(caught.value) and "\n" not in str(caught.value)


def test_clip_cache_reuses_kokoro_clips_across_builds(tmp_path: Path) -> None:
    from audio_edition.cache import ClipCache, clip_key
    from audio_edition.models import Clip

    request = ClipRequest(SENTENCE, VoiceSettings("kokoro", "zm_yunyang"))
    first, second = KokoroEngine(), KokoroEngine()  # two builds, two engines
    key = clip_key(first, request)
    ClipCache(tmp_path).put(key, Clip(b"\0\1" * 100, 24_000, engine="kokoro"))
    assert clip_key(second, request) == key
    assert ClipCache(tmp_path).get(key) is not None
    other = ClipRequest(SENTENCE, VoiceSettings("kokoro", "zm_yunxi"))
    assert clip_key(second, other) != key
