"""The feeds, read back by feedparser, podcastparser (gPodder's parser) and ElementTree."""

from __future__ import annotations

import io
import json
import os
import subprocess
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, time, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import imageio_ffmpeg
import podcastparser
import pytest
from mutagen.mp3 import MP3
from PIL import Image

from audio_edition.errors import InputError
from audio_edition.publish.editions import list_editions, whole_seconds
from audio_edition.publish.feed import (
    ATOM_NS,
    ITUNES_NS,
    PODCAST_NS,
    validate_chapters_json,
    write_feed,
)
from audio_edition.publish.feed_config import FeedConfig, load_feed_config
from tests.conftest import run_cli
from tests.edition_fixture import HEADLINES, make_edition, read_manifest, tone_mp3, write_manifest

NS = {"itunes": ITUNES_NS, "podcast": PODCAST_NS, "atom": ATOM_NS}
BASE = "http://127.0.0.1:8000/"
SHANGHAI = ZoneInfo("Asia/Shanghai")
# The fixture's editions are dated 06:00 in Shanghai; a second edition of one date a
# minute later.
SIX_AM = {
    "2026-04-27": datetime(2026, 4, 27, 6, 0, tzinfo=SHANGHAI),
    "2026-04-27-2": datetime(2026, 4, 27, 6, 1, tzinfo=SHANGHAI),
    "2026-04-28": datetime(2026, 4, 28, 6, 0, tzinfo=SHANGHAI),
}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    make_edition(tmp_path, "2026-04-27", created="2026-04-27T06:00:00+00:00")
    make_edition(tmp_path, "2026-04-28", created="2026-04-28T06:00:00+00:00")
    make_edition(
        tmp_path, "2026-04-27-2", created="2026-04-27T09:00:00+00:00", article_seconds=(1.0,)
    )
    (tmp_path / ".cache").mkdir()
    (tmp_path / "stray").mkdir()  # a folder without a manifest is not an edition
    return tmp_path


