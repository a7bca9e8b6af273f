"""A published file as an HTTP response: validators, conditional requests, byte ranges.

Podcast apps resume downloads with ``Range`` + ``If-Range``. aiohttp's ``FileResponse``
honours ``If-Range`` only in its date form, so a client resuming with the ETag of an
edition since regenerated got the new file's bytes spliced onto the old ones. Here the
rules of RFC 9110 (§13 conditional requests, §14 ranges) are small pure functions,
decided against the ``fstat`` of the very file object that is then sent, so the
validators answered and the bytes sent can never belong to two different files.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import IO

from aiohttp import web
from aiohttp.abc import AbstractStreamWriter

CHUNK_BYTES = 256 * 1024

_INT_RANGE = re.compile(r"(\d+)-(\d*)")
_SUFFIX_RANGE = re.compile(r"-(\d+)")
_ENTITY_TAG = re.compile(r'\s*(W/)?("[\x21\x23-\x7e\x80-\xff]*")\s*(?:,|$)')


class RangeNotSatisfiable(Exception):
    """The Range names no byte of the file: answer 416."""


@dataclass(frozen=True)
class Validators:
    """What identifies one version of a file (the ETag is the one aiohttp would give)."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, st: os.stat_result) -> Validators:
        return cls(st.st_size, st.st_mtime_ns)

    @property
    def etag(self) -> str:
        return f'"{self.mtime_ns:x}-{self.size:x}"'

    @property
    def last_modified(self) -> int:
        """Whole seconds, as the Last-Modified header carries it."""
        return self.mtime_ns // 1_000_000_000


