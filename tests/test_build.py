"""``build`` at its seams: pages in, an edition folder out, read back independently."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import imageio_ffmpeg
import mutagen.id3
import mutagen.mp3
import numpy as np
import pytest

from audio_edition.assemble import decode_to_pcm, measure_loudness, read_chapters
from audio_edition.build import BuildRequest, build_edition
from audio_edition.script import NoticeMode
from tests import mp3_reading as joined
from tests.conftest import ROOT, SEED, run_cli


def ffmetadata_chapters(mp3: Path) -> list[dict[str, str]]:
    """Chapters as ffmpeg's own ID3 demuxer reads them (an independent reader)."""
    done = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(mp3), "-f", "ffmetadata", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    chapters: list[dict[str, str]] = []
    for block in done.stdout.split("[CHAPTER]")[1:]:
        fields = dict(line.split("=", 1) for line in block.strip().splitlines() if "=" in line)
        chapters.append(fields)
    return chapters


def test_seed_edition_has_every_file(seed_edition) -> None:
    result, _ = seed_edition
    folder = result.edition_dir
    assert folder.name == "2026-04-27"
    for name in ("edition.mp3", "chapters.json", "transcript.vtt", "script.txt", "edition.json"):
        assert (folder / name).stat().st_size > 0, name
    manifest = json.loads((folder / "edition.json").read_text("utf-8"))
    files = [a["file"] for a in manifest["articles"]]
    assert len(files) == 5
    for file in files:
        assert re.fullmatch(r"articles/\d\d-[a-z0-9-]+\.mp3", file)
        assert (folder / file).stat().st_size > 0
    assert not list(folder.parent.glob(".staging-*"))


def test_chapters_read_back_by_ffmpeg_match_headlines_and_times(seed_edition) -> None:
    result, _ = seed_edition
    manifest = result.manifest
    chapters = ffmetadata_chapters(result.edition_dir / "edition.mp3")
    titles = [c["title"] for c in chapters]
    assert titles[0] == "开场与要闻提要" and titles[-1] == "结束语"
    assert "数智浪潮奔涌而来,电影产业如何应变" in titles
    assert "不负春光“耕”新忙" in titles and "开展世界读书日主题活动" in titles
    assert sum(t.startswith("注销公告") for t in titles) == 2
    assert all(len(t) <= 50 for t in titles)
    starts = [int(c["START"]) for c in chapters]
    ends = [int(c["END"]) for c in chapters]
    assert starts[0] == 0
    assert starts[1:] == ends[:-1]  # consecutive
    expected = [round(c["start_s"] * 1000) for c in manifest["chapters"]]
    # The ID3 frames hold our times exactly; ffmpeg shows them shifted by the MP3 encoder
    # delay it trims (1105 samples at 44.1 kHz = 25 ms), the same for every chapter.
    tags = mutagen.id3.ID3(result.edition_dir / "edition.mp3")
    assert [
        f.start_time for f in sorted(tags.getall("CHAP"), key=lambda f: f.start_time)
    ] == expected
    assert all(0 <= e - s <= 26 for s, e in zip(starts[1:], expected[1:], strict=True))
    # The last chapter ends where the decoded audio ends (gapless decoding, as players do).
    decoded = decode_to_pcm(result.edition_dir / "edition.mp3", 44100)
    decoded_ms = len(decoded) / 2 / 44100 * 1000
    last = max(tags.getall("CHAP"), key=lambda f: f.start_time)
    assert abs(last.end_time - decoded_ms) <= 2
    assert last.end_time == round(manifest["duration_s"] * 1000)


def test_edition_is_mono_44k_cbr_and_loudness_on_target(seed_edition) -> None:
    result, _ = seed_edition
    info = mutagen.mp3.MP3(result.edition_dir / "edition.mp3").info
    assert (info.sample_rate, info.channels) == (44100, 1)
    assert info.bitrate_mode in (mutagen.mp3.BitrateMode.CBR, mutagen.mp3.BitrateMode.UNKNOWN)
    # from the Info header's byte and frame counts; each joined stream rounds its own
    # frame padding, so the average is a hair under the nominal rate
    assert info.bitrate == pytest.approx(64000, rel=1e-3)
    lufs, peak = measure_loudness(result.edition_dir / "edition.mp3")
    assert -17.0 <= lufs <= -15.0
    assert peak <= -1.0
    article = result.edition_dir / result.manifest["articles"][1]["file"]
    lufs, peak = measure_loudness(article)
    assert -17.0 <= lufs <= -15.0 and peak <= -1.0