def channel_of(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def test_feed_has_every_required_channel_and_item_tag(out: Path) -> None:
    feed = write_feed(out, FeedConfig())
    assert feed == out / "feed.xml"
    channel = channel_of(feed)
    for tag in (
        "title",
        "description",
        "link",
        "language",
        "lastBuildDate",
        "itunes:image",
        "itunes:category",
        "itunes:explicit",
        "itunes:author",
        "podcast:guid",
        "podcast:locked",
    ):
        assert channel.find(tag, NS) is not None, tag
    assert channel.findtext("language") == "zh-cn"
    assert channel.find("itunes:category", NS).get("text") == "News"
    assert channel.findtext("itunes:explicit", namespaces=NS) == "false"
    assert channel.findtext("podcast:locked", namespaces=NS) == "no"
    # The newest edition's cover, and it is a 1400 px square PNG.
    cover_url = channel.find("itunes:image", NS).get("href")
    assert cover_url == BASE + "2026-04-28/cover.png"
    with Image.open(out / "2026-04-28" / "cover.png") as image:
        assert image.format == "PNG" and image.size == (1400, 1400)

    items = channel.findall("item")
    assert len(items) == 3
    for item in items:
        for tag in (
            "title",
            "description",
            "enclosure",
            "guid",
            "pubDate",
            "itunes:duration",
            "itunes:image",
            "podcast:chapters",
            "podcast:transcript",
        ):
            assert item.find(tag, NS) is not None, tag
        assert item.find("guid").get("isPermaLink") == "false"
        assert item.find("podcast:chapters", NS).get("type") == "application/json+chapters"
        transcript = item.find("podcast:transcript", NS)
        assert transcript.get("type") == "text/vtt" and transcript.get("language") == "zh-cn"


def test_items_newest_first_with_exact_lengths_and_manifest_values(out: Path) -> None:
    channel = channel_of(write_feed(out, FeedConfig()))
    items = channel.findall("item")
    ids = [item.find("enclosure").get("url").split("/")[3] for item in items]
    assert ids == ["2026-04-28", "2026-04-27-2", "2026-04-27"]
    for item, edition_id in zip(items, ids, strict=True):
        manifest = read_manifest(out / edition_id)
        enclosure = item.find("enclosure")
        assert enclosure.get("type") == "audio/mpeg"
        assert int(enclosure.get("length")) == (out / edition_id / "edition.mp3").stat().st_size
        assert item.findtext("guid") == manifest["guid"]
        seconds = MP3(out / edition_id / "edition.mp3").info.length
        assert item.findtext("itunes:duration", namespaces=NS) == str(whole_seconds(seconds))
        assert parsedate_to_datetime(item.findtext("pubDate")) == SIX_AM[edition_id]
        assert item.findtext("title") == manifest["title"]
        description = item.findtext("description")
        for article in manifest["articles"]:
            assert article["headline"].split(" <")[0] in description
        # The headline's markup is text, escaped once for HTML inside the XML text.
        if "<b>" in json.dumps(manifest["articles"], ensure_ascii=False):
            assert "&lt;b&gt;" in description and "<b>" not in description


def test_feedparser_reads_the_feed(out: Path) -> None:
    parsed = feedparser.parse((write_feed(out, FeedConfig())).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "本报音频版"
    assert parsed.feed.language == "zh-cn"
    assert len(parsed.entries) == 3
    first = parsed.entries[0]
    assert first.id == read_manifest(out / "2026-04-28")["guid"]
    assert first.enclosures[0].href == BASE + "2026-04-28/edition.mp3"
    assert int(first.enclosures[0].length) == (out / "2026-04-28/edition.mp3").stat().st_size
    assert first.itunes_duration == "4"


def test_podcastparser_reads_the_feed(out: Path) -> None:
    data = write_feed(out, FeedConfig()).read_bytes()
    parsed = podcastparser.parse(BASE + "feed.xml", io.BytesIO(data))
    assert parsed["title"] == "本报音频版"
    assert parsed["cover_url"] == BASE + "2026-04-28/cover.png"
    episodes = parsed["episodes"]
    assert [e["guid"] for e in episodes] == [
        read_manifest(out / i)["guid"] for i in ("2026-04-28", "2026-04-27-2", "2026-04-27")
    ]
    for episode in episodes:
        enclosure = episode["enclosures"][0]
        edition_id = enclosure["url"].split("/")[3]
        assert enclosure["mime_type"] == "audio/mpeg"
        assert enclosure["file_size"] == (out / edition_id / "edition.mp3").stat().st_size
        seconds = MP3(out / edition_id / "edition.mp3").info.length
        assert episode["total_time"] == whole_seconds(seconds)
        assert episode["published"] == SIX_AM[edition_id].timestamp()
    # podcastparser 0.6.11 only knows the podcast namespace by its old GitHub URI, so it
    # cannot see podcast:chapters under the official URI; check the XML for it instead.
    assert b'xmlns:podcast="https://podcastindex.org/namespace/1.0"' in data


def test_podcast_guid_is_uuid5_of_the_feed_url_without_scheme(out: Path) -> None:
    config = FeedConfig(base_url="https://example.org/papers/")
    channel = channel_of(write_feed(out, config))
    namespace = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
    expected = uuid.uuid5(namespace, "example.org/papers/feed.xml")
    assert channel.findtext("podcast:guid", namespaces=NS) == str(expected)
    assert channel.find("atom:link", NS).get("href") == "https://example.org/papers/feed.xml"


def test_guid_and_pubdate_survive_regeneration(out: Path) -> None:
    def item_for(edition_id: str) -> ET.Element:
        items = channel_of(write_feed(out, FeedConfig())).findall("item")
        return next(i for i in items if f"/{edition_id}/" in i.find("enclosure").get("url"))

    before = item_for("2026-04-27")
    folder = out / "2026-04-27"
    manifest = read_manifest(folder)
    manifest["updated"] = "2026-12-01T10:00:00+00:00"
    manifest["duration_s"] = 9.2
    manifest["history"].append({"at": manifest["updated"], "article": "a01", "note": "fix"})
    (folder / "edition.mp3").write_bytes(tone_mp3(9.2))
    write_manifest(folder, manifest)

    after = item_for("2026-04-27")
    assert after.findtext("guid") == before.findtext("guid") == manifest["guid"]
    assert after.findtext("pubDate") == before.findtext("pubDate")
    assert after.findtext("itunes:duration", namespaces=NS) == "9"
    new_size = (folder / "edition.mp3").stat().st_size
    assert int(after.find("enclosure").get("length")) == new_size
    assert new_size != int(before.find("enclosure").get("length"))
    # Regeneration does not reorder: the 28th is still first.
    first = channel_of(out / "feed.xml").find("item/enclosure").get("url")
    assert "/2026-04-28/" in first


def test_article_feed_one_item_per_article(out: Path) -> None:
    write_feed(out, FeedConfig())
    channel = channel_of(out / "feed-articles.xml")
    items = channel.findall("item")
    assert len(items) == 2 + 1 + 2
    first = items[0]
    manifest = read_manifest(out / "2026-04-28")
    article = manifest["articles"][0]
    assert first.findtext("guid") == f"{manifest['guid']}/{article['id']}"
    enclosure = first.find("enclosure")
    assert enclosure.get("url") == BASE + "2026-04-28/" + article["file"]
    assert int(enclosure.get("length")) == (out / "2026-04-28" / article["file"]).stat().st_size
    assert article["headline"] in first.findtext("title")
    guids = [i.findtext("guid") for i in items]
    assert len(set(guids)) == len(guids)
    parsed = feedparser.parse((out / "feed-articles.xml").read_bytes())
    assert not parsed.bozo and len(parsed.entries) == 5


def test_corrupt_manifest_is_skipped_with_a_warning(out: Path) -> None:
    (out / "2026-04-27" / "edition.json").write_text("{not json", encoding="utf-8")
    warnings: list[str] = []
    channel = channel_of(write_feed(out, FeedConfig(), on_warning=warnings.append))
    assert len(channel.findall("item")) == 2
    skipped = [w for w in warnings if w.startswith("skipped")]
    assert len(skipped) == 1 and "2026-04-27/edition.json" in skipped[0]
    assert all("\n" not in w for w in warnings)


def test_urls_are_ascii_and_percent_encoded(tmp_path: Path) -> None:
    folder = make_edition(tmp_path, "2026-04-27")
    manifest = read_manifest(folder)
    os.rename(folder / "chapters.json", folder / "chapters 1.json")
    manifest["files"]["chapters"] = "chapters 1.json"  # unsafe name: not published
    write_manifest(folder, manifest)
    data = write_feed(tmp_path, FeedConfig(), base_url="http://例子.测试/报纸").read_bytes()
    assert data.decode("utf-8")
    channel = channel_of(tmp_path / "feed.xml")
    url = channel.find("item/enclosure").get("url")
    assert url == "http://xn--fsqu00a.xn--0zwm56d/%E6%8A%A5%E7%BA%B8/2026-04-27/edition.mp3"
    assert url.isascii()
    assert channel.find("item/podcast:chapters", NS) is None


def test_base_url_precedence(out: Path) -> None:
    def first_url() -> str:
        return channel_of(out / "feed.xml").find("item/enclosure").get("url")

    write_feed(out, FeedConfig())
    assert first_url().startswith(BASE)  # nothing configured: the local server
    write_feed(out, FeedConfig(), base_url="http://10.0.0.5:9000")
    assert first_url().startswith("http://10.0.0.5:9000/")
    write_feed(out, FeedConfig())  # a later build keeps the URL given last
    assert first_url().startswith("http://10.0.0.5:9000/")
    write_feed(out, FeedConfig(base_url="https://cdn.example/"))  # the config wins
    assert first_url().startswith("https://cdn.example/")
    with pytest.raises(InputError, match="disagrees with"):
        write_feed(out, FeedConfig(base_url="https://cdn.example/"), base_url="http://10.0.0.5")
    write_feed(out, FeedConfig(base_url="https://cdn.example/"), base_url="https://cdn.example")
    with pytest.raises(InputError):
        write_feed(out, FeedConfig(), base_url="ftp://nope")
    assert first_url().startswith("https://cdn.example/")


def test_invalid_chapters_are_not_linked(out: Path) -> None:
    chapters = out / "2026-04-27" / "chapters.json"
    chapters.write_text('{"version": "1.2.0", "chapters": [{"startTime": "x"}]}')
    warnings: list[str] = []
    channel = channel_of(write_feed(out, FeedConfig(), on_warning=warnings.append))
    last = channel.findall("item")[-1]
    assert last.find("podcast:chapters", NS) is None
    assert any("chapters.json" in w for w in warnings)


def test_fixture_chapters_json_is_valid(out: Path) -> None:
    for edition in list_editions(out):
        data = json.loads((edition.folder / "chapters.json").read_text(encoding="utf-8"))
        assert validate_chapters_json(data) == []


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([], "not a JSON object"),
        ({"version": "1.1", "chapters": [{"startTime": 0, "title": "a"}]}, "version"),
        ({"version": "1.2.0", "chapters": []}, "non-empty"),
        ({"version": "1.2.0", "chapters": [{"startTime": True, "title": "a"}]}, "startTime"),
        (
            {"version": "1.2.0", "chapters": [{"startTime": 5, "title": "a"}, {"startTime": 2}]},
            "before the previous",
        ),
        ({"version": "1.2.0", "chapters": [{"startTime": 0, "title": 3}]}, "title"),
    ],
)
def test_validate_chapters_json_finds_problems(data: object, problem: str) -> None:
    problems = validate_chapters_json(data)
    assert problems and any(problem in p for p in problems)


