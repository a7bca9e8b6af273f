"""The ``audio-edition`` command: parse options, call the library, print.

Every user-facing failure is an ``AudioEditionError``; it is printed as one line on
stderr with its exit code (2 for bad input), never as a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from audio_edition.errors import AudioEditionError, disk_full

app = typer.Typer(
    help="Turn a printed Chinese newspaper page into a chaptered Mandarin audio edition.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])
E = TypeVar("E", bound=Enum)

PagesArg = Annotated[
    list[Path], typer.Argument(help="Page text files, or folders of *.txt pages, in order.")
]


def reports_errors(command: F) -> F:
    """Turn library errors into one stderr line and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except AudioEditionError as exc:
            # Escaped: a message naming "[feed]" must not be eaten as rich markup.
            err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:
            full = disk_full(exc)  # a write outside the atomic seam (ffmpeg's, staging's)
            if full is None:
                raise
            err.print(f"[bold red]error:[/] {escape(str(full))}", highlight=False, soft_wrap=True)
            raise typer.Exit(full.exit_code) from None
        except KeyboardInterrupt:
            err.print("interrupted; finished clips are cached, rerun to resume")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def progress_bars() -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar per pipeline stage, fed by the library's progress callback."""
    with Progress(
        TextColumn("{task.description:<11}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,  # the summary replaces them; an error leaves one line
    ) as bars:
        tasks: dict[str, Any] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total or None)
            bars.update(tasks[stage], completed=done, total=total or None)

        yield report


# --- script ------------------------------------------------------------------------


@app.command()
@reports_errors
def script(
    pages: PagesArg,
    json_output: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
    paper: Annotated[str | None, typer.Option(help="Paper name spoken in the opening.")] = None,
    date: Annotated[str | None, typer.Option(help="Edition date, YYYY-MM-DD.")] = None,
    notices: Annotated[str, typer.Option(help="read | summary | skip")] = "read",
    engine: Annotated[
        str, typer.Option(help="offline | edge | auto (what it can say)")
    ] = "offline",
) -> None:
    """Print the spoken script of PAGES (what the voice will read)."""
    from audio_edition.build import BuildRequest, speakable_for
    from audio_edition.pages import edition_date, page_files, read_pages
    from audio_edition.script import DEFAULT_PAPER, ScriptOptions, spoken_script

    can_say = speakable_for(BuildRequest(pages=pages, engine=_engine(engine)))
    read = read_pages(page_files(pages))
    for warning in (w for page in read for w in page.warnings):
        _flag("warning", warning)
    articles = [a for page in read for a in page.articles]
    day = edition_date(date, read)
    options = ScriptOptions(paper or DEFAULT_PAPER, day, _notices(notices), can_say)
    result = spoken_script(articles, options, day)
    for warning in result.warnings:
        _flag("warning", warning)
    if json_output:
        document = {
            "paper": result.paper,
            "date": result.date,
            "articles": [a.to_dict() for a in result.articles],
            "segments": [{"article_id": s.part, **s.to_dict()} for s in result.segments],
            "warnings": result.warnings,
        }
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=1) + "\n")
        return
    part = None
    for segment in result.segments:
        if segment.part != part:
            part = segment.part
            out.print(f"\n[bold]== {escape(part)}[/]")
        out.print(
            f"[dim]{segment.role.value:>8}[/]  {escape(segment.spoken)}",
            highlight=False,
            soft_wrap=True,
        )


def _choice(kind: type[E], value: str, option: str) -> E:
    """An option value as its enum member, or a one-line error naming the choices."""
    try:
        return kind(value)
    except ValueError:
        from audio_edition.errors import InputError

        names = " | ".join(member.value for member in kind)
        raise InputError(f"{option} must be {names}, not {value!r}") from None


def _notices(value: str):
    from audio_edition.script import NoticeMode

    return _choice(NoticeMode, value, "--notices")


def _flag(label: str, text: str) -> None:
    """One warning or note on stderr, whole (a long one wraps, never cut)."""
    err.print(f"[bold yellow]{label}:[/] {escape(text)}", highlight=False, soft_wrap=True)


def _engine(value: str):
    from audio_edition.engines import EngineName

    return _choice(EngineName, value, "--engine")


# --- build -------------------------------------------------------------------------


