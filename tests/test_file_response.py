"""RFC 9110's rules for a published file, one at a time (the HTTP seam is test_serve)."""

from __future__ import annotations

import pytest

from audio_edition.publish.file_response import (
    Plan,
    RangeNotSatisfiable,
    Validators,
    byte_range,
    if_range_holds,
    plan_response,
)

FILE = Validators(size=1000, mtime_ns=1_700_000_000_250_000_000)
DATE = "Tue, 14 Nov 2023 22:13:20 GMT"  # FILE's Last-Modified, whole seconds
LATER = FILE.last_modified + 3600.0


def test_validators() -> None:
    assert FILE.etag == f'"{FILE.mtime_ns:x}-{FILE.size:x}"'
    assert FILE.last_modified == 1_700_000_000


@pytest.mark.parametrize(
    ("header", "size", "expected"),
    [
        ("bytes=0-499", 1000, (0, 499)),
        ("bytes=500-", 1000, (500, 999)),
        ("bytes=-200", 1000, (800, 999)),
        ("bytes=990-5000", 1000, (990, 999)),
        ("bytes=0-", 1, (0, 0)),
        ("bytes=1-1", 1000, (1, 1)),
        ("bytes=0-1,2-3", 1000, None),
        ("bytes=1-0", 1000, None),
        ("bytes=--1", 1000, None),
        ("bytes=1.5-2", 1000, None),
        ("bytes 0-1", 1000, None),
        ("items=0-1", 1000, None),
        ("", 1000, None),
    ],
)
def test_byte_range(header: str, size: int, expected: tuple[int, int] | None) -> None:
    assert byte_range(header, size) == expected


@pytest.mark.parametrize(
    ("header", "size"),
    [("bytes=-0", 1000), ("bytes=1000-", 1000), ("bytes=0-", 0), ("bytes=-5", 0)],
)
def test_unsatisfiable_ranges(header: str, size: int) -> None:
    with pytest.raises(RangeNotSatisfiable):
        byte_range(header, size)


def test_if_range_entity_tags_compare_strongly() -> None:
    assert if_range_holds(FILE.etag, FILE, LATER)
    assert not if_range_holds("W/" + FILE.etag, FILE, LATER)
    assert not if_range_holds('"older-tag"', FILE, LATER)


def test_if_range_dates_must_be_exact_and_at_least_a_second_old() -> None:
    assert if_range_holds(DATE, FILE, LATER)
    assert not if_range_holds("Tue, 14 Nov 2023 22:13:21 GMT", FILE, LATER)
    assert not if_range_holds("Tue, 14 Nov 2023 22:13:19 GMT", FILE, LATER)
    # Changed within the current second: the date may not tell two versions apart.
    assert not if_range_holds(DATE, FILE, FILE.last_modified + 0.9)
    assert not if_range_holds("yesterday", FILE, LATER)


def plan(headers: dict[str, str], method: str = "GET") -> Plan:
    return plan_response(method, headers, FILE, LATER)


def test_plans() -> None:
    assert plan({}) == Plan(200, 0, 1000)
    assert plan({"Range": "bytes=10-19"}) == Plan(206, 10, 10)
    assert plan({"Range": "bytes=10-19"}, "HEAD") == Plan(200, 0, 1000)
    assert plan({"If-Range": FILE.etag}) == Plan(200, 0, 1000)
    assert plan({"Range": "bytes=10-19", "If-Range": '"x"'}) == Plan(200, 0, 1000)
    # If-Range decides before the range is even looked at.
    assert plan({"Range": "bytes=5000-", "If-Range": '"x"'}) == Plan(200, 0, 1000)
    assert plan({"Range": "bytes=5000-"}) == Plan(416)


def test_preconditions_come_before_ranges_in_rfc_order() -> None:
    assert plan({"If-Match": '"x"', "Range": "bytes=0-1"}).status == 412
    assert plan({"If-Match": f'"x", {FILE.etag}'}).status == 200
    assert plan({"If-Match": "W/" + FILE.etag}).status == 412  # If-Match compares strongly
    assert plan({"If-Match": "*"}).status == 200
    assert plan({"If-Unmodified-Since": "Tue, 14 Nov 2023 22:00:00 GMT"}).status == 412
    assert plan({"If-Unmodified-Since": DATE}).status == 200
    assert plan({"If-None-Match": "W/" + FILE.etag}).status == 304  # weak comparison
    assert plan({"If-None-Match": '"x"', "If-Modified-Since": DATE}).status == 200
    assert plan({"If-Modified-Since": DATE}).status == 304
    assert plan({"If-Modified-Since": "Tue, 14 Nov 2023 22:00:00 GMT"}).status == 200
    assert plan({"If-Modified-Since": "not a date"}).status == 200
    assert plan({"If-None-Match": "*", "Range": "bytes=0-1"}).status == 304
