"""Page text -> printed lines, the unit the line labeller reads.

Blank lines are counted rather than kept: a gap above a line is one of the clearest
signs that a new block starts there, and a gap inside a sentence is a column or page
break. A line of closing punctuation only goes back onto the line above. Only what is
certain is removed here: continuation marks and picture credits printed inside a line
(``（下转第二版）``, ``（资料图片）``) and ornament lines (``★★★``). Everything removed
is returned for ``Page.unspoken``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from audio_edition.segment.furniture import is_decoration, strip_inline_unspoken

_SPACES = " \t\u00a0\u3000\ufeff"
_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")
# A line of nothing but closing punctuation is the end of the sentence above, wrapped
# by a narrow column (``。``, ``”。``); it is never a block of its own.
_CLOSING_ONLY = re.compile(r"[。．.！!？?；;，,、：:”’」』）)》〉\]】…]+")


@dataclass(frozen=True)
class Line:
    """A printed, non-blank line; ``gap`` counts the blank (or removed) lines above it.

    ``number`` is its line number in the page text (0-based), so a labelled line can be
    traced back to the text it came from.
    """

    text: str
    gap: int = 0
    indent: bool = False
    number: int = 0


def printed_lines(text: str) -> tuple[list[Line], list[tuple[int, str]]]:
    """The page's printed lines, and the pieces removed on the way with their line
    numbers (in page order)."""
    lines: list[Line] = []
    unspoken: list[tuple[int, str]] = []
    gap = 0
    for number, raw in enumerate(text.splitlines()):
        stripped = raw.strip(_SPACES)
        kept, removed = strip_inline_unspoken(stripped)
        unspoken += [(number, piece) for piece in removed]
        if lines and _CLOSING_ONLY.fullmatch(kept):
            lines[-1] = replace(lines[-1], text=lines[-1].text + kept)
            gap = 0
            continue
        if kept and is_decoration(kept):
            unspoken.append((number, kept))
            kept = ""
        if not kept:
            gap += 1
            continue
        indent = raw[:1] in _SPACES and raw[:1] != "\ufeff"
        lines.append(Line(kept, gap, indent, number))
        gap = 0
    return lines, unspoken


def join_broken(before: str, after: str) -> str:
    """Two pieces of one paragraph cut by the layout, joined as printed: Chinese text
    takes no space, two Latin words cut apart get theirs back."""
    before, after = before.rstrip(_SPACES), after.lstrip(_SPACES)
    if _LATIN_END.search(before) and _LATIN_START.match(after):
        return f"{before} {after}"
    return before + after
