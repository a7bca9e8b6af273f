"""The page files of an edition -> its articles, numbered across pages in the order given."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from audio_edition.errors import InputError
from audio_edition.models import Article
from audio_edition.page_text import read_page_text
from audio_edition.segment import infer_date, segment_page


def page_files(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for its ``*.txt`` files in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.txt"))
            if not found:
                raise InputError(f"{path}: folder has no .txt page files")
            files += found
        else:
            files.append(path)
    if not files:
        raise InputError("no page files given")
    return files


def read_articles(files: list[Path]) -> list[Article]:
    """Segment every page, numbering articles across pages in the order given."""
    articles: list[Article] = []
    for path in files:
        page = segment_page(read_page_text(path), source=str(path), start=len(articles) + 1)
        articles += page.articles
    if not articles:
        raise InputError(f"no articles found in {', '.join(map(str, files))}")
    return articles


def edition_date(requested: str | None, articles: list[Article]) -> str:
    if requested:
        try:
            return dt.date.fromisoformat(requested).isoformat()
        except ValueError:
            raise InputError(f"--date must look like 2026-04-27, not {requested!r}") from None
    return infer_date(articles) or dt.date.today().isoformat()
