"""Voice profiles: one schema, one line naming the file and the field (issue 13 items 6-7),
and roles that name their own engine (issue 14)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audio_edition.cli import app
from audio_edition.models import Role
from audio_edition.voices import load_profile, voices_dir

GOOD_ANCHOR = '[roles.anchor]\nvoice = "baker"\n'
REST = '[roles.reporter]\nvoice = "baker"\n[roles.notice]\nvoice = "baker"\n'

CASES = {
    "rate-word": (
        'engine = "offline"\n[roles.anchor]\nvoice = "baker"\nrate = "fast"\n' + REST,
        "roles.anchor.rate",
    ),
    "rate-list": (
        'engine = "offline"\n[roles.anchor]\nvoice = "baker"\nrate = [1, 2]\n' + REST,
        "roles.anchor.rate",
    ),
    "roles-string": ('engine = "offline"\nroles = "baker"\n', "roles"),
    "rate-huge": (
        'engine = "offline"\n[roles.anchor]\nvoice = "baker"\nrate = 100000\n' + REST,
        "roles.anchor.rate",
    ),
    "volume-silent": (
        'engine = "offline"\n[roles.anchor]\nvoice = "baker"\nvolume = -1000\n' + REST,
        "roles.anchor.volume",
    ),
    "pitch-huge": (
        'engine = "offline"\n[roles.anchor]\nvoice = "baker"\npitch = 5000\n' + REST,
        "roles.anchor.pitch",
    ),
    "bad-engine": (
        'engine = "offline"\n[roles.anchor]\nvoice = "nope:x"\n' + REST,
        "roles.anchor.voice",
    ),
}


def profile_dir(tmp_path: Path, offline_toml: str) -> Path:
    for path in voices_dir().glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "offline.toml").write_text(offline_toml, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_profile_is_one_line_naming_file_and_field(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, field = CASES[name]
    monkeypatch.setenv("AUDIO_EDITION_VOICES", str(profile_dir(tmp_path, text)))
    done = CliRunner().invoke(app, ["voices"])
    assert done.exit_code == 2
    assert done.exception is None or isinstance(done.exception, SystemExit)
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert str(tmp_path / "offline.toml") in done.stderr and field in done.stderr


def test_role_may_name_its_engine(tmp_path: Path) -> None:
    (tmp_path / "mixed.toml").write_text(
        'engine = "offline"\n[roles.anchor]\nvoice = "kokoro:zm_yunyang"\nvolume = -3\n' + REST,
        encoding="utf-8",
    )
    profile = load_profile("mixed", tmp_path)
    anchor = profile.for_role(Role.ANCHOR)
    assert (anchor.engine, anchor.voice, anchor.volume) == ("kokoro", "zm_yunyang", -3)
    assert profile.for_role(Role.REPORTER).engine == "offline"


def test_shipped_profiles_load() -> None:
    for name in ("offline", "kokoro", "edge"):
        assert set(load_profile(name).roles) == set(Role)
