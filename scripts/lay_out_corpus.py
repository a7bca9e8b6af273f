"""Lay out every corpus source as its page file and answer key (dev/ or test/), and
list every source in SOURCES.md.

Usage: uv run python scripts/lay_out_corpus.py
Each page's layout comes from a seed derived from its id, so rerunning rewrites the
same files; edit a source, rerun, and only its page and key change.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from page_corpus.pages import CORPUS, SPLITS, load_sources, load_split, write_page
from page_corpus.validate import validate_page


def sources_table(sources: dict, split: dict) -> str:
    lines = [
        "# Sources of the corpus pages",
        "",
        "Every page's text is copied verbatim from the published copies below (stored",
        "copies of newspaper pages, e-papers and official notice pages); cuts were made",
        "only at paragraph or table-row boundaries and are listed per source. A page that",
        "collects articles of several stored copies (ids ending in `composite` or `mix`)",
        "lists each. The layout of each page is printed by `page_corpus/layout.py`.",
        "Written by `scripts/lay_out_corpus.py`.",
        "",
    ]
    for folder in ("dev", "test"):
        lines += [f"## {folder}/", ""]
        for source_id, source in sorted(sources.items()):
            if ("test" if source_id in split["test"] else "dev") != folder:
                continue
            count = len(source["articles"])
            date = source.get("date") or "date not shown"
            lines.append(f"### {source_id} — {source['paper']}, {date}, {count} articles")
            for entry in source.get("sources", []):
                took = entry.get("took") or "—"
                cuts = entry.get("cuts") or "none"
                lines.append(f"- <{entry['url']}>: {took}; cuts: {cuts}")
            lines.append("")
    return "\n".join(lines)


def main() -> None:
    split = load_split()
    sources = load_sources()
    for folder in SPLITS:  # pages whose source is gone, or moved to the other split
        for stale in (CORPUS / folder).glob("*.*"):
            stale.unlink()
    problems = 0
    for source in sources.values():
        path = write_page(source, split)
        for problem in validate_page(path):
            problems += 1
            print(f"{path.name}: {problem}")
    (CORPUS / "SOURCES.md").write_text(sources_table(sources, split), encoding="utf-8")
    print(f"{problems} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
