"""Fit the line labeller on the dev split of the corpus.

Each dev source is laid out in many layouts (the committed page and ``variants`` more,
each from its own seed), so the model learns what a role looks like across column
widths, punctuation styles and gaps rather than in one printing. The test split is
never read here.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from audio_edition.page_text import read_page_text
from audio_edition.segment.features import page_features
from audio_edition.segment.lines import Line, printed_lines
from page_corpus.layout import lay_out
from page_corpus.pages import CORPUS, layout_seed, load_sources, load_split, split_of

LAID = CORPUS / "laid"
LAID_WEIGHT = 3

# L-BFGS with elastic-net regularisation: c1 prunes features that never help, c2
# keeps weights small so one rare pattern cannot outvote a line's other evidence.
PARAMS = {"c1": 0.1, "c2": 1.0, "max_iterations": 300, "feature.possible_transitions": True}


def labelled_lines(text: str, roles: list[str]) -> tuple[list[Line], list[str]]:
    """The printed lines of a laid-out page with their key roles (lines the hard rules
    remove, such as a continuation mark on its own line, drop out of both)."""
    physical = [n for n, raw in enumerate(text.splitlines()) if raw.strip()]
    role_of = dict(zip(physical, roles, strict=True))
    lines, _ = printed_lines(text)
    return lines, [role_of[line.number] for line in lines]


def composite_pages(sources: dict[str, dict[str, Any]], count: int) -> Iterator[dict[str, Any]]:
    """Pages of three to eight articles drawn from several sources: many sources hold
    one or two articles, and a labeller must see what lies between articles of every
    kind (a brief after a notice, a notice after a feature)."""
    rng = random.Random(len(sources))
    pool = [
        (source_id, article)
        for source_id in sorted(sources)
        for article in sources[source_id]["articles"]
    ]
    for number in range(count):
        chosen = rng.sample(pool, min(len(pool), rng.randint(3, 8)))
        first = sources[chosen[0][0]]
        yield {**first, "id": f"composite-{number}", "articles": [a for _, a in chosen]}


def training_pages(
    sources: dict[str, dict[str, Any]], variants: int
) -> Iterator[tuple[list[Line], list[str]]]:
    """Each source in ``variants + 1`` layouts, and as many stacked pages again."""
    for source_id, source in sources.items():
        for variant in range(variants + 1):
            rendered = lay_out(source, layout_seed(source_id, variant))
            yield labelled_lines(rendered.text, rendered.key["roles"])
    for composite in composite_pages(sources, len(sources) * (variants + 1) // 2):
        rendered = lay_out(composite, layout_seed(composite["id"]))
        yield labelled_lines(rendered.text, rendered.key["roles"])
    for _ in range(LAID_WEIGHT):  # one printing among many layouts of each source
        yield from laid_pages()


def laid_pages() -> Iterator[tuple[list[Line], list[str]]]:
    """Pages kept in the layout they were printed in (``tests/corpus/laid/``), with a
    role per line: real layouts the program's layouts may not reproduce."""
    for key_path in sorted(LAID.glob("*.json")):
        key = json.loads(key_path.read_text(encoding="utf-8"))
        text = read_page_text(key_path.with_name(key["page"]))
        yield labelled_lines(text, key["roles"])


def dev_sources() -> dict[str, dict[str, Any]]:
    split = load_split()
    return {k: v for k, v in load_sources().items() if split_of(k, split) == "dev"}


def train(
    pages: Iterable[tuple[list[Line], list[str]]], model: Path, params: dict | None = None
) -> int:
    """Train a CRF on (lines, labels) pages and save it; returns the lines seen."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    seen = 0
    for lines, labels in pages:
        trainer.append(page_features(lines), labels)
        seen += len(lines)
    trainer.set_params({**PARAMS, **(params or {})})
    trainer.train(str(model))
    return seen


def publisher_folds(sources: dict[str, dict[str, Any]], folds: int) -> list[list[str]]:
    """Source ids in ``folds`` groups, never splitting a publisher, sizes balanced by
    article count (largest publishers first, each to the lightest fold)."""
    by_paper: dict[str, list[str]] = {}
    for source_id, source in sorted(sources.items()):
        by_paper.setdefault(source["paper"].split("；")[0], []).append(source_id)
    groups: list[list[str]] = [[] for _ in range(folds)]
    weight = [0] * folds
    papers = sorted(
        by_paper.items(),
        key=lambda item: -sum(len(sources[i]["articles"]) for i in item[1]),
    )
    for _, ids in papers:
        lightest = weight.index(min(weight))
        groups[lightest] += ids
        weight[lightest] += sum(len(sources[i]["articles"]) for i in ids)
    return groups
