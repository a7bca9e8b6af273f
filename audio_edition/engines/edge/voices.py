"""The Mandarin voices the edge service offers.

The service's voice list is online only, so a static table ships with the code (what
``audio-edition voices`` shows offline) and ``refresh_voices`` replaces it with the live
list, cached as JSON, when asked (``voices --refresh``).
"""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

import aiohttp
import edge_tts
from edge_tts.exceptions import EdgeTTSException

from audio_edition import atomic
from audio_edition.engines.base import Voice
from audio_edition.engines.edge.endpoint import voice_list_endpoint
from audio_edition.errors import AudioEditionError

CACHE_ENV = "AUDIO_EDITION_EDGE_VOICES"
LIST_TIMEOUT_S = 20.0

MANDARIN_VOICES: tuple[Voice, ...] = (
    Voice("zh-CN-YunyangNeural", "Male", "zh-CN", "news, professional"),
    Voice("zh-CN-XiaoxiaoNeural", "Female", "zh-CN", "news/novel, warm"),
    Voice("zh-CN-YunjianNeural", "Male", "zh-CN"),
    Voice("zh-CN-YunxiNeural", "Male", "zh-CN"),
    Voice("zh-CN-XiaoyiNeural", "Female", "zh-CN"),
    Voice("zh-CN-YunxiaNeural", "Male", "zh-CN"),
    Voice("zh-CN-liaoning-XiaobeiNeural", "Female", "zh-CN-liaoning", "dialect"),
    Voice("zh-CN-shaanxi-XiaoniNeural", "Female", "zh-CN-shaanxi", "dialect"),
)


class VoiceListUnavailable(AudioEditionError):
    """The live voice list could not be fetched or read."""


def voice_cache_path() -> Path:
    """``$AUDIO_EDITION_EDGE_VOICES``, else ``$XDG_CACHE_HOME/audio-edition/edge-voices.json``."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "audio-edition" / "edge-voices.json"


def _from_service(entry: dict[str, Any]) -> Voice:
    tags = entry.get("VoiceTag") or {}
    note = ", ".join(
        t.lower() for t in [*tags.get("ContentCategories", []), *tags.get("VoicePersonalities", [])]
    )
    return Voice(
        id=str(entry["ShortName"]),
        gender=str(entry.get("Gender", "")),
        locale=str(entry.get("Locale", "")),
        note=note,
    )


def _write_json(path: Path, data: object) -> None:
    atomic.write_text(path, json.dumps(data, ensure_ascii=False, indent=1))


def load_cached_voices(path: Path | None = None) -> list[Voice] | None:
    """The voices saved by the last refresh, or None when there is no usable cache."""
    path = path or voice_cache_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        voices = [Voice(**entry) for entry in data["voices"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return voices or None


def known_voices(path: Path | None = None) -> list[Voice]:
    """The refreshed list if there is one, else the static Mandarin table."""
    return load_cached_voices(path) or list(MANDARIN_VOICES)


async def _fetch() -> list[dict[str, Any]]:
    return list(await asyncio.wait_for(edge_tts.list_voices(), LIST_TIMEOUT_S))


def refresh_voices(
    path: Path | None = None, *, locale: str = "zh-CN", url: str | None = None
) -> list[Voice]:
    """Fetch the live voice list (online), keep the ``locale`` voices, cache them as JSON.

    ``url`` replaces edge-tts's voice-list URL (tests point it at the fake server).
    Must not be called from inside a running event loop.
    """
    try:
        with voice_list_endpoint(url):
            entries = asyncio.run(_fetch())
        voices = [_from_service(e) for e in entries if str(e.get("Locale", "")).startswith(locale)]
    except aiohttp.ClientResponseError as exc:
        raise VoiceListUnavailable(
            f"the edge voice list answered HTTP {exc.status}; upgrade edge-tts "
            "(uv lock --upgrade-package edge-tts) and check the system clock"
        ) from None
    except (aiohttp.ClientError, OSError, asyncio.TimeoutError, EdgeTTSException) as exc:
        raise VoiceListUnavailable(
            f"could not fetch the edge voice list ({type(exc).__name__}); are you online?"
        ) from None
    except (KeyError, TypeError, ValueError) as exc:
        raise VoiceListUnavailable(f"the edge voice list was not understood ({exc!r})") from None
    if not voices:
        raise VoiceListUnavailable(f"the edge voice list has no {locale} voices")
    _write_json(
        path or voice_cache_path(),
        {"edge_tts": edge_tts.__version__, "voices": [asdict(v) for v in voices]},
    )
    return voices
