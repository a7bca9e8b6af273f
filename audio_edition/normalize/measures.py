"""Measure words and unit symbols: what may follow a number, and how units are said.

A number's reading depends on the word after it (2个 -> 两个 but 2号 -> 二号; a long
digit run followed by 元 is an amount, not an account number), so the word lists live
here, in one place, for every pass to share. ``spell_units`` turns unit symbols into
the words a newsreader says (5km -> 5公里, ¥100 -> 100元) and leaves the digits for
the number passes.
"""

from __future__ import annotations

import re

# After exactly the number 2 these words make it 两 (两个, 两年, 两万); 年级, 号, 月, 日
# and 版 are names, not counts, and keep 二.
LIANG_WORDS: tuple[str, ...] = (
    *"个位名人次件条种只头匹张本部辆架艘台项家所座栋幢间道场届批支队枚颗块片份笔起例岁",
    *"年天周倍点套双对轮趟声篇首句段节门股瓶杯盒袋箱包棵株朵类成户国岸方面边样亿万千则",
    *"吨米斤克升亩元晚夜室厅卫",
    "小时", "分钟", "秒钟", "公里", "千米", "公斤", "千克", "平方米", "平方公里", "公顷",
    "美元", "欧元", "英镑", "港元", "日元", "摄氏度",
)  # fmt: skip
NOT_LIANG_AFTER: tuple[str, ...] = ("年级", "点钟")  # 两点钟 is fine, but 年级 is a name

# Words that mark a number as an amount or a count: a number before one of these is
# never a code, and may be one end of a range (3—5天, 50%—60%).
MEASURE_WORDS: tuple[str, ...] = (
    *LIANG_WORDS,
    *"年月日号时分秒度余多里寸尺斗",
    "摄氏度", "华氏度", "万亿", "毫米", "厘米", "毫升", "千瓦", "千瓦时", "兆瓦", "赫兹",
)  # fmt: skip


def _alternation(words: tuple[str, ...]) -> str:
    """A regex alternation that tries longer words first (平方公里 before 平方)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


MEASURE = _alternation(MEASURE_WORDS)
_LIANG = re.compile(_alternation(LIANG_WORDS))


def takes_liang(following: str) -> bool:
    """True if the number 2 before ``following`` is read 两 (两个, 两万, 两公里)."""
    return bool(_LIANG.match(following)) and not following.startswith(NOT_LIANG_AFTER)


# Unit symbols after a number, as said in Mandarin. A symbol only counts when no letter
# follows it, so 5G, 4K and 100MB keep their letters (spelled later).
_UNIT_WORDS: dict[str, str] = {
    "km/h": "公里每小时",
    "m/s": "米每秒",
    "km²": "平方公里",
    "km2": "平方公里",
    "m²": "平方米",
    "m³": "立方米",
    "㎡": "平方米",
    "㎞": "公里",
    "㎏": "公斤",
    "km": "公里",
    "cm": "厘米",
    "mm": "毫米",
    "kg": "公斤",
    "mg": "毫克",
    "ml": "毫升",
    "mL": "毫升",
    "kWh": "千瓦时",
    "kW": "千瓦",
    "MW": "兆瓦",
    "GW": "吉瓦",
    "Hz": "赫兹",
    "°C": "摄氏度",
    "℃": "摄氏度",
    "°F": "华氏度",
    "℉": "华氏度",
    "°": "度",
    "m": "米",
    "g": "克",
    "t": "吨",
    "L": "升",
    "h": "小时",
}
_UNIT = re.compile(r"(?<=\d)\s*(" + _alternation(tuple(_UNIT_WORDS)) + r")(?![A-Za-z0-9²³])")

# Currency signs go before the number in print but their word goes after it when
# spoken, after any 万/亿 written with the number ($20亿 -> 20亿美元).
_CURRENCY_WORDS: dict[str, str] = {
    "HK$": "港元",
    "US$": "美元",
    "$": "美元",
    "¥": "元",
    "€": "欧元",
    "£": "英镑",
}
_CURRENCY = re.compile(
    r"(" + _alternation(tuple(_CURRENCY_WORDS)) + r")\s*(\d+(?:\.\d+)?)(万亿|亿|万|千)?"
)


def spell_units(text: str) -> str:
    """Unit symbols and currency signs -> words; the digits stay for the number passes."""
    text = _CURRENCY.sub(
        lambda m: m.group(2) + (m.group(3) or "") + _CURRENCY_WORDS[m.group(1)], text
    )
    return _UNIT.sub(lambda m: _UNIT_WORDS[m.group(1)], text)
