"""index.html, read back with the standard library's HTML parser."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from audio_edition.publish.feed import ITUNES_NS, write_feed
from audio_edition.publish.feed_config import FeedConfig
from audio_edition.publish.index_page import vtt_cues, write_index
from tests.edition_fixture import make_edition, read_manifest, write_manifest


class Page(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for t, attrs in self.tags if t == tag]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    make_edition(tmp_path, "2026-04-27", created="2026-04-27T06:00:00+00:00")
    make_edition(tmp_path, "2026-04-28", created="2026-04-28T06:00:00+00:00")
    (tmp_path / ".cache").mkdir()
    return tmp_path


def test_lists_editions_newest_first_with_players(out: Path) -> None:
    path = write_index(out, FeedConfig())
    assert path == out / "index.html"
    page = Page(path.read_text(encoding="utf-8"))
    audios = page.all("audio")
    assert [a["src"] for a in audios] == ["2026-04-28/edition.mp3", "2026-04-27/edition.mp3"]
    assert all(a["id"] and "controls" in a for a in audios)
    hrefs = [a["href"] for a in page.all("a")]
    assert "feed.xml" in hrefs and "feed-articles.xml" in hrefs
    for edition in ("2026-04-27", "2026-04-28"):
        for article in read_manifest(out / edition)["articles"]:
            assert f"{edition}/{article['file']}" in hrefs
    assert "本报音频版" in "".join(page.text)


def test_chapter_buttons_seek_to_the_chapter_start(out: Path) -> None:
    page = Page(write_index(out, FeedConfig()).read_text(encoding="utf-8"))
    manifest = read_manifest(out / "2026-04-28")
    player = page.all("audio")[0]["id"]
    seeks = [b for b in page.all("button") if b.get("data-audio") == player]
    starts = [float(b["data-seek"]) for b in seeks]
    chapter_starts = [c["start_s"] for c in manifest["chapters"]]
    # Chapter buttons come first, then the transcript's cue buttons.
    assert starts[: len(chapter_starts)] == pytest.approx(chapter_starts)
    text = "".join(page.text)
    for chapter in manifest["chapters"]:
        assert chapter["title"] in text


def test_text_is_escaped_and_page_is_self_contained(out: Path) -> None:
    html = write_index(out, FeedConfig(title="<script>alert(1)</script>")).read_text("utf-8")
    page = Page(html)
    # The fixture's headline contains "<b>&</b>": it must be text, never markup.
    assert "春耕时节农机忙 <b>&</b> “智慧农业”" in "".join(page.text)
    assert page.all("b") == []
    assert len(page.all("script")) == 1 and "src" not in page.all("script")[0]
    assert "<script>alert(1)</script>" not in html
    for _, attrs in page.tags:
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or not value.startswith(("http:", "https:", "//")), value


def test_transcript_from_vtt_then_script(out: Path) -> None:
    folder = out / "2026-04-27"
    page = Page(write_index(out, FeedConfig()).read_text(encoding="utf-8"))
    assert len(page.all("details")) == 2
    (folder / "transcript.vtt").unlink()
    (folder / "script.txt").write_text("只有稿件的一句话。\n", encoding="utf-8")
    page = Page(write_index(out, FeedConfig()).read_text(encoding="utf-8"))
    assert "只有稿件的一句话。" in "".join(page.text)


def test_empty_folder_and_no_temp_files_left(tmp_path: Path) -> None:
    path = write_index(tmp_path, FeedConfig())
    assert "还没有节目" in path.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]


def test_vtt_cues() -> None:
    text = (
        "WEBVTT\n\nNOTE a comment\n\n1\n00:00:01.500 --> 00:00:03.000\n第一句&amp;<i>二</i>\n\n"
        "01:02.250 --> 01:03.000 align:start\n第二句\n"
    )
    assert vtt_cues(text) == [(1.5, "第一句&二"), (62.25, "第二句")]


def test_articles_listed_by_chapter_title_with_the_feeds_durations(tmp_path: Path) -> None:
    folder = make_edition(
        tmp_path, "2026-04-27", article_seconds=(1.0, 2.5), headlines=(("注销公告", None),)
    )
    manifest = read_manifest(folder)
    titles = {"a01": "注销公告：温泉支行（1）", "a02": "注销公告：温泉支行（2）"}
    for chapter in manifest["chapters"]:
        chapter["title"] = titles.get(chapter["part"], chapter["title"])
    manifest["articles"][1]["duration_s"] = 394.0  # a chapter span; the file plays 2.5 s
    write_manifest(folder, manifest)
    write_feed(tmp_path, FeedConfig())
    html = write_index(tmp_path, FeedConfig()).read_text(encoding="utf-8")
    items = re.findall(r'<li><a href="[^"]*articles/[^"]*">([^<]*)</a> \((\d\d):(\d\d)\)', html)
    assert [title for title, _, _ in items] == list(titles.values())
    feed = ET.parse(tmp_path / "feed-articles.xml").getroot()
    durations = [int(d.text) for d in feed.iter(f"{{{ITUNES_NS}}}duration")]
    assert [int(m) * 60 + int(s) for _, m, s in items] == durations == [1, 3]


def test_cover_is_the_tab_icon(out: Path) -> None:
    page = Page(write_index(out, FeedConfig()).read_text(encoding="utf-8"))
    icons = [a for a in page.all("link") if a.get("rel") == "icon"]
    assert [a["href"] for a in icons] == ["2026-04-28/cover.png"]
