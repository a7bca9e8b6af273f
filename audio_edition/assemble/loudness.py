"""Bring every part to the same loudness, so the edition plays at -16 LUFS throughout.

Each part is normalised on its own: measured with ``ebur128``, its peaks limited if
the gain would push them past the ceiling, then brought to the target with
``loudnorm`` in ``linear=true`` mode with the measured values (a pure gain). Per part
rather than per edition because regenerating one article must leave every other
part's audio byte-identical, and because a part a few minutes long keeps each ffmpeg
run short.

Why a separate limiter: raw TTS speech has an 18-19 dB peak-to-loudness ratio, about
5 dB more than -16 LUFS under a -3 dBTP ceiling allows, so loudnorm would refuse linear mode
and fall back to its dynamic mode. Measured on the Baker voice and on synthetic
speech, that mode runs at 192 kHz (about 60x real time against 500x here), overshoots
its own true-peak target by up to 0.8 dB once back at 24 kHz, and on dense peaks stops
short of the target by 5 LU. ``alimiter`` at 96 kHz (4x, where sample peaks are
within a fraction of a dB of true peaks) holds the ceiling to 0.1 dB; its small loss of
loudness is measured and made up.

The targets are checked on the final MP3, not on the PCM, so the part targets carry
the encoder's margins (measured on the Baker voice, 64-128 kbps): LAME's psychoacoustic
model drops masked detail that K-weighting counts, costing about 0.4 LU, and its coding
noise lifts the true peak: by up to 0.9 dB on ten minutes of the Baker voice, by
1.0-1.5 dB on three hours of synthetic speech at 64 kbps (the longer the file, the
higher its single worst peak), and by 1.8 dB on the seed's opening read by the Kokoro
anchor at 64 kbps (peakier speech, 3.5 dB more peak-to-level than Baker's).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from audio_edition.assemble.ffmpeg import run_ffmpeg
from audio_edition.assemble.pcm import SAMPLE_BYTES, fit_length, with_gain
from audio_edition.assemble.timeline import PartAudio
from audio_edition.errors import AudioEditionError, InputError

TARGET_I = -16.0  # LUFS integrated on the final file: the podcast norm
TARGET_TP = -1.0  # dBTP ceiling on the final file
MP3_LOUDNESS_LOSS = 0.4  # LU the MP3 encoder takes off; see the module docstring
PART_I = TARGET_I + MP3_LOUDNESS_LOSS
PART_TP = -3.0  # ceiling of the final gain: 2 dB of room for MP3 coding noise
LIMIT_TP = -3.5  # the limiter's ceiling; the 0.5 dB below PART_TP is for make-up gain
TARGET_LRA = 11.0  # LU; speech sits well under it
OVERSAMPLE = 4  # the limiter runs at 4x the rate, where peaks are near true peaks
LIMITER_ROUNDS = 4  # limit again with more drive at most this often
MAX_LIMITING_DB = 9.0  # never push more than this into the limiter to chase loudness
LOUDNORM_MIN_S = 3.0  # loudnorm's window; shorter parts are measured looped
SILENT_LUFS = -70.0  # ebur128's absolute gate: nothing louder was measured


@dataclass(frozen=True)
class Loudness:
    """An ``ebur128`` summary: integrated LUFS, true peak dBTP, LRA and gate threshold."""

    integrated: float
    true_peak: float
    lra: float
    threshold: float

    @property
    def silent(self) -> bool:
        return self.integrated <= SILENT_LUFS or math.isinf(self.true_peak)


def measure_loudness(path: Path) -> tuple[float, float]:
    """``(integrated LUFS, true peak dBTP)`` of an audio file, as ebur128 measures it."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such audio file")
    summary = _ebur128(["-i", path, "-map", "0:a:0"], what=f"measure {path.name}")
    return summary.integrated, summary.true_peak