@app.command()
@reports_errors
def build(
    pages: PagesArg,
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("output"),
    engine: Annotated[str, typer.Option(help="offline | edge | auto")] = "offline",
    voices: Annotated[
        str | None,
        typer.Option(
            "--voices",
            help="voice profile voices/<name>.toml: baker | kokoro (default: the engine's own)",
        ),
    ] = None,
    paper: Annotated[str | None, typer.Option(help="Paper name.")] = None,
    date: Annotated[str | None, typer.Option(help="Edition date, YYYY-MM-DD.")] = None,
    notices: Annotated[str, typer.Option(help="read | summary | skip")] = "read",
    jobs: Annotated[int, typer.Option(min=1, help="Offline synthesis processes.")] = 2,
    cache_dir: Annotated[Path | None, typer.Option(help="Clip cache folder.")] = None,
    bitrate: Annotated[int, typer.Option(min=32, max=192, help="MP3 kbps (CBR).")] = 64,
    cover: Annotated[Path | None, typer.Option(help="Cover image (PNG/JPEG, square).")] = None,
    no_chime: Annotated[
        bool, typer.Option("--no-chime", help="No sting between sections.")
    ] = False,
    edition_id: Annotated[str | None, typer.Option(help="Folder name, e.g. 2026-04-27-2.")] = None,
    fallback: Annotated[str | None, typer.Option(help="Engine for clips that fail.")] = None,
    edge_concurrency: Annotated[int, typer.Option(min=1, max=16)] = 4,
) -> None:
    """Build the audio edition of PAGES; prints the edition folder last."""
    from audio_edition.build import BuildRequest, build_edition
    from audio_edition.publish.site import publish_output

    started = time.perf_counter()
    request = BuildRequest(
        pages=pages,
        out_dir=out_dir,
        engine=_engine(engine),
        paper=paper,
        date=date,
        notices=_notices(notices),
        jobs=jobs,
        cache_dir=cache_dir,
        bitrate=bitrate,
        cover=cover,
        chime=not no_chime,
        edition_id=edition_id,
        fallback=_engine(fallback) if fallback else None,
        edge_concurrency=edge_concurrency,
        voices=voices,
    )
    with progress_bars() as report:
        result = build_edition(request, report)
    publish_output(out_dir)
    for note in result.notes:
        _flag("note", note)
    _summary(result.manifest, result.report, result.assembly, time.perf_counter() - started)
    print(result.edition_dir)


def _summary(manifest: dict[str, Any], report: Any, assembly: Any, seconds: float) -> None:
    table = Table(title=escape(manifest["title"]), show_header=True, header_style="bold")
    table.add_column("#", justify="right")
    table.add_column("chapter")
    table.add_column("start", justify="right")
    for n, chapter in enumerate(manifest["chapters"], 1):
        start = chapter["start_s"]
        table.add_row(str(n), escape(chapter["title"]), f"{int(start // 60)}:{start % 60:04.1f}")
    err.print(table)
    minutes, secs = divmod(manifest["duration_s"], 60)
    err.print(
        f"duration {int(minutes)}:{secs:04.1f} · {len(manifest['chapters'])} chapters · "
        f"{len(manifest['articles'])} articles · clips {report.synthesised} synthesised, "
        f"{report.cached} cached · chapter streams {assembly.chapters_encoded} encoded, "
        f"{assembly.chapters_reused} cached · took {seconds:.1f} s",
        highlight=False,
    )


# --- regenerate --------------------------------------------------------------------


@app.command()
@reports_errors
def regenerate(
    edition_dir: Annotated[Path, typer.Argument(help="An edition folder, e.g. output/2026-04-27.")],
    article: Annotated[str, typer.Option(help="Article id (a03), number (3) or headline part.")],
    from_pages: Annotated[
        list[Path] | None, typer.Option("--from", help="Edited page file(s) to take it from.")
    ] = None,
    use_script: Annotated[
        bool, typer.Option("--script", help="Speak the article's edited block in script.txt.")
    ] = False,
    voice: Annotated[
        list[str] | None, typer.Option(help="ROLE=VOICE, e.g. notice=zh-CN-YunjianNeural.")
    ] = None,
    engine: Annotated[str | None, typer.Option(help="offline | edge")] = None,
    rate: Annotated[
        int | None, typer.Option(help="Rate change in percent for this article.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why, for the manifest's history.")] = None,
    jobs: Annotated[int, typer.Option(min=1)] = 2,
    cache_dir: Annotated[Path | None, typer.Option(help="Clip cache folder.")] = None,
) -> None:
    """Redo one article (edited text, new voice, fixed reading) and re-assemble."""
    from audio_edition.errors import InputError
    from audio_edition.models import Role
    from audio_edition.publish.site import publish_output
    from audio_edition.regenerate import RegenerateRequest, regenerate_article

    if use_script and from_pages:
        raise InputError("use either --from or --script, not both")
    voices: dict[Role, str] = {}
    for item in voice or []:
        role, _, name = item.partition("=")
        if role not in {r.value for r in Role} or not name:
            raise InputError(f"--voice takes ROLE=VOICE with ROLE anchor|reporter|notice: {item!r}")
        voices[Role(role)] = name
    resolved = _engine(engine) if engine else None
    if resolved is not None and resolved.value == "auto":
        raise InputError("--engine for regenerate must be offline or edge")
    request = RegenerateRequest(
        edition_dir=edition_dir,
        article=article,
        pages=from_pages or None,
        use_script=use_script,
        voices=voices,
        engine=resolved,
        rate=rate,
        note=note,
        jobs=jobs,
        cache_dir=cache_dir,
    )
    with progress_bars() as report:
        result = regenerate_article(request, report)
    for warning in result.warnings:
        _flag("warning", warning)
    publish_output(edition_dir.parent)
    err.print(
        f"{escape(result.article_id)}: {result.report.synthesised} clips synthesised, "
        f"{result.report.cached + result.reused} reused; chapter streams "
        f"{result.assembly.chapters_encoded} encoded, {result.assembly.chapters_reused} reused",
        highlight=False,
    )
    print(edition_dir)


