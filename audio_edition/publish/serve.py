"""Serve the output folder to podcast apps: feeds, index page and published files only.

Podcast apps need HEAD, byte ranges (seeking, resumed downloads) and exact MIME
types; ``file_response`` answers the first two by RFC 9110 and we set the third. The
server is an allow-list, not a static directory: a path is served only if it is a
feed, the index, or a file some ``edition.json`` publishes, so the clip cache,
dotfiles and anything outside the folder can never leak, however the URL is spelt.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import re
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from audio_edition.errors import InputError, ManifestError
from audio_edition.publish.editions import (
    MANIFEST_NAME,
    PublishedEdition,
    is_safe_relative_path,
    list_editions,
    published_url,
    read_edition,
)
from audio_edition.publish.feed import (
    ARTICLE_FEED_NAME,
    FEED_NAME,
    FEED_NAMES,
    channel_cover,
    render_article_feed,
    render_feed,
)
from audio_edition.publish.feed_config import FeedConfig, load_feed_config, normalise_base_url
from audio_edition.publish.feed_state import FeedState, load_feed_state
from audio_edition.publish.file_response import PublishedFile
from audio_edition.publish.index_page import INDEX_NAME, render_index

log = logging.getLogger(__name__)

MIME_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/x-m4a",
    ".xml": "application/rss+xml",
    ".vtt": "text/vtt; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
}
CHAPTERS_MIME = "application/json+chapters"
FAVICON = "favicon.ico"

# Everything published is public and read-only, so any web player may fetch it; no
# credentials are ever allowed. Exposed: what a player needs to read a 206.
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "Content-Range, Accept-Ranges, Content-Length, ETag",
}
_PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Range, If-Range, If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}

_FEED_BASE = web.AppKey("feed_base", str)  # empty: derive from each request

# A Host header we are willing to echo into enclosure URLs: a name or IPv4 address, or
# a bracketed IPv6 address, with an optional port. Anything else falls back to the
# address the request arrived on.
_HOST = re.compile(r"(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")


def content_type(rel: str, *, chapters: bool = False) -> str:
    """The MIME type podcast apps expect for a published file."""
    if chapters:
        return CHAPTERS_MIME
    suffix = Path(rel).suffix.lower()
    return MIME_TYPES.get(suffix, "application/octet-stream")


def request_segments(raw_path: str) -> list[str] | None:
    """Decoded path segments of a request, or None if the path is not a plain one.

    Works on the raw request target because aiohttp/yarl normalise ``..`` away before
    routing; an encoded slash or backslash, an empty segment, a dot-segment or a
    dotfile anywhere rejects the whole path.
    """
    path = raw_path.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/"):
        return None  # absolute-form targets (``GET http://…``) and garbage
    body = path[1:]
    if not body:
        return []
    lowered = body.lower()
    if "\\" in body or "%2f" in lowered or "%5c" in lowered or "%00" in lowered:
        return None
    try:
        segments = [unquote(s, errors="strict") for s in body.split("/")]
    except UnicodeDecodeError:
        return None
    return segments if is_safe_relative_path("/".join(segments)) else None


class _PublishedSite:
    """The request handler and its manifest cache (editions are re-read when they change).

    Nothing here writes to the output folder: the feeds and the page are rendered per
    request for the host the client used, and the files on disk stay what
    ``audio-edition feed`` made them.
    """

    def __init__(
        self, out_dir: Path, config: FeedConfig, state: FeedState, base_url: str | None
    ) -> None:
        self.out_dir = out_dir
        self.config = config
        self.state = state
        self.fixed_base = base_url or config.base_url
        self._manifests: dict[Path, tuple[tuple[int, int], PublishedEdition]] = {}

    def read(self, folder: Path) -> PublishedEdition:
        try:
            st = (folder / MANIFEST_NAME).stat()
        except OSError:
            raise ManifestError(f"{folder.name}/{MANIFEST_NAME}: missing") from None
        key = (st.st_mtime_ns, st.st_size)
        cached = self._manifests.get(folder)
        if cached and cached[0] == key:
            return cached[1]
        edition = read_edition(folder)
        self._manifests[folder] = (key, edition)
        return edition

    def editions(self) -> list[PublishedEdition]:
        return list_editions(self.out_dir, on_warning=log.warning, read=self.read)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        segments = request_segments(request.raw_path)
        if segments is None:
            raise web.HTTPNotFound()
        rel = "/".join(segments)
        if rel in ("", INDEX_NAME):
            return await self._generated(request, self._render_index, content_type(INDEX_NAME))
        if rel in (FEED_NAME, ARTICLE_FEED_NAME):
            base = self.fixed_base or _request_base(request)
            render = self._feed_renderer(rel, base)
            return await self._generated(request, render, content_type(rel))
        if rel == FAVICON:
            return await self._favicon()
        if rel == self.config.cover:
            return self._file(self.out_dir / rel, content_type(rel))
        if len(segments) < 2:
            raise web.HTTPNotFound()
        try:
            edition = self.read(self.out_dir / segments[0])
        except ManifestError:
            raise web.HTTPNotFound() from None
        inner = "/".join(segments[1:])
        if inner not in edition.published:
            raise web.HTTPNotFound()
        chapters = inner == edition.files.get("chapters")
        return self._file(edition.folder / inner, content_type(inner, chapters=chapters))

    async def preflight(self, request: web.Request) -> web.Response:
        """CORS preflight: a player sending Range or If-Range asks first."""
        return web.Response(status=204, headers=_PREFLIGHT_HEADERS)

    def _file(self, path: Path, mime: str) -> web.StreamResponse:
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            raise web.HTTPNotFound() from None
        # A symlink may point anywhere; serve only what really lies inside the folder.
        if not real.is_relative_to(self.out_dir) or not real.is_file():
            raise web.HTTPNotFound()
        return PublishedFile(real, mime)

    async def _favicon(self) -> web.StreamResponse:
        """The channel cover, for browsers that ask for ``/favicon.ico`` on their own."""
        loop = asyncio.get_running_loop()
        cover = await loop.run_in_executor(
            None, lambda: channel_cover(self.editions(), self.config)
        )
        if cover is None:
            raise web.HTTPNotFound()
        if "://" in cover:
            raise web.HTTPFound(cover)
        return self._file(self.out_dir / cover, content_type(cover))

    def _render_index(self) -> bytes:
        return render_index(self.editions(), self.config).encode("utf-8")

    def _feed_renderer(self, name: str, base: str) -> Callable[[], bytes]:
        guid = self.state.guid(name)

        def render() -> bytes:
            editions = self.editions()
            if name == ARTICLE_FEED_NAME:
                return render_article_feed(editions, self.config, base, guid)
            return render_feed(editions, self.config, base, guid, on_warning=log.warning)

        return render

    @staticmethod
    async def _generated(
        request: web.Request, render: Callable[[], bytes], mime: str
    ) -> web.Response:
        """A document rendered for this request, with an ETag so polling apps get 304s."""
        loop = asyncio.get_running_loop()
        body = await loop.run_in_executor(None, render)
        etag = hashlib.sha256(body).hexdigest()[:32]
        if etag in {t.value for t in request.if_none_match or ()}:
            return web.Response(status=304, headers={"ETag": f'"{etag}"'})
        response = web.Response(body=body, headers={"Content-Type": mime})
        response.etag = etag
        response.headers["Cache-Control"] = "no-cache"
        return response


async def _add_cors(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(CORS_HEADERS)


class _OneLineErrors(logging.LoggerAdapter):
    """aiohttp's server logger, with a malformed request reported as one line.

    A client sending garbage is not our bug, so its traceback is noise on the
    terminal; anything else keeps its traceback.
    """

    def exception(self, msg: object, *args: object, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info")
        if isinstance(exc, HttpProcessingError):
            # aiohttp points at the bad byte with a "^" line below the request line.
            reason = " ".join(w for w in str(exc.message or exc).split() if w.strip("^"))
            text = (str(msg) % args) if args else str(msg)
            self.warning("%s: %s %s", text, exc.code, reason)
            return
        super().exception(msg, *args, **kwargs)


def make_app(out_dir: Path, *, base_url: str | None = None) -> web.Application:
    """An aiohttp application serving ``out_dir``; bad folder or config -> ``InputError``."""
    out_dir = Path(out_dir).resolve()
    if not out_dir.is_dir():
        raise InputError(f"output folder not found: {out_dir}")
    config = load_feed_config(out_dir)
    if base_url:
        base_url = normalise_base_url(base_url, name="--base-url")
    # Read, never written: a guid not stored yet is derived just as the first feed
    # write will derive and store it.
    state = load_feed_state(out_dir, config, FEED_NAMES)
    site = _PublishedSite(out_dir, config, state, base_url)
    app = web.Application()
    app.router.add_get("/{tail:.*}", site.handle)
    app.router.add_route("OPTIONS", "/{tail:.*}", site.preflight)
    app.on_response_prepare.append(_add_cors)
    app[_FEED_BASE] = site.fixed_base or ""
    return app


def run_server(
    out_dir: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    base_url: str | None = None,
    on_ready: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Serve until interrupted (Ctrl-C) or until ``stop`` is set.

    ``on_ready`` gets the feed URL to show the user once the socket is listening;
    ``port=0`` picks a free port and the URL names the real one.
    """
    app = make_app(out_dir, base_url=base_url)
    asyncio.run(_serve(app, host, port, on_ready, stop))


