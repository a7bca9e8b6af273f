"""Spoken Mandarin text -> the Baker symbol sequences the FastSpeech2 model was trained on.

The model reads ``sil``, one group per Han character (initial or ``^``, then final with
tone 1-5), ``#0`` between characters, ``#1``-``#3`` at prosodic breaks, ``sil``, ``eos``.
Anything that is not a Han character vanishes from the audio under that scheme, so this
module refuses (``UnreadableText``) rather than drop a character it cannot read: digits
and Latin letters must have been turned into Han readings by ``normalize`` first.

Readings come from ``audio_edition.pronounce.pinyin`` (phrases, polyphones, sandhi,
erhua), and the user lexicon overrides them word by word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from audio_edition import pronounce
from audio_edition.engines.offline import assets
from audio_edition.errors import InputError, UnreadableText
from audio_edition.pronounce import ERHUA
from audio_edition.pronounce.cut import tokenizer
from audio_edition.voices import Lexicon

PAUSE_MARKS = "，。！？；、："
SENTENCE_MARKS = "。！？；"
CLAUSE_MARKS = "，、："
# A sentence longer than this (in characters read) is cut at its commas: FastSpeech2
# loses prosody and clarity on long inputs, and shorter utterances also spread better
# over worker processes.
MAX_UTTERANCE_CHARS = 40
# The model's two position tables end at 2048: an utterance of more than 2048 symbols,
# or one whose predicted mel is longer than 2048 frames, fails in LiteRT with "gather
# index out of bounds" (measured: 2042 symbols at speed 0.1 pass, 2102 fail; 2046 frames
# pass, about 2060 fail). Frames are the bound that bites: a symbol lasts at most 7.1
# frames at speed 1 (measured over 120 corpus utterances; 4.6 in long unpunctuated runs),
# and durations scale with the speed ratio. MODEL_SAFETY keeps a margin below the table.
MODEL_POSITIONS = 2048
FRAMES_PER_SYMBOL = 7.2
MODEL_SAFETY = 0.8

# The prosody mark that stands for each pause punctuation inside an utterance (#3 is an
# intonational-phrase break in the Baker labels, #2 a prosodic-phrase break).
_PROSODY_MARK = {"，": "#3", "：": "#3", "；": "#3", "。": "#3", "！": "#3", "？": "#3", "、": "#2"}

_INITIALS = (
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l",
    "g", "k", "h", "j", "q", "x", "r", "z", "c", "s",
)  # fmt: skip
# The finals of the Baker inventory (each exists with tones 1-5 in the model's vocabulary).
# fmt: off
_FINALS = frozenset({
    "a", "ai", "an", "ang", "ao", "e", "ei", "en", "eng", "er", "i", "ia", "ian",
    "iang", "iao", "ie", "ii", "iii", "in", "ing", "iong", "iou", "o", "ong", "ou",
    "u", "ua", "uai", "uan", "uang", "uei", "uen", "ueng", "uo", "v", "van", "ve", "vn",
})
# fmt: on
# Syllables outside the regular initial+final pattern (interjections), mapped to the
# nearest reading the Baker inventory has.
_SPECIAL_SYLLABLES = {
    "n": ("^", "en"),
    "ng": ("^", "en"),
    "m": ("^", "en"),
    "hm": ("h", "en"),
    "hng": ("h", "eng"),
    "ê": ("^", "ei"),
    "yo": ("^", "iou"),
}
_ZERO_INITIAL_Y = {"yu": "v", "you": "iou", "yi": "i", "yin": "in", "ying": "ing"}
_SYLLABLE = re.compile(r"^([a-zü:ê]+)([0-5]?)$")


def is_han(char: str) -> bool:
    return pronounce.is_han(char)


@functools.lru_cache(maxsize=4096)
def can_read(char: str) -> bool:
    """True for a Han character this frontend has a reading for without the lexicon
    (the script stage asks, to read or drop the others before synthesis)."""
    reading = pronounce.pinyin(char)[0]
    return reading is not None and bool(_SYLLABLE.match(reading))


def split_syllable(syllable: str) -> tuple[str, str]:
    """Pinyin with a tone digit (``zhong1``, ``lv4``, ``er5``) -> Baker (initial, final+tone).

    Raises ``ValueError`` for something that is not a pinyin syllable.
    """
    match = _SYLLABLE.match(syllable.strip().lower())
    if not match:
        raise ValueError(f"'{syllable}' is not a pinyin syllable with a tone digit")
    base = match.group(1).replace("u:", "v").replace("ü", "v")
    tone = match.group(2) or "5"
    tone = "5" if tone == "0" else tone
    initial, final = _split_base(base)
    if final not in _FINALS:
        raise ValueError(f"'{syllable}' is not a pinyin syllable")
    return initial, final + tone


def _split_base(base: str) -> tuple[str, str]:
    if base in _SPECIAL_SYLLABLES:
        return _SPECIAL_SYLLABLES[base]
    if base.startswith("y"):
        for head, final in _ZERO_INITIAL_Y.items():
            if base == head:
                return "^", final
        if base.startswith("yu"):  # yuan, yue, yun: the u is ü
            return "^", "v" + base[2:]
        if base.startswith("yi"):
            return "^", base[1:]
        return "^", "i" + base[1:]  # ya, yan, yang, yao, ye, yong
    if base.startswith("w"):
        if base == "wu":
            return "^", "u"
        return "^", _respell_final("u" + base[1:])  # wa, wei -> uei, wen -> uen
    if base[0] in "aoe":
        return "^", base
    for initial in _INITIALS:
        if base.startswith(initial) and len(base) > len(initial):
            final = base[len(initial) :]
            if final == "i" and initial in ("zh", "ch", "sh", "r"):
                return initial, "iii"
            if final == "i" and initial in ("z", "c", "s"):
                return initial, "ii"
            if initial in ("j", "q", "x") and final.startswith("u"):
                return initial, "v" + final[1:]  # ju, quan, xue, jun: the u is ü
            return initial, _respell_final(final)
    raise ValueError(f"'{base}' is not a pinyin syllable")


def _respell_final(final: str) -> str:
    """The Baker spelling of a written final (pinyin abbreviates iou, uei, uen, üe)."""
    return {"iu": "iou", "ui": "uei", "un": "uen", "ue": "ve"}.get(final, final)


def _lexicon_readings(text: str, lexicon: Lexicon | None) -> dict[int, str]:
    """Position -> reading for characters covered by lexicon words (longest words first,
    the same order ``Lexicon.replace_text`` uses, so both engines agree on overlaps)."""
    if lexicon is None:
        return {}
    taken: dict[int, str] = {}
    for word in lexicon.words_longest_first():
        start = text.find(word)
        if start == -1:
            continue
        pinyin = [
            _lexicon_reading(word, char, s)
            for char, s in zip(word, lexicon.entries[word].pinyin, strict=True)
        ]
        while start != -1:
            span = range(start, start + len(word))
            if not any(i in taken for i in span):
                taken.update(zip(span, pinyin, strict=True))
            start = text.find(word, start + 1)
    return taken


def _lexicon_reading(word: str, char: str, syllable: str) -> str:
    """A lexicon syllable checked and normalised (``r``/``er5`` on 儿 marks erhua)."""
    base = syllable.strip().lower()
    if char == "儿" and base in ("r", "r5", "er5", "er0", "er"):
        return ERHUA
    try:
        split_syllable(base)
    except ValueError:
        raise InputError(
            f"lexicon word '{word}': '{syllable}' is not a pinyin syllable with a tone digit"
        ) from None
    return base


def readings(text: str, lexicon: Lexicon | None = None) -> list[str | None]:
    """One reading per character of ``text``: pinyin with tone for Han characters
    (``r5`` for an erhua 儿), None for pause punctuation and whitespace.

    Raises ``UnreadableText`` naming the first character that is neither. The lexicon
    comes first: a character it reads needs no reading of ours (a rare one pypinyin
    lacks is read as the lexicon says).
    """
    result: list[str | None] = [None] * len(text)
    from_lexicon = _lexicon_readings(text, lexicon)
    spoken = pronounce.pinyin(text)  # the whole text: polyphones are read in context
    for i, char in enumerate(text):
        if is_han(char):
            if i in from_lexicon:
                result[i] = from_lexicon[i]
            elif _SYLLABLE.match(spoken[i] or ""):
                result[i] = spoken[i]
            else:  # a rare one pypinyin lacks
                raise UnreadableText(_unreadable_message(text, i))
        elif char not in PAUSE_MARKS and not char.isspace():
            raise UnreadableText(_unreadable_message(text, i))
    return result


def _context(text: str, index: int) -> str:
    return text[max(0, index - 8) : index + 9]


def _unreadable_message(text: str, index: int) -> str:
    char = text[index]
    return (
        f"the offline voice cannot read '{char}' (U+{ord(char):04X}) in "
        f"'{_context(text, index)}'; spell it in Han characters or add it to the lexicon"
    )


def _group(text: str, index: int, reading: str) -> list[str]:
    """``[initial, final+tone]`` of one character, checked against the model's vocabulary."""
    try:
        group = list(split_syllable(reading))
    except ValueError:
        group = []
    vocabulary = assets.symbol_to_id()
    if not group or any(symbol not in vocabulary for symbol in group):
        raise UnreadableText(
            f"the offline voice has no sound for '{text[index]}' read '{reading}'"
            f" in '{_context(text, index)}'"
        )
    return group


