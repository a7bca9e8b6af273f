"""Write files so a reader never sees half of one.

Everything we publish goes to a temp file in the destination's folder and is renamed
into place; a crash or a kill leaves either the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from audio_edition.errors import disk_full


@contextlib.contextmanager
def atomic_path(dest: Path) -> Iterator[Path]:
    """Yield a temp path beside ``dest``; on success rename it onto ``dest``.

    The temp name keeps ``dest``'s suffix so tools that pick a format by extension
    (ffmpeg) still do the right thing.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-", suffix=dest.suffix)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        # mkstemp makes 0600 files; published files must be readable by a web server.
        tmp.chmod(0o644)
        os.replace(tmp, dest)
    except OSError as exc:
        full = disk_full(exc, dest)
        if full is None:
            raise
        raise full from None
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes(dest: Path, data: bytes) -> None:
    with atomic_path(dest) as tmp:
        tmp.write_bytes(data)


def write_text(dest: Path, text: str) -> None:
    write_bytes(dest, text.encode("utf-8"))


# --- folders -------------------------------------------------------------------------

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _renameat2() -> Any | None:
    """glibc's ``renameat2`` (2.28+), or None where there is none (macOS, musl, old glibc)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux ``RENAME_EXCHANGE``); False where the
    system or file system cannot, so the caller falls back to two renames."""
    function = _renameat2()
    if function is None:
        return False
    result = function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def swap_in(staging: Path, dest: Path) -> None:
    """Replace folder ``dest`` by ``staging`` so that ``dest`` is never missing.

    One exchange where the system has ``renameat2``; otherwise two renames with the old
    folder parked as ``.old-<name>-*``, which :func:`recover_leftovers` puts back if a
    kill lands between them.
    """
    if not dest.exists():
        staging.rename(dest)
        return
    if exchange(staging, dest):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old folder
        return
    old = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".old-{dest.name}-"))
    old.rmdir()
    dest.rename(old)
    _between_renames()
    staging.rename(dest)
    shutil.rmtree(old, ignore_errors=True)


def _between_renames() -> None:
    """The moment a kill hurts most; a seam tests replace to inject one."""


STALE_TMP_S = 3600.0  # a cache temp file this old belongs to no live writer


def recover_leftovers(out_dir: Path, cache_dirs: list[Path] | None = None) -> list[str]:
    """Undo what a killed run left in ``out_dir`` (call with the output lock held).

    An ``.old-<name>-*`` folder whose ``<name>`` is missing is the previous edition
    parked by a swap the kill interrupted: it is put back. Other ``.old-*`` and every
    ``.staging-*`` folder are removed, and ``.tmp-*`` files older than an hour (a cache
    can be shared by outputs with their own locks) under the cache folders. Returns one
    line per repair, for the build's notes.
    """
    done: list[str] = []
    if not out_dir.is_dir():
        return done
    for path in sorted(out_dir.glob(".old-*")):
        name = path.name[len(".old-") :].rsplit("-", 1)[0]
        target = out_dir / name
        if name and path.is_dir() and not target.exists():
            path.rename(target)
            done.append(f"{target}: restored from an interrupted swap")
        else:
            shutil.rmtree(path, ignore_errors=True)
            done.append(f"{path}: removed (left by an interrupted run)")
    for path in sorted(out_dir.glob(".staging-*")):
        shutil.rmtree(path, ignore_errors=True)
        done.append(f"{path}: removed (left by an interrupted run)")
    now = time.time()
    for cache in cache_dirs or []:
        if not cache.is_dir():
            continue
        for path in cache.rglob(".tmp-*"):
            with contextlib.suppress(OSError):
                if path.is_file() and now - path.stat().st_mtime > STALE_TMP_S:
                    path.unlink()
    for path in out_dir.glob(".tmp-*"):
        with contextlib.suppress(OSError):
            if path.is_file() and now - path.stat().st_mtime > STALE_TMP_S:
                path.unlink()
    return done
