"""Reading an edition's ``edition.json``: what regeneration and the feed start from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from audio_edition.errors import ManifestError

MANIFEST = "edition.json"


def read_manifest(edition_dir: Path) -> dict[str, Any]:
    path = edition_dir / MANIFEST
    if not edition_dir.is_dir():
        raise ManifestError(f"{edition_dir}: no such edition folder")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{edition_dir}: no {MANIFEST}; is this an edition folder?") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"{path} is unreadable or corrupt: {exc}") from None
    if not isinstance(data, dict) or "articles" not in data or "id" not in data:
        raise ManifestError(f"{path} is not an audio-edition manifest")
    return data


def previous_manifest(edition_dir: Path) -> dict[str, Any] | None:
    """The manifest an earlier build left, or None (a corrupt one is simply replaced)."""
    try:
        return read_manifest(edition_dir)
    except ManifestError:
        return None
