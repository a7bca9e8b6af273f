"""How the library reports progress without printing: one callback the CLI renders."""

from __future__ import annotations

from collections.abc import Callable

# (stage, done, total): e.g. ("synthesise", 12, 140). total 0 means unknown.
Progress = Callable[[str, int, int], None]


def silent(stage: str, done: int, total: int) -> None:
    """The default: library calls report to nobody."""
