"""The store's listings: keyword-only filters, paging, newest first.

Rows are ``to_dict`` dicts of the stored records; events, quotes and places rows also
carry the ``outlet`` and ``published`` date of their article. Every filter value is
checked here and passed to SQL as a bound parameter; a bad one raises
:class:`~detente.errors.QueryError` naming the parameter.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, and_, func, literal, or_, select, union_all
from sqlalchemy.engine import Engine

from ..errors import QueryError
from . import schema as S
from .codec import loads

__all__ = ["MAX_LIMIT", "PLOVER_TYPES", "QueryMixin", "as_date"]

#: Largest page one call returns (walk further with ``offset``).
MAX_LIMIT = 100_000
PLOVER_TYPES = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
})
MODALITIES = frozenset({"asserted", "reported", "intended", "conditional", "negated",
                        "hypothetical", "denied"})
QUOTE_TYPES = frozenset({"direct", "indirect", "mixed"})
KINDS = ("articles", "events", "quotes", "places", "stories", "clusters", "disputes",
         "positions")


# --- validation -------------------------------------------------------------------------


def as_date(value: Any, name: str) -> _dt.date | None:
    """A date from a date, datetime or ISO string; QueryError naming ``name`` otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        # A date, or a timestamp's date ("2022-04-22T10:00:00Z"); nothing else after it.
        if len(text) == 10 or (len(text) > 10 and text[10] in "T "):
            try:
                return _dt.date.fromisoformat(text[:10])
            except ValueError:
                pass
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "…"
    raise QueryError(f"parameter {name!r}: {shown} is not a date: expected YYYY-MM-DD")


def _text(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise QueryError(f"parameter {name!r}: expected text, got {type(value).__name__}")
    value = value.strip()
    if not value:
        return None
    if len(value) > 500 or any(ord(ch) < 32 for ch in value):
        # NUL and control characters break PostgreSQL text parameters; none has a use.
        raise QueryError(f"parameter {name!r}: too long or contains control characters")
    return value


def _page(limit: Any, offset: Any) -> tuple[int, int]:
    for name, v, lo in (("limit", limit, 1), ("offset", offset, 0)):
        if isinstance(v, bool) or not isinstance(v, int):
            raise QueryError(f"parameter {name!r}: expected an integer, got {v!r}")
        if v < lo:
            raise QueryError(f"parameter {name!r}: must be at least {lo}, got {v}")
    if limit > MAX_LIMIT:
        raise QueryError(f"parameter 'limit': at most {MAX_LIMIT}, got {limit}")
    if offset > 10**12:
        raise QueryError(f"parameter 'offset': too large ({offset})")
    return limit, offset


#: Listing totals kept per store (see :meth:`QueryMixin.count`).
COUNT_CACHE_SIZE = 512


def _code_match(col: Any, value: str, *, binary: bool = False) -> ColumnElement[bool]:
    # A code prefix on a word boundary: RUS matches "RUS" and "RUS GOV", not "RUSX".
    # ``binary`` (SQLite: byte-order comparison): the prefix is a range, "RUS " <= code <
    # "RUS!" ("!" follows the space), which the index on the code answers; SQLite's LIKE
    # is case-insensitive and scans. PostgreSQL keeps LIKE: under a locale collation the
    # range would be wrong (spaces and punctuation are ignored at the first level).
    code = value.upper()
    if binary:
        return or_(col == code, and_(col >= code + " ", col < code + "!"))
    return or_(col == code, col.startswith(code + " ", autoescape=True))


#: An actor filter written as a code ("RUS", "RUS GOV", "NATO", "UKR MIL") matches codes
#: only; anything else ("Lavrov", "zelensky") is also looked up in person names.
_CODE_LIKE = re.compile(r"[A-Z]{2,6}(?: [A-Z]{2,6})*")


def _actor_match(code_col: Any, person_col: Any, value: str, *,
                 binary: bool = False) -> ColumnElement[bool]:
    if _CODE_LIKE.fullmatch(value):
        # A substring scan over every person name costs a full table scan; an upper-case
        # code never means "a person whose name contains RUS".
        return _code_match(code_col, value, binary=binary)
    return or_(_code_match(code_col, value, binary=binary),
               person_col.ilike(f"%{_escape(value)}%", escape="\\"))


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, _dt.date) else value


