"""Check an answer key against its page: every string it names is printed there.

"Printed" means: found in the page text once the layout's breaks are mended, i.e. with
all whitespace removed, and the body paragraphs in the order the key lists them in the
lines the key says are spoken (a caption printed inside a paragraph interrupts it on
the page, not in the reading).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from audio_edition.page_text import read_page_text
from audio_edition.segment.roles import split_label

_WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return _WHITESPACE.sub("", text)


def key_strings(article: dict) -> Iterator[tuple[str, str]]:
    for name in ("kicker", "subtitle", "dateline"):
        if article.get(name):
            yield name, article[name]
    for name in ("headline", "subheads", "signature"):
        for text in article.get(name) or []:
            yield name, text
    for name in ("first", "last"):
        if article.get(name):
            yield name, article[name]
    for word in article.get("words") or []:
        yield "words", word["context"]


def validate_page(path: Path) -> list[str]:
    text = read_page_text(path)
    key = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    printed = squeeze(text)
    lines = [line for line in text.splitlines() if line.strip()]
    spoken = squeeze(
        "".join(
            line
            for line, role in zip(lines, key["roles"], strict=False)
            if split_label(role)[0].spoken
        )
    )
    problems: list[str] = []
    for number, article in enumerate(key["articles"], 1):
        for name, value in key_strings(article):
            if squeeze(value) not in printed:
                problems.append(f"article {number}: {name} {value!r} is not on the page")
        position = 0
        for paragraph in article["paragraphs"]:
            found = spoken.find(squeeze(paragraph), position)
            if found < 0:
                problems.append(f"article {number}: paragraph {paragraph[:20]!r}… not in order")
                break
            position = found
        if not article["headline"] and article["kind"] != "other":
            problems.append(f"article {number}: no headline but kind {article['kind']}")
    for piece in key["unspoken"]:
        if squeeze(piece) not in printed:
            problems.append(f"unspoken {piece!r} is not on the page")
    if len(lines) != len(key["roles"]):
        problems.append(f"{len(key['roles'])} roles for {len(lines)} lines")
    return problems
