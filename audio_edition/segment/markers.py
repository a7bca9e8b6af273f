"""What one line of a page *is*, judged from its own text.

These pages mix ASCII and full-width punctuation (``,`` ``，``, ``(`` ``（``, ``:``
``：``) in the same article, so every pattern here accepts both forms. The text itself
is never rewritten: normalisation is the script stage's job.
"""

from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")

# A line ending in one of these finishes a paragraph; "；" too, because lists of
# "一是……；二是……；" print one clause per paragraph and must stay apart.
SENTENCE_END = "。！？!?…”’）)」』；;"
# The marks that close a sentence wherever they stand: counted to tell a caption or a
# heading (none or one) from running text.
FULL_STOP_RE = re.compile("[。！？!?]")
# A line ending in one of these stops in the middle of a sentence.
CLAUSE_END = ",，、“‘（(《「『〈【"
COLON = ":："
# Headlines, kickers and subheads are short; body paragraphs run longer than this.
HEADING_MAX = 36

_OPEN_CLOSE = (("“", "”"), ("（", "）"), ("(", ")"), ("《", "》"), ("「", "」"))

# A name of two to four characters; PDF dumps pad a two-character name to three cells
# (苏 秀), so one space may stand inside it.
NAME = f"[{HAN}·](?: ?[{HAN}·]){{1,3}}"
_NAMES = rf"{NAME}(?:[ \u00a0\u3000、,，]+{NAME})*"
_ROLE = (
    r"(?:本报)?(?:特约|见习|实习|首席)?(?:全媒体记者|全媒记者|融媒体记者|摄影记者|记者|通讯员|撰稿人)"
    r"|实习生"
)
_CREDIT = rf"(?:{_ROLE})\s*{_NAMES}"
_CREDITS = rf"{_CREDIT}(?:[\s、,，]*{_CREDIT})*"
# What a credit may say it did: 摄 for a photo, 报道 for a report.
_DID = r"(?:\s*(?:摄影报道|摄影|摄|报道))?"
_WORK = r"(?:(?:文/图|文／图|文图)\s*[/／:：]?|(?:文|图)\s*[/／:：])\s*"
# The paper's name may lead the credit: （湖北日报全媒记者 张三）.
_OUTLET = f"(?:[{HAN}]{{2,8}}?(?=(?:{_ROLE})))?"
# A wire story closes with its agency: （法新社）, （俄通社—塔斯社）, （合众国际社）
_WIRE = rf"[{HAN}]{{1,6}}社(?:[—-][{HAN}]{{1,6}}社)?"
# a commentary's writer: （朱超 作者为江苏公职人员）, （作者系某大学教授）
_AUTHOR_NOTE = rf"(?:{_NAMES}\s*)?作者(?:为|系|单位[:：]?)[^（()）]{{2,30}}"
# a story retold from another outlet: （据新闻联播）, （据新华社电）, （据《人民日报》）
_TAKEN_FROM = rf"据《?[{HAN}]{{1,10}}(?:社|网|报|台|新闻|联播|客户端)》?(?:电|报道|消息)?"
# A paper's own staff writing as the paper: （本报评论员）, 本报特约评论员
_COMMENTATOR = r"(?:本报|本刊)?(?:特约)?评论员"
_BRACKET_BYLINE_RE = re.compile(
    rf"[（(]\s*((?:{_WORK})?(?:{_OUTLET}{_CREDITS}|{_NAMES}|{_WIRE}){_DID}|{_AUTHOR_NOTE}"
    rf"|{_TAKEN_FROM}|{_COMMENTATOR})\s*[)）]"
)
# …前八名。通讯员柳庭和 记者孟万成 摄: a credit after the last full stop, unbracketed
_BARE_TRAILING_RE = re.compile(rf"(?<=[。！？!?”])\s*((?:{_WORK})?{_CREDITS}{_DID})\s*$")
# The paper's name leading a bare byline ends like a paper: 郑州晚报记者 董艳竹 实习生 张莹
_PAPER = rf"(?:[{HAN}A-Z]{{1,8}}?(?:报|台|网|社|中心))?"
_BYLINE_FIRST_RE = re.compile(rf"[□]?\s*((?:{_WORK})?{_PAPER}{_CREDITS}|{_COMMENTATOR})")

