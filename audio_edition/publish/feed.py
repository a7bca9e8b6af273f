"""The podcast feeds: ``feed.xml`` (one episode per edition) and ``feed-articles.xml``.

Both are rebuilt from the ``edition.json`` manifests in the output folder, never kept
up to date incrementally, so deleting an edition folder removes its episode and a
regenerated edition keeps its place: its ``guid`` and ``pubDate`` come from what
regeneration does not touch (the manifest's ``guid``, the edition's date). The
channel's own ``podcast:guid`` lives in ``feed_state``.
"""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from itertools import groupby
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from audio_edition import atomic
from audio_edition.errors import InputError
from audio_edition.publish.editions import (
    PublishedArticle,
    PublishedEdition,
    Warn,
    clock,
    is_safe_relative_path,
    list_editions,
    published_url,
    whole_seconds,
)
from audio_edition.publish.feed_config import (
    DEFAULT_BASE_URL,
    FeedConfig,
    load_feed_config,
    normalise_base_url,
)
from audio_edition.publish.feed_state import load_feed_state, save_feed_state

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ATOM_NS = "http://www.w3.org/2005/Atom"

FEED_NAME = "feed.xml"
ARTICLE_FEED_NAME = "feed-articles.xml"
FEED_NAMES = (FEED_NAME, ARTICLE_FEED_NAME)

for _prefix, _uri in (("itunes", ITUNES_NS), ("podcast", PODCAST_NS), ("atom", ATOM_NS)):
    ET.register_namespace(_prefix, _uri)


def validate_chapters_json(data: Any) -> list[str]:
    """Problems with a Podcasting 2.0 chapters document (empty list: valid 1.2.0 shape)."""
    if not isinstance(data, dict):
        return ["not a JSON object"]
    problems = []
    if data.get("version") != "1.2.0":
        problems.append(f"version is {data.get('version')!r}, expected '1.2.0'")
    chapters = data.get("chapters")
    if not isinstance(chapters, list) or not chapters:
        return [*problems, "chapters must be a non-empty list"]
    previous = None
    for i, chapter in enumerate(chapters):
        if not isinstance(chapter, dict):
            problems.append(f"chapter {i} is not an object")
            continue
        start = chapter.get("startTime")
        if isinstance(start, bool) or not isinstance(start, (int, float)) or start < 0:
            problems.append(f"chapter {i}: startTime must be a number of seconds >= 0")
        elif previous is not None and start < previous:
            problems.append(f"chapter {i}: startTime {start} is before the previous one")
        else:
            previous = start
        if not isinstance(chapter.get("title"), str):
            problems.append(f"chapter {i}: title must be a string")
    return problems


def write_feed(
    out_dir: Path,
    config: FeedConfig | None = None,
    *,
    base_url: str | None = None,
    on_warning: Warn | None = None,
) -> Path:
    """(Re)write ``feed.xml`` and ``feed-articles.xml`` in ``out_dir``; return ``feed.xml``.

    The URLs are ``[feed] base_url``, else ``base_url`` (which is remembered for later
    writes), else the last remembered one, else the local server's. Giving a
    ``base_url`` that disagrees with the config's is an error, not a silent choice.
    """
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise InputError(f"output folder not found: {out_dir}")
    config = config if config is not None else load_feed_config(out_dir)
    state = load_feed_state(out_dir, config, FEED_NAMES)
    if base_url is not None:
        requested = normalise_base_url(base_url)
        if config.base_url and requested != config.base_url:
            raise InputError(
                f"base URL {requested} disagrees with [feed] base_url {config.base_url} "
                "in audio-edition.toml; change one of them"
            )
        state = replace(state, base_url=requested)
    base = config.base_url or state.base_url or DEFAULT_BASE_URL
    editions = list_editions(out_dir, on_warning=on_warning)
    feed = render_feed(editions, config, base, state.guid(FEED_NAME), on_warning=on_warning)
    articles = render_article_feed(editions, config, base, state.guid(ARTICLE_FEED_NAME))
    save_feed_state(out_dir, state)  # the guid is stored before any feed carries it
    atomic.write_bytes(out_dir / FEED_NAME, feed)
    atomic.write_bytes(out_dir / ARTICLE_FEED_NAME, articles)
    if on_warning:
        for gap in publishing_gaps(editions, config, base):
            on_warning(gap)
    return out_dir / FEED_NAME


def publishing_gaps(
    editions: Sequence[PublishedEdition], config: FeedConfig, base_url: str
) -> list[str]:
    """What Apple Podcasts will refuse or miss in this feed, one line each."""
    gaps = []
    if not config.owner_email:
        gaps.append(
            "[feed] owner_email is not set in audio-edition.toml: Apple Podcasts needs it "
            "to verify the podcast, and itunes:owner is left out without it"
        )
    if channel_cover(editions, config) is None:
        gaps.append(
            "no channel artwork: Apple Podcasts needs a square JPEG or PNG of "
            "1400-3000 px ([feed] cover)"
        )
    if base_url == DEFAULT_BASE_URL:
        gaps.append(
            f"the feed's URLs point at {base_url} (this computer): set [feed] base_url "
            "or pass --base-url with the address the folder is published at"
        )
    return gaps


