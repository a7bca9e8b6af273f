"""Clauses too long for the offline model (issue 13, item 4): cut at word boundaries
whatever the punctuation, and a model failure is one line, never LiteRT's log."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audio_edition.cli import app
from audio_edition.engines.offline import frontend
from audio_edition.engines.offline.model import BakerModel, runtime_error_line
from audio_edition.errors import SynthesisFailed
from audio_edition.normalize import normalize
from audio_edition.pronounce.cut import tokenizer
from tests.bad_inputs import CASES, _unpunctuated_paragraph

LONG = next(c for c in CASES if c.name == "long-unpunctuated-paragraph")


def test_max_han_shrinks_with_slower_speech() -> None:
    assert frontend.max_han(1.0) > frontend.max_han(2.0) > frontend.max_han(10.0) >= 1
    # the bound, in symbols, stays inside the model's 2048 positions with the margin
    worst = 3 * frontend.max_han(0.01) + 2
    assert worst <= frontend.MODEL_POSITIONS * frontend.MODEL_SAFETY


def test_a_5000_character_paragraph_is_cut_at_words_into_model_sized_chunks() -> None:
    text = normalize(_unpunctuated_paragraph(5000), latin="han")
    pieces = frontend.chunks(text)
    limit = frontend.max_han()
    assert len(pieces) >= 5000 // limit
    assert all(frontend._han_count(p.text) <= limit for p in pieces)
    assert "".join(p.text for p in pieces) == text  # nothing lost, nothing added
    # every cut falls between two jieba words of the paragraph
    words = set()
    start = 0
    for word in tokenizer().cut(text, HMM=False):
        start += len(word)
        words.add(start)
    cut = 0
    for piece in pieces[:-1]:
        cut += len(piece.text)
        assert cut in words


def test_a_long_clause_is_cut_into_about_equal_pieces() -> None:
    clause = "".join(c for c in _unpunctuated_paragraph(400) if frontend.is_han(c))[:200]
    pieces = frontend._cut_at_words(clause, 75)
    sizes = [frontend._han_count(p) for p in pieces]
    assert "".join(pieces) == clause and len(pieces) == 3
    assert max(sizes) <= 75 and min(sizes) >= 55  # not two full pieces and a crumb


def test_commas_still_decide_where_they_can() -> None:
    sentence = "数智浪潮奔涌而来，电影产业如何应变，从业者又该怎样面对。"
    assert frontend.clauses(sentence, limit=10) == [
        "数智浪潮奔涌而来，",
        "电影产业如何应变，",
        "从业者又该怎样面对。",
    ]


def test_slower_speech_gets_shorter_chunks() -> None:
    text = normalize(_unpunctuated_paragraph(300), latin="han")
    assert len(frontend.chunks(text, speed=2.0)) > len(frontend.chunks(text, speed=1.0))


@pytest.fixture(scope="module")
def model() -> BakerModel:
    return BakerModel(1)


def test_a_forced_model_error_is_one_line_without_litert_notes(model: BakerModel) -> None:
    for _ in range(2):  # LiteRT keeps old messages: the second error must not carry the first
        with pytest.raises(SynthesisFailed) as caught:
            model.utterance([1] * 2200)
        message = str(caught.value)
        assert "\n" not in message and "Found builtin" not in message
        assert message.count("gather index out of bounds") == 1
        assert "2200 symbols" in message


def test_runtime_error_line_keeps_the_last_failure() -> None:
    raw = RuntimeError(
        "Found builtin operator RANDOM_UNIFORM with custom options.\n"
        "Found builtin operator RANDOM_UNIFORM with custom options.\n"
        "gather index out of boundsNode number 485 (GATHER) failed to invoke."
        "tensor too bigNode number 12 (MUL) failed to prepare."
    )
    assert runtime_error_line(raw) == "tensor too big (node 12, MUL, failed to prepare)"
    assert runtime_error_line(RuntimeError("plain failure\n")) == "plain failure"


def run_cli(*args: str):
    return CliRunner().invoke(app, list(args))


def test_say_reads_a_long_unpunctuated_paragraph(tmp_path: Path) -> None:
    text = LONG.make().decode("utf-8").split("\n")[2][:420]  # three times the old limit
    out = tmp_path / "long.wav"
    done = run_cli("say", text, "-o", str(out))
    assert done.exit_code == 0, done.stderr
    assert "Traceback" not in done.stderr and "Found builtin" not in done.stderr
    with wave.open(str(out), "rb") as wav:
        seconds = wav.getnframes() / wav.getframerate()
    assert seconds > 420 * 0.15  # every character spoken, not the first clause alone


def test_say_reports_a_model_failure_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(frontend, "MODEL_SAFETY", 100.0)  # chunks far past the model's tables
    text = LONG.make().decode("utf-8").split("\n")[2][:1000]
    out = tmp_path / "fail.wav"
    done = run_cli("say", text, "-o", str(out))
    assert done.exit_code == 1
    assert done.exception is None or isinstance(done.exception, SystemExit)
    assert done.stderr.count("\n") == 1 and "gather index out of bounds" in done.stderr
    assert "Found builtin" not in done.stderr and not out.exists()
