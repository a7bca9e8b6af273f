"""The FlexRandomUniform -> RANDOM_UNIFORM rewrite of the Baker FastSpeech2 model.

The patched buffer is read back with LiteRT's own generated schema reader and run on
the LiteRT interpreter, neither of which shares code with our patcher.
"""

from __future__ import annotations

import numpy as np
import pytest
from ai_edge_litert import schema_py_generated as schema
from ai_edge_litert.interpreter import Interpreter

from audio_edition.engines.offline import assets
from audio_edition.engines.offline.flatbuffer import (
    FLEX_RANDOM_UNIFORM,
    RANDOM_UNIFORM,
    operator_codes,
    patch_flex_random_uniform,
)


@pytest.fixture(scope="module")
def original() -> bytes:
    return assets.locate().acoustic.read_bytes()


@pytest.fixture(scope="module")
def patched(original: bytes) -> bytes:
    return patch_flex_random_uniform(original)


def _feed(interpreter: Interpreter) -> None:
    """Run one tiny utterance (sil b a3 sil eos)."""
    details = interpreter.get_input_details()
    interpreter.resize_tensor_input(details[0]["index"], [1, 5])
    interpreter.allocate_tensors()
    values = [
        np.array([[1, 7, 30, 1, 218]], np.int32),
        np.array([0], np.int32),
        np.ones(1, np.float32),
        np.ones(1, np.float32),
        np.ones(1, np.float32),
    ]
    for detail, value in zip(details, values, strict=True):
        interpreter.set_tensor(detail["index"], value)
    interpreter.invoke()


def test_original_holds_flex_ops_that_litert_cannot_run(original: bytes) -> None:
    assert any(code.custom_code == FLEX_RANDOM_UNIFORM for code in operator_codes(original))
    with pytest.raises(RuntimeError, match="Flex"):
        _feed(Interpreter(model_content=original))


def test_schema_reader_sees_builtin_random_uniform(patched: bytes) -> None:
    model = schema.Model.GetRootAsModel(patched, 0)
    codes = [model.OperatorCodes(i) for i in range(model.OperatorCodesLength())]
    assert not [c for c in codes if c.CustomCode() is not None]
    random = [i for i, c in enumerate(codes) if c.BuiltinCode() == RANDOM_UNIFORM]
    assert len(random) == 1
    assert codes[random[0]].DeprecatedBuiltinCode() == 127
    assert codes[random[0]].Version() == 1
    users = [
        op
        for g in range(model.SubgraphsLength())
        for k in range(model.Subgraphs(g).OperatorsLength())
        if (op := model.Subgraphs(g).Operators(k)).OpcodeIndex() == random[0]
    ]
    assert len(users) == 2  # the dropout on the f0 and on the energy embedding


def test_patched_model_runs_on_litert(patched: bytes) -> None:
    interpreter = Interpreter(model_content=patched, num_threads=1)
    _feed(interpreter)
    names = [op["op_name"] for op in interpreter._get_ops_details()]
    assert names.count("RANDOM_UNIFORM") == 2
    mel = interpreter.get_tensor(interpreter.get_output_details()[1]["index"])
    assert mel.shape[0] == 1 and mel.shape[2] == 80 and mel.shape[1] > 0
    assert np.isfinite(mel).all()


def test_patch_only_appends_and_repoints(original: bytes, patched: bytes) -> None:
    """Everything but the repointed vector slot is byte-for-byte the original."""
    assert len(patched) > len(original)
    differing = np.flatnonzero(
        np.frombuffer(original, np.uint8) != np.frombuffer(patched[: len(original)], np.uint8)
    )
    assert 0 < len(differing) <= 4  # one uoffset of the operator_codes vector
    other = [c for c in operator_codes(original) if c.custom_code != FLEX_RANDOM_UNIFORM]
    assert [c for c in operator_codes(patched) if c.builtin_code != RANDOM_UNIFORM] == other


def test_patch_is_idempotent(patched: bytes) -> None:
    assert patch_flex_random_uniform(patched) == patched
