"""The short sting that marks a new section of the edition (news -> briefs -> notices).

Two soft sine tones a fifth apart, the second overlapping the first, each with gentle
fades so there is no click. It is quiet on purpose (peaks near -16 dBFS, well under
the speech): it should signal a change, not jolt a listener set for -16 LUFS speech.
"""

from __future__ import annotations

import functools

from audio_edition.assemble.ffmpeg import use_bundled_ffmpeg_for_pydub
from audio_edition.assemble.pcm import EDITION_RATE, fit_length, samples_for_ms

CHIME_MS = 600
CHIME_VERSION = "1"  # bump when the chime's sound changes (cached gap streams hold it)

# (frequency Hz, start ms, length ms, level dBFS): A5 then E6, overlapping.
_TONES = ((880.0, 0, 380, -20.0), (1318.5, 180, 420, -22.0))


@functools.lru_cache(maxsize=4)
def chime_pcm(sample_rate: int = EDITION_RATE) -> bytes:
    """Mono int16 PCM of the chime, exactly ``CHIME_MS`` long; the same bytes every time."""
    use_bundled_ffmpeg_for_pydub()
    from pydub import AudioSegment
    from pydub.generators import Sine

    sting = AudioSegment.silent(duration=CHIME_MS, frame_rate=sample_rate)
    sting = sting.set_channels(1).set_sample_width(2)
    for freq, start, length, level in _TONES:
        tone = Sine(freq, sample_rate=sample_rate, bit_depth=16).to_audio_segment(
            duration=length, volume=level
        )
        tone = tone.set_channels(1).fade_in(15).fade_out(length * 2 // 3)
        sting = sting.overlay(tone, position=start)
    return fit_length(sting.raw_data, samples_for_ms(CHIME_MS, sample_rate))
