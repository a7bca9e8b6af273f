"""How much memory assembly will take, known from the script before a clip is spoken.

Assembly holds only the chapters in hand: ``jobs`` at a time, each as a few copies of
its PCM (its clips, the joined part, the loudness pass's output, ffmpeg's reply), and
never the edition, which goes to disk a stream at a time. So the peak is set by the
longest chapters, and an edition whose longest chapter cannot fit is refused before
minutes of synthesis rather than after. Fewer chapters in parallel are used when that is
enough to fit.

The budget is ``$AUDIO_EDITION_MEMORY`` (``4G``, ``512M``, bytes) when set, else the
memory the system says is available; on a system that says nothing, nothing is refused.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from audio_edition.assemble.pcm import EDITION_RATE, SAMPLE_BYTES
from audio_edition.assemble.timeline import PAUSE_MS
from audio_edition.errors import InputError
from audio_edition.models import Pause, ScriptSegment

MEMORY_ENV = "AUDIO_EDITION_MEMORY"
# Spoken seconds per character of the script: 0.19 measured on the Baker voice (0.22
# with pauses); more, so the estimate errs on the side of the edition being longer.
SECONDS_PER_CHAR = 0.25
# Copies of a chapter's PCM alive at once while it is joined, normalised and encoded:
# measured 103 MB above the interpreter with two 4.5-minute chapters (13 MB each) in hand.
COPIES = 4
# The interpreter, numpy, mutagen, the manifest being built: what assembly adds to.
BASE_BYTES = 200 * 2**20
BYTES_PER_SEGMENT = 4096  # manifest rows, cues and the script text, per sentence
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$", re.I)


def chapter_seconds(segments: Sequence[ScriptSegment]) -> dict[str, float]:
    """Estimated audio length of each chapter (part), from its spoken text and pauses."""
    seconds: dict[str, float] = {}
    for segment in segments:
        pause = PAUSE_MS[Pause(segment.pause)] / 1000
        spoken = len(segment.spoken) * SECONDS_PER_CHAR + pause
        seconds[segment.part] = seconds.get(segment.part, 0.0) + spoken
    return seconds


def assembly_bytes(segments: Sequence[ScriptSegment], jobs: int) -> int:
    """Peak memory assembling these segments with ``jobs`` chapters in parallel."""
    longest = sorted(chapter_seconds(segments).values(), reverse=True)[: max(1, jobs)]
    pcm = sum(longest) * EDITION_RATE * SAMPLE_BYTES
    return int(BASE_BYTES + COPIES * pcm + BYTES_PER_SEGMENT * len(segments))


def assembly_jobs(
    segments: Sequence[ScriptSegment],
    jobs: int,
    *,
    titles: Mapping[str, str] | None = None,
    budget: int | None = None,
) -> int:
    """The parallelism to assemble with: ``jobs``, or fewer when that is what fits.

    Raises ``InputError`` with the estimate when even one chapter at a time does not
    (``titles`` names the chapters in the message).
    """
    budget = memory_budget() if budget is None else budget
    if budget is None or not segments:
        return jobs
    for candidate in range(max(1, jobs), 0, -1):
        if assembly_bytes(segments, candidate) <= budget:
            return candidate
    seconds = chapter_seconds(segments)
    part = max(seconds, key=seconds.__getitem__)
    name = (titles or {}).get(part, part)
    raise InputError(
        f"assembling this edition needs about {_size(assembly_bytes(segments, 1))} of memory"
        f" (its longest chapter, {name}, is about {seconds[part] / 60:.0f} min of audio);"
        f" {_size(budget)} is available: split the chapter or set {MEMORY_ENV}"
    )


def memory_budget() -> int | None:
    """``$AUDIO_EDITION_MEMORY`` in bytes, else the system's available memory, else None."""
    value = os.environ.get(MEMORY_ENV)
    if value:
        found = _SIZE.match(value)
        if found is None:
            raise InputError(f"{MEMORY_ENV} must be a size such as 4G or 512M, not {value!r}")
        number, unit = float(found[1]), found[2].upper()
        return int(number * 1024 ** " KMGT".index(unit or " "))
    return _available()


def _available() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def _size(count: float) -> str:
    return f"{count / 2**30:.1f} GB" if count >= 2**30 else f"{count / 2**20:.0f} MB"
