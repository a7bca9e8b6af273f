"""The spoken script of the seed page and of small hand-made article lists."""

import re
from pathlib import Path

import pytest

from audio_edition.models import Article, ArticleKind, NoticeItem, Pause, Role, Section
from audio_edition.normalize import is_spoken_clean
from audio_edition.page_text import read_page_text
from audio_edition.script import (
    NoticeMode,
    ScriptOptions,
    chapter_title,
    split_sentences,
    spoken_credits,
    spoken_script,
)
from audio_edition.segment import segment_page

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_738350908e41f89e.txt"
DATE = "2026-04-27"


@pytest.fixture(scope="module")
def seed_articles() -> list[Article]:
    return segment_page(read_page_text(SEED), source=str(SEED)).articles


def script_of(articles, notices=NoticeMode.READ, paper="本报"):
    return spoken_script(articles, ScriptOptions(paper=paper, notices=notices), DATE)


def spoken_of(script, part=None) -> str:
    return "".join(s.spoken for s in script.segments if part in (None, s.part))


def test_edition_shape_opening_articles_notices_closing(seed_articles) -> None:
    script = script_of(seed_articles, paper="咸宁日报")
    parts = list(dict.fromkeys(s.part for s in script.segments))
    assert parts == ["opening", "a01", "a02", "a03", "a04", "a05", "closing"]
    opening = spoken_of(script, "opening")
    assert "咸宁日报" in opening and "二〇二六年四月二十七日" in opening
    for headline in ("电影产业如何应变", "不负春光耕新忙", "开展世界读书日主题活动"):
        assert headline in opening  # the rundown names the main headlines
    assert "下面是简讯" in spoken_of(script, "a02")
    assert "下面是公告" in spoken_of(script, "a04")
    assert "下面是公告" not in spoken_of(script, "a05")
    assert script.segments[-1].part == "closing"


def test_seed_spoken_text_is_clean_and_reads_the_hard_cases(seed_articles) -> None:
    script = script_of(seed_articles)
    spoken = spoken_of(script)
    for segment in script.segments:
        assert is_spoken_clean(segment.spoken), segment.spoken
        assert not re.search(r"[0-9]", segment.spoken)
    assert "幺七六八，零五零幺，零四零，零零四，六五幺" in spoken  # 17680501040004651
    assert "Seedance二点零" in spoken and "可灵三点零" in spoken
    assert "一三三提质工程" in spoken


def test_pauses_mark_paragraphs_chapters_and_sections(seed_articles) -> None:
    script = script_of(seed_articles)
    last_of = {}
    for segment in script.segments:
        last_of[segment.part] = segment
    assert last_of["opening"].pause is Pause.SECTION
    assert last_of["a01"].pause is Pause.SECTION  # feature -> briefs: a chime
    assert last_of["a02"].pause is Pause.ARTICLE  # brief -> brief: a gap
    assert last_of["a03"].pause is Pause.SECTION  # briefs -> notices
    assert any(s.pause is Pause.PARAGRAPH for s in script.segments if s.part == "a01")


def test_roles_anchor_introduces_reporter_reads_notice_reads_notices(seed_articles) -> None:
    script = script_of(seed_articles)
    roles = {(s.part, s.role) for s in script.segments}
    assert ("a01", Role.REPORTER) in roles and ("a04", Role.NOTICE) in roles
    assert all(s.role is Role.ANCHOR for s in script.segments if s.part == "opening")


def test_byline_is_folded_in(seed_articles) -> None:
    assert "据通讯员孔媛报道。" in spoken_of(script_of(seed_articles), "a02")


def test_notice_modes(seed_articles) -> None:
    summary = script_of(seed_articles, NoticeMode.SUMMARY)
    parts = list(dict.fromkeys(s.part for s in summary.segments))
    assert parts == ["opening", "a01", "a02", "a03", "notices", "closing"]
    assert "公告两则" in spoken_of(summary, "notices")
    skipped = script_of(seed_articles, NoticeMode.SKIP)
    assert "a04" not in {s.part for s in skipped.segments}
    assert "notices" not in {s.part for s in skipped.segments}


def test_notices_come_last_whatever_the_page_order() -> None:
    notice = Article("a01", ArticleKind.NOTICE, "遗失声明", items=[NoticeItem("身份证遗失。", 1)])
    brief = Article("a02", ArticleKind.BRIEF, "春耕忙", sections=[Section(["农民下地。"])])
    script = script_of([notice, brief])
    assert [a.id for a in script.articles] == ["a02", "a01"]


def test_notice_chapter_title_names_the_issuer(seed_articles) -> None:
    assert chapter_title(seed_articles[3]) == "注销公告：中国农业银行股份有限公司咸宁温泉支行"


def is_subsequence(needle: str, haystack: str) -> bool:
    rest = iter(haystack)
    return all(c in rest for c in needle)


def test_every_han_character_of_the_body_is_spoken_in_order(seed_articles) -> None:
    script = script_of(seed_articles)
    for article in seed_articles:
        spoken = spoken_of(script, article.id)
        for paragraph in article.paragraphs + [i.text for i in article.items]:
            han = "".join(c for c in paragraph if "\u4e00" <= c <= "\u9fff")
            assert is_subsequence(han, spoken), paragraph


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("一。二！三？", ["一。", "二！", "三？"]),
        ("“原先能完成。”江南说。", ["“原先能完成。”江南说。"]),
        ("甲；乙……丙", ["甲；", "乙……", "丙"]),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


@pytest.mark.parametrize(
    ("credit", "spoken"),
    [
        ("通讯员 孔媛", "通讯员孔媛"),
        ("记者 张伟 通讯员 刘丽", "记者张伟、通讯员刘丽"),
        ("记者 王强 通讯员 赵敏 李四", "记者王强、通讯员赵敏、李四"),
        ("记者张伟 通讯员李通", "记者张伟、通讯员李通"),
    ],
)
def test_credits_keep_titles_with_names(credit: str, spoken: str) -> None:
    assert spoken_credits(credit) == spoken


def test_people_in_a_dateline_are_credited_at_the_end_not_read_in_brackets() -> None:
    article = Article(
        "a01",
        ArticleKind.BRIEF,
        "我市启动防汛演练",
        dateline="本报讯(记者 张伟 通讯员 刘丽)",
        sections=[Section(["5月7日上午,我市举行防汛应急演练。"])],
    )
    spoken = spoken_of(script_of([article]), "a01")
    assert "本报讯，五月七日上午" in spoken
    assert spoken.endswith("据记者张伟、通讯员刘丽报道。")
    assert "记者，张伟" not in spoken


def test_kicker_is_a_source_only_when_it_names_an_organisation() -> None:
    body = [Section(["正文一句。"])]
    org = Article("a01", ArticleKind.BRIEF, "开展活动", kicker="通城县烟草专卖局", sections=body)
    topic = Article("a02", ArticleKind.BRIEF, "茶叶致富", kicker="乡村振兴看咸宁", sections=body)
    script = script_of([org, topic])
    assert "通城县烟草专卖局消息，开展活动。" in spoken_of(script, "a01")
    assert "乡村振兴看咸宁。茶叶致富。" in spoken_of(script, "a02")
