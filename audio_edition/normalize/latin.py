"""Latin (and Greek) letters for voices that cannot spell them.

The online voices spell acronyms themselves, so ``letters`` mode keeps Latin text as
written. The offline voice drops every non-Han character, so ``han`` mode replaces each
letter by a fixed Han approximation of its English name (AI -> 诶艾), as Chinese
speakers say them. Lower-case words (Seedance) are spelled letter by letter too: wrong
for a word, but every letter is heard. Greek letters are said by name in both modes.
"""

from __future__ import annotations

import re

from audio_edition.normalize.alphabet import LatinMode

LETTER_NAMES: dict[str, str] = {
    "A": "诶", "B": "比", "C": "西", "D": "迪", "E": "伊", "F": "艾弗", "G": "吉",
    "H": "艾尺", "I": "艾", "J": "杰", "K": "开", "L": "艾勒", "M": "艾姆", "N": "恩",
    "O": "欧", "P": "批", "Q": "丘", "R": "阿尔", "S": "艾斯", "T": "提", "U": "优",
    "V": "维", "W": "达布溜", "X": "艾克斯", "Y": "歪", "Z": "贼德",
}  # fmt: skip

GREEK_NAMES: dict[str, str] = {
    "α": "阿尔法", "β": "贝塔", "γ": "伽马", "δ": "德尔塔", "Δ": "德尔塔", "ε": "艾普西龙",
    "θ": "西塔", "λ": "兰布达", "μ": "缪", "π": "派", "σ": "西格玛", "Σ": "西格玛",
    "φ": "斐", "ω": "欧米伽", "Ω": "欧米伽",
}  # fmt: skip

_GREEK = re.compile("[" + "".join(GREEK_NAMES) + "]")
_LATIN = re.compile(r"[A-Za-z]")


def spell_latin(text: str, latin: LatinMode) -> str:
    """Greek letters -> names; in ``han`` mode every Latin letter -> its Han name."""
    text = _GREEK.sub(lambda m: GREEK_NAMES[m.group()], text)
    if latin == "han":
        text = _LATIN.sub(lambda m: LETTER_NAMES[m.group().upper()], text)
    return text