def test_manifest_transcript_and_chapters_json_agree(seed_edition) -> None:
    result, _ = seed_edition
    manifest, folder = result.manifest, result.edition_dir
    chapters = json.loads((folder / "chapters.json").read_text("utf-8"))
    assert chapters["version"] == "1.2.0"
    assert [c["startTime"] for c in chapters["chapters"]] == [
        c["start_s"] for c in manifest["chapters"]
    ]
    segments = manifest["segments"] + [s for a in manifest["articles"] for s in a["segments"]]
    cues = re.findall(r"^\d\d:\d\d:\d\d\.\d{3} --> ", (folder / "transcript.vtt").read_text(), re.M)
    assert len(cues) == len(segments)
    for article in manifest["articles"]:
        assert article["segments"], article["id"]
        for segment in article["segments"]:
            assert article["start_s"] <= segment["start_s"] < segment["end_s"] <= article["end_s"]
            # the default profile: the Kokoro anchor, Baker for the article's own words
            engine = "kokoro" if segment["role"] == "anchor" else "offline"
            assert len(segment["clip"]) == 64 and segment["engine"] == engine
    assert manifest["date"] == "2026-04-27" and manifest["engine"] == "offline"
    assert manifest["sources"][0]["sha256"]
    script = (folder / "script.txt").read_text("utf-8")
    assert "== a02 · 不负春光“耕”新忙" in script


def test_seed_edition_is_its_chapter_streams_joined(seed_edition) -> None:
    """The real voice: article files are the edition's frames, joins are silent, and
    ffmpeg and mutagen land within a frame of every chapter's first word."""
    result, out = seed_edition
    folder, manifest = result.edition_dir, result.manifest
    mp3 = folder / "edition.mp3"
    streams = [out / ".cache" / "streams" / k[:2] / f"{k}.mp3" for k in manifest["streams"]]
    samples = joined.decode(mp3)
    assert len(samples) == sum(len(joined.decode(p)) for p in streams) + 1152 * (len(streams) - 1)
    frames = joined.audio_frames(mp3)
    at = 0
    for article in manifest["articles"]:
        found = frames.find(joined.audio_frames(folder / article["file"]), at)
        assert found >= at, article["id"]
        at = found
    ffmpeg = [int(c["START"]) for c in ffmetadata_chapters(mp3)]
    tags = [c.start_ms for c in read_chapters(mp3)]
    for number, (mark, ff_mark) in enumerate(zip(tags, ffmpeg, strict=True)):
        low = max(0, int((mark - 200) * 44.1))
        onset = (low + joined.sound(samples[low : int((mark + 200) * 44.1)])[0]) / 44.1
        # never more than a frame (26 ms) late; early by up to two, which a listener
        # hears as silence (ffmpeg reads a CHAP start up to a frame before mutagen does)
        assert -52 <= mark - onset <= 26 and -52 <= ff_mark - onset <= 26, number
        if number:  # the 150 ms before each chapter's first sound: the gap, silent
            quiet = samples[int((onset - 150) * 44.1) : int((onset - 2) * 44.1)]
            assert np.abs(quiet).max() < joined.SOUND_LEVEL, number


def test_warm_rebuild_synthesises_nothing_and_keeps_the_guid(seed_edition, monkeypatch) -> None:
    result, out = seed_edition

    def no_model(*args, **kwargs):
        raise AssertionError("the offline model was loaded with nothing to synthesise")

    monkeypatch.setattr("audio_edition.engines.offline.engine.BakerModel", no_model)
    again = build_edition(BuildRequest(pages=[SEED], out_dir=out))
    assert again.report.synthesised == 0
    assert again.report.cached == len(result.manifest["segments"]) + sum(
        len(a["segments"]) for a in result.manifest["articles"]
    )
    assert again.manifest["guid"] == result.manifest["guid"]
    assert again.manifest["created"] == result.manifest["created"]
    assert (again.assembly.chapters_encoded, again.assembly.gaps_encoded) == (0, 0)


