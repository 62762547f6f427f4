"""REST endpoints under ``/api``: thin calls to the store's keyword-only listings.

Every listing answers ``{"items": [...], "total": n, "limit": l, "offset": o, "next": url}``
or, with ``?format=csv|jsonl``, a download of the same page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..errors import QueryError
from ..records import to_dict
from .filters import (
    ActorParam,
    DateParam,
    Format,
    IdParam,
    IdPath,
    IssueParam,
    Limit,
    Modality,
    Offset,
    OutletParam,
    PartyParam,
    PloverType,
    SearchParam,
    SpeakerParam,
    parse_iso_date,
)
from .formats import FastJSONResponse, rows_to_csv, rows_to_jsonl

__all__ = ["QuoteTypeParam", "clean_filters", "count_or_none", "quote_filters", "router"]

router = APIRouter(prefix="/api", tags=["api"])



def _store(request: Request) -> Any:
    return request.app.state.stores.get()


def clean_filters(**filters: Any) -> dict[str, Any]:
    """Filters with the unset ones dropped and enums turned into their values."""
    out: dict[str, Any] = {}
    for key, value in filters.items():
        if value is None or value == "":
            continue
        out[key] = value.value if hasattr(value, "value") else value
    return out


def count_or_none(store: Any, kind: str, filters: dict[str, Any]) -> int | None:
    """The total for a listing, or None when the store cannot count that kind."""
    try:
        return int(store.count(kind, **filters))
    except (QueryError, TypeError, NotImplementedError, AttributeError):
        return None


QuoteTypeParam = Annotated[
    str | None, Query(max_length=20, description="direct, indirect or mixed")]


def quote_filters(*, speaker: str | None = None, actor: str | None = None,
                  outlet: str | None = None, since: str | None = None,
                  until: str | None = None, article_id: str | None = None,
                  quote_type: str | None = None) -> dict[str, Any]:
    """The quotes listing's filters from request values (dates checked, unset dropped):
    one source for ``/api/quotes`` and the ``/quotes`` page."""
    return clean_filters(
        speaker=speaker, actor=actor, outlet=outlet,
        since=parse_iso_date(since, name="since"), until=parse_iso_date(until, name="until"),
        article_id=article_id, quote_type=quote_type,
    )


def _listing(
    request: Request,
    kind: str,
    fetch: Callable[..., list[dict[str, Any]]],
    filters: dict[str, Any],
    *,
    limit: int,
    offset: int,
    fmt: Format,
    countable: bool = True,
) -> Response:
    store = _store(request)
    rows = fetch(**filters, limit=limit, offset=offset)
    if fmt is Format.csv:
        return Response(
            rows_to_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{kind}.csv"'},
        )
    if fmt is Format.jsonl:
        return Response(
            rows_to_jsonl(rows),
            media_type="application/x-ndjson; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{kind}.jsonl"'},
        )
    total = count_or_none(store, kind, filters) if countable else None
    more = len(rows) == limit if total is None else offset + len(rows) < total
    next_url = (
        str(request.url.remove_query_params("token")
            .include_query_params(offset=offset + limit, limit=limit))
        if more
        else None
    )
    return FastJSONResponse(
        {"items": rows, "total": total, "limit": limit, "offset": offset, "next": next_url}
    )


@router.get("/articles", summary="Articles, newest first")
def articles(
    request: Request,
    outlet: OutletParam = None,
    since: DateParam = None,
    until: DateParam = None,
    q: SearchParam = None,
    story_id: IdParam = None,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = Format.json,
) -> Response:
    f = clean_filters(
        outlet=outlet,
        since=parse_iso_date(since, name="since"),
        until=parse_iso_date(until, name="until"),
        q=q,
        story_id=story_id,
    )
    return _listing(request, "articles", _store(request).articles, f,
                    limit=limit, offset=offset, fmt=format)


@router.get("/articles/{article_id}", summary="One article with everything coded from it")
def article(request: Request, article_id: IdPath) -> Response:
    coded = _store(request).coded(article_id)
    if coded is None:
        return JSONResponse(
            {"error": {"code": "not_found", "message": f"article {article_id!r} not found"}},
            status_code=404,
        )
    body = to_dict(coded)
    body["notes"] = list(coded.notes)
    return JSONResponse(body)


@router.get("/events", summary="Events, newest first")
def events(
    request: Request,
    actor: ActorParam = None,
    type: PloverType | None = None,
    outlet: OutletParam = None,
    since: DateParam = None,
    until: DateParam = None,
    article_id: IdParam = None,
    modality: Modality | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = Format.json,
) -> Response:
    f = clean_filters(
        actor=actor,
        type=type,
        outlet=outlet,
        since=parse_iso_date(since, name="since"),
        until=parse_iso_date(until, name="until"),
        article_id=article_id,
        modality=modality,
    )
    return _listing(request, "events", _store(request).events, f,
                    limit=limit, offset=offset, fmt=format)


@router.get("/quotes", summary="Quotes, newest first")
def quotes(
    request: Request,
    speaker: SpeakerParam = None,
    actor: ActorParam = None,
    outlet: OutletParam = None,
    since: DateParam = None,
    until: DateParam = None,
    article_id: IdParam = None,
    quote_type: QuoteTypeParam = None,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = Format.json,
) -> Response:
    f = quote_filters(speaker=speaker, actor=actor, outlet=outlet, since=since, until=until,
                      article_id=article_id, quote_type=quote_type)
    return _listing(request, "quotes", _store(request).quotes, f,
                    limit=limit, offset=offset, fmt=format)


@router.get("/places", summary="Places named in articles")
def places(
    request: Request,
    article_id: IdParam = None,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = Format.json,
) -> Response:
    f = clean_filters(article_id=article_id)
    return _listing(request, "places", _store(request).places, f,
                    limit=limit, offset=offset, fmt=format)


@router.get("/actors", summary="Actors by activity")
def actors(
    request: Request,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = Format.json,
) -> Response:
    return _listing(request, "actors", _store(request).actors, {},
                    limit=limit, offset=offset, fmt=format, countable=False)


@router.get("/stories", summary="Stories (articles grouped by the link stage)")
def stories(
    request: Request,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = Format.json,
) -> Response:
    return _listing(request, "stories", _store(request).stories, {},
                    limit=limit, offset=offset, fmt=format)


@router.get("/stories/{story_id}", summary="One story with its articles")
def story(request: Request, story_id: IdPath) -> Response:
    found = _store(request).story(story_id)
    if found is None:
        return JSONResponse(
            {"error": {"code": "not_found", "message": f"story {story_id!r} not found"}},
            status_code=404,
        )
    return JSONResponse(found)


@router.get("/clusters", summary="Event clusters (the same happening in several reports)")
def clusters(
    request: Request,
    story_id: IdParam = None,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = Format.json,
) -> Response:
    return _listing(request, "clusters", _store(request).clusters,
                    clean_filters(story_id=story_id), limit=limit, offset=offset, fmt=format)


@router.get("/disputes", summary="Claims and the counter-claims that deny them")
def disputes(
    request: Request,
    actor: ActorParam = None,
    story_id: IdParam = None,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = Format.json,
) -> Response:
    return _listing(request, "disputes", _store(request).disputes,
                    clean_filters(actor=actor, story_id=story_id),
                    limit=limit, offset=offset, fmt=format)


@router.get("/positions", summary="Negotiation positions (party, issue, stance, date)")
def positions(
    request: Request,
    issue: IssueParam = None,
    party: PartyParam = None,
    since: DateParam = None,
    until: DateParam = None,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = Format.json,
) -> Response:
    f = clean_filters(
        issue=issue,
        party=party,
        since=parse_iso_date(since, name="since"),
        until=parse_iso_date(until, name="until"),
    )
    return _listing(request, "positions", _store(request).positions, f,
                    limit=limit, offset=offset, fmt=format)


@router.get("/positions/matrix",
            summary="Where each party stands now on each proposition, with its trajectory")
def positions_matrix(
    request: Request,
    party: PartyParam = None,
    proposition: IssueParam = None,
    since: DateParam = None,
    until: DateParam = None,
) -> Response:
    from ..link.positions import cell_to_dict, position_matrix, positions_from_rows

    store = _store(request)
    f = clean_filters(party=party, since=parse_iso_date(since, name="since"),
                      until=parse_iso_date(until, name="until"))
    rows: list[dict[str, Any]] = []
    while True:  # every position of the period: the matrix needs whole trajectories
        page = store.positions(**f, limit=1000, offset=len(rows))
        rows.extend(page)
        if len(page) < 1000:
            break
    positions = positions_from_rows(rows)
    by_id = {p.id: p for p in positions}
    m = position_matrix(positions, propositions=[proposition] if proposition else None)
    cells = [cell_to_dict(c, by_id) for row in m.values() for c in row.values()]
    return FastJSONResponse({"cells": cells, "n": len(cells)})


@router.get("/stats", summary="Counts, events per day and the most active dyads")
def stats(
    request: Request,
    since: DateParam = None,
    until: DateParam = None,
) -> Response:
    store = _store(request)
    f = clean_filters(
        since=parse_iso_date(since, name="since"), until=parse_iso_date(until, name="until")
    )
    # Every part answers for the same period: articles and quotes by publication date,
    # events by event date, stories reported during it, disputes with a side said during
    # it, positions dated in it.
    counts = {
        kind: count_or_none(store, kind, f)
        for kind in ("articles", "events", "quotes", "stories", "disputes", "positions")
    }
    return JSONResponse(
        {
            "counts": counts,
            "events_by_day": store.event_counts_by_day(**f),
            "top_dyads": store.top_dyads(limit=10, **f),
        }
    )


@router.get("/docs", include_in_schema=False, response_class=HTMLResponse)
def docs(request: Request) -> Response:
    """A plain HTML reference built from the OpenAPI schema (no CDN, no scripts)."""
    from .render import render

    schema = request.app.openapi()
    endpoints = []
    for path, item in sorted(schema.get("paths", {}).items()):
        for method, op in item.items():
            params = []
            for p in op.get("parameters", []):
                s = p.get("schema", {})
                if "anyOf" in s:
                    s = next((x for x in s["anyOf"] if x.get("type") != "null"), s)
                if "$ref" in s:
                    ref = s["$ref"].rsplit("/", 1)[-1]
                    enum = schema.get("components", {}).get("schemas", {}).get(ref, {})
                    s = {"type": "enum", "enum": enum.get("enum", [])}
                params.append(
                    {
                        "name": p["name"],
                        "where": p.get("in"),
                        "required": p.get("required", False),
                        "type": s.get("type", ""),
                        "enum": s.get("enum", []),
                        "bounds": _bounds(s),
                        "description": p.get("description") or s.get("description", ""),
                    }
                )
            endpoints.append(
                {"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                 "params": params}
            )
    return render(request, "api_docs.html", {"endpoints": endpoints, "title": "API reference"})


def _bounds(schema: dict[str, Any]) -> str:
    parts = []
    for key, sym in (("minimum", "≥"), ("maximum", "≤"), ("minLength", "len ≥"),
                     ("maxLength", "len ≤")):
        if key in schema:
            parts.append(f"{sym} {schema[key]}")
    if schema.get("format") == "date":
        parts.append("YYYY-MM-DD")
    if "default" in schema and schema["default"] is not None:
        parts.append(f"default {schema['default']}")
    return ", ".join(parts)
