"""Page text -> whole paragraphs: drop furniture, then mend lines the layout broke.

Print layout breaks a paragraph wherever a column or page ends, sometimes inside a word
(``微表`` / ``情``) and sometimes with blank lines in between. A break is mended when
the text clearly runs on; a headline-like line or a new marker (``■``, ``1、``,
``本报讯``, a byline) always keeps its own line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from audio_edition.segment import markers as m
from audio_edition.segment.dates import is_date_line
from audio_edition.segment.dictionary import word_spans_break
from audio_edition.segment.furniture import is_unspoken_line, strip_inline_unspoken

_SIGNATURE_MAX_LINES = 3  # issuer lines above a notice's date
_SHORT_TAIL = 20  # a sentence's tail carried over a break: a few words
_SHORT_FIRST_SENTENCE = 10  # 增势明显。 — no story opens with a sentence this short
_SPACES = " \t\u00a0\u3000\ufeff"


@dataclass(frozen=True)
class Line:
    """A non-blank line; ``gap`` counts the blank (or dropped) lines above it.

    ``mended`` marks a line rebuilt across a blank-line break: running text, never a
    heading, however short it turned out.
    """

    text: str
    gap: int = 0
    kind: m.LineKind = m.LineKind.TEXT
    mended: bool = False


def page_lines(text: str) -> tuple[list[Line], list[str]]:
    """Split page text into classified lines, and the furniture lines dropped on the way.

    A bare date above all content is the page's date, not a notice's, so it is
    furniture too.
    """
    lines: list[Line] = []
    unspoken: list[str] = []
    gap = 0
    for raw in text.splitlines():
        stripped = raw.strip(_SPACES)
        kept, removed = strip_inline_unspoken(stripped)
        unspoken += removed
        if not kept:
            gap += 1
            continue
        if is_unspoken_line(kept) or (not lines and is_date_line(kept)):
            unspoken.append(kept)
            gap += 1
            continue
        lines.append(Line(kept, gap, m.classify(kept)))
        gap = 0
    return mark_signatures(lines), unspoken


def is_signature_line(text: str) -> bool:
    """An issuer line above a date: short, bare, not a closing formula like 特此公告."""
    return (
        m.visible_length(text) <= 30
        and not re.search(r"[,，。！!？?；;:：、]", text)
        and not text.startswith("特此")
        and m.HAN_RE.search(text) is not None
    )


def mark_signatures(lines: list[Line]) -> list[Line]:
    """Mark each date line and the issuer lines right above it as a signature block.

    Done before mending, because issuer lines end without punctuation and would
    otherwise be glued to each other and to the date.
    """
    out = list(lines)
    for index, line in enumerate(out):
        if line.kind is not m.LineKind.TEXT or not is_date_line(line.text):
            continue
        out[index] = replace(line, kind=m.LineKind.SIGNATURE)
        above = index - 1
        while (
            above >= 0
            and index - above <= _SIGNATURE_MAX_LINES
            and out[above].kind is m.LineKind.TEXT
            and is_signature_line(out[above].text)
        ):
            out[above] = replace(out[above], kind=m.LineKind.SIGNATURE)
            above -= 1
    return out


def is_bare_dateline(text: str) -> bool:
    dateline, rest = m.split_dateline(text)
    return dateline is not None and not rest.strip()


def continues_number(before: str, after: str) -> bool:
    """A number or code cut by the break (``账号:`` | ``1768…``, ``17680`` | ``501…``,
    ``0715-`` | ``8266001``)."""
    before, after = before.rstrip(), after.lstrip()
    if not before or not after:
        return False
    if re.search(r"\d[-－]?$", before) and after[0].isdigit():
        return True
    return before[-1] in m.COLON and bool(re.match(r"[0-9A-Za-z]", after))


def ends_mid_sentence(text: str) -> bool:
    """The line stops where no paragraph can: after a comma, inside quotes, or it is
    far longer than any headline and still has no closing punctuation."""
    if m.ends_sentence(text) or m.ends_colon(text):
        return False
    return (
        m.ends_clause(text)
        or m.has_unclosed_bracket(text)
        or m.visible_length(text) > m.HEADING_MAX
    )


def first_sentence(text: str) -> str:
    match = re.search(f"[{re.escape(m.SENTENCE_END)}]", text)
    return text[: match.end()] if match else text


def completes_sentence(before: str, after: str) -> bool:
    """A short tail that closes a sentence the line above opened.

    ``随着人机协同进程加快,AI电影`` | ``是否会成为创作新趋势?``: the first half already
    has a clause break; the second is a few words that end the sentence, either the
    whole line or the start of a longer one (``…文旅消费`` | ``增势明显。“五一”…``).
    """
    if not (m.has_inner_clause_break(before) and m.HAN_RE.match(before.rstrip()[-1])):
        return False
    tail = first_sentence(after.strip())
    if not m.ends_sentence(tail) or re.search("[,，、；;:：]", tail):
        return False
    whole = tail == after.strip()
    return m.visible_length(tail) <= (_SHORT_TAIL if whole else _SHORT_FIRST_SENTENCE)


def joins_wrapped(before: str, after: str) -> bool:
    """Mend a single line break (no blank line): the text runs on unless a heading
    block sits above a body line (``赤壁市烟草专卖局`` / headline, headline / body)."""
    if m.looks_like_kicker(before) and m.looks_like_heading(after):
        return False
    if m.looks_like_heading(before) and not m.ends_clause(before):
        longer = m.visible_length(after)
        if longer > m.HEADING_MAX and longer > 2 * m.visible_length(before):
            return False
    return True


def joins_across_blank(before: str, after: str, in_notice: bool) -> bool:
    """Mend a break with blank lines in between (a column or page break).

    Inside a notice short lines are rarely headlines, so only markers stop the join.
    """
    if continues_number(before, after):
        return True
    if m.ends_colon(before):
        return False  # an addressee (…客户:) or an intro to a list
    heading_after = m.looks_like_heading(after)
    if word_spans_break(before, after) and not (m.looks_like_heading(before) and heading_after):
        return True
    if ends_mid_sentence(before) and (in_notice or not heading_after):
        return True
    return completes_sentence(before, after)


_FIELD = re.compile(r"^[\u4e00-\u9fff]{2,6}[:：]")


def starts_field(text: str) -> bool:
    """A notice's ``label:value`` line (地址:…, 联系人:…, 电话:…)."""
    return bool(_FIELD.match(text))


