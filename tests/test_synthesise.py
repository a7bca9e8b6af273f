from pathlib import Path

import pytest

from audio_edition.cache import ClipCache
from audio_edition.engines.base import VoiceSettings
from audio_edition.errors import SynthesisFailed
from audio_edition.models import Role, ScriptSegment
from audio_edition.synthesise import Voicing, synthesise
from audio_edition.voices import Profile
from tests.tone_engine import ToneEngine


def voicing(engine: ToneEngine) -> Voicing:
    roles = {role: VoiceSettings("tone", "a4") for role in Role}
    return Voicing(engine, Profile("tone", roles))


def segments(*texts: str) -> list[ScriptSegment]:
    return [ScriptSegment("a01", Role.REPORTER, t, t) for t in texts]


def test_second_run_is_all_cache_hits(tmp_path: Path) -> None:
    engine = ToneEngine()
    cache = ClipCache(tmp_path)
    first, report = synthesise(segments("一。", "二。", "三。"), voicing(engine), cache)
    assert (report.synthesised, report.cached) == (3, 0)
    again = ToneEngine()
    second, report = synthesise(segments("一。", "二。", "三。"), voicing(again), cache)
    assert (report.synthesised, report.cached) == (0, 3)
    assert again.spoken == []
    assert [c.clip.pcm for c in first] == [c.clip.pcm for c in second]


def test_repeated_sentence_is_synthesised_once(tmp_path: Path) -> None:
    engine = ToneEngine()
    clips, report = synthesise(
        segments("同。", "同。", "异。"), voicing(engine), ClipCache(tmp_path)
    )
    assert engine.spoken == ["同。", "异。"]
    assert clips[0].key == clips[1].key != clips[2].key
    assert report.synthesised == 3


def test_failures_keep_finished_clips_and_name_the_segments(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    engine = ToneEngine(fail_on={"坏。"})
    with pytest.raises(SynthesisFailed) as caught:
        synthesise(segments("好。", "坏。", "也好。"), voicing(engine), cache)
    assert set(caught.value.failed) == {1}
    resumed = ToneEngine()
    _, report = synthesise(segments("好。", "也好。"), voicing(resumed), cache)
    assert report.cached == 2 and resumed.spoken == []


def test_fallback_speaks_the_failed_segments(tmp_path: Path) -> None:
    broken = ToneEngine(fail_on={"坏。"})
    spare = ToneEngine()
    spare.id = "spare"
    clips, report = synthesise(
        segments("好。", "坏。"), voicing(broken), ClipCache(tmp_path), fallback=voicing(spare)
    )
    assert report.fallback == [1]
    assert spare.spoken == ["坏。"]
    assert len(clips) == 2


def test_progress_reaches_the_total(tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    synthesise(
        segments("一。", "二。"),
        voicing(ToneEngine()),
        ClipCache(tmp_path),
        progress=lambda *event: seen.append(event),
    )
    assert seen[-1] == ("synthesise", 2, 2)


def test_roles_naming_another_engine_are_spoken_by_it(tmp_path: Path) -> None:
    main, other = ToneEngine(), ToneEngine()
    other.id = "other"
    roles = {role: VoiceSettings("tone", "a4") for role in Role}
    roles[Role.ANCHOR] = VoiceSettings("other", "a4")
    mixed = Voicing(main, Profile("tone", roles), {"other": other})
    script = [ScriptSegment("a01", Role.ANCHOR, "头。", "头。"), *segments("身。")]
    clips, report = synthesise(script, mixed, ClipCache(tmp_path))
    assert (other.spoken, main.spoken) == (["头。"], ["身。"])
    assert report.synthesised == 2 and len(clips) == 2
