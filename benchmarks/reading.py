"""Reading figures: CPP polyphone accuracy per half, and the offline frontend's speed on
the seed page (cold: first sentence after import, warm: the whole seed again).

    uv run python benchmarks/reading.py [--cpp /work/shared/data/cpp]

    uv run python benchmarks/reading.py --edition output/2026-04-27   # + listener PER

Prints figures only. With ``--edition`` (a built seed edition) and the listener
(``shared/tools/listen.sh``: Whisper base, offline; its first run builds its own
environment) it also prints each article file's syllable error (PER) against the text
the edition meant to speak, which is how readings are compared across versions.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cpp", type=Path, default=ROOT.parent / "shared" / "data" / "cpp")
    parser.add_argument("--synth", type=int, default=20, help="seed sentences synthesised")
    parser.add_argument("--edition", type=Path, help="a built edition folder: listener PER")
    parser.add_argument(
        "--listener", type=Path, default=ROOT.parent / "shared" / "tools" / "listen.sh"
    )
    args = parser.parse_args()
    if args.edition:
        listen(args.edition, args.listener)

    started = time.perf_counter()
    import audio_edition
    from audio_edition.engines.offline import frontend
    from audio_edition.normalize import normalize
    from audio_edition.pronounce import cpp

    seed = sorted((ROOT / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")
    lines = [normalize(line, latin="han") for line in seed.splitlines() if line.strip()]
    sentences = [s for line in lines for s in frontend.sentences(line)]
    imported = time.perf_counter()
    frontend.chunks(sentences[0])
    first = time.perf_counter()
    print(f"import {imported - started:.2f} s, first sentence {first - imported:.2f} s")

    for label in ("cold", "warm"):
        t = time.perf_counter()
        chars = 0
        for sentence in sentences:
            for chunk in frontend.chunks(sentence):
                chars += sum(1 for c in chunk.text if audio_edition.pronounce.is_han(c))
        elapsed = time.perf_counter() - t
        print(f"seed {label}: {chars} characters in {elapsed:.2f} s = {chars / elapsed:.0f} char/s")

    # The frontend's share of synthesis: the same sentences through the frontend alone
    # (warm) and through the offline engine (frontend + FastSpeech2 + MB-MelGAN, one
    # process).
    from audio_edition.engines.base import ClipRequest, VoiceSettings
    from audio_edition.engines.offline.engine import OfflineEngine

    sample = sentences[: args.synth]
    engine = OfflineEngine()
    engine.synthesise(ClipRequest(sample[0], VoiceSettings("offline", "baker")))  # load
    t = time.perf_counter()
    for sentence in sample:
        frontend.chunks(sentence)
    front = time.perf_counter() - t
    t = time.perf_counter()
    for sentence in sample:
        engine.synthesise(ClipRequest(sentence, VoiceSettings("offline", "baker")))
    synth = time.perf_counter() - t
    print(
        f"frontend share of synthesis ({len(sample)} seed sentences): {front:.2f} s of "
        f"{synth:.1f} s = {front / synth * 100:.1f} %"
    )

    if (args.cpp / "dev.sent").exists():
        items = cpp.load(args.cpp)
        t = time.perf_counter()
        even, odd = cpp.halves(items, audio_edition.pinyin)
        print(
            f"CPP dev: even {even * 100:.2f} %, odd {odd * 100:.2f} % "
            f"({len(items)} sentences, {time.perf_counter() - t:.0f} s)"
        )
    else:
        print(f"CPP dev: not found at {args.cpp}", file=sys.stderr)


def listen(edition: Path, listener: Path) -> None:
    """The listener's PER on each article file of ``edition``, against the spoken text
    of the article's segments (what the manifest says was meant to be heard)."""
    manifest = json.loads((edition / "edition.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        for article in manifest["articles"]:
            reference = Path(tmp) / f"{article['id']}.txt"
            reference.write_text("".join(s["spoken"] for s in article["segments"]), "utf-8")
            run = subprocess.run(
                [str(listener), str(edition / article["file"]), str(reference)],
                capture_output=True,
                text=True,
                check=False,
            )
            found = re.search(r"CER=(\S+) PER=(\S+)", run.stdout)
            figures = f"CER {found[1]}, PER {found[2]}" if found else run.stderr.strip()[-200:]
            print(f"listener {article['id']} {article['headline'][:20]}: {figures}")


if __name__ == "__main__":
    main()
