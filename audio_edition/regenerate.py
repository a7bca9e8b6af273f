"""``regenerate``: redo one article of a built edition without re-synthesising the rest.

The manifest holds every other segment's clip key, so their audio comes straight from
the cache (and their loudness-normalised parts from the part cache): only the target
article's changed sentences reach an engine. The edition keeps its id and GUID, so its
feed item stays the same episode.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from audio_edition.assemble.memory import assembly_jobs
from audio_edition.atomic import recover_leftovers
from audio_edition.build import make_voicing, source_record
from audio_edition.cache import ClipCache, cache_record, default_cache_dir, recorded_cache_dir
from audio_edition.edition import AssemblyReport, EditionInfo, RenderOptions, write_edition
from audio_edition.engines import EngineName, create_engine
from audio_edition.engines.base import VoiceSettings
from audio_edition.errors import InputError, ManifestError
from audio_edition.lock import output_lock
from audio_edition.manifest import read_manifest
from audio_edition.models import Article, Pause, Role, Script, ScriptSegment
from audio_edition.pages import read_articles
from audio_edition.progress import Progress, silent
from audio_edition.publish.script_text import read_script_block
from audio_edition.publish.site import check_publishing
from audio_edition.script import NoticeMode, ScriptOptions, spoken_script
from audio_edition.speakable import Speakable
from audio_edition.synthesise import SpokenClip, SynthesisReport, Voicing, synthesise
from audio_edition.voices import Profile, load_lexicon, load_profile, with_overrides


@dataclass(frozen=True)
class RegenerateRequest:
    edition_dir: Path
    article: str
    pages: list[Path] | None = None  # --from: edited page files
    use_script: bool = False  # --script: the edited block in script.txt
    voices: dict[Role, str] = field(default_factory=dict)
    engine: EngineName | None = None
    rate: int | None = None
    note: str | None = None
    jobs: int = 2
    cache_dir: Path | None = None


@dataclass
class RegenerateResult:
    manifest: dict[str, Any]
    article_id: str
    report: SynthesisReport
    reused: int  # segments of other chapters taken from the cache
    assembly: AssemblyReport = field(default_factory=AssemblyReport)
    warnings: list[str] = field(default_factory=list)  # what the voice cannot say of it


def article_listing(manifest: dict[str, Any]) -> str:
    return "; ".join(f"{a['id']} (#{a['number']}) {a['headline']}" for a in manifest["articles"])


def find_article(manifest: dict[str, Any], query: str) -> dict[str, Any]:
    """By manifest id (``a03``), 1-based number, or a unique part of the headline."""
    articles = manifest["articles"]
    query = query.strip()
    matches = [a for a in articles if a["id"] == query]
    if not matches and query.isdigit():
        matches = [a for a in articles if a["number"] == int(query)]
    if not matches and query:
        matches = [a for a in articles if query in a["headline"]]
    if len(matches) == 1:
        return matches[0]
    problem = "matches several articles" if matches else "matches no article"
    raise InputError(f"--article {query!r} {problem}; articles: {article_listing(manifest)}")


def _segments_of(rows: list[dict[str, Any]]) -> list[ScriptSegment]:
    return [
        ScriptSegment(r["part"], Role(r["role"]), r["text"], r["spoken"], Pause(r["pause"]))
        for r in rows
    ]


def _edition_segments(manifest: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Manifest segment rows grouped by chapter."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for row in manifest.get("segments", []):
        rows.setdefault(row["part"], []).append(row)
    for article in manifest["articles"]:
        if article.get("segments"):
            rows[article["id"]] = article["segments"]
    return rows


def _matching_article(target: Article, candidates: list[Article]) -> Article:
    """The edited article: the same headline, else the same kicker and kind, else the
    one headline close to it (a typo fixed in the headline itself).

    Never by position: with the article gone from the edited page, the one in its place
    is another story, and putting it in the edition would lose this one silently.
    """
    for same in (
        lambda a: a.headline == target.headline,
        lambda a: a.kicker is not None and a.kicker == target.kicker and a.kind is target.kind,
        lambda a: _similar(a.headline, target.headline),
    ):
        found = [a for a in candidates if same(a)]
        if len(found) == 1:
            return found[0]
    listed = "; ".join(a.headline or a.paragraphs[0][:12] for a in candidates if a.paragraphs)
    raise InputError(
        f"cannot find article {target.id} ({target.headline}) by headline or kicker in the "
        f"given pages; they hold: {listed or 'no articles'}"
    )


def _similar(one: str, other: str) -> bool:
    return bool(one and other) and SequenceMatcher(None, one, other).ratio() >= _CLOSE_HEADLINE


_CLOSE_HEADLINE = 0.8


def _new_segments(
    request: RegenerateRequest, manifest: dict[str, Any], articles: list[Article], target: Article
) -> tuple[list[ScriptSegment], Article, list[str] | None]:
    """The article's segments, and what of its edited text the voice cannot say (None
    for a script block, spoken as the editor wrote it: the edition's notes stand)."""
    if request.use_script:
        return read_script_block(request.edition_dir / "script.txt", target.id), target, None
    sources = request.pages or [Path(s["path"]) for s in manifest["sources"]]
    edited = _matching_article(target, read_articles(sources))
    edited.id = target.id
    replaced = [edited if a.id == target.id else a for a in articles]
    options = ScriptOptions(
        paper=manifest["paper"],
        date=manifest["date"],
        notices=NoticeMode(manifest["options"].get("notices", "read")),
        speakable=Speakable.for_engines(
            [(request.engine or EngineName(manifest["engine"])).value], load_lexicon()
        ),
    )
    script = spoken_script(replaced, options, manifest["date"])
    warnings = [w for w in script.warnings if w.startswith(f"{target.id}: ")]
    return [s for s in script.segments if s.part == target.id], edited, warnings


