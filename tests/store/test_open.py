"""Opening stores: URLs and paths, schema versions and migrations, the codec."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import insert, text

from _store_builders import RUS_GOV, coded_article
from detente import records as R
from detente.errors import StoreError
from detente.store import SCHEMA_VERSION, coded_from_dict, coded_to_dict, from_dict, open_store
from detente.store import schema as S
from detente.store.engine import normalise_url


@pytest.mark.parametrize(("given", "expected"), [
    ("x.db", "sqlite:///x.db"),
    ("sqlite:///x.db", "sqlite:///x.db"),
    ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
    ("postgresql+psycopg://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
])
def test_normalise_url(given, expected):
    assert normalise_url(given) == expected


def test_default_is_env_then_detente_db(monkeypatch, tmp_path):
    monkeypatch.delenv("DETENTE_DB", raising=False)
    assert normalise_url(None) == "sqlite:///detente.db"
    monkeypatch.setenv("DETENTE_DB", str(tmp_path / "env.db"))
    with open_store() as store:
        store.save(coded_article())
    assert (tmp_path / "env.db").exists()


def test_bare_path_and_path_object(tmp_path):
    for where in (str(tmp_path / "a.db"), tmp_path / "b.db"):
        with open_store(where) as store:
            assert store.count("articles") == 0
    assert (tmp_path / "a.db").exists() and (tmp_path / "b.db").exists()


def test_sqlite_is_in_wal_mode(tmp_path):
    with open_store(tmp_path / "w.db") as store, store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_unsupported_scheme_and_missing_things(tmp_path):
    with pytest.raises(StoreError, match="mysql"):
        open_store("mysql://u:secret@h/db")
    with pytest.raises(StoreError, match="no database here"):
        open_store(tmp_path / "missing.db", create=False)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no" / "dir" / "x.db")


def test_password_never_in_errors():
    with pytest.raises(StoreError) as info:
        open_store("postgresql://who:hunter2@127.0.0.1:1/none")
    assert "hunter2" not in str(info.value)


def test_schema_version_recorded_and_reopen_keeps_data(tmp_path):
    path = tmp_path / "v.db"
    with open_store(path) as store:
        store.save(coded_article())
        with store.engine.connect() as conn:
            versions = conn.execute(text("SELECT version FROM schema_version")).scalars()
            assert list(versions) == list(range(1, SCHEMA_VERSION + 1))
    with open_store(path, create=False) as store:
        assert store.count("articles") == 1


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    with open_store(path) as store, store.engine.begin() as conn:
        conn.execute(insert(S.schema_version).values(version=SCHEMA_VERSION + 1,
                                                     applied_at=dt.datetime(2030, 1, 1)))
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_not_a_detente_database(tmp_path):
    import sqlite3

    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StoreError, match="not a detente database"):
        open_store(path, create=False)


def test_migrations_apply_in_order(tmp_path, monkeypatch):
    # A later migration runs once, after the earlier ones, and is recorded.
    seen = []

    def m2(conn):
        seen.append("m2")
        conn.execute(text("CREATE TABLE extra_m2 (x INTEGER)"))

    path = tmp_path / "m.db"
    open_store(path).close()
    before = S.SCHEMA_VERSION
    monkeypatch.setattr(S, "MIGRATIONS", [*S.MIGRATIONS, m2])
    monkeypatch.setattr(S, "SCHEMA_VERSION", len(S.MIGRATIONS))
    with open_store(path) as store, store.engine.connect() as conn:
        assert conn.execute(text("SELECT max(version) FROM schema_version")).scalar() == before + 1
    open_store(path).close()
    assert seen == ["m2"]


def test_a_version_1_database_gains_the_revision_counter(tmp_path):
    # Databases made before the revision counter: migration 2 adds it, writes bump it.
    path = tmp_path / "v1.db"
    with open_store(path) as store, store.engine.begin() as conn:
        conn.execute(text("DROP TABLE revision"))
        conn.execute(text("DELETE FROM schema_version WHERE version > 1"))
    with open_store(path) as store:
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT n FROM revision WHERE id = 1")).scalar() == 0
        store.save(coded_article())
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT n FROM revision WHERE id = 1")).scalar() == 1


def test_cached_totals_follow_writes_from_another_store(tmp_path):
    # The web server caches listing totals; an ingest in another process (here another
    # store on the same file) must be seen at once, not after a restart.
    path = tmp_path / "c.db"
    with open_store(path) as reader, open_store(path) as writer:
        assert reader.count("articles") == 0
        assert reader.count("articles") == 0  # served from the cache
        writer.save(coded_article())
        assert reader.count("articles") == 1
        assert reader.count("events") == len(coded_article().events)
        writer.replace_links()
        assert reader.count("articles") == 1


# --- codec ------------------------------------------------------------------------------


def test_codec_round_trips_every_record_of_a_coded_article():
    coded = coded_article()
    data = coded_to_dict(coded)
    assert coded_from_dict(data) == coded
    for record in coded.records():
        assert from_dict(type(record), R.to_dict(record, article_id="x")) == record


def test_codec_round_trips_link_records():
    side = R.DisputeSide("a", "q1", "Anton Belov", "RUS GOV", "t", 1, 2, dt.date(2022, 1, 2))
    records = [
        R.Story("s", ("a", "b"), "T", ("O",), 2, 1, dt.date(2022, 1, 1), None, ("k",), 1),
        R.EventCluster("c", (("a", "e1"), ("b", "e2")), "AID", "USA", "UKR", 2, 2, ("O", "P"),
                       None, dt.date(2022, 1, 3), None, None, ("$1",), "l", "s"),
        R.Dispute("d", side, dataclasses.replace(side, quote_id=None), "opposing_claims"),
        R.Position("p", "RUS", "i", "rejects", None, "a", 0, 1, "e", "quote", "q1", "denied"),
        R.Problem("f.txt", "empty", "E103"),
    ]
    for record in records:
        assert from_dict(type(record), R.to_dict(record)) == record


def test_codec_fills_defaults_for_fields_missing_from_old_records():
    data = R.to_dict(RUS_GOV)
    del data["actor_id"], data["role"]
    assert from_dict(R.ActorRef, data) == dataclasses.replace(RUS_GOV, actor_id=None, role=None)


def test_codec_errors_are_store_errors():
    with pytest.raises(StoreError):
        from_dict(R.ActorRef, {})
    with pytest.raises(StoreError):
        from_dict(R.ActorRef, ["RUS"])  # type: ignore[arg-type]
