"""Latin words for the offline voice (``han`` mode) and the reading rules of issue 10.

Sentences quoted from published pages carry their source URL.
"""

from __future__ import annotations

import re

import pytest

from audio_edition.normalize import is_spoken_clean, normalize
from audio_edition.normalize.english import pronouncing_dictionary, say_word
from audio_edition.normalize.latin import LETTER_NAMES, is_acronym, read_token


def spelled(letters: str) -> str:
    return "".join(LETTER_NAMES[c.upper()] for c in letters)


@pytest.mark.parametrize("acronym", ["AI", "AIGC", "CEO", "GPT", "NBA"])
def test_acronyms_stay_spelled(acronym: str) -> None:
    assert normalize(acronym, latin="han") == spelled(acronym)


def test_letters_with_digits_stay_spelled() -> None:
    assert normalize("5G网络", latin="han") == "五" + spelled("G") + "网络"


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("ChatGPT", [("word", "Chat"), ("spell", "GPT")]),
        ("OpenAI", [("word", "Open"), ("spell", "AI")]),
        ("DeepSeek", [("word", "Deep"), ("word", "Seek")]),
        ("iPhone", [("spell", "i"), ("word", "Phone")]),
        ("Seedance", [("word", "Seedance")]),
    ],
)
def test_mixed_tokens_split_into_words_and_acronyms(word: str, parts: list) -> None:
    expected = "".join(say_word(p) if kind == "word" else spelled(p) for kind, p in parts)
    assert read_token(word) == expected


@pytest.mark.parametrize(
    "word",
    ["Seedance", "Windows", "DeepSeek", "TikTok", "Chat", "Open", "Claude", "Gemini", "Zorblax"],
)
def test_words_are_never_spelled_letter_by_letter(word: str) -> None:
    spoken = normalize(word, latin="han")
    assert is_spoken_clean(spoken, latin="han")
    assert spoken != spelled(word)
    # Far fewer syllables than letters: a word, not a spelling.
    assert 0 < len(spoken) < len(spelled(word))


def test_seedance_is_one_word_with_its_version() -> None:
    assert normalize("Seedance2.0", latin="han") == say_word("Seedance") + "二点零"
    assert say_word("Seedance").startswith("西")


def test_iphone_model_number_and_hyphenated_word() -> None:
    assert normalize("iPhone15", latin="han").endswith("十五")
    assert normalize("Wi-Fi", latin="han") == say_word("Wi") + say_word("Fi")


def test_fixed_readings_win() -> None:
    assert normalize("Google发布", latin="han") == "谷歌发布"


def test_online_voices_keep_latin_text() -> None:
    assert normalize("ChatGPT和DeepSeek") == "ChatGPT和DeepSeek"


@pytest.mark.parametrize(("part", "acronym"), [("AI", True), ("i", True), ("Chat", False)])
def test_is_acronym(part: str, acronym: bool) -> None:
    assert is_acronym(part) is acronym


def test_dictionary_is_read_from_the_data_file() -> None:
    words = pronouncing_dictionary()
    assert words["dance"].split()[0] == "D"
    assert len(words) > 100_000


def test_a_sentence_with_no_latin_left() -> None:
    # https://www.rinaloveslife.com/news/00-hou-jing-ying-jue-qi-cong-ke-ji-xin-gui-dao-wen-hua-xian-feng-de-zhen-shi-gu-shi-yu-tiao-zhan.html
    text = "通过YouTube、TikTok等平台,他们轻松获取国际资讯"
    spoken = normalize(text, latin="han")
    assert not re.search("[A-Za-z]", spoken)
    assert spelled("TikTok") not in spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("2019—2020赛季", "二〇一九至二〇二〇赛季"),
        ("2023-2024学年", "二〇二三至二〇二四学年"),
        ("2024/2025赛季", "二〇二四至二〇二五赛季"),
        # https://wikicn.playgoteam.workers.dev/zh-hans/2019%E5%B9%B4%E8%87%B32020%E5%B9%B4NBA%E8%B3%BD%E5%AD%A3
        ("2019-20赛季剩余赛事", "二〇一九至二〇赛季剩余赛事"),
        # http://www.cardio4life.com/wenda/114789.html
        ("2019-2020賽季的NBA", "二〇一九至二〇二〇賽季的NBA"),
        ("90后", "九零后"),
        ("00后", "零零后"),
        ("80后", "八零后"),
        # https://changchun.baogaosu.com/xinwen/ (人民网 2015-04-17, 90后,来了)
        ("让许多70后、80后们觉得恍惚", "让许多七零后、八零后们觉得恍惚"),
        # https://www.rinaloveslife.com/news/00-hou-jing-ying-jue-qi-cong-ke-ji-xin-gui-dao-wen-hua-xian-feng-de-zhen-shi-gu-shi-yu-tiao-zhan.html
        ("00后创业意愿比90后高出20%", "零零后创业意愿比九零后高出百分之二十"),
        ("5天2晚", "五天两晚"),
        ("3室2厅", "三室两厅"),
        ("2天2夜", "两天两夜"),
        # http://jiangfawang.com/1408
        ("就能实现3天2晚的旅行计划", "就能实现三天两晚的旅行计划"),
        # https://svip.leyoutx.com/post/2557.html
        ("平遥古城5日4晚", "平遥古城五日四晚"),
    ],
)
def test_reading_rules(written: str, spoken: str) -> None:
    assert normalize(written) == spoken


def test_years_with_nian_and_counts_unchanged() -> None:
    assert normalize("2012至2015年") == "二〇一二至二〇一五年"
    assert normalize("5年后") == "五年后"
    assert normalize("2号") == "二号"


@pytest.mark.parametrize(
    ("written", "letters", "han_has"),
    [("café", "cafe", "卡"), ("Pokémon", "Pokemon", "剖"), ("Café咖啡", "Cafe咖啡", "咖啡")],
)
def test_accented_letters_are_not_dropped(written: str, letters: str, han_has: str) -> None:
    assert normalize(written) == letters
    assert han_has in normalize(written, latin="han")


@pytest.mark.parametrize(
    ("written", "spoken"), [("95后", "九五后"), ("60后", "六零后"), ("05后", "零五后")]
)
def test_any_two_digit_generation(written: str, spoken: str) -> None:
    assert normalize(written) == spoken
