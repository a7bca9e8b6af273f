"""Retrain the line labeller from the corpus's dev split and save it in the package.

Usage: uv run python scripts/train_line_model.py [--variants 12]
Reproducible: the same sources and variants give the same model file.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from audio_edition.segment.labeller import MODEL_PATH
from page_corpus.training import dev_sources, train, training_pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variants", type=int, default=8, help="extra layouts per source")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    started = time.perf_counter()
    sources = dev_sources()
    lines = train(training_pages(sources, args.variants), args.out)
    print(
        f"{len(sources)} dev sources x {args.variants + 1} layouts, {lines} lines: "
        f"{args.out} ({args.out.stat().st_size // 1024} KiB) "
        f"in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
