"""Lines a listener should never hear: page furniture, photo credits, continuation marks.

They are recognised rather than silently lost: the segmenter lists every one of them in
``Page.unspoken`` so a wrong guess shows up in ``script --json``.
"""

from __future__ import annotations

import re

from audio_edition.segment.dates import find_date, is_page_date_line
from audio_edition.segment.markers import FULL_STOP_RE, HAN, HAN_RE, NAME, split_dateline

_NAMES = rf"{NAME}(?:[ \u00a0\u3000、]+{NAME})*"

# （下转第二版） （上接第一版） (转A2版) （下转4版 要闻）
CONTINUATION_RE = re.compile(
    r"[（(]\s*(?:下转|上接|转|接|续)\s*(?:第\s*)?[\dA-Za-z一二三四五六七八九十]{1,3}\s*版"
    r"[^）)]{0,10}[)）]"
)
# （图片由通城县烟草专卖局提供） (资料图片) （受访者供图） （完）
_INLINE_RES = (
    CONTINUATION_RE,
    re.compile(r"[（(]\s*图片(?:由|来源|来自)[^）)]{0,30}[)）]"),
    re.compile(r"[（(]\s*(?:资料图片?|受访者供图|[^）)]{1,12}供图|本版图片[^）)]{0,20})\s*[)）]"),
    re.compile(r"[（(]\s*完\s*[)）]\s*$"),
)

_EDITORIAL_RE = re.compile(
    r"(?:本版)?(?:责任编辑|责编|美编|校对|版式|组版|排版|审校|审读|终审|值班编委|编辑|制图)"
    r"(?:\s*[:：/／]|\s+|$)"
)
_CAPTION_START_RE = re.compile(r"(?:图为|上图|下图|左图|右图|图[①②③④⑤⑥⑦⑧⑨⑩\d]|[▲△]|资料图)")
# …劳作。 张三 摄 / 本报记者 李四 摄 / （通讯员 王五 摄）
_PHOTO_CREDIT_RE = re.compile(
    rf"(?:^|(?<=[\s。！？!?，,（(]))[（(]?\s*"
    rf"(?:(?:(?:本报)?(?:特约|见习)?(?:摄影记者|记者|通讯员|摄影)\s*{_NAMES})|{_NAMES}\s+)\s*摄"
    r"\s*[)）]?$"
)
_FURNITURE_TOKEN_RES = (
    re.compile(r"第\s*[\d一二三四五六七八九十]{1,3}\s*版"),
    re.compile(r"[A-Z]\d{1,2}版?|\d{1,2}版"),
    re.compile(r"(?:总)?第\s*[\d一二三四五六七八九十百千]{1,6}\s*期"),
    re.compile(r"(?:星期|礼拜|周)[一二三四五六日天]"),
    re.compile(r"农历\S{2,10}"),
)
_SPLIT_TOKENS_RE = re.compile(r"[\s|｜·•/]+")


def _is_furniture_token(token: str) -> bool:
    if any(p.fullmatch(token) for p in _FURNITURE_TOKEN_RES):
        return True
    return find_date(token) is not None and len(token) <= 16


def is_editorial_line(text: str) -> bool:
    """``责任编辑:张三 校对:李四``, ``本版编辑/陈广江``: the people who made the page."""
    text = text.strip()
    return len(text) <= 60 and bool(_EDITORIAL_RE.match(text)) and not FULL_STOP_RE.search(text)


def is_page_furniture(text: str) -> bool:
    """Page numbers, the edition-date line, editors' credits (``责任编辑:张三 校对:李四``).

    A masthead line may also carry short labels (``咸宁日报``, ``综合新闻``); it counts
    when at least one token is unmistakable furniture and the rest are short labels.
    """
    text = text.strip()
    if len(text) > 60 or split_dateline(text)[0] is not None:  # 新华社…三月二十六日讯
        return False
    if _EDITORIAL_RE.match(text):
        return is_editorial_line(text)
    if is_page_date_line(text):
        return True
    tokens = [t for t in _SPLIT_TOKENS_RE.split(text) if t]
    strong = [t for t in tokens if _is_furniture_token(t)]
    labels = [t for t in tokens if t not in strong]
    short_labels = all(len(t) <= 8 and re.fullmatch(f"[{HAN}A-Za-z]+", t) for t in labels)
    return (
        bool(strong)
        and short_labels
        and len(labels) <= 2
        and not (len(strong) == 1 and find_date(strong[0]) and not labels)
    )


def is_photo_caption(text: str) -> bool:
    """``图为…``, ``▲…`` or anything ending in a photographer's credit (``张三 摄``)."""
    text = text.strip()
    return bool(_CAPTION_START_RE.match(text) or _PHOTO_CREDIT_RE.search(text))


def is_decoration(text: str) -> bool:
    """Rules and ornaments (``★★★``, ``————``): no letter, digit or Han at all."""
    return not re.search(rf"[{HAN}A-Za-z0-9]", text)


def is_unspoken_line(text: str) -> bool:
    return is_page_furniture(text) or is_photo_caption(text) or is_decoration(text)


def strip_inline_unspoken(text: str) -> tuple[str, list[str]]:
    """Remove continuation marks and picture credits printed inside a line.

    Returns the remaining text and the pieces removed (for ``Page.unspoken``).
    """
    removed: list[str] = []
    for pattern in _INLINE_RES:
        removed += [m.group(0).strip() for m in pattern.finditer(text)]
        text = pattern.sub("", text)
    return text.strip(), removed


def has_han(text: str) -> bool:
    return bool(HAN_RE.search(text))
