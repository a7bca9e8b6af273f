"""Scoring against the CPP polyphone benchmark (dev split): labels are citation tones,
so a reading that differs only by third-tone or 一/不 sandhi counts as right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

MARK = "\u2581"


def load(directory: Path) -> list[tuple[str, int, str]]:
    """(sentence, index of the annotated character, label with ``v`` for ü) per line."""
    sents = (directory / "dev.sent").read_text(encoding="utf-8").splitlines()
    labels = (directory / "dev.lb").read_text(encoding="utf-8").splitlines()
    items = []
    for sent, label in zip(sents, labels, strict=True):
        index = sent.index(MARK)
        items.append((sent.replace(MARK, ""), index, label.strip().replace("u:", "v")))
    return items


def same(reading: str | None, label: str, char: str) -> bool:
    """True if ``reading`` is ``label`` up to the sandhi the labels do not mark."""
    if reading is None:
        return False
    if reading == label:
        return True
    base, tone, lbase, ltone = reading[:-1], reading[-1], label[:-1], label[-1]
    if base != lbase:
        return False
    if ltone == "3" and tone == "2":
        return True
    return char in "一不"


def halves(
    items: list[tuple[str, int, str]], read: Callable[[str], list[str | None]]
) -> tuple[float, float]:
    """Accuracy on the even and the odd sentences."""
    right = [0, 0]
    total = [0, 0]
    for n, (sent, index, label) in enumerate(items):
        total[n % 2] += 1
        right[n % 2] += same(read(sent)[index], label, sent[index])
    return right[0] / total[0], right[1] / total[1]
