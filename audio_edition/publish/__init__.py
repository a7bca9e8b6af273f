"""Publish: turn edition folders into a podcast (feeds, index page, a server to stream from)."""

from __future__ import annotations

from typing import Any

from audio_edition.publish.editions import (
    PublishedArticle,
    PublishedEdition,
    list_editions,
    read_edition,
)
from audio_edition.publish.feed import validate_chapters_json, write_feed
from audio_edition.publish.feed_config import FeedConfig, load_feed_config
from audio_edition.publish.index_page import write_index

__all__ = [
    "FeedConfig",
    "PublishedArticle",
    "PublishedEdition",
    "list_editions",
    "load_feed_config",
    "make_app",
    "read_edition",
    "run_server",
    "validate_chapters_json",
    "write_feed",
    "write_index",
]


def __getattr__(name: str) -> Any:
    # The server pulls in aiohttp (~0.3 s); load it only for ``serve``, not every build.
    if name in ("make_app", "run_server"):
        from audio_edition.publish import serve

        return getattr(serve, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
