"""The server, driven over real sockets on 127.0.0.1 by ``http.client``.

``http.client`` sends the request target byte for byte, so traversal attempts reach
the server unnormalised (aiohttp's own client would clean ``..`` away first).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from audio_edition.errors import InputError
from audio_edition.publish.feed import write_feed
from audio_edition.publish.serve import content_type, make_app, request_segments, run_server
from tests.conftest import ROOT, run_cli
from tests.edition_fixture import make_edition, read_manifest, tone_mp3, write_manifest

EDITION = "2026-04-27"


@contextlib.contextmanager
def serving(out: Path, port: int = 0, **options: object) -> Iterator[tuple[int, str]]:
    """Run ``run_server`` in a thread (port 0: any free one); yield (port, reported feed URL)."""
    ready = threading.Event()
    stop = threading.Event()
    reported: list[str] = []
    failure: list[BaseException] = []

    def on_ready(url: str) -> None:
        reported.append(url)
        ready.set()

    def run() -> None:
        try:
            run_server(out, "127.0.0.1", port, on_ready=on_ready, stop=stop, **options)
        except BaseException as exc:
            failure.append(exc)
            ready.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait()
    if failure:
        raise failure[0]
    try:
        yield port or int(reported[0].split(":")[2].split("/")[0]), reported[0]
    finally:
        stop.set()
        thread.join()
    assert not thread.is_alive()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int, str]]:
    root = tmp_path_factory.mktemp("serve")
    out = root / "out"
    out.mkdir()
    folder = make_edition(out, EDITION)
    write_feed(out)
    # Things that exist on disk but are not published.
    (out / ".cache").mkdir()
    (out / ".cache" / "x").write_text("secret clip")
    (folder / ".hidden").write_text("secret")
    (folder / "unlisted.mp3").write_bytes(b"not published")
    secret = root / "secret.txt"
    secret.write_text("root:x:0:0 outside the output folder")
    (folder / "articles" / "09-evil.mp3").symlink_to(secret)
    manifest = read_manifest(folder)
    manifest["articles"].append(
        {"id": "a09", "number": 9, "headline": "x", "file": "articles/09-evil.mp3"}
    )
    write_manifest(folder, manifest)
    outside = make_edition(root, "2026-05-01")  # a whole edition outside the folder
    (out / "2026-05-01").symlink_to(outside, target_is_directory=True)
    with serving(out) as (port, url):
        yield out, port, url


def request(
    port: int, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, http.client.HTTPMessage, bytes]:
    headers = dict(headers or {})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest(method, path, skip_host="Host" in headers, skip_accept_encoding=True)
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def test_on_ready_reports_the_feed_url_on_the_bound_port(site: tuple[Path, int, str]) -> None:
    _, port, url = site
    assert port > 0
    assert url == f"http://127.0.0.1:{port}/feed.xml"


def test_head_has_length_ranges_and_validators(site: tuple[Path, int, str]) -> None:
    out, port, _ = site
    status, headers, body = request(port, f"/{EDITION}/edition.mp3", "HEAD")
    assert status == 200
    assert body == b""
    assert int(headers["Content-Length"]) == (out / EDITION / "edition.mp3").stat().st_size
    assert headers["Accept-Ranges"] == "bytes"
    assert headers["ETag"] and headers["Last-Modified"]
    assert headers["Content-Type"] == "audio/mpeg"


def test_range_request_returns_exactly_those_bytes(site: tuple[Path, int, str]) -> None:
    out, port, _ = site
    data = (out / EDITION / "edition.mp3").read_bytes()
    status, headers, body = request(
        port, f"/{EDITION}/edition.mp3", headers={"Range": "bytes=100-1099"}
    )
    assert status == 206
    assert body == data[100:1100]
    assert headers["Content-Range"] == f"bytes 100-1099/{len(data)}"
    assert int(headers["Content-Length"]) == 1000

    status, headers, body = request(port, f"/{EDITION}/edition.mp3", headers={"Range": "bytes=-7"})
    assert status == 206 and body == data[-7:]
    assert headers["Content-Range"] == f"bytes {len(data) - 7}-{len(data) - 1}/{len(data)}"


def test_out_of_range_request_is_416(site: tuple[Path, int, str]) -> None:
    out, port, _ = site
    size = (out / EDITION / "edition.mp3").stat().st_size
    status, headers, _ = request(
        port, f"/{EDITION}/edition.mp3", headers={"Range": f"bytes={size}-{size + 10}"}
    )
    assert status == 416
    assert headers["Content-Range"] == f"bytes */{size}"


@pytest.mark.parametrize(
    "path",
    [
        "/../etc/passwd",
        "/%2e%2e/etc/passwd",
        "/%2E%2E/%2e%2e/etc/passwd",
        f"/{EDITION}/../../etc/passwd",
        f"/{EDITION}/%2e%2e/%2e%2e/secret.txt",
        f"/{EDITION}%2f..%2f..%2fsecret.txt",
        f"/{EDITION}/..%5c..%5csecret.txt",
        f"/{EDITION}\\..\\..\\secret.txt",
        "//etc/passwd",
        "/.cache/x",
        "/%2ecache/x",
        f"/{EDITION}/.hidden",
        f"/{EDITION}/unlisted.mp3",
        f"/{EDITION}/articles/09-evil.mp3",  # listed, but a symlink pointing out
        "/2026-05-01/edition.mp3",  # an edition folder that is a symlink pointing out
        f"/{EDITION}/",
        f"/{EDITION}",
        f"/{EDITION}/articles/",
        "/audio-edition.toml",
        "/etc/passwd",
        "/%00",
        "http://127.0.0.1/etc/passwd",
    ],
)
def test_unpublished_and_traversal_paths_are_404(site: tuple[Path, int, str], path: str) -> None:
    _, port, _ = site
    status, _, body = request(port, path)
    assert status == 404
    assert b"root:" not in body and b"secret" not in body


@pytest.mark.parametrize(
    ("path", "mime"),
    [
        (f"/{EDITION}/edition.mp3", "audio/mpeg"),
        (f"/{EDITION}/articles/01-wen-zhang-1.mp3", "audio/mpeg"),
        (f"/{EDITION}/chapters.json", "application/json+chapters"),
        (f"/{EDITION}/transcript.vtt", "text/vtt"),
        (f"/{EDITION}/cover.png", "image/png"),
        (f"/{EDITION}/edition.json", "application/json"),
        (f"/{EDITION}/script.txt", "text/plain"),
        ("/feed.xml", "application/rss+xml"),
        ("/feed-articles.xml", "application/rss+xml"),
        ("/index.html", "text/html"),
        ("/", "text/html"),
    ],
)
def test_mime_types(site: tuple[Path, int, str], path: str, mime: str) -> None:
    out, port, _ = site
    status, headers, body = request(port, path)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == mime
    if path.startswith(f"/{EDITION}/"):
        assert body == (out / path.lstrip("/")).read_bytes()


def test_mime_table_for_other_published_types() -> None:
    assert content_type("a.m4a") == "audio/x-m4a"
    assert content_type("a.jpg") == "image/jpeg"
    assert content_type("index.html") == "text/html; charset=utf-8"
    assert content_type("x/chapters.json", chapters=True) == "application/json+chapters"


def enclosure_urls(feed: bytes) -> list[str]:
    root = ET.fromstring(feed)
    return [e.get("url") for e in root.iter("enclosure")]


def test_feed_uses_the_host_the_client_asked_for(site: tuple[Path, int, str]) -> None:
    _, port, _ = site
    for name in ("/feed.xml", "/feed-articles.xml"):
        status, _, body = request(port, name, headers={"Host": "192.168.1.20:8000"})
        assert status == 200
        urls = enclosure_urls(body)
        assert urls and all(u.startswith("http://192.168.1.20:8000/") for u in urls)
    _, _, body = request(port, "/feed.xml")
    assert enclosure_urls(body)[0] == f"http://127.0.0.1:{port}/{EDITION}/edition.mp3"


def test_a_malformed_host_header_is_not_echoed(site: tuple[Path, int, str]) -> None:
    _, port, _ = site
    _, _, body = request(port, "/feed.xml", headers={"Host": 'evil"><x>/'})
    assert b"evil" not in body
    assert enclosure_urls(body)[0].startswith(f"http://127.0.0.1:{port}/")


def test_feed_etag_gives_304(site: tuple[Path, int, str]) -> None:
    _, port, _ = site
    status, headers, _ = request(port, "/feed.xml")
    assert status == 200
    status, _, body = request(port, "/feed.xml", headers={"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""
    status, headers, body = request(port, "/feed.xml", "HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_only_get_and_head(site: tuple[Path, int, str]) -> None:
    _, port, _ = site
    status, _, _ = request(port, "/feed.xml", "POST")
    assert status == 405


def test_configured_base_url_wins_over_the_host_header(tmp_path: Path) -> None:
    make_edition(tmp_path, EDITION)
    # The reported URL is the public one, so it cannot tell us the port: pick one first.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    with serving(tmp_path, free, base_url="https://pod.example/paper") as (port, url):
        assert url == "https://pod.example/paper/feed.xml"
        _, _, body = request(port, "/feed.xml", headers={"Host": "192.168.1.20:8000"})
    assert enclosure_urls(body) == [f"https://pod.example/paper/{EDITION}/edition.mp3"]


def test_server_sees_a_regenerated_edition(tmp_path: Path) -> None:
    folder = make_edition(tmp_path, EDITION)
    with serving(tmp_path) as (port, _):
        _, _, before = request(port, "/feed.xml")
        manifest = read_manifest(folder)
        manifest["title"] = "本报 更正版"
        write_manifest(folder, manifest)
        os.utime(folder / "edition.json", ns=(1, 1))  # a different mtime, whatever the clock
        _, _, after = request(port, "/feed.xml")
        status, _, index = request(port, "/")  # no index.html on disk: rendered on the fly
    assert "本报 更正版".encode() not in before
    assert "本报 更正版".encode() in after
    assert status == 200 and "本报 更正版".encode() in index


def test_bad_folder_and_busy_port_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        make_app(tmp_path / "missing")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(InputError, match="cannot listen"):
            run_server(tmp_path, "127.0.0.1", port)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("/", []),
        ("/feed.xml?x=1", ["feed.xml"]),
        ("/2026-04-27/articles/01-a.mp3", ["2026-04-27", "articles", "01-a.mp3"]),
        ("/a/%2e%2e/b", None),
        ("/a%2Fb", None),
        ("/%E4%B8%AD", None),
        ("/%ff", None),
        ("*", None),
    ],
)
def test_request_segments(raw: str, expected: list[str] | None) -> None:
    assert request_segments(raw) == expected


def test_configured_cover_file_is_published(tmp_path: Path) -> None:
    make_edition(tmp_path, EDITION)
    (tmp_path / "art.png").write_bytes((tmp_path / EDITION / "cover.png").read_bytes())
    (tmp_path / "audio-edition.toml").write_text('[feed]\ncover = "art.png"\n', encoding="utf-8")
    with serving(tmp_path) as (port, _):
        status, headers, body = request(port, "/art.png")
        _, _, feed = request(port, "/feed.xml")
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert body == (tmp_path / "art.png").read_bytes()
    itunes = "{http://www.itunes.com/dtds/podcast-1.0.dtd}image"
    image = ET.fromstring(feed).find(f"channel/{itunes}")
    assert image.get("href") == f"http://127.0.0.1:{port}/art.png"


# --- resumed downloads and RFC 9110 ranges (items 1, 7) -----------------------------


def test_if_range_with_the_current_etag_resumes(site: tuple[Path, int, str]) -> None:
    out, port, _ = site
    path = f"/{EDITION}/edition.mp3"
    data = (out / EDITION / "edition.mp3").read_bytes()
    _, headers, _ = request(port, path, "HEAD")
    status, resumed, body = request(
        port, path, headers={"Range": "bytes=100-", "If-Range": headers["ETag"]}
    )
    assert status == 206 and body == data[100:]
    assert resumed["Content-Range"] == f"bytes 100-{len(data) - 1}/{len(data)}"


def test_if_range_with_an_old_etag_gets_the_whole_new_file(tmp_path: Path) -> None:
    folder = make_edition(tmp_path, EDITION)
    path = f"/{EDITION}/edition.mp3"
    with serving(tmp_path) as (port, _):
        _, old, _ = request(port, path, "HEAD")
        # Regenerated: a new file under the same name (build swaps whole folders).
        fresh = folder / ".new.mp3"
        fresh.write_bytes(tone_mp3(2.5, 660))
        os.replace(fresh, folder / "edition.mp3")
        new_data = (folder / "edition.mp3").read_bytes()
        for validator in (old["ETag"], "W/" + old["ETag"], old["Last-Modified"], "garbage"):
            status, headers, body = request(
                port, path, headers={"Range": "bytes=1000-", "If-Range": validator}
            )
            assert status == 200, validator
            assert body == new_data and "Content-Range" not in headers
            assert headers["ETag"] != old["ETag"]


def test_if_range_date_form_needs_the_exact_last_modified(tmp_path: Path) -> None:
    folder = make_edition(tmp_path, EDITION)
    os.utime(folder / "edition.mp3", (1_700_000_000, 1_700_000_000))  # well in the past
    data = (folder / "edition.mp3").read_bytes()
    path = f"/{EDITION}/edition.mp3"
    with serving(tmp_path) as (port, _):
        _, headers, _ = request(port, path, "HEAD")
        assert headers["Last-Modified"] == "Tue, 14 Nov 2023 22:13:20 GMT"
        status, _, body = request(
            port, path, headers={"Range": "bytes=-10", "If-Range": headers["Last-Modified"]}
        )
        assert status == 206 and body == data[-10:]
        # aiohttp took any later date as a match; RFC 9110 wants the exact one.
        later = "Wed, 15 Nov 2023 22:13:20 GMT"
        status, _, body = request(port, path, headers={"Range": "bytes=-10", "If-Range": later})
        assert status == 200 and body == data


@pytest.mark.parametrize(
    ("range_header", "status", "first", "last"),
    [
        ("bytes=0-0", 206, 0, 0),
        ("bytes=100-", 206, 100, None),
        ("BYTES=10-19", 206, 10, 19),  # the unit is case-insensitive
        ("bytes=0-99999999", 206, 0, None),
        ("bytes=-99999999", 206, 0, None),  # a suffix longer than the file: all of it
        ("bytes= 5-9 ,", 206, 5, 9),  # whitespace and empty list elements are allowed
        ("bytes=0-1,5-9", 200, None, None),  # several ranges: the whole file
        ("bytes=0-0,-1", 200, None, None),
        ("items=0-1", 200, None, None),  # unknown unit: ignored
        ("bytes=abc", 200, None, None),  # garbage: ignored
        ("bytes=5-2", 200, None, None),  # last before first: invalid, ignored
        ("bytes=", 200, None, None),
        ("bytes=-0", 416, None, None),  # no byte can satisfy it
        ("bytes=999999999-", 416, None, None),
    ],
)
def test_range_edge_cases(
    site: tuple[Path, int, str], range_header: str, status: int, first: int, last: int
) -> None:
    out, port, _ = site
    data = (out / EDITION / "edition.mp3").read_bytes()
    size = len(data)
    got, headers, body = request(port, f"/{EDITION}/edition.mp3", headers={"Range": range_header})
    assert got == status
    if status == 200:
        assert body == data and "Content-Range" not in headers
    elif status == 206:
        end = size - 1 if last is None else last
        assert body == data[first : end + 1]
        assert headers["Content-Range"] == f"bytes {first}-{end}/{size}"
        assert int(headers["Content-Length"]) == end - first + 1
    else:
        assert headers["Content-Range"] == f"bytes */{size}" and body == b""


def test_head_ignores_range_and_conditional_get_gives_304(site: tuple[Path, int, str]) -> None:
    out, port, _ = site
    path = f"/{EDITION}/chapters.json"
    size = (out / EDITION / "chapters.json").stat().st_size
    status, headers, body = request(port, path, "HEAD", headers={"Range": "bytes=0-9"})
    assert status == 200 and body == b"" and int(headers["Content-Length"]) == size
    status, _, body = request(port, path, headers={"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""
    status, _, body = request(port, path, headers={"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304 and body == b""
    status, _, body = request(port, path, headers={"If-None-Match": '"other"'})
    assert status == 200 and len(body) == size


# --- CORS (item 6) ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/feed.xml", f"/{EDITION}/chapters.json", f"/{EDITION}/transcript.vtt", "/nope"]
)
def test_published_files_allow_any_origin(site: tuple[Path, int, str], path: str) -> None:
    _, port, _ = site
    _, headers, _ = request(port, path, headers={"Origin": "https://player.example"})
    assert headers["Access-Control-Allow-Origin"] == "*"
    exposed = {h.strip().lower() for h in headers["Access-Control-Expose-Headers"].split(",")}
    assert {"content-range", "accept-ranges", "content-length"} <= exposed
    assert "Access-Control-Allow-Credentials" not in headers


def test_cors_preflight_for_a_range_request(site: tuple[Path, int, str]) -> None:
    _, port, _ = site
    status, headers, _ = request(
        port,
        f"/{EDITION}/edition.mp3",
        "OPTIONS",
        {
            "Origin": "https://player.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "range, if-range",
        },
    )
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*"
    allowed = {h.strip().lower() for h in headers["Access-Control-Allow-Headers"].split(",")}
    assert {"range", "if-range"} <= allowed
    assert "GET" in headers["Access-Control-Allow-Methods"]
    _, _, body = request(port, f"/{EDITION}/edition.mp3", "OPTIONS")
    assert body == b""


# --- the server writes nothing; one podcast:guid for every host (items 2, 3) ---------


def channel_guid(feed: bytes) -> str:
    return ET.fromstring(feed).findtext(
        "channel/{https://podcastindex.org/namespace/1.0}guid", default=""
    )


def test_feed_guid_is_the_same_for_every_host(site: tuple[Path, int, str]) -> None:
    out, port, _ = site
    on_disk = channel_guid((out / "feed.xml").read_bytes())
    assert on_disk
    for host in (None, f"localhost:{port}", "192.168.1.20:8000", "pod.example"):
        _, _, body = request(port, "/feed.xml", headers={"Host": host} if host else None)
        assert channel_guid(body) == on_disk, host
    articles = channel_guid((out / "feed-articles.xml").read_bytes())
    _, _, body = request(port, "/feed-articles.xml", headers={"Host": "pod.example"})
    assert channel_guid(body) == articles != on_disk


def test_serving_writes_nothing_in_the_folder(tmp_path: Path) -> None:
    make_edition(tmp_path, EDITION)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    with serving(tmp_path) as (port, _):
        for path in ("/", "/index.html", "/feed.xml", "/feed-articles.xml", "/favicon.ico"):
            status, _, _ = request(port, path)
            assert status == 200, path
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


@contextlib.contextmanager
def cli_server(out: Path) -> Iterator[tuple[int, list[str]]]:
    """``audio-edition serve`` in its own process; yields (port, stderr lines after exit)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "audio_edition.cli", "serve", "--out", str(out), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    lines: list[str] = []
    try:
        ready = process.stderr.readline()
        match = re.search(r"subscribe to http://127\.0\.0\.1:(\d+)/feed\.xml", ready)
        assert match, ready + process.stderr.read()
        yield int(match[1]), lines
    finally:
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=60)
        lines += rest.splitlines()
    assert process.returncode == 0, lines


