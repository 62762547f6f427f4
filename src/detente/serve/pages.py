"""Server-rendered pages: overview, events, quotes, articles, actors.

Link-stage pages (stories, disputes, positions) and the map live in
:mod:`detente.serve.link_pages`. Pages only call the store's keyword-only listings.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..store.kinds import QUOTE_TYPES
from .dyads import country_dyads
from .filters import (
    ActorParam,
    IdPath,
    Listing,
    Modality,
    Offset,
    PloverType,
    count_or_none,
    form_values,
    listing_params,
)
from .highlight import LEGEND, highlight, layers_for
from .page_base import collect, router, store_of
from .render import error_page, render, safe_url
from .timeline import day_series, timeline_start

__all__ = ["collect", "router", "store_of"]


PAGE = 50
_SPAN = Query(None, max_length=40, pattern=r"^\d{1,9}-\d{1,9}$")




# The timeline's span and binning live in .timeline (kept importable from here).
_timeline_start = timeline_start
_day_series = day_series


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> Response:
    store = store_of(request)
    counts = {
        kind: count_or_none(store, kind, {})
        for kind in ("articles", "events", "quotes", "stories", "disputes", "positions")
    }
    by_day = store.event_counts_by_day()
    return render(request, "overview.html", {
        "title": "Overview",
        "nav": "overview",
        "counts": counts,
        "chart": _day_series(by_day),
        # Country dyads from the code pairs (a wide page of them, so that sectors add up).
        "dyads": country_dyads(store.top_dyads(limit=1000), limit=10),
        "disputes": store.disputes(limit=5, offset=0),
        "articles": store.articles(limit=8, offset=0),
    })


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    p: Annotated[Listing, Depends(listing_params("events", paging=("offset",)))],
) -> Response:
    store = store_of(request)
    f, offset = p.filters, p.offset
    rows = store.events(**f, limit=PAGE, offset=offset)
    return render(request, "events.html", {
        "title": "Events",
        "nav": "events",
        "rows": rows,
        "total": count_or_none(store, "events", f),
        "offset": offset,
        "page": PAGE,
        "form": form_values(p, ("actor", "type", "outlet", "since", "until", "modality",
                                "article_id")),
        "types": [t.value for t in PloverType],
        "modalities": [m.value for m in Modality],
    })




@router.get("/quotes", response_class=HTMLResponse)
def quotes_page(
    request: Request,
    p: Annotated[Listing, Depends(listing_params(
        "quotes", order=("actor", "speaker", "outlet", "since", "until", "quote_type",
                         "article_id"), paging=("offset",)))],
) -> Response:
    """Who said what: the store's quotes listing with the API's filters."""
    store = store_of(request)
    f, offset = p.filters, p.offset
    return render(request, "quotes.html", {
        "title": "Quotes",
        "nav": "quotes",
        "rows": store.quotes(**f, limit=PAGE, offset=offset),
        "total": count_or_none(store, "quotes", f),
        "offset": offset,
        "page": PAGE,
        "form": form_values(p, ("actor", "speaker", "outlet", "since", "until",
                                "quote_type", "article_id")),
        "quote_types": QUOTE_TYPES,
    })


@router.get("/articles", response_class=HTMLResponse)
def articles_page(
    request: Request,
    p: Annotated[Listing, Depends(listing_params(
        "articles", order=("outlet", "q", "since", "until", "story_id"), paging=("offset",)))],
) -> Response:
    store = store_of(request)
    f, offset = p.filters, p.offset
    return render(request, "articles.html", {
        "title": "Articles",
        "nav": "articles",
        "rows": store.articles(**f, limit=PAGE, offset=offset),
        "total": count_or_none(store, "articles", f),
        "offset": offset,
        "page": PAGE,
        "form": form_values(p, ("outlet", "q", "since", "until", "story_id")),
    })


def _stories_of(store: Any, article_id: str) -> list[dict[str, Any]]:
    """Stories holding the article (the store has no reverse index: scan, capped)."""
    out = []
    for s in collect(store.stories, cap=2000):
        if article_id in (s.get("article_ids") or ()):
            out.append(s)
    return out


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(
    request: Request,
    article_id: IdPath,
    hl: str | None = _SPAN,
) -> Response:
    store = store_of(request)
    coded = store.coded(article_id)
    if coded is None:
        return error_page(request, status=404, message=f"No article {article_id!r}.")
    focus = None
    if hl:
        a, b = (int(x) for x in hl.split("-"))
        focus = (a, b) if a < b else None
    art = coded.article
    actors: dict[str, dict[str, Any]] = {}
    for m in coded.mentions:
        if m.actor is None:
            continue
        key = m.actor.person or m.actor.code
        entry = actors.setdefault(key, {"label": key, "code": m.actor.code,
                                        "person": m.actor.person, "n": 0, "first": m.start})
        entry["n"] += 1
    return render(request, "article.html", {
        "title": art.title or f"Article {art.id}",
        "nav": "articles",
        "coded": coded,
        "art": art,
        "url": safe_url(art.url),
        "body": highlight(art.text, layers_for(coded), focus=focus),
        "legend": LEGEND,
        "actors": sorted(actors.values(), key=lambda e: -e["n"]),
        "stories": _stories_of(store, art.id),
        # every outlet, URL and date that carried this text (wire copies)
        "carried": [{"outlet": m.outlet, "published": m.published, "safe_url": safe_url(m.url)}
                    for m in coded.article_mentions],
        "focus": focus,
    })


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, offset: Offset = 0) -> Response:
    store = store_of(request)
    return render(request, "actors.html", {
        "title": "Actors",
        "nav": "actors",
        "rows": store.actors(limit=100, offset=offset),
        "offset": offset,
        "page": 100,
    })


@router.get("/actor", response_class=HTMLResponse)
def actor_page(request: Request, actor: ActorParam = None) -> Response:
    if not actor:
        return error_page(request, status=400, message="Give an actor: ?actor=RUS or a name.")
    store = store_of(request)
    events = collect(store.events, cap=1000, actor=actor)
    quotes = collect(store.quotes, cap=500, actor=actor)
    quotes_by = "actor"
    if not quotes:
        quotes = collect(store.quotes, cap=500, speaker=actor)
        quotes_by = "speaker"
    by_day = [
        {"day": e.get("date") or e.get("published"), "plover_type": e.get("plover_type"),
         "quad_class": e.get("quad_class"), "n": 1, "goldstein_mean": e.get("goldstein")}
        for e in events
    ]
    types = Counter(e.get("plover_type") for e in events)
    return render(request, "actor.html", {
        "title": f"Actor {actor}",
        "nav": "actors",
        "actor": actor,
        "events": events[:200],
        "n_events": len(events),
        "quotes": quotes[:200],
        "n_quotes": len(quotes),
        "quotes_by": quotes_by,  # the /quotes filter that found them
        "types": types.most_common(),
        "chart": _day_series(by_day),
    })


from . import link_pages as pages_link  # noqa: E402  (registers the link-stage pages on `router`)

__all__ += ["pages_link"]
