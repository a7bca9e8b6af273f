"""The bad-input corpus: pages as users really hand them over when something went wrong.

Each case is made from real page text (the seed page and the corpus) damaged the way
copies get damaged: wrong encodings, binary files, no punctuation, emoji and scripts
the voice cannot read, pasted HTML and SSML, huge pages. ``tests/test_bad_inputs.py``
runs every case through ``script``; ``benchmarks/bad_inputs.py`` through ``build``.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_738350908e41f89e.txt"
CORPUS = ROOT / "tests" / "corpus" / "sources"

_PUNCTUATION = re.compile(r"[,，。:：;；!！?？、“”‘’《》()（）\"']")


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[], bytes]
    refused: bool  # a one-line error and exit 2, rather than a script
    says: str = ""  # what the error or a warning must mention


def seed_text() -> str:
    return SEED.read_text("utf-8")


def _notice_page() -> str:
    text = seed_text()
    return text[text.index("注销公告") :]


def _first_paragraph(text: str) -> str:
    return next(p for p in text.split("\n") if len(p) > 80)


def _unpunctuated_paragraph(length: int) -> str:
    """Real sentences run together without a mark, as a broken PDF copy gives them."""
    body = _PUNCTUATION.sub("", "".join(p for p in seed_text().split("\n") if len(p) > 40))
    return (body * (length // len(body) + 1))[:length]


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\0"))
        + chunk(b"IEND", b"")
    )


def _many_articles(count: int) -> str:
    """``count`` short articles: the seed's two briefs, again and again."""
    text = seed_text()
    briefs = text[text.index("赤壁市烟草专卖局") : text.index("注销公告")].strip()
    return "\n\n".join(briefs for _ in range(count // 2)) + "\n"


def _big_page(megabytes: int) -> str:
    text = seed_text()
    return text * (megabytes * 1_000_000 // len(text.encode("utf-8")) + 1)


CASES = [
    Case("empty", lambda: b"", True, "empty"),
    Case(
        "whitespace",
        lambda: b" \n\t\n\u3000\n".replace(b"\\u3000", "\u3000".encode()),
        True,
        "empty",
    ),
    Case("binary", lambda: bytes(range(256)) * 16, True, "binary"),
    Case("png", _png, True, ""),
    Case("nul-bytes", lambda: seed_text().encode("utf-8").replace("。".encode(), b"\0"), True, ""),
    Case("gb18030", lambda: seed_text().encode("gb18030"), False),
    Case("utf-16-bom", lambda: seed_text().encode("utf-16"), False),
    Case("utf-16-no-bom", lambda: seed_text().encode("utf-16-le"), False),
    Case("cr", lambda: seed_text().replace("\n", "\r").encode("utf-8"), False),
    Case("crlf", lambda: seed_text().replace("\n", "\r\n").encode("utf-8"), False),
    Case("no-punctuation", lambda: _PUNCTUATION.sub("", seed_text()).encode("utf-8"), False),
    Case(
        "long-unpunctuated-paragraph",
        lambda: ("长篇段落\n\n" + _unpunctuated_paragraph(5000) + "\n").encode("utf-8"),
        False,
    ),
    Case("emoji", lambda: seed_text().replace("。", "。👍", 3).encode("utf-8"), False),
    Case(
        "zero-width-and-control",
        lambda: (
            seed_text().replace("电影", "电\u200b影", 5).replace("。", "。\x1b[31m", 2).encode()
        ),
        False,
        "control characters",
    ),
    Case("kana", lambda: seed_text().replace("。", "。ありがとう。", 2).encode("utf-8"), False),
    Case("hangul", lambda: seed_text().replace("。", "。감사합니다。", 2).encode("utf-8"), False),
    Case("ext-b", lambda: seed_text().replace("吉", "𠮷").encode("utf-8"), False),
    Case(
        "traditional",
        lambda: (
            seed_text()
            .translate(str.maketrans("电影产业业内专门术语", "電影產業業內專門術語"))
            .encode()
        ),
        False,
    ),
    Case(
        "ssml",
        lambda: (
            "<speak>" + seed_text().replace("。", '。<break time="300ms"/>', 5) + "</speak>"
        ).encode("utf-8"),
        False,
        "HTML/SSML tags",
    ),
    Case(
        "pasted-html",
        lambda: (
            "<html><body>"
            + "".join(f"<p>{p}</p>" for p in seed_text().split("\n") if p.strip())
            + "</body></html>"
        ).encode("utf-8"),
        False,
        "HTML/SSML tags",
    ),
    Case("notice-only", lambda: _notice_page().encode("utf-8"), False),
    Case("300-articles", lambda: _many_articles(300).encode("utf-8"), False),
]
# Only the build benchmark runs this one: segmenting 5 MB takes minutes of a CI run.
BIG = Case("5-mb-page", lambda: _big_page(5).encode("utf-8"), False)


def write_case(case: Case, folder: Path) -> Path:
    path = folder / f"{case.name}.txt"
    path.write_bytes(case.make())
    return path
