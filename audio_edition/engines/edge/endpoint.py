"""Which edge endpoint to talk to, and pointing edge-tts at it for the length of a run.

edge-tts has no URL parameter: ``Communicate`` reads the module global
``edge_tts.communicate.WSS_URL`` (patching ``edge_tts.constants`` does nothing, the name
was already imported). Tests and self-hosted relays set ``AUDIO_EDITION_EDGE_URL``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import edge_tts.communicate

from audio_edition.errors import InputError

URL_ENV = "AUDIO_EDITION_EDGE_URL"
DEFAULT_URL: str = edge_tts.communicate.WSS_URL
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
_PROXY_BYPASS_VARS = ("NO_PROXY", "no_proxy")


def resolve_url(url: str | None = None) -> str:
    """``url``, else ``$AUDIO_EDITION_EDGE_URL``, else edge-tts's own endpoint.

    The URL must keep edge-tts's shape (a query string) because edge-tts appends
    ``&ConnectionId=…`` to it.
    """
    chosen = url or os.environ.get(URL_ENV) or DEFAULT_URL
    parts = urlsplit(chosen)
    if parts.scheme not in ("ws", "wss") or not parts.hostname or not parts.query:
        raise InputError(
            f"edge endpoint '{chosen}' is not a ws:// or wss:// URL with a query string "
            f"(like {DEFAULT_URL})"
        )
    return chosen


def host_and_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    default = 443 if parts.scheme in ("wss", "https") else 80
    return parts.hostname or "", parts.port or default


@contextmanager
def _patched(module: Any, name: str, value: Any) -> Iterator[None]:
    old = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, old)


@contextmanager
def proxy_bypass(url: str) -> Iterator[None]:
    """Keep a loopback endpoint off any HTTP proxy the environment names.

    edge-tts opens its sessions with ``trust_env=True``; a proxy cannot reach our
    127.0.0.1, so loopback hosts are added to ``NO_PROXY`` for the run, then restored.
    """
    host, _ = host_and_port(url)
    if host not in LOOPBACK_HOSTS:
        yield
        return
    saved = {name: os.environ.get(name) for name in _PROXY_BYPASS_VARS}
    for name in _PROXY_BYPASS_VARS:
        present = [h.strip() for h in (saved[name] or "").split(",") if h.strip()]
        extra = [h for h in LOOPBACK_HOSTS if h not in present]
        os.environ[name] = ",".join(present + extra)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def speech_endpoint(url: str) -> Iterator[None]:
    """Point edge-tts's synthesis at ``url`` until the block ends."""
    with proxy_bypass(url), _patched(edge_tts.communicate, "WSS_URL", url):
        yield


@contextmanager
def voice_list_endpoint(url: str | None) -> Iterator[None]:
    """Point edge-tts's voice list at ``url`` (an http(s) URL) until the block ends."""
    import edge_tts.voices

    if url is None:
        yield
        return
    with proxy_bypass(url), _patched(edge_tts.voices, "VOICE_LIST", url):
        yield
