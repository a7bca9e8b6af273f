"""Articles -> the ordered spoken script of an edition.

The shape follows Chinese radio news digests: a greeting with paper and date, a short
rundown of the headlines, each article introduced by its headline, transitions between
kinds, notices last, a closing line. Every sentence becomes one ``ScriptSegment``: the
unit the voice speaks and the cache keys, so an edit re-synthesises only what changed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from audio_edition.models import Article, ArticleKind, Pause, Role, Script, ScriptSegment
from audio_edition.normalize import normalize
from audio_edition.speakable import Speakable, fit

DEFAULT_PAPER = "本报"  # "this paper": neutral when no name is configured
OPENING = "opening"
NOTICES = "notices"  # the single part that holds the notice summary
CLOSING = "closing"

PART_TITLES = {OPENING: "开场与要闻提要", NOTICES: "公告摘要", CLOSING: "结束语"}

_WEEKDAYS = "一二三四五六日"
_RUNDOWN_MAX = 6
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;…])(?![。！？!?；;…”’」』）)\"'])")


class NoticeMode(str, Enum):
    READ = "read"  # read in full, codes digit by digit
    SUMMARY = "summary"  # one short summary of all notices
    SKIP = "skip"


@dataclass(frozen=True)
class ScriptOptions:
    paper: str = "本报"
    date: str | None = None  # ISO; None: the date printed on the page, else today
    notices: NoticeMode = NoticeMode.READ
    # what the voice can say: the offline voice unless the build says otherwise
    speakable: Speakable = field(default_factory=Speakable)


def split_sentences(text: str) -> list[str]:
    """Split at sentence-final punctuation, keeping closing quotes with their sentence."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


_DATE_LINE = re.compile(r"\d{4}\s*[年.\-/]\s*\d{1,2}")


def notice_issuer(article: Article) -> str:
    """Who signed a notice: its signature lines without the date (they may wrap)."""
    return "".join(line for line in article.signature if not _DATE_LINE.search(line))


def chapter_title(article: Article) -> str:
    """Headline for the chapter list; notices add their issuer, since they share a title."""
    issuer = notice_issuer(article) if article.kind is ArticleKind.NOTICE else ""
    if issuer:
        return f"{article.headline}：{issuer}"
    return article.headline or "续前文"


def spoken_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日，星期{_WEEKDAYS[day.weekday()]}"


def play_order(articles: Iterable[Article]) -> list[Article]:
    """Page order, notices last (they are the least listened-to part)."""
    items = list(articles)
    return [a for a in items if a.kind is not ArticleKind.NOTICE] + [
        a for a in items if a.kind is ArticleKind.NOTICE
    ]


class _Writer:
    """Collects segments; each sentence is normalised once, here."""

    def __init__(self, speakable: Speakable) -> None:
        self.segments: list[ScriptSegment] = []
        self.speakable = speakable
        self.warnings: list[str] = []  # what the voice cannot say, named with its sentence

    def say(self, part: str, role: Role, text: str, pause: Pause = Pause.SENTENCE) -> None:
        for printed in split_sentences(text):
            fitted = fit(printed, self.speakable)
            self.warnings += [f"{part}: {w}" for w in fitted.warnings]
            sentence, spoken = fitted.text, normalize(fitted.reading)
            if spoken.strip("，。！？；、： "):
                self.segments.append(ScriptSegment(part, role, sentence, spoken, Pause.SENTENCE))
        self.end(pause)

    def end(self, pause: Pause) -> None:
        """Set the pause after the last segment (never shortening a longer one)."""
        if self.segments and _PAUSE_RANK[pause] > _PAUSE_RANK[self.segments[-1].pause]:
            self.segments[-1].pause = pause


_PAUSE_RANK = {Pause.SENTENCE: 0, Pause.PARAGRAPH: 1, Pause.ARTICLE: 2, Pause.SECTION: 3}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "？", "!", "?")) else text + "。"


def _rundown(articles: list[Article]) -> str:
    headlines = [a.headline for a in articles if a.kind is not ArticleKind.NOTICE and a.headline]
    if not headlines:
        return ""
    shown = headlines[:_RUNDOWN_MAX]
    more = "等" if len(headlines) > len(shown) else ""
    return "本期主要内容有：" + "；".join(shown) + f"{more}。"


_ORGANISATION = re.compile(
    r"(局|委员会|委|办公室|办|厅|部|处|所|院|中心|公司|集团|银行|支行|协会|学会|联合会|"
    r"政府|法院|检察院|医院|学校|大学|学院|街道|社区|镇|乡|村|区|县|市|省|队|站|馆|会)$"
)


def is_organisation(kicker: str) -> bool:
    """A kicker naming who the news is from (赤壁市烟草专卖局), not a topic (聚焦高质量发展)."""
    return bool(_ORGANISATION.search(kicker.strip()))


