"""PostgreSQL-specific behaviour against a real server (``DETENTE_TEST_PG_URL``; skips
when unset). The shared store behaviour runs on PostgreSQL in ``test_store.py`` too."""

from __future__ import annotations

import dataclasses
import threading

import pytest
from typer.testing import CliRunner

from _store_backends import pg_schema_url
from _store_builders import coded_article
from detente.cli import app
from detente.store import open_store

pytestmark = pytest.mark.postgres


@pytest.fixture
def url():
    with pg_schema_url() as u:
        yield u


def test_plain_and_driver_urls_open_the_same_database(url):
    with open_store(url) as store:
        store.save(coded_article())
    other = url.replace("postgresql://", "postgresql+psycopg://", 1)
    with open_store(other, create=False) as store:
        assert store.count("articles") == 1
        assert store.url.startswith("postgresql+psycopg://")
        assert ":***@" in store.url  # the password is never shown


def test_concurrent_saves_of_the_same_article_store_it_once(url):
    # Two writers racing on one article: one wins, the other gets False, no error.
    coded = coded_article()
    with open_store(url):
        pass  # create the schema first
    results: list[bool] = []
    errors: list[BaseException] = []

    def save() -> None:
        try:
            with open_store(url) as store:
                results.append(store.save(coded))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=save) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == [False, False, False, True]
    with open_store(url) as store:
        assert store.count("events") == 1


def test_text_with_odd_characters_round_trips(url):
    coded = coded_article("Kyiv said «ніколи» — never — to the 'deal' \\ 100% _final_.")
    with open_store(url) as store:
        store.save(coded)
        back = store.coded(coded.article.id)
        assert dataclasses.replace(back, article_mentions=()) == coded
        assert [m.outlet for m in back.article_mentions] == [coded.article.outlet]
        assert len(store.articles(q="100%")) == 1
        assert len(store.articles(q="ніколи")) == 1


@pytest.mark.model
def test_cli_ingest_and_query_on_postgres(url, tmp_path):
    runner = CliRunner()
    path = tmp_path / "a.txt"
    path.write_text("Russia accused Ukraine of shelling a village on Monday.", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(path), "--published", "2022-05-03",
                                 "--db", url])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["events", "--db", url, "--actor", "RUS", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    assert '"ACCUSE"' in result.stdout
