import os
import urllib.request

import edge_tts.communicate
import pytest

from audio_edition.engines.edge.endpoint import (
    DEFAULT_URL,
    URL_ENV,
    host_and_port,
    proxy_bypass,
    resolve_url,
    speech_endpoint,
)
from audio_edition.errors import InputError

LOCAL = "ws://127.0.0.1:8765/consumer/speech/synthesize/readaloud/edge/v1?TrustedClientToken=x"


def test_default_is_edge_tts_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(URL_ENV, raising=False)
    assert resolve_url() == DEFAULT_URL
    assert DEFAULT_URL.startswith("wss://speech.platform.bing.com/")


def test_environment_then_argument_take_over(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(URL_ENV, LOCAL)
    assert resolve_url() == LOCAL
    other = LOCAL.replace("8765", "9000")
    assert resolve_url(other) == other


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:1/x?a=b", "ws://127.0.0.1:1/no-query", "not a url"]
)
def test_malformed_endpoint_is_an_input_error(url: str) -> None:
    with pytest.raises(InputError, match="query string"):
        resolve_url(url)


def test_host_and_port() -> None:
    assert host_and_port(LOCAL) == ("127.0.0.1", 8765)
    assert host_and_port(DEFAULT_URL) == ("speech.platform.bing.com", 443)


def test_endpoint_is_patched_for_the_block_only() -> None:
    before = edge_tts.communicate.WSS_URL
    with speech_endpoint(LOCAL):
        assert edge_tts.communicate.WSS_URL == LOCAL
    assert before == edge_tts.communicate.WSS_URL


def test_loopback_bypasses_proxies_then_environment_is_restored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_PROXY", "example.org")
    monkeypatch.delenv("no_proxy", raising=False)
    with proxy_bypass(LOCAL):
        assert os.environ["NO_PROXY"].split(",")[:2] == ["example.org", "127.0.0.1"]
        assert "127.0.0.1" in os.environ["no_proxy"]
        assert urllib.request.proxy_bypass("127.0.0.1")
    assert os.environ["NO_PROXY"] == "example.org"
    assert "no_proxy" not in os.environ


def test_remote_endpoint_leaves_proxies_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_PROXY", raising=False)
    with proxy_bypass(DEFAULT_URL):
        assert "NO_PROXY" not in os.environ
