"""Podcasting 2.0 chapters file (``chapters.json``, version 1.2.0)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from audio_edition import atomic
from audio_edition.models import Chapter


def chapters_document(chapters: Sequence[Chapter]) -> dict:
    return {
        "version": "1.2.0",
        "chapters": [
            {"startTime": round(c.start_ms / 1000, 3), "title": c.title} for c in chapters
        ],
    }


def write_chapters_json(path: Path, chapters: Sequence[Chapter]) -> None:
    text = json.dumps(chapters_document(chapters), ensure_ascii=False, indent=2)
    atomic.write_text(path, text + "\n")
