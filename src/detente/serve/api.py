"""REST endpoints under ``/api``: thin calls to the store's keyword-only listings.

Every listing answers ``{"items": [...], "total": n, "limit": l, "offset": o, "next": url}``
or, with ``?format=csv|jsonl``, a download of the same page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..records import to_dict
from .filters import (
    DateParam,
    Format,
    IdPath,
    IssueParam,
    Limit,
    Listing,
    Offset,
    PartyParam,
    QuoteTypeParam,
    clean_filters,
    count_or_none,
    listing_params,
    parse_iso_date,
)
from .formats import FastJSONResponse, rows_to_csv, rows_to_jsonl

# QuoteTypeParam, clean_filters and count_or_none live in .filters (kept importable here).
__all__ = ["QuoteTypeParam", "clean_filters", "count_or_none", "router"]

router = APIRouter(prefix="/api", tags=["api"])


def _store(request: Request) -> Any:
    return request.app.state.stores.get()


def _listing(
    request: Request,
    kind: str,
    fetch: Callable[..., list[dict[str, Any]]],
    p: Listing,
    *,
    countable: bool = True,
) -> Response:
    store = _store(request)
    filters, limit, offset, fmt = p.filters, p.limit, p.offset, p.format
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
def articles(request: Request,
             p: Annotated[Listing, Depends(listing_params("articles"))]) -> Response:
    return _listing(request, "articles", _store(request).articles, p)


@router.get("/articles/{article_id}", summary="One article with everything coded from it")
def article(request: Request, article_id: IdPath) -> Response:
    coded = _store(request).coded(article_id)
    if coded is None:
        return _not_found("article", article_id)
    body = to_dict(coded)
    body["notes"] = list(coded.notes)
    return JSONResponse(body)


def _not_found(what: str, key: str) -> JSONResponse:
    """The API's 404 body for a record that is not in the store."""
    return JSONResponse(
        {"error": {"code": "not_found", "message": f"{what} {key!r} not found"}},
        status_code=404,
    )


@router.get("/events", summary="Events, newest first")
def events(request: Request,
           p: Annotated[Listing, Depends(listing_params("events"))]) -> Response:
    return _listing(request, "events", _store(request).events, p)


@router.get("/quotes", summary="Quotes, newest first")
def quotes(request: Request,
           p: Annotated[Listing, Depends(listing_params("quotes"))]) -> Response:
    return _listing(request, "quotes", _store(request).quotes, p)


@router.get("/places", summary="Places named in articles")
def places(request: Request,
           p: Annotated[Listing, Depends(listing_params("places"))]) -> Response:
    return _listing(request, "places", _store(request).places, p)


@router.get("/actors", summary="Actors by activity")
def actors(
    request: Request,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = Format.json,
) -> Response:
    return _listing(request, "actors", _store(request).actors,
                    Listing({}, {}, limit, offset, format), countable=False)


@router.get("/stories", summary="Stories (articles grouped by the link stage)")
def stories(request: Request,
            p: Annotated[Listing, Depends(listing_params("stories"))]) -> Response:
    return _listing(request, "stories", _store(request).stories, p)


@router.get("/stories/{story_id}", summary="One story with its articles")
def story(request: Request, story_id: IdPath) -> Response:
    found = _store(request).story(story_id)
    if found is None:
        return _not_found("story", story_id)
    return JSONResponse(found)


@router.get("/clusters", summary="Event clusters (the same happening in several reports)")
def clusters(request: Request,
             p: Annotated[Listing, Depends(listing_params("clusters"))]) -> Response:
    return _listing(request, "clusters", _store(request).clusters, p)


@router.get("/disputes", summary="Claims and the counter-claims that deny them")
def disputes(request: Request,
             p: Annotated[Listing, Depends(listing_params("disputes"))]) -> Response:
    return _listing(request, "disputes", _store(request).disputes, p)


@router.get("/positions", summary="Negotiation positions (party, issue, stance, date)")
def positions(request: Request,
              p: Annotated[Listing, Depends(listing_params("positions"))]) -> Response:
    return _listing(request, "positions", _store(request).positions, p)


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
