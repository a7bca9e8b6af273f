"""What one line of a page *is*, judged from its own text.

These pages mix ASCII and full-width punctuation (``,`` ``，``, ``(`` ``（``, ``:``
``：``) in the same article, so every pattern here accepts both forms. The text itself
is never rewritten: normalisation is the script stage's job.
"""

from __future__ import annotations

import re
from enum import Enum

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")

# A line ending in one of these finishes a paragraph; "；" too, because lists of
# "一是……；二是……；" print one clause per paragraph and must stay apart.
SENTENCE_END = "。！？!?…”’）)」』；;"
# A line ending in one of these stops in the middle of a sentence.
CLAUSE_END = ",，、“‘（(《「『〈【"
COLON = ":："
# Headlines, kickers and subheads are short; body paragraphs run longer than this.
HEADING_MAX = 36

_OPEN_CLOSE = (("“", "”"), ("（", "）"), ("(", ")"), ("《", "》"), ("「", "」"))

NAME = f"[{HAN}·]{{2,4}}"
_NAMES = rf"{NAME}(?:[ \u00a0\u3000、,，]+{NAME})*"
_ROLE = (
    r"(?:本报)?(?:特约|见习|实习)?(?:全媒体记者|全媒记者|融媒体记者|摄影记者|记者|通讯员|撰稿人)"
    r"|实习生"
)
_CREDIT = rf"(?:{_ROLE})\s*{_NAMES}"
_CREDITS = rf"{_CREDIT}(?:[\s、,，]*{_CREDIT})*"
_WORK = r"(?:(?:文/图|文／图|文图)\s*[/／:：]?|(?:文|图)\s*[/／:：])\s*"
# The paper's name may lead the credit: （湖北日报全媒记者 张三）.
_OUTLET = f"(?:[{HAN}]{{2,8}}?(?=(?:{_ROLE})))?"
_BRACKET_BYLINE_RE = re.compile(rf"[（(]\s*((?:{_WORK})?(?:{_OUTLET}{_CREDITS}|{_NAMES}))\s*[)）]")
_BYLINE_FIRST_RE = re.compile(rf"[□]?\s*((?:{_WORK})?{_CREDITS})")

_DATELINE_RES = (
    # 本报讯 / 本报综合消息 / 咸宁日报讯 / 本报4月26日讯, optionally with (记者 …)
    re.compile(
        rf"(?:本报(?:讯|综合消息|综合讯|消息|综合报道)|[{HAN}]{{2,6}}报讯|本报[{HAN}]{{2,4}}讯"
        rf"|本报[{HAN}]{{0,6}}?\d{{1,2}}月\d{{1,2}}日讯)"
        r"(?:\s*[（(][^）)]{1,40}[)）])?"
    ),
    # 新华社北京4月26日电（记者 张三）
    re.compile(
        rf"(?:新华社|中新社|中国新闻社|人民日报|光明日报|经济日报|新华网|人民网|中新网|央视网)"
        rf"[{HAN}]{{0,12}}?[\d一二三四五六七八九十]{{1,3}}月[\d一二三四五六七八九十]{{1,3}}日"
        r"(?:电|讯)(?:\s*[（(][^）)]{1,40}[)）])?"
    ),
    # 本报记者 张三 通讯员 李四 + a space before the body
    re.compile(rf"本报(?:特约|见习)?(?:记者|通讯员)\s*{_NAMES}(?:\s*{_CREDIT})*(?=\s)"),
    # （记者 张三）
    re.compile(r"[（(]\s*(?:本报)?(?:特约|见习)?(?:记者|通讯员)[^）)]{1,40}[)）]"),
)

