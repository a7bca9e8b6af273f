import json
import socket
from pathlib import Path

import pytest

from audio_edition.engines.edge.voices import (
    MANDARIN_VOICES,
    VoiceListUnavailable,
    known_voices,
    load_cached_voices,
    refresh_voices,
    voice_cache_path,
)
from tests.fake_edge import FakeEdgeServer


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_static_table_holds_the_mandarin_voices() -> None:
    ids = [v.id for v in MANDARIN_VOICES]
    assert ids[0] == "zh-CN-YunyangNeural"
    assert len(ids) == 8 and len(set(ids)) == 8
    assert {v.gender for v in MANDARIN_VOICES} == {"Male", "Female"}
    assert all(v.id.startswith("zh-CN-") and v.id.endswith("Neural") for v in MANDARIN_VOICES)


def test_without_a_cache_the_static_table_is_used(tmp_path: Path) -> None:
    assert known_voices(tmp_path / "missing.json") == list(MANDARIN_VOICES)


def test_cache_path_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AUDIO_EDITION_EDGE_VOICES", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert voice_cache_path() == tmp_path / "audio-edition" / "edge-voices.json"
    monkeypatch.setenv("AUDIO_EDITION_EDGE_VOICES", str(tmp_path / "v.json"))
    assert voice_cache_path() == tmp_path / "v.json"


def test_refresh_fetches_keeps_mandarin_and_caches(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "edge-voices.json"
    with FakeEdgeServer() as server:
        voices = refresh_voices(path, url=server.voices_url)
        assert server.voice_list_calls == 1
    assert [v.id for v in voices] == ["zh-CN-XiaoxiaoNeural", "zh-CN-YunyangNeural"]
    assert voices[0].gender == "Female" and "news" in voices[0].note
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert [v["id"] for v in saved["voices"]] == [v.id for v in voices]
    assert load_cached_voices(path) == voices
    assert known_voices(path) == voices
    assert list(path.parent.iterdir()) == [path]  # no temp file left behind


def test_unreachable_voice_list_is_one_readable_error(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/voices/list?trustedclienttoken=x"
    with pytest.raises(VoiceListUnavailable, match="online") as caught:
        refresh_voices(tmp_path / "v.json", url=url)
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "v.json").exists()


def test_list_without_mandarin_is_refused(tmp_path: Path) -> None:
    english = [{"ShortName": "en-US-EmmaNeural", "Gender": "Female", "Locale": "en-US"}]
    with FakeEdgeServer(voice_list=english) as server, pytest.raises(VoiceListUnavailable):
        refresh_voices(tmp_path / "v.json", url=server.voices_url)


def test_damaged_cache_falls_back_to_the_table(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    path.write_text("{not json", encoding="utf-8")
    assert known_voices(path) == list(MANDARIN_VOICES)
