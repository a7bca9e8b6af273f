"""Cold build of the seed, then regeneration of one brief after changing one sentence.

Prints both wall times, their ratio, and clips reused vs synthesised.
Target: regeneration <= 10 % of the cold build, only the changed sentence synthesised.
Usage: uv run python benchmarks/regenerate.py
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from audio_edition.build import BuildRequest, build_edition
from audio_edition.regenerate import RegenerateRequest, regenerate_article

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_738350908e41f89e.txt"
OLD = "大家纷纷表示,将以此次活动为契机"
NEW = "职工们纷纷表示,将以此次读书活动为契机"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.txt"
        shutil.copy(SEED, page)
        out = Path(tmp) / "output"
        started = time.perf_counter()
        built = build_edition(BuildRequest(pages=[page], out_dir=out))
        cold = time.perf_counter() - started

        text = page.read_text("utf-8")
        assert OLD in text, "seed changed: pick another sentence"
        page.write_text(text.replace(OLD, NEW), "utf-8")
        started = time.perf_counter()
        result = regenerate_article(
            RegenerateRequest(edition_dir=built.edition_dir, article="开展世界读书日主题活动")
        )
        regen = time.perf_counter() - started
        reused = result.reused + result.report.cached
        print(f"cold build: {cold:.2f} s ({built.report.synthesised} clips synthesised)")
        print(
            f"regenerate {result.article_id}: {regen:.2f} s, "
            f"{result.report.synthesised} clips synthesised, {reused} reused"
        )
        print(f"ratio regenerate/cold: {regen / cold:.3f} ({regen / cold * 100:.1f} %)")


if __name__ == "__main__":
    main()