_SUBHEAD_RE = re.compile(r"^[■◆]\s*")
_SUBTITLE_RE = re.compile(r"^(?:——|─{2}|－{2}|-{2}|—)+\s*")
_NOTICE_TITLE_RE = re.compile(
    r"[^\s,，。:：;；!！?？、]{0,16}(?:公告|声明|启事|公示|通告)(?:\s*[（(][^）)]{1,8}[)）])?"
)
_NOT_A_TITLE = ("特此", "以上", "现", "予以", "并", "此")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_ITEM_RE = re.compile(
    r"(?:(?P<arabic>\d{1,3})\s*[、.．](?!\d)"
    r"|[（(]\s*(?P<bracket>\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]"
    r"|(?P<han>[一二三四五六七八九十]{1,3})\s*、"
    r"|(?P<circled>[①②③④⑤⑥⑦⑧⑨⑩]))\s*"
)
_ORG_SUFFIXES = (
    "局", "委员会", "委", "公司", "所", "厅", "院", "中心", "部", "办", "办公室", "处",
    "站", "队", "协会", "学会", "联合会", "社", "学校", "医院", "银行", "支行", "分行",
    "集团", "党委", "政府", "街道", "社区", "村", "镇", "乡", "厂", "馆", "大学", "法院",
    "检察院", "营业部", "分公司",
)  # fmt: skip
# Words that end like an organisation but are not one (良好开局, 以人民为中心, 乡村).
_NOT_ORG_ENDINGS = (
    "开局", "布局", "格局", "结局", "大局", "全局", "新局", "变局", "破局", "僵局", "当局",
    "定局", "场所", "全部", "内部", "外部", "局部", "干部", "庭院", "到处", "好处", "难处",
    "乡村", "城乡", "家乡", "故乡", "下乡", "返乡", "怎么办", "承办", "主办", "举办",
    "创办", "督办", "交办", "驿站", "网站", "团队", "排队", "组队", "带队", "为中心",
    "重心", "联社", "入社", "出厂", "回村", "进村", "驻村",
)  # fmt: skip


class LineKind(str, Enum):
    """The role a line plays before paragraphs are rebuilt."""

    TEXT = "text"
    SUBHEAD = "subhead"  # ■ 小标题
    SUBTITLE = "subtitle"  # ——副题
    BYLINE = "byline"  # (通讯员 孔媛) or 本报记者 张三 on its own line
    NOTICE_TITLE = "notice_title"  # 注销公告
    ITEM = "item"  # 1、… (一) … 一、…
    SIGNATURE = "signature"  # issuer lines and the date closing a notice


def classify(text: str) -> LineKind:
    """The kind of a whole (non-blank) line; signatures are found later, in context."""
    if _SUBHEAD_RE.match(text):
        return LineKind.SUBHEAD
    if _SUBTITLE_RE.match(text) and HAN_RE.search(text):
        return LineKind.SUBTITLE
    if byline_credit(text) is not None:
        return LineKind.BYLINE
    if is_notice_title(text):
        return LineKind.NOTICE_TITLE
    if item_number(text) is not None:
        return LineKind.ITEM
    return LineKind.TEXT


def visible_length(text: str) -> int:
    return len(re.sub(r"\s+", "", text))


def ends_sentence(text: str) -> bool:
    text = text.rstrip()
    return bool(text) and text[-1] in SENTENCE_END


def ends_clause(text: str) -> bool:
    text = text.rstrip()
    return bool(text) and text[-1] in CLAUSE_END


def ends_colon(text: str) -> bool:
    text = text.rstrip()
    return bool(text) and text[-1] in COLON


def has_unclosed_bracket(text: str) -> bool:
    """An opening quote or bracket without its partner: the sentence goes on."""
    return any(text.count(o) > text.count(c) for o, c in _OPEN_CLOSE)


def has_inner_clause_break(text: str) -> bool:
    return any(ch in ",，、；;" for ch in text.rstrip()[:-1])


def looks_like_heading(text: str) -> bool:
    """Short, no full stop, not cut mid-clause: how kickers, headlines and subheads look.

    A trailing ``?``/``!`` is allowed (``AI如何融入电影产业?``).
    """
    text = text.strip()
    if not text or visible_length(text) > HEADING_MAX or not HAN_RE.search(text):
        return False
    if "。" in text or text[-1] in "；;" or ends_clause(text) or ends_colon(text):
        return False
    return not has_unclosed_bracket(text) and split_dateline(text)[0] is None


def looks_like_kicker(text: str) -> bool:
    """An organisation name standing alone (…局, …委员会, …公司): the usual 引题."""
    text = text.strip()
    return (
        looks_like_heading(text)
        and visible_length(text) <= 20
        and not re.search(r"[,，、:：?？!！“”]", text)
        and text.endswith(_ORG_SUFFIXES)
        and not text.endswith(_NOT_ORG_ENDINGS)
    )


