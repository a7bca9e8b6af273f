"""An ``edition.json`` that is valid JSON but wrong in shape (issue 13, item 6): one
line naming the file and the field, exit 2, no traceback, nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from audio_edition.errors import ManifestError
from audio_edition.manifest import check_manifest
from tests.conftest import run_cli
from tests.edition_fixture import make_edition, read_manifest, write_manifest


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(manifest: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = manifest
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[last] = value

    return change


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    def change(manifest: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = manifest
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        del node[last]

    return change


CASES = {
    "articles a string": (_set("articles", "a01"), "articles"),
    "chapters null": (_set("chapters", None), "chapters"),
    "missing clip": (_drop("articles.0.segments.0.clip"), "articles[0].segments[0].clip"),
    "unknown role": (_set("articles.0.segments.0.role", "baker"), "articles[0].segments[0].role"),
    "bad date": (_set("date", "2026-13-45"), "date"),
    "options a list": (_set("options", [64]), "options"),
    "bitrate a string": (_set("options.bitrate", "64k"), "options.bitrate"),
    "voices rate text": (_set("voices.anchor.rate", "fast"), "voices.anchor.rate"),
    "unknown engine": (_set("engine", "robot"), "engine"),
    "chapter title number": (_set("chapters.0.title", 7), "chapters[0].title"),
    "article kind unknown": (_set("articles.0.article.kind", "poem"), "articles[0].article.kind"),
    "sections a string": (_set("articles.0.article.sections", "x"), "articles[0].article.sections"),
    "start_s text": (_set("articles.0.segments.0.start_s", "0:01"), "articles[0].segments[0]"),
    "missing sources": (_drop("sources"), "sources"),
}


def built_manifest(folder: Path) -> dict[str, Any]:
    """The fixture's manifest completed with what a build writes for regeneration."""
    manifest = read_manifest(folder)
    for row in manifest["articles"]:
        row.setdefault(
            "article",
            {
                "id": row["id"],
                "kind": "feature",
                "headline": row["headline"],
                "sections": [{"paragraphs": ["正文。"], "subhead": None}],
                "items": [],
            },
        )
    return manifest


@pytest.mark.parametrize("case", list(CASES))
def test_a_wrong_field_is_named(case: str, tmp_path: Path) -> None:
    folder = make_edition(tmp_path / "out")
    change, field = CASES[case]
    manifest = built_manifest(folder)
    check_manifest(manifest, folder / "edition.json", for_regenerate=True)  # good: passes
    change(manifest)
    with pytest.raises(ManifestError) as caught:
        check_manifest(manifest, folder / "edition.json", for_regenerate=True)
    message = str(caught.value)
    assert "edition.json" in message and field in message, message
    assert "\n" not in message


@pytest.mark.parametrize("case", ["articles a string", "missing clip", "unknown role", "bad date"])
def test_regenerate_on_a_wrong_manifest_is_one_line(case: str, tmp_path: Path) -> None:
    folder = make_edition(tmp_path / "out")
    manifest = built_manifest(folder)
    CASES[case][0](manifest)
    write_manifest(folder, manifest)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    done = run_cli("regenerate", str(folder), "--article", "a01", "--rate", "5")
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "edition.json" in lines[0] and CASES[case][1] in lines[0]
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_feed_skips_a_wrong_manifest_with_one_warning(tmp_path: Path) -> None:
    out = tmp_path / "out"
    make_edition(out, "2026-04-26")
    folder = make_edition(out, "2026-04-27")
    manifest = read_manifest(folder)
    manifest["chapters"] = None
    write_manifest(folder, manifest)
    done = run_cli("feed", "--out", str(out), "--base-url", "https://example.org/p")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "2026-04-27" in done.stderr and "chapters" in done.stderr
    assert "2026-04-26" in (out / "feed.xml").read_text("utf-8")
