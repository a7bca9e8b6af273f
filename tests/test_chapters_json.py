import json
from pathlib import Path

from audio_edition.models import Chapter
from audio_edition.publish.chapters_json import write_chapters_json


def test_chapters_json_shape(tmp_path: Path) -> None:
    path = tmp_path / "chapters.json"
    write_chapters_json(
        path,
        [Chapter("ch0", "opening", "开场", 0, 1234), Chapter("ch1", "a01", "标题", 1234, 5000)],
    )
    data = json.loads(path.read_text("utf-8"))
    assert data["version"] == "1.2.0"
    assert data["chapters"] == [
        {"startTime": 0.0, "title": "开场"},
        {"startTime": 1.234, "title": "标题"},
    ]
