"""Latin (and Greek) letters for voices that cannot spell them.

The online voices spell acronyms themselves, so ``letters`` mode keeps Latin text as
written. The offline voice drops every non-Han character, so ``han`` mode replaces each
acronym letter by a fixed Han approximation of its English name (AI -> 诶艾), as
Chinese speakers say them, and reads a pronounceable word as a word (``english``):
Seedance -> 西丹斯. Mixed tokens are cut first: camel case (ChatGPT -> Chat + GPT,
iPhone -> i + Phone), hyphens (Wi-Fi). A few names have a Chinese reading fixed by
usage (``FIXED_READINGS``). Greek letters are said by name in both modes.
"""

from __future__ import annotations

import re

from audio_edition.normalize.alphabet import LatinMode
from audio_edition.normalize.english import say_word

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

# Names whose spoken Chinese form is settled by usage (lower-case keys, whole tokens).
FIXED_READINGS: dict[str, str] = {
    "google": "谷歌", "microsoft": "微软", "nvidia": "英伟达", "intel": "英特尔",
    "amazon": "亚马逊", "tesla": "特斯拉",
    "ipad": "爱派德", "tiktok": "提克托克", "youtube": "油管", "facebook": "脸书",
}  # fmt: skip

_GREEK = re.compile("[" + "".join(GREEK_NAMES) + "]")
_LATIN = re.compile(r"[A-Za-z]")
_TOKEN = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
# Camel-case parts: a capital run before a capitalised word (GPTs), a capitalised or
# lower-case word, or a capital run (GPT).
_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")
_VOWEL = re.compile(r"[aeiouyAEIOUY]")


def is_acronym(part: str) -> bool:
    """Spelled, not said: all capitals (AI, CEO), one letter, or no vowel (Pfft, XYZ)."""
    return part.isupper() or len(part) == 1 or not _VOWEL.search(part)


def read_token(token: str) -> str:
    """One Latin token in Han: a fixed reading, else each camel/hyphen part either
    spelled (acronym) or said as an English word."""
    fixed = FIXED_READINGS.get(re.sub(r"['’-]", "", token).lower())
    if fixed:
        return fixed
    out = []
    for chunk in re.split(r"['’-]", token):
        for part in _PART.findall(chunk):
            if is_acronym(part):
                out.append("".join(LETTER_NAMES[c.upper()] for c in part))
            else:
                out.append(say_word(part))
    return "".join(out)


def spell_latin(text: str, latin: LatinMode) -> str:
    """Greek letters -> names; in ``han`` mode Latin tokens -> Han (``read_token``)."""
    text = _GREEK.sub(lambda m: GREEK_NAMES[m.group()], text)
    if latin == "han":
        text = _TOKEN.sub(lambda m: read_token(m.group()), text)
    return text