def measure_pcm(pcm: bytes, sample_rate: int) -> Loudness:
    """ebur128 summary of mono int16 PCM, streamed to ffmpeg (no temp file)."""
    return _ebur128(
        ["-f", "s16le", "-ar", sample_rate, "-ac", 1, "-i", "pipe:0"],
        what="measure loudness",
        stdin=pcm,
    )


def normalise_part(part: PartAudio) -> PartAudio:
    """The part at ``PART_I`` LUFS, true peak under ``PART_TP``; same length and spans.

    Parts normalised this way, joined and encoded, measure -16 LUFS and under -1 dBTP
    on the final MP3. Deterministic: the same input gives byte-identical output. A
    silent part is returned unchanged.
    """
    if part.samples == 0:
        return part
    rate = part.sample_rate
    measured = _measure_part(part.pcm, rate)
    if measured.silent:
        return PartAudio(part.audio, list(part.spans))
    pcm, measured = _limit_peaks(part.pcm, rate, measured)
    pcm = _final_gain(pcm, rate, measured)
    return PartAudio.from_pcm(pcm, part.spans, rate)


def normalise_parts(parts: Sequence[PartAudio], *, jobs: int = 2) -> list[PartAudio]:
    """``normalise_part`` over many parts, ``jobs`` at a time, results in order.

    Threads are enough: the work happens in ffmpeg subprocesses.
    """
    if jobs <= 1 or len(parts) <= 1:
        return [normalise_part(p) for p in parts]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(normalise_part, parts))


def _measure_part(pcm: bytes, sample_rate: int) -> Loudness:
    """Integrated loudness gates 400 ms blocks and loudnorm wants 3 s, so a shorter part
    is measured looped to that length: the loop is exactly as loud as the part."""
    samples = len(pcm) // SAMPLE_BYTES
    repeats = max(1, math.ceil(LOUDNORM_MIN_S * sample_rate / samples))
    return measure_pcm(pcm * repeats, sample_rate)


def _limit_peaks(pcm: bytes, sample_rate: int, measured: Loudness) -> tuple[bytes, Loudness]:
    """Gain the part towards ``PART_I`` through a limiter at ``LIMIT_TP`` when the gain
    alone would lift its peaks past ``PART_TP``; returns the audio and its measurement.

    Limiting takes some loudness with it: little for speech, whose peaks are sparse,
    more where loud stretches sit near the peak. While the loss exceeds the make-up
    headroom the original is limited again with more drive, stepping by the measured
    loudness-per-dB of the previous rounds (a secant step).
    """
    gain = PART_I - measured.integrated
    if measured.true_peak + gain <= PART_TP:
        return pcm, measured
    headroom = PART_TP - LIMIT_TP
    most = gain + MAX_LIMITING_DB
    limited, after = pcm, measured
    previous: tuple[float, float] | None = None  # (gain, loudness) of the last round
    for _ in range(LIMITER_ROUNDS):
        limited = b""  # let the last round's audio go before the next is made
        limited = _limiter(pcm, sample_rate, gain)
        after = _measure_part(limited, sample_rate)
        shortfall = PART_I - after.integrated
        # what the final gain can still add: the limiter's peaks sit a little over its
        # ceiling, so the nominal headroom would stop a round early
        if shortfall <= PART_TP - after.true_peak or gain >= most:
            break
        slope = 1.0
        if previous is not None and gain > previous[0]:
            slope = _clamp((after.integrated - previous[1]) / (gain - previous[0]), 0.1, 1.0)
        previous = (gain, after.integrated)
        gain = min(gain + (shortfall - headroom / 2) / slope, most)
    return limited, after


