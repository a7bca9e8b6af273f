"""WebVTT transcript with one cue per spoken sentence, timed from the assembled audio."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from audio_edition import atomic


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    text: str


def _timestamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def cue_text(text: str) -> str:
    """Cue text as WebVTT wants it: ``&`` and ``<`` escaped (a cue's ``<`` opens a tag),
    ``>`` too so no reader sees ``-->``, no control characters, no blank line inside."""
    text = "".join(c for c in text if c in "\t\n" or unicodedata.category(c) != "Cc")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.split())


def render_vtt(cues: Sequence[Cue]) -> str:
    blocks = ["WEBVTT", ""]
    for number, cue in enumerate(cues, 1):
        text = cue_text(cue.text)
        blocks += [
            str(number),
            f"{_timestamp(cue.start_ms)} --> {_timestamp(cue.end_ms)}",
            text,
            "",
        ]
    return "\n".join(blocks)


def write_vtt(path: Path, cues: Sequence[Cue]) -> None:
    atomic.write_text(path, render_vtt(cues))