def should_join(before: Line, after: Line, in_notice: bool) -> bool:
    """Whether ``after`` continues the paragraph that ``before`` ends."""
    if before.kind not in (m.LineKind.TEXT, m.LineKind.ITEM):
        return False
    if after.kind is not m.LineKind.TEXT or m.starts_with_dateline(after.text):
        return False
    if is_bare_dateline(before.text):
        return not m.looks_like_heading(after.text)  # 本报讯 printed above its paragraph
    if m.is_closing_formula(after.text):
        return False
    if m.ends_sentence(before.text):
        return False
    # An item is judged by its text: the 、 of 三、 is no clause break.
    text = m.split_item(before.text)[1] if before.kind is m.LineKind.ITEM else before.text
    if in_notice and starts_field(after.text) and not m.ends_clause(text):
        return False  # 电话:… then 地址:… are separate fields, not one wrapped line
    if after.gap == 0:
        return joins_wrapped(text, after.text)
    return joins_across_blank(text, after.text, in_notice)


def mend_lines(lines: list[Line]) -> list[Line]:
    """Join broken lines into paragraphs, with no space (Chinese text has none)."""
    out: list[Line] = []
    in_notice = False
    for line in lines:
        if out and should_join(out[-1], line, in_notice):
            # A single break can split a headline too; only a blank-line break proves
            # the result is running text.
            mended = out[-1].mended or line.gap > 0
            out[-1] = replace(out[-1], text=out[-1].text + line.text, mended=mended)
        else:
            out.append(line)
        if line.kind is m.LineKind.NOTICE_TITLE:
            in_notice = True
        elif line.kind is m.LineKind.SIGNATURE:
            in_notice = False
    return out


def paragraphs(text: str) -> tuple[list[Line], list[str]]:
    """Page text -> mended, classified lines and the unspoken lines."""
    lines, unspoken = page_lines(text)
    return mend_lines(lines), unspoken
