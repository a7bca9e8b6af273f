"""Reading the project's TOML files (voice profiles, feed config) with one-line errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from audio_edition.errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on 3.10
    import tomli as tomllib


def read_toml(path: Path) -> dict[str, Any]:
    """Parse ``path``; a missing file raises ``FileNotFoundError`` for the caller to word."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: invalid TOML: {exc}") from None
