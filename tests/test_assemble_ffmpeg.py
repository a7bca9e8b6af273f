"""Running the bundled ffmpeg: found, usable by pydub, failures as one readable line."""

from __future__ import annotations

import os

import pytest

from audio_edition.assemble.ffmpeg import (
    ffmpeg_exe,
    last_line,
    run_ffmpeg,
    use_bundled_ffmpeg_for_pydub,
)
from audio_edition.errors import AudioEditionError


def test_the_bundled_binary_exists_and_runs() -> None:
    assert os.access(ffmpeg_exe(), os.X_OK)
    done = run_ffmpeg(["-version"], what="report its version")
    assert b"ffmpeg version" in done.stdout


def test_pydub_is_pointed_at_it() -> None:
    use_bundled_ffmpeg_for_pydub()
    import pydub

    assert pydub.AudioSegment.converter == ffmpeg_exe()


def test_a_failure_is_one_line_naming_what_we_tried() -> None:
    with pytest.raises(AudioEditionError) as caught:
        run_ffmpeg(["-f", "s16le", "-i", "/no/such/file.raw", "-f", "null", "-"], what="frob")
    message = str(caught.value)
    assert message.startswith("ffmpeg could not frob: ")
    assert "\n" not in message
    assert "No such file" in message


def test_last_line_skips_blank_lines() -> None:
    assert last_line(b"first\n  second  \n\n") == "second"
    assert last_line(b"") == "no error message"
