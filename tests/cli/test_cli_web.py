"""End to end through the CLI with the real model and local fixtures only: ``ingest`` of a
WARC.gz and of a file of feed URLs, ``fetch``, then ``export --format plover|gdelt``."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from _web_fixtures import local_server, page, write_warc
from detente.cli import app

pytestmark = pytest.mark.model
HTML = "text/html; charset=utf-8"


def test_ingest_warc_then_export_plover_and_gdelt(tmp_path):
    warc = write_warc(tmp_path / "crawl.warc.gz", [
        ("https://www.example.com/a", page("Russia rejects proposal", date="2022-03-29"),
         "200 OK", HTML),
        ("https://www.example.com/gone", b"gone", "404 Not Found", "text/html"),
    ])
    db = str(tmp_path / "w.db")
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(warc), "--db", db])
    assert res.exit_code == 3, res.output  # one record skipped, with its reason
    assert "1 new article(s)" in res.stderr and "HTTP status 404" in res.stderr
    res = runner.invoke(app, ["export", "--format", "plover", "--out",
                              str(tmp_path / "p.jsonl"), "--db", db])
    assert res.exit_code == 0, res.output
    records = [json.loads(x) for x in (tmp_path / "p.jsonl").read_text().splitlines()]
    assert records and all(r["cite_info"]["url"] == "https://www.example.com/a"
                           for r in records)
    res = runner.invoke(app, ["export", "--format", "gdelt", "--out", str(tmp_path / "g"),
                              "--db", db])
    assert res.exit_code == 0, res.output
    rows = (tmp_path / "g" / "events.tsv").read_text().splitlines()
    assert len(rows) == 1 + len(records)


def test_ingest_feed_list_and_fetch(tmp_path, monkeypatch):
    monkeypatch.setenv("DETENTE_CACHE_DIR", str(tmp_path / "cache"))
    with local_server() as srv:
        srv.static("/a1", page("Ceasefire talks resume"))
        srv.static("/a2", page("Sanctions stay in place"))
        rss = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example Daily</title>'
               f"<item><title>One</title><link>{srv.url('/a1')}</link>"
               "<pubDate>Tue, 29 Mar 2022 10:00:00 GMT</pubDate></item>"
               f"<item><title>Two</title><link>{srv.url('/a2')}</link></item>"
               "</channel></rss>").encode()
        srv.static("/feed.xml", rss, "application/rss+xml")
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(srv.url("/feed.xml") + "\n", encoding="utf-8")
        runner = CliRunner()
        db = str(tmp_path / "f.db")
        res = runner.invoke(app, ["ingest", str(feeds), "--db", db])
        assert res.exit_code == 0, res.output
        assert "2 new article(s)" in res.stderr
        res = runner.invoke(app, ["articles", "--db", db, "--format", "jsonl"])
        assert {json.loads(x)["outlet"] for x in res.stdout.splitlines()} == {"Example Daily"}
        hits = dict(srv.hits)
        res = runner.invoke(app, ["fetch", str(feeds), "--db", db, "--interval", "0",
                                  "--timeout", "2"])
        assert res.exit_code == 0, res.output
        assert "2 already stored" in res.stderr and "from cache" in res.stderr
        assert srv.hits["/a1"] == hits["/a1"]  # the cache answered: not fetched again
