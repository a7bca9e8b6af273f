"""Properties of ``normalize`` on generated text: nothing Han is lost, nothing unspeakable
is left, and normalising twice changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audio_edition.normalize import is_spoken_clean, normalize
from audio_edition.normalize.alphabet import han_characters

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_738350908e41f89e.txt"

# Real fragments: pieces of the seed page cut at punctuation, and the tricky shapes
# every rule is about, so generated text meets the rules' edges, not only noise.
SEED_FRAGMENTS = [
    f for f in re.split(r"(?<=[，。,:;；！？])", SEED.read_text(encoding="utf-8")) if f.strip()
]
RULE_FRAGMENTS = [
    "账号:17680501040004651,",
    "J5360000329302",
    "2012年6月19日",
    "2026-04-27",
    "2026.4.27",
    "4/27",
    "1/3",
    "9:30",
    "3:1",
    "50%—60%",
    "50%至60%",
    "3—5天",
    "第2名",
    "2个",
    "12,345",
    "“133提质工程”",
    "Seedance2.0",
    "AI+",
    "《牌子》《纸手机》",
    "——",
    "(部)",
    "-5℃",
    "$20",
    "5km",
    "0715-1234567",
    "3·15",
    "1.2.3",
    "……",
]
HAN = "的一是在不了有和人中大为上个国我以要他时来用们生到至作地于出分成会年"
HAN += "两二十百千万亿零〇幺点第元"
DIGITS = "0123456789０１２"
LATIN = "ABCGIJKXZabsz"
PUNCTUATION = "，。、：；！？“”‘’《》（）()【】——…·/+%‰℃°$¥&~=.:,;!?'\"-—– \n\t■★●"

pieces = st.one_of(
    st.text(alphabet=HAN + DIGITS + LATIN + PUNCTUATION, max_size=12),
    st.text(alphabet=DIGITS + ".,:/-%", min_size=1, max_size=8),
    st.sampled_from(RULE_FRAGMENTS),
    st.sampled_from(SEED_FRAGMENTS),
)
texts = st.lists(pieces, max_size=6).map("".join)
modes = st.sampled_from(["letters", "han"])
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def keeps_han(written: str, spoken: str) -> bool:
    rest = iter(han_characters(spoken))
    return all(char in rest for char in han_characters(written))


@PROPERTY
@given(texts, modes)
def test_never_loses_or_reorders_a_han_character(text: str, latin: str) -> None:
    assert keeps_han(text, normalize(text, latin=latin))  # type: ignore[arg-type]


@PROPERTY
@given(texts, modes)
def test_output_holds_only_speakable_characters(text: str, latin: str) -> None:
    spoken = normalize(text, latin=latin)  # type: ignore[arg-type]
    assert is_spoken_clean(spoken, latin=latin)  # type: ignore[arg-type]
    assert not re.search(r"[0-9０-９]", spoken)
    assert not re.search(r"[!-/:-@\[-`{-~]", spoken)  # no ASCII punctuation at all


@PROPERTY
@given(texts)
def test_normalising_spoken_text_again_changes_nothing(text: str) -> None:
    # The script stores letters-mode text; engines normalise it again, the offline one
    # in han mode: both must give what normalising the original would.
    spoken = normalize(text)
    assert normalize(spoken) == spoken
    assert normalize(spoken, latin="han") == normalize(text, latin="han")
