"""Codes and labels: digit by digit, grouped for breath, letters kept apart."""

from __future__ import annotations

import pytest

from audio_edition.normalize.codes import read_code, read_codes, read_labels


@pytest.mark.parametrize(
    ("code", "spoken"),
    [
        ("17680501040004651", "幺七六八，零五零幺，零四零，零零四，六五幺"),
        ("13812345678", "幺三八，幺二三四，五六七八"),  # mobile: 3-4-4 as people write it
        ("12345", "幺二三四五"),  # five digits are one breath
        ("437000", "四三七，零零零"),
        ("0715-1234567", "零七幺五，幺二三四，五六七"),
        ("J5360000329302", "J 五三六零，零零零，三二九，三零二"),
        ("42120219900101123x", "四二幺二，零二幺九，九零零，幺零幺，幺二三 X"),
    ],
)
def test_read_code(code: str, spoken: str) -> None:
    assert read_code(code) == spoken


def test_every_code_group_has_three_or_four_digits() -> None:
    for length in range(6, 30):
        groups = read_code("9" * length).split("，")
        assert all(3 <= len(g) <= 4 for g in groups), (length, groups)
        assert sum(len(g) for g in groups) == length


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("3000000人", "3000000人"),  # a count, with its measure word
        ("12345678元", "12345678元"),
        ("100000000", "100000000"),  # a round number is never a code
        ("手机100部", "手机100部"),  # a label word, but a count follows
        ("热线3000条", "热线3000条"),
    ],
)
def test_counts_are_not_codes(text: str, kept: str) -> None:
    assert read_codes(text) == kept


def test_bare_long_run_is_a_code() -> None:
    assert read_codes("编码为8812345，") == "编码为八八幺二，三四五，"


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("“133提质工程”", "“一三三提质工程”"),
        ("“3000人大会”", "“3000人大会”"),  # a count inside quotes stays a count
        ("实现3060目标", "实现三零六零目标"),
        ("C919", "C九一九"),
        ("RTX4090", "RTX四零九零"),
        ("G20", "G二十"),
        ("TOP100", "TOP一百"),
        ("A3版", "A三版"),
        ("PM2.5", "PM2.5"),  # a decimal, left for the quantity rules
        ("No.1", "No 1"),
    ],
)
def test_read_labels(text: str, spoken: str) -> None:
    assert read_labels(text) == spoken