@dataclass(frozen=True)
class Plan:
    """The answer to a request: status, and the bytes ``[start, start + length)`` to send."""

    status: int
    start: int = 0
    length: int = 0


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The ``(first, last)`` byte a ``Range`` header asks for, or None to send it all.

    RFC 9110 §14.2: a unit other than ``bytes`` and a malformed header are ignored
    (200), not refused; §14.1.1: a range-set with no satisfiable range (``bytes=-0``,
    a start past the end) is a 416. A request for several ranges is answered with the
    whole file, which the RFC allows and every client handles, instead of multipart.
    """
    unit, equals, range_set = header.strip().partition("=")
    if not equals or unit.lower() != "bytes":
        return None
    specs = [s.strip(" \t") for s in range_set.split(",")]
    specs = [s for s in specs if s]  # the list rule allows empty elements
    parsed: list[tuple[int | None, int | None]] = []
    for spec in specs:
        if match := _INT_RANGE.fullmatch(spec):
            first, last = int(match[1]), int(match[2]) if match[2] else None
            if last is not None and last < first:
                return None  # an invalid range-spec makes the whole header invalid
            parsed.append((first, last))
        elif match := _SUFFIX_RANGE.fullmatch(spec):
            parsed.append((None, int(match[1])))
        else:
            return None
    if len(parsed) != 1:
        return None
    first, last = parsed[0]
    if first is None:  # suffix range: the last ``last`` bytes
        assert last is not None
        if last == 0 or size == 0:
            raise RangeNotSatisfiable
        return max(0, size - last), size - 1
    if first >= size:
        raise RangeNotSatisfiable
    return first, size - 1 if last is None else min(last, size - 1)


def if_range_holds(value: str, current: Validators, now: float) -> bool:
    """RFC 9110 §13.1.5: may the Range be honoured for the file as it is now?

    An entity-tag must match strongly (a weak tag never does); a date must equal the
    file's Last-Modified exactly, and counts only if that date is at least a second
    old (§8.8.2.2), since a file changed twice within one second keeps its date.
    """
    value = value.strip()
    if value.startswith(('"', "W/")):
        return value == current.etag
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return False
    if moment.tzinfo is None:
        return False
    strong = now - current.last_modified >= 1
    return strong and int(moment.timestamp()) == current.last_modified


def plan_response(method: str, headers: Mapping[str, str], current: Validators, now: float) -> Plan:
    """What to answer: preconditions first, then Range (RFC 9110 §13.2.2)."""
    status = _precondition(method, headers, current)
    if status is not None:
        return Plan(status)
    whole = Plan(200, 0, current.size)
    # Range is defined for GET only (§14.2); If-Range without a Range means nothing.
    requested = headers.get("Range")
    if method != "GET" or requested is None:
        return whole
    if_range = headers.get("If-Range")
    if if_range is not None and not if_range_holds(if_range, current, now):
        return whole
    try:
        wanted = byte_range(requested, current.size)
    except RangeNotSatisfiable:
        return Plan(416)
    if wanted is None:
        return whole
    first, last = wanted
    return Plan(206, first, last - first + 1)


def _precondition(method: str, headers: Mapping[str, str], current: Validators) -> int | None:
    """412 or 304 when a precondition settles the answer (§13.2.2 steps 1 to 4)."""
    safe = method in ("GET", "HEAD")
    if_match = headers.get("If-Match")
    if if_match is not None and not _tag_matches(if_match, current.etag, weak=False):
        return 412
    unmodified = _http_date(headers.get("If-Unmodified-Since"))
    if if_match is None and unmodified is not None and current.last_modified > unmodified:
        return 412
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None and _tag_matches(if_none_match, current.etag, weak=True):
        return 304 if safe else 412
    modified = _http_date(headers.get("If-Modified-Since"))
    if if_none_match is None and modified is not None and safe:
        return 304 if current.last_modified <= modified else None
    return None


def _tag_matches(value: str, etag: str, *, weak: bool) -> bool:
    """``If-Match``/``If-None-Match`` against our (always strong) ETag."""
    if value.strip() == "*":
        return True
    position, text = 0, value.strip()
    while position < len(text):
        match = _ENTITY_TAG.match(text, position)
        if not match:
            return False  # a malformed list matches nothing
        if match[2] == etag and (weak or not match[1]):
            return True
        position = match.end()
    return False


def _http_date(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None  # an invalid date is ignored (§13.1.3, §13.1.4)
    return int(moment.timestamp()) if moment.tzinfo else None


class PublishedFile(web.StreamResponse):
    """Sends one file with ``plan_response``'s answer; the body goes out in ``prepare``.

    Like aiohttp's own file response, the body is written when the server prepares
    the response, so a client that hangs up mid-download (players do, to seek) ends
    the request quietly instead of failing the handler.
    """

    def __init__(self, path: Path, content_type: str) -> None:
        super().__init__()
        self._path = path
        self._content_type = content_type

    async def prepare(self, request: web.BaseRequest) -> AbstractStreamWriter | None:
        loop = asyncio.get_running_loop()
        try:
            handle, st = await loop.run_in_executor(None, _open, self._path)
        except OSError:
            self.set_status(404)
            self.content_length = 0
            return await super().prepare(request)
        try:
            return await self._send(request, handle, Validators.of(st))
        finally:
            await loop.run_in_executor(None, handle.close)

    async def _send(
        self, request: web.BaseRequest, handle: IO[bytes], current: Validators
    ) -> AbstractStreamWriter | None:
        plan = plan_response(request.method, request.headers, current, time.time())
        self.set_status(plan.status)
        self.headers["ETag"] = current.etag
        self.headers["Last-Modified"] = formatdate(current.last_modified, usegmt=True)
        self.headers["Accept-Ranges"] = "bytes"
        if plan.status == 304:
            return await super().prepare(request)
        if plan.status in (200, 206):
            self.headers["Content-Type"] = self._content_type
            self.content_length = plan.length
        else:
            self.content_length = 0
        if plan.status == 206:
            last = plan.start + plan.length - 1
            self.headers["Content-Range"] = f"bytes {plan.start}-{last}/{current.size}"
        elif plan.status == 416:
            self.headers["Content-Range"] = f"bytes */{current.size}"
        writer = await super().prepare(request)
        if request.method != "HEAD" and plan.length:
            await self._copy(handle, plan.start, plan.length)
        await self.write_eof()
        return writer

    async def _copy(self, handle: IO[bytes], start: int, length: int) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, handle.seek, start)
        while length > 0:
            chunk = await loop.run_in_executor(None, handle.read, min(CHUNK_BYTES, length))
            if not chunk:
                break
            await self.write(chunk)
            length -= len(chunk)


def _open(path: Path) -> tuple[IO[bytes], os.stat_result]:
    handle = path.open("rb")
    try:
        return handle, os.fstat(handle.fileno())
    except OSError:
        handle.close()
        raise
