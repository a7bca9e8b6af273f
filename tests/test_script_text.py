from pathlib import Path

import pytest

from audio_edition.errors import InputError
from audio_edition.models import Pause, Role, ScriptSegment
from audio_edition.publish.script_text import read_script_block, render_script

SEGMENTS = [
    ScriptSegment("opening", Role.ANCHOR, "你好。", "你好。", Pause.SECTION),
    ScriptSegment("a01", Role.ANCHOR, "标题。", "标题。", Pause.PARAGRAPH),
    ScriptSegment("a01", Role.REPORTER, "第一句。", "第一句。", Pause.SENTENCE),
    ScriptSegment("a01", Role.REPORTER, "第二句。", "第二句。", Pause.ARTICLE),
    ScriptSegment("a02", Role.REPORTER, "别的。", "别的。", Pause.ARTICLE),
]


def test_block_round_trips_roles_text_and_paragraph_pauses(tmp_path: Path) -> None:
    path = tmp_path / "script.txt"
    path.write_text(render_script("本报", "2026-04-27", SEGMENTS, {"a01": "标题"}), "utf-8")
    block = read_script_block(path, "a01")
    assert [(s.role, s.spoken, s.pause) for s in block] == [
        (Role.ANCHOR, "标题。", Pause.PARAGRAPH),
        (Role.REPORTER, "第一句。", Pause.SENTENCE),
        (Role.REPORTER, "第二句。", Pause.ARTICLE),
    ]


def test_edited_line_is_read_as_written(tmp_path: Path) -> None:
    path = tmp_path / "script.txt"
    text = render_script("本报", "2026-04-27", SEGMENTS, {})
    path.write_text(text.replace("[reporter] 第一句。", "[reporter] 改过的第一句。"), "utf-8")
    assert read_script_block(path, "a01")[1].spoken == "改过的第一句。"


def test_missing_block_and_bad_line_are_input_errors(tmp_path: Path) -> None:
    path = tmp_path / "script.txt"
    path.write_text(render_script("本报", "2026-04-27", SEGMENTS, {}), "utf-8")
    with pytest.raises(InputError):
        read_script_block(path, "a09")
    path.write_text("== a01 · x\n[singer] 啦啦啦。\n", "utf-8")
    with pytest.raises(InputError, match="expected"):
        read_script_block(path, "a01")
