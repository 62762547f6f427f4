"""Ingest: skip stored ids before parsing, resume after an interruption, and speed of
the filtered listings at 20,000 events. The coder is replaced by hand-built records
(no model); the CLI tests run the real pipeline."""

from __future__ import annotations

import datetime as dt
import time

import pytest

import detente.pipeline.coding
from _store_builders import coded_article
from detente.pipeline.ingest import IngestReport, ingest
from detente.records import Problem
from detente.store import open_store

BODIES = [f"Moscow accused Kyiv of attack number {i}." for i in range(6)]
NO_NLP = object()  # the fake coder needs no model (and this one has no memory zones)


@pytest.fixture
def fake_coder(monkeypatch):
    """Replace the pipeline's coder: yields the hand-built coded article for each input
    article and records which ids it was asked to code."""
    by_id = {c.article.id: c for c in (coded_article(b) for b in BODIES)}
    asked: list[str] = []
    state = {"fail_after": None}

    def code_articles(articles, *, nlp=None, batch_size=32, n_process=1):
        for n, art in enumerate(articles):
            if state["fail_after"] is not None and n >= state["fail_after"]:
                raise KeyboardInterrupt
            asked.append(art.id)
            yield by_id[art.id]

    monkeypatch.setattr(detente.pipeline.coding, "code_articles", code_articles)
    articles = [by_id[coded_article(b).article.id].article for b in BODIES]
    return articles, asked, state


def test_ingest_counts_and_skips_problems_and_repeats(tmp_path, fake_coder):
    articles, asked, _ = fake_coder
    items = [articles[0], Problem("bad.txt", "empty input", "E103"), articles[1], articles[0]]
    with open_store(tmp_path / "s.db") as store:
        rep = ingest(items, store=store, nlp=NO_NLP)
        assert (rep.new, rep.already, rep.repeated, rep.skipped) == (2, 0, 1, 1)
        assert rep.events == 2 and rep.quotes == 2
        assert rep.as_dict()["problems"][0]["source"] == "bad.txt"
        # Second run: everything is already stored and nothing is parsed again.
        asked.clear()
        rep2 = ingest(articles[:2], store=store, nlp=NO_NLP)
        assert (rep2.new, rep2.already) == (0, 2)
        assert asked == []


def test_interrupted_ingest_keeps_committed_work_and_resumes(tmp_path, fake_coder):
    articles, asked, state = fake_coder
    path = tmp_path / "s.db"
    state["fail_after"] = 3
    report = IngestReport()
    with open_store(path) as store, pytest.raises(KeyboardInterrupt):
        ingest(articles, store=store, report=report, nlp=NO_NLP)
    assert report.new == 3  # the report survives the interruption
    with open_store(path) as store:
        assert store.article_ids() == {a.id for a in articles[:3]}
        state["fail_after"] = None
        asked.clear()
        rep = ingest(articles, store=store, nlp=NO_NLP)
        assert (rep.new, rep.already) == (3, 3)
        assert asked == [a.id for a in articles[3:]]  # only the missing ones were coded
        assert store.count("articles") == 6


def test_on_article_sees_every_input(tmp_path, fake_coder):
    articles, _, _ = fake_coder
    seen = []
    with open_store(tmp_path / "s.db") as store:
        ingest([*articles[:2], Problem("x", "bad")], store=store, nlp=NO_NLP,
               on_article=lambda coded, item: seen.append(coded is not None))
    assert sorted(seen) == [False, True, True]


@pytest.mark.model
def test_memory_zones_do_not_change_what_is_coded(nlp):
    # Coding inside spaCy memory zones (several zones here) gives exactly the records
    # coding without them gives.
    from detente.pipeline.ingest import code_in_zones
    from detente.records import to_dict
    from detente.sample import load_sample_articles

    articles = load_sample_articles(limit=5)
    plain = [to_dict(c) for c in detente.pipeline.coding.code_articles(articles, nlp=nlp)]
    zoned = [to_dict(c) for c in code_in_zones(articles, nlp=nlp, zone_size=2)]
    assert zoned == plain
    assert sum(len(c["events"]) for c in zoned) > 0


@pytest.mark.slow
def test_filtered_event_page_is_fast_at_20000_events(tmp_path):
    # 2,000 articles x 10 events: a filtered, paged listing must stay well under 200 ms.
    from dataclasses import replace

    from detente.records import ActorRef

    base = coded_article(with_quote=False)
    event = base.events[0]
    codes = ["RUS GOV", "UKR GOV", "USA GOV", "GBR GOV", "FRA GOV", "TUR GOV", "NATO", "EU"]
    types = ["ACCUSE", "REJECT", "CONSULT", "AGREE", "ASSAULT"]
    with open_store(tmp_path / "big.db") as store:
        for i in range(2000):
            aid = f"{i:016x}"
            art = replace(base.article, id=aid, outlet=f"Outlet {i % 7}",
                          published=dt.date(2022, 1, 1) + dt.timedelta(days=i % 365))
            events = tuple(
                replace(event, article_id=aid, id=f"e{k}", plover_type=types[(i + k) % 5],
                        date=art.published, source=(ActorRef(codes[(i + k) % 8]),),
                        target=(ActorRef(codes[(i + k + 3) % 8]),), places=())
                for k in range(10))
            store.save(replace(base, article=art, mentions=(), dates=(), places=(),
                               events=events))
        assert store.count("events") == 20_000
        store.events(actor="RUS", limit=1)  # warm the connection
        queries = [dict(actor="RUS", type="ACCUSE"), dict(actor="NATO", since="2022-06-01"),
                   dict(outlet="Outlet 3", type="CONSULT"), dict(type="AGREE", offset=1000),
                   dict(actor="UKR GOV", outlet="Outlet 1", until="2022-03-01")]
        for q in queries:
            t0 = time.perf_counter()
            rows = store.events(limit=50, **q)
            elapsed = time.perf_counter() - t0
            assert rows, q
            assert elapsed < 0.2, (q, elapsed)
