"""Does an edge build survive a flaky service, and does a dead one still fail fast?
(prints figures; asserts nothing)

Runs ``--builds`` builds of the seed page against the fake edge server on 127.0.0.1,
each with a different seed for which connections fail (``--rate`` of them, spread over
every transient way the service fails: refused, 503, 429, no audio, cut midway, reset,
stalled, truncated), with the engine's real backoff. Prints per build: whether the full
edition came out, clips, connections, faults, clips that needed the second pass and
wall time. Then a build against a service that answers only 503 and one against a
closed port, with their time to failure. ``--no-second-pass`` shows the figures
without the second pass, for comparison.

    uv run python benchmarks/edge_faults.py [--builds 20] [--rate 0.3] [--no-second-pass]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import socket
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.fake_edge when run as a script

import audio_edition.engines.edge as edge_package  # noqa: E402
from audio_edition.build import BuildRequest, build_edition  # noqa: E402
from audio_edition.engines import EngineName  # noqa: E402
from audio_edition.engines.edge import EdgeEngine  # noqa: E402
from audio_edition.engines.edge.endpoint import URL_ENV  # noqa: E402
from audio_edition.errors import AudioEditionError  # noqa: E402
from tests.fake_edge import FakeEdgeServer, Fault  # noqa: E402

SEED_PAGE = ROOT / "seeds" / "000_738350908e41f89e.txt"
FAULTS = (
    Fault.REFUSE,
    Fault.UNAVAILABLE,
    Fault.TOO_MANY,
    Fault.NO_AUDIO,
    Fault.MIDWAY,
    Fault.RESET,
    Fault.STALL,
    Fault.TRUNCATED,
)
# A stall costs the wall timeout; 3 s keeps 20 builds short and is still a real cut.
CHUNK_TIMEOUT_S = 3.0


class SeededFaults:
    """Connection ``n`` fails with probability ``rate``, decided by ``(seed, n)`` alone."""

    def __init__(self, seed: int, rate: float) -> None:
        self.seed, self.rate = seed, rate
        self.injected: Counter[Fault] = Counter()

    def __call__(self, number: int) -> Fault:
        rng = random.Random(self.seed * 1_000_003 + number)
        if rng.random() >= self.rate:
            return Fault.OK
        fault = FAULTS[rng.randrange(len(FAULTS))]
        self.injected[fault] += 1
        return fault


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"ws://127.0.0.1:{port}/edge/v1?TrustedClientToken=x"


def one_build(out: Path, url: str) -> tuple[bool, str, dict]:
    os.environ[URL_ENV] = url
    try:
        result = build_edition(
            BuildRequest(pages=[SEED_PAGE], out_dir=out, engine=EngineName.EDGE, chime=False)
        )
    except AudioEditionError as exc:
        return False, str(exc)[:160], {}
    manifest = json.loads((result.edition_dir / "edition.json").read_text("utf-8"))
    return True, "", {"manifest": manifest, "report": result.report}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builds", type=int, default=20)
    parser.add_argument("--rate", type=float, default=0.3)
    parser.add_argument("--no-second-pass", action="store_true")
    args = parser.parse_args()
    second_pass_s = 0.0 if args.no_second_pass else 120.0
    edge_package.EdgeEngine = functools.partial(  # type: ignore[misc]
        EdgeEngine, chunk_timeout=CHUNK_TIMEOUT_S, second_pass_s=second_pass_s
    )
    print(
        f"{args.builds} builds of {SEED_PAGE.name}, {args.rate:.0%} of connections failing, "
        f"second pass {'off' if args.no_second_pass else 'on'}"
    )
    full, needed_total, walls = 0, 0, []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, args.builds + 1):
            faults = SeededFaults(seed, args.rate)
            out = Path(tmp) / f"out{seed}"
            started = time.perf_counter()
            with FakeEdgeServer(faults=faults) as server:
                ok, error, got = one_build(out, server.url)
                connections = server.connections
            wall = time.perf_counter() - started
            walls.append(wall)
            injected = sum(faults.injected.values())
            if ok:
                report, manifest = got["report"], got["manifest"]
                complete = report.synthesised + report.cached == report.total and all(
                    a.get("file") for a in manifest["articles"]
                )
                full += complete
                note = next((n for n in manifest["notes"] if "second pass" in n), "")
                needed = int(note.split()[1]) if note else 0
                needed_total += needed
                print(
                    f"seed {seed:2d}: {'full edition' if complete else 'INCOMPLETE':12s} "
                    f"{report.total:3d} clips, {connections:4d} connections, {injected:3d} "
                    f"faults ({injected / max(1, connections):.0%}), second pass {needed:2d}, "
                    f"{wall:6.1f} s"
                )
            else:
                print(f"seed {seed:2d}: FAILED after {wall:6.1f} s: {error}")
        print(
            f"full editions: {full}/{args.builds}; clips needing the second pass: "
            f"{needed_total}; wall per build: median {sorted(walls)[len(walls) // 2]:.1f} s, "
            f"max {max(walls):.1f} s"
        )
        for name, url_of in (("503 only", None), ("closed port", closed_port_url)):
            out = Path(tmp) / f"dead-{name.replace(' ', '-')}"
            started = time.perf_counter()
            with FakeEdgeServer(faults=lambda n: Fault.UNAVAILABLE) as server:
                ok, error, _ = one_build(out, url_of() if url_of else server.url)
            wall = time.perf_counter() - started
            print(
                f"dead service ({name}): {'built?!' if ok else 'failed'} in {wall:.1f} s "
                f"({'under' if wall < 30 else 'OVER'} 30 s); {error[:90]}"
            )


if __name__ == "__main__":
    main()
