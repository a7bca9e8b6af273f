"""Calendar and clock: dates, years, event dates (3·15), times, scores and ratios.

These run before plain numbers because they change how digits are read: a year is
read digit by digit with 〇 (2012年 -> 二〇一二年), 9:30 is a time (九点三十分) and
3:1 is a score (三比一).
"""

from __future__ import annotations

import re

from audio_edition.normalize.numerals import read_cardinal, read_digits, read_integer


def _spoken_date(year: str, month: str, day: str | None = None) -> str:
    text = read_digits(year, "year") + "年" + read_cardinal(int(month)) + "月"
    if day is not None:
        text += read_cardinal(int(day)) + "日"
    return text


def _valid(month: str, day: str | None = None) -> bool:
    return 1 <= int(month) <= 12 and (day is None or 1 <= int(day) <= 31)


# 2026-04-27, 2026.4.27, 2026/4/27 (one separator throughout); 2026-04 and 2026/4.
_FULL_DATE = re.compile(r"(?<![\d./-])(\d{4})([-./])(\d{1,2})\2(\d{1,2})(?![\d/-]|\.\d)")
_YEAR_MONTH = re.compile(r"(?<![\d./-])(\d{4})[-/](\d{1,2})(?![\d/-]|\.\d)")


def read_full_dates(text: str) -> str:
    """Numeric dates -> 二〇二六年四月二十七日; an impossible date is left alone (it is a
    version or a code, and another rule reads it)."""
    text = _FULL_DATE.sub(
        lambda m: (
            _spoken_date(m.group(1), m.group(3), m.group(4))
            if _valid(m.group(3), m.group(4))
            else m.group()
        ),
        text,
    )
    return _YEAR_MONTH.sub(
        lambda m: _spoken_date(m.group(1), m.group(2)) if _valid(m.group(2)) else m.group(),
        text,
    )


# Days named by their date: 3·15 (consumer day), 9·11, 7·20 are read as digit labels.
_EVENT_DATE = re.compile(r"(?<![\d.])(\d{1,2})[·•・‧](\d{1,2})(?![\d.])")


def read_event_dates(text: str) -> str:
    """``3·15`` -> 三一五, the way these day names are said."""
    return _EVENT_DATE.sub(lambda m: read_digits(m.group(1) + m.group(2)), text)


# 9:30, 9:30:15, 3:1, 107:98 (a colon between digits; full-width colons are folded).
_CLOCK = re.compile(r"(?<![\d.])(?<!\d:)(\d{1,3}):(\d{1,4})(?::(\d{2}))?(?![\d:]|\.\d)")
_SCORE_BEFORE = re.compile(r"(?:(?:比分|战胜|击败|力克|负于|不敌|战平|打平)\S{0,4}|以)$")
_SCORE_AFTER = re.compile(
    r"^\S{0,3}?(获胜|胜出|取胜|战胜|击败|力克|告负|落败|战平|的比分|拿下|赢得|险胜|大胜|完胜)"
)


def _is_score(m: re.Match[str]) -> bool:
    before = m.string[max(0, m.start() - 8) : m.start()]
    after = m.string[m.end() : m.end() + 8]
    return bool(_SCORE_BEFORE.search(before) or _SCORE_AFTER.search(after))


def _clock(m: re.Match[str]) -> str:
    hours, minutes, seconds = m.group(1), m.group(2), m.group(3)
    is_time = len(minutes) == 2 and int(hours) <= 24 and int(minutes) < 60
    if not is_time or _is_score(m):
        # A score or a ratio: 3:1 -> 三比一, 1:1000 -> 一比一千 (a plain 二, never 两).
        parts = [p for p in (hours, minutes, seconds) if p is not None]
        return "比".join(read_integer(p) for p in parts)
    hour = int(hours)
    text = ("两" if hour == 2 else read_cardinal(hour)) + "点"
    if int(minutes):
        text += read_integer(minutes) + "分"
    if seconds is not None and int(seconds):
        text += read_integer(seconds) + "秒"
    return text


def read_clock(text: str) -> str:
    """Times (九点三十分, 九点零五分, 两点) and, by context, scores and ratios (三比一).

    A colon between digits is a time when the right side has two digits (minutes) and
    the numbers fit a clock, unless the words around it speak of a match (以…获胜,
    比分); otherwise it is a score or a ratio, read with 比.
    """
    return _CLOCK.sub(_clock, text)


# A four-digit number before 年 is a year, unless the words around it make it a span
# of time (近2000年, 2000年历史): then it is counted.
_YEAR = re.compile(r"(?<![\d.])(\d{4})(?=年|[到至]\d{4}年)")
_SPAN_BEFORE = re.compile(r"(近|约|超过|超|逾|历时|长达|过去|上下|数|共|用了|花了|足足|整整)$")
_SPAN_AFTER = ("年历史", "年之久", "年的历史")
_LATEST_YEAR = 2100  # beyond this a number before 年 is a span (3000年), not a date


def _year(m: re.Match[str]) -> str:
    digits = m.group(1)
    before = m.string[max(0, m.start() - 4) : m.start()]
    after = m.string[m.end() : m.end() + 4]
    ancient = before.endswith(("公元", "公元前"))
    if (
        _SPAN_BEFORE.search(before)
        or after.startswith(_SPAN_AFTER)
        or (int(digits) > _LATEST_YEAR and not ancient)
    ):
        return digits  # left for the cardinal rule
    return read_digits(digits, "year")


def read_years(text: str) -> str:
    """``2012年`` -> 二〇一二年 and ``2012至2015年`` -> 二〇一二至二〇一五年."""
    return _YEAR.sub(_year, text)


# A season or school year written as two years with no 年 (2019—2020赛季, 2023-2024学年,
# 2024/2025赛季) is said as two years digit by digit joined by 至, not two amounts.
_SEASON_WORDS = ("赛季", "賽季", "学年", "學年", "财年", "年度", "球季", "季")
_YEAR_SPAN = re.compile(
    r"(?<![\d.])(\d{4})\s*[—–~/-]\s*(\d{2}|\d{4})(?![\d.])\s*(?=" + "|".join(_SEASON_WORDS) + ")"
)


def read_year_spans(text: str) -> str:
    """``2019—2020赛季`` -> 二〇一九至二〇二〇赛季 (also 2019-20赛季 -> 二〇一九至二〇)."""
    return _YEAR_SPAN.sub(
        lambda m: read_digits(m.group(1), "year") + "至" + read_digits(m.group(2), "year"), text
    )


# A generation label (90后, 00后, 95后: born in the 1990s, 2000s, 1995-99) is said
# digit by digit: 九零后, 零零后, never 九十后.
_GENERATION = re.compile(r"(?<![\d.:：])(\d\d)(?=后)")


def read_generations(text: str) -> str:
    """``90后`` -> 九零后, ``00后`` -> 零零后."""
    return _GENERATION.sub(lambda m: read_digits(m.group(1)), text)
