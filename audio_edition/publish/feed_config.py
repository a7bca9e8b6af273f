"""The podcast channel's settings, read from the ``[feed]`` table of ``audio-edition.toml``.

The channel is the part of a feed that is the same for every episode (title, owner,
artwork, where the files live). It is kept out of the edition manifests so that one
edit to the config retitles the whole podcast without rebuilding any edition.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

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


_STRING_KEYS = {f.name for f in dataclasses.fields(FeedConfig)} - {"explicit"}


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
    table = data.get("feed", {})
    if not isinstance(table, dict):
        raise InputError(f"{path}: 'feed' must be a table ([feed])")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key == "explicit":
            if not isinstance(value, bool):
                raise InputError(f"{path}: [feed] explicit must be true or false")
        elif key in _STRING_KEYS:
            if not isinstance(value, str):
                raise InputError(f"{path}: [feed] {key} must be a string")
            value = value.strip()
            if not value:
                continue
        else:
            known = ", ".join(sorted(_STRING_KEYS | {"explicit"}))
            raise InputError(f"{path}: unknown [feed] key {key!r} (known: {known})")
        values[key] = value
    if "base_url" in values:
        values["base_url"] = normalise_base_url(values["base_url"], where=f"{path}: [feed] ")
    if "language" in values:
        values["language"] = values["language"].lower()
    return FeedConfig(**values)


def normalise_base_url(url: str, *, where: str = "") -> str:
    """An absolute, ASCII-only http(s) URL ending in ``/``, so file names can be appended.

    Podcast apps choke on non-ASCII URLs, so a Unicode host becomes IDNA and a Unicode
    path is percent-encoded here, once, rather than at every use.
    """
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError(f"{where}base_url must be an http:// or https:// URL, got {url!r}")
    try:
        port = parts.port
    except ValueError:
        raise InputError(f"{where}base_url has an invalid port: {url!r}") from None
    netloc = parts.netloc
    if not netloc.isascii():
        try:
            host = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError:
            raise InputError(f"{where}base_url has an invalid host: {url!r}") from None
        netloc = host if port is None else f"{host}:{port}"
    path = quote(parts.path, safe="/%:@!$&'()*+,;=-._~")
    if not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, "", ""))
