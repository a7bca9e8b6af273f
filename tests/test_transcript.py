from audio_edition.publish.transcript import Cue, render_vtt


def test_vtt_has_header_and_exact_timestamps() -> None:
    text = render_vtt([Cue(0, 1500, "第一句。"), Cue(3_723_004, 3_724_000, "第二句\n换行")])
    lines = text.splitlines()
    assert lines[0] == "WEBVTT"
    assert "00:00:00.000 --> 00:00:01.500" in lines
    assert "01:02:03.004 --> 01:02:04.000" in lines
    assert "第二句 换行" in lines  # a cue's text never holds a blank line


def test_cue_text_cannot_break_the_timing_syntax() -> None:
    assert "-->" not in render_vtt([Cue(0, 10, "a --> b")]).splitlines()[4]


def test_cue_text_is_escaped_and_clean() -> None:
    """``<`` would open a tag, ``&`` an entity, a control byte breaks parsers."""
    line = render_vtt([Cue(0, 10, "收益<5% & 风险>0\x1b[31m\x07")]).splitlines()[4]
    assert line == "收益&lt;5% &amp; 风险&gt;0[31m"
