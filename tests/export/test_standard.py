"""PLOVER JSON and GDELT-style exports: the PLOVER record layout checked against the
field set of the PLOVER manual's Data Fields chapter (written out here), and the GDELT
Events and Mentions tables read back with DuckDB."""

from __future__ import annotations

import json

import pytest

from _store_builders import NATO, RUS_GOV, UKR_GOV, coded_article
from detente.errors import QueryError
from detente.export import export_store
from detente.export.gdelt import EVENT_COLUMNS, MENTION_COLUMNS
from detente.store import open_store

# From the PLOVER manual, chapter "Data Fields" (table "PLOVER JSON" and the entity,
# text, citation and location object tables). Y = required.
PLOVER_FIELDS = {
    "id": "Y", "has_event": "N", "date": "Y", "time": "N", "enddate": "N", "endtime": "N",
    "actor": "Y", "recipient": "N", "event": "Y", "event_loc": "N", "event_text": "N",
    "quad_code": "N", "event_scale": "N", "mode": "N", "context": "N", "link": "N",
    "text": "N", "text_info": "N", "cite_info": "N", "coder": "N", "coded_date": "N",
    "coded_time": "N", "comment": "N",
}
ENTITY_FIELDS = {"code", "sector", "entity_text", "identifier_id", "identifier_text",
                 "religion", "ethnicity", "office", "gender", "age"}
TEXT_INFO_FIELDS = {"sequence", "start", "end", "text_story"}
CITE_INFO_FIELDS = {"corpus", "citation", "url", "title", "language", "publication",
                    "license", "copyright", "coder", "codebook", "version"}
LOCATION_FIELDS = {"extracted_place", "resolved_place", "geonameid", "lat", "lon", "city",
                   "district", "province", "country", "country_code", "feature_class",
                   "feature_code", "resolution"}
PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
                "MOBILIZE", "COERCE", "ASSAULT"}
# detente's own additions (the manual allows named fields beyond its own).
DETENTE_FIELDS = {"article_id", "event_id", "cameo", "goldstein", "modality", "date_basis",
                  "date_text", "published", "trigger_start", "trigger_end", "amounts",
                  "confidence"}


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "x.db") as st:
        a = coded_article("Moscow accused Kyiv of shelling Kharkiv.")
        b = coded_article("Moscow accused Kyiv of shelling Kharkiv again.", outlet="Other Wire")
        c = coded_article("NATO rejected the new proposal.", plover="REJECT", source=NATO,
                          target=RUS_GOV, outlet="Third")
        for coded in (a, b, c):
            st.save(coded)
        # a and b report the same happening: one cluster of two mentions.
        ev_a, ev_b = a.events[0], b.events[0]
        st.replace_links(clusters=[{
            "id": "c1", "event_ids": [[a.article.id, ev_a.id], [b.article.id, ev_b.id]],
            "plover_type": "ACCUSE", "source_code": "RUS GOV", "target_code": "UKR GOV",
            "n_articles": 2, "n_outlets": 2, "outlets": ["Other Wire", "Test Wire"],
            "first_reported": "2022-04-22", "last_reported": "2022-04-22", "date_min": None,
            "date_max": None, "amounts": [], "label": "RUS GOV accuses UKR GOV",
            "story_id": None}])
        yield st, (a, b, c)


def test_plover_records_follow_the_manual_layout(store, tmp_path):
    st, (a, _b, c) = store
    out = tmp_path / "events.plover.jsonl"
    assert export_store(st, fmt="plover", out=out) == {"events": 3}
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len({r["id"] for r in records}) == 3
    for r in records:
        unknown = set(r) - set(PLOVER_FIELDS) - DETENTE_FIELDS
        assert not unknown, unknown
        for name, required in PLOVER_FIELDS.items():
            if required == "Y":
                assert r.get(name) not in (None, [], ""), name
        assert r["event"] and set(r["event"]) <= PLOVER_TYPES
        assert r["date"][4] == "-" and len(r["date"]) == 10
        assert r["quad_code"] in (1, 2, 3, 4)
        for ent in r["actor"] + r["recipient"]:
            assert set(ent) - {"actor_code"} <= ENTITY_FIELDS
            assert len(ent["code"]) == 3 and ent["code"].isupper()
        assert set(r["text_info"]) <= TEXT_INFO_FIELDS
        assert set(r["cite_info"]) <= CITE_INFO_FIELDS
        assert r["event_loc"] is None or set(r["event_loc"]) <= LOCATION_FIELDS
        for listed in ("event", "event_text", "mode", "context"):
            assert r[listed] is None or isinstance(r[listed], list)
    first = next(r for r in records if r["article_id"] == a.article.id)
    ev = a.events[0]
    text = a.article.text
    assert first["text"] == text[ev.start:ev.end]
    assert first["text_info"]["start"] == ev.start and first["text_info"]["sequence"] == 1
    assert first["actor"][0] == {
        "code": "RUS", "sector": "GOV", "entity_text": ev.source_text,
        "identifier_id": "rus_fm", "identifier_text": "Anton Belov",
        "office": "Foreign Minister", "actor_code": "RUS GOV"}
    assert first["link"] == "c1" and first["cite_info"]["publication"] == "Test Wire"
    assert first["event_loc"]["resolved_place"] == "Istanbul"
    nato = next(r for r in records if r["article_id"] == c.article.id)
    assert nato["actor"][0]["code"] == "IGO" and nato["actor"][0]["identifier_text"] == "NATO"
    assert nato["link"] is None


