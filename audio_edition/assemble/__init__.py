"""Assembly: clips -> chapter streams -> one loudness-normalised, chaptered, tagged MP3.

``join_part`` lays a chapter's clips out with its pauses, ``StreamCache`` turns each
chapter (after ``normalise_part``) and each gap into an MP3 stream encoded once and
cached, ``write_joined`` joins streams frame for frame behind one Info/LAME header, and
``tag_bytes`` / ``write_tags`` make the ID3 chapters, tags and ``make_cover``'s cover.
Everything that touches audio runs through the ffmpeg binary of imageio-ffmpeg.
"""

from audio_edition.assemble.cover import cover_png, make_cover
from audio_edition.assemble.id3 import EditionTags, read_chapters, tag_bytes, write_tags
from audio_edition.assemble.loudness import measure_loudness, normalise_part, normalise_parts
from audio_edition.assemble.mp3 import encode_mp3
from audio_edition.assemble.pcm import decode_to_pcm
from audio_edition.assemble.streams import EncoderSettings, Stream, StreamCache, write_joined
from audio_edition.assemble.timeline import EDITION_RATE, PAUSE_MS, PartAudio, join_part

__all__ = [
    "EDITION_RATE",
    "PAUSE_MS",
    "EditionTags",
    "EncoderSettings",
    "PartAudio",
    "Stream",
    "StreamCache",
    "cover_png",
    "decode_to_pcm",
    "encode_mp3",
    "join_part",
    "make_cover",
    "measure_loudness",
    "normalise_part",
    "normalise_parts",
    "read_chapters",
    "tag_bytes",
    "write_joined",
    "write_tags",
]
