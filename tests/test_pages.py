from pathlib import Path

import pytest

from audio_edition.errors import InputError
from audio_edition.pages import edition_date, page_files, read_articles, read_pages

FIRST = "我市推进城乡供水一体化\n\n本报讯 今年以来,我市加快推进城乡供水一体化建设。\n"
SECOND = (
    "（上接第一版）\n同时,该市还将推进城乡供水一体化工程。\n\n"
    "赤壁市\n\n举办青砖茶文化节\n\n本报讯 5月30日,第三届赤壁青砖茶文化节开幕。\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_continued_text_joins_the_previous_pages_article(tmp_path: Path) -> None:
    files = [write(tmp_path, "1.txt", FIRST), write(tmp_path, "2.txt", SECOND)]
    articles = read_articles(files)
    assert [(a.id, a.headline) for a in articles] == [
        ("a01", "我市推进城乡供水一体化"),
        ("a02", "举办青砖茶文化节"),
    ]
    assert articles[0].paragraphs[-1] == "同时,该市还将推进城乡供水一体化工程。"


def test_continued_text_without_its_first_page_stays_an_article(tmp_path: Path) -> None:
    articles = read_articles([write(tmp_path, "2.txt", SECOND)])
    assert articles[0].headline == "" and articles[1].id == "a02"


def test_a_folder_stands_for_its_pages_in_name_order(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", SECOND)
    write(tmp_path, "a.txt", FIRST)
    assert [p.name for p in page_files([tmp_path])] == ["a.txt", "b.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match=r"no \.txt"):
        page_files([empty])


def test_edition_date_prefers_the_option_then_the_page(tmp_path: Path) -> None:
    dated = write(tmp_path, "p.txt", "2026年6月1日 星期一\n\n" + FIRST)
    pages = read_pages([dated])
    assert edition_date(None, pages) == "2026-06-01"
    assert edition_date("2026-06-02", pages) == "2026-06-02"
    with pytest.raises(InputError, match="2026-04-27"):
        edition_date("June 2nd", pages)
