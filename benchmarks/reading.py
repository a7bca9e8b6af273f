"""Reading figures: CPP polyphone accuracy per half, and the offline frontend's speed on
the seed page (cold: first sentence after import, warm: the whole seed again).

    uv run python benchmarks/reading.py [--cpp /work/shared/data/cpp]

Prints figures only. The listener's PER per article (shared/tools/listen.sh) is not run
here yet.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cpp", type=Path, default=ROOT.parent / "shared" / "data" / "cpp")
    parser.add_argument("--synth", type=int, default=20, help="seed sentences synthesised")
    args = parser.parse_args()

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


if __name__ == "__main__":
    main()
