"""jieba word cut of a Han run: sandhi and phrase choices work word by word."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator


@functools.lru_cache(maxsize=1)
def tokenizer():  # -> jieba.Tokenizer
    import jieba

    # jieba logs "Building prefix dict..." to stderr; the library must stay quiet.
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt


def words(han: str) -> Iterator[tuple[int, str]]:
    """(start, word) for each jieba word of a Han-only run."""
    start = 0
    for word in tokenizer().cut(han, HMM=False):
        yield start, word
        start += len(word)
