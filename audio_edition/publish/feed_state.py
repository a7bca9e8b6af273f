"""The podcast's identity, kept beside the editions: its ``podcast:guid`` and public URL.

Podcasting 2.0 asks for a channel guid that is assigned once and kept when the feed
moves, so it is derived the first time a feed is written (from ``[feed] base_url``, else
the paper's name) and stored in ``.feed-state.json``; a feed rendered for any host
reuses it. The file also remembers ``audio-edition feed --base-url``, so a later
``build`` keeps writing the public URLs rather than the local server's.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from audio_edition import atomic
from audio_edition.errors import InputError
from audio_edition.publish.feed_config import FeedConfig, normalise_base_url

STATE_NAME = ".feed-state.json"  # a dotfile: never served, and skipped by most static hosts
# The Podcast Index fixes this namespace so any app derives the same podcast:guid.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


@dataclass(frozen=True)
class FeedState:
    guids: dict[str, str] = field(default_factory=dict)  # feed file name -> podcast:guid
    base_url: str | None = None  # the last ``feed --base-url``

    def guid(self, feed_name: str) -> str:
        return self.guids[feed_name]


def podcast_guid(feed_url: str) -> str:
    """The Podcast Index ``podcast:guid``: UUIDv5 of the feed URL minus scheme and ``/``."""
    bare = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", feed_url).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def derive_guid(config: FeedConfig, feed_name: str) -> str:
    """The guid a feed gets when it is first written (after that it is only ever read)."""
    if config.base_url:
        return podcast_guid(config.base_url + feed_name)
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, f"{config.paper}/{feed_name}"))


def load_feed_state(out_dir: Path, config: FeedConfig, feed_names: tuple[str, ...]) -> FeedState:
    """The stored state, with a derived guid for every feed that has none yet (not saved)."""
    path = Path(out_dir) / STATE_NAME
    stored = FeedState()
    if path.exists():
        stored = _parse(path)
    guids = {name: stored.guids.get(name) or derive_guid(config, name) for name in feed_names}
    return replace(stored, guids={**stored.guids, **guids})


def save_feed_state(out_dir: Path, state: FeedState) -> None:
    """Write the state if it differs from what is stored (atomically: it holds the guid)."""
    path = Path(out_dir) / STATE_NAME
    if path.exists() and _parse(path) == state:
        return
    document = {"podcast_guid": state.guids, "base_url": state.base_url}
    atomic.write_text(path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")


def _parse(path: Path) -> FeedState:
    advice = "fix or delete it (a new podcast:guid makes apps see a new podcast)"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        guids = data["podcast_guid"]
        base_url = data.get("base_url")
        if not isinstance(guids, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in guids.items()
        ):
            raise ValueError("podcast_guid must map feed names to guids")
        if base_url is not None:
            base_url = normalise_base_url(str(base_url))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, InputError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(f"{path} is unreadable ({reason}); {advice}") from None
    return FeedState(guids=dict(guids), base_url=base_url)
