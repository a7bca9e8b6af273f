"""Choosing the reading of each polyphonic character (多音字) of a sentence.

g2pM's model (``model``) gives every candidate reading a probability from the whole
sentence; each phrase source that has a word around the character adds a vote for the
reading it gives there (the jieba word holding the character if the source has it, else
the source's longest phrase over it). The vote weights are log-odds: a source outvotes
the model unless the model gives its reading less than e^-weight.

The weights were chosen on the even half of the CPP dev split and checked on the odd
half (``benchmarks/reading.py``): model alone 97.45 / 97.35 %; with both sources at
(3, 6) 98.08 / 98.02 %, at (3, 8) 98.02 / 97.98 %; 98.02 / 98.02 % since the erhua and
clause-initial 为 readings, phrases held to whole words and to one reading. Weighting a source's
whole-word matches apart from its sub-phrases, a temperature on the model, a
probability floor, and pypinyin-dict's large_pinyin and zdic sets as further voters
(2.3 s and 315 MB more to load) moved either half by at most two sentences. The model
learnt Wikipedia, where 行 is mostly xing2 (支行 gets hang2 0.001, 农行 0.0004), so
CC-CEDICT's vote is set at 8, past the CPP optimum, for news words to hold. pypinyin's
phrases, older and with more neutral tones than the CPP labels carry, count less.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from audio_edition.pronounce import model, phrases

OWN_WEIGHT = 3.0  # pypinyin's own phrases
CEDICT_WEIGHT = (
    8.0  # CC-CEDICT's phrases: above the CPP optimum (6) so news words hold (支行 hang2)
)
_FLOOR = 1e-9
# Opening a clause, a lone 为 is the preposition (为营造…, 为人民服务: wei4); the model,
# trained on encyclopaedia text where 为 is mostly the copula (改…为…, 均为), reads it
# wei2. A clause opens at the start of the text or after one of these.
_CLAUSE_START = frozenset("，,。；;：:！!？?、")


def _phrase_reading(
    source: dict[str, list[list[str]]],
    han: str,
    i: int,
    word: tuple[int, int],
    edges: frozenset[int],
) -> str | None:
    """The reading ``source`` gives the character at ``i`` of the Han run ``han``: from
    the jieba word ``word`` (start, end) if the source has it, else from its longest
    phrase over ``i`` inside the word or made of whole words (``edges``: the run's word
    boundaries), the leftmost of equals. None where the source has no phrase there, or
    gives the character more than one reading in it (CC-CEDICT: 重点 zhong4/chong2)."""
    start, end = word
    span = (start, end) if end - start > 1 and han[start:end] in source else None
    if span is None:
        best = 1
        for a in range(max(0, i - phrases.MAX_PHRASE + 1), i + 1):
            for b in range(min(len(han), a + phrases.MAX_PHRASE), max(a + best, i), -1):
                # a phrase inside the jieba word or made of whole words, never across
                # a word's edge (支行|将: 行将 xing2 jiang1; 三个|子|分期: 个子 zi5)
                inside = start <= a and b <= end
                if not (inside or (a in edges and b in edges)):
                    continue
                if han[a:b] in source:
                    best = b - a
                    span = (a, b)
                    break
    if span is None:
        return None
    a, b = span
    syllables = source[han[a:b]]
    if len(syllables) != b - a or len(syllables[i - a]) > 1:
        return None
    return phrases.tone3(syllables[i - a][0])


def _as_candidate(reading: str, candidates: dict[str, float]) -> str | None:
    """A phrase reading as one of the model's candidates (phrase data sometimes writes a
    third tone already changed by sandhi)."""
    if reading in candidates:
        return reading
    if reading.endswith("2") and reading[:-1] + "3" in candidates:
        return reading[:-1] + "3"
    return None


def choose(text: str, runs: Sequence[tuple[int, str, list[tuple[int, int]]]]) -> dict[int, str]:
    """Position in ``text`` -> chosen reading, for each polyphonic character the model
    knows. ``runs`` are the Han runs of ``text``: (start, run, jieba word spans of the
    run as (start, end) within it)."""
    scores = model.scores(text)
    if not scores:
        return {}
    own, cedict = phrases.sources()
    chosen: dict[int, str] = {}
    for run_start, han, words in runs:
        edges = frozenset(edge for word in words for edge in word)
        for word_start, word_end in words:
            for i in range(word_start, word_end):
                candidates = scores.get(run_start + i)
                if not candidates:
                    continue
                total = {r: math.log(max(p, _FLOOR)) for r, p in candidates.items()}
                for source, weight in ((own, OWN_WEIGHT), (cedict, CEDICT_WEIGHT)):
                    reading = _phrase_reading(source, han, i, (word_start, word_end), edges)
                    vote = _as_candidate(reading, candidates) if reading else None
                    if vote:
                        total[vote] += weight
                chosen[run_start + i] = max(total, key=total.__getitem__)
    for run_start, han, words in runs:
        opens_clause = run_start == 0 or text[run_start - 1] in _CLAUSE_START
        lone_wei = han[0] == "为" and words[0] == (0, 1)
        if opens_clause and lone_wei and "wei4" in scores.get(run_start, {}):
            chosen[run_start] = "wei4"
    return chosen
