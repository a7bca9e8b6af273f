from hypothesis import given
from hypothesis import strategies as st

from audio_edition.engines.edge.chunks import MAX_CHARS, split_after, split_chunks

SENTENCE = "第十六届北京国际电影节期间，业内人士、专家学者围绕AI浪潮下电影产业的发展路径展开研讨。"


def test_short_text_is_one_chunk() -> None:
    assert split_chunks(SENTENCE) == [SENTENCE]


def test_long_text_is_cut_at_sentence_ends_within_the_limit() -> None:
    text = SENTENCE * 60  # ~2700 characters, no newline or space anywhere
    chunks = split_chunks(text)
    assert len(chunks) == 3
    assert all(len(c) <= MAX_CHARS for c in chunks)
    assert all(c.endswith("。") for c in chunks)
    assert "".join(chunks) == text


def test_overlong_sentence_is_cut_at_clause_marks() -> None:
    clause = "业内人士围绕电影产业的发展路径展开研讨，"
    text = clause * 80 + "完。"  # one sentence of ~1600 characters
    chunks = split_chunks(text)
    assert len(chunks) == 2
    assert all(len(c) <= MAX_CHARS for c in chunks)
    assert chunks[0].endswith("，")
    assert "".join(chunks) == text


def test_text_without_any_mark_is_cut_hard() -> None:
    text = "电" * 2500
    assert [len(c) for c in split_chunks(text)] == [1000, 1000, 500]


def test_closing_quotes_stay_with_their_sentence() -> None:
    assert split_after("他说：“好。”然后走了。", frozenset("。")) == ["他说：“好。”", "然后走了。"]


def test_exclamation_and_question_marks_end_sentences() -> None:
    assert split_after("真的吗？是的！好。", frozenset("。！？")) == ["真的吗？", "是的！", "好。"]


@given(
    st.text(alphabet="电影节。！？；，、AI 0“”", max_size=400),
    st.integers(min_value=1, max_value=60),
)
def test_no_character_is_lost_and_no_chunk_is_too_long(text: str, limit: int) -> None:
    chunks = split_chunks(text, limit)
    assert "".join(chunks) == text
    assert all(0 < len(c) <= limit for c in chunks)