def test_config_file_sets_the_channel(tmp_path: Path) -> None:
    make_edition(tmp_path)
    (tmp_path / "audio-edition.toml").write_text(
        """
[feed]
title = "北京日报音频版"
author = "编辑部"
owner_email = "radio@example.org"
category = "News/Daily News"
explicit = false
cover = "https://example.org/art.png"
base_url = "https://example.org/pod"
""",
        encoding="utf-8",
    )
    config = load_feed_config(tmp_path)
    assert config.base_url == "https://example.org/pod/"
    channel = channel_of(write_feed(tmp_path))
    assert channel.findtext("title") == "北京日报音频版"
    assert channel.findtext("itunes:author", namespaces=NS) == "编辑部"
    assert channel.findtext("itunes:owner/itunes:email", namespaces=NS) == "radio@example.org"
    assert channel.find("podcast:locked", NS).get("owner") == "radio@example.org"
    category = channel.find("itunes:category", NS)
    assert category.get("text") == "News"
    assert category.find("itunes:category", NS).get("text") == "Daily News"
    assert channel.find("itunes:image", NS).get("href") == "https://example.org/art.png"
    assert channel.find("item/enclosure").get("url").startswith("https://example.org/pod/")


def test_missing_output_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        write_feed(tmp_path / "nope", FeedConfig())


