"""The command line as a user meets it: help, one-line errors, the small commands."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from tests.conftest import run_cli

COMMANDS = ["script", "build", "regenerate", "chapters", "voices", "say", "feed", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    done = run_cli(command, "--help")
    assert done.returncode == 0
    assert "Usage" in done.stdout


def test_say_writes_mandarin_speech_to_a_wav(tmp_path: Path) -> None:
    out = tmp_path / "a.wav"
    done = run_cli("say", "数智浪潮奔涌而来，电影产业如何应变。", "-o", str(out))
    assert done.returncode == 0, done.stderr
    with wave.open(str(out)) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (24000, 1, 2)
        seconds = wav.getnframes() / wav.getframerate()
    assert 16 * 0.12 <= seconds <= 16 * 0.45  # 16 syllables


def test_say_speaks_in_the_voice_of_the_role_asked_for(tmp_path: Path) -> None:
    """The default profile's anchor is Kokoro, its reporter Baker: two different voices."""
    lengths = {}
    for role in ("anchor", "reporter"):
        out = tmp_path / f"{role}.wav"
        done = run_cli("say", "下面是简讯。", "-o", str(out), "--role", role)
        assert done.returncode == 0, done.stderr
        with wave.open(str(out)) as wav:
            assert wav.getframerate() == 24000
            lengths[role] = wav.getnframes()
            pcm = wav.readframes(wav.getnframes())
        assert max(abs(int.from_bytes(pcm[i : i + 2], "little", signed=True))
                   for i in range(0, len(pcm), 2)) > 1000  # fmt: skip
    assert min(lengths.values()) >= 0.5 * 24000 and max(lengths.values()) <= 3 * 24000
    assert lengths["anchor"] != lengths["reporter"]


def test_voices_lists_both_engines_and_the_profiles() -> None:
    done = run_cli("voices")
    assert done.returncode == 0
    for name in ("baker", "zh-CN-YunyangNeural", "anchor", "reporter", "notice"):
        assert name in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["script", "seeds/000_738350908e41f89e.txt", "--notices", "bogus"],
        ["build", "seeds/", "--date", "2026-13-01", "--out", "/nonexistent/out"],
        ["build", "seeds/", "--engine", "robot", "--out", "/nonexistent/out"],
        ["script", "no-such-page.txt"],
        ["chapters", "README.md"],
    ],
)
def test_bad_options_are_one_line_errors(args: list[str]) -> None:
    done = run_cli(*args)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr
