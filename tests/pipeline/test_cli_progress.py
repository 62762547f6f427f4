"""Progress: totals counted ahead (files, JSONL lines), plain periodic lines with count,
rate and time left when stderr is not a terminal; ``--max-bytes`` named when a file is
over the limit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.cli._common import ProgressLog
from detente.read import count_inputs, read_inputs


def test_count_inputs_matches_what_the_readers_yield(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Talks resumed in Istanbul.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        "\n".join(json.dumps({"text": f"Article {i} about talks."}) for i in range(5))
        + "\n\n{not json\n", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.html").write_text("<html><body><p>Talks.</p></body></html>", encoding="utf-8")
    (sub / "README.md").write_text("not an article", encoding="utf-8")
    n = count_inputs([tmp_path])
    assert n == 1 + 6 + 1
    assert n == len(list(read_inputs([tmp_path])))
    assert count_inputs([tmp_path / "b.jsonl", tmp_path / "missing.txt"]) == 7
    # standard input and URLs cannot be counted ahead
    assert count_inputs(["-"]) is None
    assert count_inputs(["https://example.org/feed"]) is None


def test_count_inputs_of_a_manifest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Talks resumed.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Talks stalled.", encoding="utf-8")
    m = tmp_path / "list.csv"
    m.write_text("path,outlet\na.txt,X\nb.txt,Y\n", encoding="utf-8")
    assert count_inputs([], manifest=m) == 2


def test_plain_progress_lines_have_total_rate_and_time_left() -> None:
    now = [0.0]
    lines: list[str] = []
    log = ProgressLog("ingesting", total=100, interval=10, write=lines.append,
                      clock=lambda: now[0])
    for _ in range(20):  # 20 items in 5 s: too soon for a line
        now[0] += 0.25
        log.advance()
    assert lines == []
    for _ in range(20):  # 20 more in 5 s: one line at 10 s
        now[0] += 0.25
        log.advance(note="38 new, 2 skipped")
    assert lines == ["detente: ingesting: 40/100 (40%), 4.0/s, 15s left; 38 new, 2 skipped"]


def test_plain_progress_without_a_total_counts_and_rates() -> None:
    now = [0.0]
    lines: list[str] = []
    log = ProgressLog("coding", total=None, interval=5, write=lines.append,
                      clock=lambda: now[0])
    for _ in range(130):
        now[0] += 0.125
        log.advance()
    assert lines[0] == "detente: coding: 40 done, 8.0/s"
    assert len(lines) == 3  # every 5 s, not every item


@pytest.mark.model
def test_code_reports_progress_in_a_log_and_names_max_bytes(tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from detente.cli import app

    monkeypatch.setenv("DETENTE_PROGRESS_INTERVAL", "0")
    (tmp_path / "a.txt").write_text("Russia rejected the proposal on Friday.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Talks resumed in Istanbul. " * 20, encoding="utf-8")
    res = CliRunner().invoke(app, ["code", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                                   "--max-bytes", "200", "--published", "2022-04-22"])
    assert res.exit_code == 3
    err = res.stderr
    assert "detente: coding: 1/2 (50%)" in err and "detente: coding: 2/2 (100%)" in err
    assert "larger than the limit of 200" in err and "--max-bytes" in err
    kinds = [json.loads(line)["kind"] for line in res.stdout.splitlines()]
    assert "article" in kinds and "problem" in kinds


@pytest.mark.model
def test_bad_date_is_a_note_and_wire_copies_are_counted(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from detente.cli import app

    text = "Russia rejected the Ukrainian proposal on Friday, the Kremlin said."
    f = tmp_path / "wire.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in [
        {"text": text, "outlet": "Reuters", "published": "someday"},
        {"text": text, "outlet": "Yahoo News", "published": "2022-04-23"},
    ]) + "\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", str(f), "--db", str(tmp_path / "d.db")])
    assert res.exit_code == 0, res.stderr
    assert f"note {f}:1: unparseable published 'someday': date left empty" in res.stderr
    assert "1 new article(s)" in res.stderr and "1 copies from other outlets" in res.stderr
    from detente.store import open_store

    with open_store(tmp_path / "d.db") as store:
        (art,) = store.articles(limit=5)
        assert art["outlet"] == "Reuters" and art["published"] == "2022-04-23"
        assert [m["outlet"] for m in store.article_mentions(art["id"])] == ["Reuters", "Yahoo News"]
