"""``index.html``: the editions as one self-contained web page.

Anyone who opens the server's address in a browser can listen without a podcast app:
a player per edition, chapters that seek, the per-article files and the transcript.
No external assets, so the page works on a LAN with no internet.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from html import escape, unescape
from pathlib import Path

from audio_edition import atomic
from audio_edition.errors import InputError
from audio_edition.publish.editions import (
    PublishedArticle,
    PublishedEdition,
    Warn,
    clock,
    list_editions,
    published_url,
    whole_seconds,
)
from audio_edition.publish.feed import ARTICLE_FEED_NAME, FEED_NAME, channel_cover
from audio_edition.publish.feed_config import FeedConfig, load_feed_config

INDEX_NAME = "index.html"
_FILE_LINKS = (("chapters", "章节 JSON"), ("transcript", "字幕 VTT"), ("script", "稿件"))

_STYLE = """
body{font:16px/1.6 system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0 auto;
max-width:46rem;padding:1rem;color:#222;background:#fdfdfb}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.3rem;margin:0}
h3{font-size:1rem;margin:1rem 0 .3rem}
.edition{border-top:1px solid #ccc;padding:1rem 0}.meta{color:#666;margin:.2rem 0}
audio{width:100%;margin:.5rem 0}ol,ul{padding-left:1.4rem;margin:.2rem 0}
button.seek{font:inherit;font-variant-numeric:tabular-nums;border:0;background:none;
color:#0a58ca;cursor:pointer;padding:0 .4rem 0 0}
details p{margin:.2rem 0}a{color:#0a58ca}
"""

# Clicking a time seeks its edition's player; one delegated listener serves them all.
_SCRIPT = """
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.seek");
  if (!button) return;
  var audio = document.getElementById(button.dataset.audio);
  if (!audio) return;
  audio.currentTime = parseFloat(button.dataset.seek);
  audio.play();
});
"""


def write_index(
    out_dir: Path, config: FeedConfig | None = None, *, on_warning: Warn | None = None
) -> Path:
    """(Re)write ``out_dir/index.html`` atomically and return its path."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise InputError(f"output folder not found: {out_dir}")
    config = config if config is not None else load_feed_config(out_dir)
    path = out_dir / INDEX_NAME
    atomic.write_text(path, render_index(list_editions(out_dir, on_warning=on_warning), config))
    return path


def render_index(editions: Sequence[PublishedEdition], config: FeedConfig) -> str:
    """The page as a string; links are relative so it works under any host or prefix."""
    title = escape(config.channel_title)
    body = "\n".join(_edition(e) for e in editions) or "<p>还没有节目。</p>"
    cover = channel_cover(editions, config)
    icon = ""
    if cover:
        # The cover as the tab icon, so browsers do not ask for a /favicon.ico.
        href = cover if "://" in cover else published_url("", *cover.split("/"))
        icon = f'<link rel="icon" href="{escape(href)}">\n'
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{icon}<link rel="alternate" type="application/rss+xml" title="{title}" href="{FEED_NAME}">
<style>{_STYLE}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p>{escape(config.channel_description)}</p>
<p>订阅：<a href="{FEED_NAME}">整期</a> · <a href="{ARTICLE_FEED_NAME}">单篇</a></p>
</header>
<main>
{body}
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def _edition(edition: PublishedEdition) -> str:
    player = f"audio-{edition.id}"
    meta = [edition.date.isoformat()]
    if edition.duration_s is not None:
        meta.append(duration_text(edition.duration_s))
    articles = edition.spoken_articles
    if articles:
        meta.append(f"共 {len(articles)} 篇")
    parts = [
        f'<article class="edition" id="{escape(edition.id)}">',
        f"<h2>{escape(edition.title)}</h2>",
        f'<p class="meta">{escape(" · ".join(meta))}</p>',
        f'<audio id="{escape(player)}" controls preload="none" '
        f'src="{_href(edition, edition.files["edition"])}"></audio>',
    ]
    chapters = _chapters(edition)
    if chapters:
        rows = "".join(
            f"<li>{_seek(player, start)}{escape(title)}</li>" for start, title in chapters
        )
        parts.append(f'<h3>章节</h3><ol class="chapters">{rows}</ol>')
    if articles:
        rows = "".join(_article(edition, a) for a in articles)
        parts.append(f'<h3>单篇</h3><ol class="articles">{rows}</ol>')
    transcript = _transcript(edition, player)
    if transcript:
        parts.append(f"<details><summary>文字稿</summary>{transcript}</details>")
    links = [
        f'<a href="{_href(edition, edition.files[role])}">{label}</a>'
        for role, label in _FILE_LINKS
        if edition.path(role)
    ]
    if links:
        parts.append(f'<p class="meta">{" · ".join(links)}</p>')
    parts.append("</article>")
    return "\n".join(parts)


def _article(edition: PublishedEdition, article: PublishedArticle) -> str:
    assert article.file is not None  # only spoken articles are listed
    text = escape(article.title)
    if article.subtitle:
        text += f' <span class="meta">{escape(article.subtitle)}</span>'
    length = f" ({duration_text(article.duration_s)})" if article.duration_s is not None else ""
    return f'<li><a href="{_href(edition, article.file)}">{text}</a>{escape(length)}</li>'


def duration_text(seconds: float) -> str:
    """A file's length as the feeds give it (whole seconds, half up), as ``MM:SS``."""
    return clock(whole_seconds(seconds))


def _chapters(edition: PublishedEdition) -> list[tuple[float, str]]:
    """Chapters from the manifest, else from ``chapters.json``; unusable entries dropped."""
    found = []
    for chapter in edition.manifest.get("chapters") or ():
        if isinstance(chapter, dict) and isinstance(chapter.get("start_s"), (int, float)):
            found.append((float(chapter["start_s"]), str(chapter.get("title") or "")))
    if found:
        return found
    path = edition.path("chapters")
    if path is None:
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return []
    chapters = data.get("chapters") if isinstance(data, dict) else None
    for chapter in chapters if isinstance(chapters, list) else ():
        if isinstance(chapter, dict) and isinstance(chapter.get("startTime"), (int, float)):
            found.append((float(chapter["startTime"]), str(chapter.get("title") or "")))
    return found


def _transcript(edition: PublishedEdition, player: str) -> str:
    """Timed cues from ``transcript.vtt`` (clickable), else the plain ``script.txt``."""
    for role in ("transcript", "script"):
        path = edition.path(role)
        if path is None:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if role == "transcript":
            cues = vtt_cues(text)
            if cues:
                return "".join(f"<p>{_seek(player, s)}{escape(t)}</p>" for s, t in cues)
        else:
            paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
            if paragraphs:
                return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return ""


_TIMESTAMP = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{3})")


def vtt_cues(text: str) -> list[tuple[float, str]]:
    """``(start seconds, text)`` for each cue of a WebVTT file; tags and NOTE blocks dropped."""
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = block.split("\n")
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        match = _TIMESTAMP.match(lines[timing].strip())
        if not match:
            continue
        hours, minutes, seconds, millis = match.groups()
        start = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000
        words = unescape(re.sub(r"<[^>]*>", "", " ".join(lines[timing + 1 :]))).strip()
        if words:
            cues.append((start, words))
    return cues


def _seek(player: str, start: float) -> str:
    return (
        f'<button type="button" class="seek" data-audio="{escape(player)}" '
        f'data-seek="{start:.3f}">{clock(start)}</button>'
    )


def _href(edition: PublishedEdition, rel: str) -> str:
    # Relative (no base URL), so the page is right wherever the folder is served.
    return escape(edition.url("", rel))
