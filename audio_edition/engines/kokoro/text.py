"""Mandarin text -> Kokoro phoneme chunks, each under the model's phoneme limit.

Readings come from the project's own reading code (sandhi, lexicon) through
``readings`` alone, so switching to ``audio_edition.pinyin`` is one line; misaki's
``pinyin_to_ipa`` turns each syllable into the IPA-with-tone-arrows Kokoro was trained on.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from audio_edition.engines.offline import frontend
from audio_edition.pronounce import cut
from audio_edition.voices import Lexicon

# The model takes at most 510 tokens per call, two of them the boundary zeros.
MAX_PHONEMES = 500
_PUNCTUATION = {"，": ",", "、": ",", "：": ":", "；": ";", "。": ".", "！": "!", "？": "?"}
SENTENCE_MARKS = ".!?;"


def readings(text: str, lexicon: Lexicon | None) -> list[str | None]:
    """Pinyin with tone digit per character (None for punctuation and spaces)."""
    return frontend.readings(text, lexicon)


@functools.lru_cache(maxsize=4096)
def syllable_ipa(syllable: str) -> str:
    """One pinyin syllable (``zhong1``, ``r5``) in Kokoro's IPA with tone arrows."""
    from misaki.transcription import pinyin_to_ipa

    if syllable == "r5":  # erhua: the rhotic on the syllable before
        return "ɚ"
    ipa = "".join(next(iter(pinyin_to_ipa(syllable))))
    for mark, arrow in (("˧˩˧", "↓"), ("˧˥", "↗"), ("˥˩", "↘"), ("˥", "→")):
        ipa = ipa.replace(mark, arrow)
    return ipa.replace("ɻ̩", "ɨ").replace("ɹ̩", "ɨ").replace("\u032f", "")


@dataclass(frozen=True)
class Chunk:
    """One model call: phonemes (under MAX_PHONEMES) and whether a sentence ends there."""

    phonemes: str
    ends_sentence: bool


def words(text: str, lexicon: Lexicon | None) -> list[str]:
    """Phoneme words and punctuation tokens of a text, in order."""
    marks = readings(text, lexicon)
    tokens: list[str] = []
    start = 0
    while start < len(text):
        char = text[start]
        if marks[start] is None:
            if char in _PUNCTUATION:
                tokens.append(_PUNCTUATION[char])
            start += 1
            continue
        end = start
        while end < len(text) and marks[end] is not None:
            end += 1
        for offset, word in cut.words(text[start:end]):
            tokens.append(
                "".join(syllable_ipa(marks[start + offset + k] or "") for k in range(len(word)))
            )
        start = end
    return tokens


def _split_long(word: str, limit: int) -> list[str]:
    return [word[i : i + limit] for i in range(0, len(word), limit)]


def chunks(text: str, lexicon: Lexicon | None = None, limit: int = MAX_PHONEMES) -> list[Chunk]:
    """Cut at sentence ends, then at clause marks when too long, then between words."""
    clauses: list[tuple[list[str], str]] = []  # words, closing mark
    current: list[str] = []
    for token in words(text, lexicon):
        if token in _PUNCTUATION.values():
            clauses.append((current, token))
            current = []
        else:
            current.append(token)
    if current:
        clauses.append((current, "."))
    result: list[Chunk] = []
    pending = ""
    for clause_words, mark in clauses:
        joined = " ".join(clause_words)
        if pending and len(pending) + len(joined) + 2 > limit:  # cut at the clause mark
            result.append(Chunk(pending, False))
            pending = ""
        for word in clause_words:
            for piece in _split_long(word, limit - 1):
                candidate = f"{pending} {piece}" if pending else piece
                if len(candidate) + 1 > limit:
                    result.append(Chunk(pending, False))
                    candidate = piece
                pending = candidate
        if not pending:
            continue
        pending += mark
        if mark in SENTENCE_MARKS:
            result.append(Chunk(pending, True))
            pending = ""
    if pending:
        result.append(Chunk(pending, True))
    return result
