"""Cross-validated segmenter accuracy on the dev split, by publisher.

The dev score of the shipped model is flattering (it was trained on those sources);
this trains one model per fold on the other publishers' sources and scores the held-out
pages as committed, so dev can be tuned on without looking at test.
Usage: uv run python benchmarks/segment_cv.py [--folds 4] [--variants 8] [--misses] [--confusion]
``--confusion`` lists the commonest (key role -> labelled role) line errors.
``--models DIR`` keeps the fold models there and reuses them on the next run, to try a
rule that needs no retraining in seconds (delete DIR after changing features or sources).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from audio_edition.segment.labeller import MODEL_PATH, use_model
from page_corpus.pages import CORPUS, corpus_pages
from page_corpus.scoring import line_roles, score_page
from page_corpus.training import dev_sources, publisher_folds, train, training_pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--variants", type=int, default=8)
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--confusion", action="store_true")
    parser.add_argument("--models", type=Path)
    parser.add_argument("--c1", type=float)
    parser.add_argument("--c2", type=float)
    args = parser.parse_args()
    started = time.perf_counter()
    sources = dev_sources()
    pages = {page.id: page for page in corpus_pages(str(CORPUS / "dev"))}
    totals = [0, 0, 0, 0, 0]  # articles, exact, count errors, lines, lines right
    confusion: Counter[tuple[str, str]] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.models or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for number, held_out in enumerate(publisher_folds(sources, args.folds)):
            training = {k: v for k, v in sources.items() if k not in held_out}
            model = folder / f"fold{number}.crfsuite"
            params = {k: v for k, v in (("c1", args.c1), ("c2", args.c2)) if v is not None}
            if not model.exists():
                train(training_pages(training, args.variants), model, params)
            use_model(model)
            for source_id in held_out:
                score = score_page(pages[source_id])
                totals[0] += score.articles
                totals[1] += score.exact
                totals[2] += score.count_error
                totals[3] += score.lines
                totals[4] += score.lines_right
                print(f"fold {number} {source_id[:40]:40s} {score.exact:3d}/{score.articles:<3d}")
                if args.misses:
                    for miss in score.misses:
                        print(f"    - {miss}")
                if args.confusion:
                    roles = line_roles(pages[source_id])
                    confusion.update((key, label) for key, label in roles if key != label)
    use_model(MODEL_PATH)
    articles, exact, count, lines, right = totals
    print(
        f"dev cross-validated ({args.folds} folds by publisher): {exact}/{articles} exactly "
        f"right ({exact / articles:.1%}); article count errors {count}; line roles "
        f"{right / lines:.1%}; {time.perf_counter() - started:.0f} s"
    )
    for (key, label), count in confusion.most_common(20):
        print(f"{count:5d}  {key:14s} -> {label}")


if __name__ == "__main__":
    main()