# --- chapters / voices / say -------------------------------------------------------


@app.command()
@reports_errors
def chapters(mp3: Annotated[Path, typer.Argument(help="Any MP3 file.")]) -> None:
    """Print the ID3 chapters of an MP3 file."""
    from audio_edition.assemble import read_chapters

    for chapter in read_chapters(mp3):
        start = chapter.start_ms / 1000
        print(f"{int(start // 60):02d}:{start % 60:06.3f}  {chapter.title}")


@app.command()
@reports_errors
def voices(
    refresh: Annotated[bool, typer.Option(help="Fetch the live edge voice list (online).")] = False,
) -> None:
    """List engines, their voices and the active voice profiles."""
    from audio_edition.engines import EngineName
    from audio_edition.voices import load_profile

    if refresh:
        from audio_edition.engines.edge.voices import refresh_voices

        path = refresh_voices()
        err.print(f"edge voice list refreshed: {escape(str(path))}", highlight=False)
    for name in (EngineName.OFFLINE, EngineName.KOKORO, EngineName.EDGE):
        table = Table(title=f"engine: {name.value}", header_style="bold")
        table.add_column("voice")
        table.add_column("sex")
        table.add_column("note")
        for voice in _engine_voices(name):
            table.add_row(escape(voice.id), escape(voice.gender), escape(voice.note))
        out.print(table)
        profile = load_profile(name.value)
        for role, settings in profile.roles.items():
            out.print(
                f"  {role.value:>8} -> {escape(settings.voice)} rate {settings.rate:+d}% "
                f"pitch {settings.pitch:+d}Hz volume {settings.volume:+d}%",
                highlight=False,
            )


def _engine_voices(name: Any) -> list[Any]:
    from audio_edition.engines import EngineName

    if name is EngineName.OFFLINE:
        from audio_edition.engines.offline import OfflineEngine

        return OfflineEngine().voices()
    if name is EngineName.KOKORO:
        from audio_edition.engines.kokoro import KokoroEngine

        return KokoroEngine().voices()
    from audio_edition.engines.edge import EdgeEngine

    return EdgeEngine().voices()


@app.command()
@reports_errors
def say(
    text: Annotated[str, typer.Argument(help="Mandarin text to speak.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="WAV file to write.")],
    engine: Annotated[str, typer.Option(help="offline | edge")] = "offline",
    role: Annotated[str, typer.Option(help="anchor | reporter | notice")] = "reporter",
) -> None:
    """Speak one line to a WAV file in a role's voice (handy for checking a lexicon entry;
    the default role reads article bodies, where most entries matter)."""
    from audio_edition.build import make_voicing
    from audio_edition.engines.base import ClipRequest
    from audio_edition.models import Role
    from audio_edition.normalize import normalize
    from audio_edition.wav import write_wav

    chosen = _choice(Role, role, "--role")
    voicing = make_voicing(_engine(engine))
    request = ClipRequest(normalize(text), voicing.profile.for_role(chosen))
    clip = voicing.engine_for(request).synthesise(request)
    write_wav(clip, output)
    err.print(f"{clip.duration_s:.2f} s of speech", highlight=False)
    print(output)


# --- feed / serve ------------------------------------------------------------------


@app.command()
@reports_errors
def feed(
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("output"),
    base_url: Annotated[
        str | None,
        typer.Option(help="Public URL the output folder is published at (remembered)."),
    ] = None,
) -> None:
    """(Re)write feed.xml, feed-articles.xml and index.html for every edition."""
    from audio_edition.publish.site import publish_output

    warnings: list[str] = []
    path = publish_output(out_dir, base_url=base_url, warnings=warnings)
    for warning in warnings:
        _flag("warning", warning)
    print(path)


@app.command()
@reports_errors
def serve(
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("output"),
    host: Annotated[str, typer.Option(help="Address to bind; 0.0.0.0 for the LAN.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0: any free one).")] = 8000,
    base_url: Annotated[str | None, typer.Option(help="Public URL, if behind a proxy.")] = None,
) -> None:
    """Serve the output folder for podcast apps and browsers (byte ranges, HEAD, CORS).

    Nothing in the folder is written: feeds and page are rendered for each request.
    """
    import logging

    from audio_edition.publish.serve import run_server

    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.WARNING)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how a server is stopped
        run_server(
            out_dir,
            host=host,
            port=port,
            base_url=base_url,
            on_ready=lambda url: err.print(f"subscribe to {escape(url)}  (Ctrl-C to stop)"),
        )


if __name__ == "__main__":  # pragma: no cover
    app()
