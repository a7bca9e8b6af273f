"""OfflineEngine: prepare, real synthesis on the Baker model, and the process pool.

The model is loaded once for the module; clips are read back through a WAV file with
the standard library's ``wave`` reader.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
import wave
from pathlib import Path

import numpy as np
import pytest

from audio_edition.engines.base import ClipRequest, Engine, VoiceSettings
from audio_edition.engines.offline import OfflineEngine, assets, frontend
from audio_edition.engines.offline.engine import ratios
from audio_edition.engines.offline.model import HOP_SAMPLES, BakerModel
from audio_edition.errors import InputError, SynthesisFailed, UnreadableText
from audio_edition.models import Clip
from audio_edition.normalize import normalize
from audio_edition.voices import Lexicon, LexiconEntry
from audio_edition.wav import write_wav

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_738350908e41f89e.txt"
BAKER = VoiceSettings("offline", "baker")
UNREADABLE = "\U0002a700"  # a Han character (CJK extension C) pypinyin has no reading for
INITIALS = {"^", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h"} | {
    "j",
    "q",
    "x",
    "zh",
    "ch",
    "sh",
    "r",
    "z",
    "c",
    "s",
}


def request(text: str, **voice: int) -> ClipRequest:
    return ClipRequest(text, VoiceSettings("offline", "baker", **voice))


def groups(seq: list[str]) -> int:
    count = sum(1 for s in seq if s in INITIALS)
    return count + sum(1 for a, b in itertools.pairwise(seq) if b == "er5" and a not in INITIALS)


@pytest.fixture(scope="module")
def engine() -> OfflineEngine:
    words = {"重塑": ("chong2", "su4"), "行业": ("hang2", "ye4")}
    return OfflineEngine(Lexicon({w: LexiconEntry(w, p) for w, p in words.items()}))


def read_back(clip: Clip, tmp_path: Path) -> tuple[np.ndarray, int]:
    path = tmp_path / "clip.wav"
    write_wav(clip, path)
    assert [p.name for p in tmp_path.iterdir()] == ["clip.wav"]  # no temp file left over
    with wave.open(str(path), "rb") as wav:
        assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
        return np.frombuffer(wav.readframes(wav.getnframes()), "<i2"), wav.getframerate()


def silent_edge_s(samples: np.ndarray, rate: int, *, end: bool) -> float:
    """Seconds before the first (or after the last) sample louder than -50 dBFS."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > 104)
    assert loud.size
    return (len(samples) - 1 - loud[-1] if end else loud[0]) / rate


# --- identity ---------------------------------------------------------------------------


def test_engine_identity(engine: OfflineEngine) -> None:
    assert isinstance(engine, Engine)
    assert engine.id == "offline" and isinstance(engine.version, str) and engine.version
    [voice] = engine.voices()
    assert (voice.id, voice.gender, voice.locale) == ("baker", "F", "zh-CN")


def test_fingerprint_is_sha256_of_both_models(engine: OfflineEngine) -> None:
    digest = hashlib.sha256()
    for path in (assets.locate().acoustic, assets.locate().vocoder):
        digest.update(path.read_bytes())
    assert engine.fingerprint() == digest.hexdigest()
    assert OfflineEngine().fingerprint() == engine.fingerprint()


# --- prepare ----------------------------------------------------------------------------


def test_prepare_reads_latin_letters_through_normalize(engine: OfflineEngine) -> None:
    prepared = engine.prepare(request("AI如何重塑电影产业？"))
    han = normalize("AI如何重塑电影产业？", latin="han")
    assert han != "AI如何重塑电影产业？"
    assert groups(prepared.split()) == sum(map(frontend.is_han, han))
    assert "ch ong2 #0 s u4" in prepared  # the lexicon, not pypinyin's zhong4


def test_prepare_is_what_the_model_reads(engine: OfflineEngine) -> None:
    prepared = engine.prepare(request("你好。不错，一个！"))
    assert prepared == ("sil n i2 #0 h ao3 sil eos || sil b u2 #0 c uo4 #3 ^ i2 #0 g e4 sil eos")


def test_prepare_names_an_unreadable_character(engine: OfflineEngine) -> None:
    with pytest.raises(UnreadableText, match=UNREADABLE):
        engine.prepare(request(f"你好{UNREADABLE}"))


def test_every_han_character_of_the_seed_reaches_the_model(engine: OfflineEngine) -> None:
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    checked = 0
    for line in filter(None, lines):
        spoken = normalize(line, latin="han")
        prepared = engine.prepare(request(line))
        assert groups(prepared.split()) == sum(map(frontend.is_han, spoken)), line
        checked += 1
    assert checked > 50


def test_every_token_of_the_seed_script_reaches_the_model(engine: OfflineEngine) -> None:
    """The whole spoken script, opening to closing, as the build feeds it to the voice."""
    from audio_edition.page_text import read_page_text
    from audio_edition.script import ScriptOptions, spoken_script
    from audio_edition.segment import segment_page

    articles = segment_page(read_page_text(SEED)).articles
    script = spoken_script(articles, ScriptOptions(), "2026-04-27")
    for segment in script.segments:
        readable = normalize(segment.spoken, latin="han")
        prepared = engine.prepare(request(segment.spoken))
        assert groups(prepared.split()) == sum(map(frontend.is_han, readable)), segment.spoken
    assert len(script.segments) > 80


