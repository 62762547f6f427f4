"""The store's listings: keyword-only filters, paging, newest first.

Rows are ``to_dict`` dicts of the stored records; events, quotes and places rows also
carry the ``outlet`` and ``published`` date of their article. The filters are those of
:mod:`detente.store.kinds`, turned into SQL conditions by :mod:`detente.store.where`; a
bad value raises :class:`~detente.errors.QueryError` naming the parameter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, Table, and_, func, literal, select, union_all

from ..errors import QueryError
from . import schema as S
from .codec import loads
from .kinds import KINDS
from .where import (
    MAX_LIMIT,
    MODALITIES,
    PLOVER_TYPES,
    QUOTE_TYPES,
    WhereMixin,
    _iso,
    _page,
    _since_until,
    _text,
    as_date,
)

__all__ = ["MAX_LIMIT", "MODALITIES", "PLOVER_TYPES", "QUOTE_TYPES", "QueryMixin", "as_date"]

#: Listing totals kept per store (see :meth:`QueryMixin.count`).
COUNT_CACHE_SIZE = 512


class QueryMixin(WhereMixin):
    """Listings over :mod:`detente.store.schema` (mixed into :class:`Store`)."""

    def _list(self, table: Table, conds: list[Any], order: list[Any], limit: Any,
              offset: Any, row: Callable[[Any], dict[str, Any]], *cols: Any) -> list[dict[str, Any]]:
        lim, off = _page(limit, offset)
        stmt: Select[Any] = select(*(cols or (table,))).where(and_(True, *conds))
        stmt = stmt.order_by(*order).limit(lim).offset(off)
        with self.engine.connect() as conn:
            return [row(r) for r in conn.execute(stmt)]

    # --- public listings ---------------------------------------------------------------

    def articles(self, *, outlet: str | None = None, since: Any = None, until: Any = None,
                 q: str | None = None, story_id: str | None = None, limit: int = 100,
                 offset: int = 0) -> list[dict[str, Any]]:
        """Articles, newest publication first (undated last)."""
        table, conds = self._where_articles(outlet=outlet, since=since, until=until, q=q,
                                            story_id=story_id)
        a = S.articles.c
        return self._list(table, conds, [a.published.desc().nulls_last(), a.id], limit, offset,
                          _article_row, a.text, a.record, a.notes, a.n_events, a.n_quotes)

    def events(self, *, actor: str | None = None, type: str | None = None,
               outlet: str | None = None, since: Any = None, until: Any = None,
               article_id: str | None = None, modality: str | None = None, limit: int = 100,
               offset: int = 0) -> list[dict[str, Any]]:
        """Events, newest first (by event date, else publication date)."""
        table, conds = self._where_events(actor=actor, type=type, outlet=outlet, since=since,
                                          until=until, article_id=article_id,
                                          modality=modality)
        e = S.events.c
        return self._list(table, conds, [e.day.desc().nulls_last(), e.article_id, e.seq],
                          limit, offset, _with_article, e.record, e.outlet, e.published)

    def quotes(self, *, speaker: str | None = None, actor: str | None = None,
               outlet: str | None = None, since: Any = None, until: Any = None,
               article_id: str | None = None, quote_type: str | None = None,
               limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Quotes, newest publication first; ``quote_type``: direct, indirect or mixed."""
        table, conds = self._where_quotes(speaker=speaker, actor=actor, outlet=outlet,
                                          since=since, until=until, article_id=article_id,
                                          quote_type=quote_type)
        qc = S.quotes.c
        return self._list(table, conds,
                          [qc.published.desc().nulls_last(), qc.article_id, qc.seq],
                          limit, offset, _with_article, qc.record, qc.outlet, qc.published)

    def places(self, *, article_id: str | None = None, limit: int = 100,
               offset: int = 0) -> list[dict[str, Any]]:
        """Places named in articles, newest article first."""
        table, conds = self._where_places(article_id=article_id)
        p, a = S.places.c, S.articles.c
        lim, off = _page(limit, offset)
        stmt = (select(p.record, a.outlet, a.published)
                .join_from(S.places, S.articles, p.article_id == a.id)
                .where(and_(True, *conds))
                .order_by(a.published.desc().nulls_last(), p.article_id, p.seq)
                .limit(lim).offset(off))
        with self.engine.connect() as conn:
            return [_with_article(r) for r in conn.execute(stmt)]

    def stories(self, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Stories in the order the link stage ranked them."""
        c = S.stories.c
        return self._list(S.stories, [], [c.seq], limit, offset, _record, c.record)

    def story(self, story_id: str) -> dict[str, Any] | None:
        """One story, with ``articles``: its members' id, outlet, date, title and url."""
        sid = _text(story_id, "story_id")
        if sid is None:
            return None
        c, a = S.stories.c, S.articles.c
        with self.engine.connect() as conn:
            rec = conn.execute(select(c.record).where(c.id == sid)).scalar()
            if rec is None:
                return None
            out: dict[str, Any] = loads(rec)
            rows = conn.execute(
                select(a.id, a.outlet, a.published, a.title, a.url)
                .where(a.id.in_(select(S.story_articles.c.article_id)
                                .where(S.story_articles.c.story_id == sid)))
                .order_by(a.published.asc().nulls_last(), a.id))
            out["articles"] = [{"id": r.id, "outlet": r.outlet, "published": _iso(r.published),
                                "title": r.title, "url": r.url} for r in rows]
        return out

    def clusters(self, *, story_id: str | None = None, limit: int = 100,
                 offset: int = 0) -> list[dict[str, Any]]:
        table, conds = self._where_clusters(story_id=story_id)
        c = S.clusters.c
        return self._list(table, conds, [c.seq], limit, offset, _record, c.record)

    def disputes(self, *, actor: str | None = None, story_id: str | None = None,
                 limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        table, conds = self._where_disputes(actor=actor, story_id=story_id)
        d = S.disputes.c
        return self._list(table, conds, [d.seq], limit, offset, _record, d.record)

    def positions(self, *, issue: str | None = None, party: str | None = None,
                  since: Any = None, until: Any = None, limit: int = 100,
                  offset: int = 0) -> list[dict[str, Any]]:
        """Positions, newest first."""
        table, conds = self._where_positions(issue=issue, party=party, since=since,
                                             until=until)
        p = S.positions.c
        return self._list(table, conds, [p.date.desc().nulls_last(), p.seq], limit, offset,
                          _record, p.record)

    def count(self, kind: str, **filters: Any) -> int:
        """The number of rows ``kind`` (``articles``, ``events``, ...) lists with these
        filters (``limit``/``offset`` are ignored).

        Totals are cached per store revision (every write increments it, whichever process
        writes), so paging through a listing or many readers of one listing count once.
        """
        if kind not in KINDS:
            raise QueryError(f"parameter 'kind': {kind!r} is not one of {', '.join(KINDS)}")
        filters.pop("limit", None)
        filters.pop("offset", None)
        try:
            table, conds = getattr(self, f"_where_{kind}")(**filters)
        except TypeError as exc:
            raise QueryError(f"parameter for {kind}: {exc}") from exc
        stmt = select(func.count()).select_from(table).where(and_(True, *conds))
        with self.engine.connect() as conn:
            rev = conn.execute(select(S.revision.c.n).where(S.revision.c.id == 1)).scalar()
            key = (rev, kind, tuple(sorted((k, str(v)) for k, v in filters.items()
                                           if v is not None)))
            cache = self._count_cache()
            if rev is not None and key in cache:
                return cache[key]
            n = int(conn.execute(stmt).scalar() or 0)
        if rev is not None:
            if len(cache) >= COUNT_CACHE_SIZE:
                cache.clear()  # simplest bound; a new revision makes old keys dead anyway
            cache[key] = n
        return n

    def _count_cache(self) -> dict[tuple[Any, ...], int]:
        cache: dict[tuple[Any, ...], int] | None = self.__dict__.get("_counts")
        if cache is None:
            cache = self.__dict__.setdefault("_counts", {})
        return cache

    # --- aggregates --------------------------------------------------------------------

    def event_counts_by_day(self, *, since: Any = None,
                            until: Any = None) -> list[dict[str, Any]]:
        """Events per day and PLOVER type: ``day, plover_type, quad_class, n,
        goldstein_mean`` (oldest day first; undated events left out)."""
        e = S.events.c
        conds = [e.day.is_not(None), *_since_until(e.day, since, until)]
        stmt = (select(e.day, e.plover_type, e.quad_class, func.count().label("n"),
                       func.avg(e.goldstein).label("g"))
                .where(and_(*conds))
                .group_by(e.day, e.plover_type, e.quad_class)
                .order_by(e.day, e.plover_type))
        with self.engine.connect() as conn:
            return [{"day": _iso(r.day), "plover_type": r.plover_type,
                     "quad_class": r.quad_class, "n": int(r.n),
                     "goldstein_mean": None if r.g is None else round(float(r.g), 3)}
                    for r in conn.execute(stmt)]

    def top_dyads(self, *, limit: int = 10, since: Any = None,
                  until: Any = None) -> list[dict[str, Any]]:
        """The most frequent (source code, target code) pairs over events (dated from
        ``since`` to ``until`` when given, as :meth:`event_counts_by_day`)."""
        lim, _ = _page(limit, 0)
        s, t = S.event_actors.alias("s"), S.event_actors.alias("t")
        n = func.count(func.distinct(s.c.event_pk)).label("n")
        conds: list[Any] = [s.c.code != t.c.code]
        if period := _since_until(S.events.c.day, since, until):
            conds.append(s.c.event_pk.in_(select(S.events.c.pk).where(and_(*period))))
        stmt = (select(s.c.code, t.c.code, n)
                .join_from(s, t, and_(s.c.event_pk == t.c.event_pk, s.c.role == "source",
                                      t.c.role == "target"))
                .where(and_(*conds))
                .group_by(s.c.code, t.c.code)
                .order_by(n.desc(), s.c.code, t.c.code).limit(lim))
        with self.engine.connect() as conn:
            return [{"source": r[0], "target": r[1], "n": int(r[2])}
                    for r in conn.execute(stmt)]

    def actors(self, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Actors (code and person) by activity: events they take part in plus quotes."""
        lim, off = _page(limit, offset)
        ea, qc = S.event_actors.c, S.quotes.c
        both = union_all(
            select(ea.code.label("code"), ea.person.label("person"),
                   literal(1).label("ev"), literal(0).label("qu")),
            select(qc.speaker_code.label("code"), qc.speaker_person.label("person"),
                   literal(0).label("ev"), literal(1).label("qu"))
            .where(qc.speaker_code.is_not(None)),
        ).subquery()
        n_ev = func.sum(both.c.ev).label("n_events")
        n_qu = func.sum(both.c.qu).label("n_quotes")
        stmt = (select(both.c.code, both.c.person, n_ev, n_qu)
                .group_by(both.c.code, both.c.person)
                .order_by((n_ev + n_qu).desc(), both.c.code, both.c.person.nulls_first())
                .limit(lim).offset(off))
        with self.engine.connect() as conn:
            return [{"code": r.code, "person": r.person, "n_events": int(r.n_events or 0),
                     "n_quotes": int(r.n_quotes or 0)} for r in conn.execute(stmt)]


def _record(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = loads(row.record)
    return out


def _with_article(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = loads(row.record)
    out["outlet"] = row.outlet
    out["published"] = _iso(row.published)
    return out


def _article_row(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = loads(row.record)
    out["text"] = row.text
    out["notes"] = loads(row.notes) or []
    out["n_events"] = row.n_events
    out["n_quotes"] = row.n_quotes
    # Keep the to_dict key order: kind, id, text, ...
    order = ["kind", "id", "text"]
    return {**{k: out[k] for k in order if k in out},
            **{k: v for k, v in out.items() if k not in order}}
