"""PLOVER JSON: one event record per line in the layout of the PLOVER manual's "Data
Fields" chapter (the event record, the entity, text, citation and location objects),
with detente's own fields added under names the manual does not use (``cameo``,
``goldstein``, ``modality``, ``article_id``, ``event_id``, …), as the manual allows.

Field by field in ``docs/records.md``.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import DetenteError
from ..records import ActorRef, Article, Event, Place
from .gdelt import sentence_number

__all__ = ["CODEBOOK", "CODER", "plover_events", "plover_record", "write_plover"]

CODER = "detente 0.1.0"
CODEBOOK = "plover-2021 (PLOVER manual); CAMEO 1.1b3 codes"

# The manual's non-state international actor codes for detente's IGO codes.
_NONSTATE = {"UN": "UNO", "EU": "EUR"}
_RESOLUTION = {"country": 1, "region": 2, "city": 4}


def _entity(actor: ActorRef, text: str | None) -> dict[str, Any]:
    if actor.igo:
        code = _NONSTATE.get(actor.igo, "IGO")
    else:
        code = actor.country or actor.code.split(" ")[0]
    return {
        "code": code,
        "sector": actor.sector,
        "entity_text": text,
        "identifier_id": actor.actor_id,
        "identifier_text": actor.person or actor.igo or actor.code,
        "office": actor.role,
        "actor_code": actor.code,  # detente's full code ("RUS GOV")
    }


def _location(place: Place) -> dict[str, Any]:
    return {
        "extracted_place": place.text,
        "resolved_place": place.name,
        "geonameid": place.geonameid,
        "lat": place.lat,
        "lon": place.lon,
        "city": place.name if place.feature == "city" else None,
        "province": place.name if place.feature == "region" else None,
        "country_code": place.country,
        "feature_class": "P" if place.feature == "city" else "A",
        "resolution": _RESOLUTION.get(place.feature),
    }


def plover_record(event: Event, article: Article, *, cluster_id: str | None = None,
                  coded_date: _dt.date | None = None) -> dict[str, Any]:
    """One event as a PLOVER JSON record."""
    day = event.date or article.published
    text = article.text
    return {
        "id": f"detente-{article.id}-{event.id}",
        "has_event": True,
        "date": day.isoformat() if day else None,
        "actor": [_entity(a, event.source_text) for a in event.source],
        "recipient": [_entity(a, event.target_text) for a in event.target],
        "event": [event.plover_type],
        "event_loc": _location(event.places[0]) if event.places else None,
        "event_text": [event.trigger],
        "quad_code": event.quad_class,
        "event_scale": event.goldstein,
        "mode": [event.mode] if event.mode else None,
        "context": [event.context] if event.context else None,
        "link": cluster_id,
        "text": text[event.start:event.end],
        "text_info": {"sequence": sentence_number(text, event.start), "start": event.start,
                      "end": event.end},
        "cite_info": {
            "corpus": "detente",
            "citation": article.id,
            "url": article.url,
            "title": article.title,
            "language": article.language,
            "publication": article.outlet,
            "coder": CODER,
            "codebook": CODEBOOK,
        },
        "coder": CODER,
        "coded_date": (coded_date or _dt.date.today()).isoformat(),
        "comment": None if event.modality == "asserted" else f"modality: {event.modality}",
        # detente's own fields
        "article_id": article.id,
        "event_id": event.id,
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "modality": event.modality,
        "date_basis": event.date_basis,
        "date_text": event.date_text,
        "published": article.published.isoformat() if article.published else None,
        "trigger_start": event.trigger_start,
        "trigger_end": event.trigger_end,
        "amounts": list(event.amounts),
        "confidence": event.confidence,
    }


def plover_events(store: Any, *, coded_date: _dt.date | None = None) -> Iterator[dict[str, Any]]:
    """Every stored event as a PLOVER record, oldest article first (streaming); ``link``
    is the event's cluster when the store has been linked."""
    clusters: dict[tuple[str, str], str] = {}
    offset = 0
    while True:
        page = store.clusters(limit=1000, offset=offset)
        for cl in page:
            for aid, eid in cl.get("event_ids") or []:
                clusters[(aid, eid)] = cl["id"]
        if len(page) < 1000:
            break
        offset += 1000
    for coded in store.iter_coded():
        for event in coded.events:
            yield plover_record(event, coded.article,
                                cluster_id=clusters.get((coded.article.id, event.id)),
                                coded_date=coded_date)


def write_plover(store: Any, *, out: str | Path) -> dict[str, int]:
    """Write the store's events as PLOVER JSON lines to the file ``out``; returns
    ``{"events": n}``."""
    target = Path(out)
    n = 0
    try:
        with target.open("w", encoding="utf-8") as fh:
            for record in plover_events(store):
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
    except OSError as exc:
        raise DetenteError(f"cannot write export: {exc.strerror or exc}",
                           source=str(target)) from exc
    return {"events": n}