def render_feed(
    editions: Sequence[PublishedEdition],
    config: FeedConfig,
    base_url: str,
    guid: str,
    *,
    on_warning: Warn | None = None,
) -> bytes:
    """The edition feed as UTF-8 XML; ``base_url`` must already be normalised."""
    channel, rss = _channel(editions, config, base_url, FEED_NAME, config.channel_title, guid)
    dates = episode_dates(editions, config)
    for edition in editions:
        _edition_item(channel, edition, dates[edition.id], base_url, on_warning)
    return _serialise(rss)


def render_article_feed(
    editions: Sequence[PublishedEdition], config: FeedConfig, base_url: str, guid: str
) -> bytes:
    """One episode per article, for listeners who pick stories rather than whole papers."""
    title = f"{config.channel_title}（单篇）"
    channel, rss = _channel(editions, config, base_url, ARTICLE_FEED_NAME, title, guid)
    dates = episode_dates(editions, config)
    for edition in editions:
        for rank, article in enumerate(edition.spoken_articles):
            # Stepping back a second per article keeps the paper's order in apps that
            # sort by date, matching the document order.
            published = dates[edition.id] - timedelta(seconds=rank)
            _article_item(channel, edition, article, published, base_url)
    return _serialise(rss)


def episode_dates(editions: Sequence[PublishedEdition], config: FeedConfig) -> dict[str, datetime]:
    """Each edition's ``pubDate``: its date at ``publish_time`` in the paper's time zone.

    Not the build time, which would list an old edition built late as the newest
    episode, and not "now", so rebuilding or regenerating keeps it. Editions that share
    a date follow their id order a minute apart. An edition built before its day and
    time is dated when it was built, so no app is shown an episode from the future.
    """
    zone = ZoneInfo(config.timezone)
    dates: dict[str, datetime] = {}
    by_day = sorted(editions, key=lambda e: (e.date, e.id))
    for day, same_day in groupby(by_day, key=lambda e: e.date):
        first = datetime.combine(day, config.publish_time, tzinfo=zone)
        for n, edition in enumerate(same_day):
            dates[edition.id] = min(first + timedelta(minutes=n), edition.created)
    return dates


def channel_cover(editions: Sequence[PublishedEdition], config: FeedConfig) -> str | None:
    """The channel artwork: an http(s) URL, or a path relative to the output folder."""
    cover = config.cover
    if cover and (cover.startswith(("http://", "https://")) or is_safe_relative_path(cover)):
        return cover
    for edition in editions:
        if edition.path("cover"):
            return f"{edition.id}/{edition.files['cover']}"
    return None


def _channel(
    editions: Sequence[PublishedEdition],
    config: FeedConfig,
    base_url: str,
    feed_name: str,
    title: str,
    guid: str,
) -> tuple[ET.Element, ET.Element]:
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    feed_url = published_url(base_url, feed_name)
    link = config.link or base_url
    _sub(channel, "title", title)
    _sub(channel, "link", link)
    _sub(channel, "description", config.channel_description)
    _sub(channel, "language", config.language)
    _sub(channel, "generator", "audio-edition")
    # The newest change to any edition, not "now": an unchanged podcast gives a
    # byte-identical feed, which keeps ETags and app caches honest.
    built = max((e.updated for e in editions), default=datetime.now(timezone.utc))
    _sub(channel, "lastBuildDate", _rfc2822(built))
    _sub(channel, f"{{{ATOM_NS}}}link", href=feed_url, rel="self", type="application/rss+xml")
    _sub(channel, f"{{{ITUNES_NS}}}author", config.author)
    if config.owner_email:
        # The W3C validator (and Apple) reject an owner without an email.
        owner = _sub(channel, f"{{{ITUNES_NS}}}owner")
        _sub(owner, f"{{{ITUNES_NS}}}name", config.owner)
        _sub(owner, f"{{{ITUNES_NS}}}email", config.owner_email)
    cover = _cover_url(editions, config, base_url)
    if cover:
        image = _sub(channel, "image")
        _sub(image, "url", cover)
        _sub(image, "title", title)
        _sub(image, "link", link)
        _sub(channel, f"{{{ITUNES_NS}}}image", href=cover)
    category, _, subcategory = config.category.partition("/")
    # ``text`` is an attribute here, so the element is built without ``_sub``.
    element = ET.SubElement(channel, f"{{{ITUNES_NS}}}category", {"text": category.strip()})
    if subcategory.strip():
        ET.SubElement(element, f"{{{ITUNES_NS}}}category", {"text": subcategory.strip()})
    _sub(channel, f"{{{ITUNES_NS}}}explicit", "true" if config.explicit else "false")
    _sub(channel, f"{{{ITUNES_NS}}}type", "episodic")
    _sub(channel, f"{{{PODCAST_NS}}}guid", guid)
    locked = {"owner": config.owner_email} if config.owner_email else {}
    _sub(channel, f"{{{PODCAST_NS}}}locked", "no", **locked)
    return channel, rss