def test_gdelt_tables_read_back_with_duckdb(store, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    st, (a, b, c) = store
    folder = tmp_path / "gdelt"
    assert export_store(st, fmt="gdelt", out=folder) == {"events": 2, "mentions": 3}
    con = duckdb.connect()

    def read(name):
        rel = con.sql(f"select * from read_csv('{folder / name}', delim='\t', header=true, "
                      "quote='', escape='', all_varchar=true)")
        return rel.columns, [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]

    cols, events = read("events.tsv")
    assert cols == EVENT_COLUMNS and len(cols) == 61
    mcols, mentions = read("mentions.tsv")
    assert mcols == MENTION_COLUMNS
    by_code = {e["Actor1Code"]: e for e in events}
    rus = by_code["RUSGOV"]
    assert (rus["NumMentions"], rus["NumArticles"], rus["NumSources"]) == ("2", "2", "2")
    assert rus["Actor1CountryCode"] == "RUS" and rus["Actor1Type1Code"] == "GOV"
    assert rus["Actor1Name"] == "Anton Belov" and rus["Actor2Code"] == "UKRGOV"
    ev = a.events[0]
    assert rus["EventCode"] == ev.cameo and rus["EventRootCode"] == ev.cameo[:2]
    assert rus["EventBaseCode"] == ev.cameo[:3]
    assert float(rus["GoldsteinScale"]) == ev.goldstein and rus["QuadClass"] == str(ev.quad_class)
    assert rus["SQLDATE"] == (ev.date or a.article.published).strftime("%Y%m%d")
    assert rus["SOURCEURL"] == "https://example.test/a" and rus["IsRootEvent"] == "1"
    assert rus["ActionGeo_FullName"] == "Istanbul" and rus["ActionGeo_Type"] == "4"
    nato = by_code["NATO"]
    assert nato["Actor1KnownGroupCode"] == "NATO" and nato["NumMentions"] == "1"
    # Mentions: one row per reporting article, offsets into that article's text.
    rus_mentions = [m for m in mentions if m["GLOBALEVENTID"] == rus["GLOBALEVENTID"]]
    assert {m["MentionSourceName"] for m in rus_mentions} == {"Test Wire", "Other Wire"}
    for m in mentions:
        aid = dict(kv.split("=") for kv in m["Extras"].split(";"))["article_id"]
        coded = next(x for x in (a, b, c) if x.article.id == aid)
        e = coded.events[0]
        assert int(m["ActionCharOffset"]) == e.trigger_start
        off = int(m["Actor1CharOffset"])
        assert coded.article.text[off:off + len(e.source_text)] == e.source_text
        assert int(m["MentionDocLen"]) == len(coded.article.text)
    # Events and Mentions join on GLOBALEVENTID.
    joined = con.sql(f"select count(*) from read_csv('{folder / 'events.tsv'}', delim='\t', "
                     f"header=true, quote='') e join read_csv('{folder / 'mentions.tsv'}', "
                     "delim='\t', header=true, quote='') m using (GLOBALEVENTID)").fetchall()
    assert joined == [(3,)]


def test_standard_formats_export_events_only(store, tmp_path):
    st, _ = store
    with pytest.raises(QueryError, match="events only"):
        export_store(st, fmt="gdelt", kind="quotes", out=tmp_path / "g")


def test_export_cli_plover_and_gdelt(store, tmp_path):
    from typer.testing import CliRunner

    from detente.cli import app

    st, _ = store
    runner = CliRunner()
    res = runner.invoke(app, ["export", "--format", "plover", "--out",
                              str(tmp_path / "p.jsonl"), "--db", st.url])
    assert res.exit_code == 0, res.output
    assert len((tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()) == 3
    res = runner.invoke(app, ["export", "--format", "gdelt", "--out", str(tmp_path / "g"),
                              "--db", st.url])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "g" / "events.tsv").is_file()
    assert UKR_GOV.code  # the builders' actors are the ones exported


def test_gdelt_mentions_carry_every_outlet_of_a_wire_copy(store, tmp_path):
    """A text carried by a second outlet is one article with two mentions: every event
    of it gets a Mentions row per outlet, and the happening counts both."""
    import datetime as dt

    from detente.records import ArticleMention

    st, (a, b, c) = store
    assert st.add_mention(ArticleMention(article_id=c.article.id, outlet="Yahoo News",
                                         url="https://y.example/9",
                                         published=dt.date(2022, 4, 23)))
    folder = tmp_path / "gdelt"
    assert export_store(st, fmt="gdelt", out=folder) == {"events": 2, "mentions": 4}
    rows = [line.split("\t") for line in (folder / "mentions.tsv").read_text().splitlines()]
    head, body = rows[0], rows[1:]
    nato = [dict(zip(head, r, strict=True)) for r in body
            if f"article_id={c.article.id}" in r[-1]]
    assert [(m["MentionSourceName"], m["MentionTimeDate"][:8]) for m in nato] == [
        ("Third", "20220422"), ("Yahoo News", "20220423")]
    assert nato[1]["MentionIdentifier"] == "https://y.example/9" and nato[1]["MentionType"] == "1"
    events = [line.split("\t") for line in (folder / "events.tsv").read_text().splitlines()]
    ev = next(dict(zip(events[0], r, strict=True)) for r in events[1:]
              if r[EVENT_COLUMNS.index("Actor1Code")] == "NATO")
    assert (ev["NumMentions"], ev["NumSources"], ev["NumArticles"]) == ("2", "2", "2")
