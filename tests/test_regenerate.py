"""``regenerate`` at its seams: a built edition, one article changed, the rest untouched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from audio_edition.assemble import decode_to_pcm
from audio_edition.build import BuildRequest, build_edition
from audio_edition.errors import InputError, ManifestError
from audio_edition.regenerate import RegenerateRequest, find_article, regenerate_article
from tests.conftest import SEED, run_cli

OLD = "大家纷纷表示,将以此次活动为契机"
NEW = "职工们纷纷表示,将以此次读书活动为契机"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """A seed edition built from a copy of the page, with its own cache (``--cache-dir``)."""
    root = tmp_path_factory.mktemp("regen")
    page = root / "page.txt"
    shutil.copy(SEED, page)
    request = BuildRequest(pages=[page], out_dir=root / "output", cache_dir=root / "clips")
    return root, page, build_edition(request)


@pytest.fixture
def edition(built, tmp_path: Path):
    """A private copy of the built edition (the cache is shared: it is content-addressed)."""
    root, page, result = built
    copy = tmp_path / "output"
    shutil.copytree(result.edition_dir, copy / result.edition_dir.name)
    own_page = tmp_path / "page.txt"
    shutil.copy(page, own_page)
    manifest_path = copy / result.edition_dir.name / "edition.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest["sources"] = [{"path": str(own_page), "sha256": "x"}]
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return copy / result.edition_dir.name, own_page, root / "clips"


def chapter_pcm(edition_dir: Path) -> dict[str, bytes]:
    """Each chapter's decoded audio, keyed by part, cut at the manifest's chapter times."""
    manifest = json.loads((edition_dir / "edition.json").read_text("utf-8"))
    pcm = decode_to_pcm(edition_dir / "edition.mp3", 24000)
    out = {}
    for chapter in manifest["chapters"]:
        start = round(chapter["start_s"] * 24000) * 2
        end = round(chapter["end_s"] * 24000) * 2
        out[chapter["part"]] = pcm[start:end]
    return out


def article_files(edition_dir: Path) -> dict[str, bytes]:
    manifest = json.loads((edition_dir / "edition.json").read_text("utf-8"))
    return {a["id"]: decode_to_pcm(edition_dir / a["file"]) for a in manifest["articles"]}


def test_one_changed_sentence_resynthesises_only_its_clip(edition) -> None:
    folder, page, cache = edition
    before = json.loads((folder / "edition.json").read_text("utf-8"))
    files_before = article_files(folder)
    bytes_before = {p.name: p.read_bytes() for p in (folder / "articles").iterdir()}
    page.write_text(page.read_text("utf-8").replace(OLD, NEW), "utf-8")

    result = regenerate_article(RegenerateRequest(folder, "a03", note="typo", cache_dir=cache))
    after = result.manifest
    assert result.report.synthesised == 1
    # one chapter stream encoded again, one article file rewritten; the rest byte-identical
    assert result.assembly.chapters_encoded == 1
    assert result.assembly.chapters_reused == len(before["chapters"]) - 1
    pairs = zip(before["chapters"], after["chapters"], strict=True)
    assert [a["part"] for b, a in pairs if b["stream"] != a["stream"]] == ["a03"]
    bytes_after = {p.name: p.read_bytes() for p in (folder / "articles").iterdir()}
    assert bytes_after.keys() == bytes_before.keys()
    changed = [name for name, data in bytes_after.items() if data != bytes_before[name]]
    assert [f"articles/{name}" for name in changed] == [after["articles"][2]["file"]]
    assert (
        result.reused + result.report.cached
        == sum(len(a["segments"]) for a in before["articles"]) + len(before["segments"]) - 1
    )
    # its chapter changed length; every other article's audio is the same PCM
    length = {c["part"]: c["end_s"] - c["start_s"] for c in before["chapters"]}
    new_length = {c["part"]: c["end_s"] - c["start_s"] for c in after["chapters"]}
    assert new_length["a03"] != length["a03"]
    files_after = article_files(folder)
    for article_id in ("a01", "a02", "a04", "a05"):
        assert files_after[article_id] == files_before[article_id], article_id
    assert files_after["a03"] != files_before["a03"]
    # chapters stay consecutive and exact; identity and history kept
    starts = [c["start_s"] for c in after["chapters"]]
    ends = [c["end_s"] for c in after["chapters"]]
    assert starts[0] == 0 and starts[1:] == ends[:-1]
    assert ends[-1] == after["duration_s"]
    assert after["guid"] == before["guid"] and after["id"] == before["id"]
    assert after["history"][-1]["article"] == "a03" and after["history"][-1]["note"] == "typo"
    spoken = "".join(s["spoken"] for s in after["articles"][2]["segments"])
    assert "职工们纷纷表示" in spoken
    chapters_json = json.loads((folder / "chapters.json").read_text("utf-8"))
    assert [c["startTime"] for c in chapters_json["chapters"]] == starts
    assert "职工们纷纷表示" in (folder / "transcript.vtt").read_text("utf-8")


def test_other_chapters_audio_is_unchanged_in_the_edition(edition) -> None:
    folder, page, cache = edition
    before = chapter_pcm(folder)
    page.write_text(page.read_text("utf-8").replace(OLD, NEW), "utf-8")
    regenerate_article(RegenerateRequest(folder, "开展世界读书日", cache_dir=cache))
    after = chapter_pcm(folder)
    # Chapters before the change sit on the same MP3 frames, so they decode identically;
    # later ones shift in time (the per-article files cover those, see above). The last
    # frames before a join decode overlapped with the next chapter's first frames, which
    # change when the edited article's loudness gain does: a02 is compared up to 0.1 s
    # before its end.
    for part in ("opening", "a01"):
        assert after[part] == before[part], part
    tail = int(0.1 * 24000) * 2
    assert after["a02"][:-tail] == before["a02"][:-tail]
    assert len(after["a02"]) == len(before["a02"])
    assert after["a03"] != before["a03"]


def test_from_a_reordered_page_finds_the_article_by_headline(edition, tmp_path: Path) -> None:
    folder, page, cache = edition
    text = page.read_text("utf-8")
    brief_one = text[text.index("赤壁市烟草专卖局") : text.index("通城县烟草专卖局")]
    brief_two = text[text.index("通城县烟草专卖局") : text.index("注销公告")]
    reordered = tmp_path / "reordered.txt"
    # its own wording: the clip cache is shared between tests (content-addressed)
    edited = brief_two.replace(OLD, "青年员工纷纷表示,将以此次活动为契机")
    swapped = text.replace(brief_one + brief_two, edited + brief_one)
    reordered.write_text(swapped, "utf-8")
    result = regenerate_article(
        RegenerateRequest(folder, "a03", pages=[reordered], cache_dir=cache)
    )
    assert result.article_id == "a03"
    a03 = next(a for a in result.manifest["articles"] if a["id"] == "a03")
    assert a03["headline"] == "开展世界读书日主题活动"
    assert "青年员工纷纷表示" in "".join(s["spoken"] for s in a03["segments"])
    assert result.report.synthesised == 1


def test_an_article_missing_from_the_edited_page_is_an_error_not_its_neighbour(
    edition, tmp_path: Path
) -> None:
    """The page given with --from lacks a02: nothing may take its place."""
    folder, page, cache = edition
    text = page.read_text("utf-8")
    without = text.replace(
        text[text.index("赤壁市烟草专卖局") : text.index("通城县烟草专卖局")], ""
    )
    edited = tmp_path / "edited.txt"
    edited.write_text(without, "utf-8")
    before = {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    done = run_cli(
        "regenerate", str(folder), "--article", "a02", "--from", str(edited),
        "--cache-dir", str(cache),
    )  # fmt: skip
    assert done.returncode == 2
    line = done.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert "不负春光" in line and "开展世界读书日主题活动" in line  # the lost one and the page's
    assert {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_a_headline_typo_fixed_on_the_page_still_finds_its_article(edition, tmp_path: Path) -> None:
    folder, page, cache = edition
    edited = tmp_path / "edited.txt"
    edited.write_text(
        page.read_text("utf-8").replace("不负春光“耕”新忙", "不负春光“耕”新篇"), "utf-8"
    )
    result = regenerate_article(RegenerateRequest(folder, "a02", pages=[edited], cache_dir=cache))
    a02 = next(a for a in result.manifest["articles"] if a["id"] == "a02")
    assert a02["headline"] == "不负春光“耕”新篇"


def test_what_the_voice_cannot_say_in_the_edited_text_is_warned_and_noted(edition) -> None:
    """A regenerated article's unspeakable text is named as a build names it; fixing the
    text takes its note out of the manifest again."""
    folder, page, cache = edition
    text = page.read_text("utf-8")
    page.write_text(text.replace(OLD, "大家纷纷表示👍,将以此次活动为契机"), "utf-8")
    done = run_cli("regenerate", str(folder), "--article", "a03", "--cache-dir", str(cache))
    assert done.returncode == 0, done.stderr
    warned = [line for line in done.stderr.splitlines() if line.startswith("warning: a03: ")]
    assert len(warned) == 1 and "'👍' (emoji)" in warned[0]
    notes = json.loads((folder / "edition.json").read_text("utf-8"))["notes"]
    assert [n for n in notes if n.startswith("a03: ")] == [warned[0].removeprefix("warning: ")]

    page.write_text(text.replace(OLD, NEW), "utf-8")
    result = regenerate_article(RegenerateRequest(folder, "a03", cache_dir=cache))
    assert result.warnings == []
    assert not [n for n in result.manifest["notes"] if n.startswith("a03: ")]


def test_script_edits_are_spoken_as_written(edition) -> None:
    folder, _, cache = edition
    script = folder / "script.txt"
    text = script.read_text("utf-8")
    line = next(x for x in text.splitlines() if "据通讯员孔媛报道" in x)
    script.write_text(text.replace(line, "[anchor] 本报通讯员孔媛发自赤壁。"), "utf-8")
    result = regenerate_article(RegenerateRequest(folder, "2", use_script=True, cache_dir=cache))
    a02 = next(a for a in result.manifest["articles"] if a["id"] == "a02")
    assert a02["segments"][-1]["spoken"] == "本报通讯员孔媛发自赤壁。"
    assert result.report.synthesised == 1


def test_voice_override_resynthesises_the_article(edition) -> None:
    folder, _, cache = edition
    result = regenerate_article(RegenerateRequest(folder, "a02", rate=15, cache_dir=cache))
    a02 = next(a for a in result.manifest["articles"] if a["id"] == "a02")
    assert result.report.synthesised == len(a02["segments"])


def test_unknown_article_lists_the_articles_and_exits_2(edition) -> None:
    folder, _, _ = edition
    done = run_cli("regenerate", str(folder), "--article", "a99")
    assert done.returncode == 2
    line = done.stderr.strip()
    assert "\n" not in line and "a01" in line and "开展世界读书日主题活动" in line
    with pytest.raises(InputError, match="several"):
        find_article(json.loads((folder / "edition.json").read_text("utf-8")), "注销公告")


def test_missing_or_corrupt_manifest_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "2026-04-27"
    folder.mkdir()
    with pytest.raises(ManifestError, match=r"no edition\.json"):
        regenerate_article(RegenerateRequest(folder, "a01"))
    (folder / "edition.json").write_text("{not json", "utf-8")
    done = run_cli("regenerate", str(folder), "--article", "a01")
    assert done.returncode == 2 and "corrupt" in done.stderr and "Traceback" not in done.stderr


def test_regenerate_finds_the_cache_the_edition_was_built_with(edition) -> None:
    folder, page, cache = edition
    manifest = json.loads((folder / "edition.json").read_text("utf-8"))
    assert manifest["cache_dir"] == cache.resolve().as_posix()  # outside the output folder
    assert not (folder.parent / ".cache").exists()  # the default cache is empty
    page.write_text(
        page.read_text("utf-8").replace(OLD, "读者们纷纷表示,将以此次活动为契机"), "utf-8"
    )
    done = run_cli("regenerate", str(folder), "--article", "a03")  # no --cache-dir
    assert done.returncode == 0, done.stderr
    assert "1 clips synthesised" in done.stderr
    after = json.loads((folder / "edition.json").read_text("utf-8"))
    assert after["cache_dir"] == manifest["cache_dir"]
    # Told another cache, it looks there, and says where it looked.
    empty = folder.parent / "empty-cache"
    done = run_cli("regenerate", str(folder), "--article", "a03", "--cache-dir", str(empty))
    assert done.returncode == 2 and str(empty) in done.stderr
