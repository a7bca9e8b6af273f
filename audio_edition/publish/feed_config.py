"""The podcast channel's settings, read from the ``[feed]`` table of ``audio-edition.toml``.

The channel is the part of a feed that is the same for every episode (title, owner,
artwork, where the files live). It is kept out of the edition manifests so that one
edit to the config retitles the whole podcast without rebuilding any edition.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from audio_edition.errors import InputError
from audio_edition.toml_file import read_toml

CONFIG_NAME = "audio-edition.toml"
DEFAULT_BASE_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class FeedConfig:
    """Channel-level settings; ``None`` means "derive it" (see the properties)."""

    title: str | None = None
    paper: str = "本报"
    author: str = "audio-edition"
    description: str | None = None
    language: str = "zh-cn"
    category: str = "News"  # Apple category; "News/Daily News" nests a subcategory
    explicit: bool = False
    owner_name: str | None = None
    owner_email: str | None = None
    cover: str | None = None  # an http(s) URL, or a file inside the output folder
    base_url: str | None = None  # where the output folder is served from
    link: str | None = None  # the podcast's web page; defaults to the index page
    # An episode is dated its edition's day at this time in the paper's zone (see feed.py).
    publish_time: dt.time = dt.time(6, 0)
    timezone: str = "Asia/Shanghai"

    @property
    def channel_title(self) -> str:
        return self.title or f"{self.paper}音频版"

    @property
    def channel_description(self) -> str:
        if self.description:
            return self.description
        return f"{self.paper}每期版面的普通话音频版：按文章分章节，附文字稿。"

    @property
    def owner(self) -> str:
        return self.owner_name or self.author


_KEYS = {f.name for f in dataclasses.fields(FeedConfig)}


def load_feed_config(out_dir: Path) -> FeedConfig:
    """Read ``audio-edition.toml`` beside the editions, else in the current directory.

    The output folder wins so that a folder of editions carries its own channel
    settings wherever it is served from; with no file at all the defaults make a
    working feed on the local machine.
    """
    for candidate in (Path(out_dir) / CONFIG_NAME, Path.cwd() / CONFIG_NAME):
        if candidate.is_file():
            return parse_feed_config(candidate)
    return FeedConfig()


def parse_feed_config(path: Path) -> FeedConfig:
    """Parse one config file; every mistake is an ``InputError`` naming the file and key."""
    data = read_toml(path)
    for key in data:
        if key != "feed":
            # A [feed] key put above the table is the usual slip: say where it belongs.
            hint = "; put it under [feed]" if key in _KEYS else " (known: [feed])"
            raise InputError(f"{path}: unknown top-level key {key!r}{hint}")
    table = data.get("feed", {})
    if not isinstance(table, dict):
        raise InputError(f"{path}: 'feed' must be a table ([feed])")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise InputError(f"{path}: unknown [feed] key {key!r} (known: {known})")
        parse = _PARSERS.get(key, _text)
        parsed = parse(value, f"{path}: [feed] {key}")
        if parsed is not None:
            values[key] = parsed
    return FeedConfig(**values)


def _text(value: Any, where: str) -> str | None:
    if not isinstance(value, str):
        raise InputError(f"{where} must be a string")
    return value.strip() or None  # an empty string means "use the default"


def _boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(f"{where} must be true or false")
    return value


def _clock_time(value: Any, where: str) -> dt.time:
    """A TOML local time (``06:00:00``) or a string ``"HH:MM"``."""
    if isinstance(value, dt.time):
        return value.replace(microsecond=0)
    match = isinstance(value, str) and re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
    if not match:
        raise InputError(f'{where} must be a time of day like "06:00", got {value!r}')
    return dt.time(int(match[1]), int(match[2]))


def _time_zone(value: Any, where: str) -> str:
    name = _text(value, where) or FeedConfig.timezone
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"{where} is not a known time zone: {name!r} (e.g. Asia/Shanghai)"
        ) from None
    return name


def _base_url(value: Any, where: str) -> str | None:
    text = _text(value, where)
    return normalise_base_url(text, name=where) if text else None


def _language(value: Any, where: str) -> str | None:
    text = _text(value, where)
    return text.lower() if text else None


_PARSERS: dict[str, Callable[[Any, str], Any]] = {
    "explicit": _boolean,
    "publish_time": _clock_time,
    "timezone": _time_zone,
    "base_url": _base_url,
    "language": _language,
}


def normalise_base_url(url: str, *, name: str = "base_url") -> str:
    """An absolute, ASCII-only http(s) URL ending in ``/``, so file names can be appended.

    Podcast apps choke on non-ASCII URLs, so a Unicode host becomes IDNA and a Unicode
    path is percent-encoded here, once, rather than at every use.
    """
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError(f"{name} must be an http:// or https:// URL, got {url!r}")
    try:
        port = parts.port
    except ValueError:
        raise InputError(f"{name} has an invalid port: {url!r}") from None
    netloc = parts.netloc
    if not netloc.isascii():
        try:
            host = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError:
            raise InputError(f"{name} has an invalid host: {url!r}") from None
        netloc = host if port is None else f"{host}:{port}"
    path = quote(parts.path, safe="/%:@!$&'()*+,;=-._~")
    if not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, "", ""))
