"""Find the ffmpeg binary that imageio-ffmpeg ships and run it with one-line errors.

The machine has no system ffmpeg and no ffprobe, so every decode, resample, loudness
measurement and encode goes through this one binary. Failures become an
``AudioEditionError`` naming what we were trying to do and ffmpeg's own last words,
instead of a wall of banner text.
"""

from __future__ import annotations

import functools
import subprocess
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

from audio_edition.errors import AudioEditionError

# Banner, build flags and per-frame progress are noise on every call we make.
_QUIET = ("-hide_banner", "-nostdin", "-nostats")


@functools.lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """Path of the bundled ffmpeg binary (imageio-ffmpeg downloads none at run time)."""
    import imageio_ffmpeg

    try:
        return imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError as exc:  # imageio-ffmpeg raises this when the binary is absent
        raise AudioEditionError(f"ffmpeg not found: {exc}") from exc


def use_bundled_ffmpeg_for_pydub() -> None:
    """Point pydub at the bundled binary; pydub only looks on PATH, where there is none.

    pydub warns at import that no ffmpeg is on PATH, and about its own old regexes and
    audioop; none of that is ours to fix or the user's to read.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pydub.generators  # the generators' import warns too

    pydub.AudioSegment.converter = ffmpeg_exe()


def run_ffmpeg(
    args: Sequence[str | Path],
    *,
    what: str,
    stdin: bytes | memoryview | None = None,
    loglevel: str = "error",
) -> subprocess.CompletedProcess[bytes]:
    """Run ffmpeg with ``args``; raise ``AudioEditionError("ffmpeg could not <what>: …")``.

    ``stdin`` is streamed to the process (``communicate`` writes it in slices of a
    memoryview, so a long edition's PCM is never copied). What ffmpeg writes to stdout
    goes to an unnamed temp file and is read back in one piece: collecting it from a
    pipe holds every chunk and their join at once, twice the audio. ``loglevel="info"``
    is for the filters (ebur128, loudnorm) that report their results on stderr.
    """
    command = [ffmpeg_exe(), *_QUIET, "-loglevel", loglevel, *map(str, args)]
    with tempfile.TemporaryFile() as output:
        try:
            done = subprocess.run(
                command,
                input=stdin,
                stdin=None if stdin is not None else subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.PIPE,
                check=False,
            )
        except OSError as exc:
            raise AudioEditionError(f"ffmpeg could not {what}: {exc}") from exc
        if done.returncode != 0:
            raise AudioEditionError(f"ffmpeg could not {what}: {last_line(done.stderr)}")
        output.seek(0)
        done.stdout = output.read()
    return done


def last_line(stderr: bytes) -> str:
    """The last non-empty line ffmpeg wrote: where it says what actually went wrong."""
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines()]
    lines = [ln for ln in lines if ln]
    return lines[-1] if lines else "no error message"
