"""A square cover for each edition, drawn with Pillow: the date large, the paper's name.

Podcast directories want a square 1400-3000 px image. The paper's Chinese name is
drawn only when the machine has a CJK font (we never ship fonts); otherwise the cover
says "AUDIO EDITION" in a Latin font, so it never shows boxes for missing glyphs.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import shutil
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from audio_edition import atomic
from audio_edition.errors import InputError

COVER_VERSION = "1"  # bump when make_cover draws differently

_CJK_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)

_PAPER = (244, 239, 230)  # newsprint
_INK = (28, 28, 30)
_MASTHEAD = (178, 34, 34)  # the red of a Chinese daily's masthead
_WHITE = (255, 255, 255)


def make_cover(paper: str, date: str, *, size: int = 1400) -> bytes:
    """A ``size``x``size`` PNG: red masthead with the paper's name, the date in large
    digits, a small waveform. The same inputs give the same bytes on one machine."""
    cjk = find_cjk_font()
    latin = find_latin_font()
    image = Image.new("RGB", (size, size), _PAPER)
    draw = ImageDraw.Draw(image)
    width = int(size * 0.84)

    band = int(size * 0.27)
    draw.rectangle((0, 0, size, band), fill=_MASTHEAD)
    name = paper.strip() if cjk or paper.strip().isascii() else ""
    masthead_font = cjk or latin
    _centred(
        draw,
        name or "AUDIO EDITION",
        masthead_font,
        size // 2,
        band // 2,
        width,
        int(size * (0.14 if name else 0.09)),
        _WHITE,
    )

    day = _parse_date(date)
    big = f"{day:%m.%d}" if day else date
    _centred(draw, big, latin, size // 2, int(size * 0.52), width, int(size * 0.30), _INK)
    if day:
        _centred(
            draw, str(day.year), latin, size // 2, int(size * 0.71), width, int(size * 0.08), _INK
        )
    label, label_font = ("音频版", cjk) if cjk else ("MANDARIN AUDIO EDITION", latin)
    _centred(
        draw, label, label_font, size // 2, int(size * 0.80), width, int(size * 0.05), _MASTHEAD
    )
    _waveform(draw, f"{paper}|{date}", size)

    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def generated_cover(paper: str, date: str, cache: Path | None = None) -> bytes:
    """``make_cover``'s cover, drawn once per paper, date and fonts and kept in ``cache``
    (drawing and compressing it takes a tenth of a second of every build)."""
    if cache is None:
        return make_cover(paper, date)
    fonts = f"{find_cjk_font()}|{find_latin_font()}"
    key = hashlib.sha256(f"{COVER_VERSION}|{paper}|{date}|{fonts}".encode()).hexdigest()
    path = cache / f"{key}.png"
    try:
        return path.read_bytes()
    except OSError:
        cover = make_cover(paper, date)
        atomic.write_bytes(path, cover)
        return cover


@functools.lru_cache(maxsize=1)
def cover_png(path: Path, *, size: int = 1400) -> bytes:
    """A user's cover image as a square PNG of ``size`` px (podcast apps want 1400-3000 px
    squares), centre-cropped; anything that is not an image is an ``InputError``."""
    try:
        with Image.open(path) as image:
            image = image.convert("RGB")
    except FileNotFoundError:
        raise InputError(f"{path}: cover image not found") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable image ({exc})") from None
    side = min(image.size)
    left, top = (image.width - side) // 2, (image.height - side) // 2
    square = image.crop((left, top, left + side, top + side)).resize((size, size))
    buffer = io.BytesIO()
    square.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def find_cjk_font() -> str | None:
    """Path of a font on this machine that covers Chinese, or None."""
    for candidate in _CJK_FONT_FILES:
        if Path(candidate).is_file():
            return candidate
    listed = _fc(["fc-list", ":lang=zh", "file"])
    files = sorted(line.rstrip(": ").strip() for line in listed.splitlines() if line.strip())
    return files[0] if files else None


@functools.lru_cache(maxsize=1)
def find_latin_font() -> str | None:
    """A bold sans font for digits and Latin text; None means Pillow's bundled font."""
    found = _fc(["fc-match", "-f", "%{file}", "sans:bold"]).strip()
    return found if found and Path(found).is_file() else None


def _fc(command: list[str]) -> str:
    if shutil.which(command[0]) is None:
        return ""
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _font(path: str | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if path is None:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(path, size=size, index=_simplified_face(path))


@functools.lru_cache(maxsize=8)
def _simplified_face(path: str) -> int:
    """In a font collection (.ttc), the Simplified Chinese face if it names one."""
    if not path.lower().endswith(".ttc"):
        return 0
    for index in range(8):
        try:
            family = ImageFont.truetype(path, size=12, index=index).getname()[0] or ""
        except OSError:
            break
        if family.endswith(" SC") or "SC " in family:
            return index
    return 0


def _centred(
    draw: ImageDraw.ImageDraw,
    text: str,
    font_path: str | None,
    x: int,
    y: int,
    max_width: int,
    size: int,
    fill: tuple[int, int, int],
) -> None:
    """Draw ``text`` centred on (x, y), shrinking the font until it fits ``max_width``."""
    while True:
        font = _font(font_path, size)
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        if right - left <= max_width or size <= 8:
            break
        size = size * max_width // (right - left)
    draw.text((x - (left + right) / 2, y - (top + bottom) / 2), text, font=font, fill=fill)


def _waveform(draw: ImageDraw.ImageDraw, seed: str, size: int) -> None:
    """A row of bars along the bottom, shaped by a hash so each edition differs a little."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    bars = 31
    pitch = size * 0.8 / bars
    base = size * 0.92
    for i in range(bars):
        envelope = 1 - abs(i - bars // 2) / (bars / 2)  # tallest in the middle
        height = size * 0.07 * (0.25 + 0.75 * envelope * digest[i] / 255)
        x = size * 0.1 + i * pitch
        draw.rounded_rectangle(
            (x, base - height / 2, x + pitch * 0.55, base + height / 2),
            radius=pitch * 0.25,
            fill=_MASTHEAD,
        )


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None
