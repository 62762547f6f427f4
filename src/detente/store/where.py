"""The store's filter conditions: each listed kind's filters as SQL conditions.

Every filter value is checked here (dates by :func:`detente.timeparse.parse_iso_date`,
choices against :mod:`detente.store.kinds`) and passed to SQL as a bound parameter; a bad
one raises :class:`~detente.errors.QueryError` naming the parameter. The listings that use
these conditions are in :mod:`detente.store.queries`.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, or_, select
from sqlalchemy.engine import Engine

from ..errors import QueryError
from ..timeparse import parse_iso_date
from . import kinds as K
from . import schema as S

__all__ = ["MAX_LIMIT", "MODALITIES", "PLOVER_TYPES", "QUOTE_TYPES", "WhereMixin", "as_date"]

#: Largest page one call returns (walk further with ``offset``).
MAX_LIMIT = 100_000
PLOVER_TYPES = frozenset(K.PLOVER_TYPES)
MODALITIES = frozenset(K.MODALITIES)
QUOTE_TYPES = frozenset(K.QUOTE_TYPES)


# --- validation -------------------------------------------------------------------------


def as_date(value: Any, name: str) -> _dt.date | None:
    """A date from a date, datetime or ISO string; QueryError naming ``name`` otherwise
    (:func:`detente.timeparse.parse_iso_date`)."""
    return parse_iso_date(value, name=f"parameter {name!r}")


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


class WhereMixin:
    """Each ``_where_<kind>`` returns (table, conditions) for the kind's filters."""

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
