"""Is the edge service reachable right now? (for ``--engine auto``)

One TCP connect to the endpoint's host and port, bounded by ``timeout``: cheap enough to
run before every build, and it fails fast offline instead of waiting on retries.
"""

from __future__ import annotations

import socket

from audio_edition.engines.edge.endpoint import host_and_port, resolve_url
from audio_edition.errors import InputError


def probe(url: str | None = None, timeout: float = 2.0) -> bool:
    """True when a TCP connection to the edge endpoint opens within ``timeout`` seconds.

    ``url`` defaults to ``$AUDIO_EDITION_EDGE_URL``, else edge-tts's endpoint. A
    malformed URL counts as unreachable rather than raising: auto mode then falls back
    to the offline engine, and a forced ``--engine edge`` reports the URL error itself.
    """
    try:
        host, port = host_and_port(resolve_url(url))
    except InputError:
        return False
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:  # refused, unreachable, DNS failure, timeout
        return False
