"""The clip cache key follows the readings: a lexicon entry that touches one sentence of
a page changes that sentence's key and no other."""

from __future__ import annotations

from audio_edition.cache import clip_key
from audio_edition.engines.base import ClipRequest, VoiceSettings
from audio_edition.engines.offline.engine import OfflineEngine
from audio_edition.voices import Lexicon, LexiconEntry

BAKER = VoiceSettings("offline", "baker")
PAGE = [
    "中国农业银行咸宁温泉支行将对以下客户账户办理注销手续。",
    "数智浪潮奔涌而来，电影产业如何应变。",
    "与会专家普遍认为，传统电影不会被代替。",
]


def keys(engine: OfflineEngine) -> list[str]:
    return [clip_key(engine, ClipRequest(text, BAKER)) for text in PAGE]


def test_lexicon_entry_changes_only_the_sentence_it_reads() -> None:
    before = keys(OfflineEngine(Lexicon({})))
    entry = LexiconEntry("浪潮", ("lang4", "chao1"))  # a reading no sentence had
    after = keys(OfflineEngine(Lexicon({"浪潮": entry})))
    assert [b != a for b, a in zip(before, after, strict=True)] == [False, True, False]


def test_same_readings_same_keys() -> None:
    assert keys(OfflineEngine(Lexicon({}))) == keys(OfflineEngine())
