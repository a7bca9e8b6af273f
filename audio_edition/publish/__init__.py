"""Publish: turn edition folders into a podcast (feeds, index page, a server to stream from)."""

from audio_edition.publish.feed import (
    PublishedEdition,
    list_editions,
    read_edition,
    validate_chapters_json,
    write_feed,
)
from audio_edition.publish.feed_config import FeedConfig, load_feed_config
from audio_edition.publish.index_page import write_index
from audio_edition.publish.serve import make_app, run_server

__all__ = [
    "FeedConfig",
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
