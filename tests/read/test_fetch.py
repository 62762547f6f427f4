"""Feeds and URLs against a local HTTP server on 127.0.0.1 (never the internet): feeds,
pages, 404, 500, slow responses, redirect loops, a huge page, non-HTML, robots.txt,
retries, the per-host interval and the conditional-GET cache. Every loop is bounded:
timeouts of a fraction of a second, at most one retry."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from _web_fixtures import LocalServer, local_server, page
from detente.read import read_inputs
from detente.read.feeds import read_urls
from detente.read.fetch import FetchConfig, Fetcher, url_lines
from detente.records import Article, Problem

FAST = dict(timeout=0.5, deadline=2.0, retries=1, backoff=0.01, max_backoff=0.05,
            per_host_interval=0.0, max_bytes=1_000_000, max_redirects=3)


def _rss(srv: LocalServer, links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>{srv.url(link) if link.startswith('/') else link}"
        f"</link><pubDate>Tue, 29 Mar 2022 10:00:0{i % 10} GMT</pubDate></item>"
        for i, link in enumerate(links))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example Daily</title>'
            f"<link>{srv.base}</link>{items}</channel></rss>").encode()


def _slow(h):
    time.sleep(1.0)
    h.send_response(200)
    h.end_headers()


def _huge_streamed(h):
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    for _ in range(40):  # 40 x 100 KB, no Content-Length: cut off while reading
        h.wfile.write(b"<p>" + b"x" * 100_000 + b"</p>")


def _redirect(target):
    def route(h):
        h.send_response(302)
        h.send_header("Location", target)
        h.send_header("Content-Length", "0")
        h.end_headers()
    return route


@pytest.fixture
def site():
    with local_server() as srv:
        srv.static("/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")
        srv.static("/a1", page("Ceasefire talks resume"), etag='"a1"')
        srv.static("/a2", page("Sanctions stay", date="2022-04-02", site="Example Site"),
                   etag='"a2"')
        srv.static("/private/p", page("Secret"))
        srv.static("/pdf", b"%PDF-1.4", "application/pdf")
        srv.routes["/error"] = lambda h: srv.send(h, 500, b"boom", "text/plain")
        srv.routes["/slow"] = _slow
        srv.routes["/loop1"] = _redirect("/loop2")
        srv.routes["/loop2"] = _redirect("/loop1")
        srv.routes["/moved"] = _redirect("/a1")
        srv.routes["/huge"] = lambda h: srv.send(h, 200, b"x" * 2_000_000, "text/html")
        srv.routes["/huge-stream"] = _huge_streamed
        links = ["/a1", "/a2", "/missing", "/private/p", "/error", "/pdf", "/slow", "/loop1",
                 "/huge", "/huge-stream"]
        srv.static("/feed.xml", _rss(srv, links), "application/rss+xml", etag='"f1"')
        yield srv


def _fetcher(tmp_path: Path, **kw) -> Fetcher:
    return Fetcher(config=FetchConfig(**{"cache_dir": tmp_path / "cache", **FAST, **kw}))


def test_feed_entries_fetched_with_every_failure_a_problem(site, tmp_path):
    with _fetcher(tmp_path) as f:
        items = list(read_urls([site.url("/feed.xml")], fetcher=f))
    arts = {i.source: i for i in items if isinstance(i, Article)}
    probs = {i.source.removeprefix(site.base): i for i in items if isinstance(i, Problem)}
    assert set(arts) == {site.url("/a1"), site.url("/a2")}
    a1, a2 = arts[site.url("/a1")], arts[site.url("/a2")]
    # Feed entry metadata: the entry's date and title, the feed's title as outlet.
    assert a1.published == dt.date(2022, 3, 29) and a1.outlet == "Example Daily"
    assert a1.title == "Story 0" and a1.url == site.url("/a1")
    assert dict(a1.meta)["feed"] == site.url("/feed.xml")
    assert a2.published == dt.date(2022, 3, 29)  # the entry outranks the page's date
    assert probs["/missing"].code == "E108" and "HTTP status 404" in probs["/missing"].reason
    assert "robots.txt" in probs["/private/p"].reason
    assert site.hits["/private/p"] == 0  # never asked
    assert "HTTP status 500 after 2 attempt(s)" in probs["/error"].reason
    assert site.hits["/error"] == 2  # one retry, then given up
    assert probs["/pdf"].code == "E107"
    assert "timed out" in probs["/slow"].reason
    assert "redirect loop" in probs["/loop1"].reason
    assert probs["/huge"].code == "E104" and probs["/huge-stream"].code == "E104"
    assert all(p.reason.startswith("http://127.0.0.1") for p in probs.values())
    assert any(agent.startswith("detente/") for agent in site.agents)
    assert site.hits["/robots.txt"] == 1  # once per host


def test_rerun_uses_the_cache_and_conditional_get(site, tmp_path):
    with _fetcher(tmp_path) as f:
        first = [i for i in read_urls([site.url("/feed.xml")], fetcher=f) if isinstance(i, Article)]
    hits = dict(site.hits)
    with _fetcher(tmp_path) as f:
        again = [i for i in read_urls([site.url("/feed.xml")], fetcher=f) if isinstance(i, Article)]
        stats = f.stats
    assert [a.id for a in again] == [a.id for a in first]
    assert site.hits["/a1"] == hits["/a1"] and site.hits["/a2"] == hits["/a2"]  # not asked
    assert site.hits["/robots.txt"] == hits["/robots.txt"]
    assert site.statuses[("/feed.xml", 304)] == 1  # the feed revalidated: no body sent
    assert stats.not_modified == 1 and stats.cached >= 3
    # An expired page is revalidated with If-None-Match and answered 304.
    with _fetcher(tmp_path, max_age=0.0) as f:
        got = f.get(site.url("/a1"))
    assert got.cache == "revalidated" and site.statuses[("/a1", 304)] == 1


def test_retry_after_a_503_then_success(tmp_path):
    with local_server() as srv:
        calls = []

        def flaky(h):
            calls.append(1)
            if len(calls) == 1:
                srv.send(h, 503, b"busy", "text/plain", {"Retry-After": "0"})
            else:
                srv.send(h, 200, page("Flaky but fine"), "text/html")

        srv.routes["/flaky"] = flaky
        with _fetcher(tmp_path) as f:
            items = list(read_urls([srv.url("/flaky")], fetcher=f))
            assert f.stats.retried == 1
    assert isinstance(items[0], Article) and items[0].outlet == "127.0.0.1"


def test_redirect_followed_and_bounded(site, tmp_path):
    with _fetcher(tmp_path) as f:
        got = f.get(site.url("/moved"))
        assert got.final_url == site.url("/a1")
    with local_server() as srv:
        for i in range(6):
            srv.routes[f"/r{i}"] = _redirect(f"/r{i + 1}")
        with _fetcher(tmp_path) as f:
            items = list(read_urls([srv.url("/r0")], fetcher=f))
    assert "more than 3 redirects" in items[0].reason


def test_per_host_interval_spaces_requests(site, tmp_path):
    with _fetcher(tmp_path, per_host_interval=0.25, cache_dir=None) as f:
        for path in ("/a1", "/a2", "/a1"):
            f.get(site.url(path))
    times = sorted(site.times["/a1"] + site.times["/a2"] + site.times["/robots.txt"])
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 4 and min(gaps) >= 0.2, gaps


def test_robots_5xx_forbids_and_404_allows(tmp_path):
    with local_server() as srv:
        srv.routes["/robots.txt"] = lambda h: srv.send(h, 503, b"down", "text/plain")
        srv.static("/a", page("Anything"))
        with _fetcher(tmp_path, retries=0) as f:
            assert not f.allowed(srv.url("/a"))
    with local_server() as srv:  # no robots.txt at all: 404, everything allowed
        srv.static("/a", page("Anything"))
        with _fetcher(tmp_path) as f:
            assert f.allowed(srv.url("/a"))


def test_url_lists_and_urls_through_read_inputs(site, tmp_path, monkeypatch):
    monkeypatch.setenv("DETENTE_CACHE_DIR", str(tmp_path / "c"))
    urls = tmp_path / "feeds.txt"
    urls.write_text(f"# my feeds\n{site.url('/a1')}\n\n{site.url('/a2')}\n", encoding="utf-8")
    arts = [i for i in read_inputs([urls]) if isinstance(i, Article)]
    assert [a.url for a in arts] == [site.url("/a1"), site.url("/a2")]
    assert arts[1].outlet == "Example Site"  # the page's site name, no feed here
    assert arts[1].published == dt.date(2022, 4, 2)
    arts = [i for i in read_inputs([site.url("/a1")]) if isinstance(i, Article)]
    assert arts[0].outlet == "127.0.0.1"  # no feed, no site name: the host
    assert url_lines("Talks resumed.\nhttps://x.test/") is None


def test_unreachable_host_is_a_problem(tmp_path):
    with local_server() as srv:
        dead = srv.url("/a")
    with _fetcher(tmp_path, retries=0, robots=False) as f:
        items = list(read_urls([dead, "ftp://example.test/x"], fetcher=f))
    assert [p.code for p in items] == ["E108", "E108"]
    assert "connection failed" in items[0].reason