def _since_until(col: Any, since: Any, until: Any) -> list[ColumnElement[bool]]:
    conds = []
    s, u = as_date(since, "since"), as_date(until, "until")
    if s is not None:
        conds.append(col >= s)
    if u is not None:
        conds.append(col <= u)
    return conds


# --- the listings -----------------------------------------------------------------------


class QueryMixin:
    """Listings over :mod:`detente.store.schema` (mixed into :class:`Store`)."""

    engine: Engine

    @property
    def _binary(self) -> bool:
        """True where text compares byte by byte (SQLite), so code prefixes are ranges."""
        return bool(self.engine.dialect.name == "sqlite")

    # Each _where_<kind> returns (table, conditions) for the same filters as the listing.

    def _where_articles(self, *, outlet: Any = None, since: Any = None, until: Any = None,
                        q: Any = None, story_id: Any = None) -> tuple[Table, list[Any]]:
        a = S.articles.c
        conds = _since_until(a.published, since, until)
        if (o := _text(outlet, "outlet")) is not None:
            conds.append(a.outlet == o)
        if (t := _text(q, "q")) is not None:
            conds.append(a.text.ilike(f"%{_escape(t)}%", escape="\\"))
        if (sid := _text(story_id, "story_id")) is not None:
            conds.append(a.id.in_(select(S.story_articles.c.article_id)
                                  .where(S.story_articles.c.story_id == sid)))
        return S.articles, conds

    def _where_events(self, *, actor: Any = None, type: Any = None, outlet: Any = None,
                      since: Any = None, until: Any = None, article_id: Any = None,
                      modality: Any = None) -> tuple[Table, list[Any]]:
        e = S.events.c
        conds = _since_until(e.day, since, until)
        if (act := _text(actor, "actor")) is not None:
            ea = S.event_actors.c
            # EXISTS, probed per event while the date index is walked newest-first: a page
            # of an actor present in many events is found after a few hundred probes
            # (0.7 ms on 20,000 events), where an IN list would first collect and sort
            # every matching event (16 ms). Rare actors cost a walk of the date range.
            conds.append(select(ea.event_pk)
                         .where(ea.event_pk == e.pk,
                                _actor_match(ea.code, ea.person, act, binary=self._binary))
                         .exists())
        if (t := _text(type, "type")) is not None:
            t = t.upper()
            if t not in PLOVER_TYPES:
                raise QueryError(f"parameter 'type': {t!r} is not a PLOVER type "
                                 f"({', '.join(sorted(PLOVER_TYPES))})")
            conds.append(e.plover_type == t)
        if (o := _text(outlet, "outlet")) is not None:
            conds.append(e.outlet == o)
        if (aid := _text(article_id, "article_id")) is not None:
            conds.append(e.article_id == aid)
        if (m := _text(modality, "modality")) is not None:
            if m not in MODALITIES:
                raise QueryError(f"parameter 'modality': {m!r} is not one of "
                                 f"{', '.join(sorted(MODALITIES))}")
            conds.append(e.modality == m)
        return S.events, conds

    def _where_quotes(self, *, speaker: Any = None, actor: Any = None, outlet: Any = None,
                      since: Any = None, until: Any = None, article_id: Any = None,
                      quote_type: Any = None) -> tuple[Table, list[Any]]:
        qc = S.quotes.c
        conds = _since_until(qc.published, since, until)
        if (sp := _text(speaker, "speaker")) is not None:
            pat = f"%{_escape(sp)}%"
            conds.append(or_(qc.speaker_person.ilike(pat, escape="\\"),
                             qc.speaker_text.ilike(pat, escape="\\")))
        if (act := _text(actor, "actor")) is not None:
            conds.append(_actor_match(qc.speaker_code, qc.speaker_person, act,
                                      binary=self._binary))
        if (o := _text(outlet, "outlet")) is not None:
            conds.append(qc.outlet == o)
        if (aid := _text(article_id, "article_id")) is not None:
            conds.append(qc.article_id == aid)
        if (qt := _text(quote_type, "quote_type")) is not None:
            if qt not in QUOTE_TYPES:
                raise QueryError(f"parameter 'quote_type': {qt!r} is not one of "
                                 f"{', '.join(sorted(QUOTE_TYPES))}")
            conds.append(qc.quote_type == qt)
        return S.quotes, conds

    def _where_places(self, *, article_id: Any = None) -> tuple[Table, list[Any]]:
        conds = []
        if (aid := _text(article_id, "article_id")) is not None:
            conds.append(S.places.c.article_id == aid)
        return S.places, conds

    def _where_stories(self, *, since: Any = None,
                       until: Any = None) -> tuple[Table, list[Any]]:
        # A story is in a period when it was reported during it (its span overlaps).
        c = S.stories.c
        s, u = as_date(since, "since"), as_date(until, "until")
        conds = []
        if s is not None:
            conds.append(c.last_reported >= s)
        if u is not None:
            conds.append(c.first_reported <= u)
        return S.stories, conds

    def _where_clusters(self, *, story_id: Any = None) -> tuple[Table, list[Any]]:
        conds = []
        if (sid := _text(story_id, "story_id")) is not None:
            conds.append(S.clusters.c.story_id == sid)
        return S.clusters, conds

    def _where_disputes(self, *, actor: Any = None, story_id: Any = None, since: Any = None,
                        until: Any = None) -> tuple[Table, list[Any]]:
        d = S.disputes.c
        conds = []
        lo, hi = as_date(since, "since"), as_date(until, "until")
        if lo is not None or hi is not None:
            # In a period when either side was said during it. The sides' dates live in
            # the stored record only (no column), read with the database's JSON functions.
            sides = []
            for side in ("claim", "counter"):
                day = _json_date(d.record, side, sqlite=self._binary)
                sides.append(and_(day.is_not(None),
                                  *([day >= lo.isoformat()] if lo else []),
                                  *([day <= hi.isoformat()] if hi else [])))
            conds.append(or_(*sides))
        if (act := _text(actor, "actor")) is not None:
            pat = f"%{_escape(act)}%"
            conds.append(or_(_code_match(d.claim_code, act, binary=self._binary),
                             _code_match(d.counter_code, act, binary=self._binary),
                             d.claim_speaker.ilike(pat, escape="\\"),
                             d.counter_speaker.ilike(pat, escape="\\")))
        if (sid := _text(story_id, "story_id")) is not None:
            conds.append(d.story_id == sid)
        return S.disputes, conds

    def _where_positions(self, *, issue: Any = None, party: Any = None, since: Any = None,
                         until: Any = None) -> tuple[Table, list[Any]]:
        p = S.positions.c
        conds = _since_until(p.date, since, until)
        if (i := _text(issue, "issue")) is not None:
            conds.append(p.issue == i)
        if (pa := _text(party, "party")) is not None:
            conds.append(_code_match(p.party, pa, binary=self._binary))
        return S.positions, conds

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


def _json_date(record: Any, side: str, *, sqlite: bool) -> Any:
    """``record[side]["date"]`` of a JSON text column, as an ISO date string (compared as
    text: ISO dates sort as dates)."""
    from sqlalchemy import JSON, cast, type_coerce

    # SQLite stores JSON as text and reads it with json_extract; PostgreSQL needs the
    # text cast to json first (SQLite's CAST would turn the text into a number).
    doc = type_coerce(record, JSON) if sqlite else cast(record, JSON)
    return doc[(side, "date")].as_string()


def _escape(text: str) -> str:
    # LIKE wildcards in user text are matched literally.
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


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
