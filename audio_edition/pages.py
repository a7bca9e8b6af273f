"""The page files of an edition -> its articles, numbered across pages in the order given."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from audio_edition.errors import InputError
from audio_edition.models import Article, Page
from audio_edition.page_text import read_page
from audio_edition.segment import infer_date, segment_page

_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


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


# Mandarin news is read at about 3.5 Han characters a second (the seed: 2,671 in 13.5
# minutes with the opening and transitions); a day's paper is a few hours.
HAN_PER_SECOND = 3.5
MAX_EDITION_HOURS = 12


def check_edition_size(texts: list[tuple[Path, str]]) -> None:
    """Refuse, before minutes of reading and hours of synthesis, pages whose audio
    would run longer than an edition can: say how long, and what to do."""
    han = sum(len(_HAN_RE.findall(text)) for _, text in texts)
    hours = han / HAN_PER_SECOND / 3600
    if hours > MAX_EDITION_HOURS:
        names = ", ".join(str(path) for path, _ in texts)
        raise InputError(
            f"{names}: about {han:,} Han characters, about {hours:.0f} hours of audio; an "
            f"edition holds at most {MAX_EDITION_HOURS} hours (split the pages into editions)"
        )


def read_pages(files: list[Path]) -> list[Page]:
    """Segment every page, numbering articles across pages in the order given.

    Text at the top of a page that continues the previous page's last article (it has
    no headline: 上接第一版) is joined to that article, so it is read as one story.
    """
    read = [(path, *read_page(path)) for path in files]
    check_edition_size([(path, text) for path, text, _ in read])
    pages: list[Page] = []
    count = 0
    for path, text, warnings in read:
        page = segment_page(text, source=str(path), start=count + 1)
        page.warnings = warnings
        previous = next((p.articles[-1] for p in reversed(pages) if p.articles), None)
        if previous is not None and page.articles and not page.articles[0].headline:
            continued = page.articles.pop(0)
            previous.sections += continued.sections
            previous.byline = previous.byline or continued.byline
            for offset, article in enumerate(page.articles):
                article.id = f"a{count + 1 + offset:02d}"  # the numbering segment_page uses
        count += len(page.articles)
        pages.append(page)
    if not count:
        raise InputError(f"no articles found in {', '.join(map(str, files))}")
    return pages


def read_articles(files: list[Path]) -> list[Article]:
    return [a for page in read_pages(files) for a in page.articles]


def edition_date(requested: str | None, pages: list[Page]) -> str:
    """``--date`` if given, else the date printed on the pages, else today."""
    if requested:
        try:
            return dt.date.fromisoformat(requested).isoformat()
        except ValueError:
            raise InputError(f"--date must look like 2026-04-27, not {requested!r}") from None
    articles = [a for page in pages for a in page.articles]
    furniture = [line for page in pages for line in page.unspoken]
    return infer_date(articles, furniture) or dt.date.today().isoformat()
