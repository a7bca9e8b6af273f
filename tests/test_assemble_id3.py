"""write_tags / tag_bytes / read_chapters, read back by ffmpeg's ID3 demuxer and mutagen."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3, CTOCFlags
from mutagen.mp3 import MP3, BitrateMode

from audio_edition.assemble.cover import make_cover
from audio_edition.assemble.ffmpeg import ffmpeg_exe
from audio_edition.assemble.id3 import (
    MAX_TITLE_CHARS,
    EditionTags,
    read_chapters,
    tag_bytes,
    write_tags,
)
from audio_edition.assemble.mp3 import encode_mp3
from audio_edition.errors import InputError
from audio_edition.models import Chapter

RATE = 24_000
LONG_TITLE = (
    "数智浪潮奔涌而来，电影产业如何应变？——人工智能时代的电影产业观察与思考，"
    "以及从业者、研究者和观众的回答"
)

CHAPTERS = [
    Chapter("ch0", "opening", "开场", 0, 2_000),
    Chapter("ch1", "a01", LONG_TITLE, 2_000, 5_250),
    Chapter("ch2", "closing", "结束语 Closing", 5_250, 6_000),
]


@pytest.fixture
def mp3(tmp_path: Path) -> Path:
    t = np.arange(6 * RATE) / RATE
    pcm = (np.sin(2 * np.pi * 330 * t) * 8000).astype("<i2").tobytes()
    path = tmp_path / "edition.mp3"
    encode_mp3(pcm, RATE, path)
    return path


def tags(cover: bytes | None = None) -> EditionTags:
    return EditionTags(
        title="江西日报音频版 2026年4月27日",
        album="江西日报音频版",
        artist="江西日报",
        date="2026-04-27",
        comment="自动朗读生成",
        cover_png=cover,
    )


def ffmetadata(path: Path) -> tuple[list[dict[str, str]], dict[str, str], float]:
    """ffmpeg's own reading: chapter blocks, global tags, and the stream's start time.

    ffmpeg shifts chapters by the stream start (the encoder delay that the LAME header
    announces, ~25 ms), so the start is returned to undo that shift.
    """
    done = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(path), "-f", "ffmetadata", "-"],
        capture_output=True,
        check=True,
    )
    text = done.stdout.decode("utf-8")
    start = float(re.search(r"start: (-?[\d.]+)", done.stderr.decode())[1])
    head, *blocks = text.split("[CHAPTER]")
    globals_ = dict(line.split("=", 1) for line in head.splitlines()[1:] if "=" in line)
    chapters = [
        dict(line.split("=", 1) for line in block.strip().splitlines() if "=" in line)
        for block in blocks
    ]
    return chapters, globals_, start


def test_chapters_read_back_by_ffmpeg(mp3: Path) -> None:
    assert len(LONG_TITLE) > MAX_TITLE_CHARS
    write_tags(mp3, tags(), CHAPTERS)

    chapters, globals_, start = ffmetadata(mp3)

    shift_ms = round(start * 1000)
    assert 0 <= shift_ms < 30  # one MP3 encoder delay at most
    assert len(chapters) == len(CHAPTERS)
    for got, want in zip(chapters, CHAPTERS, strict=True):
        assert got["TIMEBASE"] == "1/1000"
        # ffmpeg moves chapters back by the stream start and clamps them at 0.
        assert int(got["START"]) == pytest.approx(max(0, want.start_ms - shift_ms), abs=1)
        assert int(got["END"]) == pytest.approx(want.end_ms - shift_ms, abs=1)
    assert chapters[0]["title"] == "开场"
    assert chapters[2]["title"] == "结束语 Closing"
    assert len(chapters[1]["title"]) == MAX_TITLE_CHARS
    assert chapters[1]["title"] == LONG_TITLE[: MAX_TITLE_CHARS - 1] + "…"
    assert globals_["title"] == "江西日报音频版 2026年4月27日"
    assert globals_["album"] == "江西日报音频版"
    assert globals_["artist"] == "江西日报"
    assert globals_["genre"] == "Podcast"


def test_tag_is_id3v23_with_toc_text_and_cover(mp3: Path) -> None:
    cover = make_cover("江西日报", "2026-04-27", size=400)
    write_tags(mp3, tags(cover), CHAPTERS)

    tag = ID3(mp3, translate=False)  # as stored, not upgraded to v2.4
    assert tag.version == (2, 3, 0)
    assert str(tag["TYER"]) == "2026"  # TDRC is v2.4; v2.3 stores the year in TYER
    assert str(tag["TDAT"]) == "2704"  # and day + month in TDAT
    assert tag.getall("COMM")[0].text == ["自动朗读生成"]
    apic = tag.getall("APIC")[0]
    assert apic.mime == "image/png" and apic.type == 3 and apic.data == cover
    (toc,) = tag.getall("CTOC")
    assert toc.element_id == "toc"
    assert toc.child_element_ids == ["ch0", "ch1", "ch2"]
    assert toc.flags == 3  # TOP_LEVEL | ORDERED
    chap = tag["CHAP:ch1"]
    assert (chap.start_time, chap.end_time) == (2_000, 5_250)
    assert chap.start_offset == chap.end_offset == 0xFFFFFFFF


def test_tagging_keeps_the_audio_and_replaces_an_old_tag(mp3: Path) -> None:
    before = MP3(mp3).info
    write_tags(mp3, tags(), CHAPTERS)
    write_tags(mp3, tags(), CHAPTERS[:2])  # a regenerated edition: tags again

    info = MP3(mp3).info
    assert info.bitrate_mode == BitrateMode.CBR
    assert (info.sample_rate, info.channels) == (before.sample_rate, before.channels)
    assert info.length == pytest.approx(before.length, abs=0.001)
    assert [c.id for c in read_chapters(mp3)] == ["ch0", "ch1"]
    assert len(ID3(mp3).getall("CTOC")) == 1
    assert [p.name for p in mp3.parent.iterdir()] == ["edition.mp3"]


def test_read_chapters_follows_the_toc_order(mp3: Path) -> None:
    unusual = [
        Chapter("zeta", "opening", "一", 0, 1_000),
        Chapter("alpha", "a01", "二", 1_000, 6_000),
    ]
    write_tags(mp3, tags(), unusual)

    chapters = read_chapters(mp3)

    assert [(c.id, c.title, c.start_ms, c.end_ms) for c in chapters] == [
        ("zeta", "一", 0, 1_000),
        ("alpha", "二", 1_000, 6_000),
    ]


def test_jpeg_covers_are_labelled_as_jpeg(mp3: Path) -> None:
    write_tags(mp3, tags(b"\xff\xd8\xff\xe0 not really a jpeg"))
    assert ID3(mp3).getall("APIC")[0].mime == "image/jpeg"


def test_read_chapters_errors(tmp_path: Path, mp3: Path) -> None:
    with pytest.raises(InputError, match="no such MP3 file"):
        read_chapters(tmp_path / "missing.mp3")
    text = tmp_path / "notes.mp3"
    text.write_text("这不是音频文件\n" * 50)
    with pytest.raises(InputError, match="not an MP3 file"):
        read_chapters(text)
    with pytest.raises(InputError, match="has no chapters"):
        read_chapters(mp3)  # untagged
    write_tags(mp3, tags())  # tagged, but no chapters
    with pytest.raises(InputError, match="has no chapters"):
        read_chapters(mp3)


def test_write_tags_refuses_bad_chapters_and_leaves_the_file(mp3: Path) -> None:
    original = mp3.read_bytes()
    bad = [
        [Chapter("ch0", "a", "x", 0, 10), Chapter("ch0", "b", "y", 10, 20)],
        [Chapter("章", "a", "x", 0, 10)],
        [Chapter("ch0", "a", "x", 20, 10)],
        [Chapter("toc-1", "a", "x", 0, 10)],  # the sub-tables' ids
    ]
    for chapters in bad:
        with pytest.raises(InputError):
            write_tags(mp3, tags(), chapters)
    assert mp3.read_bytes() == original


def test_more_than_255_chapters_nest_in_sub_tables_every_reader_follows(mp3: Path) -> None:
    many = [Chapter(f"ch{n}", "a", f"第{n}条", 100 + n * 9, 109 + n * 9) for n in range(600)]
    write_tags(mp3, tags(), many)

    tag = ID3(mp3)
    tables = {toc.element_id: toc for toc in tag.getall("CTOC")}
    top = [toc for toc in tables.values() if toc.flags & CTOCFlags.TOP_LEVEL]
    assert [t.element_id for t in top] == ["toc"]
    assert top[0].child_element_ids == ["toc-1", "toc-2", "toc-3"]
    children = [tables[name].child_element_ids for name in top[0].child_element_ids]
    assert [len(c) for c in children] == [255, 255, 90]
    assert [cid for c in children for cid in c] == [c.id for c in many]
    assert len(tag.getall("CHAP")) == 600
    assert [c.title for c in read_chapters(mp3)] == [c.title for c in many]
    chapters, _, start = ffmetadata(mp3)
    shift_ms = round(start * 1000)
    assert [c["title"] for c in chapters] == [c.title for c in many]
    assert [int(c["START"]) for c in chapters[1:]] == [c.start_ms - shift_ms for c in many[1:]]


def test_tag_bytes_is_the_tag_write_tags_puts_in_front(mp3: Path, tmp_path: Path) -> None:
    audio = mp3.read_bytes()
    joined = tmp_path / "joined.mp3"
    joined.write_bytes(tag_bytes(tags(), CHAPTERS) + audio)
    assert [(c.id, c.start_ms) for c in read_chapters(joined)] == [
        (c.id, c.start_ms) for c in CHAPTERS
    ]
    assert MP3(joined).info.length == pytest.approx(MP3(mp3).info.length)
    assert joined.read_bytes()[ID3(joined).size :] == audio


def test_write_tags_refuses_a_non_mp3(tmp_path: Path) -> None:
    text = tmp_path / "edition.mp3"
    text.write_text("not audio\n" * 100)
    with pytest.raises(InputError, match="not an MP3 file"):
        write_tags(text, tags(), CHAPTERS)
    assert text.read_text() == "not audio\n" * 100
