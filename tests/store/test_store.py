"""The store: round trip, idempotent saves, listings and their filters, link results.

Every test runs on SQLite and, when ``DETENTE_TEST_PG_URL`` is set, on PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from _store_backends import store_url
from _store_builders import NATO, RUS_GOV, UKR_GOV, coded_article
from detente.errors import QueryError, StoreError
from detente.records import (
    ActorRef,
    Dispute,
    DisputeSide,
    EventCluster,
    Position,
    Story,
    to_dict,
)
from detente.store import open_store


def _with_own_mention(coded):
    from detente.records import ArticleMention

    return dataclasses.replace(coded, article_mentions=(ArticleMention.of(coded.article),))


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with store_url(request.param, tmp_path) as url, open_store(url) as st:
        yield st


def _corpus():
    """Three articles: two outlets, three dates, different dyads and types."""
    return [
        coded_article("Moscow accused Kyiv of shelling Kharkiv.",
                      outlet="Wire A", published=dt.date(2022, 4, 20)),
        coded_article("Kyiv rejected the proposal from Moscow.", outlet="Wire B",
                      published=dt.date(2022, 4, 25), plover="REJECT", source=UKR_GOV,
                      target=RUS_GOV),
        coded_article("Moscow demanded guarantees from Kyiv again.", outlet="Wire A",
                      published=dt.date(2022, 5, 2), plover="REQUEST", with_quote=False),
    ]


# --- writing and rebuilding -------------------------------------------------------------


def test_save_and_rebuild_exactly(store):
    coded = coded_article()
    assert store.save(coded) is True
    back = store.coded(coded.article.id)
    # the store adds the mention the article's own metadata makes (its outlet, URL, date)
    assert back == _with_own_mention(coded)
    # The nested records keep their types (dates are dates, actors ActorRefs, tuples).
    assert isinstance(back.events[0].places[0].lat, float)
    assert isinstance(back.events[0].date, dt.date)
    assert back.events[0].target[1] == NATO
    assert store.has_article(coded.article.id)
    assert store.article_ids() == {coded.article.id}


def test_save_is_idempotent(store):
    coded = coded_article()
    assert store.save(coded) is True
    assert store.save(coded) is False
    assert store.count("articles") == 1
    assert store.count("events") == 1
    assert store.count("quotes") == 1


def test_coded_unknown_id_is_none(store):
    assert store.coded("0000000000000000") is None
    assert store.coded("") is None
    assert not store.has_article("nope")


def test_iter_coded_streams_oldest_first_and_filters(store):
    corpus = _corpus()
    for c in reversed(corpus):
        store.save(c)
    ids = [c.article.id for c in store.iter_coded()]
    assert ids == [c.article.id for c in corpus]
    since = [c.article.id for c in store.iter_coded(since="2022-04-21")]
    assert since == [c.article.id for c in corpus[1:]]
    until = [c.article.id for c in store.iter_coded(until=dt.date(2022, 4, 25))]
    assert until == [c.article.id for c in corpus[:2]]
    chosen = list(store.iter_coded(article_ids=[corpus[2].article.id]))
    assert chosen == [_with_own_mention(corpus[2])]


def test_failed_save_leaves_nothing_behind(store, monkeypatch):
    # A failure half-way through an article's inserts rolls the whole article back.
    good, bad = _corpus()[:2]
    store.save(good)
    from sqlalchemy.exc import OperationalError

    real = type(store)._insert_coded

    def broken(self, conn, coded):
        real(self, conn, coded)
        raise OperationalError("INSERT", {}, Exception("disk on fire"))

    monkeypatch.setattr(type(store), "_insert_coded", broken)
    with pytest.raises(StoreError, match="disk on fire"):
        store.save(bad)
    monkeypatch.undo()
    assert store.article_ids() == {good.article.id}
    assert store.count("events") == 1
    assert store.count("quotes") == 1


# --- listings ---------------------------------------------------------------------------


def test_listings_are_newest_first_with_article_fields(store):
    for c in _corpus():
        store.save(c)
    events = store.events()
    assert [e["plover_type"] for e in events] == ["REQUEST", "REJECT", "ACCUSE"]
    assert events[0]["outlet"] == "Wire A" and events[0]["published"] == "2022-05-02"
    assert events[0]["kind"] == "event" and "trigger" in events[0]
    arts = store.articles()
    assert [a["published"] for a in arts] == ["2022-05-02", "2022-04-25", "2022-04-20"]
    assert arts[0]["text"].startswith("Moscow demanded")
    quotes = store.quotes()
    assert [q["published"] for q in quotes] == ["2022-04-25", "2022-04-20"]
    assert quotes[0]["speaker"]["person"] == "Anton Belov"


@pytest.mark.parametrize(("actor", "n"), [
    ("RUS", 3), ("rus gov", 3), ("UKR GOV", 3), ("NATO", 3), ("RU", 0), ("Belov", 3), ("Nobody", 0),
    ("marchuk", 3), ("FRA", 0),
])
def test_event_actor_filter(store, actor, n):
    # Code prefixes match on word boundaries; names match as case-blind substrings.
    for c in _corpus():
        store.save(c)
    assert len(store.events(actor=actor)) == n
    assert store.count("events", actor=actor) == n


def test_event_filters(store):
    for c in _corpus():
        store.save(c)
    assert [e["plover_type"] for e in store.events(type="reject")] == ["REJECT"]
    assert len(store.events(outlet="Wire A")) == 2
    # since/until apply to the event date (four days before publication here).
    assert len(store.events(since="2022-04-20")) == 2
    assert len(store.events(until="2022-04-16")) == 1
    assert len(store.events(modality="reported")) == 3
    aid = _corpus()[1].article.id
    assert [e["article_id"] for e in store.events(article_id=aid)] == [aid]
    assert len(store.events(limit=1, offset=1)) == 1
    assert store.events(limit=1, offset=1)[0]["plover_type"] == "REJECT"


def test_quote_and_article_filters(store):
    for c in _corpus():
        store.save(c)
    assert len(store.quotes(speaker="belov")) == 2
    assert len(store.quotes(speaker="the minister")) == 2  # the speaker span text too
    assert len(store.quotes(actor="RUS")) == 2
    assert len(store.quotes(actor="UKR")) == 0
    assert len(store.quotes(outlet="Wire B")) == 1
    assert len(store.quotes(since="2022-04-21")) == 1
    assert len(store.articles(outlet="Wire A")) == 2
    assert len(store.articles(q="rejected")) == 1
    assert len(store.articles(q="100%_")) == 0  # LIKE wildcards are literal
    assert len(store.places()) == 3
    assert store.places(article_id=_corpus()[0].article.id)[0]["name"] == "Istanbul"


@pytest.mark.parametrize(("call", "param"), [
    (lambda s: s.events(type="BOMB"), "type"),
    (lambda s: s.events(since="yesterday"), "since"),
    (lambda s: s.events(until="2022-13-40"), "until"),
    (lambda s: s.events(modality="sure"), "modality"),
    (lambda s: s.events(limit=0), "limit"),
    (lambda s: s.events(limit="ten"), "limit"),
    (lambda s: s.quotes(offset=-1), "offset"),
    (lambda s: s.quotes(speaker="a\x00b"), "speaker"),
    (lambda s: s.articles(outlet=5), "outlet"),
    (lambda s: s.count("widgets"), "kind"),
])
def test_bad_filters_raise_query_error_naming_the_parameter(store, call, param):
    with pytest.raises(QueryError, match=param):
        call(store)


def test_aggregates(store):
    for c in _corpus():
        store.save(c)
    days = store.event_counts_by_day()
    assert [d["day"] for d in days] == ["2022-04-16", "2022-04-21", "2022-04-28"]
    assert days[0] == {"day": "2022-04-16", "plover_type": "ACCUSE", "quad_class": 3, "n": 1,
                       "goldstein_mean": -2.0}
    assert len(store.event_counts_by_day(since="2022-04-20")) == 2
    dyads = store.top_dyads(limit=10)
    assert dyads[0] == {"source": "RUS GOV", "target": "NATO", "n": 2}
    assert {"source": "UKR GOV", "target": "RUS GOV", "n": 1} in dyads
    actors = {(a["code"], a["person"]): a for a in store.actors()}
    assert actors[("RUS GOV", "Anton Belov")]["n_events"] == 3
    assert actors[("RUS GOV", "Anton Belov")]["n_quotes"] == 2


# --- link results -----------------------------------------------------------------------


def _links(ids):
    side = DisputeSide(ids[0], "q1", "Anton Belov", "RUS GOV", "no offer came", 1, 5,
                       dt.date(2022, 4, 20), "Wire A")
    counter = dataclasses.replace(side, article_id=ids[1], speaker="Olena Marchuk",
                                  actor_code="UKR GOV", text="the offer was sent")
    return dict(
        stories=[Story("s1", tuple(ids[:2]), "Talks", ("Wire A", "Wire B"), 2, 2,
                       dt.date(2022, 4, 20), dt.date(2022, 4, 25), ("talks",), 0)],
        clusters=[EventCluster("c1", ((ids[0], "e7"),), "ACCUSE", "RUS GOV", "UKR GOV", 1, 1,
                               ("Wire A",), dt.date(2022, 4, 20), dt.date(2022, 4, 20),
                               None, None, story_id="s1")],
        disputes=[Dispute("d1", side, counter, "explicit_denial", "offer", "s1", 0.9)],
        positions=[Position("p1", "RUS", "nato_membership", "demands", dt.date(2022, 4, 20),
                            ids[0], 0, 10, "Moscow demanded", "event", "e0")],
    )


def test_replace_links_round_trip_and_replace(store):
    corpus = _corpus()
    for c in corpus:
        store.save(c)
    ids = [c.article.id for c in corpus]
    links = _links(ids)
    store.replace_links(**links)
    assert store.stories() == [to_dict(links["stories"][0])]
    story = store.story("s1")
    assert [a["id"] for a in story["articles"]] == ids[:2]
    assert store.story("nope") is None
    assert store.clusters(story_id="s1") == [to_dict(links["clusters"][0])]
    assert store.disputes(actor="UKR") == [to_dict(links["disputes"][0])]
    assert store.disputes(actor="Marchuk")[0]["id"] == "d1"
    assert store.disputes(actor="FRA") == []
    assert store.positions(issue="nato_membership", party="RUS")[0]["stance"] == "demands"
    assert store.positions(since="2022-05-01") == []
    assert store.articles(story_id="s1")[0]["id"] == ids[1]
    # A second run replaces everything from the first.
    store.replace_links(stories=[], clusters=[], disputes=[], positions=[])
    assert store.count("stories") == store.count("disputes") == store.count("positions") == 0
    assert store.articles(story_id="s1") == []


def test_replace_links_duplicate_ids_rolls_back(store):
    corpus = _corpus()
    for c in corpus:
        store.save(c)
    links = _links([c.article.id for c in corpus])
    store.replace_links(**links)
    with pytest.raises(StoreError, match="duplicate"):
        store.replace_links(stories=links["stories"] * 2)
    assert store.count("stories") == 1 and store.count("positions") == 1


def test_actor_ref_round_trip_keeps_none_fields(store):
    bare = ActorRef(code="XXX")
    coded = coded_article(source=bare, target=bare, with_quote=False)
    store.save(coded)
    assert store.coded(coded.article.id).events[0].source == (bare,)
