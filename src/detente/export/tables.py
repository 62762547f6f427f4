"""Flat rows for CSV and Parquet, and the rows of each exportable kind in a store.

Flattening is driven by the record classes' type hints, so every row of a kind has the
same columns: an :class:`ActorRef` becomes its ``code`` plus a ``<field>_person`` column;
a tuple of actors becomes codes joined with ``|`` plus ``<field>_persons``; a tuple of
strings is joined with ``; ``; anything else nested (places, dispute sides, event ids)
becomes a JSON string.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import types
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any, get_args, get_origin

from .. import records as R
from ..errors import QueryError
from .jsonl import record_json

__all__ = ["KIND_CLASSES", "KINDS", "columns", "flatten", "iter_rows"]

#: Exportable kinds (plural, as in the CLI) -> record class.
KIND_CLASSES: dict[str, type] = {
    "articles": R.Article, "noise": R.NoiseSpan, "mentions": R.Mention, "dates": R.DateRef,
    "places": R.Place, "quotes": R.Quote, "claims": R.Claim, "events": R.Event,
    "stories": R.Story, "clusters": R.EventCluster, "disputes": R.Dispute,
    "positions": R.Position,
}
KINDS = tuple(KIND_CLASSES)
_PER_ARTICLE = {"articles", "noise", "mentions", "dates", "places", "quotes", "claims",
                "events"}
_HEAD = ["kind", "article_id", "start", "end"]
_EXTRA = ["outlet", "published"]  # the article's, on every per-article row
_JOIN = "|"


def _strip_optional(tp: Any) -> Any:
    if get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


@cache
def _plan(kind: str) -> tuple[tuple[str, str], ...]:
    """(field, how) for each field of the kind's record: how is scalar, actor, actors,
    strings or json."""
    cls = KIND_CLASSES[kind]
    hints = typing.get_type_hints(cls)
    plan = []
    for f in dataclasses.fields(cls):
        if f.name == "kind":
            continue
        tp = _strip_optional(hints[f.name])
        how = "scalar"
        if tp is R.ActorRef:
            how = "actor"
        elif get_origin(tp) is tuple:
            inner = get_args(tp)[0]
            if inner is R.ActorRef:
                how = "actors"
            elif inner is str and get_args(tp)[-1] is Ellipsis:
                how = "strings"
            else:
                how = "json"
        elif dataclasses.is_dataclass(tp):
            how = "json"
        plan.append((f.name, how))
    return tuple(plan)


def columns(kind: str) -> list[str]:
    """The flat column names of ``kind``, in order."""
    cols = list(_HEAD) if kind in _PER_ARTICLE else ["kind"]
    for name, how in _plan(kind):
        if name in cols:
            continue
        if kind == "articles" and name == "text":
            cols.append(name)
            continue
        cols.append(name)
        if how == "actor":
            cols.append(f"{name}_person")
        elif how == "actors":
            cols.append(f"{name}_persons")
    if kind in _PER_ARTICLE:
        cols += [c for c in _EXTRA if c not in cols]
    return cols


def flatten(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    """One JSON-shaped row of ``kind`` as a flat dict of scalars (see module doc)."""
    out: dict[str, Any] = {k: row.get(k) for k in _HEAD if k in row}
    out.setdefault("kind", row.get("kind"))
    for name, how in _plan(kind):
        value = row.get(name)
        if how == "actor":
            out[name] = value.get("code") if value else None
            out[f"{name}_person"] = value.get("person") if value else None
        elif how == "actors":
            value = value or []
            out[name] = _JOIN.join(a.get("code") or "" for a in value)
            out[f"{name}_persons"] = _JOIN.join(a.get("person") or "" for a in value)
        elif how == "strings":
            out[name] = "; ".join(str(v) for v in value or [])
        elif how == "json" or isinstance(value, (list, dict)):
            out[name] = json.dumps(value, ensure_ascii=False, default=str)
        else:
            out[name] = value
    for extra in _EXTRA:
        if extra in row:
            out[extra] = row[extra]
    return {c: out.get(c) for c in columns(kind)}


_LISTING_PAGE = 1000


def iter_rows(store: Any, kind: str) -> Iterator[dict[str, Any]]:
    """Every row of ``kind`` in ``store``, JSON-shaped, streaming.

    Per-article kinds come from the rebuilt records (oldest article first) with the
    article's ``outlet`` and ``published``; link results come from their listings.
    """
    if kind not in KIND_CLASSES:
        raise QueryError(f"parameter 'kind': {kind!r} is not one of {', '.join(KINDS)}")
    if kind not in _PER_ARTICLE:
        fetch = getattr(store, kind)
        offset = 0
        while True:
            page = fetch(limit=_LISTING_PAGE, offset=offset)
            yield from page
            if len(page) < _LISTING_PAGE:
                return
            offset += _LISTING_PAGE
    for coded in store.iter_coded():
        art = coded.article
        extra = {"outlet": art.outlet,
                 "published": art.published.isoformat() if art.published else None}
        if kind == "articles":
            row = record_json(art)
            row["notes"] = list(coded.notes)
            yield {**row, **extra}
            continue
        recs = art.noise if kind == "noise" else getattr(coded, kind)
        for rec in recs:
            yield {**record_json(rec, article_id=art.id), **extra}


def parquet_type(kind: str, column: str) -> str:
    """The Arrow type name for a flat column: int64, float64, bool, date32 or string."""
    hints = typing.get_type_hints(KIND_CLASSES[kind])
    if column in ("start", "end") and column not in hints:
        return "int64"
    if column == "published":
        return "date32"
    tp = _strip_optional(hints.get(column, str))
    return {int: "int64", float: "float64", bool: "bool", _dt.date: "date32"}.get(tp, "string")
