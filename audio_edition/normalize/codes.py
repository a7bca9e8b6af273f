"""Numbers that are names, read digit by digit: codes to dictate and labels to say.

*Codes* are what a listener may want to write down: account, licence, phone, ID,
postcode and hotline numbers, and any bare run of seven or more digits. They are read
with 幺 for 1 (so it cannot be heard as 七) and 零 for 0, in groups of three or four
digits with a comma between groups, the way a bank clerk reads them out; a letter in a
code is kept as a letter and set apart by a space (J5360000329302 -> J 五三六零，…).

*Labels* are numbers inside names: project names in quotes (“133提质工程”), numbers
naming a programme (3060目标) and model numbers after letters (C919). They are read
with the plain digits 一…九, as announcers say them; short numbers after letters are
ordinary numbers (G20 -> G二十, A3版 -> A三版).
"""

from __future__ import annotations

import re

from audio_edition.normalize.alphabet import HAN
from audio_edition.normalize.measures import MEASURE
from audio_edition.normalize.numerals import read_cardinal, read_digits

_MEASURE_NEXT = re.compile(MEASURE)

# A code follows one of these words, possibly after a colon.
_CODE_LABELS = (
    "账号|帐号|账户|卡号|证号|核准号|编号|信用代码|股票代码|证券代码|邮编|邮政编码|"
    "电话|手机号码|手机号|手机|热线|传真|拨打|致电|号码|工号|学号|QQ|微信号"
)
_LABELLED_CODE = re.compile(
    rf"((?:{_CODE_LABELS})\s*[:：]?\s*)([A-Z]{{0,3}}\d[\d-]*\d[Xx]?)(?![\d.])"
)
_HOTLINE = re.compile(r"(?<![\d.])(\d{3,6})(?=[^\d，。,]{0,8}?热线)")
_MOBILE = re.compile(r"(?<![\d.])1[3-9]\d{9}(?![\d.])")
_LANDLINE = re.compile(r"(?<![\d.-])(?:0\d{2,3}-\d{7,8}|[48]00-?\d{3}-?\d{4})(?![\d-])")
_ID_NUMBER = re.compile(r"(?<![\d.])\d{17}[\dXx](?![\dA-Za-z.])")
_LETTERED = re.compile(r"(?<![A-Za-z])[A-Z]{1,3}\d{7,}(?![\d.])")
_STOCK_CODE = re.compile(r"(?<=[(（])\d{6}(?=[)）])")
_LONG_RUN = re.compile(r"(?<![\d.])\d{7,}(?!\d|\.\d)")

_CODE_PARTS = re.compile(r"[A-Za-z]+|\d+")


def _group_sizes(count: int, mobile: bool = False) -> list[int]:
    """Breath groups of 3-4 digits, longer groups first (17 -> 4,4,3,3,3).

    Mobile numbers keep the 3-4-4 grouping people write and remember them in.
    """
    if mobile:
        return [3, 4, 4]
    if count <= 5:
        return [count]
    groups = -(-count // 4)
    base, extra = divmod(count, groups)
    return [base + 1] * extra + [base] * (groups - extra)


def _read_code_digits(digits: str) -> str:
    mobile = len(digits) == 11 and _MOBILE.fullmatch(digits) is not None
    out, start = [], 0
    for size in _group_sizes(len(digits), mobile):
        out.append(read_digits(digits[start : start + size], "code"))
        start += size
    return "，".join(out)


def read_code(code: str) -> str:
    """``"J5360000329302"`` -> ``J 五三六零，零零零，三二九，三零二``; hyphens and
    letter/digit changes are breaks, digits use 幺 for 1."""
    out = ""
    previous_digit = False
    for part in _CODE_PARTS.findall(code):
        is_digit = part.isdigit()
        spoken = _read_code_digits(part) if is_digit else part.upper()
        if out:
            out += "，" if is_digit and previous_digit else " "
        out += spoken
        previous_digit = is_digit
    return out


def _unless_counted(m: re.Match[str]) -> str:
    """A long run is a code unless a measure word follows it (3000000人 is a count) or
    it is a round number (100000000), which no code is."""
    if _MEASURE_NEXT.match(m.string, m.end()) or not m.group()[1:].strip("0"):
        return m.group()
    return read_code(m.group())


def read_codes(text: str) -> str:
    """Every code in ``text`` read digit by digit; runs before any other number rule."""
    text = _LABELLED_CODE.sub(
        lambda m: (
            m.group()
            if _MEASURE_NEXT.match(m.string, m.end())
            else m.group(1) + read_code(m.group(2))
        ),
        text,
    )
    text = _HOTLINE.sub(_unless_counted, text)
    text = _LANDLINE.sub(lambda m: read_code(m.group()), text)
    text = _MOBILE.sub(lambda m: read_code(m.group()), text)
    text = _ID_NUMBER.sub(_unless_counted, text)
    text = _LETTERED.sub(lambda m: read_code(m.group()), text)
    text = _STOCK_CODE.sub(lambda m: read_code(m.group()), text)
    return _LONG_RUN.sub(_unless_counted, text)


_PROJECT_NOUNS = "工程|计划|行动|战略|模式|体系|格局|机制|方案|目标|任务|布局|战役|攻坚"
_QUOTED_NAME_NUMBER = re.compile(f"(?<=[“\"「『‘'])(\\d+)(?=[{HAN}])")
_PROGRAMME_NUMBER = re.compile(rf"(?<![\d.])(\d{{2,}})(?={_PROJECT_NOUNS})")
_AFTER_LETTERS = re.compile(r"(?<=[A-Za-z])(\d+)(?!\d|\.\d)")
_NUMBER_SIGN = re.compile(r"(?<![A-Za-z])(No|NO|no)\.(?=\d)")


def _quoted_name(m: re.Match[str]) -> str:
    """“133提质工程”: digits opening a quoted name are a label, unless a measure word
    follows (“3000人大会” counts people)."""
    if _MEASURE_NEXT.match(m.string, m.end()):
        return m.group()
    return read_digits(m.group())


def _model_number(m: re.Match[str]) -> str:
    """After letters: G20, A3 and TOP100 are numbers, C919 and RTX4090 are digit labels."""
    digits = m.group()
    if digits.startswith("0"):
        return read_digits(digits)
    if len(digits) <= 2 or len(digits.rstrip("0")) == 1:
        return read_cardinal(int(digits))
    return read_digits(digits)


def read_labels(text: str) -> str:
    """Numbers that are part of a name, read digit by digit (or as a short number)."""
    text = _NUMBER_SIGN.sub(r"\1 ", text)
    text = _QUOTED_NAME_NUMBER.sub(_quoted_name, text)
    text = _PROGRAMME_NUMBER.sub(lambda m: read_digits(m.group()), text)
    return _AFTER_LETTERS.sub(_model_number, text)
