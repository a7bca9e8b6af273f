"""Shared fixtures: one real seed edition per test session (it takes the offline voice
about half a minute), built into a temporary output folder with its own clip cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_738350908e41f89e.txt"
SMALL_PAGE = """赤壁市烟草专卖局

不负春光“耕”新忙

春回大地,万物竞发。近日,赤壁市烟草专卖局抢抓春日契机,扎实推进“133提质工程”落地见效。

所(部)全体干部职工以劳动为荣。

(通讯员 孔媛)

遗失声明

咸宁市海龙农资有限公司遗失开户许可证,核准号:J5360000329302,特此声明。

咸宁市海龙农资有限公司
2026年4月27日
"""


@pytest.fixture(scope="session")
def seed_edition(tmp_path_factory: pytest.TempPathFactory):
    """The seed page built once with the offline voice: (BuildResult, output folder)."""
    from audio_edition.build import BuildRequest, build_edition

    out = tmp_path_factory.mktemp("seed") / "output"
    result = build_edition(BuildRequest(pages=[SEED], out_dir=out, jobs=2))
    return result, out


@pytest.fixture
def small_page(tmp_path: Path) -> Path:
    page = tmp_path / "page.txt"
    page.write_text(SMALL_PAGE, encoding="utf-8")
    return page


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None):
    """Run ``audio-edition`` as a user would, in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "audio_edition.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env={**os.environ, **(env or {})},
        timeout=600,
    )
