"""The line labeller: a linear-chain CRF over a page's printed lines.

Each line gets a role (``roles.Role``, with ``+`` when it runs on from the line above)
from its features and its neighbours' (``features``); the CRF's transition weights
carry what one role says about the next (a kicker is followed by a headline, a
signature by a notice title or a headline). The model is trained from the corpus by
``scripts/train_line_model.py`` and ships beside this module; it loads in a few
milliseconds, once.

A few certain patterns overrule it (``apply_certain_rules``), where the corpus is too
small to teach what admits one reading.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from audio_edition.segment import markers as m
from audio_edition.segment.dictionary import word_spans_break
from audio_edition.segment.features import page_features, wrap_width
from audio_edition.segment.furniture import is_page_furniture, is_photo_caption
from audio_edition.segment.lines import Line
from audio_edition.segment.roles import CONTINUED, Role, split_label

MODEL_PATH = Path(__file__).with_name("line_model.crfsuite")


@functools.cache
def _tagger(path: Path = MODEL_PATH):  # -> pycrfsuite.Tagger
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


_active = [MODEL_PATH]


def use_model(path: Path) -> None:
    """Label with another model file from now on (cross-validation trains several)."""
    _active[0] = path


def label_lines(lines: list[Line]) -> list[str]:
    """One label per line (``headline``, ``body``, ``body+``, …)."""
    if not lines:
        return []
    labels = list(_tagger(_active[0]).tag(page_features(lines)))
    return apply_certain_rules(lines, labels)


def apply_certain_rules(lines: list[Line], labels: list[str]) -> list[str]:
    """Overrule the model where a pattern admits one reading, however few examples of it
    the corpus holds (``CERTAIN_RULES``, first match wins)."""
    context = _Context(lines, list(labels), wrap_width(lines))
    for index in range(len(lines)):
        for rule in CERTAIN_RULES:
            label = rule(context, index)
            if label is not None:
                context.labels[index] = label
                break
    return photo_item_text(context)


def photo_item_text(c: _Context) -> list[str]:
    """A headline over nothing but captions is a photo item (``图片新闻``), whose
    picture's description is all there is to read: its captions that say something
    (a sentence, not only ``本报记者 李四 摄``) become its body."""
    labels = c.labels
    start = 0
    while start < len(labels):
        end = start + 1
        while end < len(labels) and not _opens_article(c, end):
            end += 1
        if _opens_article(c, start) and not any(c.role(i) in _TEXT for i in range(start, end)):
            _captions_to_body(c, start, end)
        start = end
    return labels


def _opens_article(c: _Context, i: int) -> bool:
    return c.role(i) in (Role.KICKER, Role.HEADLINE) and c.role(i - 1) not in (
        Role.KICKER,
        Role.HEADLINE,
    )


def _captions_to_body(c: _Context, start: int, end: int) -> None:
    i = start
    while i < end:
        if c.labels[i] != Role.CAPTION.value:
            i += 1
            continue
        block = i + 1
        while block < end and c.labels[block] == Role.CAPTION.value + CONTINUED:
            block += 1
        if m.FULL_STOP_RE.search("".join(line.text for line in c.lines[i:block])):
            c.labels[i:block] = [Role.BODY.value] + [Role.BODY.value + CONTINUED] * (block - i - 1)
        i = block


@dataclass
class _Context:
    lines: list[Line]
    labels: list[str]
    width: int | None

    def role(self, index: int) -> Role | None:
        return split_label(self.labels[index])[0] if 0 <= index < len(self.labels) else None

    def line(self, index: int) -> Line | None:
        return self.lines[index] if 0 <= index < len(self.lines) else None


def section_mark(c: _Context, i: int) -> str | None:
    """``■ AI如何融入电影产业?``: a ■, then a heading that does not fill the column."""
    return Role.SUBHEAD.value if is_section_mark(c.lines[i], c.width) else None


# Stops in a line ending in a photographer's credit from which it is a paragraph of a
# photo story (…好评。图为该局民警…知识。(通讯员赵彦良摄)), not a caption.
_PARAGRAPH_STOPS = 3


def photo_caption(c: _Context, i: int) -> str | None:
    """``图为…``, ``▲…``, ``… 摄``, unless it continues an unfinished sentence."""
    above = c.line(i - 1)
    text = c.lines[i].text
    if not is_photo_caption(text):
        return None
    if len(m.FULL_STOP_RE.findall(text)) >= _PARAGRAPH_STOPS:
        return None  # a paragraph that closes on its photo's credit: the model decides
    if above is None or c.role(i - 1) not in _RUNS_ON or m.ends_sentence(above.text):
        return Role.CAPTION.value
    return None


def page_furniture(c: _Context, i: int) -> str | None:
    """A page number, the edition's date line or the editors' credits
    (``责任编辑:王芳 校对:李明``, ``第3版``) on a line of its own is never read."""
    return Role.FURNITURE.value if is_page_furniture(c.lines[i].text) else None


def open_quote_runs_on(c: _Context, i: int) -> str | None:
    """A line below a paragraph line that left a quote or bracket open (``“要守住``)
    continues that paragraph, whatever blank lines a page break put between them."""
    above = c.line(i - 1)
    if above is None or c.role(i - 1) not in _RUNS_ON or c.labels[i] != Role.BODY.value:
        return None
    return Role.BODY.value + CONTINUED if m.has_unclosed_bracket(above.text) else None


def unfinished_sentence_runs_on(c: _Context, i: int) -> str | None:
    """A paragraph of running text ends with a stop, so a body line below one that
    stopped mid-sentence (``…餐饮、文旅消费`` | ``增势明显。``) continues it, across
    the blank lines of a page break. Labels and fields (``地址:…``) may end bare."""
    above = c.line(i - 1)
    if above is None or c.labels[i] != Role.BODY.value:
        return None
    if c.role(i - 1) is not Role.BODY or m.starts_field(above.text) or m.ends_colon(above.text):
        return None
    text = above.text.rstrip()
    if m.ends_sentence(text) or not m.HAN_RE.match(text[-1]) or not m.has_inner_clause_break(text):
        return None
    return Role.BODY.value + CONTINUED


def bare_dateline(c: _Context, i: int) -> str | None:
    """``本报讯`` alone on its line."""
    return Role.DATELINE.value if m.is_bare_dateline(c.lines[i].text) else None


def dateline_opens_body(c: _Context, i: int) -> str | None:
    """``新华社一九七三年三月二十六日讯 我`` | ``国人民的…``: a dateline that goes on into
    text opens a paragraph; it is neither page furniture nor a heading."""
    text = c.lines[i].text
    dateline, rest = m.split_dateline(text)
    if dateline is None or not rest or c.role(i) in _RUNS_ON or m.byline_credit(text):
        return None  # (本报记者 张三 通讯员 李四 is a byline, not a dateline and a body)
    return Role.BODY.value


def bracket_credit(c: _Context, i: int) -> str | None:
    """``（记者 张三）`` alone on its line."""
    text = c.lines[i].text
    return Role.BYLINE.value if text[0] in "（(" and m.byline_credit(text) else None


def last_label(c: _Context, i: int) -> str | None:
    """A heading-shaped last line (``综合新闻``) labels nothing below it: no paragraph."""
    if i == len(c.lines) - 1 and c.labels[i] == Role.BODY.value:
        return Role.HEADLINE.value if m.looks_like_heading(c.lines[i].text) else None
    return None


def full_stop_is_no_heading(c: _Context, i: int) -> str | None:
    """A line with a full stop (。) is not a kicker, headline or subhead."""
    if c.role(i) in _HEADINGS and "。" in c.lines[i].text:
        return Role.BODY.value
    return None


def field_start(c: _Context, i: int) -> str | None:
    """``label:value`` that stops short of the column, after a finished sentence
    (``…申报债权。`` | ``联系人:王先生 电话:0715-8123456``) or after a field whose value
    ended in a number (``…电话:0715-8123456`` | ``地址:…``), is a field of its own."""
    _, continued = split_label(c.labels[i])
    above = c.line(i - 1)
    text = c.lines[i].text
    if not continued or above is None:
        return None
    # a field whose value ended in a number (a telephone, an account) is complete
    after_field = (
        c.role(i - 1) is Role.FIELD
        and above.text.rstrip()[-1:].isdigit()
        and not _fills(c, above.text)
    )
    if not (m.ends_sentence(above.text) or after_field):
        return None
    return Role.FIELD.value if m.starts_field(text) and not _fills(c, text) else None


def _fills(c: _Context, text: str) -> bool:
    """The line reaches the column's edge: it was wrapped, not ended."""
    return c.width is not None and m.visible_length(text) >= c.width - 1