_DAY = r"[\d一二三四五六七八九十]{1,3}"
# What may follow a dateline: the reporters in brackets, or 记者/通讯员 … 报道:
_DATELINE_CREDIT = (
    r"(?:\s*[（(][^）)]{1,40}[)）]"
    rf"|\s*(?:(?:{_CREDITS})|[{HAN}]{{2,3}})\s*(?:摄影)?报道(?:[:：]|(?=\s)|$)"
    r"|\s*(?:本报)?(?:特约|见习)?(?:全媒体记者|记者|通讯员)[^，,。:：]{1,30}?报道[:：]"
    rf"|\s+{_CREDITS}(?=\s))?"
)
_AGENCY = (
    rf"(?:新华社|中新社|中国新闻社|人民日报|光明日报|经济日报|新华网|人民网|中新网|央视网"
    rf"|[{HAN}]{{1,6}}(?:社|网))"
)
_DATELINE_RES = (
    # 本报讯 / 本报综合消息 / 咸宁日报讯 / 红网安仁站讯 / 本报4月26日讯 / 本报合肥18日电, optionally
    # with (记者 …), 记者 … (then a space) or 通讯员 … 报道:
    re.compile(
        rf"(?:本(?:报|网|台|刊)(?:讯|综合消息|综合讯|消息|综合报道)|[{HAN}]{{2,6}}报讯"
        rf"|[{HAN}]{{2,12}}?网讯|[{HAN}]{{1,6}}网[{HAN}]{{1,8}}?站讯|本报[{HAN}]{{2,4}}讯"
        # 汉网消息（记者 …）: a site's 消息 is a dateline only with its credit after it
        rf"|[{HAN}]{{1,12}}?(?:网|台)消息(?=\s*[（(])"
        rf"|本报[{HAN}]{{0,6}}?(?:{_DAY}月)?{_DAY}日(?:讯|电))" + _DATELINE_CREDIT
    ),
    # 新华社北京4月26日电（记者 张三）, 据新华社二十七日讯, 中国网3月16日电
    re.compile(
        rf"据?{_AGENCY}[{HAN}]{{0,12}}?(?:{_DAY}月)?{_DAY}日"
        r"(?:电|讯)(?:\s*[（(][^）)]{1,40}[)）])?"
    ),
    # 【新华社重庆十四日电】, 【日本《读卖新闻》11月19日文章】
    re.compile(r"【[^】]{2,30}?(?:电|讯|文章|报道)】"),
    # 【连网】, 【人民网】: the news site a story is taken from, before its first words
    re.compile(rf"【[{HAN}]{{1,6}}网】"),
    # 本报记者 张三 通讯员 李四 + a space before the body
    re.compile(rf"本报(?:特约|见习)?(?:记者|通讯员)\s*{_NAMES}(?:\s*{_CREDIT})*(?=\s)"),
    # 记者朱骏炜、特约记者文羽报道 + a space or colon before the body
    re.compile(rf"{_CREDITS}\s*(?:摄影)?报道(?=\s|[:：])"),
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
    "检察院", "营业部", "分公司", "董事会", "监事会",
)  # fmt: skip
# Words that end like an organisation but are not one (良好开局, 以人民为中心, 乡村).
_NOT_ORG_ENDINGS = (
    "开局", "布局", "格局", "结局", "大局", "全局", "新局", "变局", "破局", "僵局", "当局",
    "定局", "场所", "全部", "内部", "外部", "局部", "干部", "庭院", "到处", "好处", "难处",
    "乡村", "城乡", "家乡", "故乡", "下乡", "返乡", "怎么办", "承办", "主办", "举办",
    "创办", "督办", "交办", "驿站", "网站", "团队", "排队", "组队", "带队", "为中心",
    "重心", "联社", "入社", "出厂", "回村", "进村", "驻村",
)  # fmt: skip


def is_marked_subhead(text: str) -> bool:
    """``■ 小标题``: a marker that is never anything else."""
    return bool(_SUBHEAD_RE.match(text)) and HAN_RE.search(text) is not None


def is_subtitle_line(text: str) -> bool:
    """``——第十六届北京国际电影节观察``: dashes, then text."""
    return bool(_SUBTITLE_RE.match(text)) and HAN_RE.search(text) is not None


def item_style(text: str) -> str | None:
    """How a numbered line is numbered (``arabic``, ``bracket``, ``han``, ``circled``)."""
    match = _ITEM_RE.match(text.lstrip())
    if not match or not text.lstrip()[match.end() :].strip():
        return None
    return next(name for name, value in match.groupdict().items() if value)


def is_bare_dateline(text: str) -> bool:
    """``本报讯`` or ``本报讯（记者 张三）`` printed alone above its paragraph."""
    dateline, rest = split_dateline(text)
    return dateline is not None and not rest.strip() and byline_credit(text) is None


_FIELD_START_RE = re.compile(rf"^[{HAN}]{{2,6}}[:：]\S")
# A table row's label, as the labeller's feature sees it and the corpus keys a field by:
# 项目编号:, 采购人（盖章）:
FIELD_LABEL_RE = re.compile(rf"^[{HAN}（）()]{{2,10}}[:：]")


def starts_field(text: str) -> bool:
    """A notice's ``label:value`` line (地址:…, 联系人:…, 电话:…)."""
    return bool(_FIELD_START_RE.match(text.strip()))


def continues_number(before: str, after: str) -> bool:
    """A number or code cut by a break (``账号:`` | ``1768…``, ``17680`` | ``501…``,
    ``0715-`` | ``8266001``)."""
    before, after = before.rstrip(), after.lstrip()
    if not before or not after:
        return False
    if re.search(r"\d[-－]?$", before) and after[0].isdigit():
        return True
    return before[-1] in COLON and bool(re.match(r"[0-9A-Za-z]", after))


