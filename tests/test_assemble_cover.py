"""make_cover: a square PNG, Chinese only with a CJK font, never shipped fonts."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from audio_edition.assemble import cover, cover_png
from audio_edition.assemble.cover import find_latin_font, make_cover
from audio_edition.errors import InputError


def image(png: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(png))
    picture.load()
    return picture


def test_cover_is_a_1400_square_png() -> None:
    png = make_cover("江西日报", "2026-04-27")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    picture = image(png)
    assert picture.format == "PNG"
    assert picture.size == (1400, 1400)
    assert picture.mode == "RGB"


def test_cover_is_stable_and_differs_by_date() -> None:
    first = make_cover("江西日报", "2026-04-27")
    assert make_cover("江西日报", "2026-04-27") == first
    assert make_cover("江西日报", "2026-04-28") != first


def test_size_and_an_unparsed_date() -> None:
    picture = image(make_cover("Daily", "spring edition", size=3000))
    assert picture.size == (3000, 3000)


def test_without_a_cjk_font_the_cover_is_ascii(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []
    original = cover._centred

    def spy(draw, text, font_path, *args):  # type: ignore[no-untyped-def]
        drawn.append(text)
        return original(draw, text, font_path, *args)

    monkeypatch.setattr(cover, "find_cjk_font", lambda: None)
    monkeypatch.setattr(cover, "_centred", spy)
    make_cover("江西日报", "2026-04-27", size=400)
    assert all(text.isascii() for text in drawn)
    assert "AUDIO EDITION" in drawn and "04.27" in drawn and "2026" in drawn


def test_with_a_cjk_font_the_paper_name_is_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[tuple[str, str | None]] = []
    original = cover._centred

    def spy(draw, text, font_path, *args):  # type: ignore[no-untyped-def]
        drawn.append((text, font_path))
        return original(draw, text, font_path, *args)

    # Any font file exercises the path; glyph coverage is the real font's business.
    font = find_latin_font()
    monkeypatch.setattr(cover, "find_cjk_font", lambda: font)
    monkeypatch.setattr(cover, "_centred", spy)
    make_cover("江西日报", "2026-04-27", size=400)
    assert ("江西日报", font) in drawn
    assert ("音频版", font) in drawn


def test_user_cover_becomes_a_square_png(tmp_path) -> None:
    source = tmp_path / "cover.jpg"
    Image.new("RGB", (1800, 1200), "red").save(source, format="JPEG")
    png = cover_png(source)
    with Image.open(io.BytesIO(png)) as image:
        assert (image.format, image.size) == ("PNG", (1400, 1400))


def test_user_cover_that_is_not_an_image_is_an_input_error(tmp_path) -> None:
    bogus = tmp_path / "cover.png"
    bogus.write_text("not an image", "utf-8")
    with pytest.raises(InputError, match="not a readable image"):
        cover_png(bogus)
    with pytest.raises(InputError, match="not found"):
        cover_png(tmp_path / "missing.png")


def test_a_generated_cover_is_drawn_once_per_paper_and_date(tmp_path, monkeypatch) -> None:
    first = cover.generated_cover("咸宁日报", "2026-04-27", tmp_path)
    assert first == cover.make_cover("咸宁日报", "2026-04-27")
    assert len(list(tmp_path.iterdir())) == 1

    def no_drawing(*args, **kwargs):
        raise AssertionError("drawn again")

    monkeypatch.setattr(cover, "make_cover", no_drawing)
    assert cover.generated_cover("咸宁日报", "2026-04-27", tmp_path) == first
    with pytest.raises(AssertionError, match="drawn again"):
        cover.generated_cover("咸宁日报", "2026-04-28", tmp_path)