async def _serve(
    app: web.Application,
    host: str,
    port: int,
    on_ready: Callable[[str], None] | None,
    stop: threading.Event | None,
) -> None:
    runner = web.AppRunner(app, logger=_OneLineErrors(logging.getLogger("aiohttp.server")))
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as exc:
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        bound_port = runner.addresses[0][1]
        if on_ready:
            base = app[_FEED_BASE] or f"http://{_display_host(host)}:{bound_port}/"
            on_ready(published_url(base, FEED_NAME))
        await _until(stop)
    finally:
        await runner.cleanup()


async def _until(stop: threading.Event | None) -> None:
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()
    if stop is not None:

        def watch() -> None:
            stop.wait()
            with contextlib.suppress(RuntimeError):  # the loop already closed
                loop.call_soon_threadsafe(lambda: done.done() or done.set_result(None))

        threading.Thread(target=watch, name="audio-edition-stop", daemon=True).start()
    await done


def _request_base(request: web.Request) -> str:
    host = request.headers.get("Host", "")
    if not _HOST.fullmatch(host):
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        host = _host_port(sockname[0], sockname[1]) if sockname else "127.0.0.1"
    return f"{request.scheme}://{host}/"


def _display_host(host: str) -> str:
    """A host a phone can reach when we listen on every interface."""
    if host in ("", "0.0.0.0", "::"):
        host = _lan_address()
    return f"[{host}]" if ":" in host else host


def _host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _lan_address() -> str:
    # Connecting a UDP socket sends nothing; it only asks the OS which interface
    # would route outwards, which is the address other devices on the LAN can use.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"
