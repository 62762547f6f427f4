"""Exports: the JSON lines record shape, flat CSV/Parquet rows, whole-store exports."""

from __future__ import annotations

import csv
import json

import pytest

from _store_builders import coded_article
from detente.errors import DetenteError, QueryError
from detente.export import coded_records, columns, export_store, flatten, record_json
from detente.export.tables import KINDS
from detente.records import Problem
from detente.store import open_store


def test_every_coded_record_has_kind_article_id_and_span_first():
    coded = coded_article()
    rows = list(coded_records(coded))
    assert [r["kind"] for r in rows] == ["article", "noise", "mention", "date", "place",
                                         "quote", "claim", "event"]
    text = coded.article.text
    for r in rows:
        assert list(r)[:4] == ["kind", "article_id", "start", "end"]
        assert r["article_id"] == coded.article.id
        assert 0 <= r["start"] <= r["end"] <= len(text)
    assert (rows[0]["start"], rows[0]["end"]) == (0, len(text))
    assert rows[0]["notes"] == ["hand-built"]
    assert rows[1]["label"] == "promo"  # noise spans get the article id they lack
    quote = rows[5]
    assert text[quote["start"]:quote["end"]] == quote["text"]
    json.dumps(rows)  # JSON-ready: dates are strings


def test_problem_record_has_null_article_and_span():
    row = record_json(Problem("x.txt", "empty input", "E103"))
    assert row == {"kind": "problem", "article_id": None, "start": None, "end": None,
                   "source": "x.txt", "reason": "empty input", "code": "E103"}


def test_flatten_actors_and_nested_fields():
    coded = coded_article()
    row = {**record_json(coded.events[0]), "outlet": "Test Wire", "published": "2022-04-22"}
    flat = flatten("events", row)
    assert list(flat) == columns("events")
    assert flat["source"] == "RUS GOV" and flat["source_persons"] == "Anton Belov"
    assert flat["target"] == "UKR GOV|NATO"
    assert flat["amounts"] == "$40 billion"
    assert json.loads(flat["places"])[0]["name"] == "Istanbul"
    assert all(not isinstance(v, (list, dict)) for v in flat.values())
    q = flatten("quotes", record_json(coded.quotes[0]))
    assert q["speaker"] == "RUS GOV" and q["speaker_person"] == "Anton Belov"
    assert q["via"] == "Interfax"


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "x.db") as st:
        st.save(coded_article("Moscow accused Kyiv of shelling Kharkiv."))
        st.save(coded_article("Kyiv rejected the new proposal.", outlet="Other"))
        yield st


def test_export_all_jsonl_is_one_file(store, tmp_path):
    out = tmp_path / "all.jsonl"
    counts = export_store(store, kind="all", fmt="jsonl", out=out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == sum(counts.values())
    assert counts["articles"] == 2 and counts["events"] == 2 and counts["stories"] == 0
    assert {r["outlet"] for r in rows if r["kind"] == "event"} == {"Test Wire", "Other"}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_all_tables_is_a_folder_with_one_file_per_kind(store, tmp_path, fmt):
    folder = tmp_path / "out"
    counts = export_store(store, kind="all", fmt=fmt, out=folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{k}.{fmt}" for k in KINDS)
    if fmt == "csv":
        with (folder / "events.csv").open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert list(rows[0]) == columns("events")
    else:
        import pyarrow.parquet as pq

        table = pq.read_table(folder / "events.parquet")
        rows = table.to_pylist()
        assert str(table.schema.field("published").type) == "date32[day]"
        assert str(table.schema.field("goldstein").type) == "double"
    assert len(rows) == counts["events"] == 2


def test_export_errors(store, tmp_path):
    with pytest.raises(QueryError, match="format"):
        export_store(store, fmt="xlsx", out=tmp_path / "x")
    with pytest.raises(QueryError, match="kind"):
        export_store(store, kind="widgets", fmt="csv", out=tmp_path / "x.csv")
    with pytest.raises(DetenteError, match="does not exist"):
        export_store(store, kind="events", fmt="jsonl", out=tmp_path / "no" / "x.jsonl")
