"""The segmenter against the real-text corpus (``tests/corpus/``): keys, scores, training.

The accuracy floors are regression guards at the figures the shipped model reaches
(``benchmarks/segment_accuracy.py`` prints them); raising them is the way to record
progress, lowering them needs a reason in the commit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audio_edition.segment import segment_page
from audio_edition.segment.labeller import MODEL_PATH, label_lines, use_model
from audio_edition.segment.lines import printed_lines
from page_corpus.layout import lay_out
from page_corpus.pages import CORPUS, corpus_pages, load_sources, load_split
from page_corpus.scoring import score_page
from page_corpus.training import labelled_lines, train
from page_corpus.validate import validate_page

# Share of articles exactly right, and of line roles right, per split, just under what
# the shipped model scores (dev 592/628, test 57/77): a regression fails, noise does not.
FLOORS = {"dev": (0.94, 0.99), "test": (0.72, 0.94)}


def test_the_corpus_is_big_enough_and_split_by_publisher() -> None:
    pages = {split: list(corpus_pages(split)) for split in ("dev", "test")}
    articles = sum(len(p.key["articles"]) for split in pages.values() for p in split)
    assert len(pages["dev"]) + len(pages["test"]) >= 40
    assert len(pages["test"]) >= 12
    assert articles >= 250
    papers = {
        split: {paper for p in group for paper in p.key["paper"].split("；")}
        for split, group in pages.items()
    }
    assert not papers["dev"] & papers["test"]
    encodings = [p.key["encoding"] for group in pages.values() for p in group]
    assert encodings.count("gb18030") >= 5 and encodings.count("utf-16") >= 2


@pytest.mark.parametrize("split", ["dev", "test"])
def test_every_key_string_is_printed_on_its_page(split: str) -> None:
    problems = [
        f"{page.path.name}: {problem}"
        for page in corpus_pages(split)
        for problem in validate_page(page.path)
    ]
    assert problems == []


def test_committed_pages_are_the_layout_of_their_sources() -> None:
    """Rerunning ``scripts/lay_out_corpus.py`` would change nothing."""
    split = load_split()
    for source_id, source in load_sources().items():
        folder = "test" if source_id in split["test"] else "dev"
        key = json.loads((CORPUS / folder / f"{source_id}.json").read_text(encoding="utf-8"))
        rendered = lay_out(source, key["layout"]["seed"])
        assert rendered.key["roles"] == key["roles"], source_id
        assert rendered.key["articles"] == key["articles"], source_id


@pytest.mark.parametrize("split", ["dev", "test"])
def test_accuracy_on_the_corpus_stays_above_its_floor(split: str) -> None:
    articles = exact = lines = right = 0
    for page in corpus_pages(split):
        score = score_page(page)
        articles += score.articles
        exact += score.exact
        lines += score.lines
        right += score.lines_right
    article_floor, line_floor = FLOORS[split]
    assert exact / articles >= article_floor, f"{exact}/{articles}"
    assert right / lines >= line_floor, f"{right}/{lines}"


def test_training_learns_roles_from_laid_out_sources(tmp_path: Path) -> None:
    """The training path end to end on two sources: the model it writes labels a
    layout it never saw better than chance and the shipped model still loads after."""
    sources = load_sources()
    chosen = {k: sources[k] for k in sorted(sources)[:3]}
    pages = [
        labelled_lines(r.text, r.key["roles"])
        for s in chosen.values()
        for r in (lay_out(s, seed) for seed in range(3))
    ]
    model = tmp_path / "model.crfsuite"
    assert train(pages, model) == sum(len(lines) for lines, _ in pages)
    unseen = lay_out(next(iter(chosen.values())), 99)
    lines, roles = labelled_lines(unseen.text, unseen.key["roles"])
    try:
        use_model(model)
        labels = label_lines(lines)
    finally:
        use_model(MODEL_PATH)
    assert sum(a == b for a, b in zip(labels, roles, strict=True)) / len(roles) > 0.8
    assert segment_page(unseen.text).articles


def test_printed_lines_keep_the_line_numbers_the_keys_count() -> None:
    page = next(iter(corpus_pages("dev")))
    lines, _ = printed_lines(page.text)
    physical = [n for n, raw in enumerate(page.text.splitlines()) if raw.strip()]
    assert {line.number for line in lines} <= set(physical)
