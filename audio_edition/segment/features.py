"""What the line labeller sees of each printed line: its shape and its neighbours'.

Every feature is a name (``len=9-10``, ``end=。``, ``dateline``) the CRF weighs per
role; the rules of ``markers``, ``furniture`` and ``dates`` enter as features rather
than decisions, so the corpus, not the order of ``if``s, decides what a pattern means
in its context. Features of the two lines above and below are copied in with their
offset (``-1:end=。``), and breaks are described from both sides (a dictionary word
across the break, a number cut by it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from audio_edition.segment import markers as m
from audio_edition.segment.dates import has_date, is_date_line, is_page_date_line
from audio_edition.segment.dictionary import is_person_name, word_spans_break
from audio_edition.segment.furniture import (
    is_editorial_line,
    is_page_furniture,
    is_photo_caption,
)
from audio_edition.segment.lines import Line

_LENGTH_BUCKETS = (1, 2, 3, 4, 6, 8, 10, 12, 15, 18, 21, 25, 30, 36, 50, 80)
_NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)
# Features worth copying to the neighbours (the full set would only add noise).
_SHARED = re.compile(
    r"^(?:len|end|start|gap|indent|full|fill|short|wider|unwrapped|dateline|byline|subtitle|subhead|notice|item|field|table|"
    r"date|sign|caption|furniture|heading|kicker|closing|code|org|ends_clause|indent|qa|person)"
)
_NOTICE_WORD_RE = re.compile(r"(?:公告|声明|启事|公示|通告|通知|预告|公示表|意向)")
_TABLE_ROW_RE = re.compile(r"^\S{2,12}(?:\s{2,}|\t)\S")
_QA_RE = re.compile(rf"^(?:记者|问|答|主持人|[{m.HAN}]{{2,4}})\s*[:：]")
_DIGITS_RE = re.compile(r"\d")
# Who stands where in a photo: （左二）, (右一), （前排中）
_PHOTO_POSITION_RE = re.compile(r"[（(](?:前排|后排|中排)?[左右中][一二三四五六七八九]?[）)]")
_SCAN_CODE_RE = re.compile(r"扫码|扫描.{0,4}二维码")
_PLACE_END_RE = re.compile(r"(?:省|市|县|区|州|旗|镇|乡|村)$")


def _bucket(value: int) -> str:
    previous = 0
    for edge in _LENGTH_BUCKETS:
        if value <= edge:
            return str(edge) if edge == previous + 1 else f"{previous + 1}-{edge}"
        previous = edge
    return f">{_LENGTH_BUCKETS[-1]}"


def _char_class(ch: str) -> str:
    if m.HAN_RE.match(ch):
        return "han"
    if ch.isdigit():
        return "digit"
    if ch.isascii() and ch.isalpha():
        return "latin"
    if ch in "。":
        return "。"
    if ch in "！!？?":
        return "!?"
    if ch in "；;":
        return ";"
    if ch in ",，、":
        return ","
    if ch in m.COLON:
        return ":"
    if ch in "）)】]":
        return ")"
    if ch in "（(【[":
        return "("
    if ch in '“‘「『"':
        return "open-quote"
    if ch in "”’」』":
        return "close-quote"
    if ch in "…":
        return "…"
    if ch in "—─-－":
        return "dash"
    if ch in "《〈":
        return "《"
    if ch in "》〉":
        return "》"
    return ch if ch in "■□◆●▲△★☆◎" else "other"


def wrap_width(lines: Sequence[Line]) -> int | None:
    """The column width of a hard-wrapped page: the commonest length of lines that
    run on into the next, if enough lines share it."""
    lengths = [m.visible_length(line.text) for line in lines]
    candidates = [n for n in lengths if 12 <= n <= 48]
    if len(candidates) < 4:
        return None
    width = Counter(candidates).most_common(1)[0][0]
    near = sum(1 for n in candidates if abs(n - width) <= 1)
    return width if near >= max(4, len(lines) // 5) else None


def own_features(line: Line, width: int | None) -> list[str]:
    """Features of one line alone."""
    text = line.text
    length = m.visible_length(text)
    first, last = text[0], text.rstrip()[-1]
    # On a wrapped page a line's length says something only against the column width
    # (``fill``); the absolute length would teach the model each paper's column.
    out = [
        f"len={_bucket(length) if not width or length <= 8 else 'wrapped'}",
        f"start={_char_class(first)}",
        f"end={_char_class(last)}",
        f"gap={min(line.gap, 2)}",
    ]
    if line.indent:
        out.append("indent")
    closed = "closed" if m.ends_sentence(text) else "open"
    if width:
        if abs(length - width) <= 1:
            fill = "full"
        elif length > width + 1:
            fill = "wider"
        else:
            fill = f"short{min(4, length * 5 // width)}"
    else:
        fill = "unwrapped"
    # A wrapped line stops short of the column only where its paragraph ends, with a
    # full stop; one that stops short without one is a heading, a label or a credit.
    out += [fill, f"fill={fill.rstrip('01234')}_{closed}"]
    if m.starts_with_dateline(text):
        rest = m.split_dateline(text)[1]
        out.append("dateline" if rest.strip() else "dateline_bare")
    if m.byline_credit(text) is not None:
        out.append("byline_line")
    if m.split_trailing_byline(text)[1] is not None:
        out.append("byline_trailing")
    if m.is_subtitle_line(text):
        out.append("subtitle_dash")
    if m.is_marked_subhead(text):
        # ■ heads sections; ◆ and ● also start the items of a column of briefs
        out.append(f"subhead_mark={text[0]}")
    if m.is_notice_title(text):
        out.append("notice_title")
    if m.is_notice_headline(text):
        out.append("notice_end")
    elif _NOTICE_WORD_RE.search(text):
        out.append("notice_word")
    if m.is_closing_formula(text):
        out.append("closing")
    item = m.item_style(text)
    if item:
        out.append(f"item={item}")
    if m.FIELD_LABEL_RE.match(text):
        out.append("field")
    if _TABLE_ROW_RE.match(text):
        out.append("table_row")
    if _QA_RE.match(text):
        out.append("qa")
    if is_date_line(text):
        out.append("date_line")
    elif has_date(text):
        out.append("date_in")
    if is_page_date_line(text):
        out.append("furniture_date")
    if is_page_furniture(text):
        out.append("furniture_rule")
    if is_editorial_line(text):
        out.append("furniture_editor")
    if is_photo_caption(text):
        out.append("caption_rule")
    if text.rstrip().endswith("摄"):
        out.append("caption_摄")
    if _PHOTO_POSITION_RE.search(text):
        out.append("caption_position")
    if _SCAN_CODE_RE.search(text):
        out.append("scan_code")
    if m.looks_like_heading(text):
        out.append("heading_shape")
    if m.looks_like_kicker(text):
        out.append("kicker_org")
    if _PLACE_END_RE.search(text) and length <= 8:
        out.append("org_place")
    if length <= 9 and is_person_name(text):
        out.append("person_name")
    if m.ends_clause(text):
        out.append("ends_clause")
    if m.has_unclosed_bracket(text):
        out.append("unclosed")
    if m.has_code(text):
        out.append("code")
    digits = len(_DIGITS_RE.findall(text))
    if digits and digits * 2 >= length:
        out.append("mostly_digits")
    if m.has_inner_clause_break(text):
        out.append("inner_comma")
    sentences = len(m.FULL_STOP_RE.findall(text[:-1]))
    out.append(f"inner_stops={min(sentences, 2)}")
    if " " in text.strip() or "\u3000" in text.strip():
        out.append("inner_space")
    if m.is_signature_like(text):
        out.append("sign_like")
    return out


def break_features(before: Line, after: Line) -> list[str]:
    """How the break between two consecutive lines looks (features of ``after``)."""
    out = []
    if word_spans_break(before.text, after.text):
        out.append("brk_word")
    if m.continues_number(before.text, after.text):
        out.append("brk_number")
    if m.ends_sentence(before.text):
        out.append("brk_after_stop")
    if m.ends_clause(before.text) or m.has_unclosed_bracket(before.text):
        out.append("brk_mid_clause")
    if after.text[0] in "，,、。；;：:）)”’！？!?":
        out.append("brk_punct_first")
    return out


def _is_long(line: Line, width: int | None) -> bool:
    length = m.visible_length(line.text)
    return length >= width - 1 if width else length > m.HEADING_MAX


def heading_context(lines: Sequence[Line], index: int, width: int | None) -> list[str]:
    """For a line shaped like a heading: what stands above and below it, as one
    feature, since a heading is a short line between a finished block and a new one."""
    line = lines[index]
    if not m.looks_like_heading(line.text):
        return []
    above = lines[index - 1] if index else None
    below = lines[index + 1] if index + 1 < len(lines) else None
    before = "top" if above is None else ("closed" if m.ends_sentence(above.text) else "open")
    after = "end" if below is None else ("long" if _is_long(below, width) else "short")
    gap = "gap" if line.gap else "nogap"
    return [f"hs:{before}/{after}", f"hs:{before}/{gap}", f"hs:{gap}/{after}"]


def _rate(count: int, total: int) -> str:
    share = count / total if total else 0.0
    return "rare" if share < 0.12 else ("some" if share < 0.4 else "common")


def layout_features(lines: Sequence[Line]) -> list[list[str]]:
    """A gap or an indent means what the page's habit makes it mean: on a page that
    leaves no blank line between paragraphs a gap starts a new article; on a page that
    indents every paragraph an unindented line is a heading or a credit."""
    gaps = _rate(sum(1 for line in lines if line.gap), len(lines))
    indents = _rate(sum(1 for line in lines if line.indent), len(lines))
    return [
        [
            f"gap{min(line.gap, 2)}@{gaps}",
            f"indent{int(line.indent)}@{indents}",
        ]
        for line in lines
    ]


def lexical_features(text: str) -> list[str]:
    """The characters a line opens and closes with (``据新``, ``公告``, ``摄``): the
    vocabulary of credits, notice titles and agency leads that no pattern lists in
    full. Kept to the line itself; copied to neighbours they only added noise in
    cross-validation."""
    text = re.sub(r"\s+", "", text)
    return [f"w0={text[:2]}", f"w9={text[-2:]}", f"c9={text[-1:]}"]


def _starts_block(previous: Line, line: Line, width: int | None) -> bool:
    if line.gap or line.indent:
        return True
    stopped = m.ends_sentence(previous.text) or m.looks_like_heading(previous.text)
    return stopped and not (width and m.visible_length(previous.text) >= width - 1)


def block_features(lines: Sequence[Line], width: int | None) -> list[list[str]]:
    """The shape of the paragraph a line seems to belong to (a new one after a gap, an
    indent, or a line that stops short after a full stop): a photo caption is one or
    two sentences standing alone, where a story's paragraphs run longer."""
    starts = [0] + [i for i in range(1, len(lines)) if _starts_block(lines[i - 1], lines[i], width)]
    out: list[list[str]] = [[] for _ in lines]
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        text = "".join(line.text.strip() for line in lines[start:end])
        sentences = len(re.findall(r"[。！？!?]+", text))  # a run (！？) closes one sentence
        length = m.visible_length(text)
        size = next((f"<={n}" for n in (20, 40, 80, 160) if length <= n), ">160")
        shape = [
            f"blk_sents={min(sentences, 3)}",
            f"blk_len{size}",
            f"blk_lines={min(end - start, 3)}",
        ]
        if is_photo_caption(text) or "图为" in text:  # 图为 may follow a story's sentences
            shape.append("blk_photo")
        for index in range(start, end):
            out[index] = shape
    return out