def test_feed_base_url_then_serve_keeps_the_files_on_disk(tmp_path: Path) -> None:
    make_edition(tmp_path, EDITION)
    public = "https://example.org/paper/"
    done = run_cli("feed", "--out", str(tmp_path), "--base-url", public)
    assert done.returncode == 0, done.stderr
    names = ("feed.xml", "feed-articles.xml", "index.html", ".feed-state.json")
    before = {name: (tmp_path / name).read_bytes() for name in names}
    assert enclosure_urls(before["feed.xml"]) == [f"{public}{EDITION}/edition.mp3"]

    with cli_server(tmp_path) as (port, _):
        _, _, served = request(port, "/feed.xml")
        _, _, page = request(port, "/")
    # serve answers with its own URLs and the same channel guid...
    assert enclosure_urls(served) == [f"http://127.0.0.1:{port}/{EDITION}/edition.mp3"]
    assert channel_guid(served) == channel_guid(before["feed.xml"])
    assert page == before["index.html"]  # relative links: the same page for every host
    # ...and the files a static host gets are still the public ones.
    assert {name: (tmp_path / name).read_bytes() for name in names} == before
    done = run_cli("feed", "--out", str(tmp_path))  # later writes remember the public URL
    assert (tmp_path / "feed.xml").read_bytes() == before["feed.xml"]


def test_a_malformed_request_logs_one_line(tmp_path: Path) -> None:
    make_edition(tmp_path, EDITION)
    with cli_server(tmp_path) as (port, lines):
        for raw in (b"GET / HTTP/9.9\r\n\r\n", b"GET / HTTP/1.1\r\nHost x\r\n\r\n"):
            with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
                conn.sendall(raw)
                assert conn.recv(100).startswith(b"HTTP/1.0 400")
        status, _, _ = request(port, "/feed.xml")  # still serving
        assert status == 200
    assert "Traceback" not in "\n".join(lines)
    assert len(lines) == 2, lines
    assert all("127.0.0.1" in line and "400" in line for line in lines)


# --- favicon (item 10) ---------------------------------------------------------------


def test_favicon_is_the_channel_cover(site: tuple[Path, int, str]) -> None:
    out, port, _ = site
    status, headers, body = request(port, "/favicon.ico")
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert body == (out / EDITION / "cover.png").read_bytes()