def _cover_url(
    editions: Sequence[PublishedEdition], config: FeedConfig, base_url: str
) -> str | None:
    cover = channel_cover(editions, config)
    if cover is None or cover.startswith(("http://", "https://")):
        return cover
    return published_url(base_url, *cover.split("/"))


def _edition_item(
    channel: ET.Element,
    edition: PublishedEdition,
    published: datetime,
    base_url: str,
    on_warning: Warn | None,
) -> None:
    audio = edition.folder / edition.files["edition"]
    try:
        size = audio.stat().st_size
    except OSError:  # deleted since the manifest was read
        if on_warning:
            on_warning(f"skipped {edition.id}: {edition.files['edition']} is gone")
        return
    item = _sub(channel, "item")
    _sub(item, "title", edition.title)
    _sub(item, "description", _edition_description(edition))
    _sub(
        item,
        "enclosure",
        url=edition.url(base_url, edition.files["edition"]),
        length=str(size),
        type="audio/mpeg",
    )
    _sub(item, "guid", edition.guid, isPermaLink="false")
    _sub(item, "pubDate", _rfc2822(published))
    _episode_details(item, edition, base_url, edition.duration_s)
    chapters = edition.path("chapters")
    if chapters and _chapters_ok(chapters, edition, on_warning):
        _sub(
            item,
            f"{{{PODCAST_NS}}}chapters",
            url=edition.url(base_url, edition.files["chapters"]),
            type="application/json+chapters",
        )
    if edition.path("transcript"):
        _sub(
            item,
            f"{{{PODCAST_NS}}}transcript",
            url=edition.url(base_url, edition.files["transcript"]),
            type="text/vtt",
            language="zh-cn",
        )


def _article_item(
    channel: ET.Element,
    edition: PublishedEdition,
    article: PublishedArticle,
    published: datetime,
    base_url: str,
) -> None:
    assert article.file is not None  # only spoken articles get an item
    try:
        size = (edition.folder / article.file).stat().st_size
    except OSError:  # an article file not (yet) written: leave it out
        return
    item = _sub(channel, "item")
    _sub(item, "title", f"{article.title}｜{edition.title}")
    lines = [article.kicker, article.subtitle, article.byline]
    body = "".join(f"<p>{html.escape(x)}</p>" for x in lines if x)
    _sub(item, "description", body + f"<p>{html.escape(edition.title)}</p>")
    _sub(
        item,
        "enclosure",
        url=edition.url(base_url, article.file),
        length=str(size),
        type="audio/mpeg",
    )
    _sub(item, "guid", f"{edition.guid}/{article.id}", isPermaLink="false")
    _sub(item, "pubDate", _rfc2822(published))
    _episode_details(item, edition, base_url, article.duration_s)


def _episode_details(
    item: ET.Element, edition: PublishedEdition, base_url: str, duration: float | None
) -> None:
    """The itunes tags an edition item and an article item share."""
    if duration is not None:
        _sub(item, f"{{{ITUNES_NS}}}duration", str(whole_seconds(duration)))
    _sub(item, f"{{{ITUNES_NS}}}episodeType", "full")
    _sub(item, f"{{{ITUNES_NS}}}explicit", "false")
    if edition.path("cover"):
        _sub(item, f"{{{ITUNES_NS}}}image", href=edition.url(base_url, edition.files["cover"]))


def _edition_description(edition: PublishedEdition) -> str:
    """HTML show notes: the chapter titles with start times, which apps make seekable."""
    rows = []
    for article in edition.articles:
        text = html.escape(article.title)
        if article.subtitle:
            text += " —— " + html.escape(article.subtitle)
        if article.start_s is not None:
            text = f"{clock(article.start_s)} {text}"
        rows.append(f"<li>{text}</li>")
    intro = f"<p>{html.escape(edition.title)}，共 {len(rows)} 篇。</p>"
    return intro + (f"<ol>{''.join(rows)}</ol>" if rows else "")


def _chapters_ok(path: Path, edition: PublishedEdition, on_warning: Warn | None) -> bool:
    """Link chapters only if they parse: a bad file makes some apps drop the episode."""
    try:
        problems = validate_chapters_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems = [_one_line(exc)]
    if problems and on_warning:
        on_warning(f"{edition.id}/{path.name}: not linked ({problems[0]})")
    return not problems


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = text
    return element


def _serialise(rss: ET.Element) -> bytes:
    ET.indent(rss, space="  ")
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def _rfc2822(moment: datetime) -> str:
    return format_datetime(moment.astimezone(timezone.utc))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
