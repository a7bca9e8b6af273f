"""Reading page files: encodings detected from the bytes, bad input refused in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from audio_edition.errors import InputError
from audio_edition.page_text import read_page_text, reads_as_chinese
from audio_edition.segment import segment_page

PAGES = Path(__file__).parent / "pages"
SEED = Path(__file__).parent.parent / "seeds" / "000_738350908e41f89e.txt"
SAMPLE = "注销公告\n\n中国农业银行咸宁温泉支行客户:\n\n账号:17680501040004685,特此声明!\n"


def write(tmp_path: Path, data: bytes, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: t.encode("utf-8-sig"),
        lambda t: t.encode("utf-16"),  # with BOM, native order
        lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
        lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
        lambda t: t.encode("gbk"),
        lambda t: t.encode("gb18030"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-be-bom", "utf16-le-bom", "gbk", "gb18030"],
)
def test_every_supported_encoding_reads_back_the_same_text(tmp_path: Path, encode) -> None:
    assert read_page_text(write(tmp_path, encode(SAMPLE))) == SAMPLE


def test_utf16_without_bom_is_recognised_from_its_text(tmp_path: Path) -> None:
    assert read_page_text(write(tmp_path, SAMPLE.encode("utf-16-le"))) == SAMPLE


def test_newlines_are_normalised_and_the_bom_stripped(tmp_path: Path) -> None:
    data = "\ufeff标题\r\n\r\n正文第一段。\r正文第二段。\n".encode()
    assert read_page_text(write(tmp_path, data)) == "标题\n\n正文第一段。\n正文第二段。\n"


def test_a_gbk_page_segments_exactly_like_its_utf8_original(tmp_path: Path) -> None:
    original = (PAGES / "briefs_only.txt").read_text(encoding="utf-8")
    gbk = write(tmp_path, original.encode("gbk"), "gbk.txt")
    text = read_page_text(gbk)
    assert text == original
    assert segment_page(text) == segment_page(original)


def test_the_seed_page_survives_a_utf16_round_trip(tmp_path: Path) -> None:
    original = SEED.read_text(encoding="utf-8")
    utf16 = write(tmp_path, original.replace("\n", "\r\n").encode("utf-16"), "utf16.txt")
    text = read_page_text(utf16)
    assert text == original
    assert [a.headline for a in segment_page(text).articles] == [
        a.headline for a in segment_page(original).articles
    ]


def assert_refused(path: Path, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        read_page_text(path)
    message = str(info.value)
    assert str(path) in message and fragment in message
    assert "\n" not in message


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert_refused(tmp_path / "nope.txt", "no such file")


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert_refused(tmp_path, "folder")


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\t ", "\u3000\n".encode(), b"\xef\xbb\xbf\n"])
def test_an_empty_or_blank_file_is_refused(tmp_path: Path, data: bytes) -> None:
    assert_refused(write(tmp_path, data), "empty")


def test_a_binary_file_with_nul_bytes_is_refused(tmp_path: Path) -> None:
    assert_refused(
        write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))), "binary"
    )


def test_random_bytes_are_refused(tmp_path: Path) -> None:
    data = bytes((i * 37 + 11) % 256 for i in range(4096)).replace(b"\x00", b"\x01")
    with pytest.raises(InputError):
        read_page_text(write(tmp_path, data))


def test_text_of_mostly_control_characters_is_refused(tmp_path: Path) -> None:
    assert_refused(write(tmp_path, ("标题" + "\x07\x08\x1b" * 20).encode()), "binary")


def test_text_without_any_han_is_refused(tmp_path: Path) -> None:
    assert_refused(write(tmp_path, b"Just an English page.\n"), "no Chinese text")


def test_undecodable_bytes_are_refused(tmp_path: Path) -> None:
    # invalid UTF-8 and invalid GB18030 (0x80 and 0xFF are never lead bytes there)
    assert_refused(write(tmp_path, b"\xff\x80\xff\x80 \xe4\xb8" * 10), "encoding")


def test_a_broken_file_after_a_utf16_bom_is_refused(tmp_path: Path) -> None:
    assert_refused(
        write(tmp_path, b"\xff\xfe" + "标题".encode("utf-16-le") + b"\x00\xd8"), "broken"
    )


def test_plausibility_rejects_mojibake() -> None:
    assert reads_as_chinese("咸宁日报,2026年4月27日。")
    # UTF-8 bytes of Chinese misread as Latin-1: no Han at all
    assert not reads_as_chinese("咸宁日报".encode().decode("latin-1"))
    assert not reads_as_chinese("标题" + "\ue000\ue001\ue002" * 10)  # private-use noise


def test_markup_control_and_zero_width_characters_are_removed_and_named() -> None:
    from audio_edition.page_text import clean_page_text

    text, removed = clean_page_text(
        "<speak>本报讯 近日,<break time='500ms'/>咸宁市召开会议。</speak>\n"
        "<p>为营造&ldquo;爱读书&rdquo;的氛围</p>\x1b[31m红色\x1b[0m\u200b文字。《人民日报》<3\n"
    )
    assert (
        text
        == "\n本报讯 近日,咸宁市召开会议。\n\n\n为营造“爱读书”的氛围\n红色文字。《人民日报》<3\n"
    )
    assert removed == [
        "removed 2 control characters",
        "removed 1 zero-width characters",
        "removed 5 HTML/SSML tags",
        "decoded HTML entities",
    ]


def test_plain_page_text_is_left_as_it_is() -> None:
    from audio_edition.page_text import clean_page_text

    page = "咸宁市海龙农资有限公司,账号:17680501040004651 & 股票代码<600354>。\n"
    assert clean_page_text(page) == (page, [])
