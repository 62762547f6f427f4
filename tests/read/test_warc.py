"""WARC / WARC.gz input: HTML responses become articles with URL, crawl date and host;
other records are skipped with a counted reason; reading streams in flat memory."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import tracemalloc
from pathlib import Path

import pytest

from _web_fixtures import page, write_warc
from detente.read import read_inputs
from detente.read.warc import WarcStats, read_warc
from detente.records import Article, Problem

HTML = "text/html; charset=utf-8"


def _mixed(tmp_path: Path, *, gz: bool = True) -> Path:
    name = "crawl.warc.gz" if gz else "crawl.warc"
    return write_warc(tmp_path / name, [
        ("request", "https://www.example.com/a"),
        ("https://www.example.com/a", page("Talks resume", date="2022-03-29", site="Example Daily"),
         "200 OK", HTML),
        ("https://news.example.org/b", page("Talks stall"), "200 OK", HTML),
        ("https://www.example.com/gone", b"not found", "404 Not Found", "text/html"),
        ("https://www.example.com/x.pdf", b"%PDF-1.4 ...", "200 OK", "application/pdf"),
        ("https://www.example.com/big", page("Big page", extra="word " * 4000), "200 OK", HTML),
        ("revisit", "https://www.example.com/a"),
    ], gzip=gz)


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses_become_articles_with_metadata(tmp_path, gz):
    stats = WarcStats()
    items = list(read_warc(_mixed(tmp_path, gz=gz), max_bytes=20_000, stats=stats))
    arts = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert [a.url for a in arts] == ["https://www.example.com/a", "https://news.example.org/b"]
    a, b = arts
    assert a.outlet == "example.com" and b.outlet == "news.example.org"
    assert a.published == dt.date(2022, 3, 29)  # the page's date
    meta = dict(a.meta)
    assert meta["site_name"] == "Example Daily" and meta["warc_record_id"].startswith("<urn:")
    crawl = dt.date.fromisoformat(meta["crawl_date"])
    assert b.published == crawl  # no page date: the crawl date is the last resort
    assert a.title == "Talks resume" and "Istanbul" in a.text
    assert "@" in a.source and a.source.startswith(str(tmp_path))
    # Skipped records: each a Problem naming the file, the offset and the URL.
    by_url = {p.reason.split("(")[1].split(")")[0]: p for p in problems}
    assert by_url["https://www.example.com/gone"].code == "E107"
    assert "HTTP status 404" in by_url["https://www.example.com/gone"].reason
    assert "not an HTML page (application/pdf)" in by_url["https://www.example.com/x.pdf"].reason
    assert by_url["https://www.example.com/big"].code == "E104"
    assert stats.articles == 2 and stats.records == 8
    assert stats.skipped == {"warcinfo": 1, "request": 1, "revisit": 1, "http_404": 1,
                             "not_html": 1, "too_large": 1}


def test_read_inputs_dispatches_warc_files_and_folders(tmp_path):
    warc = _mixed(tmp_path)
    arts = [i for i in read_inputs([warc], defaults={"language": "en"}) if isinstance(i, Article)]
    assert len(arts) == 3  # the big page is under the default 10 MB limit
    folder = tmp_path / "f"
    folder.mkdir()
    warc.rename(folder / warc.name)
    assert sum(isinstance(i, Article) for i in read_inputs([folder])) == 3


def test_truncated_warc_keeps_what_came_before_and_says_where(tmp_path):
    warc = _mixed(tmp_path)
    data = warc.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    items = list(read_warc(cut))
    assert any(isinstance(i, Article) for i in items)
    last = items[-1]
    assert isinstance(last, Problem) and "cut.warc.gz@" in last.source


def test_not_a_warc_is_one_problem(tmp_path):
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(gzip.compress(b"hello, this is no archive\n" * 10))
    items = list(read_warc(bad))
    assert len(items) == 1 and isinstance(items[0], Problem)
    assert items[0].source.startswith(str(bad))


def test_large_skipped_record_is_streamed_not_loaded(tmp_path):
    blob = os.urandom(30_000_000)  # a 30 MB video (incompressible, as real media is)
    warc = write_warc(tmp_path / "v.warc.gz", [
        ("https://www.example.com/v.mp4", blob, "200 OK", "video/mp4"),
        ("https://www.example.com/a", page("After the video"), "200 OK", HTML),
    ])
    del blob
    list(read_warc(_mixed(tmp_path)))  # imports (trafilatura, spaCy's language data) first
    tracemalloc.start()
    try:
        items = list(read_warc(warc))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [type(i).__name__ for i in items] == ["Problem", "Article"]
    assert peak < 8_000_000, peak
