"""``normalize``: printed Chinese news text -> what a newsreader says, in Han characters.

The rules run in a fixed order, because each one turns the digits it recognises into
words and so hides them from the rules after it. The order is the point:

1. fold width variants, whitespace and list numbers (one spelling for every rule);
2. unit symbols and currency signs become words (5km -> 5公里, $20 -> 20美元);
3. season spans (2019—2020赛季), then codes, digit by digit with 幺 (accounts,
   licences, phones, IDs, long runs), before anything could read them as amounts,
   then thousands separators are dropped;
4. dates, event dates (3·15), ranges (3—5天 -> 3到5天), signs, clock times and
   scores, years, generation labels (90后): they decide how the digits around
   - / . : are read;
5. percentages, fractions, versions;
6. labels (“133提质工程”, C919, G20), ordinals (第2 -> 第二), and last the cardinals,
   where 2 becomes 两 before a measure word;
7. punctuation becomes pauses or words; Latin words are said and
   acronyms spelled in Han (``han`` mode);
8. whatever cannot be spoken is dropped and the pauses are tidied.

No rule ever removes or changes a Han character of the input: readings are only
inserted (the tests check this property on generated text).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from audio_edition.errors import InputError
from audio_edition.normalize.alphabet import LATIN_MODES, LatinMode, keep_speakable
from audio_edition.normalize.codes import read_codes, read_labels
from audio_edition.normalize.dates import (
    read_clock,
    read_event_dates,
    read_full_dates,
    read_generations,
    read_year_spans,
    read_years,
)
from audio_edition.normalize.latin import spell_latin
from audio_edition.normalize.measures import spell_units
from audio_edition.normalize.punctuation import collapse_pauses, speak_punctuation
from audio_edition.normalize.quantities import (
    drop_thousands_separators,
    mark_ranges,
    read_cardinals,
    read_fractions,
    read_ordinals,
    read_percents,
    read_signs,
    read_versions,
)
from audio_edition.normalize.typography import fold_width, mark_enumerators, tidy_whitespace

READING_ORDER: tuple[Callable[[str], str], ...] = (
    fold_width,
    tidy_whitespace,
    mark_enumerators,
    spell_units,
    read_year_spans,
    read_codes,
    drop_thousands_separators,
    read_full_dates,
    read_event_dates,
    mark_ranges,
    read_signs,
    read_clock,
    read_years,
    read_generations,
    read_percents,
    read_fractions,
    read_versions,
    read_labels,
    read_ordinals,
    read_cardinals,
    speak_punctuation,
)


def fold_accents(text: str) -> str:
    """Latin letters with accents as their plain letters (café -> cafe, Pokémon ->
    Pokemon): every later rule and both voices know only A-Z, and an accented letter
    would otherwise be dropped as an unreadable symbol, splitting the word. Kana and
    other scripts keep their marks."""
    if text.isascii():
        return text
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        if (
            len(parts) > 1
            and parts[0].isascii()
            and parts[0].isalpha()
            and all(unicodedata.combining(c) for c in parts[1:])
        ):
            out.append(parts[0])
        else:
            out.append(char)
    return "".join(out)


def normalize(text: str, *, latin: LatinMode = "letters") -> str:
    """What a newsreader would say for ``text``: Han characters, pause marks and, in
    ``letters`` mode, Latin letters (online voices spell them); ``han`` mode spells
    letters in Han for the offline voice. Never raises on odd text: symbols it cannot
    read are dropped."""
    if latin not in LATIN_MODES:
        raise InputError(f"latin must be one of {', '.join(LATIN_MODES)}, not {latin!r}")
    text = fold_accents(text)
    for rule in READING_ORDER:
        text = rule(text)
    text = spell_latin(text, latin)
    return collapse_pauses(keep_speakable(text, latin))
