"""Segmenter accuracy on the real-text corpus: per page and overall.

Prints, for each page of the chosen splits (default dev and test): articles in the
key, articles exactly right (kind, headline, first and last sentence, repaired words,
nothing unspoken read), right ignoring feature/brief, the article count error and the
line-role accuracy; then the totals per split. ``--misses`` also lists why each wrong
article is wrong (look at dev's, never at test's, while tuning).
Usage: uv run python benchmarks/segment_accuracy.py [dev|test|FOLDER ...] [--misses]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from page_corpus.pages import corpus_pages
from page_corpus.scoring import PageScore, score_page


@dataclass
class Totals:
    pages: int = 0
    articles: int = 0
    exact: int = 0
    exact_any_news_kind: int = 0
    count_errors: int = 0
    lines: int = 0
    lines_right: int = 0

    def add(self, score: PageScore) -> None:
        self.pages += 1
        self.articles += score.articles
        self.exact += score.exact
        self.exact_any_news_kind += score.exact_any_news_kind
        self.count_errors += score.count_error
        self.lines += score.lines
        self.lines_right += score.lines_right

    def ratio(self, part: int, whole: int) -> float:
        return part / whole if whole else 1.0


def score_split(split: str) -> tuple[Totals, list[PageScore]]:
    totals, scores = Totals(), []
    for page in corpus_pages(split):
        score = score_page(page)
        totals.add(score)
        scores.append(score)
    return totals, scores


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("splits", nargs="*", default=["dev", "test"])
    parser.add_argument("--misses", action="store_true", help="say why articles are wrong")
    args = parser.parse_args()
    for split in args.splits:
        started = time.perf_counter()
        totals, scores = score_split(split)
        print(f"== {split}")
        print(f"{'page':44s} {'art':>4s} {'exact':>5s} {'news':>5s} {'count':>5s} {'lines':>6s}")
        for s in scores:
            role = s.lines_right / s.lines if s.lines else 1.0
            print(
                f"{s.id[:44]:44s} {s.articles:4d} {s.exact:5d} {s.exact_any_news_kind:5d} "
                f"{s.count_error:5d} {role:6.1%}"
            )
            if args.misses:
                for miss in s.misses:
                    print(f"    - {miss}")
        print(
            f"{split}: {totals.pages} pages, {totals.articles} articles; exactly right "
            f"{totals.exact} ({totals.ratio(totals.exact, totals.articles):.1%}), ignoring "
            f"feature/brief {totals.exact_any_news_kind} "
            f"({totals.ratio(totals.exact_any_news_kind, totals.articles):.1%}); article count "
            f"errors {totals.count_errors}; line roles "
            f"{totals.ratio(totals.lines_right, totals.lines):.1%}; "
            f"{time.perf_counter() - started:.1f} s"
        )


if __name__ == "__main__":
    main()