def _introduction(article: Article, previous: Article | None) -> str:
    """What the anchor says before the body: a transition, then the headline block."""
    first_of_kind = previous is None or previous.kind is not article.kind
    if article.kind is ArticleKind.NOTICE:
        issuer = notice_issuer(article)
        transition = "下面是公告。" if first_of_kind else ""
        return transition + _sentence(f"{issuer}{article.headline}")
    if article.kind is ArticleKind.BRIEF and first_of_kind:
        transition = "下面是简讯。"
    else:
        transition = "首先请听：" if previous is None else "接下来请听："
    if not article.headline:  # text continued from a page that is not in this edition
        return "下面是接续上一版的报道。"
    kicker = ""
    if article.kicker:  # 某某局消息 for an organisation; a topic line is read as its own line
        kicker = (
            f"{article.kicker}消息，"
            if is_organisation(article.kicker)
            else _sentence(article.kicker)
        )
    subtitle = _sentence(article.subtitle) if article.subtitle else ""
    return transition + kicker + _sentence(article.headline) + subtitle


_CREDIT_TITLE = re.compile(r"本报记者|特约记者|见习记者|记者|通讯员|实习生|摄影|报道员")
_BRACKETED = re.compile(r"^(?P<lead>[^（(]*)[（(](?P<people>[^）)]*)[）)]\s*$")


def spoken_credits(credit: str) -> str:
    """``记者 张伟 通讯员 刘丽`` -> ``记者张伟、通讯员刘丽``: titles stay with their names."""
    groups: list[str] = []
    for token in filter(None, re.split(r"[\s、，,]+", credit)):
        bare_title = groups and _CREDIT_TITLE.fullmatch(groups[-1])
        if bare_title:
            groups[-1] += token  # the title printed apart from its first name
        else:
            groups.append(token)
    return "、".join(groups)


def _dateline(article: Article) -> tuple[str | None, str | None]:
    """Split ``本报讯（记者 张伟）`` into the lead (spoken first) and the people in it
    (folded into the closing credit, as radio does), rather than reading the brackets."""
    if not article.dateline:
        return None, None
    match = _BRACKETED.match(article.dateline)
    if not match:
        return article.dateline, None
    return match["lead"].strip() or None, match["people"].strip() or None


def _credit(article: Article) -> str | None:
    people = [p for p in (_dateline(article)[1], article.byline) if p]
    if not people:
        return None
    return f"据{'、'.join(spoken_credits(p) for p in people)}报道。"


def _article_body(w: _Writer, article: Article) -> None:
    role = Role.NOTICE if article.kind is ArticleKind.NOTICE else Role.REPORTER
    part = article.id
    for index, section in enumerate(article.sections):
        if section.subhead:  # the report's own words: its reader says them, not the anchor
            w.say(part, role, _sentence(section.subhead), Pause.PARAGRAPH)
        for number, paragraph in enumerate(section.paragraphs):
            lead = _dateline(article)[0]
            if index == 0 and number == 0 and lead:
                paragraph = f"{lead}，{paragraph}"
            w.say(part, role, paragraph, Pause.PARAGRAPH)
    for item in article.items:
        label = f"第{item.number}项，" if item.number is not None else ""
        w.say(part, role, _sentence(label + item.text), Pause.PARAGRAPH)
    if article.signature:
        w.say(part, role, _sentence("，".join(article.signature)), Pause.PARAGRAPH)
    credit = _credit(article)
    if credit:
        w.say(part, Role.ANCHOR, credit, Pause.PARAGRAPH)


def _notice_summary(notices: list[Article]) -> str:
    issuers = "、".join(dict.fromkeys(filter(None, map(notice_issuer, notices))))
    who = f"，刊登单位包括{issuers}" if issuers else ""
    return f"本期另刊登公告{len(notices)}则{who}。详情请参阅报纸版面。"


def spoken_script(articles: list[Article], options: ScriptOptions, date: str) -> Script:
    """Build the edition's spoken script from segmented articles (``date`` is ISO)."""
    ordered = play_order(articles)
    spoken_articles = [
        a for a in ordered if a.kind is not ArticleKind.NOTICE or options.notices is NoticeMode.READ
    ]
    notices = [a for a in ordered if a.kind is ArticleKind.NOTICE]
    w = _Writer(options.speakable)
    w.say(OPENING, Role.ANCHOR, f"听众朋友们好，欢迎收听{options.paper}音频版。", Pause.SENTENCE)
    w.say(OPENING, Role.ANCHOR, f"今天是{spoken_date(date)}。", Pause.PARAGRAPH)
    w.say(OPENING, Role.ANCHOR, _rundown(ordered), Pause.SECTION)

    previous: Article | None = None
    for article in spoken_articles:
        if previous is not None and previous.kind is not article.kind:
            w.end(Pause.SECTION)  # a chime between features, briefs and notices
        w.say(article.id, Role.ANCHOR, _introduction(article, previous), Pause.PARAGRAPH)
        _article_body(w, article)
        w.end(Pause.ARTICLE)
        previous = article
    if notices and options.notices is NoticeMode.SUMMARY:
        w.end(Pause.SECTION)
        w.say(NOTICES, Role.ANCHOR, _notice_summary(notices), Pause.ARTICLE)
    w.end(Pause.SECTION)
    w.say(CLOSING, Role.ANCHOR, f"以上就是{options.paper}音频版今天的全部内容。", Pause.SENTENCE)
    w.say(CLOSING, Role.ANCHOR, "感谢收听，我们下期再见。", Pause.ARTICLE)
    warnings = list(dict.fromkeys(w.warnings))
    return Script(options.paper, date, ordered, w.segments, warnings)
