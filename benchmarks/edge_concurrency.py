"""How much do parallel connections buy the edge engine? (prints; asserts nothing)

Speaks the seed page's first sentences against the fake edge server with 300 ms of
added latency per request (about what the real service adds before the first audio)
at 1, 2, 4 and 8 connections, and prints wall time and speed-up over one connection.

    uv run python benchmarks/edge_concurrency.py [--sentences 50] [--latency 0.3]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.fake_edge when run as a script

from audio_edition.engines.base import ClipRequest, VoiceSettings  # noqa: E402
from audio_edition.engines.edge import EdgeEngine  # noqa: E402
from tests.fake_edge import FakeEdgeServer  # noqa: E402

SEED = ROOT / "seeds" / "000_738350908e41f89e.txt"
VOICE = VoiceSettings("edge", "zh-CN-YunyangNeural")


def seed_sentences(limit: int) -> list[str]:
    """The seed page's paragraphs, cut after 。！？ (closing quotes kept)."""
    sentences: list[str] = []
    for paragraph in SEED.read_text(encoding="utf-8").split("\n"):
        sentences += [s for s in re.findall(r"[^。！？]+[。！？]*[”’]?", paragraph.strip()) if s]
    return sentences[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.3)
    args = parser.parse_args()

    requests = [ClipRequest(s, VOICE) for s in seed_sentences(args.sentences)]
    characters = sum(len(r.text) for r in requests)
    print(f"{len(requests)} sentences, {characters} characters, {args.latency:.2f} s latency")
    baseline = None
    with FakeEdgeServer(latency=args.latency) as server:
        EdgeEngine(url=server.url).synthesise(requests[0])  # warm up ffmpeg and imports
        for concurrency in (1, 2, 4, 8):
            engine = EdgeEngine(url=server.url, concurrency=concurrency)
            audio = 0.0

            def on_clip(index: int, clip: object) -> None:
                nonlocal audio
                audio += clip.duration_s  # type: ignore[attr-defined]

            started = time.perf_counter()
            engine.synthesise_many(requests, jobs=1, on_clip=on_clip)
            wall = time.perf_counter() - started
            baseline = baseline or wall
            print(
                f"concurrency {concurrency}: {wall:6.2f} s wall, {audio:6.1f} s audio, "
                f"speed-up {baseline / wall:4.2f}x, max open {server.max_open}"
            )


if __name__ == "__main__":
    main()