def test_files_linking_outside_the_folder_are_not_published(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    folder = make_edition(out, "2026-04-27")
    outside = make_edition(tmp_path, "2026-05-01")
    (out / "2026-05-01").symlink_to(outside, target_is_directory=True)
    article = folder / read_manifest(folder)["articles"][0]["file"]
    article.unlink()
    article.symlink_to(outside / "edition.mp3")
    warnings: list[str] = []
    editions = list_editions(out, on_warning=warnings.append)
    assert [e.id for e in editions] == ["2026-04-27"]
    assert any("2026-05-01" in w and "outside" in w for w in warnings)
    assert article.relative_to(folder).as_posix() not in editions[0].published
    write_feed(out, FeedConfig())
    urls = [e.get("url") for e in ET.parse(out / "feed-articles.xml").getroot().iter("enclosure")]
    assert len(urls) == 1 and "/02-" in urls[0]


# --- podcast:guid is assigned once (item 3) -----------------------------------------


def channel_guids(out: Path) -> tuple[str, str]:
    return tuple(  # type: ignore[return-value]
        channel_of(out / name).findtext("podcast:guid", namespaces=NS)
        for name in ("feed.xml", "feed-articles.xml")
    )


def test_channel_guid_is_derived_once_then_kept(out: Path) -> None:
    namespace = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
    write_feed(out, FeedConfig(paper="咸宁日报"))
    # No base URL yet: derived from the paper's name, one guid per feed.
    first = channel_guids(out)
    assert first == (
        str(uuid.uuid5(namespace, "咸宁日报/feed.xml")),
        str(uuid.uuid5(namespace, "咸宁日报/feed-articles.xml")),
    )
    state = json.loads((out / ".feed-state.json").read_text("utf-8"))
    assert state["podcast_guid"] == {"feed.xml": first[0], "feed-articles.xml": first[1]}
    # The feed moves (a --base-url, then a configured one): the guid stays.
    write_feed(out, FeedConfig(paper="咸宁日报"), base_url="https://example.org/paper/")
    assert channel_guids(out) == first
    write_feed(out, FeedConfig(paper="另一报", base_url="https://cdn.example/x/"))
    assert channel_guids(out) == first
    assert channel_of(out / "feed.xml").find("atom:link", NS).get("href") == (
        "https://cdn.example/x/feed.xml"
    )


def test_corrupt_feed_state_is_a_one_line_error_and_not_replaced(out: Path) -> None:
    state = out / ".feed-state.json"
    state.write_text('{"podcast_guid": 3}', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        write_feed(out, FeedConfig())
    assert "\n" not in str(caught.value) and "new podcast:guid" in str(caught.value)
    assert state.read_text("utf-8") == '{"podcast_guid": 3}'
    assert not (out / "feed.xml").exists()


# --- pubDate is the edition's date (item 4) -----------------------------------------


def test_editions_built_out_of_date_order_are_listed_in_date_order(tmp_path: Path) -> None:
    # The 28th was built first; the 27th a week later, after it.
    make_edition(tmp_path, "2026-04-28", created="2026-04-28T03:00:00+00:00")
    make_edition(tmp_path, "2026-04-27", created="2026-05-05T10:00:00+00:00")
    data = write_feed(tmp_path, FeedConfig()).read_bytes()

    parsed = feedparser.parse(data)
    assert not parsed.bozo
    published = [datetime(*e.published_parsed[:6], tzinfo=timezone.utc) for e in parsed.entries]
    assert [p.astimezone(SHANGHAI).date().isoformat() for p in published] == [
        "2026-04-28",
        "2026-04-27",
    ]
    assert published[0] == datetime(2026, 4, 28, 6, 0, tzinfo=SHANGHAI)
    assert published[1] == datetime(2026, 4, 27, 6, 0, tzinfo=SHANGHAI)

    episodes = podcastparser.parse(BASE + "feed.xml", io.BytesIO(data))["episodes"]
    ids = [e["enclosures"][0]["url"].split("/")[3] for e in episodes]
    assert ids == ["2026-04-28", "2026-04-27"]
    assert episodes[0]["published"] > episodes[1]["published"]

    articles = feedparser.parse((tmp_path / "feed-articles.xml").read_bytes()).entries
    dates = [datetime(*e.published_parsed[:6]) for e in articles]
    assert dates == sorted(dates, reverse=True)  # articles too, in paper order


def test_pubdate_time_and_zone_are_configurable(out: Path) -> None:
    config = FeedConfig(publish_time=time(7, 30), timezone="Europe/Berlin")
    item = channel_of(write_feed(out, config)).find("item")
    expected = datetime(2026, 4, 28, 7, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert parsedate_to_datetime(item.findtext("pubDate")) == expected


def test_pubdate_is_never_after_the_build(tmp_path: Path) -> None:
    # Built at 05:00 Shanghai on its own date (before 06:00): dated when it was built.
    make_edition(tmp_path, "2026-04-27", created="2026-04-26T21:00:00+00:00")
    item = channel_of(write_feed(tmp_path, FeedConfig())).find("item")
    built = datetime(2026, 4, 26, 21, 0, tzinfo=timezone.utc)
    assert parsedate_to_datetime(item.findtext("pubDate")) == built


def test_rebuild_keeps_the_pubdate(out: Path) -> None:
    before = channel_of(write_feed(out, FeedConfig())).find("item").findtext("pubDate")
    folder = out / "2026-04-28"
    manifest = read_manifest(folder)
    manifest["updated"] = "2026-12-01T10:00:00+00:00"  # what a rebuild or regenerate changes
    write_manifest(folder, manifest)
    after = channel_of(write_feed(out, FeedConfig())).find("item").findtext("pubDate")
    assert after == before


# --- itunes:owner and what Apple needs (item 5) -------------------------------------


def test_owner_is_written_only_with_an_email(out: Path) -> None:
    channel = channel_of(write_feed(out, FeedConfig(owner_name="编辑部")))
    assert channel.find("itunes:owner", NS) is None  # the W3C validator rejects it bare
    config = FeedConfig(owner_name="编辑部", owner_email="radio@example.org")
    owner = channel_of(write_feed(out, config)).find("itunes:owner", NS)
    assert owner.findtext("itunes:name", namespaces=NS) == "编辑部"
    assert owner.findtext("itunes:email", namespaces=NS) == "radio@example.org"
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert parsed.feed.publisher_detail.email == "radio@example.org"


def test_feed_command_names_what_apple_needs_one_line_each(out: Path) -> None:
    done = run_cli("feed", "--out", str(out))
    assert done.returncode == 0, done.stderr
    lines = done.stderr.strip().splitlines()
    assert any("owner_email" in line and "Apple" in line for line in lines)
    assert any("127.0.0.1" in line and "base_url" in line for line in lines)
    assert all(line.startswith("warning: ") for line in lines)
    assert done.stdout.strip() == str(out / "feed.xml")

    (out / "audio-edition.toml").write_text(
        '[feed]\nowner_email = "radio@example.org"\nbase_url = "https://example.org/paper/"\n',
        encoding="utf-8",
    )
    done = run_cli("feed", "--out", str(out))
    assert done.returncode == 0 and done.stderr == ""


# --- article titles and durations (items 8, 9) --------------------------------------


def notices_edition(out: Path) -> Path:
    """Two notices that share a headline; build numbers their chapter titles."""
    notice = ("注销公告", None)
    folder = make_edition(
        out, "2026-04-27", article_seconds=(1.0, 1.5, 1.0), headlines=(HEADLINES[0], notice)
    )
    manifest = read_manifest(folder)
    titles = {"a02": "注销公告：咸宁温泉支行（1）", "a03": "注销公告：咸宁温泉支行（2）"}
    for chapter in manifest["chapters"]:
        chapter["title"] = titles.get(chapter["part"], chapter["title"])
    manifest["articles"][0]["duration_s"] = 394.0  # a chapter span, not the file's length
    write_manifest(folder, manifest)
    return folder


def test_articles_are_named_by_their_chapter_titles(tmp_path: Path) -> None:
    notices_edition(tmp_path)
    write_feed(tmp_path, FeedConfig())
    data = (tmp_path / "feed-articles.xml").read_bytes()
    titles = [e.title for e in feedparser.parse(data).entries]
    assert titles == [
        f"{HEADLINES[0][0]}｜本报 2026年4月27日",
        "注销公告：咸宁温泉支行（1）｜本报 2026年4月27日",
        "注销公告：咸宁温泉支行（2）｜本报 2026年4月27日",
    ]
    episodes = podcastparser.parse(BASE + "feed-articles.xml", io.BytesIO(data))["episodes"]
    assert sorted(e["title"] for e in episodes) == sorted(titles)
    description = feedparser.parse((tmp_path / "feed.xml").read_bytes()).entries[0].summary
    assert "注销公告：咸宁温泉支行（1）" in description
    assert "注销公告：咸宁温泉支行（2）" in description


def test_article_durations_are_the_files_own(tmp_path: Path) -> None:
    folder = notices_edition(tmp_path)
    write_feed(tmp_path, FeedConfig())
    data = (tmp_path / "feed-articles.xml").read_bytes()
    manifest = read_manifest(folder)
    entries = feedparser.parse(data).entries
    for entry, article in zip(entries, manifest["articles"], strict=True):
        path = folder / article["file"]
        assert entry.itunes_duration == str(whole_seconds(MP3(path).info.length))
        # A second reader: ffmpeg's own decoder agrees to within a frame or two.
        assert abs(int(entry.itunes_duration) - decoded_seconds(path)) <= 0.5 + 0.06
    assert entries[0].itunes_duration == "1"  # not the manifest's 394
    episodes = podcastparser.parse(BASE + "feed-articles.xml", io.BytesIO(data))["episodes"]
    assert [e["total_time"] for e in episodes] == [int(e.itunes_duration) for e in entries]


def test_whole_seconds_rounds_half_up() -> None:
    assert [whole_seconds(x) for x in (0.0, 0.49, 0.5, 2.5, 391.6, 391.4)] == [0, 0, 1, 3, 392, 391]


def decoded_seconds(path: Path) -> float:
    done = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "s16le", "-"],
        capture_output=True,
        check=True,
    )
    return len(done.stdout) / 2 / 44100
