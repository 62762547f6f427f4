"""Web fixtures for the WARC and fetch tests: article pages, WARC files written with
warcio, and a local HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import io
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PARAGRAPHS = [
    "Russian and Ukrainian negotiators met in Istanbul on Tuesday for the first "
    "face-to-face talks in weeks, officials said.",
    "Ukraine proposed a neutral status in exchange for security guarantees, the "
    "delegation said in a statement after the meeting.",
    "The talks were expected to last two days, and both sides said they hoped to agree on "
    "a ceasefire soon, though the Kremlin said no breakthrough was expected.",
]


def page(title: str, *, date: str | None = None, site: str | None = None,
         extra: str = "") -> bytes:
    """An article page whose text differs with ``title`` (so article ids differ)."""
    meta = ""
    if date:
        meta += f'<meta name="date" content="{date}">'
    if site:
        meta += f'<meta property="og:site_name" content="{site}">'
    paras = "".join(f"<p>{p} {extra}</p>" for p in PARAGRAPHS)
    return (f"<!doctype html><html><head><title>{title}</title>{meta}</head><body>"
            f"<nav>Home | World</nav><article><h1>{title}</h1>{paras}</article>"
            "<footer>Copyright</footer></body></html>").encode()


def write_warc(path: Path, records: list[tuple], *, gzip: bool = True) -> Path:
    """Write a WARC: records are ``(url, body, status, content_type)`` responses, or
    ``("request", url)`` / ``("revisit", url)`` records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for rec in records:
            if rec[0] in ("request", "revisit"):
                kind, url = rec
                headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")],
                                           is_http_request=True)
                if kind == "request":
                    writer.write_record(writer.create_warc_record(
                        url, "request", payload=io.BytesIO(b""), http_headers=headers))
                else:
                    writer.write_record(writer.create_revisit_record(
                        url, digest="sha1:AAAA", refers_to_uri=url,
                        refers_to_date="2024-01-01T00:00:00Z"))
                continue
            url, body, status, ctype = rec
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers))
    return path


Route = Callable[[BaseHTTPRequestHandler], None]


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 with routes by path; ``hits`` counts requests
    per path, ``statuses`` the statuses sent, ``times`` the arrival times per path."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.statuses: Counter[tuple[str, int]] = Counter()
        self.times: dict[str, list[float]] = {}
        self.agents: set[str] = set()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("?")[0]
                server.hits[path] += 1
                server.times.setdefault(path, []).append(time.monotonic())
                server.agents.add(self.headers.get("User-Agent", ""))
                route = server.routes.get(path)
                try:
                    if route is None:
                        server.send(self, 404, b"not found", "text/plain")
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def send(self, h: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str,
             headers: dict[str, str] | None = None) -> None:
        self.statuses[(h.path, status)] += 1
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    def static(self, path: str, body: bytes, ctype: str = "text/html; charset=utf-8",
               etag: str | None = None) -> None:
        def route(h: BaseHTTPRequestHandler) -> None:
            if etag and h.headers.get("If-None-Match") == etag:
                self.statuses[(h.path, 304)] += 1
                h.send_response(304)
                h.send_header("ETag", etag)
                h.end_headers()
                return
            self.send(h, 200, body, ctype, {"ETag": etag} if etag else None)

        self.routes[path] = route

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def local_server() -> Iterator[LocalServer]:
    srv = LocalServer()
    thread = threading.Thread(target=srv.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.httpd.shutdown()
        srv.httpd.server_close()
        thread.join(timeout=5)