def split_dateline(text: str) -> tuple[str | None, str]:
    """``本报讯 …`` -> (``本报讯``, ``…``); (None, text) when the text starts otherwise."""
    stripped = text.lstrip()
    for pattern in _DATELINE_RES:
        match = pattern.match(stripped)
        if match:
            rest = stripped[match.end() :].lstrip(" \t\u00a0\u3000:：,，")
            return match.group(0).strip(), rest
    return None, text


def starts_with_dateline(text: str) -> bool:
    return split_dateline(text)[0] is not None


def _clean_credit(credit: str) -> str:
    return re.sub(r"\s+", " ", credit).strip()


def byline_credit(text: str) -> str | None:
    """The credit when the whole line is a byline, else None.

    ``(通讯员 孔媛)`` -> ``通讯员 孔媛``; ``□ 记者 张三`` -> ``记者 张三``;
    ``本报记者 张三`` -> ``本报记者 张三``.
    """
    text = text.strip()
    match = _BRACKET_BYLINE_RE.fullmatch(text)
    if match:
        return _clean_credit(match.group(1))
    match = _BYLINE_FIRST_RE.fullmatch(text)
    if match:
        return _clean_credit(match.group(1))
    return None


def split_trailing_byline(text: str) -> tuple[str, str | None]:
    """``…新风。(通讯员 孔媛)`` -> (``…新风。``, ``通讯员 孔媛``).

    Only after a full stop and only with a role word: a bare ``（王磊）`` closing a
    paragraph is more often a name in the story than a byline.
    """
    text = text.rstrip()
    for match in _BRACKET_BYLINE_RE.finditer(text):
        if match.end() == len(text) and match.start() > 0 and re.search(_ROLE, match.group(1)):
            before = text[: match.start()].rstrip()
            if ends_sentence(before) and before[-1] not in "）)":
                return before, _clean_credit(match.group(1))
    return text, None


def is_notice_title(text: str) -> bool:
    """``注销公告``, ``遗失声明``, ``招聘启事``; not the closing ``特此公告``."""
    text = text.strip()
    return (
        visible_length(text) <= 24
        and bool(_NOTICE_TITLE_RE.fullmatch(text))
        and not text.startswith(_NOT_A_TITLE)
    )


def is_closing_formula(text: str) -> bool:
    """``特此公告。``, ``特此声明``: a notice's closing line, always its own paragraph."""
    text = text.strip()
    return text.startswith("特此") and visible_length(text) <= 12


def chinese_number(text: str) -> int | None:
    """``三`` -> 3, ``十二`` -> 12, ``二十`` -> 20 (small numbers, as items use)."""
    if not text or any(c not in "〇零一二三四五六七八九十" for c in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    value = 0
    for c in text:
        value = value * 10 + _CN_DIGITS[c]
    return value


def split_item(text: str) -> tuple[int | None, str]:
    """``2、户名:…`` -> (2, ``户名:…``); (None, text) when the line is not numbered."""
    match = _ITEM_RE.match(text.lstrip())
    if not match:
        return None, text
    rest = text.lstrip()[match.end() :]
    if not rest.strip():
        return None, text
    if match.group("arabic") or (match.group("bracket") or "").isdigit():
        number = int(match.group("arabic") or match.group("bracket"))
    elif match.group("circled"):
        number = "①②③④⑤⑥⑦⑧⑨⑩".index(match.group("circled")) + 1
    else:
        number = chinese_number(match.group("bracket") or match.group("han"))
    return number, rest


def item_number(text: str) -> int | None:
    return split_item(text)[0]


def strip_subhead_marker(text: str) -> str:
    return _SUBHEAD_RE.sub("", text.strip()).strip()


def strip_subtitle_dashes(text: str) -> str:
    return _SUBTITLE_RE.sub("", text.strip()).strip()


def has_code(text: str) -> bool:
    """An account, licence or phone number: what notices list as their entries."""
    return bool(re.search(r"\d{6,}|[A-Z]\d{6,}", text))
