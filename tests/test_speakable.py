"""What the voice can say (issue 13, items 7 and 8): decided in the script stage, so
nothing is dropped silently and no single character fails an edition."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audio_edition.cli import app
from audio_edition.engines.base import ClipRequest, VoiceSettings
from audio_edition.engines.offline import OfflineEngine, frontend
from audio_edition.speakable import Speakable, fit, standard_form, variants
from audio_edition.voices import VOICES_ENV, Lexicon, LexiconEntry, load_lexicon
from tests.bad_inputs import CASES, ROOT, write_case

RARE = "\U0002a700"  # CJK extension C: no reading in pypinyin, no variant in Unihan
CASE = {c.name: c for c in CASES}

# --- the rules --------------------------------------------------------------------------


def test_offline_voice_loses_kana_hangul_and_emoji_with_a_warning_each() -> None:
    fitted = fit("他说ありがとう，감사합니다👍。", Speakable())
    assert fitted.text == fitted.reading == "他说，。"
    assert [w.split(" (")[0] for w in fitted.warnings] == ["'ありがとう'", "'감사합니다👍'"]
    assert "(kana)" in fitted.warnings[0] and "offline voice cannot say it" in fitted.warnings[0]
    assert "他说ありがとう，감사합니다👍。" in fitted.warnings[1]


def test_online_voice_keeps_kana_and_hangul_but_not_emoji() -> None:
    fitted = fit("他说ありがとう，감사합니다👍。", Speakable("letters"))
    assert fitted.text == "他说ありがとう，감사합니다。"
    assert len(fitted.warnings) == 1 and "'👍' (emoji)" in fitted.warnings[0]


def test_what_normalize_reads_and_decoration_are_kept_without_a_word() -> None:
    fitted = fit("★AI增长3%，α粒子■→。", Speakable())
    assert fitted.text == "★AI增长3%，α粒子■→。" and fitted.warnings == []


def test_a_strict_engine_wins_when_a_clip_may_fall_back_to_it() -> None:
    assert Speakable.for_engines(["edge"]).latin == "letters"
    assert Speakable.for_engines(["edge", "offline"]).latin == "han"
    assert Speakable.for_engines(["kokoro"]).latin == "han"


def test_rare_characters_go_through_their_standard_form() -> None:
    assert standard_form("\uf900") == ("豈", False)  # compatibility ideograph: NFKC
    assert standard_form("⼀") == ("一", False)  # Kangxi radical from a PDF copy
    assert standard_form("𠮷") == ("吉", True)  # Unihan variant table
    assert standard_form(RARE) is None
    assert all(frontend.can_read(v) and not frontend.can_read(c) for c, v in variants().items())


def test_variant_reading_is_named_and_the_transcript_keeps_the_printed_character() -> None:
    fitted = fit("𠮷野家开业。", Speakable())
    assert fitted.text == "𠮷野家开业。" and fitted.reading == "吉野家开业。"
    assert fitted.warnings == ["'𠮷' (U+20BB7) read as its variant '吉' in '𠮷野家开业。'"]


def test_a_character_without_any_reading_is_dropped_with_a_warning() -> None:
    fitted = fit(f"好{RARE}天。", Speakable())
    assert fitted.text == "好天。"
    assert f"'{RARE}' (U+2A700, no reading known) removed" in fitted.warnings[0]
    assert fit(f"好{RARE}天。", Speakable("letters")).text == f"好{RARE}天。"


def test_the_lexicon_comes_first() -> None:
    lexicon = Lexicon({"𠮷野": LexiconEntry("𠮷野", ("zhan1", "ye3"))})
    fitted = fit("𠮷野家开业。", Speakable(lexicon=lexicon))
    assert fitted.reading == "𠮷野家开业。" and fitted.warnings == []
    # and the offline frontend reads the lexicon before it checks the character
    symbols = frontend.symbols("𠮷野家", lexicon)
    assert symbols[1:3] == ["zh", "an1"]
    engine = OfflineEngine(lexicon)
    prepared = engine.prepare(ClipRequest("𠮷野家开业。", VoiceSettings("offline", "baker")))
    assert prepared.startswith("sil zh an1 #0 ^ ie3")


# --- at the CLI seam ----------------------------------------------------------------------


def run_cli(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize(
    ("case", "lost", "kind"),
    [("kana", "ありがとう", "kana"), ("hangul", "감사합니다", "Hangul"), ("emoji", "👍", "emoji")],
)
def test_script_names_what_the_offline_voice_cannot_say(
    case: str, lost: str, kind: str, tmp_path: Path
) -> None:
    page = write_case(CASE[case], tmp_path)
    done = run_cli("script", "--json", str(page))
    assert done.exit_code == 0 and "Traceback" not in done.stderr
    warnings = [line for line in done.stderr.splitlines() if f"'{lost}' ({kind})" in line]
    assert warnings and all(line.startswith("warning: a01: ") for line in warnings)
    script = json.loads(done.stdout)
    assert script["warnings"] and lost in script["warnings"][0]
    for segment in script["segments"]:  # nor spoken, nor shown in the transcript
        assert lost not in segment["spoken"] and lost not in segment["text"]


@pytest.mark.parametrize(("case", "kept"), [("kana", "ありがとう"), ("hangul", "감사합니다")])
def test_script_for_edge_keeps_kana_and_hangul(case: str, kept: str, tmp_path: Path) -> None:
    page = write_case(CASE[case], tmp_path)
    done = run_cli("script", "--json", "--engine", "edge", str(page))
    assert done.exit_code == 0 and done.stderr == ""
    assert any(kept in s["spoken"] for s in json.loads(done.stdout)["segments"])


def test_script_reads_ext_b_through_its_variant_or_the_lexicon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = write_case(CASE["ext-b"], tmp_path)
    done = run_cli("script", "--json", str(page))
    assert done.exit_code == 0
    assert "'𠮷' (U+20BB7) read as its variant '吉'" in done.stderr
    spoken = "".join(s["spoken"] for s in json.loads(done.stdout)["segments"])
    assert "𠮷" not in spoken and "曲吉小江" in spoken
    voices = tmp_path / "voices"
    shutil.copytree(ROOT / "voices", voices)
    with (voices / "lexicon.tsv").open("a", encoding="utf-8") as lexicon:
        lexicon.write("𠮷\tzhan1\n")
    monkeypatch.setenv(VOICES_ENV, str(voices))
    assert "𠮷" in load_lexicon().entries
    done = run_cli("script", "--json", str(page))
    assert done.exit_code == 0 and "𠮷" not in done.stderr
    spoken = "".join(s["spoken"] for s in json.loads(done.stdout)["segments"])
    assert "曲𠮷小江" in spoken  # left for the frontend to read as the lexicon says


def test_a_build_records_what_was_not_said(tmp_path: Path) -> None:
    from tests.conftest import SMALL_PAGE

    page = tmp_path / "page.txt"
    text = SMALL_PAGE.replace("万物竞发。", "万物竞发。ありがとう。").replace("吉", "𠮷")
    page.write_text(text.replace("赤壁市烟草", f"赤壁{RARE}市烟草", 1), encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli("build", str(page), "--out", str(out), "--cache-dir", str(tmp_path / "c"))
    assert done.exit_code == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "note: a01: 'ありがとう' (kana) removed" in done.stderr
    assert f"'{RARE}' (U+2A700, no reading known) removed" in done.stderr
    edition = next(p for p in out.iterdir() if (p / "edition.json").is_file())
    notes = json.loads((edition / "edition.json").read_text("utf-8"))["notes"]
    assert any("ありがとう" in n for n in notes) and any(RARE in n for n in notes)
    transcript = (edition / "transcript.vtt").read_text("utf-8")
    assert "ありがとう" not in transcript and RARE not in transcript and "赤壁市" in transcript
