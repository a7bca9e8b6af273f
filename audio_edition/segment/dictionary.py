"""Does a dictionary word straddle a line break? (``微表`` | ``情`` -> ``表情``)

Print layout breaks lines wherever a column ends, even inside a word; a word that only
exists across the break is the clearest sign that two fragments are one sentence.
jieba's dictionary takes about a second to load, so it loads on first use, once.
"""

from __future__ import annotations

import functools
import logging
import warnings

from audio_edition.segment.markers import HAN_RE

_CONTEXT = 4  # characters each side of the break that jieba sees


@functools.cache
def _tokenizer():  # -> jieba.Tokenizer (jieba ships no type hints)
    with warnings.catch_warnings():
        # jieba 0.42 compiles regexes with invalid escapes; not ours to fix or show.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        import jieba

    # jieba announces its dictionary loading at DEBUG level on stderr; a library
    # must stay quiet.
    jieba.setLogLevel(logging.INFO)
    jieba.initialize()
    return jieba.dt


@functools.cache
def _tagger():  # -> jieba.posseg.POSTokenizer
    _tokenizer()  # quiet and loaded first
    import jieba.posseg

    return jieba.posseg.POSTokenizer(_tokenizer())


def is_person_name(text: str) -> bool:
    """True when jieba tags every word of a short Han line as a person's name (``nr``):
    a bare ``郭强`` or ``张三 李四`` under a headline is a byline, which no pattern of
    credit words can see. jieba's tags are a guess, which the labeller weighs in context.
    """
    compact = "".join(text.split())
    if not 2 <= len(compact) <= 8 or not all(HAN_RE.match(ch) for ch in compact):
        return False
    tagger = _tagger()
    # A dictionary word keeps its dictionary tag (唐山 is a place); only unknown words
    # go to the HMM, which is what recognises most names (郭强, 苏秀).
    known = tagger.word_tag_tab.get(compact)
    if known is not None:
        return known.startswith("nr")
    return all(pair.flag.startswith("nr") for pair in tagger.cut(compact, HMM=True))


def word_spans_break(before: str, after: str) -> bool:
    """True when jieba's best segmentation of the joined text has a word across the join.

    Only Han on both sides counts: digits and Latin words have their own rules. HMM
    is off, so only real dictionary words (not guessed ones) can bridge the break.
    """
    before, after = before.rstrip(), after.lstrip()
    if not before or not after or not (HAN_RE.match(before[-1]) and HAN_RE.match(after[0])):
        return False
    tail, head = before[-_CONTEXT:], after[:_CONTEXT]
    position = 0
    for word in _tokenizer().cut(tail + head, HMM=False):
        start, position = position, position + len(word)
        if start < len(tail) < position:
            return True
    return False
