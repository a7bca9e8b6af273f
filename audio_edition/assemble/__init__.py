"""Assembly: clips -> parts -> one loudness-normalised, chaptered, tagged MP3.

``join_part`` lays a chapter's clips out with its pauses, ``normalise_part`` brings it
to the edition's loudness, ``join_edition`` puts the parts together with gaps and the
section chime, ``encode_mp3`` writes the MP3 and ``write_tags`` its chapters, tags and
``make_cover``'s cover. Everything runs through the ffmpeg binary of imageio-ffmpeg.
"""

from audio_edition.assemble.cover import cover_png, make_cover
from audio_edition.assemble.id3 import EditionTags, read_chapters, write_tags
from audio_edition.assemble.loudness import measure_loudness, normalise_part, normalise_parts
from audio_edition.assemble.mp3 import encode_mp3
from audio_edition.assemble.pcm import decode_to_pcm
from audio_edition.assemble.timeline import (
    EDITION_RATE,
    PAUSE_MS,
    EditionAudio,
    PartAudio,
    join_edition,
    join_part,
)

__all__ = [
    "EDITION_RATE",
    "PAUSE_MS",
    "EditionAudio",
    "EditionTags",
    "PartAudio",
    "cover_png",
    "decode_to_pcm",
    "encode_mp3",
    "join_edition",
    "join_part",
    "make_cover",
    "measure_loudness",
    "normalise_part",
    "normalise_parts",
    "read_chapters",
    "write_tags",
]
