"""The :class:`Store`: writing coded articles and link results, rebuilding records.

Listings (``articles``, ``events``, ...) live in :mod:`detente.store.queries`.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from .. import records as R
from ..errors import StoreError
from ..extract.coref.chains import build_chains
from . import schema as S
from .codec import dumps, from_dict, loads
from .engine import make_engine
from .queries import QueryMixin, as_date

__all__ = ["Store", "open_store"]

_ITER_CHUNK = 64  # articles rebuilt per round trip by iter_coded


def _code(actor: R.ActorRef | None) -> str | None:
    return actor.code if actor is not None else None


def _person(actor: R.ActorRef | None) -> str | None:
    return actor.person if actor is not None else None


def _as_dict(record: Any) -> dict[str, Any]:
    if isinstance(record, dict):
        return record
    return R.to_dict(record)


class Store(QueryMixin):
    """A detente database (SQLite or PostgreSQL). Open with :func:`open_store`."""

    def __init__(self, url: str | Path | None = None, *, create: bool = True) -> None:
        self.engine, self.url = make_engine(url, create=create)
        try:
            with self.engine.begin() as conn:
                version = S.current_version(conn)
                if version > S.SCHEMA_VERSION:
                    raise StoreError(f"database schema version {version} is newer than this "
                                     f"detente ({S.SCHEMA_VERSION}): upgrade detente",
                                     source=self.url)
                if version < S.SCHEMA_VERSION:
                    if not create and version == 0:
                        raise StoreError("not a detente database (no schema)", source=self.url)
                    S.migrate(conn)
        except StoreError:
            self.engine.dispose()
            raise
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise StoreError(f"cannot open database: {_first_line(exc)}",
                             source=self.url) from exc

    # --- lifecycle -----------------------------------------------------------------------

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    # --- writing -------------------------------------------------------------------------

    def save(self, coded: R.CodedArticle) -> bool:
        """Store one coded article in one transaction. False when it was already stored."""
        art = coded.article
        try:
            with self.engine.begin() as conn:
                exists = conn.execute(
                    select(S.articles.c.id).where(S.articles.c.id == art.id)).first()
                if exists:
                    return False
                self._insert_coded(conn, coded)
                _bump_revision(conn)
        except IntegrityError:
            # Another process stored the same article between our check and insert.
            return False
        except OperationalError as exc:
            raise StoreError(f"cannot write article {art.id}: {_first_line(exc)}",
                             source=self.url) from exc
        return True

    def _insert_coded(self, conn: Connection, coded: R.CodedArticle) -> None:
        art = coded.article
        aid = art.id
        record = R.to_dict(art)
        record.pop("text", None)  # kept once, in the text column
        conn.execute(insert(S.articles).values(
            id=aid, outlet=art.outlet, published=art.published, title=art.title, url=art.url,
            language=art.language, source=art.source, text=art.text,
            notes=dumps(list(coded.notes)), record=dumps(record),
            stored_at=_dt.datetime.now(_dt.UTC).replace(tzinfo=None),
            n_events=len(coded.events), n_quotes=len(coded.quotes),
        ))

        def spans(table: Any, recs: Sequence[Any], **extra: Any) -> None:
            if not recs:
                return
            rows = []
            for i, r in enumerate(recs):
                row = {"article_id": aid, "seq": i, "start": r.start, "end": r.end,
                       "record": dumps(R.to_dict(r))}
                row.update({k: f(r) for k, f in extra.items()})
                rows.append(row)
            conn.execute(insert(table), rows)

        own = coded.article_mentions or (R.ArticleMention.of(art),)
        conn.execute(insert(S.article_mentions), [
            {"article_id": aid, "seq": i, "outlet": m.outlet, "url": m.url,
             "published": m.published, "record": dumps(R.to_dict(m))}
            for i, m in enumerate(own)])
        spans(S.noise, art.noise, label=lambda r: r.label)
        spans(S.mentions, coded.mentions, label=lambda r: r.label, code=lambda r: _code(r.actor))
        spans(S.dates, coded.dates, value=lambda r: r.value)
        spans(S.places, coded.places, name=lambda r: r.name, country=lambda r: r.country,
              lat=lambda r: r.lat, lon=lambda r: r.lon)
        if coded.quotes:
            conn.execute(insert(S.quotes), [
                {"article_id": aid, "id": q.id, "seq": i, "start": q.start, "end": q.end,
                 "speaker_person": _person(q.speaker), "speaker_code": _code(q.speaker),
                 "speaker_text": q.speaker_text, "quote_type": q.quote_type,
                 "outlet": art.outlet, "published": art.published,
                 "record": dumps(R.to_dict(q))}
                for i, q in enumerate(coded.quotes)])
        if coded.claims:
            conn.execute(insert(S.claims), [
                {"article_id": aid, "quote_id": c.quote_id, "seq": i,
                 "record": dumps(R.to_dict(c))}
                for i, c in enumerate(coded.claims)])
        if coded.events:
            rows = [
                {"article_id": aid, "id": e.id, "seq": i, "plover_type": e.plover_type,
                 "quad_class": e.quad_class, "goldstein": e.goldstein, "modality": e.modality,
                 "day": e.date or art.published, "outlet": art.outlet,
                 "published": art.published, "record": dumps(R.to_dict(e))}
                for i, e in enumerate(coded.events)]
            result = conn.execute(
                insert(S.events).returning(S.events.c.pk, sort_by_parameter_order=True), rows)
            pks = [row[0] for row in result]
            actor_rows = []
            for pk, e in zip(pks, coded.events, strict=True):
                for role, refs in (("source", e.source), ("target", e.target)):
                    for ref in refs:
                        if ref.code:
                            actor_rows.append({"event_pk": pk, "role": role,
                                               "code": ref.code, "person": ref.person})
            if actor_rows:
                conn.execute(insert(S.event_actors), actor_rows)

    def add_mention(self, mention: R.ArticleMention) -> bool:
        """Record that another outlet, URL or date carried a stored article's text (a wire
        copy). False when the article is not stored or the mention is already known (same
        outlet, URL and date). The article's empty metadata (outlet, URL, title, date) is
        filled from the mention, never overwritten: what was given first wins, but an
        empty first copy does not hide what a later copy gives.
        """
        m = mention
        key = (m.outlet, m.url, m.published)
        t = S.article_mentions
        try:
            with self.engine.begin() as conn:
                a = S.articles
                head = conn.execute(select(a.c.outlet, a.c.url, a.c.title, a.c.published,
                                           a.c.record).where(a.c.id == m.article_id)).first()
                if head is None:
                    return False
                known = conn.execute(select(t.c.pk, t.c.outlet, t.c.url, t.c.published)
                                     .where(t.c.article_id == m.article_id)
                                     .order_by(t.c.seq)).all()
                if any((k.outlet, k.url, k.published) == key for k in known):
                    return False
                if known and all(v is None for v in key):
                    return False  # a copy with no outlet, URL or date adds nothing
                row = {"outlet": m.outlet, "url": m.url, "published": m.published,
                       "record": dumps(R.to_dict(m))}
                bare = next((k.pk for k in known
                             if k.outlet is None and k.url is None and k.published is None), None)
                if bare is not None and any(v is not None for v in key):
                    # A copy with no metadata at all says nothing a real mention does not.
                    conn.execute(update(t).where(t.c.pk == bare).values(**row))
                else:
                    seq = len(known)
                    conn.execute(insert(t).values(article_id=m.article_id, seq=seq, **row))
                self._fill_article(conn, head, m)
                _bump_revision(conn)
        except OperationalError as exc:
            raise StoreError(f"cannot write a mention of article {m.article_id}: "
                             f"{_first_line(exc)}", source=self.url) from exc
        return True

    def _fill_article(self, conn: Connection, head: Any, m: R.ArticleMention) -> None:
        # The article's empty fields from the mention; rows that copy the article's outlet
        # and date (events, quotes) follow where they were empty too.
        fill = {f: getattr(m, f) for f in ("outlet", "url", "title", "published")
                if getattr(head, f) is None and getattr(m, f) is not None}
        if not fill:
            return
        record = loads(head.record) or {}
        record.update({k: v.isoformat() if isinstance(v, _dt.date) else v
                       for k, v in fill.items()})
        a = S.articles
        conn.execute(update(a).where(a.c.id == m.article_id).values(**fill, record=dumps(record)))
        for table in (S.events, S.quotes):
            for col in ("outlet", "published"):
                if col in fill:
                    conn.execute(update(table).where(table.c.article_id == m.article_id,
                                                     table.c[col].is_(None))
                                 .values({col: fill[col]}))
        if "published" in fill:
            e = S.events
            conn.execute(update(e).where(e.c.article_id == m.article_id, e.c.day.is_(None))
                         .values(day=fill["published"]))

    def article_mentions(self, article_id: str) -> list[dict[str, Any]]:
        """Every outlet, URL and date that carried the article's text, in the order read."""
        t = S.article_mentions
        with self.engine.connect() as conn:
            return [loads(r) for r in conn.execute(
                select(t.c.record).where(t.c.article_id == article_id).order_by(t.c.seq))
                .scalars()]

    def mention_outlets(self) -> dict[str, list[tuple[str | None, str | None]]]:
        """``(outlet, url)`` of every copy, by article id, for the articles carried more
        than once (wire copies); exports and outlet comparisons count each copy."""
        t = S.article_mentions
        with self.engine.connect() as conn:
            many = select(t.c.article_id).group_by(t.c.article_id).having(
                func.count() > 1).scalar_subquery()
            rows = conn.execute(select(t.c.article_id, t.c.outlet, t.c.url)
                                .where(t.c.article_id.in_(many))
                                .order_by(t.c.article_id, t.c.seq)).all()
        out: dict[str, list[tuple[str | None, str | None]]] = defaultdict(list)
        for aid, outlet, url in rows:
            out[aid].append((outlet, url))
        return dict(out)

    def replace_links(
        self,
        *,
        stories: Iterable[R.Story | dict[str, Any]] = (),
        clusters: Iterable[R.EventCluster | dict[str, Any]] = (),
        disputes: Iterable[R.Dispute | dict[str, Any]] = (),
        positions: Iterable[R.Position | dict[str, Any]] = (),
    ) -> None:
        """Replace every previous link result with these, in one transaction."""
        st = [_as_dict(s) for s in stories]
        cl = [_as_dict(c) for c in clusters]
        di = [_as_dict(d) for d in disputes]
        po = [_as_dict(p) for p in positions]
        try:
            with self.engine.begin() as conn:
                for table in (S.story_articles, S.stories, S.clusters, S.disputes,
                              S.positions):
                    conn.execute(delete(table))
                _bump_revision(conn)
                if st:
                    conn.execute(insert(S.stories), [
                        {"id": s["id"], "seq": i, "n_articles": s.get("n_articles"),
                         "first_reported": as_date(s.get("first_reported"), "first_reported"),
                         "last_reported": as_date(s.get("last_reported"), "last_reported"),
                         "record": dumps(s)} for i, s in enumerate(st)])
                    links = [{"story_id": s["id"], "article_id": a}
                             for s in st for a in s.get("article_ids") or ()]
                    if links:
                        conn.execute(insert(S.story_articles), links)
                if cl:
                    conn.execute(insert(S.clusters), [
                        {"id": c["id"], "seq": i, "story_id": c.get("story_id"),
                         "plover_type": c.get("plover_type"), "record": dumps(c)}
                        for i, c in enumerate(cl)])
                if di:
                    conn.execute(insert(S.disputes), [
                        {"id": d["id"], "seq": i, "story_id": d.get("story_id"),
                         "claim_code": (d.get("claim") or {}).get("actor_code"),
                         "counter_code": (d.get("counter") or {}).get("actor_code"),
                         "claim_speaker": (d.get("claim") or {}).get("speaker"),
                         "counter_speaker": (d.get("counter") or {}).get("speaker"),
                         "record": dumps(d)} for i, d in enumerate(di)])
                if po:
                    conn.execute(insert(S.positions), [
                        {"id": p["id"], "seq": i, "party": p.get("party"),
                         "issue": p.get("issue"), "stance": p.get("stance"),
                         "date": as_date(p.get("date"), "date"),
                         "article_id": p.get("article_id"), "record": dumps(p)}
                        for i, p in enumerate(po)])
        except IntegrityError as exc:
            raise StoreError(f"link results have duplicate ids: {_first_line(exc)}",
                             source=self.url) from exc

    # --- reading whole records -----------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(
                select(S.articles.c.id).where(S.articles.c.id == article_id)).first() is not None

    def article_ids(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.execute(select(S.articles.c.id)).scalars())

    def find_article_ids(self, prefix: str, *, limit: int = 10) -> list[str]:
        """Ids starting with ``prefix`` (for commands that accept an id prefix)."""
        col = S.articles.c.id
        with self.engine.connect() as conn:
            return list(conn.execute(select(col).where(col.startswith(prefix, autoescape=True))
                                     .order_by(col).limit(limit)).scalars())

    def coded(self, article_id: str) -> R.CodedArticle | None:
        """The stored article with everything coded from it, rebuilt exactly."""
        if not isinstance(article_id, str) or not article_id:
            return None
        found = list(self._rebuild([article_id]))
        return found[0] if found else None

    def iter_coded(
        self,
        *,
        since: _dt.date | str | None = None,
        until: _dt.date | str | None = None,
        article_ids: Iterable[str] | None = None,
    ) -> Iterator[R.CodedArticle]:
        """Stored articles rebuilt, streaming, oldest publication first (then by id).

        ``since``/``until`` filter on the publication date (inclusive); undated articles
        are included only when neither is given.
        """
        a = S.articles.c
        stmt = select(a.id)
        s, u = as_date(since, "since"), as_date(until, "until")
        if s is not None:
            stmt = stmt.where(a.published >= s)
        if u is not None:
            stmt = stmt.where(a.published <= u)
        wanted = None if article_ids is None else set(article_ids)
        stmt = stmt.order_by(a.published.asc().nulls_first(), a.id)
        with self.engine.connect() as conn:
            ids = [i for i in conn.execute(stmt).scalars() if wanted is None or i in wanted]
        for k in range(0, len(ids), _ITER_CHUNK):
            yield from self._rebuild(ids[k:k + _ITER_CHUNK])

    def _rebuild(self, ids: list[str]) -> Iterator[R.CodedArticle]:
        if not ids:
            return
        with self.engine.connect() as conn:
            a = S.articles
            heads = {r.id: r for r in conn.execute(
                select(a.c.id, a.c.text, a.c.notes, a.c.record).where(a.c.id.in_(ids)))}
            parts: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
            for name, table in (("noise", S.noise), ("article_mentions", S.article_mentions),
                                ("mentions", S.mentions),
                                ("dates", S.dates), ("places", S.places),
                                ("quotes", S.quotes), ("claims", S.claims),
                                ("events", S.events)):
                rows = conn.execute(select(table.c.article_id, table.c.record)
                                    .where(table.c.article_id.in_(ids))
                                    .order_by(table.c.article_id, table.c.seq))
                for aid, rec in rows:
                    parts[aid][name].append(loads(rec))
        for aid in ids:
            head = heads.get(aid)
            if head is None:
                continue
            art = loads(head.record)
            art["text"] = head.text
            p = parts.get(aid, {})
            art["noise"] = p.get("noise", [])
            data = {"article": art, "notes": loads(head.notes) or []}
            for name in ("mentions", "dates", "places", "quotes", "claims", "events",
                         "article_mentions"):
                data[name] = p.get(name, [])
            coded = from_dict(R.CodedArticle, data)
            # coreference chains follow from the stored mentions' antecedents
            chains = build_chains(coded.mentions, article_id=aid)
            yield dataclasses.replace(coded, chains=tuple(chains)) if chains else coded


def _bump_revision(conn: Connection) -> None:
    # Inside the writing transaction: the new revision is visible exactly when the rows are.
    conn.execute(update(S.revision).where(S.revision.c.id == 1)
                 .values(n=S.revision.c.n + 1))


def _first_line(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]


def open_store(url: str | Path | None = None, *, create: bool = True) -> Store:
    """Open (and create or migrate) the store at ``url``.

    ``None`` -> ``$DETENTE_DB`` or ``sqlite:///detente.db``; a bare path -> a SQLite file;
    ``sqlite:///...`` and ``postgresql://...`` URLs. ``create=False`` refuses to create a
    database that does not exist yet.
    """
    return Store(url, create=create)

