"""Readings of news words from the public ``audio_edition.pinyin`` entry."""

from __future__ import annotations

import pytest

import audio_edition


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("支行", "zhi1 hang2"),
        ("银行", "yin2 hang2"),
        ("行长", "hang2 zhang3"),
        ("行业", "hang2 ye4"),
        ("发行", "fa1 xing2"),
        ("行情", "hang2 qing2"),
        ("重塑", "chong2 su4"),
        ("重庆", "chong2 qing4"),
        ("重新", "chong2 xin1"),
        ("重要", "zhong4 yao4"),
        ("降本增效", "jiang4 ben3 zeng1 xiao4"),
        ("即兴", "ji2 xing4"),
        ("为营造", "wei4 ying2 zao4"),  # a lone 为 opening a clause: the preposition
        ("他说，为人民服务", "ta1 shuo1 None wei4 ren2 min2 fu2 wu4"),
        ("为期三天", "wei2 qi1 san1 tian1"),  # a word of its own keeps its reading
        ("改福州都卫为福建", "gai3 fu2 zhou1 du1 wei4 wei2 fu2 jian4"),  # copula inside
        ("展览", "zhan2 lan3"),  # third-tone sandhi inside a word
        ("一个", "yi2 ge4"),  # 一 sandhi
        ("不对", "bu2 dui4"),  # 不 sandhi
        ("第一", "di4 yi1"),  # ordinal keeps yi1
    ],
)
def test_news_words(text: str, expected: str) -> None:
    assert " ".join(str(r) for r in audio_edition.pinyin(text)) == expected


def test_one_reading_per_character_none_for_non_han() -> None:
    readings = audio_edition.pinyin("A股，涨了5%")
    assert len(readings) == len("A股，涨了5%")
    assert readings[0] is None and readings[2] is None and readings[5] is None
    assert readings[1] == "gu3"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("很好", "hen2 hao3"),  # jieba cuts 很/好: sandhi crosses the boundary
        ("你很好", "ni2 hen2 hao3"),
        ("我想买", "wo2 xiang2 mai3"),
        ("展览馆", "zhan2 lan2 guan3"),
        ("一天", "yi4 tian1"),
        ("十一月", "shi2 yi1 yue4"),  # a digit of a number keeps yi1
        ("看一看", "kan4 yi5 kan4"),
        ("是不是", "shi4 bu5 shi4"),
        ("不好", "bu4 hao3"),
    ],
)
def test_sandhi(text: str, expected: str) -> None:
    assert " ".join(str(r) for r in audio_edition.pinyin(text)) == expected


def test_polyphones_read_in_sentence_context() -> None:
    sentence = "中国农业银行咸宁温泉支行将对以下客户账户办理注销手续"
    readings = audio_edition.pinyin(sentence)
    assert readings[sentence.index("支行") + 1] == "hang2"
    assert readings[sentence.index("银行") + 1] == "hang2"
    assert readings[sentence.index("将对")] == "jiang1"


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("一点儿", "r5"),  # the dictionaries write the suffix toneless: erhua
        ("哪儿", "r5"),
        ("女儿", "er2"),  # a syllable of its own
        ("婴幼儿", "er2"),
        ("笛卡儿", "er2"),  # a name, not the suffix
    ],
)
def test_final_er_read_as_the_dictionaries_write_it(text: str, last: str) -> None:
    assert audio_edition.pinyin(text)[-1] == last


@pytest.mark.parametrize(
    ("sentence", "char", "reading"),
    [
        # real text (the corpus's pages; the last from CPP): a phrase across a word's
        # edge once outvoted the word
        # (更深 geng1 shen1 over 更|深层次, 都洋 du1 over 都|洋溢, 个子 zi5 over 三个|子)
        ("推动两市在文化旅游、科技创新等领域开展更深层次的交流与合作", "更", "geng4"),
        ("但一说到回家,他们脸上都洋溢着幸福的笑", "都", "dou1"),
        ("在这三个子分期中,细胞合成蛋白质", "子", "zi3"),
        # a source that gives a character two readings in a phrase has no say there
        # (CC-CEDICT: 重点 zhong4/chong2, 好处 chu3/chu5, 妻子 zi3/zi5)
        ("听取政府班子成员及部分职能部门重点工作推进情况汇报", "重", "zhong4"),
        ("只要区域货币的实行所带来的好处多于所可能带来的弊端", "处", "chu4"),
        ("通过接触,我和妻子对其很有好感", "子", "zi5"),
    ],
)
def test_phrases_vote_only_over_whole_words_and_one_reading(
    sentence: str, char: str, reading: str
) -> None:
    assert audio_edition.pinyin(sentence)[sentence.index(char)] == reading