def _edition_profile(manifest: dict[str, Any], engine: EngineName) -> Profile:
    """The voices the edition was built with (so the article matches the others)."""
    if engine.value != manifest["engine"]:
        return load_profile(engine.value)
    roles = {Role(role): VoiceSettings(**v) for role, v in manifest["voices"].items()}
    return Profile(engine=engine.value, roles=roles)


def regenerate_article(request: RegenerateRequest, progress: Progress = silent) -> RegenerateResult:
    """Redo one article with its output folder locked (one writer at a time), after
    repairing what a killed run left there."""
    out_dir = request.edition_dir.parent
    if not out_dir.is_dir():
        return _regenerate_article(request, progress)  # says there is no such edition
    with output_lock(out_dir, "regenerate"):
        recover_leftovers(out_dir, _cache_dirs(request, out_dir))
        return _regenerate_article(request, progress)


def _cache_dirs(request: RegenerateRequest, out_dir: Path) -> list[Path]:
    try:
        recorded = recorded_cache_dir(read_manifest(request.edition_dir).get("cache_dir"), out_dir)
    except ManifestError:
        recorded = None
    return [d for d in (request.cache_dir, recorded, default_cache_dir(out_dir)) if d]


def _regenerate_article(request: RegenerateRequest, progress: Progress) -> RegenerateResult:
    manifest = read_manifest(request.edition_dir, for_regenerate=True)
    row = find_article(manifest, request.article)
    if row.get("file") is None:
        raise InputError(f"article {row['id']} is not spoken in this edition (notices skipped?)")
    articles = [Article.from_dict(a["article"]) for a in manifest["articles"]]
    target = next(a for a in articles if a.id == row["id"])
    out_dir = request.edition_dir.parent
    check_publishing(out_dir)  # a bad config fails now, not after the edition is in
    # The cache the edition was built with, unless told otherwise: a build with
    # --cache-dir keeps its clips there, not in the default cache.
    cache_root = (
        request.cache_dir
        or recorded_cache_dir(manifest.get("cache_dir"), out_dir)
        or default_cache_dir(out_dir)
    )
    cache = ClipCache(cache_root / "clips")

    by_part = _edition_segments(manifest)
    old_rows = by_part[target.id]
    new_segments, edited, warnings = _new_segments(request, manifest, articles, target)
    if not new_segments:
        raise InputError(f"article {target.id} has nothing left to read; not regenerated")
    new_segments[-1].pause = Pause(old_rows[-1]["pause"])  # keep the gap to the next chapter
    planned = [
        segment
        for chapter in manifest["chapters"]
        for segment in (
            new_segments if chapter["part"] == target.id else _segments_of(by_part[chapter["part"]])
        )
    ]
    jobs = assembly_jobs(planned, request.jobs)  # refuse what cannot fit before synthesis

    # The other chapters' clips first: a wrong cache fails before any synthesis.
    kept = {
        chapter["part"]: _cached_clips(by_part[chapter["part"]], cache, cache_root, manifest)
        for chapter in manifest["chapters"]
        if chapter["part"] != target.id
    }

    engine = request.engine or EngineName(manifest["engine"])
    voicing = make_voicing(engine)
    profile = with_overrides(_edition_profile(manifest, engine), request.voices, request.rate)
    clips, report = synthesise(
        new_segments,
        Voicing(
            voicing.engine,
            profile,
            {  # engines the edition's roles named (a radio edition: kokoro and offline)
                v.engine: create_engine(EngineName(v.engine), load_lexicon())
                for v in profile.roles.values()
                if v.engine != voicing.engine.id
            },
        ),
        cache,
        jobs=request.jobs,
        progress=progress,
    )

    segments: list[ScriptSegment] = []
    spoken: list[SpokenClip] = []
    for chapter in manifest["chapters"]:
        part = chapter["part"]
        if part == target.id:
            segments += new_segments
            spoken += clips
        else:
            segments += _segments_of(by_part[part])
            spoken += kept[part]
    reused = sum(len(c) for c in kept.values())

    articles = [edited if a.id == target.id else a for a in articles]
    script = Script(manifest["paper"], manifest["date"], articles, segments)
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    info = _info(manifest, request, target.id, now, report, reused, warnings)
    info = replace(info, cache_dir=cache_record(cache_root, out_dir))
    cover_path = request.edition_dir / manifest["files"]["cover"]
    cover = cover_path.read_bytes() if cover_path.is_file() else None
    options = manifest["options"]
    written = write_edition(
        request.edition_dir,
        info,
        script,
        spoken,
        RenderOptions(bitrate=options["bitrate"], chime=options["chime"], cover=cover),
        cache_root=cache_root,
        jobs=jobs,
        progress=progress,
    )
    return RegenerateResult(
        written.manifest, target.id, report, reused, written.report, warnings or []
    )


