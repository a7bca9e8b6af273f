"""Offline voice speed on the seed page's whole spoken script.

Cold: every sentence synthesised with ``OfflineEngine.synthesise_many`` (empty cache).
Cached: the same script through ``audio_edition.synthesise`` over a clip cache holding
what the cold run made, so no model time at all. Prints audio seconds, wall seconds,
RTF (wall/audio) and how busy each worker process was. Target: cold RTF <= 0.06 on two cores.

Usage: uv run python benchmarks/synth.py [--jobs 2] [--threads N] [--limit N]
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import threading
import time
from pathlib import Path

from audio_edition.engines.base import ClipRequest
from audio_edition.engines.offline import OfflineEngine
from audio_edition.models import Clip, Pause, Role, ScriptSegment
from audio_edition.voices import load_lexicon, load_profile

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_738350908e41f89e.txt"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def script_segments() -> list[ScriptSegment]:
    """The seed page's spoken script; the page's own sentences if the script stage fails."""
    text = SEED.read_text(encoding="utf-8")
    try:
        from audio_edition.script import ScriptOptions, spoken_script
        from audio_edition.segment import infer_date, segment_page

        page = segment_page(text, source=SEED.name)
        date = infer_date(page.articles, page.unspoken) or "2026-04-27"
        return spoken_script(page.articles, ScriptOptions(), date).segments
    except ImportError:
        from audio_edition.normalize import normalize

        sentences = re.findall(r"[^。！？]+[。！？]*", text.replace("\n", ""))
        return [
            ScriptSegment("a01", Role.ANCHOR, s, normalize(s), Pause.SENTENCE)
            for s in sentences
            if s.strip()
        ]


class ChildCpu:
    """Samples the CPU time of this process's child processes (the pool workers).

    A finished child's counters vanish from /proc, so the last sample of each is kept.
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.seconds: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ChildCpu:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _children(self) -> list[int]:
        pids: list[int] = []
        for task in Path("/proc/self/task").iterdir():
            try:
                pids += [int(p) for p in (task / "children").read_text().split()]
            except OSError:
                continue
        return pids

    def _sample(self) -> None:
        for pid in self._children():
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if b"resource_tracker" in cmdline:
                continue
            self.seconds[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()


def cold_run(
    engine: OfflineEngine, requests: list[ClipRequest], jobs: int
) -> tuple[dict[int, Clip], float, str]:
    clips: dict[int, Clip] = {}
    cpu_before = time.process_time()
    started = time.perf_counter()
    with ChildCpu() as children:
        engine.synthesise_many(requests, jobs=jobs, on_clip=clips.__setitem__)
    wall = time.perf_counter() - started
    if children.seconds:
        busy = ", ".join(f"{cpu / wall:.0%}" for cpu in children.seconds.values())
        usage = f"worker CPU/wall: {busy}"
    else:
        usage = f"in-process CPU/wall: {(time.process_time() - cpu_before) / wall:.0%}"
    return clips, wall, usage


def cached_run(
    segments: list[ScriptSegment],
    engine: OfflineEngine,
    requests: list[ClipRequest],
    clips: dict[int, Clip],
    jobs: int,
) -> None:
    """The synthesis stage over a cache holding every clip of the cold run."""
    from audio_edition.cache import ClipCache, clip_key
    from audio_edition.synthesise import Voicing, synthesise

    voicing = Voicing(engine, load_profile("offline"))
    with tempfile.TemporaryDirectory() as tmp:
        cache = ClipCache(Path(tmp))
        for index, clip in clips.items():
            cache.put(clip_key(engine, requests[index]), clip)
        started = time.perf_counter()
        spoken, report = synthesise(segments, voicing, cache, jobs=jobs)
        wall = time.perf_counter() - started
    audio = sum(s.clip.duration_s for s in spoken)
    print(
        f"cached: {len(spoken)} clips ({report.cached} cached, {report.synthesised} "
        f"synthesised), audio {audio:.1f} s, wall {wall:.2f} s, RTF {wall / audio:.4f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=None, help="LiteRT threads (jobs=1)")
    parser.add_argument("--limit", type=int, default=None, help="first N segments only")
    parser.add_argument("--skip-cached", action="store_true", help="only the cold run")
    args = parser.parse_args()

    segments = script_segments()[: args.limit]
    profile = load_profile("offline")
    engine = OfflineEngine(load_lexicon(), threads=args.threads)
    requests = [ClipRequest(s.spoken, profile.for_role(s.role)) for s in segments]
    started = time.perf_counter()
    for request in requests:
        engine.prepare(request)
    print(f"{len(requests)} segments; frontend {time.perf_counter() - started:.2f} s")

    clips, wall, usage = cold_run(engine, requests, args.jobs)
    audio = sum(c.duration_s for c in clips.values())
    print(
        f"cold (jobs={args.jobs}): audio {audio:.1f} s, wall {wall:.2f} s, "
        f"RTF {wall / audio:.4f}; {usage}"
    )
    if not args.skip_cached:
        cached_run(segments, engine, requests, clips, args.jobs)


if __name__ == "__main__":
    main()
