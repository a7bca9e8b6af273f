import socket

import pytest

from audio_edition.engines.edge.endpoint import URL_ENV
from audio_edition.engines.edge.probe import probe
from tests.fake_edge import FakeEdgeServer


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_reachable_endpoint() -> None:
    with FakeEdgeServer() as server:
        assert probe(server.url) is True


def test_probe_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeEdgeServer() as server:
        monkeypatch.setenv(URL_ENV, server.url)
        assert probe() is True


def test_closed_port_is_unreachable() -> None:
    url = f"ws://127.0.0.1:{closed_port()}/edge/v1?TrustedClientToken=x"
    assert probe(url, timeout=0.5) is False


def test_malformed_url_is_unreachable() -> None:
    assert probe("http://nowhere", timeout=0.1) is False