def cut_number(c: _Context, i: int) -> str | None:
    """A number the break cut in two runs on: ``…食品经营单位12`` | ``36家次`` where the
    line above fills the column or a blank line cuts it, ``账号:`` | ``1768…``."""
    above = c.line(i - 1)
    line = c.lines[i]
    if above is None or c.role(i - 1) not in _RUNS_ON or m.item_style(line.text):
        return None
    if _CODE_LABEL_END.search(above.text) and line.text[:1].isalnum():
        return Role.BODY.value + CONTINUED
    cut = re.search(r"\d[-－]?$", above.text) and line.text[:1].isdigit()
    # across a blank line only when the digits run on into the sentence (``36家次``): a
    # number set off by a space opens a line of its own (``…编号:临2007-072`` | ``900940 *ST华源B``)
    across_gap = line.gap and not re.match(r"\d+\s", line.text)
    return Role.BODY.value + CONTINUED if cut and (_fills(c, above.text) or across_gap) else None


_CODE_LABEL_END = re.compile(r"(?:账号|帐号|号码|代码|编码|编号|许可证号|核准号|电话)[:：]$")


def numbered_like_its_sibling(c: _Context, i: int) -> str | None:
    """``二、`` is what ``一、`` above it was: the lines of one numbering are all items
    (``一、请债权人…`` | ``二、联系人:王先生…``) or all section heads, never a mix."""
    line = c.lines[i]
    style = m.item_style(line.text)
    number, _ = m.split_item(line.text)
    if style is None or not isinstance(number, int) or number < 2:
        return None
    runs_on = i + 1 < len(c.labels) and split_label(c.labels[i + 1])[1]
    for j in range(i - 1, max(-1, i - _SIBLING_REACH), -1):
        other = c.lines[j].text
        if m.item_style(other) == style and m.split_item(other)[0] == number - 1:
            role = c.role(j)
            if role is Role.SUBHEAD and ("。" in line.text or runs_on):
                return None  # a sentence is no heading (四、我公司不存在其他…事项。)
            if role in (Role.ITEM, Role.SUBHEAD) and c.role(i) in (Role.ITEM, Role.SUBHEAD):
                return role.value
            return None
    return None