def test_cli_build_prints_the_folder_last_and_notices_skip(
    small_page: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    done = run_cli("build", str(small_page), "--out", str(out), "--notices", "skip", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    folder = Path(done.stdout.strip().splitlines()[-1])
    assert folder == out / "2026-04-27"
    titles = [c["title"] for c in ffmetadata_chapters(folder / "edition.mp3")]
    assert titles == ["开场与要闻提要", "不负春光“耕”新忙", "结束语"]
    assert (out / "feed.xml").is_file() and (out / "index.html").is_file()
    listed = run_cli("chapters", str(folder / "edition.mp3"))
    assert listed.returncode == 0 and "不负春光“耕”新忙" in listed.stdout


def test_multiple_pages_make_one_edition_in_the_order_given(
    small_page: Path, tmp_path: Path
) -> None:
    second = tmp_path / "second.txt"
    second.write_text(
        "通城县烟草专卖局\n\n开展世界读书日主题活动\n\n"
        "活动中,职工分享读书心得。\n\n(通讯员 姜美玲)\n",
        "utf-8",
    )
    result = build_edition(
        BuildRequest(
            pages=[second, small_page], out_dir=tmp_path / "out", jobs=1, notices=NoticeMode.SKIP
        )
    )
    ids = [(a["id"], a["headline"]) for a in result.manifest["articles"]]
    assert ids[:2] == [("a01", "开展世界读书日主题活动"), ("a02", "不负春光“耕”新忙")]
    assert [s["path"] for s in result.manifest["sources"]] == [str(second), str(small_page)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "not found|no such|does not exist"),
        (b"", "empty"),
        (b"\x00\x01\x02\xff\xfe\x00binary" * 20, "binary|not text"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, content, message) -> None:
    page = tmp_path / "page.txt"
    if content is not None:
        page.write_bytes(content)
    done = run_cli("build", str(page), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert re.search(message, lines[0], re.I)
    assert not (tmp_path / "out" / "2026-04-27").exists()


def test_gb18030_page_builds_like_utf8(small_page: Path, tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(small_page.read_text("utf-8").encode("gb18030"))
    done = run_cli("script", str(gbk), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["articles"][0]["headline"] == "不负春光“耕”新忙"


def test_failed_build_leaves_the_previous_edition_untouched(
    small_page: Path, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "out"
    first = build_edition(BuildRequest(pages=[small_page], out_dir=out, jobs=1))
    before = {p: p.read_bytes() for p in first.edition_dir.rglob("*") if p.is_file()}

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("audio_edition.assemble.streams.encode_mp3", broken)
    with pytest.raises(OSError):
        build_edition(BuildRequest(pages=[small_page], out_dir=out, jobs=1, bitrate=96))
    after = {p: p.read_bytes() for p in first.edition_dir.rglob("*") if p.is_file()}
    assert after == before
    assert not list(out.glob(".staging-*"))


def test_killed_build_resumes_from_its_cached_clips(tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    command = [sys.executable, "-m", "audio_edition.cli", "build", str(SEED), "--out", str(out)]
    command += ["--cache-dir", str(cache), "--jobs", "1"]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    clips = cache / "clips"
    deadline = time.monotonic() + 300
    while len(list(clips.rglob("*.npz"))) < 5 and process.poll() is None:
        assert time.monotonic() < deadline, "no clips cached in time"
        time.sleep(0.2)  # waiting for a condition, not timing anything
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = {p.name for p in clips.rglob("*.npz")}
    assert finished and not (out / "2026-04-27").exists()
    assert not [p for p in cache.rglob(".tmp-*")]

    result = build_edition(BuildRequest(pages=[SEED], out_dir=out, cache_dir=cache, jobs=2))
    assert result.report.cached >= len(finished)
    assert (result.edition_dir / "edition.mp3").is_file()
