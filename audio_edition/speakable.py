"""What the voice can say, decided sentence by sentence in the script stage.

Normalisation turns digits, Latin letters and symbols into words and drops what it has
no words for; the offline voice then reads Han characters only, and only those it has
a reading for. Left alone, kana, Hangul, emoji or a rare character vanish from the
audio while the transcript still shows them, or stop the build. So before a sentence is
normalised, ``fit`` decides, for the voice that will speak it:

1. characters of a lexicon word are read as the lexicon says (always first);
2. a Han character the offline frontend cannot read is read through its standard form:
   its NFKC form (compatibility ideographs, Kangxi radicals from PDF copies), else the
   variant in ``variants.tsv`` (derived from Unihan, see
   ``scripts/make_variant_table.py``), with a warning when it is a variant;
3. what is left unspoken (a Han character with no reading at all for the offline voice;
   letters, digits, emoji or private-use characters normalisation has no words for) is
   removed from the printed sentence too, so the transcript shows what is spoken, with a
   warning naming it and its sentence. Online voices keep kana and Hangul.

Decoration (arrows, boxes, geometric shapes, ★) and punctuation are not warned about:
they were never meant to be read.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from audio_edition.engines.offline.frontend import can_read, is_han
from audio_edition.normalize import PAUSE_MARKS, LatinMode, normalize
from audio_edition.voices import Lexicon

VARIANTS_FILE = Path(__file__).with_name("variants.tsv")
_CONTEXT = 30  # characters of the sentence quoted on each side of what was removed


@dataclass(frozen=True)
class Speakable:
    """What the engines that may speak a script can say: ``han`` for the offline voice
    (Han characters it has readings for), ``letters`` for online voices (which also read
    Latin letters, kana, Hangul and any Han character)."""

    latin: LatinMode = "han"
    lexicon: Lexicon = field(default_factory=Lexicon)

    @classmethod
    def for_engines(cls, engines: Iterable[str], lexicon: Lexicon | None = None) -> Speakable:
        """The strictest of ``engines`` (a clip may fall back to any of them); only
        ``edge`` is an online voice, any other engine reads like the offline one."""
        names = set(engines)
        latin: LatinMode = "letters" if names and names <= {"edge"} else "han"
        return cls(latin, lexicon or Lexicon())

    @property
    def voice(self) -> str:
        return "offline" if self.latin == "han" else "online"


@dataclass(frozen=True)
class Fitted:
    """A sentence as the voice will speak it: ``text`` is the printed sentence less what
    was removed (what the transcript shows), ``reading`` the same with variants replaced
    by their standard form (what is normalised and spoken)."""

    text: str
    reading: str
    warnings: list[str]


@functools.lru_cache(maxsize=1)
def variants() -> dict[str, str]:
    """Rare character -> the standard form it is read as (``variants.tsv``)."""
    table: dict[str, str] = {}
    for line in VARIANTS_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            char, standard = line.split("\t")[:2]
            table[char] = standard
    return table


def standard_form(char: str) -> tuple[str, bool] | None:
    """(readable Han character, taken from the variant table) for a character the
    frontend cannot read, or None. NFKC comes first: it is the same character."""
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) == 1 and folded != char and can_read(folded):
        return folded, False
    variant = variants().get(char)
    if variant and can_read(variant):
        return variant, True
    return None


def _is_decoration(char: str) -> bool:
    code = ord(char)
    return 0x2190 <= code <= 0x21FF or 0x2500 <= code <= 0x25FF or char in "★☆"


def is_content(char: str) -> bool:
    """A character that carries words: letters and numbers of any script, emoji and
    other pictographs, private-use and unassigned code points (a broken font's glyphs)."""
    category = unicodedata.category(char)
    if category[0] in "LN" or category in ("Co", "Cn"):
        return True
    return category == "So" and not _is_decoration(char)


@functools.lru_cache(maxsize=4096)
def normalize_reads(char: str, latin: LatinMode) -> bool:
    """True if normalisation gives ``char`` some words (3 -> 三, A -> 诶, α -> 阿尔法)."""
    return bool(normalize(char, latin=latin).strip(PAUSE_MARKS + " "))


def kind(char: str) -> str:
    """How a warning names a removed character: its script, emoji, or its code point."""
    name = unicodedata.name(char, "")
    if name.startswith(("HIRAGANA", "KATAKANA")):
        return "kana"
    if name.startswith("HANGUL"):
        return "Hangul"
    if is_han(char):
        return f"U+{ord(char):04X}, no reading known"
    if ord(char) >= 0x1F000 or 0x2600 <= ord(char) <= 0x27BF:
        return "emoji"
    return f"U+{ord(char):04X}"


def _lexicon_positions(sentence: str, lexicon: Lexicon) -> set[int]:
    taken: set[int] = set()
    for word in lexicon.words_longest_first():
        start = sentence.find(word)
        while start != -1:
            taken.update(range(start, start + len(word)))
            start = sentence.find(word, start + 1)
    return taken


def _quote(sentence: str, start: int, end: int) -> str:
    if len(sentence) <= 2 * _CONTEXT:
        return sentence
    left, right = max(0, start - _CONTEXT), min(len(sentence), end + _CONTEXT)
    return ("…" if left else "") + sentence[left:right] + ("…" if right < len(sentence) else "")


def _keeps(char: str, speakable: Speakable) -> bool:
    if is_han(char):
        return speakable.latin == "letters" or can_read(char)
    return not is_content(char) or normalize_reads(char, speakable.latin)


def fit(sentence: str, speakable: Speakable) -> Fitted:
    """The sentence as the voice can speak it, and a warning for each change heard."""
    reading = list(sentence)
    removed: list[int] = []
    warnings: list[str] = []
    covered = _lexicon_positions(sentence, speakable.lexicon)
    for index, char in enumerate(sentence):
        if index in covered or char.isascii():
            continue
        if (is_han(char) or is_content(char)) and not (is_han(char) and can_read(char)):
            standard = standard_form(char)
            if standard is not None:
                reading[index], from_table = standard
                if from_table:
                    warnings.append(
                        f"'{char}' (U+{ord(char):04X}) read as its variant '{standard[0]}' "
                        f"in '{_quote(sentence, index, index + 1)}'"
                    )
                continue
        if not _keeps(char, speakable):
            removed.append(index)
    for start, end in _runs(removed):
        warnings.append(
            f"'{sentence[start:end]}' ({kind(sentence[start])}) removed from "
            f"'{_quote(sentence, start, end)}': the {speakable.voice} voice cannot say it"
        )
    gone = set(removed)
    return Fitted(
        "".join(c for i, c in enumerate(sentence) if i not in gone),
        "".join(c for i, c in enumerate(reading) if i not in gone),
        warnings,
    )


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Consecutive indices as (start, end) spans."""
    runs: list[tuple[int, int]] = []
    for index in indices:
        if runs and runs[-1][1] == index:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    return runs
