"""Content-addressed clip cache.

A clip is stored under the hash of everything that shapes its audio (engine id and
version, model checksum, voice settings, the exact engine input), so a rebuild costs no
model time and a lexicon or voice change re-synthesises only what it touches. Entries are
written to a temp file and renamed, so a killed run never leaves a corrupt one.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import asdict
from pathlib import Path

import numpy as np

from audio_edition import atomic
from audio_edition.engines.base import ClipRequest, Engine
from audio_edition.models import Clip, SentenceTiming

CACHE_ENV = "AUDIO_EDITION_CACHE"


def default_cache_dir(out_dir: Path) -> Path:
    """``$AUDIO_EDITION_CACHE`` if set, else ``<out>/.cache`` (kept out of the feed)."""
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else out_dir / ".cache"


def cache_record(cache_dir: Path, out_dir: Path) -> str:
    """How an edition's manifest names its cache folder, so regenerate finds the clips.

    Relative to the output folder when the cache lies inside it (the default
    ``.cache``), so a moved or copied output folder still finds its own cache.
    """
    cache_dir, out_dir = Path(cache_dir).resolve(), Path(out_dir).resolve()
    if cache_dir.is_relative_to(out_dir):
        return cache_dir.relative_to(out_dir).as_posix()
    return cache_dir.as_posix()


def recorded_cache_dir(record: object, out_dir: Path) -> Path | None:
    """The cache folder a manifest's ``cache_dir`` names (None: not recorded)."""
    if not isinstance(record, str) or not record:
        return None
    return Path(out_dir) / record  # an absolute record stays absolute


def clip_key(engine: Engine, request: ClipRequest) -> str:
    payload = {
        "engine": engine.id,
        "version": engine.version,
        "model": engine.fingerprint(),
        "voice": asdict(request.voice),
        "input": engine.prepare(request),
    }
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


class ClipCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.npz"

    def __contains__(self, key: str) -> bool:
        return self._path(key).is_file()

    def get(self, key: str) -> Clip | None:
        path = self._path(key)
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                pcm = data["pcm"].tobytes()
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError):
            # A damaged entry is a miss, not a failure: it gets synthesised again.
            return None
        return Clip(
            pcm=pcm,
            sample_rate=meta["sample_rate"],
            sentences=[SentenceTiming(**s) for s in meta["sentences"]],
            engine=meta["engine"],
        )

    def put(self, key: str, clip: Clip) -> None:
        path = self._path(key)
        meta = {
            "sample_rate": clip.sample_rate,
            "engine": clip.engine,
            "sentences": [asdict(s) for s in clip.sentences],
        }
        buffer = io.BytesIO()
        np.savez(buffer, pcm=np.frombuffer(clip.pcm, dtype=np.int16), meta=json.dumps(meta))
        atomic.write_bytes(path, buffer.getvalue())