_SIBLING_REACH = 40  # lines up to the previous number of the same list


def headline_over_wire_report(c: _Context, i: int) -> str | None:
    """Up to three lines without a stop or comma between a finished paragraph and a
    story that opens on its agency (``…访问中东时顺访以色列`` | ``外电报道,沙米尔是…``)
    are that story's headline, however wide: running text would not run into
    ``外电报道,``, and a headline wider than the column wraps."""
    if c.role(i) is not Role.BODY:
        return None
    below = i
    while below < len(c.lines) and below - i < _HEADLINE_LINES and _bare(c.lines[below].text):
        below += 1
    if below == i or below == len(c.lines) or not m.opens_with_wire_report(c.lines[below].text):
        return None
    return Role.HEADLINE.value if _after_finished_text(c, i) else None


_HEADLINE_LINES = 3


def _after_finished_text(c: _Context, i: int) -> bool:
    """Nothing above, or not running text, or running text that ended its sentence:
    a heading may start here."""
    above = c.line(i - 1)
    return above is None or c.role(i - 1) not in _RUNS_ON or m.ends_sentence(above.text)


def _bare(text: str) -> bool:
    """No clause mark inside, none at the end (a headline's 、 and quotes may stand)."""
    return not _CLAUSE_MARKS.search(text) and not m.ends_clause(text) and not m.ends_sentence(text)


