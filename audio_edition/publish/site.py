"""Refresh everything published at the top of the output folder after an edition changes."""

from __future__ import annotations

from pathlib import Path

from audio_edition.publish.feed import FEED_NAMES, write_feed
from audio_edition.publish.feed_config import load_feed_config
from audio_edition.publish.feed_state import load_feed_state
from audio_edition.publish.index_page import write_index


def check_publishing(out_dir: Path) -> None:
    """Read what ``publish_output`` will need (the config and the feed's stored state),
    so a mistake in them stops a build before synthesis, not after the edition is in."""
    config = load_feed_config(out_dir)
    if out_dir.is_dir():
        load_feed_state(out_dir, config, FEED_NAMES)


def publish_output(
    out_dir: Path, *, base_url: str | None = None, warnings: list[str] | None = None
) -> Path:
    """Rewrite ``feed.xml``, ``feed-articles.xml`` and ``index.html``; return the feed path.

    ``base_url`` is where the folder will be published (see ``write_feed``). A broken
    edition folder is skipped and, like anything Apple Podcasts would miss, reported
    in ``warnings``, so one bad folder never takes the whole feed down.
    """
    config = load_feed_config(out_dir)
    warn = warnings.append if warnings is not None else None
    feed = write_feed(out_dir, config, base_url=base_url, on_warning=warn)
    write_index(out_dir, config)  # its skipped editions are the feed's, already reported
    return feed
