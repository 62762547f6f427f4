"""End to end through the CLI with the real model: code, ingest, the listings, show,
export, demo; exit codes 1 (user error), 3 (inputs skipped) and 130 (interrupted)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

import detente.pipeline.coding
from detente.cli import app

pytestmark = pytest.mark.model

TEXTS = {
    "talks.txt": ("Ukrainian and Russian negotiators met in Istanbul on Tuesday. "
                  "Foreign Minister Sergei Lavrov said: \"Moscow will not accept "
                  "these conditions.\" Ukraine rejected the Russian demands."),
    "aid.txt": ("The United States announced new military aid for Ukraine on Friday. "
                "President Volodymyr Zelenskyy thanked Washington for its support."),
    "strike.txt": ("Russia accused Ukraine of shelling a border village on Monday, "
                   "the Kremlin said. Kyiv denied the accusation."),
}
MANIFEST = [
    {"path": "talks.txt", "outlet": "Wire A", "published": "2022-03-30"},
    {"path": "aid.txt", "outlet": "Wire B", "published": "2022-04-22"},
    {"path": "strike.txt", "outlet": "Wire A", "published": "2022-05-03"},
]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in MANIFEST), encoding="utf-8")
    return folder


@pytest.fixture
def db(tmp_path, corpus, runner):
    """A store with the three fixture articles ingested."""
    path = tmp_path / "t.db"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return str(path)


def _jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# --- code -------------------------------------------------------------------------------


def test_code_writes_one_json_record_per_line_with_offsets(runner, corpus, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    result = runner.invoke(app, ["code", str(corpus / "talks.txt"), str(empty),
                                 "--published", "2022-03-30", "--outlet", "Wire A"])
    assert result.exit_code == 3, result.output  # one input skipped
    rows = _jsonl(result.stdout)
    kinds = {r["kind"] for r in rows}
    assert {"article", "mention", "quote", "event", "problem"} <= kinds
    text = TEXTS["talks.txt"]
    for r in rows:
        assert list(r)[:4] == ["kind", "article_id", "start", "end"]
    article = next(r for r in rows if r["kind"] == "article")
    assert (article["start"], article["end"]) == (0, len(text))
    assert article["outlet"] == "Wire A" and article["published"] == "2022-03-30"
    for r in rows:
        if r["kind"] in ("mention", "quote", "date", "place"):
            assert r["article_id"] == article["id"]
            assert text[r["start"]:r["end"]] == r["text"]
    problem = next(r for r in rows if r["kind"] == "problem")
    assert problem["article_id"] is None and "empty" in problem["reason"]
    assert "skipped" in result.stderr


def test_code_reads_standard_input(runner):
    result = runner.invoke(app, ["code", "-", "--published", "2022-04-22"],
                           input=TEXTS["strike.txt"])
    assert result.exit_code == 0, result.output
    rows = _jsonl(result.stdout)
    assert rows[0]["kind"] == "article" and rows[0]["source"] == "<stdin>"
    assert any(r["kind"] == "event" and r["plover_type"] == "ACCUSE" for r in rows)


def test_code_says_on_stderr_when_a_language_is_not_coded(runner, tmp_path):
    # Regression: `code` wrote the article record and said nothing; ingest counted it.
    f = tmp_path / "de.txt"
    f.write_text("Die Verhandlungen in Istanbul sind gescheitert, sagte der Minister am "
                 "Freitag in Berlin. Die Regierung lehnte den Vorschlag ab.", encoding="utf-8")
    result = runner.invoke(app, ["code", str(f)])
    assert result.exit_code == 0, result.output
    assert f"not coded {f}" in result.stderr and "'de' is not supported" in result.stderr
    assert _jsonl(result.stdout)[0]["kind"] == "article"


@pytest.mark.parametrize("args", [["code"], ["code", "x.txt", "--published", "someday"]])
def test_code_user_errors_are_one_line_exit_1(runner, args):
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("detente: error:")


# --- ingest and listings ----------------------------------------------------------------


def test_ingest_summary_and_idempotent_reingest(runner, corpus, db):
    result = runner.invoke(app, ["ingest", str(corpus), "--db", db])
    assert result.exit_code == 0, result.output
    assert "0 new article(s)" in result.stderr and "3 already stored" in result.stderr


def test_ingest_reports_skipped_inputs_with_exit_3(runner, corpus, tmp_path):
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 10)
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 3, result.output
    assert "3 new article(s)" in result.stderr and "1 skipped" in result.stderr
    assert "binary.txt" in result.stderr


def test_ingest_interrupted_keeps_stored_work_and_resumes(runner, corpus, tmp_path,
                                                          monkeypatch):
    real = detente.pipeline.coding.code_articles

    def interrupted(articles, **kwargs):
        for n, coded in enumerate(real(articles, **kwargs)):
            if n == 1:
                raise KeyboardInterrupt
            yield coded

    path = str(tmp_path / "i.db")
    monkeypatch.setattr(detente.pipeline.coding, "code_articles", interrupted)
    result = runner.invoke(app, ["ingest", str(corpus), "--db", path])
    assert result.exit_code == 130, result.output
    assert "interrupted" in result.stderr and "1 new article(s)" in result.stderr
    monkeypatch.setattr(detente.pipeline.coding, "code_articles", real)
    result = runner.invoke(app, ["ingest", str(corpus), "--db", path])
    assert result.exit_code == 0, result.output
    assert "2 new article(s)" in result.stderr and "1 already stored" in result.stderr


def test_listings_in_three_formats(runner, db):
    table = runner.invoke(app, ["events", "--db", db])
    assert table.exit_code == 0, table.output
    assert "ACCUSE" in table.stdout and "type" in table.stdout
    rows = _jsonl(runner.invoke(app, ["events", "--db", db, "-f", "jsonl"]).stdout)
    assert rows and all(r["kind"] == "event" and r["outlet"] for r in rows)
    days = [r["date"] or r["published"] for r in rows]
    assert days == sorted(days, reverse=True)  # newest first
    out = runner.invoke(app, ["quotes", "--db", db, "-f", "csv"]).stdout
    quotes = list(csv.DictReader(io.StringIO(out)))
    assert any(q["speaker"] == "Sergei Lavrov" and q["actor"].startswith("RUS")
               for q in quotes)
    arts = list(csv.DictReader(io.StringIO(
        runner.invoke(app, ["articles", "--db", db, "-f", "csv"]).stdout)))
    assert [a["published"] for a in arts] == ["2022-05-03", "2022-04-22", "2022-03-30"]


def test_listing_filters(runner, db):
    def n(*args):
        result = runner.invoke(app, [*args, "--db", db, "-f", "jsonl"])
        assert result.exit_code == 0, result.output
        return _jsonl(result.stdout)

    assert all(r["outlet"] == "Wire A" for r in n("events", "--outlet", "Wire A"))
    accuse = n("events", "--type", "accuse")
    assert accuse and {r["plover_type"] for r in accuse} == {"ACCUSE"}
    rus = n("events", "--actor", "RUS")
    assert rus and all(any(a["code"].split()[0] == "RUS" for a in r["source"] + r["target"])
                       for r in rus)
    assert n("events", "--since", "2030-01-01") == []
    assert len(n("events", "--limit", "1")) == 1
    assert {r["speaker"]["person"] for r in n("quotes", "--speaker", "lavrov")} == {
        "Sergei Lavrov"}
    assert [a["outlet"] for a in n("articles", "--outlet", "Wire B")] == ["Wire B"]


@pytest.mark.parametrize(("args", "needle"), [
    (["events", "--type", "BOMB"], "type"),
    (["events", "--since", "last week"], "--since"),
    (["quotes", "--until", "2022-02-30"], "--until"),
])
def test_listing_user_errors(runner, db, args, needle):
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 1
    assert needle in result.stderr and result.stderr.count("\n") == 1


def test_listing_missing_database_is_a_user_error(runner, tmp_path):
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no database" in result.stderr
    assert not (tmp_path / "none.db").exists()


# --- show -------------------------------------------------------------------------------


def test_show_by_prefix_with_legend_and_events(runner, db):
    rows = _jsonl(runner.invoke(app, ["articles", "--db", db, "-f", "jsonl",
                                      "--outlet", "Wire B"]).stdout)
    aid = rows[0]["id"]
    result = runner.invoke(app, ["show", aid[:6], "--db", db])
    assert result.exit_code == 0, result.output
    assert aid in result.stdout and "legend" in result.stdout
    assert "military aid" in result.stdout
    assert " events, " in result.stdout


def test_show_unknown_and_ambiguous(runner, db):
    result = runner.invoke(app, ["show", "zzzz", "--db", db])
    assert result.exit_code == 1 and "no article" in result.stderr
    result = runner.invoke(app, ["show", "", "--db", db])
    assert result.exit_code == 1 and "ambiguous" in result.stderr


# --- export -----------------------------------------------------------------------------


def test_export_formats(runner, db, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "all.jsonl"
    result = runner.invoke(app, ["export", "--format", "jsonl", "--out", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    rows = _jsonl(out.read_text(encoding="utf-8"))
    assert sum(r["kind"] == "article" for r in rows) == 3
    n_events = sum(r["kind"] == "event" for r in rows)
    folder = tmp_path / "pq"
    result = runner.invoke(app, ["export", "-f", "parquet", "-o", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    table = pq.read_table(folder / "events.parquet")
    assert table.num_rows == n_events
    assert {"source", "target", "plover_type", "outlet", "published"} <= set(table.column_names)
    ev_csv = tmp_path / "events.csv"
    result = runner.invoke(app, ["export", "-f", "csv", "--kind", "events", "-o", str(ev_csv),
                                 "--db", db])
    assert result.exit_code == 0, result.output
    flat = list(csv.DictReader(ev_csv.open(encoding="utf-8")))
    assert len(flat) == n_events
    assert all("{" not in r["source"] for r in flat)  # actors as joined codes


def test_export_bad_kind(runner, db, tmp_path):
    result = runner.invoke(app, ["export", "-f", "csv", "--kind", "widgets", "-o",
                                 str(tmp_path / "x.csv"), "--db", db])
    assert result.exit_code == 1 and "kind" in result.stderr


# --- demo -------------------------------------------------------------------------------


@pytest.mark.slow
def test_demo_ingests_sample_and_summarises(runner, tmp_path):
    path = tmp_path / "demo.db"
    result = runner.invoke(app, ["demo", "--db", str(path)])
    assert result.exit_code == 0, result.output
    from detente.sample import sample_manifest

    n = sum(1 for line in sample_manifest().read_text(encoding="utf-8").splitlines()
            if line.strip())
    out = result.stdout
    assert f"Articles: {n} from" in out and "Top dyads" in out and "most quoted" in out
    assert "Disputes:" in out
    assert out.rstrip().endswith(f"detente serve --db {path}")
    # Running it again finds everything stored already.
    again = runner.invoke(app, ["demo", "--db", str(path), "--no-serve-hint"])
    assert again.exit_code == 0 and f"{n} already stored" in again.stderr
    assert "detente serve" not in again.stdout