_CLAUSE_MARKS = re.compile(r"[，,。；;：:！？!?]")


def notice_title_heads(c: _Context, i: int) -> str | None:
    """A notice's title alone on its line (``迁址公告``, ``遗失声明``) after a finished
    paragraph, a caption or a signature, over text, heads that notice. A line that
    fills the column (``本公司及董事会全体成员保证公告``) is text that wrapped."""
    text = c.lines[i].text
    if c.labels[i] != Role.BODY.value or i + 1 == len(c.lines) or not m.is_notice_title(text):
        return None
    if _fills(c, text) or c.role(i - 1) in _HEADINGS:
        return None
    return Role.HEADLINE.value if _after_finished_text(c, i) else None


def nothing_runs_on_from_a_heading(c: _Context, i: int) -> str | None:
    """A line under a kicker, headline or subtitle starts something: it continues no
    paragraph or caption (``外电报道,…`` under its headline is a paragraph's start)."""
    role, continued = split_label(c.labels[i])
    if (
        continued
        and role is not None
        and c.role(i - 1) in (Role.KICKER, Role.HEADLINE, Role.SUBTITLE)
    ):
        return role.value
    return None


def organisation_kicker(c: _Context, i: int) -> str | None:
    """The first of two headline lines that names an organisation or a place and does
    not run on into the second (``赤壁市烟草专卖局`` | ``不负春光“耕”新忙``, ``福 建``) is
    the kicker."""
    below = c.line(i + 1)
    text = c.lines[i].text
    if below is None or not c.labels[i] == c.labels[i + 1] == Role.HEADLINE.value:
        return None
    if word_spans_break(text, below.text):
        return None
    if m.is_issuer_over_title(text, below.text) or _PLACE_KICKER.fullmatch(text):
        return Role.KICKER.value
    if m.is_column_tag(text):
        return Role.KICKER.value
    return None


# A place standing above a headline: 赤壁市, 通山县, or two characters padded to three
# cells (福 建), which no headline line is.
_PLACE_KICKER = re.compile(
    rf"[{m.HAN}]{{1,5}}(?:省|市|县|区|州|旗|镇|乡)|[{m.HAN}][ \u3000][{m.HAN}]"
)


CERTAIN_RULES = [
    section_mark,
    page_furniture,
    photo_caption,
    bare_dateline,
    dateline_opens_body,
    bracket_credit,
    last_label,
    full_stop_is_no_heading,
    field_start,
    cut_number,
    open_quote_runs_on,
    unfinished_sentence_runs_on,
    organisation_kicker,
    numbered_like_its_sibling,
    headline_over_wire_report,
    notice_title_heads,
    nothing_runs_on_from_a_heading,
]
_RUNS_ON = {Role.BODY, Role.ITEM, Role.FIELD}
_TEXT = {Role.BODY, Role.ITEM, Role.FIELD, Role.SUBHEAD, Role.SIGNATURE}  # what an article reads
_HEADINGS = {Role.KICKER, Role.HEADLINE, Role.SUBHEAD}  # a subtitle may end in 。


def is_section_mark(line: Line, width: int | None) -> bool:
    """``■ AI如何融入电影产业?``: a ■, then a heading that does not fill the column."""
    text = line.text
    if not text.startswith("■") or not m.looks_like_heading(m.strip_subhead_marker(text)):
        return False
    return width is None or m.visible_length(text) < width - 1
