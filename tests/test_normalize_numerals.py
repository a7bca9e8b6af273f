"""Number-reading primitives: cardinals, digit strings, decimals."""

from __future__ import annotations

import pytest

from audio_edition.normalize.numerals import (
    read_cardinal,
    read_decimal,
    read_digits,
    read_integer,
)


@pytest.mark.parametrize(
    ("number", "spoken"),
    [
        (0, "零"),
        (2, "二"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (100, "一百"),
        (110, "一百一十"),
        (112, "一百一十二"),
        (200, "二百"),
        (1005, "一千零五"),
        (1010, "一千零一十"),
        (2000, "两千"),
        (2222, "两千二百二十二"),
        (3000, "三千"),
        (10010, "一万零一十"),
        (12345, "一万两千三百四十五"),
        (20000, "两万"),
        (20002, "两万零二"),
        (100000, "十万"),
        (110000, "十一万"),
        (2000000, "二百万"),
        (1000010, "一百万零一十"),
        (100000000, "一亿"),
        (200000000, "两亿"),
        (100010000, "一亿零一万"),
        (100100000, "一亿零一十万"),
        (1200000000, "十二亿"),
        (2 * 10**12, "两万亿"),
        (10001 * 10**8, "一万零一亿"),
        (-5, "负五"),
    ],
)
def test_read_cardinal(number: int, spoken: str) -> None:
    assert read_cardinal(number) == spoken


def test_numbers_too_big_to_say_are_read_digit_by_digit() -> None:
    assert read_cardinal(10**16) == "一" + "零" * 16


@pytest.mark.parametrize(
    ("digits", "style", "spoken"),
    [
        ("2012", "year", "二〇一二"),
        ("2000", "year", "二〇〇〇"),
        ("110", "code", "幺幺零"),
        ("17680", "code", "幺七六八零"),
        ("133", "label", "一三三"),
        ("0715", "label", "零七一五"),
    ],
)
def test_read_digits(digits: str, style: str, spoken: str) -> None:
    assert read_digits(digits, style) == spoken  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("digits", "spoken"), [("05", "零五"), ("007", "零零七"), ("0", "零"), ("30", "三十")]
)
def test_read_integer_keeps_written_leading_zeros(digits: str, spoken: str) -> None:
    assert read_integer(digits) == spoken


@pytest.mark.parametrize(
    ("number", "spoken"),
    [
        ("3.0", "三点零"),
        ("0.5", "零点五"),
        ("3.14", "三点一四"),
        ("2.5", "二点五"),
        ("10.05", "十点零五"),
    ],
)
def test_read_decimal_keeps_every_written_digit(number: str, spoken: str) -> None:
    assert read_decimal(number) == spoken
