"""``build``: page files -> a finished edition folder, the whole pipeline in order.

segment -> script -> synthesise -> assemble/publish. Each stage is a plain function of
the previous one's values; this module only wires them together and times them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from audio_edition.assemble import cover_png
from audio_edition.assemble.memory import assembly_jobs
from audio_edition.assemble.mp3 import check_bitrate
from audio_edition.atomic import recover_leftovers
from audio_edition.cache import ClipCache, cache_record, default_cache_dir
from audio_edition.edition import AssemblyReport, EditionInfo, RenderOptions, write_edition
from audio_edition.engines import EngineName, create_engine, resolve_auto
from audio_edition.errors import InputError, ServiceRejected, SynthesisFailed
from audio_edition.lock import output_lock
from audio_edition.manifest import previous_manifest
from audio_edition.models import Script
from audio_edition.pages import edition_date, page_files, read_pages
from audio_edition.progress import Progress, silent
from audio_edition.publish.site import check_publishing
from audio_edition.script import (
    DEFAULT_PAPER,
    NoticeMode,
    ScriptOptions,
    chapter_title,
    spoken_script,
)
from audio_edition.speakable import Speakable
from audio_edition.synthesise import SynthesisReport, Voicing, synthesise
from audio_edition.voices import load_lexicon, load_profile


@dataclass(frozen=True)
class BuildRequest:
    pages: list[Path]
    out_dir: Path = Path("output")
    engine: EngineName = EngineName.OFFLINE
    paper: str | None = None
    date: str | None = None
    notices: NoticeMode = NoticeMode.READ
    jobs: int = 2
    cache_dir: Path | None = None
    bitrate: int = 64
    cover: Path | None = None
    chime: bool = True
    edition_id: str | None = None
    fallback: EngineName | None = None
    edge_concurrency: int = 4
    voices: str | None = None  # profile voices/<name>.toml; None: the engine's own


@dataclass
class BuildResult:
    edition_dir: Path
    manifest: dict[str, Any]
    report: SynthesisReport
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    assembly: AssemblyReport = field(default_factory=AssemblyReport)


def edition_guid(paper: str, edition_id: str) -> str:
    """Stable across rebuilds and regenerations, so podcast apps keep the episode."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"audio-edition:{paper}:{edition_id}"))


def source_record(path: Path) -> dict[str, str]:
    return {"path": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def make_voicing(
    name: EngineName, edge_concurrency: int = 4, profile_name: str | None = None
) -> Voicing:
    """The engine, its profile (``<profile_name or engine>.toml``) and every other
    engine a role of that profile names (``kokoro:zm_yunyang``)."""
    lexicon = load_lexicon()
    engine = create_engine(name, lexicon, edge_concurrency=edge_concurrency)
    profile = load_profile(profile_name or name.value)
    others = {
        settings.engine: create_engine(EngineName(settings.engine), lexicon)
        for settings in profile.roles.values()
        if settings.engine != engine.id
    }
    return Voicing(engine, profile, others)


def failure_message(exc: SynthesisFailed, script: Script, engine: str) -> str:
    """Name the articles whose clips failed, so the editor knows what is missing."""
    parts = sorted({script.segments[i].part for i in exc.failed})
    reasons = "; ".join(sorted(set(exc.failed.values())))
    if len(reasons) > 300:
        reasons = reasons[:300] + "…"
    advice = (
        ""
        if isinstance(exc, ServiceRejected)
        else "; finished clips are cached, rerun to resume or add --fallback offline"
    )
    return f"{engine}: {len(exc.failed)} clips failed in {', '.join(parts)} ({reasons}){advice}"


def speakable_for(request: BuildRequest) -> Speakable:
    """What every engine that may speak this build can say (auto may be either voice)."""
    engines = {request.engine, *([request.fallback] if request.fallback else [])}
    if EngineName.AUTO in engines:
        engines |= {EngineName.EDGE, EngineName.OFFLINE}
    return Speakable.for_engines((e.value for e in engines), load_lexicon())


def check_request(request: BuildRequest) -> None:
    """Everything about a build that can be checked before minutes of synthesis: the
    options, the folders it writes, and the config and feed state publishing reads."""
    check_bitrate(request.bitrate)
    if request.edition_id is not None and not all(
        c.isascii() and (c.isalnum() or c in "._-") for c in request.edition_id
    ):
        raise InputError("--edition-id may use only A-Z a-z 0-9 . _ -")
    for option, folder in (("--out", request.out_dir), ("--cache-dir", request.cache_dir)):
        if folder is not None:
            check_writable_folder(folder, option)
    check_publishing(request.out_dir)


def check_writable_folder(folder: Path, option: str) -> None:
    """A folder that exists as a folder, or can be made: its nearest existing parent is
    a writable folder."""
    if folder.exists():
        if not folder.is_dir():
            raise InputError(f"{option} {folder} is a file, not a folder")
        if not os.access(folder, os.W_OK):
            raise InputError(f"{option} {folder} is not writable")
        return
    parent = folder.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK):
        raise InputError(f"{option} {folder} cannot be made ({parent} is not a writable folder)")


