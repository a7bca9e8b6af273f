"""How Mandarin reads a string of digits: as a cardinal, a decimal or digit by digit.

These are the primitives every rule uses; deciding *which* reading a number in running
text gets is the job of the passes (codes, dates, quantities).
"""

from __future__ import annotations

from typing import Literal

DigitStyle = Literal["label", "code", "year"]

# Digit-by-digit readings differ by what is being read: years use 〇, codes that are
# dictated (accounts, phones, licences) use 幺 for 1 so it cannot be heard as 七,
# and labels (project names, model numbers, 3·15) use the plain digits.
_DIGIT_NAMES: dict[DigitStyle, str] = {
    "label": "零一二三四五六七八九",
    "code": "零幺二三四五六七八九",
    "year": "〇一二三四五六七八九",
}
_CARDINAL_DIGITS = "零一二三四五六七八九"
# Above this the reading would need 亿亿; nobody says that, so read digit by digit.
_CARDINAL_LIMIT = 10**16


def read_digits(digits: str, style: DigitStyle = "label") -> str:
    """``"2012"`` -> ``二〇一二`` (year), ``"110"`` -> ``幺幺零`` (code)."""
    names = _DIGIT_NAMES[style]
    return "".join(names[int(d)] for d in digits)


def _read_section(n: int, head: bool) -> str:
    """A number below 10 000. ``head``: it starts the whole number, so 1x reads 十x."""
    out: list[str] = []
    zero_pending = False
    for value, unit in (
        (n // 1000, "千"),
        (n // 100 % 10, "百"),
        (n // 10 % 10, "十"),
        (n % 10, ""),
    ):
        if value == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        if unit == "千" and value == 2:
            out.append("两千")
        elif unit == "十" and value == 1 and head and not out:
            out.append("十")
        else:
            out.append(_CARDINAL_DIGITS[value] + unit)
    return "".join(out)


def _read_positive(n: int, head: bool) -> str:
    if n >= 10**8:
        base, name = 10**8, "亿"
    elif n >= 10**4:
        base, name = 10**4, "万"
    else:
        return _read_section(n, head)
    high, low = divmod(n, base)
    # 两 heads 万 and 亿 (两万, 两亿), as it heads 千 inside a section.
    text = ("两" if high == 2 else _read_positive(high, head)) + name
    if low == 0:
        return text
    gap = "零" if low < base // 10 else ""
    return text + gap + _read_positive(low, head=False)


def read_cardinal(n: int) -> str:
    """A whole number as counted: 112 -> 一百一十二, 1005 -> 一千零五, 20000 -> 两万.

    两 heads 千, 万 and 亿 (两千, 一万两千, 两亿); a bare 2 stays 二, because whether it
    becomes 两 depends on the word after it (see ``quantities``).
    """
    if n < 0:
        return "负" + read_cardinal(-n)
    if n == 0:
        return "零"
    if n >= _CARDINAL_LIMIT:
        return read_digits(str(n))
    return _read_positive(n, head=True)


def read_integer(digits: str) -> str:
    """A digit string as a cardinal, except that a leading zero (05, 007) is read digit
    by digit, the way it is written (9时05分 -> 九时零五分)."""
    if len(digits) > 1 and digits.startswith("0"):
        return read_digits(digits)
    return read_cardinal(int(digits))


def read_decimal(number: str) -> str:
    """``"3.14"`` -> 三点一四, ``"3.0"`` -> 三点零: the fraction is read digit by digit and
    a written 0 is kept, since "3.0" names a version, not the number three."""
    whole, _, fraction = number.partition(".")
    text = read_integer(whole or "0")
    if fraction:
        text += "点" + read_digits(fraction)
    return text