def zone_features(lines: Sequence[Line]) -> list[list[str]]:
    """Whether a line stands under a notice's title or under a news story's dateline,
    whichever came last: ``刘翔:我不是上海救火队员`` under a story is a headline or a
    quote, ``联系人:王先生`` under a notice title a field. Neighbours show only a few
    lines; a notice's fields run on for dozens."""
    zone = "none"
    out = []
    for line in lines:
        text = line.text
        if m.looks_like_heading(text) and m.is_notice_headline(text):
            zone = "notice"
        elif m.starts_with_dateline(text):
            zone = "news"
        out.append([f"zone={zone}"])
    return out


def page_features(lines: Sequence[Line]) -> list[list[str]]:
    """Feature lists, one per line, for the CRF (``pycrfsuite.ItemSequence``)."""
    width = wrap_width(lines)
    habits = layout_features(lines)
    own = [
        own_features(line, width) + habit + lexical_features(line.text)
        for line, habit in zip(lines, habits, strict=True)
    ]
    breaks = [[], *(break_features(a, b) for a, b in pairwise(lines))]
    zones = zone_features(lines)
    blocks = block_features(lines, width)
    out: list[list[str]] = []
    count = len(lines)
    for index in range(count):
        features = [
            "bias",
            *own[index],
            *breaks[index],
            *heading_context(lines, index, width),
            *zones[index],
            *blocks[index],
        ]
        if index == 0:
            features.append("first_line")
        if index == count - 1:
            features.append("last_line")
        if index + 1 < count:
            features += [f"next:{f}" for f in breaks[index + 1]]
            features.append(f"gap_below={min(lines[index + 1].gap, 2)}")
        else:
            features.append("gap_below=end")
        for offset in _NEIGHBOUR_OFFSETS:
            other = index + offset
            if 0 <= other < count:
                features += [f"{offset}:{f}" for f in own[other] if _SHARED.match(f)]
            else:
                features.append(f"{offset}:none")
        out.append(features)
    return out
