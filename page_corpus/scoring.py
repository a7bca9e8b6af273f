"""Score ``segment_page`` against a corpus page's answer key.

An article is *exactly right* when its kind, headline, first and last body sentence
match the key, every word a break split comes out whole, and nothing the key lists as
unspoken (captions, furniture, continuation marks) is read in it. Text is compared
without whitespace, since the layout pads names and labels with spaces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from audio_edition.models import Article, ArticleKind
from audio_edition.script import split_sentences
from audio_edition.segment import segment_page
from audio_edition.segment.labeller import label_lines
from audio_edition.segment.lines import printed_lines
from audio_edition.segment.markers import split_item
from page_corpus.pages import CorpusPage
from page_corpus.validate import squeeze

_NEWS = {ArticleKind.FEATURE.value, ArticleKind.BRIEF.value}


@dataclass
class PageScore:
    id: str
    articles: int  # in the key
    found: int  # articles segment_page returned
    exact: int = 0
    exact_any_news_kind: int = 0  # feature and brief taken as one kind
    lines: int = 0
    lines_right: int = 0
    misses: list[str] = field(default_factory=list)  # why articles were not exact

    @property
    def count_error(self) -> int:
        return abs(self.found - self.articles)


def body_paragraphs(article: Article) -> list[str]:
    return [p for p in article.paragraphs if p.strip()] + [i.text for i in article.items]


def spoken_text(article: Article) -> str:
    parts = [article.kicker or "", article.headline, article.subtitle or ""]
    parts += [s.subhead or "" for s in article.sections] + body_paragraphs(article)
    return squeeze("".join(parts + article.signature))


def first_last(paragraphs: list[str]) -> tuple[str, str]:
    """First and last sentence, without the numbering of a notice's entry (``5、``),
    which ``Article.items`` keep apart."""
    if not paragraphs:
        return "", ""
    first = split_sentences(split_item(paragraphs[0])[1])[0]
    last = split_sentences(split_item(paragraphs[-1])[1])[-1]
    # the key's sentences lose a leading number the same way (``②16``: an editor's mark)
    return squeeze(split_item(first)[1]), squeeze(split_item(last)[1])


def key_spoken(article: dict[str, Any]) -> str:
    parts = [article.get("kicker") or "", *article["headline"], article.get("subtitle") or ""]
    return squeeze(
        "".join(parts + article["subheads"] + article["paragraphs"] + article["signature"])
    )


def match(keys: list[dict[str, Any]], found: list[Article]) -> list[Article | None]:
    """Pair each key article with the found article of the same headline (or, without
    a headline, the same first sentence), in page order."""
    pairs: list[Article | None] = []
    start = 0
    for key in keys:
        headline = squeeze("".join(key["headline"]))
        first = squeeze(key["first"])
        chosen = None
        for index in range(start, len(found)):
            article = found[index]
            if headline and squeeze(article.headline) == headline:
                chosen = index
                break
            if (
                not headline
                and not article.headline
                and first_last(body_paragraphs(article))[0] == first
            ):
                chosen = index
                break
        pairs.append(found[chosen] if chosen is not None else None)
        if chosen is not None:
            start = chosen + 1
    return pairs


def judge(
    key: dict[str, Any], article: Article | None, unspoken: list[str]
) -> tuple[list[str], bool]:
    """What is wrong with ``article`` against ``key`` (empty when exact), and whether
    only the feature/brief distinction is wrong."""
    if article is None:
        return ["not found (headline or first sentence)"], False
    wrong = []
    kind_wrong = article.kind.value != key["kind"]
    first, last = first_last(body_paragraphs(article))
    key_first, key_last = (squeeze(split_item(key[name])[1]) for name in ("first", "last"))
    if first != key_first:
        wrong.append(f"first sentence {first[:16]!r}")
    if last != key_last:
        wrong.append(f"last sentence {last[-16:]!r}")
    spoken = spoken_text(article)
    for word in key.get("words") or []:
        if squeeze(word["context"]) not in spoken:
            wrong.append(f"word {word['word']!r} broken")
    own = key_spoken(key)
    for piece in unspoken:
        piece = squeeze(piece)
        if len(piece) >= 2 and piece in spoken and piece not in own:
            wrong.append(f"reads unspoken {piece[:16]!r}")
    only_news_kind = kind_wrong and {article.kind.value, key["kind"]} <= _NEWS and not wrong
    if kind_wrong:
        wrong.insert(0, f"kind {article.kind.value} (key {key['kind']})")
    return wrong, only_news_kind


def score_page(page: CorpusPage) -> PageScore:
    result = segment_page(page.text, source=page.path.name)
    keys = page.key["articles"]
    score = PageScore(page.id, len(keys), len(result.articles))
    for key, article in zip(keys, match(keys, result.articles), strict=True):
        wrong, only_kind = judge(key, article, page.key["unspoken"])
        if not wrong:
            score.exact += 1
            score.exact_any_news_kind += 1
        elif only_kind:
            score.exact_any_news_kind += 1
        if wrong:
            headline = "".join(key["headline"]) or key["first"][:12]
            score.misses.append(f"{headline[:24]}: {'; '.join(wrong)}")
    roles = line_roles(page)
    score.lines = len(roles)
    score.lines_right = sum(1 for key, label in roles if key == label)
    return score


def line_roles(page: CorpusPage) -> list[tuple[str, str]]:
    """(key role, labelled role) for every printed line the labeller sees."""
    lines, _ = printed_lines(page.text)
    physical = [n for n, raw in enumerate(page.text.splitlines()) if raw.strip()]
    role_of = dict(zip(physical, page.key["roles"], strict=True))
    return [
        (role_of[line.number], label) for line, label in zip(lines, label_lines(lines), strict=True)
    ]