# --- voice settings ---------------------------------------------------------------------


def test_voice_settings_map_to_model_ratios() -> None:
    assert ratios(BAKER) == (1.0, 1.0, 1.0)
    speed, f0, gain = ratios(VoiceSettings("offline", "baker", rate=25, pitch=-20, volume=50))
    assert speed == pytest.approx(0.8) and f0 == pytest.approx(0.9) and gain == 1.5
    with pytest.raises(InputError):
        ratios(VoiceSettings("offline", "baker", rate=-100))


# --- model --------------------------------------------------------------------------


def test_model_durations_are_deterministic() -> None:
    """Dropout makes the samples random; the predicted durations, hence lengths, are not."""
    model = BakerModel(num_threads=1)
    ids = frontend.symbol_ids(frontend.symbols("数智浪潮奔涌而来"), assets.symbol_to_id())
    first, second = model.utterance(ids), model.utterance(ids)
    assert len(first.durations) == len(ids)
    assert np.array_equal(first.durations, second.durations)
    assert len(first.audio) == len(second.audio) == int(first.durations.sum()) * HOP_SAMPLES


# --- synthesis --------------------------------------------------------------------------


def test_synthesis_of_a_short_sentence(engine: OfflineEngine, tmp_path: Path) -> None:
    text = "电影是技术发展的产物。"
    clip = engine.synthesise(request(text))
    samples, rate = read_back(clip, tmp_path)
    assert rate == clip.sample_rate == 24000 and clip.engine == "offline"
    seconds = len(samples) / rate
    assert 0.12 * 10 <= seconds <= 0.45 * 10
    assert np.sqrt(np.mean(samples.astype(np.float64) ** 2)) > 300  # speech, not silence
    assert np.abs(samples.astype(np.int32)).max() < 32767
    assert silent_edge_s(samples, rate, end=False) <= 0.05
    assert silent_edge_s(samples, rate, end=True) <= 0.05
    [timing] = clip.sentences
    assert timing.text == text and 0 <= timing.start_s < timing.end_s <= seconds


def test_sentence_timings_follow_the_sentences(engine: OfflineEngine) -> None:
    clip = engine.synthesise(request("今天天气很好。我们去看电影吧！"))
    first, second = clip.sentences
    assert (first.text, second.text) == ("今天天气很好。", "我们去看电影吧！")
    assert first.start_s <= 0.05 and first.end_s < second.start_s  # a pause between them
    assert second.end_s <= clip.duration_s


def test_rate_changes_duration_and_volume_is_guarded(engine: OfflineEngine) -> None:
    text = "技术与艺术如何有效融合。"
    slow = engine.synthesise(request(text, rate=-30))
    fast = engine.synthesise(request(text, rate=50))
    assert fast.duration_s < 0.8 * slow.duration_s
    loud = np.frombuffer(engine.synthesise(request(text, volume=400)).pcm, "<i2")
    assert np.abs(loud.astype(np.int32)).max() < 32767
    assert np.count_nonzero(np.abs(loud.astype(np.int32)) >= 32700) < 5  # scaled, not clipped


def test_unknown_voice_is_refused(engine: OfflineEngine) -> None:
    with pytest.raises(InputError, match="baker"):
        engine.synthesise(ClipRequest("你好。", VoiceSettings("offline", "yunyang")))


# --- many requests ----------------------------------------------------------------------

TEXTS = ["你好。", "电影是技术发展的产物。", f"好{UNREADABLE}。", "业内人士建议，重塑审美体验。"]


def _many(engine: OfflineEngine, jobs: int) -> tuple[dict[int, Clip], SynthesisFailed]:
    clips: dict[int, Clip] = {}
    threads: set[int] = set()

    def on_clip(index: int, clip: Clip) -> None:
        threads.add(threading.get_ident())
        clips[index] = clip

    with pytest.raises(SynthesisFailed) as failure:
        engine.synthesise_many([request(t) for t in TEXTS], jobs=jobs, on_clip=on_clip)
    assert threads == {threading.get_ident()}  # called back in the caller's thread
    return clips, failure.value


def test_synthesise_many_in_a_pool_matches_in_process(engine: OfflineEngine) -> None:
    alone, alone_failure = _many(engine, jobs=1)
    pooled, pooled_failure = _many(engine, jobs=2)
    for failure in (alone_failure, pooled_failure):
        assert list(failure.failed) == [2]
        assert UNREADABLE in failure.failed[2] and UNREADABLE in str(failure)
    assert sorted(alone) == sorted(pooled) == [0, 1, 3]
    for index in alone:
        # Dropout is random at inference but the predicted durations are not: lengths
        # agree up to the silence trim, which follows the (random) loudness of the edges.
        assert abs(alone[index].duration_s - pooled[index].duration_s) <= 0.06
        assert alone[index].sentences[0].text == pooled[index].sentences[0].text
