"""write_edition at its seam: a script and clips in, an edition folder out.

The clips are tones (no synthesis); the article files are read back by mutagen and by
ffmpeg's own ID3 demuxer, the manifest and feeds by the publishing code.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import feedparser
import pytest
from mutagen.id3 import ID3

from audio_edition.assemble.ffmpeg import ffmpeg_exe
from audio_edition.cache import ClipCache
from audio_edition.edition import EditionInfo, RenderOptions, write_edition
from audio_edition.models import Article, ArticleKind, Section
from audio_edition.publish.site import publish_output
from audio_edition.script import ScriptOptions, spoken_script
from tests.clip_audio import stored_clips
from tests.tone_engine import tone_clip

BANK = "中国农业银行股份有限公司咸宁温泉支行"


def notice(article_id: str, text: str) -> Article:
    return Article(
        id=article_id,
        kind=ArticleKind.NOTICE,
        headline="注销公告",
        sections=[Section([text])],
        signature=[BANK, "2026年4月27日"],
    )


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An edition of one feature and two notices of one bank (they share a headline)."""
    articles = [
        Article(
            id="a01",
            kind=ArticleKind.FEATURE,
            headline="春耕时节农机忙",
            sections=[Section(["农机忙。"])],
        ),
        notice("a02", "经研究决定，注销一号网点。"),
        notice("a03", "经研究决定，注销二号网点。"),
    ]
    script = spoken_script(articles, ScriptOptions(date="2026-04-27"), "2026-04-27")
    root = tmp_path_factory.mktemp("edition")
    clips = stored_clips(
        [tone_clip(s.spoken, 0.01) for s in script.segments], ClipCache(root / "clips"), "k"
    )
    info = EditionInfo(
        id="2026-04-27",
        guid="g",
        paper="本报",
        date="2026-04-27",
        engine="tone",
        created="2026-04-27T08:00:00+00:00",
        updated="2026-04-27T08:00:00+00:00",
        sources=[],
        options={"notices": "read", "bitrate": 64, "chime": False},
        voices={},
    )
    out = root / "output"
    folder = out / info.id
    write_edition(folder, info, script, clips, RenderOptions(chime=False))
    return folder


def ffmetadata(path: Path) -> dict[str, str]:
    """The global tags as ffmpeg's ID3 demuxer reads them (a second, independent reader)."""
    done = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "ffmetadata", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    head = done.stdout.split("[CHAPTER]")[0]
    return dict(line.split("=", 1) for line in head.splitlines() if "=" in line)


def test_article_files_are_titled_by_chapter_and_numbered(edition: Path) -> None:
    manifest = json.loads((edition / "edition.json").read_text("utf-8"))
    chapter_titles = {c["part"]: c["title"] for c in manifest["chapters"]}
    assert chapter_titles["a02"] == f"注销公告：{BANK}（1）"
    assert chapter_titles["a03"] == f"注销公告：{BANK}（2）"
    files = [edition / a["file"] for a in manifest["articles"]]
    for number, (article, path) in enumerate(zip(manifest["articles"], files, strict=True), 1):
        tags = ID3(path)
        assert str(tags["TIT2"]) == chapter_titles[article["id"]]
        assert str(tags["TRCK"]) == f"{number}/3"
        assert str(tags["TALB"]) == manifest["title"]
        seen = ffmetadata(path)
        assert seen["title"] == chapter_titles[article["id"]]
        assert seen["track"] == f"{number}/3"
    assert len({str(ID3(p)["TIT2"]) for p in files}) == 3


def test_published_article_titles_match_the_files(edition: Path) -> None:
    publish_output(edition.parent)
    entries = feedparser.parse((edition.parent / "feed-articles.xml").read_bytes()).entries
    manifest = json.loads((edition / "edition.json").read_text("utf-8"))
    by_url = {a["file"]: a for a in manifest["articles"]}
    for entry in entries:
        rel = entry.enclosures[0].href.split("/2026-04-27/", 1)[1]
        title = str(ID3(edition / rel)["TIT2"])
        assert entry.title.startswith(f"{title}｜") and rel in by_url
    assert len({e.title for e in entries}) == 3
