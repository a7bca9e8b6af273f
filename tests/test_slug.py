import re

from hypothesis import given
from hypothesis import strategies as st

from audio_edition.slug import pinyin_slug


def test_headline_becomes_pinyin() -> None:
    assert pinyin_slug("数智浪潮奔涌而来") == "shu-zhi-lang-chao-ben-yong-er-lai"
    assert pinyin_slug("AI电影") == "ai-dian-ying"
    assert pinyin_slug("“耕”新忙") == "geng-xin-mang"


@given(st.text(max_size=60))
def test_slug_is_always_a_short_ascii_file_name(text: str) -> None:
    slug = pinyin_slug(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert len(slug) <= 40
