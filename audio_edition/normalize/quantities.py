"""Amounts: ranges, signs, percentages, fractions, versions, ordinals and cardinals.

These rules read what is left once codes, dates and labels are done, so any digit
still in the text here is a quantity. Whether 2 is 两 depends on the measure word after
it, which is why ``read_cardinals`` looks ahead into the text.
"""

from __future__ import annotations

import re

from audio_edition.normalize.measures import MEASURE, takes_liang
from audio_edition.normalize.numerals import read_decimal, read_integer

_NUMBER = r"\d+(?:\.\d+)?"


def read_number(number: str) -> str:
    """A written number with or without decimals, as a quantity (no 两 rule)."""
    return read_decimal(number) if "." in number else read_integer(number)


_THOUSANDS = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![,\d])")


def drop_thousands_separators(text: str) -> str:
    """``12,345`` -> ``12345`` (runs after codes, so a long account number never forms)."""
    return _THOUSANDS.sub(lambda m: m.group().replace(",", ""), text)


# 3—5天, 3天-5天, 50%—60%, 9:30-11:00, 15~20℃: a single dash or tilde between a number
# (with its measure word or %) and the next number means "to".
_RANGE_DASH = re.compile(rf"(?<=\d)((?:%|‰|{MEASURE})?)\s*[—–~-](?![—–~-])\s*(?=[-−]?\d)")
# 50至60% and 50—60% mean 百分之五十到百分之六十: the sign applies to both ends.
_PERCENT_RANGE = re.compile(rf"(?<![\d.])({_NUMBER})(?=(?:到|至){_NUMBER}([%‰]))")


def mark_ranges(text: str) -> str:
    """Range dashes -> 到, and the % of a range copied to its first end."""
    text = _RANGE_DASH.sub(lambda m: m.group(1) + "到", text)
    return _PERCENT_RANGE.sub(lambda m: m.group(1) + m.group(2), text)


# A minus sign, not a hyphen: nothing word-like right before it (COVID-19 is a name).
_SIGN = re.compile(r"(?<![A-Za-z0-9.])[-−](?=\d)")
_TEMPERATURE = re.compile(rf"{_NUMBER}(?:到[-−]?{_NUMBER})?(?:摄氏度|华氏度|度)")


def read_signs(text: str) -> str:
    """-5℃ -> 零下五摄氏度 (how temperatures are said), -3.2% -> 负百分之三点二."""
    return _SIGN.sub(lambda m: "零下" if _TEMPERATURE.match(m.string, m.end()) else "负", text)


_PERCENT = re.compile(rf"({_NUMBER})\s*([%‰‱])")
_PER = {"%": "百分之", "‰": "千分之", "‱": "万分之"}


def read_percents(text: str) -> str:
    """``5.2%`` -> 百分之五点二, ``3‰`` -> 千分之三."""
    return _PERCENT.sub(lambda m: _PER[m.group(2)] + read_number(m.group(1)), text)


_SLASH_NUMBER = re.compile(r"(?<![\d./])(\d+)/(\d+)(?![\d/]|\.\d)")


def _slash(m: re.Match[str]) -> str:
    """A date when it can only be one (4/27: month 2-12, day 13-31); else a fraction.

    1/3, 2/5 and 5/12 read as fractions: small denominators are far more often parts
    than dates in print, and 1/20 is more likely 二十分之一 than January 20th.
    """
    top, bottom = m.group(1), m.group(2)
    if 2 <= int(top) <= 12 and 13 <= int(bottom) <= 31:
        return read_integer(top) + "月" + read_integer(bottom) + "日"
    return read_integer(bottom) + "分之" + read_integer(top)


def read_fractions(text: str) -> str:
    """``1/3`` -> 三分之一, ``4/27`` -> 四月二十七日 (see ``_slash`` for the rule)."""
    return _SLASH_NUMBER.sub(_slash, text)


_VERSION = re.compile(r"(?<![\d.])\d+(?:\.\d+){2,}(?!\d|\.\d)")


def read_versions(text: str) -> str:
    """``1.2.3`` -> 一点二点三: each part of a version is a number of its own."""
    return _VERSION.sub(lambda m: "点".join(read_integer(p) for p in m.group().split(".")), text)


_ORDINAL = re.compile(r"第(\d+)(?!\d|\.\d)")


def read_ordinals(text: str) -> str:
    """``第2名`` -> 第二名: an ordinal never takes 两."""
    return _ORDINAL.sub(lambda m: "第" + read_integer(m.group(1)), text)


_CARDINAL = re.compile(rf"{_NUMBER}")


_RANGE_END = re.compile(rf"[到至]{_NUMBER}")


def _cardinal(m: re.Match[str]) -> str:
    number = m.group()
    if number == "2":
        # In 2到3个 the measure word comes after the range: 两到三个.
        after = _RANGE_END.match(m.string, m.end())
        start = after.end() if after else m.end()
        if takes_liang(m.string[start : start + 4]):
            return "两"
    return read_number(number)


def read_cardinals(text: str) -> str:
    """Every remaining number: 3000人 -> 三千人, 2个 -> 两个, 1.2亿 -> 一点二亿."""
    return _CARDINAL.sub(_cardinal, text)
