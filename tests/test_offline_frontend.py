"""Spoken text -> Baker symbols: readings, respellings, prosody marks, utterance splits."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audio_edition.engines.offline import assets, frontend
from audio_edition.errors import InputError, UnreadableText
from audio_edition.voices import Lexicon, LexiconEntry

INITIALS = {
    "^", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h",
    "j", "q", "x", "zh", "ch", "sh", "r", "z", "c", "s",
}  # fmt: skip


def lexicon(**words: str) -> Lexicon:
    return Lexicon({w: LexiconEntry(w, tuple(p.split())) for w, p in words.items()})


def groups(seq: list[str] | tuple[str, ...]) -> int:
    """Characters read: one per initial, plus each erhua er5 (which has no initial)."""
    count = sum(1 for s in seq if s in INITIALS)
    return count + sum(1 for a, b in itertools.pairwise(seq) if b == "er5" and a not in INITIALS)


SYMBOLS = {
    # tone sandhi
    "你好": "sil n i2 #0 h ao3 sil eos",
    "不错": "sil b u2 #0 c uo4 sil eos",
    "一个": "sil ^ i2 #0 g e4 sil eos",
    "展览馆": "sil zh an2 #0 l an2 #0 g uan3 sil eos",  # third-tone run inside a word
    "第一名": "sil d i4 #0 ^ i1 #0 m ing2 sil eos",  # ordinal keeps yi1
    # erhua joins the syllable before it; a full 儿 keeps its own group
    "一点儿": "sil ^ i4 #0 d ian3 er5 sil eos",
    "哪儿": "sil n a3 er5 sil eos",
    "女儿": "sil n v3 #0 ^ er2 sil eos",
    # zhi/chi/shi/ri -> iii, zi/ci/si -> ii
    "日子": "sil r iii4 #0 z ii5 sil eos",
    "吃饭": "sil ch iii1 #0 f an4 sil eos",
    "四次": "sil s ii4 #0 c ii4 sil eos",
    # ü -> v, iu -> iou, ui -> uei, un -> uen
    "绿色": "sil l v4 #0 s e4 sil eos",
    "学习": "sil x ve2 #0 x i2 sil eos",
    "去": "sil q v4 sil eos",
    "牛": "sil n iou2 sil eos",
    "追": "sil zh uei1 sil eos",
    "困": "sil k uen4 sil eos",
    # zero initials: y/w spellings and bare vowels
    "鱼": "sil ^ v2 sil eos",
    "云": "sil ^ vn2 sil eos",
    "援": "sil ^ van2 sil eos",
    "有": "sil ^ iou3 sil eos",
    "温暖": "sil ^ uen1 #0 n uan3 sil eos",
    "翁": "sil ^ ueng1 sil eos",
    "爱": "sil ^ ai4 sil eos",
    "欧": "sil ^ ou1 sil eos",
    "嗯": "sil ^ en4 sil eos",  # interjection: g2pM's reading without context (CPP: en1/en4)
    # prosody marks at punctuation, none at the edges
    "你好，世界。": "sil n i2 #0 h ao3 #3 sh iii4 #0 j ie4 sil eos",
    "桃、李": "sil t ao2 #2 l i3 sil eos",
    "注意：安全": "sil zh u4 #0 ^ i4 #3 ^ an1 #0 q van2 sil eos",
    "，好。": "sil h ao3 sil eos",
}


@pytest.mark.parametrize(("text", "expected"), list(SYMBOLS.items()))
def test_symbols(text: str, expected: str) -> None:
    assert " ".join(frontend.symbols(text)) == expected


def test_every_symbol_is_in_the_model_vocabulary() -> None:
    vocabulary = assets.symbol_to_id()
    for text in SYMBOLS:
        assert all(s in vocabulary for s in frontend.symbols(text)), text


def test_respelling_agrees_with_the_mapper_shipped_with_the_model() -> None:
    """baker_mapper.json carries the table the model was trained with: check all of it."""
    table = json.loads(assets.locate().mapper.read_text(encoding="utf-8"))["pinyin_dict"]
    assert len(table) > 400
    for pinyin, (initial, final) in table.items():
        assert frontend.split_syllable(pinyin + "3") == (initial, final + "3"), pinyin


def test_lexicon_overrides_pypinyin() -> None:
    text = "重塑行业"
    assert " ".join(frontend.symbols(text)).startswith("sil ch ong2")  # the reading of 重塑
    words = lexicon(行业="xing2 ye4", 重塑="zhong4 su4")  # an editor's word beats it
    got = " ".join(frontend.symbols(text, words))
    assert got == "sil zh ong4 #0 s u4 #0 x ing2 #0 ^ ie4 sil eos"


def test_longer_lexicon_word_wins() -> None:
    words = lexicon(银行="yin2 hang2", 行="xing2")
    assert " ".join(frontend.symbols("银行行", words)) == ("sil ^ in2 #0 h ang2 #0 x ing2 sil eos")


def test_lexicon_can_mark_erhua() -> None:
    assert " ".join(frontend.symbols("花儿", lexicon(花儿="hua1 r"))) == "sil h ua1 er5 sil eos"


def test_bad_lexicon_reading_names_the_word() -> None:
    with pytest.raises(InputError, match="花儿"):
        frontend.symbols("花儿", lexicon(花儿="hua1 xyz"))


@pytest.mark.parametrize(
    ("text", "culprit"), [("AI好", "A"), ("你好☃", "☃"), ("好\U0002a700", "\U0002a700")]
)
def test_unreadable_character_is_named_not_dropped(text: str, culprit: str) -> None:
    with pytest.raises(UnreadableText, match=culprit):
        frontend.symbols(text)


def test_sentences_split_at_sentence_marks() -> None:
    parts = frontend.chunks("你好。他说：好！对吗？对；走")
    assert [c.text for c in parts] == ["你好。", "他说：好！", "对吗？", "对；", "走"]
    assert [c.sentence for c in parts] == [0, 1, 2, 3, 4]
    assert all(c.ends_sentence for c in parts)


def test_long_sentence_is_cut_at_commas() -> None:
    clause = "电影这门百年艺术正面临新的机遇挑战"  # 17 characters
    sentence = "，".join([clause] * 4) + "。"
    parts = frontend.chunks(sentence)
    assert len(parts) > 1
    assert all(sum(map(frontend.is_han, c.text)) <= frontend.MAX_UTTERANCE_CHARS for c in parts)
    assert "".join(c.text for c in parts) == sentence
    assert {c.sentence for c in parts} == {0}
    assert [c.ends_sentence for c in parts] == [False] * (len(parts) - 1) + [True]
    assert sum(groups(c.symbols) for c in parts) == 4 * len(clause)


def test_render_marks_clause_and_sentence_joins() -> None:
    clause = "电影这门百年艺术正面临新的机遇挑战"
    rendered = frontend.render(frontend.chunks("，".join([clause] * 3) + "。好。"))
    assert rendered.count(frontend.SENTENCE_JOIN) == 1
    assert rendered.count(frontend.CLAUSE_JOIN.strip()) - 2 == 1
    assert rendered.count("eos") == 3


def test_text_without_han_gives_no_utterance() -> None:
    assert frontend.symbols("，。") == []
    assert frontend.chunks("。") == []


HAN = "电影产业如何应变数智浪潮奔涌而来我们一个不错你好展览馆女儿点儿哪绿去追牛日子四次"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=HAN + "，。、：！？；", min_size=1, max_size=60))
def test_every_han_character_becomes_one_group(text: str) -> None:
    parts = frontend.chunks(text)
    assert sum(groups(c.symbols) for c in parts) == sum(map(frontend.is_han, text))
    for part in parts:
        assert part.symbols[0] == "sil" and part.symbols[-2:] == ("sil", "eos")
