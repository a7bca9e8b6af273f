"""Cut long Mandarin text into pieces the edge service speaks whole.

edge-tts only splits a text at 4096 bytes on a newline or a space, and Chinese has
neither, so a long article would go out as one oversized request (the service then cuts
the audio short or refuses). We pre-split at sentence ends (。！？), then, for an
over-long sentence, at clause marks (；，、), so every piece ends where a reader would
pause anyway.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_CHARS = 1000

SENTENCE_ENDS = frozenset("。！？!?")
CLAUSE_ENDS = frozenset("；，、;,")
# Closing quotes and brackets belong to the sentence they close.
CLOSERS = frozenset("”’\"'」』）)》】")


def split_after(text: str, marks: frozenset[str]) -> list[str]:
    """Split ``text`` after every run of ``marks`` (and the closers right after it).

    Nothing is dropped: ``"".join(split_after(t, m)) == t``.
    """
    pieces: list[str] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        if text[i] in marks:
            while i < n and text[i] in marks:
                i += 1
            while i < n and text[i] in CLOSERS:
                i += 1
            pieces.append(text[start:i])
            start = i
        else:
            i += 1
    if start < n:
        pieces.append(text[start:])
    return pieces


def _bounded(pieces: Iterable[str], limit: int) -> Iterable[str]:
    """Every piece at most ``limit`` characters: clause marks first, then a hard cut."""
    for piece in pieces:
        if len(piece) <= limit:
            yield piece
            continue
        for clause in split_after(piece, CLAUSE_ENDS):
            for start in range(0, len(clause), limit):
                yield clause[start : start + limit]


def split_chunks(text: str, limit: int = MAX_CHARS) -> list[str]:
    """Pack whole sentences into chunks of at most ``limit`` characters.

    Greedy packing keeps requests few (each one costs a connection) while no chunk
    crosses the limit; the chunks concatenate back to ``text`` exactly.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    chunks: list[str] = []
    current = ""
    for piece in _bounded(split_after(text, SENTENCE_ENDS), limit):
        if current and len(current) + len(piece) > limit:
            chunks.append(current)
            current = ""
        current += piece
    if current:
        chunks.append(current)
    return chunks
