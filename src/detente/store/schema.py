"""The store's schema (SQLAlchemy Core, one schema for SQLite and PostgreSQL) and its
migrations.

Every table keeps the full record as ``to_dict`` JSON in ``record`` (so records are
rebuilt exactly) plus flat columns for what listings filter and sort on, each indexed.
``seq`` keeps a record's position within its article so rebuilt tuples keep their order.

Migrations are ordered functions in :data:`MIGRATIONS`; ``schema_version`` holds the
number of the last one applied. A new migration is appended, never edited.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    select,
)
from sqlalchemy.engine import Connection

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "metadata", "migrate", "tables"]

metadata = MetaData()


def _fk_article() -> Column:
    # ON DELETE CASCADE: deleting an article takes everything coded from it along.
    return Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False)


schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", DateTime, nullable=False),
)

articles = Table(
    "articles", metadata,
    Column("id", String(64), primary_key=True),
    Column("outlet", String(200)),
    Column("published", Date),
    Column("title", Text),
    Column("url", Text),
    Column("language", String(16)),
    Column("source", Text),
    Column("text", Text, nullable=False),
    Column("notes", Text),  # JSON list of strings
    Column("record", Text, nullable=False),  # to_dict(article) without "text"
    Column("stored_at", DateTime, nullable=False),
    Column("n_events", Integer, nullable=False, default=0),
    Column("n_quotes", Integer, nullable=False, default=0),
    Index("ix_articles_published", "published"),
    Index("ix_articles_outlet_published", "outlet", "published"),
)


#: Every outlet, URL and date that carried an article's text (GDELT's Mentions table): the
#: same text from two outlets is one article with two rows here. ``seq`` is the order
#: the copies were read in (0: the copy that was coded).
article_mentions = Table(
    "article_mentions", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    _fk_article(),
    Column("seq", Integer, nullable=False),
    Column("outlet", String(200)),
    Column("url", Text),
    Column("published", Date),
    Column("record", Text, nullable=False),
    Index("ix_article_mentions_article", "article_id", "seq"),
    Index("ix_article_mentions_outlet", "outlet"),
)


def _span_table(name: str, *extra: Column | Index) -> Table:
    # The per-article span records that are rebuilt but rarely filtered.
    return Table(
        name, metadata,
        Column("pk", Integer, primary_key=True, autoincrement=True),
        _fk_article(),
        Column("seq", Integer, nullable=False),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        *extra,
        Column("record", Text, nullable=False),
        Index(f"ix_{name}_article", "article_id", "seq"),
    )


noise = _span_table("noise", Column("label", String(40)))
mentions = _span_table("mentions", Column("label", String(20)), Column("code", String(80)))
dates = _span_table("dates", Column("value", Date))
places = _span_table(
    "places", Column("name", String(200)), Column("country", String(8)),
    Column("lat", Float), Column("lon", Float),
)

quotes = Table(
    "quotes", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    _fk_article(),
    Column("id", String(40), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("speaker_person", String(200)),
    Column("speaker_code", String(80)),
    Column("speaker_text", Text),
    Column("quote_type", String(20)),
    # Denormalised from the article so listings filter and sort without a join.
    Column("outlet", String(200)),
    Column("published", Date),
    Column("record", Text, nullable=False),
    Index("ix_quotes_article", "article_id", "seq"),
    Index("ix_quotes_published", "published"),
    Index("ix_quotes_speaker_code", "speaker_code"),
    Index("ix_quotes_outlet_published", "outlet", "published"),
)

claims = Table(
    "claims", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    _fk_article(),
    Column("quote_id", String(40)),
    Column("seq", Integer, nullable=False),
    Column("record", Text, nullable=False),
    Index("ix_claims_article", "article_id", "seq"),
)

events = Table(
    "events", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    _fk_article(),
    Column("id", String(40), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("plover_type", String(20), nullable=False),
    Column("quad_class", Integer),
    Column("goldstein", Float),
    Column("modality", String(20)),
    # The event's date, else the article's publication date: what since/until and the
    # newest-first order use (an undated event happened no later than its report).
    Column("day", Date),
    Column("outlet", String(200)),
    Column("published", Date),
    Column("record", Text, nullable=False),
    Index("ix_events_article", "article_id", "seq"),
    Index("ix_events_day", "day"),
    Index("ix_events_type_day", "plover_type", "day"),
    Index("ix_events_outlet_day", "outlet", "day"),
    Index("ix_events_modality_day", "modality", "day"),
)

event_actors = Table(
    "event_actors", metadata,
    Column("event_pk", Integer, ForeignKey("events.pk", ondelete="CASCADE"), nullable=False),
    Column("role", String(8), nullable=False),  # source | target
    Column("code", String(80), nullable=False),
    Column("person", String(200)),
    Index("ix_event_actors_code", "code"),
    Index("ix_event_actors_event", "event_pk", "role"),
    Index("ix_event_actors_person", "person"),
)

# --- link results (replaced as a whole by replace_links) -------------------------------

stories = Table(
    "stories", metadata,
    Column("id", String(80), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("n_articles", Integer),
    Column("first_reported", Date),
    Column("last_reported", Date),
    Column("record", Text, nullable=False),
    Index("ix_stories_seq", "seq"),
)

story_articles = Table(
    "story_articles", metadata,
    Column("story_id", String(80), nullable=False),
    Column("article_id", String(64), nullable=False),
    Index("ix_story_articles_story", "story_id"),
    Index("ix_story_articles_article", "article_id"),
)

clusters = Table(
    "clusters", metadata,
    Column("id", String(80), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("story_id", String(80)),
    Column("plover_type", String(20)),
    Column("record", Text, nullable=False),
    Index("ix_clusters_story", "story_id", "seq"),
)

disputes = Table(
    "disputes", metadata,
    Column("id", String(80), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("story_id", String(80)),
    Column("claim_code", String(80)),
    Column("counter_code", String(80)),
    Column("claim_speaker", String(200)),
    Column("counter_speaker", String(200)),
    Column("record", Text, nullable=False),
    Index("ix_disputes_story", "story_id", "seq"),
)

positions = Table(
    "positions", metadata,
    Column("id", String(80), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("party", String(80)),
    Column("issue", String(80)),
    Column("stance", String(20)),
    Column("date", Date),
    Column("article_id", String(64)),
    Column("record", Text, nullable=False),
    Index("ix_positions_issue_date", "issue", "date"),
    Index("ix_positions_party_date", "party", "date"),
)

#: One row whose ``n`` every write transaction increments: readers key cached results
#: (listing totals) on it, so a cache never outlives a write, from any process.
revision = Table(
    "revision", metadata,
    Column("id", Integer, primary_key=True),
    Column("n", Integer, nullable=False),
)

tables = metadata.tables


def _m1_initial(conn: Connection) -> None:
    """Version 1: every table and index above."""
    metadata.create_all(conn, checkfirst=True)


def _m2_revision(conn: Connection) -> None:
    """Version 2: the ``revision`` counter (created by version 1 on new databases)."""
    revision.create(conn, checkfirst=True)
    if conn.execute(select(revision.c.id)).first() is None:
        conn.execute(insert(revision).values(id=1, n=0))


def _m3_article_mentions(conn: Connection) -> None:
    """Version 3: ``article_mentions`` (created by version 1 on new databases); each
    stored article gets the mention its own metadata makes."""
    import json

    article_mentions.create(conn, checkfirst=True)
    a = articles.c
    have = set(conn.execute(select(article_mentions.c.article_id).distinct()).scalars())
    rows = []
    for r in conn.execute(select(a.id, a.outlet, a.url, a.title, a.published, a.source)).all():
        if r.id in have:
            continue
        record = {"kind": "article_mention", "article_id": r.id, "outlet": r.outlet,
                  "url": r.url, "title": r.title,
                  "published": r.published.isoformat() if r.published else None,
                  "source": r.source}
        rows.append({"article_id": r.id, "seq": 0, "outlet": r.outlet, "url": r.url,
                     "published": r.published,
                     "record": json.dumps(record, ensure_ascii=False, separators=(",", ":"))})
        if len(rows) >= 1000:
            conn.execute(insert(article_mentions), rows)
            rows = []
    if rows:
        conn.execute(insert(article_mentions), rows)


#: Ordered migrations: MIGRATIONS[i] brings the schema to version i + 1.
MIGRATIONS: list[Callable[[Connection], None]] = [_m1_initial, _m2_revision,
                                                 _m3_article_mentions]
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    """The schema version of the database (0 when it has no schema yet)."""
    if not conn.dialect.has_table(conn, "schema_version"):
        return 0
    v = conn.execute(select(schema_version.c.version).order_by(
        schema_version.c.version.desc()).limit(1)).scalar()
    return int(v or 0)


def migrate(conn: Connection) -> int:
    """Apply the migrations not yet applied; returns the resulting version."""
    import datetime as _dt

    version = current_version(conn)
    if version == 0:
        schema_version.create(conn, checkfirst=True)
    for number in range(version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[number - 1](conn)
        conn.execute(insert(schema_version).values(
            version=number, applied_at=_dt.datetime.now(_dt.UTC).replace(tzinfo=None)))
    return max(version, SCHEMA_VERSION)
