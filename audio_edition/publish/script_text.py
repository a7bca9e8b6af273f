"""``script.txt``: the spoken script as read, one block per chapter, editable by editors.

The format round-trips: ``regenerate --script`` reads an edited block back, so an editor
can correct what the voice says without touching the page. A line is ``[role] spoken``;
a blank line after it marks a paragraph pause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from audio_edition import atomic
from audio_edition.errors import InputError
from audio_edition.models import Pause, Role, ScriptSegment

_HEADER = re.compile(r"^== (?P<part>\S+)(?: · (?P<title>.*))?$")
_LINE = re.compile(r"^\[(?P<role>[a-z]+)\]\s*(?P<spoken>.+)$")


def render_script(
    paper: str, date: str, segments: Sequence[ScriptSegment], titles: dict[str, str]
) -> str:
    lines = [
        f"# audio-edition script: {paper} {date}",
        "# Each block is one chapter; each line one spoken sentence as [role] text.",
        "# Fix a block, then: audio-edition regenerate EDITION_DIR --article ID --script",
    ]
    part = None
    for segment in segments:
        if segment.part != part:
            part = segment.part
            lines += ["", f"== {part} · {titles.get(part, part)}"]
        lines.append(f"[{segment.role.value}] {segment.spoken}")
        if segment.pause is not Pause.SENTENCE:
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_script(path: Path, text: str) -> None:
    atomic.write_text(path, text)


def read_script_block(path: Path, part: str) -> list[ScriptSegment]:
    """The segments of one chapter's block, as the editor left them.

    The last segment's pause is ARTICLE; the caller keeps the edition's own gap.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the edited script {path}: {exc}") from None
    segments: list[ScriptSegment] = []
    inside = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        header = _HEADER.match(line)
        if header:
            inside = header["part"] == part
            continue
        if not inside or line.startswith("#"):
            continue
        if not line:
            if segments and segments[-1].pause is Pause.SENTENCE:
                segments[-1].pause = Pause.PARAGRAPH
            continue
        match = _LINE.match(line)
        if not match or match["role"] not in {r.value for r in Role}:
            raise InputError(f"{path}:{number}: expected '[anchor|reporter|notice] text'")
        spoken = match["spoken"].strip()
        segments.append(ScriptSegment(part, Role(match["role"]), spoken, spoken))
    if not segments:
        raise InputError(f"{path} has no block '== {part}' with spoken lines")
    segments[-1].pause = Pause.ARTICLE
    return segments
