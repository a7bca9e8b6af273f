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


def _say_kokoro(tmp_path: Path):
    """``audio-edition say --engine kokoro`` in-process, so the patched assets apply; in the
    anchor's voice, zm_yunyang, the pack the tests corrupt."""
    from typer.testing import CliRunner

    from audio_edition.cli import app

    return CliRunner().invoke(
        app,
        [
            "say",
            SENTENCE,
            "--engine",
            "kokoro",
            "--role",
            "anchor",
            "-o",
            str(tmp_path / "out.wav"),
        ],
    )


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_corrupt_voice_pack_is_one_line_error(tmp_path: Path, monkeypatch) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    for name in ("sha256.txt", "zm_yunyang.bin", "zm_yunxi.bin"):
        shutil.copy(assets.voice_dir() / name, packs / name)
    data = bytearray((packs / "zm_yunyang.bin").read_bytes())
    data[1000] ^= 0xFF
    (packs / "zm_yunyang.bin").write_bytes(bytes(data))
    monkeypatch.setattr(assets, "voice_dir", lambda: packs)
    assets.voice_pack.cache_clear()
    assets._pack_checksums.cache_clear()
    try:
        with pytest.raises(assets.AssetError) as caught:
            assets.voice_pack("zm_yunyang")
        done = _say_kokoro(tmp_path)
    finally:
        assets.voice_pack.cache_clear()
        assets._pack_checksums.cache_clear()
    assert "corrupt" in str(caught.value) and "\n" not in str(caught.value)
    assert done.exit_code == 2
    line = _one_error_line(done.stderr)
    assert "zm_yunyang.bin" in line and "corrupt" in line
    assert not (tmp_path / "out.wav").exists()


def test_corrupt_model_is_one_line_error(tmp_path: Path, monkeypatch) -> None:
    """The four wheel parts joined, one byte flipped: refused before onnxruntime sees it."""
    import importlib.resources

    parts = [(importlib.resources.files(p) / "part.bin").read_bytes() for p in assets.MODEL_PARTS]
    broken = bytearray(parts[2])
    broken[len(broken) // 2] ^= 0x01
    parts[2] = bytes(broken)
    names = []
    for n, data in enumerate(parts, 1):
        package = tmp_path / f"broken_kokoro_part_{n}"
        package.mkdir()
        (package / "__init__.py").write_text("", encoding="utf-8")
        (package / "part.bin").write_bytes(data)
        names.append(package.name)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(assets, "MODEL_PARTS", tuple(names))
    with pytest.raises(assets.AssetError) as caught:
        assets.model_bytes()
    assert "corrupt" in str(caught.value) and "\n" not in str(caught.value)
    done = _say_kokoro(tmp_path)
    assert done.exit_code == 2
    assert "Kokoro model is corrupt" in _one_error_line(done.stderr)


def test_float_convolutions_give_the_int8_graphs_audio(engine: KokoroEngine) -> None:
    """The rewrite only changes the kernel: same tokens, same audio as the published graph."""
    import onnxruntime as ort

    from audio_edition.engines.kokoro import graph

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    published = ort.InferenceSession(assets.model_bytes(), options)
    job = engine._job(ClipRequest("早上好。", VoiceSettings("kokoro", "zm_yunyang")))
    ids = job.ids[0]
    feed = {
        "tokens": np.array([[0, *ids, 0]], dtype=np.int64),
        "style": assets.voice_pack("zm_yunyang")[len(ids)][None, :],
        "speed": np.array([1.0], dtype=np.float32),
    }
    (expected,) = published.run(None, feed)
    rewritten = graph.float_convolutions(assets.model_bytes())
    assert b"ConvInteger" not in rewritten
    (actual,) = ort.InferenceSession(rewritten, options).run(None, feed)
    assert expected.size > 24_000 // 4 and actual.size == expected.size
    assert np.max(np.abs(actual - expected)) < 1e-3


def test_the_rewrite_runs_only_where_conv_integer_is_slow() -> None:
    from audio_edition.engines.kokoro import graph

    assert graph.needed("1.23.2") and graph.needed("1.30.0")
    assert not graph.needed("1.31.0") and not graph.needed("1.32.0") and not graph.needed("2.0")


def _kokoro_clips(node: object) -> list[str]:
    """Clip keys of every manifest row Kokoro spoke, in manifest order."""
    if isinstance(node, dict):
        own = [node["clip"]] if node.get("engine") == "kokoro" and "clip" in node else []
        return own + [k for value in node.values() for k in _kokoro_clips(value)]
    if isinstance(node, list):
        return [k for value in node for k in _kokoro_clips(value)]
    return []


def test_clip_cache_reuses_kokoro_clips_across_builds(
    small_page: Path, tmp_path: Path, monkeypatch
) -> None:
    """Two default (radio pair) builds on one cache: the second asks Kokoro for nothing."""
    from audio_edition.build import BuildRequest, build_edition

    asked: list[int] = []
    original = KokoroEngine.synthesise_many

    def counting(self, requests, *, jobs, on_clip):  # type: ignore[no-untyped-def]
        asked.append(len(requests))
        return original(self, requests, jobs=jobs, on_clip=on_clip)

    monkeypatch.setattr(KokoroEngine, "synthesise_many", counting)
    request = BuildRequest(pages=[small_page], out_dir=tmp_path / "out", jobs=1)
    first = build_edition(request)
    kokoro_clips = _kokoro_clips(first.manifest)
    assert kokoro_clips and sum(asked) > 0 and first.report.synthesised > 0
    asked.clear()
    second = build_edition(request)
    assert sum(asked) == 0  # not called at all, or called with nothing
    assert second.report.synthesised == 0 and second.report.cached == second.report.total
    assert _kokoro_clips(second.manifest) == kokoro_clips
