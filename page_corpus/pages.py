"""The corpus on disk: sources, their split, and the laid-out pages with their keys.

``tests/corpus/sources/<id>.json`` holds each page's verbatim text and structure;
``tests/corpus/split.json`` says which sources are held out for ``test/`` (by
publisher) and which pages are saved in GB18030 or UTF-16; ``dev/`` and ``test/`` hold
each page as a user would paste it (``<id>.txt``) beside its answer key
(``<id>.json``).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audio_edition.page_text import read_page_text
from page_corpus.layout import lay_out

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
SOURCES = CORPUS / "sources"
SPLITS = ("dev", "test")


@dataclass
class CorpusPage:
    """A laid-out page: its text as the file holds it, and its key."""

    path: Path
    text: str
    key: dict[str, Any]

    @property
    def id(self) -> str:
        return self.key["id"]


def load_split() -> dict[str, Any]:
    return json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))


def load_sources() -> dict[str, dict[str, Any]]:
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(SOURCES.glob("*.json"))
    }


def split_of(source_id: str, split: dict[str, Any]) -> str:
    return "test" if source_id in split["test"] else "dev"


def layout_seed(source_id: str, variant: int = 0) -> int:
    """The committed page uses variant 0; training draws further layouts from 1 on."""
    return zlib.crc32(source_id.encode()) + 100_003 * variant


def encoding_of(source_id: str, split: dict[str, Any]) -> str:
    for encoding in ("gb18030", "utf-16"):
        if source_id in split.get(encoding, []):
            return encoding
    return "utf-8"


def write_page(source: dict[str, Any], split: dict[str, Any]) -> Path:
    """Lay out one source with its own seed and save page and key in its split."""
    rendered = lay_out(source, layout_seed(source["id"]))
    encoding = encoding_of(source["id"], split)
    folder = CORPUS / split_of(source["id"], split)
    folder.mkdir(parents=True, exist_ok=True)
    key = {**rendered.key, "encoding": encoding, "sources": source.get("sources", [])}
    text = rendered.text
    if key["layout"]["seed"] % 5 == 0:
        text = text.replace("\n", "\r\n")  # pages exported on Windows
    path = folder / f"{source['id']}.txt"
    path.write_bytes(text.encode(encoding))
    (folder / f"{source['id']}.json").write_text(
        json.dumps(key, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return path


def corpus_pages(split: str) -> Iterator[CorpusPage]:
    """The laid-out pages of one split (``dev`` or ``test``), or of any folder."""
    folder = CORPUS / split if split in SPLITS else Path(split)
    for key_path in sorted(folder.glob("*.json")):
        key = json.loads(key_path.read_text(encoding="utf-8"))
        page_path = key_path.with_suffix(".txt")
        yield CorpusPage(page_path, read_page_text(page_path), key)