def _limiter(pcm: bytes, sample_rate: int, gain_db: float) -> bytes:
    chain = ",".join(
        [
            f"aresample={sample_rate * OVERSAMPLE}",
            f"volume={gain_db:.2f}dB",
            # level=disabled: no auto make-up gain; latency=true keeps the audio aligned.
            f"alimiter=limit={10 ** (LIMIT_TP / 20):.4f}:level=disabled"
            ":attack=5:release=50:latency=true",
            f"aresample={sample_rate}",
        ]
    )
    done = run_ffmpeg(
        [
            *("-f", "s16le", "-ar", sample_rate, "-ac", 1, "-i", "pipe:0", "-af", chain),
            *("-f", "s16le", "-ar", sample_rate, "-ac", 1, "pipe:1"),
        ],
        what="limit peaks",
        stdin=pcm,
    )
    return fit_length(done.stdout, len(pcm) // SAMPLE_BYTES)


def _final_gain(pcm: bytes, sample_rate: int, measured: Loudness) -> bytes:
    """The gain to ``PART_I`` (or as near as the peak ceiling allows), as loudnorm
    ``linear=true`` with the measured values; in numpy for parts under 3 s, where
    loudnorm ignores them and picks its own gain."""
    # 0.01 below the ceiling so loudnorm's own linear-mode test never rounds against us.
    target = min(PART_I, measured.integrated + PART_TP - measured.true_peak - 0.01)
    gain_db = target - measured.integrated
    if abs(gain_db) < 0.05:  # within ebur128's 0.1 LU resolution: leave the audio as is
        return pcm
    if len(pcm) // SAMPLE_BYTES < LOUDNORM_MIN_S * sample_rate:
        return with_gain(pcm, gain_db)
    settings = {
        "I": target,
        "TP": PART_TP,
        "LRA": _clamp(max(TARGET_LRA, measured.lra + 0.1), 1.0, 50.0),
        # loudnorm's accepted ranges; it also treats a measured LRA of exactly 0 or an
        # I of exactly 0 as "not measured" and would leave linear mode.
        "measured_I": _clamp(measured.integrated, -99.0, -0.01),
        "measured_TP": _clamp(measured.true_peak, -99.0, 98.0),
        "measured_LRA": _clamp(measured.lra, 0.01, 99.0),
        "measured_thresh": _clamp(measured.threshold, -99.0, 0.0),
    }
    spec = ":".join(f"{name}={value:.2f}" for name, value in settings.items())
    done = run_ffmpeg(
        [
            *("-f", "s16le", "-ar", sample_rate, "-ac", 1, "-i", "pipe:0"),
            # Name the output rate: loudnorm would run at 192 kHz if it left linear mode.
            *("-af", f"loudnorm={spec}:linear=true,aresample={sample_rate}"),
            *("-f", "s16le", "-ar", sample_rate, "-ac", 1, "pipe:1"),
        ],
        what="normalise loudness",
        stdin=pcm,
    )
    return fit_length(done.stdout, len(pcm) // SAMPLE_BYTES)


_SUMMARY = re.compile(
    r"Integrated loudness:\s*I:\s*(?P<i>\S+) LUFS\s*Threshold:\s*(?P<thresh>\S+) LUFS"
    r".*?LRA:\s*(?P<lra>\S+) LU"
    r".*?True peak:\s*Peak:\s*(?P<tp>\S+) dBFS",
    re.S,
)


def _ebur128(
    input_args: list[str | Path | int], *, what: str, stdin: bytes | None = None
) -> Loudness:
    done = run_ffmpeg(
        # framelog=verbose keeps the per-100 ms lines out of the info-level log we parse.
        [*input_args, "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"],
        what=what,
        stdin=stdin,
        loglevel="info",
    )
    log = done.stderr.decode("utf-8", "replace")
    found = _SUMMARY.search(log, log.rfind("Summary:") + 1)
    if found is None:
        raise AudioEditionError(f"ffmpeg could not {what}: no ebur128 summary in its output")
    return Loudness(
        integrated=float(found["i"]),
        true_peak=float(found["tp"]),
        lra=float(found["lra"]),
        threshold=float(found["thresh"]),
    )


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)
