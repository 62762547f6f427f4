"""Wire copies: one text from several outlets is one article with one mention per outlet,
URL and date (the store's ``article_mentions``); empty first-seen metadata never hides
what a later copy gives. The coder is replaced (no model)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import create_engine, insert, select, text

import detente.pipeline.coding
from _store_backends import store_url
from detente.pipeline.coding import make_article
from detente.pipeline.ingest import ingest
from detente.records import ArticleMention, CodedArticle
from detente.store import open_store
from detente.store import schema as S

WIRE = "Moscow accused Kyiv of shelling the village, the ministry said on Tuesday."
OTHER = "Talks resumed in Istanbul."


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    with store_url(request.param, tmp_path) as url, open_store(url) as st:
        yield st


@pytest.fixture
def plain_coder(monkeypatch):
    """Coding that extracts nothing: the article as read, so metadata is what is tested."""

    def code_articles(articles, *, nlp=None, batch_size=32, n_process=1):
        for art in articles:
            yield CodedArticle(article=art)

    monkeypatch.setattr(detente.pipeline.coding, "code_articles", code_articles)


def _copy(text: str, **meta) -> object:
    return make_article(text, source=f"{meta.get('outlet')}.txt", **meta)


def test_a_wire_copy_from_another_outlet_is_a_mention_not_dropped(store, plain_coder) -> None:
    items = [
        _copy(WIRE, outlet="Reuters", url="https://r.example/1", published="2022-04-05"),
        _copy(OTHER, outlet="Reuters"),
        _copy(WIRE, outlet="Yahoo News", url="https://y.example/9", published="2022-04-06"),
        # the same copy read again: nothing new
        _copy(WIRE, outlet="Yahoo News", url="https://y.example/9", published="2022-04-06"),
    ]
    rep = ingest(items, store=store, nlp=object())
    assert (rep.new, rep.repeated, rep.mentions) == (2, 2, 1)
    aid = items[0].id
    got = [(m["outlet"], m["url"], m["published"]) for m in store.article_mentions(aid)]
    assert got == [("Reuters", "https://r.example/1", "2022-04-05"),
                   ("Yahoo News", "https://y.example/9", "2022-04-06")]
    coded = store.coded(aid)
    assert [m.outlet for m in coded.article_mentions] == ["Reuters", "Yahoo News"]
    assert coded.article.outlet == "Reuters"  # the first given metadata stays
    # a later run with a third outlet adds a mention to the stored article
    rep2 = ingest([_copy(WIRE, outlet="AP")], store=store, nlp=object())
    assert (rep2.new, rep2.already, rep2.mentions) == (0, 1, 1)
    assert [m["outlet"] for m in store.article_mentions(aid)] == ["Reuters", "Yahoo News", "AP"]


def test_empty_first_seen_metadata_does_not_hide_a_later_copys(store, plain_coder) -> None:
    bare = _copy(WIRE)
    given = _copy(WIRE, outlet="Reuters", url="https://r.example/1", title="Shelling",
                  published="2022-04-05")
    ingest([bare, given], store=store, nlp=object())
    coded = store.coded(bare.id)
    art = coded.article
    assert (art.outlet, art.url, art.title, art.published) == (
        "Reuters", "https://r.example/1", "Shelling", dt.date(2022, 4, 5))
    # the copy that carried nothing is not kept as a mention of its own
    assert [m.outlet for m in coded.article_mentions] == ["Reuters"]
    assert store.articles(limit=5)[0]["outlet"] == "Reuters"
    # given metadata is never overwritten by a later copy
    assert store.add_mention(ArticleMention(article_id=bare.id, outlet="AP",
                                            published=dt.date(2022, 1, 1)))
    again = store.coded(bare.id).article
    assert (again.outlet, again.published) == ("Reuters", dt.date(2022, 4, 5))


def test_a_mention_of_an_unknown_article_is_refused(tmp_path) -> None:
    with open_store(tmp_path / "s.db") as store:
        assert store.add_mention(ArticleMention(article_id="0" * 16, outlet="X")) is False


def test_migration_gives_stored_articles_their_own_mention(tmp_path) -> None:
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:  # a version-2 database with one article
        S.schema_version.create(conn)
        for table in S.metadata.sorted_tables:
            if table.name != "article_mentions":
                table.create(conn, checkfirst=True)
        for v in (1, 2):
            conn.execute(insert(S.schema_version).values(version=v, applied_at=dt.datetime(2024, 1, 1)))
        conn.execute(insert(S.revision).values(id=1, n=0))
        conn.execute(insert(S.articles).values(
            id="a" * 16, outlet="Reuters", published=dt.date(2022, 4, 5), text=WIRE,
            record='{"kind":"article","id":"aaaaaaaaaaaaaaaa"}',
            stored_at=dt.datetime(2024, 1, 1), n_events=0, n_quotes=0))
    engine.dispose()
    with open_store(path) as store:
        assert [(m["outlet"], m["published"]) for m in store.article_mentions("a" * 16)] == [
            ("Reuters", "2022-04-05")]
        with store.engine.connect() as conn:
            assert conn.execute(text("select max(version) from schema_version")).scalar() == S.SCHEMA_VERSION
            assert conn.execute(select(S.article_mentions.c.seq)).scalars().all() == [0]


def test_article_mentions_round_trip_in_the_coded_record() -> None:
    art = make_article(WIRE, outlet="Reuters")
    coded = dataclasses.replace(CodedArticle(article=art),
                                article_mentions=(ArticleMention.of(art),))
    from detente.store.codec import coded_from_dict, coded_to_dict

    assert coded_from_dict(coded_to_dict(coded)) == coded
