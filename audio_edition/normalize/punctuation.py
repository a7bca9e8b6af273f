"""Print punctuation -> the pauses a newsreader makes, and the final tidy of pauses.

Only ``PAUSE_MARKS`` survive: quotes and book-title marks are dropped (with 、 where two
titles meet, so 《牌子》《纸手机》 does not run into one name), brackets and the
subtitle dash —— become commas, an ellipsis ends the sentence, and the symbols that
stand for words (/ + & ~ = …) are replaced by the words.
"""

from __future__ import annotations

import re

from audio_edition.normalize.alphabet import HAN, PAUSE_MARKS
from audio_edition.normalize.measures import MEASURE

_OPENING_QUOTES = "“‘《〈「『\"'"
_CLOSING_QUOTES = "”’》〉」』\"'"
_QUOTES = "“”‘’《》〈〉「」『』\"'"

_ELLIPSIS = re.compile(r"…+|⋯+|\.{2,}|。{2,}")
_LONG_DASH = re.compile(r"[—–-]{2,}")
_QUOTES_MEET = re.compile(f"[{re.escape(_CLOSING_QUOTES)}][{re.escape(_OPENING_QUOTES)}]")
_QUOTES_JOIN_WORDS = re.compile(f"(?<=[A-Za-z0-9])[{re.escape(_QUOTES)}]+(?=[A-Za-z0-9])")
_QUOTE = re.compile(f"[{re.escape(_QUOTES)}]")
_BRACKET = re.compile(r"[()\[\]{}【】〔〕〖〗]")
_DOT_IN_NAME = re.compile(r"[·•・‧]")
_SLASH = re.compile(r"\s*/\s*")
_MEASURE_AT_END = re.compile(f"(?:{MEASURE})$")
_MEASURE_AT_START = re.compile(f"(?:{MEASURE})")
_DASH = re.compile(r"[—–\-−]")
_TILDE = re.compile(r"~")
_WORD_CHAR = re.compile(f"[{HAN}A-Za-z0-9]")
_HAN_CHAR = re.compile(f"[{HAN}]")

# Symbols that stand for a word. @ is said 艾特 in Chinese.
_SYMBOL_WORDS = {
    "+": "加",
    "&": "和",
    "=": "等于",
    "×": "乘",
    "÷": "除以",
    "≤": "小于等于",
    "≥": "大于等于",
    "<": "小于",
    ">": "大于",
    "±": "正负",
    "@": "艾特",
}
_SYMBOL = re.compile("[" + re.escape("".join(_SYMBOL_WORDS)) + "]")
_ASCII_PAUSES = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？"})
_DOT_BETWEEN_LETTERS = re.compile(r"(?<=[A-Za-z])\.(?=[A-Za-z])")


def _neighbours(m: re.Match[str]) -> tuple[str, str]:
    text = m.string
    before = text[m.start() - 1] if m.start() else ""
    after = text[m.end()] if m.end() < len(text) else ""
    return before, after


def _slash(m: re.Match[str]) -> str:
    """元/吨 is 元每吨 (a unit per unit); 读者/观众 is 读者或观众."""
    before = m.string[max(0, m.start() - 4) : m.start()]
    if before.endswith("或") or m.string.startswith("或", m.end()):
        return ""  # 和/或
    if _MEASURE_AT_END.search(before) and _MEASURE_AT_START.match(m.string, m.end()):
        return "每"
    return "或"


def _between(m: re.Match[str], letters: str, words: str, otherwise: str = "") -> str:
    """What a joining mark becomes: ``letters`` between two Latin letters, ``words``
    between two Han characters, ``otherwise`` anywhere else."""
    before, after = _neighbours(m)
    if before.isascii() and before.isalpha() and after.isascii() and after.isalpha():
        return letters
    if _HAN_CHAR.match(before or " ") and _HAN_CHAR.match(after or " "):
        return words
    return otherwise


def _tilde(m: re.Match[str]) -> str:
    """A tilde between two words is a range (周一~周五); a decorative one is dropped."""
    before, after = _neighbours(m)
    return "到" if _WORD_CHAR.match(before or " ") and _WORD_CHAR.match(after or " ") else ""


def speak_punctuation(text: str) -> str:
    """Every punctuation mark and symbol -> a pause mark, a word, or nothing."""
    text = _ELLIPSIS.sub("。", text)
    text = _LONG_DASH.sub("，", text)  # —— before a subtitle or an aside is a pause
    text = _QUOTES_MEET.sub("、", text)
    text = _QUOTES_JOIN_WORDS.sub("、", text)
    text = _QUOTE.sub("", text)
    text = _BRACKET.sub("，", text)
    # 穆罕默德·阿里 is said as one name; between Latin names a space keeps them apart.
    text = _DOT_IN_NAME.sub(lambda m: _between(m, " ", ""), text)
    text = _SLASH.sub(_slash, text)
    # A single dash joins words (Wi-Fi, 中国—东盟): a space between letters, a short
    # pause between Han words, nothing elsewhere (COVID-19 was already read).
    text = _DASH.sub(lambda m: _between(m, " ", "、"), text)
    text = _TILDE.sub(_tilde, text)
    text = _SYMBOL.sub(lambda m: _SYMBOL_WORDS[m.group()], text)
    text = _DOT_BETWEEN_LETTERS.sub("点", text)  # xinhua.net, an e-mail address
    text = text.replace(".", "。").replace("\n", "。")
    return text.translate(_ASCII_PAUSES)


_PAUSE_RUN = re.compile(f"[{PAUSE_MARKS} ]*[{PAUSE_MARKS}][{PAUSE_MARKS} ]*")
# When marks pile up (。” ， or ）， ), the strongest one is the pause that is heard.
_STRENGTH = {
    mark: rank for rank, marks in enumerate(("、", "，", "：", "；", "。！？")) for mark in marks
}


def collapse_pauses(text: str) -> str:
    """One pause per gap (the strongest), none at the start, no weak one at the end."""
    text = _PAUSE_RUN.sub(
        lambda m: max((c for c in m.group() if c in PAUSE_MARKS), key=_STRENGTH.__getitem__),
        text,
    )
    return text.lstrip(PAUSE_MARKS + " ").rstrip("，、 ")
