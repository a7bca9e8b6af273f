"""``audio-edition.toml``: the channel settings, and one-line errors for every mistake."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from audio_edition.errors import InputError
from audio_edition.publish.feed_config import FeedConfig, load_feed_config
from tests.conftest import run_cli


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[feed\ntitle = 1", "invalid TOML"),
        ("[feed]\ntitel = 'x'", "unknown [feed] key 'titel'"),
        ("[feed]\nexplicit = 'no'", "explicit must be true or false"),
        ("[feed]\nbase_url = 'example.org'", "[feed] base_url must be an http"),
        ("[feed]\nauthor = 3", "[feed] author must be a string"),
        ("[feed]\npublish_time = '6 am'", "publish_time must be a time of day"),
        ("[feed]\npublish_time = '24:00'", "publish_time must be a time of day"),
        ("[feed]\ntimezone = 'Asia/Nowhere'", "not a known time zone: 'Asia/Nowhere'"),
        ("[feed]\ntimezone = '../etc'", "not a known time zone"),
        ("base_url = 'https://example.org/'\n[feed]\n", "top-level key 'base_url'; put it under"),
        ("[feeds]\ntitle = 'x'", "unknown top-level key 'feeds' (known: [feed])"),
        ("feed = 'x'", "'feed' must be a table"),
    ],
)
def test_bad_config_is_a_one_line_input_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "audio-edition.toml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_feed_config(tmp_path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_cli_prints_config_errors_as_written(tmp_path: Path) -> None:
    # rich would read "[feed]" as a markup tag and print "unknown  key".
    (tmp_path / "audio-edition.toml").write_text("[feed]\ntitel = 'x'\n", encoding="utf-8")
    done = run_cli("feed", "--out", str(tmp_path))
    assert done.returncode == 2
    assert "unknown [feed] key 'titel'" in done.stderr
    assert "  key" not in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "feed.xml").exists()


def test_publish_time_and_timezone(tmp_path: Path) -> None:
    assert FeedConfig().publish_time == dt.time(6, 0)
    assert FeedConfig().timezone == "Asia/Shanghai"
    config = tmp_path / "audio-edition.toml"
    config.write_text('[feed]\npublish_time = "7:30"\ntimezone = "Europe/Berlin"\n', "utf-8")
    loaded = load_feed_config(tmp_path)
    assert (loaded.publish_time, loaded.timezone) == (dt.time(7, 30), "Europe/Berlin")
    config.write_text("[feed]\npublish_time = 18:05:00\n", "utf-8")  # a TOML local time
    assert load_feed_config(tmp_path).publish_time == dt.time(18, 5)


def test_empty_strings_mean_the_default(tmp_path: Path) -> None:
    (tmp_path / "audio-edition.toml").write_text(
        '[feed]\ntitle = " "\nbase_url = ""\ntimezone = ""\n', encoding="utf-8"
    )
    assert load_feed_config(tmp_path) == FeedConfig()


def test_config_falls_back_to_current_directory_then_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, cwd = tmp_path / "out", tmp_path / "cwd"
    out.mkdir()
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    assert load_feed_config(out) == FeedConfig()
    assert FeedConfig().channel_title == "本报音频版"
    (cwd / "audio-edition.toml").write_text('[feed]\npaper = "北京日报"\n', encoding="utf-8")
    assert load_feed_config(out).channel_title == "北京日报音频版"
    (out / "audio-edition.toml").write_text('[feed]\ntitle = "A"\n', encoding="utf-8")
    assert load_feed_config(out).channel_title == "A"


def test_example_config_at_repo_root_is_valid(tmp_path: Path) -> None:
    example = Path(__file__).parents[1] / "audio-edition.toml.example"
    (tmp_path / "audio-edition.toml").write_text(example.read_text(encoding="utf-8"))
    config = load_feed_config(tmp_path)
    assert config.language == "zh-cn" and config.category.startswith("News")
    assert config.publish_time == dt.time(6, 0) and config.timezone == "Asia/Shanghai"