def _cached_clips(
    rows: list[dict[str, Any]], cache: ClipCache, cache_root: Path, manifest: dict[str, Any]
) -> list[SpokenClip]:
    clips = []
    for row in rows:
        if row["clip"] not in cache:  # the audio itself is read at assembly, per chapter
            raise InputError(
                f"clip cache {cache_root} misses audio of {row['part']} "
                "(cleared, or give --cache-dir?); "
                f"rebuild the edition with: audio-edition build "
                f"{' '.join(s['path'] for s in manifest['sources'])}"
            )
        clips.append(SpokenClip(row["clip"], row["engine"], row["voice"], cache))
    return clips


def _info(
    manifest: dict[str, Any],
    request: RegenerateRequest,
    article_id: str,
    now: str,
    report: SynthesisReport,
    reused: int,
    warnings: list[str] | None,
) -> EditionInfo:
    """The edition's record with this run in its history; the article's warnings in its
    notes are those of its new text (the old text's no longer apply)."""
    history = list(manifest.get("history", []))
    history.append(
        {
            "at": now,
            "article": article_id,
            "note": request.note,
            "from": "script" if request.use_script else "pages",
            "reused": reused + report.cached,
            "synthesised": report.synthesised,
        }
    )
    notes = list(manifest.get("notes", []))
    if warnings is not None:
        notes = [n for n in notes if not n.startswith(f"{article_id}: ")] + warnings
    sources = manifest["sources"]
    if request.pages:
        sources = [source_record(p) for p in request.pages]
    return EditionInfo(
        id=manifest["id"],
        guid=manifest["guid"],
        paper=manifest["paper"],
        date=manifest["date"],
        engine=manifest["engine"],
        created=manifest["created"],
        updated=now,
        sources=sources,
        options=manifest["options"],
        voices=manifest["voices"],
        notes=notes,
        history=history[-50:],
    )
