from pathlib import Path

import pytest

from audio_edition.errors import InputError
from audio_edition.models import Role
from audio_edition.voices import load_lexicon, load_profile, voices_dir, with_overrides


def test_shipped_profiles_cover_every_role() -> None:
    for engine in ("offline", "edge"):
        profile = load_profile(engine, voices_dir())
        assert set(profile.roles) == set(Role)
    edge = load_profile("edge", voices_dir())
    assert edge.for_role(Role.ANCHOR).voice == "zh-CN-YunyangNeural"
    assert edge.for_role(Role.REPORTER).voice == "zh-CN-XiaoxiaoNeural"


def test_profile_errors_are_one_line_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no voice profile"):
        load_profile("nosuch", tmp_path)
    (tmp_path / "x.toml").write_text("[roles.anchor]\nvoice = 'a'\n", "utf-8")
    with pytest.raises(InputError, match="reporter"):
        load_profile("x", tmp_path)
    (tmp_path / "y.toml").write_text("[roles\n", "utf-8")
    with pytest.raises(InputError, match="invalid TOML"):
        load_profile("y", tmp_path)


def test_overrides_replace_one_role_and_every_rate() -> None:
    profile = with_overrides(
        load_profile("edge", voices_dir()), {Role.NOTICE: "zh-CN-YunxiNeural"}, 12
    )
    assert profile.for_role(Role.NOTICE).voice == "zh-CN-YunxiNeural"
    assert profile.for_role(Role.ANCHOR).voice == "zh-CN-YunyangNeural"
    assert {s.rate for s in profile.roles.values()} == {12}


def test_lexicon_reads_entries_and_replaces_longest_first(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.tsv"
    path.write_text(
        "# comment\n行业\thang2 ye4\n曲吉\tqu1 ji2\t屈吉\n"
        "曲吉小江\tqu1 ji2 xiao3 jiang1\t屈吉晓江\n",
        "utf-8",
    )
    lexicon = load_lexicon(path)
    assert lexicon.entries["行业"].pinyin == ("hang2", "ye4")
    assert lexicon.replace_text("曲吉小江说") == "屈吉晓江说"


def test_lexicon_rejects_a_syllable_count_mismatch(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.tsv"
    path.write_text("重塑\tchong2\n", "utf-8")
    with pytest.raises(InputError, match=":1:"):
        load_lexicon(path)


def test_shipped_lexicon_loads() -> None:
    lexicon = load_lexicon(voices_dir() / "lexicon.tsv")
    assert lexicon.entries["重塑"].pinyin == ("chong2", "su4")