def build_edition(request: BuildRequest, progress: Progress = silent) -> BuildResult:
    """Build with the output folder locked (one writer at a time), after repairing what
    a killed run left there."""
    check_request(request)
    with output_lock(request.out_dir, "build"):
        cache_root = request.cache_dir or default_cache_dir(request.out_dir)
        repaired = recover_leftovers(request.out_dir, [cache_root])
        return _build_edition(request, progress, repaired)


def _build_edition(request: BuildRequest, progress: Progress, repaired: list[str]) -> BuildResult:
    seconds: dict[str, float] = {}
    notes: list[str] = list(repaired)
    clock = time.perf_counter()

    files = page_files(request.pages)
    pages = read_pages(files)
    notes += [warning for page in pages for warning in page.warnings]
    articles = [a for page in pages for a in page.articles]
    date = edition_date(request.date, pages)
    paper = request.paper or DEFAULT_PAPER
    options = ScriptOptions(paper, date, request.notices, speakable_for(request))
    script = spoken_script(articles, options, date)
    notes += script.warnings
    seconds["script"] = time.perf_counter() - clock
    cover = cover_png(request.cover) if request.cover else None  # bad image: fail before synthesis
    # An edition too big to assemble is refused now, not after its synthesis.
    titles = {a.id: chapter_title(a) for a in script.articles}
    assembling = assembly_jobs(script.segments, request.jobs, titles=titles)

    engine_name, note = resolve_auto(request.engine)
    if note:
        notes.append(note)
    voicing = make_voicing(engine_name, request.edge_concurrency, request.voices)
    # auto promises an edition whatever the service does, so it falls back by itself.
    wanted = request.fallback
    if wanted is None and request.engine is EngineName.AUTO:
        wanted = EngineName.OFFLINE
    fallback = None
    if wanted is not None and wanted is not engine_name:
        fallback = make_voicing(wanted)
    cache_root = request.cache_dir or default_cache_dir(request.out_dir)
    clock = time.perf_counter()
    try:
        clips, report = synthesise(
            script.segments,
            voicing,
            ClipCache(cache_root / "clips"),
            jobs=request.jobs,
            fallback=fallback,
            progress=progress,
        )
    except SynthesisFailed as exc:
        message = failure_message(exc, script, engine_name.value)
        raise type(exc)(message, exc.failed) from None
    # An engine may say what its run took (edge: clips that needed a second pass).
    notes += getattr(voicing.engine, "run_notes", [])
    if report.fallback:
        notes.append(
            f"{len(report.fallback)} clips failed on {engine_name.value} and were spoken "
            f"by the {wanted.value if wanted else ''} profile's voices instead"
        )
    seconds["synthesise"] = time.perf_counter() - clock

    edition_id = request.edition_id or date
    edition_dir = request.out_dir / edition_id
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    previous = previous_manifest(edition_dir) or {}
    info = EditionInfo(
        id=edition_id,
        guid=edition_guid(paper, edition_id),
        paper=paper,
        date=date,
        engine=engine_name.value,
        created=previous.get("created", now),  # a rebuild is the same episode
        updated=now,
        sources=[source_record(f) for f in files],
        options={
            "notices": request.notices.value,
            "bitrate": request.bitrate,
            "chime": request.chime,
            "engine_requested": request.engine.value,
            "fallback": request.fallback.value if request.fallback else None,
        },
        voices={role.value: asdict(v) for role, v in voicing.profile.roles.items()},
        notes=notes,
        history=previous.get("history", []),
        cache_dir=cache_record(cache_root, request.out_dir),
    )
    clock = time.perf_counter()
    written = write_edition(
        edition_dir,
        info,
        script,
        clips,
        RenderOptions(bitrate=request.bitrate, chime=request.chime, cover=cover),
        cache_root=cache_root,
        jobs=assembling,
        progress=progress,
    )
    seconds["assemble"] = time.perf_counter() - clock
    return BuildResult(edition_dir, written.manifest, report, seconds, notes, written.report)
