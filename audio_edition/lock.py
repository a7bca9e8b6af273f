"""One build or regenerate per output folder at a time.

Two runs writing one output folder would race on the same edition swap and feed
files; an ``fcntl`` lock on ``<out>/.lock`` makes the second one wait a bounded time,
then say in one line who holds the folder. The kernel drops the lock when its holder
dies, so a killed run never leaves the folder locked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from audio_edition.errors import AudioEditionError

LOCK_NAME = ".lock"
WAIT_ENV = "AUDIO_EDITION_LOCK_WAIT"
DEFAULT_WAIT_S = 10.0
_POLL_S = 0.2


class OutputBusy(AudioEditionError):
    """Another run holds the output folder."""

    exit_code = 75  # EX_TEMPFAIL: try again later


def _wait_s() -> float:
    try:
        return max(0.0, float(os.environ.get(WAIT_ENV, DEFAULT_WAIT_S)))
    except ValueError:
        return DEFAULT_WAIT_S


@contextlib.contextmanager
def output_lock(out_dir: Path, command: str, wait_s: float | None = None) -> Iterator[None]:
    """Hold ``out_dir``'s lock for the block; wait up to ``wait_s`` seconds for it
    (``$AUDIO_EDITION_LOCK_WAIT``, default 10), else raise :class:`OutputBusy`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + (_wait_s() if wait_s is None else wait_s)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 500, 0).decode("utf-8", "replace").strip()
                    raise OutputBusy(
                        f"{out_dir} is in use by {holder or 'another run'}; "
                        "wait for it to finish or use another --out"
                    ) from None
                time.sleep(_POLL_S)
        since = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        argv = " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv[:4]))
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} ({command}: {argv}) since {since}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing drops the lock
