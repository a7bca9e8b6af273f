"""``write_edition`` at its seam: clips in, an edition of joined chapter streams out, read
back by ffmpeg and mutagen (independent readers) and checked sample by sample."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3, CTOCFlags
from mutagen.mp3 import MP3

from audio_edition.assemble import measure_loudness, read_chapters
from audio_edition.assemble.timeline import PAUSE_MS, TAIL_MS
from audio_edition.cache import ClipCache
from audio_edition.edition import EditionInfo, RenderOptions, write_edition
from audio_edition.models import Article, ArticleKind, Pause, Role, Script, ScriptSegment
from tests.clip_audio import EDGE_S, stored_clips, voiced_clip
from tests.edition_fixture import cover_png
from tests.mp3_reading import (
    SOUND_LEVEL,
    audio_frames,
    decode,
    ffmpeg_chapters,
    sound,
    untagged_frames,
)

RATE = 44_100
FRAME = 1152
MS = RATE / 1000
# (part, clip seconds, pause after the part)
PLAN = [
    ("opening", [2.0, 1.4], Pause.ARTICLE),
    ("a01", [2.5, 1.1, 3.2], Pause.ARTICLE),
    ("a02", [1.7, 2.2], Pause.SECTION),
    ("a03", [2.9], Pause.ARTICLE),
    ("a04", [1.2, 1.9], Pause.SECTION),
    ("closing", [1.5], Pause.ARTICLE),
]
HEADLINES = {"a01": "数智浪潮奔涌而来", "a02": "春耕时节农机忙", "a03": "读书日", "a04": "注销公告"}


def info() -> EditionInfo:
    return EditionInfo(
        id="2026-04-27",
        guid="guid",
        paper="本报",
        date="2026-04-27",
        engine="test",
        created="2026-04-27T06:00:00+00:00",
        updated="2026-04-27T06:00:00+00:00",
        sources=[],
        options={},
        voices={},
    )


def edition_script(
    plan, clip_cache: ClipCache, changed: str | None = None, headlines=None, *, alike=False
):
    """Script and clips for ``plan``: chapter ``changed`` gets a different last clip;
    ``alike`` gives every chapter the same clips."""
    headlines = headlines or HEADLINES
    segments, clips = [], []
    for number, (part, lengths, gap) in enumerate(plan):
        made = []
        for n, seconds in enumerate(lengths):
            seed = n if alike else 100 * number + n
            seed += 50 if part == changed and n == len(lengths) - 1 else 0
            made.append(voiced_clip(seconds, seed))
        clips += stored_clips(made, clip_cache, f"{part}-{'x' if part == changed else ''}")
        for n in range(len(lengths)):
            pause = gap if n == len(lengths) - 1 else Pause.SENTENCE
            segments.append(ScriptSegment(part, Role.REPORTER, f"{part}{n}", f"{part}{n}", pause))
    articles = [Article(p, ArticleKind.BRIEF, headlines[p]) for p, _, _ in plan if p in headlines]
    return Script("本报", "2026-04-27", articles, segments), clips


def build(folder: Path, plan=PLAN, changed=None, headlines=None, *, alike=False, **options):
    clip_cache = ClipCache(folder / "cache" / "clips")
    script, clips = edition_script(plan, clip_cache, changed, headlines, alike=alike)
    return write_edition(
        folder / "out" / "2026-04-27",
        info(),
        script,
        clips,
        RenderOptions(cover=cover_png(), **options),
        cache_root=folder / "cache",
        jobs=2,
    )


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("assembled")
    written = build(folder)
    return folder, written


def stream_files(folder: Path, manifest: dict) -> list[Path]:
    root = folder / "cache" / "streams"
    return [root / key[:2] / f"{key}.mp3" for key in manifest["streams"]]


def test_decoded_length_is_the_streams_audio_and_one_frame_per_join(edition) -> None:
    folder, written = edition
    manifest = written.manifest
    mp3 = folder / "out" / "2026-04-27" / "edition.mp3"
    streams = stream_files(folder, manifest)
    assert len(streams) == 2 * len(PLAN)  # each chapter, then its gap (the last: the tail)
    own = [len(decode(path)) for path in streams]
    decoded = len(decode(mp3))
    # Each join adds the first stream's padding and the second's delay: one frame.
    assert decoded == sum(own) + FRAME * (len(streams) - 1)
    assert MP3(mp3).info.length * RATE == pytest.approx(decoded, abs=1)
    assert manifest["duration_s"] == int(decoded / MS) / 1000
    info = MP3(mp3).info
    assert (info.sample_rate, info.channels) == (RATE, 1)
    # from byte and frame counts: each stream rounds its frame padding on its own
    assert info.bitrate == pytest.approx(64000, rel=1e-3)


def test_article_files_are_their_chapters_frames_inside_the_edition(edition) -> None:
    folder, written = edition
    edition_dir = folder / "out" / "2026-04-27"
    joined = audio_frames(edition_dir / "edition.mp3")
    at = 0
    for article in written.manifest["articles"]:
        frames = audio_frames(edition_dir / article["file"])
        found = joined.find(frames, at)
        assert found >= at, article["id"]
        at = found + len(frames)
    # and the edition is nothing but the streams' frames, in order
    streams = stream_files(folder, written.manifest)
    assert joined == b"".join(untagged_frames(path.read_bytes()) for path in streams)


def test_every_reader_lands_within_a_frame_of_each_chapters_first_word(edition) -> None:
    folder, written = edition
    mp3 = folder / "out" / "2026-04-27" / "edition.mp3"
    samples = decode(mp3)
    gapless = [(c.start_ms, c.end_ms) for c in read_chapters(mp3)]  # mutagen's reading
    ffmpeg = [(int(c["START"]), int(c["END"])) for c in ffmpeg_chapters(mp3)]
    chapters_json = json.loads((mp3.parent / "chapters.json").read_text("utf-8"))["chapters"]
    assert len(gapless) == len(ffmpeg) == len(chapters_json) == len(PLAN)
    assert [c["startTime"] * 1000 for c in chapters_json] == [s for s, _ in gapless]
    assert gapless[0][0] == 0 and ffmpeg[0][0] == 0
    for (start, _), (ff_start, _) in zip(gapless, ffmpeg, strict=True):
        # the first sound within 200 ms of the mark; silence for 200 ms before it
        window = samples[max(0, int((start - 200) * MS)) : int((start + 200) * MS)]
        onset = (max(0, int((start - 200) * MS)) + sound(window)[0]) / MS
        assert abs(start - onset) <= 26, (start, onset)
        assert abs(ff_start - onset) <= 26, (ff_start, onset)
    ends = [e for _, e in gapless]
    assert [s for s, _ in gapless[1:]] == ends[:-1]
    assert ends[-1] == round(written.manifest["duration_s"] * 1000)


def test_joins_are_silent_and_gaps_are_the_planned_pauses(edition) -> None:
    folder, written = edition
    edition_dir = folder / "out" / "2026-04-27"
    samples = decode(edition_dir / "edition.mp3")
    streams = stream_files(folder, written.manifest)[::2]  # the chapters' own streams
    alone = [decode(path) for path in streams]
    # where each chapter's audio sits: its first sound, in the edition and on its own
    places = []
    for chapter, own in zip(written.manifest["chapters"], alone, strict=True):
        start = int(chapter["start_s"] * RATE)
        window = samples[max(0, start - RATE // 5) : start + RATE // 5]
        places.append(max(0, start - RATE // 5) + sound(window)[0] - sound(own)[0])
    for k, (_, _, gap) in enumerate(PLAN[:-1]):
        end_of_sound = places[k] + sound(alone[k])[-1]
        next_sound = places[k + 1] + sound(alone[k + 1])[0]
        planned = PAUSE_MS[gap] + 2 * EDGE_S * 1000  # the clips' own silent edges too
        silence = (next_sound - end_of_sound) / MS
        assert planned - 30 <= silence <= planned + 60, (k, silence, planned)
        # across both joins (chapter -> gap -> chapter), from the last sound on and up to
        # the next: digital near-silence, no step
        end = places[k] + len(alone[k]) + FRAME
        for low, high in (
            (end_of_sound + 1, end + int(20 * MS)),
            (places[k + 1] - int(40 * MS), next_sound),
        ):
            around = samples[int(low) + int(5 * MS) : int(high) - int(5 * MS)]
            assert np.abs(around).max() < SOUND_LEVEL, (k, low, high)
            assert np.abs(np.diff(around)).max() < SOUND_LEVEL, (k, low, high)
    tail = (len(samples) - (places[-1] + sound(alone[-1])[-1])) / MS
    assert TAIL_MS - 30 <= tail - EDGE_S * 1000 <= TAIL_MS + 60


def test_every_sentence_is_timed_where_its_audio_is(edition) -> None:
    folder, written = edition
    manifest = written.manifest
    samples = decode(folder / "out" / "2026-04-27" / "edition.mp3")
    rows = manifest["segments"] + [row for a in manifest["articles"] for row in a["segments"]]
    assert len(rows) == sum(len(lengths) for _, lengths, _ in PLAN)
    first_of_chapter = {c["start_s"] for c in manifest["chapters"]}
    for row in rows:
        start = max(0, int((row["start_s"] - 0.1) * RATE))
        onset = (start + sound(samples[start : start + RATE // 4])[0]) / MS
        # a clip's sound begins after its 30 ms edge; a chapter's first one at the mark
        edge = 0 if row["start_s"] in first_of_chapter else EDGE_S * 1000
        assert abs(onset - (row["start_s"] * 1000 + edge)) <= 26, row["text"]
    for article in manifest["articles"]:
        for row in article["segments"]:
            assert article["start_s"] <= row["start_s"] < row["end_s"] <= article["end_s"]
    cues = (folder / "out" / "2026-04-27" / "transcript.vtt").read_text("utf-8")
    assert cues.count(" --> ") == len(rows)


def test_the_final_files_measure_minus_16_lufs_under_minus_1_dbtp(edition) -> None:
    folder, written = edition
    edition_dir = folder / "out" / "2026-04-27"
    for path in [edition_dir / "edition.mp3"] + [
        edition_dir / a["file"] for a in written.manifest["articles"]
    ]:
        integrated, true_peak = measure_loudness(path)
        assert integrated == pytest.approx(-16.0, abs=1.0), path.name
        assert true_peak <= -1.0, path.name


def test_a_rebuild_encodes_nothing_and_writes_the_same_bytes(edition) -> None:
    folder, _ = edition
    edition_dir = folder / "out" / "2026-04-27"
    before = {p.name: p.read_bytes() for p in edition_dir.rglob("*.mp3")}
    again = build(folder)
    assert (again.report.chapters_encoded, again.report.gaps_encoded) == (0, 0)
    assert again.report.chapters_reused == len(PLAN)
    assert {p.name: p.read_bytes() for p in edition_dir.rglob("*.mp3")} == before


def test_changing_one_chapter_changes_one_stream_and_one_article_file(
    edition, tmp_path: Path
) -> None:
    folder, written = edition
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    articles = copy / "out" / "2026-04-27" / "articles"
    before = {p.name: p.read_bytes() for p in articles.iterdir()}

    again = build(copy, changed="a02")

    assert (again.report.chapters_encoded, again.report.chapters_reused) == (1, len(PLAN) - 1)
    old = [c["stream"] for c in written.manifest["chapters"]]
    new = [c["stream"] for c in again.manifest["chapters"]]
    parts = [part for part, _, _ in PLAN]
    assert [p for p, a, b in zip(parts, old, new, strict=True) if a != b] == ["a02"]
    after = {p.name: p.read_bytes() for p in articles.iterdir()}
    assert before.keys() == after.keys()
    changed = [name for name in before if before[name] != after[name]]
    assert changed == ["02-chun-geng-shi-jie-nong-ji-mang.mp3"]
    mp3 = copy / "out" / "2026-04-27" / "edition.mp3"
    assert len(decode(mp3)) == sum(len(decode(p)) for p in stream_files(copy, again.manifest)) + (
        FRAME * (2 * len(PLAN) - 1)
    )


def test_more_than_255_chapters_are_all_read_by_ffmpeg_and_mutagen(tmp_path: Path) -> None:
    count = 300
    plan = [("opening", [0.4], Pause.ARTICLE)]
    plan += [(f"a{n:03d}", [0.4], Pause.ARTICLE) for n in range(1, count - 1)]
    plan += [("closing", [0.4], Pause.ARTICLE)]
    headlines = {
        part: f"第{n}条简讯" for n, (part, _, _) in enumerate(plan) if part.startswith("a")
    }
    # every chapter the same clip, so a few streams are encoded; the chapters differ
    written = build(tmp_path, plan=plan, headlines=headlines, alike=True)
    assert written.report.chapters_encoded <= 2  # the first chapter starts at its sound
    mp3 = tmp_path / "out" / "2026-04-27" / "edition.mp3"

    by_ffmpeg = ffmpeg_chapters(mp3)
    tag = ID3(mp3)
    by_mutagen = tag.getall("CHAP")
    titles = [c["title"] for c in written.manifest["chapters"]]
    assert len(by_ffmpeg) == len(by_mutagen) == count
    assert [c["title"] for c in by_ffmpeg] == titles
    assert [c.title for c in read_chapters(mp3)] == titles  # through the nested tables
    tables = {t.element_id: t for t in tag.getall("CTOC")}
    top = [t for t in tables.values() if t.flags & CTOCFlags.TOP_LEVEL]
    assert len(top) == 1 and len(top[0].child_element_ids) == 2
    assert all(len(t.child_element_ids) <= 255 for t in tables.values())
