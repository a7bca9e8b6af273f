"""Print a page source the way an e-paper or PDF text dump of it looks, with its key.

A source (``sources/<id>.json``, see ``tests/corpus/README.md``) holds the verbatim
text of a published page and its structure. ``lay_out`` turns it into the page text a
user would paste, in one of many layouts a seed picks: narrow columns wrapped every
15–25 characters or one line per paragraph, blank lines or none, indents, ASCII or
full-width punctuation, headlines and notice titles on one or two lines, bylines above,
inside or after the body, captions among (and inside) paragraphs, page furniture,
continuation marks, breaks inside words and sentences. No text is written: every
character printed comes from the source, except the layout's own marks (blank lines,
indents, ``——`` before a subtitle, brackets around a byline, ``（下转第二版）``, the
date line and page number of the furniture).

Alongside the text it returns the answer key for that layout: per article the fields a
reader must get right, per non-blank line its role (the labeller's training target).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from typing import Any

from audio_edition.script import split_sentences
from audio_edition.segment.furniture import strip_inline_unspoken
from audio_edition.segment.markers import FIELD_LABEL_RE, is_column_tag, is_issuer_over_title
from audio_edition.segment.roles import CONTINUED, Role

_ASCII_PUNCT = str.maketrans(
    {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"}
)
_COMMAS_ONLY = str.maketrans({"，": ",", "：": ":"})
_CN_NUMERALS = "〇一二三四五六七八九十"
_WEEKDAYS = "一二三四五六日"
# The header of a listed company's notice (证券代码：600000 证券简称：浦发银行 公告编号：…)
# is a field however long the printing makes it; a length limit made the same header a
# field on one page and body on the next.
_SECURITIES_HEADER_RE = re.compile(r"^(?:证券|股票|债券|转债)(?:代码|简称|名称)[\s:：\d]")
_ITEM_RE = re.compile(
    r"^\s*(?:\d{1,3}\s*[、.．](?!\d)|[（(]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]|[一二三四五六七八九十]{1,3}\s*、|[①②③④⑤⑥⑦⑧⑨⑩])"
)
_LATIN_TAIL = re.compile(r"[A-Za-z0-9.%\-]+$")


@dataclass
class Layout:
    """The choices one rendering makes; all drawn from one seed."""

    wrap: int | None  # column width in characters; None: one line per paragraph
    paragraph_gap: int  # blank lines between paragraphs
    article_gap: int  # blank lines between articles
    indent: str
    punctuation: str  # "source", "ascii", "commas"
    split_headlines: float  # chance a long headline or notice title prints on two lines
    pad_short_names: bool  # 福 建, 苏 秀: two-character names padded to three cells
    field_separator: str  # how a notice's table row prints between label and value
    artificial_breaks: int  # blank-line breaks put inside words and sentences
    caption_inside: float  # chance a caption interrupts the paragraph after it
    furniture_at: str  # "top", "bottom", "both", "none"
    signature_indent: str
    seed: int

    @classmethod
    def draw(cls, seed: int) -> Layout:
        rng = random.Random(seed)
        wrap = rng.choice([None, None, None, *range(15, 26), *range(15, 26), 28, 32, 36, 40])
        return cls(
            wrap=wrap,
            paragraph_gap=rng.choice([0, 1, 1, 1, 2]) if wrap else rng.choice([0, 1, 1, 1, 1, 2]),
            article_gap=rng.choice([0, 1, 1, 2, 2, 3]),
            indent=rng.choice(["", "", "", "\u3000\u3000", "  ", "    "]),
            punctuation=rng.choice(["source", "source", "source", "ascii", "ascii", "commas"]),
            split_headlines=rng.choice([0.0, 0.3, 0.6, 0.9]),
            pad_short_names=rng.random() < 0.4,
            field_separator=rng.choice(["  ", "   ", "\t", "：", " "]),
            artificial_breaks=rng.choice([0, 1, 2, 3, 4]),
            caption_inside=rng.choice([0.0, 0.0, 0.5]),
            furniture_at=rng.choice(["top", "top", "bottom", "both", "none"]),
            signature_indent=rng.choice(["", "", "        ", "\u3000\u3000\u3000\u3000"]),
            seed=seed,
        )

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Printed:
    """One printed line: ``gap`` blank lines above it, its role, its text."""

    text: str
    role: str
    gap: int = 0
    article: int = -1  # index of the article it belongs to; -1 for page furniture


@dataclass
class KeyArticle:
    kind: str
    genre: str
    kicker: str | None
    headline: list[str]
    subtitle: str | None
    byline: str | None
    dateline: str | None
    subheads: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    first: str = ""
    last: str = ""
    words: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Rendered:
    text: str
    key: dict[str, Any]


def _weekday(iso: str) -> str:
    return "星期" + _WEEKDAYS[dt.date.fromisoformat(iso).weekday()]


def _cn_small(n: int) -> str:
    if n <= 10:
        return _CN_NUMERALS[n]
    if n < 20:
        return "十" + (_CN_NUMERALS[n - 10] if n > 10 else "")
    return _CN_NUMERALS[n // 10] + "十" + (_CN_NUMERALS[n % 10] if n % 10 else "")


def _page_number(source: dict[str, Any], rng: random.Random) -> int:
    match = re.search(r"(\d{1,2})", source.get("page_label") or "")
    return int(match.group(1)) if match else rng.randint(2, 8)


class _Printer:
    def __init__(self, source: dict[str, Any], layout: Layout) -> None:
        self.source = source
        self.layout = layout
        self.rng = random.Random(layout.seed * 7919 + 1)
        self.lines: list[Printed] = []
        self.unspoken: list[str] = []
        self.articles: list[KeyArticle] = []
        self.page_number = _page_number(source, self.rng)
        self._pending_gap = 0
        self.article_index = -1

    # --- text as this layout prints it -------------------------------------------------

    def punct(self, text: str) -> str:
        if self.layout.punctuation == "ascii":
            return text.translate(_ASCII_PUNCT)
        if self.layout.punctuation == "commas":
            return text.translate(_COMMAS_ONLY)
        return text

    def pad(self, text: str) -> str:
        """``福建`` -> ``福 建``: PDF dumps pad short names to line up in their cell."""
        if self.layout.pad_short_names and re.fullmatch(r"[\u4e00-\u9fff]{2}", text):
            return text[0] + " " + text[1]
        return text

    def pad_credit(self, credit: str) -> str:
        if not self.layout.pad_short_names:
            return credit
        return " ".join(self.pad(part) for part in credit.split(" "))

    # --- output ---------------------------------------------------------------------------

    def gap(self, blank: int) -> None:
        self._pending_gap = max(self._pending_gap, blank)

    def emit(self, text: str, role: str, gap: int | None = None) -> None:
        if gap is not None:
            self.gap(gap)
        self.lines.append(Printed(text, role, self._pending_gap, self.article_index))
        self._pending_gap = 0

    def wrap(self, text: str, width: int | None) -> list[str]:
        """Cut ``text`` into lines of ``width`` characters, never inside a Latin word."""
        if not width or len(text) <= width:
            return [text]
        pieces: list[str] = []
        rest = text
        while len(rest) > width:
            cut = width
            head = rest[:cut]
            latin = _LATIN_TAIL.search(head)
            inside_word = cut < len(rest) and re.match(r"[A-Za-z0-9.%\-]", rest[cut])
            if latin and inside_word and latin.start() > width // 2:
                cut = latin.start()
            pieces.append(rest[:cut])
            rest = rest[cut:]
        if rest:
            pieces.append(rest)
        return pieces

    def paragraph(self, text: str, role: str, first_gap: int) -> None:
        width = self.layout.wrap
        indent = self.layout.indent if role == Role.BODY.value else ""
        for n, piece in enumerate(self.wrap(text, width - len(indent) // 2 if width else None)):
            if n == 0:
                self.emit(indent + piece, role, first_gap)
            else:
                self.emit(piece, Role.BODY.value + CONTINUED, 0)

    # --- a whole page ---------------------------------------------------------------------

    def furniture_lines(self) -> list[str]:
        lines = [self.punct(f) for f in self.source.get("furniture") or []]
        if lines:
            return lines
        date = self.source.get("date")
        label = self.source.get("page_label")
        number = self.page_number
        style = self.rng.choice(["date+page", "page-first", "date-only", "split"])
        page = self.rng.choice(
            [f"第{number}版", f"{number}版", f"第{_cn_small(number)}版", f"A{number}"]
        )
        if label and not re.search(r"\d", label):
            page = f"{page} {label}" if self.rng.random() < 0.7 else page
        elif label:
            page = label
        if not date:
            return [page]
        y, m, d = (int(x) for x in date.split("-"))
        when = self.rng.choice(
            [f"{y}年{m}月{d}日", f"{y}年{m:02d}月{d:02d}日", f"{y}-{m:02d}-{d:02d}"]
        )
        when_full = f"{when} {_weekday(date)}"
        if style == "date+page":
            return [f"{when_full}  {page}"]
        if style == "page-first":
            return [f"{page}  {when_full}"]
        if style == "date-only":
            return [when_full]
        return [when_full, page]

    def page(self) -> None:
        furniture = self.furniture_lines()
        at = self.layout.furniture_at
        if at in ("top", "both"):
            for line in furniture:
                self.emit(line, Role.FURNITURE.value, 0)
                self.unspoken.append(line)
        for n, article in enumerate(self.source["articles"]):
            self.article(article, first=n == 0)
        if at in ("bottom", "both"):
            tail = furniture if at == "bottom" else furniture[-1:]
            for line in tail:
                self.emit(line, Role.FURNITURE.value, self.rng.choice([1, 2]))
                self.unspoken.append(line)
        self.artificial_breaks()

    def continuation_mark(self, kind: str) -> str:
        target = self.page_number + 1 if kind == "下转" else max(1, self.page_number - 1)
        if kind == "下转" and self.rng.random() < 0.2:
            kind = "转"
        number = self.rng.choice(
            [f"第{_cn_small(target)}", f"第{target}", f"{target}", f"A{target}"]
        )
        left, right = self.rng.choice([("（", "）"), ("(", ")")])
        return f"{left}{kind}{number}版{right}"

    # --- one article ----------------------------------------------------------------------

    def article(self, source: dict[str, Any], first: bool) -> None:
        rng = self.rng
        self.article_index = len(self.articles)
        gap = 0 if first else self.layout.article_gap
        notice = source["kind"] == "notice"
        key = KeyArticle(
            kind=source["kind"],
            genre=source.get("genre", ""),
            kicker=self.punct(source["kicker"]) if source.get("kicker") else None,
            headline=[],
            subtitle=self.punct(source["subtitle"]) if source.get("subtitle") else None,
            byline=source.get("byline"),
            dateline=self.punct(source["dateline"]) if source.get("dateline") else None,
            signature=[self.punct(s) for s in source.get("signature") or []],
        )
        self.gap(gap)
        if source.get("continued_from_previous_page") and rng.random() < 0.6:
            mark = self.continuation_mark("上接")
            self.emit(mark, Role.CONTINUATION.value)
            self.unspoken.append(mark)
        if source.get("headline"):
            key.headline = self.headline_lines(self.punct(source["headline"]), notice)
            # the page prints the issuer apart from a notice's title, or a column's
            # name in brackets apart from the headline: that line is the kicker
            first = key.headline[0] if len(key.headline) == 2 else None
            apart = first is not None and (
                (notice and is_issuer_over_title(*key.headline)) or is_column_tag(first)
            )
            if apart and not key.kicker:
                key.kicker = key.headline.pop(0)
        if key.kicker:
            self.emit(self.pad(key.kicker), Role.KICKER.value)
        if key.headline:
            for n, line in enumerate(key.headline):
                self.emit(line, Role.HEADLINE.value, 0 if n else None)
        if key.subtitle:
            dash = rng.choice(["——", "——", "—— ", "──", "--"])
            self.emit(dash + key.subtitle, Role.SUBTITLE.value, rng.choice([0, 0, 1]))
        byline_at = source.get("byline_at")
        byline = self.pad_credit(source["byline"]) if source.get("byline") else None
        if byline and byline_at in ("end", "end-inline") and rng.random() < 0.3:
            byline_at = "end" if byline_at == "end-inline" else "end-inline"
        if byline and byline_at == "top":
            shape = rng.choice(["{}", "{}", "（{}）", "□ {}", "文/{}"])
            if shape.startswith("文/") and not source["byline"].startswith(("记者", "本报记者")):
                shape = "{}"
            self.emit(self.punct(shape.format(byline)), Role.BYLINE.value, rng.choice([0, 0, 1]))
        self.body(source, key, byline if byline_at in ("end", "end-inline") else None, byline_at)
        for line in key.signature:
            self.emit(
                self.layout.signature_indent + line,
                Role.SIGNATURE.value,
                rng.choice([0, 1]) if line is key.signature[0] else 0,
            )
        if source.get("cut_at_end"):
            mark = self.continuation_mark("下转")
            if (
                rng.random() < 0.5
                and self.lines
                and self.lines[-1].role.startswith(Role.BODY.value)
            ):
                self.lines[-1].text += mark
            else:
                self.emit(mark, Role.CONTINUATION.value)
            self.unspoken.append(mark)
        self.finish_key(key, source)
        if key.paragraphs:
            self.articles.append(key)
        else:  # a photo with its caption only: nothing to read, the heading is a label
            self.unspoken += [t for t in (key.kicker, *key.headline, key.subtitle) if t]
        self.article_index = -1

    def headline_lines(self, headline: str, notice: bool) -> list[str]:
        """One line, or two cut at a word boundary (or before 公告/声明 for a notice)."""
        length = len(headline.replace(" ", ""))
        if length < 10 or self.rng.random() >= self.layout.split_headlines:
            return [headline]
        for sep in (",", "，", " ", "\u3000"):
            if sep in headline.strip(sep):
                left, _, right = headline.partition(sep)
                left = left + (sep if sep in ",，" else "")
                if left.strip() and right.strip():
                    return [left.strip(), right.strip()]
        if notice:
            match = re.search(
                r"(?:注销|清算|减资|合并|分立|遗失|中标|成交|招标|拍卖|开庭|送达)?"
                r"(?:结果)?(?:公告|声明|启事|公示|通告)$",
                headline,
            )
            if match and match.start() >= 4:
                return [headline[: match.start()], headline[match.start() :]]
        cuts = word_boundaries(headline)
        middle = [c for c in cuts if length * 0.35 <= c <= length * 0.65]
        if not middle:
            return [headline]
        cut = self.rng.choice(middle)
        return [headline[:cut], headline[cut:]]

    def body(
        self, source: dict[str, Any], key: KeyArticle, end_byline: str | None, byline_at: str | None
    ) -> None:
        notice = source["kind"] == "notice"
        entries = list(source["body"])
        paragraphs = [i for i, e in enumerate(entries) if isinstance(e, str)]
        first_gap = self.rng.choice([0, 0, 1]) if (key.headline or key.kicker) else 0
        pending_caption: list[str] = []
        for index, entry in enumerate(entries):
            gap = first_gap if index == 0 else self.layout.paragraph_gap
            if isinstance(entry, str):
                text = self.punct(entry)
                if index == paragraphs[-1] and end_byline:
                    text = strip_trailing_credit(text, self.punct(source["byline"]))
                    if byline_at == "end-inline":
                        text += self.punct(f"（{end_byline}）")
                role = self.paragraph_role(text, notice)
                key.paragraphs.append(text)
                self.paragraph_with_captions(text, role, gap, pending_caption)
                pending_caption = []
            elif "subhead" in entry:
                text = self.punct(entry["subhead"])
                key.subheads.append(text.lstrip("■◆ "))
                self.emit(text, Role.SUBHEAD.value, gap)
            elif "caption" in entry:
                caption = self.punct(entry["caption"])
                self.unspoken.append(caption)
                nxt = index + 1
                if (
                    self.layout.wrap
                    and nxt < len(entries)
                    and isinstance(entries[nxt], str)
                    and self.rng.random() < self.layout.caption_inside
                ):
                    pending_caption.append(caption)
                else:
                    self.caption(caption, gap)
            elif "field" in entry:
                cells = [self.punct(x).replace("\n", " ") for x in entry["field"]]
                text = self.layout.field_separator.join(cells)
                key.paragraphs.append(text)
                self.emit(text, Role.FIELD.value, gap if gap < 2 else 1)
        for caption in pending_caption:
            self.caption(caption, self.layout.paragraph_gap)
        if end_byline and byline_at == "end":
            shape = self.rng.choice(["（{}）", "（{}）", "({})", "{}"])
            self.emit(
                self.punct(shape.format(end_byline)), Role.BYLINE.value, self.rng.choice([0, 0, 1])
            )

    def paragraph_with_captions(self, text: str, role: str, gap: int, captions: list[str]) -> None:
        if not captions:
            self.paragraph(text, role, gap)
            return
        start = len(self.lines)
        self.paragraph(text, role, gap)
        printed = self.lines[start:]
        if len(printed) < 3:
            del self.lines[start:]
            for caption in captions:
                self.caption(caption, gap)
            self.paragraph(text, role, self.layout.paragraph_gap)
            return
        cut = self.rng.randint(1, len(printed) - 1)
        del self.lines[start:]
        self.lines.extend(printed[:cut])
        for caption in captions:
            self.caption(caption, self.rng.choice([0, 1]))
        rest = printed[cut:]
        rest[0].gap = self.rng.choice([0, 1])
        self.lines.extend(rest)

    def caption(self, caption: str, gap: int) -> None:
        for n, piece in enumerate(self.wrap(caption, self.layout.wrap)):
            if n == 0:
                self.emit(piece, Role.CAPTION.value, gap)
            else:
                self.emit(piece, Role.CAPTION.value + CONTINUED, 0)

    def paragraph_role(self, text: str, notice: bool) -> str:
        if not notice:
            return Role.BODY.value
        if _ITEM_RE.match(text):
            return Role.ITEM.value
        if (FIELD_LABEL_RE.match(text) and len(text) <= 40) or _SECURITIES_HEADER_RE.match(text):
            return Role.FIELD.value
        return Role.BODY.value

    def finish_key(self, key: KeyArticle, source: dict[str, Any]) -> None:
        paragraphs = list(key.paragraphs)
        if paragraphs and key.dateline and paragraphs[0].startswith(key.dateline):
            paragraphs[0] = paragraphs[0][len(key.dateline) :].lstrip(" \u3000:：,，")
        if paragraphs and key.byline:
            paragraphs[-1] = strip_trailing_credit(paragraphs[-1], self.punct(key.byline))
        text_paragraphs = [p for p in paragraphs if p.strip()]
        if text_paragraphs:
            key.first = split_sentences(text_paragraphs[0])[0]
            key.last = split_sentences(text_paragraphs[-1])[-1]

    # --- breaks the layout puts inside words and sentences -----------------------------

    def artificial_breaks(self) -> None:
        """Turn some single line breaks inside paragraphs (or inside one-line paragraphs)
        into blank-line breaks: a column or page ends there."""
        count = self.layout.artificial_breaks
        if not count:
            return
        candidates = [
            i
            for i, line in enumerate(self.lines)
            if line.role == Role.BODY.value + CONTINUED and line.gap == 0
        ]
        if not candidates:
            candidates = self.split_long_paragraphs(count)
        for index in self.rng.sample(candidates, min(count, len(candidates))):
            self.lines[index].gap = self.rng.choice([1, 1, 2, 3])

    def split_long_paragraphs(self, count: int) -> list[int]:
        """One-line paragraphs: cut some inside a word, the cut printed on a new line."""
        long = [
            i
            for i, line in enumerate(self.lines)
            if line.role == Role.BODY.value and len(line.text) > 40
        ]
        chosen = sorted(self.rng.sample(long, min(count, len(long))), reverse=True)
        made: list[int] = []
        for index in chosen:
            line = self.lines[index]
            cuts = [c for c in inner_word_cuts(line.text) if 10 < c < len(line.text) - 5]
            if not cuts:
                continue
            cut = self.rng.choice(cuts)
            self.lines[index] = Printed(line.text[:cut], line.role, line.gap, line.article)
            self.lines.insert(
                index + 1, Printed(line.text[cut:], Role.BODY.value + CONTINUED, 0, line.article)
            )
            made = [m + 1 if m > index else m for m in made] + [index + 1]
        return made

    # --- the key --------------------------------------------------------------------------

    def split_words(self) -> dict[int, list[dict[str, str]]]:
        """Per article index: the words (with context) a blank-line break split."""
        out: dict[int, list[dict[str, str]]] = {}
        previous: Printed | None = None
        for line in self.lines:
            if line.role.endswith(CONTINUED) and previous is not None and line.gap > 0:
                before = strip_inline_unspoken(previous.text)[0]
                after = strip_inline_unspoken(line.text)[0]
                word = spanning_word(before, after)
                if word:
                    context = before[-6:] + after[:6]
                    out.setdefault(line.article, []).append({"word": word, "context": context})
            if line.role != Role.CAPTION.value:
                previous = line
        return out


def strip_trailing_credit(text: str, credit: str) -> str:
    """A paragraph that already ends in its credit (``…。（credit）`` or ``…。credit``)
    loses it: the layout places the credit itself."""
    squeezed = re.sub(r"\s+", "", credit)
    match = re.search(r"[（(]([^（()）]{2,60})[)）]\s*$", text)
    if match and re.sub(r"\s+", "", match.group(1)) == squeezed:
        return text[: match.start()].rstrip()
    if re.sub(r"\s+", "", text).endswith(squeezed):
        kept, tail = len(text), squeezed
        while tail:  # walk back over the credit's characters and the spaces among them
            kept -= 1
            if not text[kept].isspace():
                tail = tail[:-1]
        return text[:kept].rstrip()
    return text


def _tokenizer():
    from audio_edition.segment.dictionary import _tokenizer as tokenizer

    return tokenizer()


def word_boundaries(text: str) -> list[int]:
    cuts, position = [], 0
    for word in _tokenizer().cut(text, HMM=False):
        position += len(word)
        cuts.append(position)
    return cuts[:-1]


def inner_word_cuts(text: str) -> list[int]:
    """Positions strictly inside a Han word of two or more characters."""
    cuts, position = [], 0
    for word in _tokenizer().cut(text, HMM=False):
        if len(word) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", word):
            cuts += range(position + 1, position + len(word))
        position += len(word)
    return cuts


def spanning_word(before: str, after: str) -> str | None:
    before, after = before.rstrip(), after.lstrip()
    tail, head = before[-4:], after[:4]
    position = 0
    for word in _tokenizer().cut(tail + head, HMM=False):
        start, position = position, position + len(word)
        if start < len(tail) < position and re.fullmatch(r"[\u4e00-\u9fff]+", word):
            return word
    return None


def lay_out(source: dict[str, Any], seed: int) -> Rendered:
    """The page text of ``source`` in the layout ``seed`` draws, and its answer key."""
    layout = Layout.draw(seed)
    printer = _Printer(source, layout)
    printer.page()
    words = printer.split_words()
    for index, found in words.items():
        if index < len(printer.articles):
            printer.articles[index].words = found
    out: list[str] = []
    for line in printer.lines:
        out += [""] * line.gap
        out.append(line.text)
    key = {
        "id": source["id"],
        "paper": source["paper"],
        "date": source.get("date"),
        "layout": layout.to_dict(),
        "articles": [a.__dict__ for a in printer.articles],
        "unspoken": printer.unspoken,
        "roles": [line.role for line in printer.lines],
    }
    return Rendered("\n".join(out) + "\n", key)