def is_signature_like(text: str) -> bool:
    """An issuer line above a notice's date: short, bare, not a closing formula."""
    return (
        visible_length(text) <= 30
        and not re.search(r"[,，。！!？?；;:：、]", text)
        and not text.startswith("特此")
        and HAN_RE.search(text) is not None
    )


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


# A digest's story opens on the agency it retells (路透社报道,… 据外电报道,…
# 《日本经济新闻》报道,… 法新社十九日报道,…): part of the first sentence, no dateline.
_WIRE_REPORT_RE = re.compile(
    rf"据?(?:[{HAN}]{{1,8}}社|外电|外报|《[^》]{{2,12}}》)(?:[{HAN}\d]{{0,8}}日)?报道[,，:：]"
)


def opens_with_wire_report(text: str) -> bool:
    return bool(_WIRE_REPORT_RE.match(text.strip()))


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


def split_trailing_byline(text: str, names_only: bool = False) -> tuple[str, str | None]:
    """``…新风。(通讯员 孔媛)`` -> (``…新风。``, ``通讯员 孔媛``).

    Only after a full stop, and with a role word unless ``names_only``: inside a story a
    bare ``（王磊）`` closing a paragraph is as often a name in it as a credit, but at the
    very end of an article (``…参加活动。（齐晓兵 范红霞）``) it is the credit.
    """
    text = text.rstrip()
    for match in _BRACKET_BYLINE_RE.finditer(text):
        credited = names_only or re.search(_ROLE, match.group(1))
        if match.end() == len(text) and match.start() > 0 and credited:
            before = text[: match.start()].rstrip()
            if ends_sentence(before) and before[-1] not in "）)":
                return before, _clean_credit(match.group(1))
    if names_only:
        match = _BARE_TRAILING_RE.search(text)
        if match and match.start() > 0:
            return text[: match.start()].rstrip(), _clean_credit(match.group(1))
    return text, None


def is_notice_title(text: str) -> bool:
    """``注销公告``, ``遗失声明``, ``招聘启事``; not the closing ``特此公告``."""
    text = text.strip()
    return (
        visible_length(text) <= 24
        and bool(_NOTICE_TITLE_RE.fullmatch(text))
        and not text.startswith(_NOT_A_TITLE)
    )


# What a notice's title ends in: a notice word, or a procurement plan (采购意向).
_NOTICE_WORDS = "公告|声明|启事|公示|通告|通知"
_ISSUE_NUMBER = r"(?:[（(][^）)]{1,12}[)）])?"  # （第二号）, (2026年第1号)
_NOTICE_HEADLINE_RE = re.compile(rf"(?:{_NOTICE_WORDS}|预告|采购意向){_ISSUE_NUMBER}$")
# A government's order is a notice as its issuer prints it (长汀县人民政府森林防火禁火令),
# news when a headline reports it (蓝山县人民政府发布森林防火封山令).
_ORDER_RE = re.compile(rf"(?:禁火|禁烧|禁渔|禁放|禁牧|禁猎|封山|封航)令{_ISSUE_NUMBER}$")
_REPORTED_RE = re.compile(r"发布|发出|下达|颁布")


_BARE_NOTICE_WORD_RE = re.compile(rf"(?:{_NOTICE_WORDS}){_ISSUE_NUMBER}")


def is_issuer_over_title(first: str, second: str) -> bool:
    """An organisation's name on the line above a title that names its text
    (``峨边彝族自治县人民政府`` | ``土地征收预公告``, ``吉林紫鑫药业股份有限公司`` |
    ``关于…的公告``): the issuer is the notice's kicker. Over a bare ``公告`` the two
    lines are one title (``中华人民共和国财政部`` | ``公告``). The corpus keys and the
    labeller both follow this one convention."""
    bare = _BARE_NOTICE_WORD_RE.fullmatch(re.sub(r"\s+", "", second))
    return looks_like_kicker(first) and not bare


# A column's name in corner brackets: 「金报情缘」, 【学雷锋树新风】
_COLUMN_TAG_RE = re.compile(rf"[「【［\[][{HAN}·\s]{{2,10}}[」】］\]]")


def is_column_tag(text: str) -> bool:
    """A column's name in corner brackets on its own line: over a headline it is the
    kicker (the corpus keys and the labeller follow this one convention)."""
    return bool(_COLUMN_TAG_RE.fullmatch(text.strip()))


def is_notice_headline(text: str) -> bool:
    """A headline that names its text a notice: ``注销公告``, ``公 告``,
    ``关于…的通知``, ``…中标结果公示（第二次）``."""
    text = re.sub(r"\s+", "", text)
    if _NOTICE_HEADLINE_RE.search(text):
        return True
    return bool(_ORDER_RE.search(text)) and not _REPORTED_RE.search(text)


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