def symbols(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """The symbol sequence of one utterance: ``sil``, groups, ``sil``, ``eos``.

    Punctuation inside the text becomes a prosody mark between the groups around it;
    leading and trailing punctuation adds nothing (the utterance ends in ``sil``).
    An utterance without any Han character gives an empty list.
    """
    result: list[str] = []
    pending: str | None = None  # the break mark owed before the next group
    for index, (char, reading) in enumerate(zip(text, readings(text, lexicon), strict=True)):
        if reading is None:
            mark = _PROSODY_MARK.get(char)
            if mark and result and (pending is None or mark > pending):
                pending = mark
            continue
        if reading == ERHUA and result and pending is None:
            result.append("er5")  # erhua joins the previous syllable: no break, no initial
            continue
        if reading == ERHUA:
            reading = "er2"  # a 儿 standing alone after a pause is read in full
        if result:
            result.append(pending or "#0")
        pending = None
        result.extend(_group(text, index, reading))
    if not result:
        return []
    return ["sil", *result, "sil", "eos"]


@dataclass(frozen=True)
class Chunk:
    """One utterance fed to the model: its text, its symbols, and which sentence of the
    request it belongs to (a long sentence is fed as several chunks)."""

    text: str
    symbols: tuple[str, ...]
    sentence: int
    ends_sentence: bool


def sentences(text: str) -> list[str]:
    """Split at 。！？； keeping each mark with its sentence; blank pieces are dropped."""
    parts = re.findall(f"[^{SENTENCE_MARKS}]*[{SENTENCE_MARKS}]+|[^{SENTENCE_MARKS}]+$", text)
    return [p.strip() for p in parts if p.strip()]


def _han_count(text: str) -> int:
    return sum(1 for char in text if is_han(char))


def max_han(speed: float = 1.0) -> int:
    """The most Han characters one utterance may hold at this speed ratio and still fit
    the model's position tables with a margin (each character is at most three symbols:
    initial, final, break; the utterance adds ``sil``, ``sil``, ``eos``)."""
    frames = MODEL_POSITIONS * MODEL_SAFETY
    symbols = min(frames / (FRAMES_PER_SYMBOL * max(speed, 1e-6)), frames)
    return max(1, int((symbols - 2) // 3))


def _cut_at_words(clause: str, limit: int) -> list[str]:
    """Cut a clause longer than ``limit`` Han characters at jieba word boundaries into
    pieces of about equal length, none over ``limit`` (a word longer than the limit is
    cut between its characters)."""
    han = _han_count(clause)
    if han <= limit:
        return [clause]
    target = -(-han // -(-han // limit))  # ceil(han / number of pieces)
    pieces: list[str] = [""]
    for word in tokenizer().cut(clause, HMM=False):
        for part in [word] if _han_count(word) <= limit else list(word):
            if pieces[-1] and _han_count(pieces[-1]) + _han_count(part) > target:
                pieces.append("")
            pieces[-1] += part
    return [p for p in pieces if p.strip()]


def clauses(
    sentence: str, limit: int = MAX_UTTERANCE_CHARS, hard_limit: int | None = None
) -> list[str]:
    """Cut a long sentence at ，、： into pieces of at most ``limit`` Han characters where
    the punctuation allows it; a clause still longer than ``hard_limit`` (the model's
    bound, ``max_han()``) is cut at word boundaries whatever the punctuation, so a page
    copied without punctuation can be read (the cut is a pause like a comma's)."""
    hard = max_han() if hard_limit is None else hard_limit
    if _han_count(sentence) <= min(limit, hard):
        return [sentence]
    parts = re.findall(f"[^{CLAUSE_MARKS}]*[{CLAUSE_MARKS}]+|[^{CLAUSE_MARKS}]+$", sentence)
    pieces: list[str] = []
    for part in (cut for whole in parts for cut in _cut_at_words(whole, hard)):
        if pieces and _han_count(pieces[-1]) + _han_count(part) <= min(limit, hard):
            pieces[-1] += part
        else:
            pieces.append(part)
    return [p for p in pieces if p.strip()]


def chunks(text: str, lexicon: Lexicon | None = None, *, speed: float = 1.0) -> list[Chunk]:
    """The utterances of a request, in order, each with its symbol sequence; none too
    long for the model at the speed ratio it will be read at."""
    result: list[Chunk] = []
    hard = max_han(speed)
    for number, sentence in enumerate(sentences(text)):
        pieces = clauses(sentence, hard_limit=hard)
        for i, piece in enumerate(pieces):
            seq = symbols(piece, lexicon)
            if seq:
                result.append(Chunk(piece, tuple(seq), number, i == len(pieces) - 1))
    return result


CLAUSE_JOIN = " | "
SENTENCE_JOIN = " || "


def render(parts: Sequence[Chunk]) -> str:
    """The symbol string of a request: each utterance's symbols, space-separated, with
    `` | `` between pieces of one sentence and `` || `` between sentences (the pause the
    engine puts there differs, so it belongs to the cache key)."""
    out = ""
    for i, chunk in enumerate(parts):
        if i:
            out += SENTENCE_JOIN if parts[i - 1].ends_sentence else CLAUSE_JOIN
        out += " ".join(chunk.symbols)
    return out


def symbol_ids(seq: Sequence[str], symbol_to_id: dict[str, int]) -> list[int]:
    """Map symbols to model ids; a symbol outside the vocabulary is a frontend bug or a
    reading the voice cannot say, reported as ``UnreadableText``."""
    try:
        return [symbol_to_id[s] for s in seq]
    except KeyError as exc:
        raise UnreadableText(f"the offline voice has no sound '{exc.args[0]}'") from None
