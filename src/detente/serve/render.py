"""Template environment (autoescape always on) and small view helpers.

Article text and everything extracted from it is untrusted: templates never use
``|safe`` on it; the only markup built in Python is :func:`detente.serve.highlight.highlight`,
which escapes every text segment itself.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from .titles import headline

__all__ = [
    "QUAD_NAMES",
    "error_page",
    "render",
    "safe_url",
    "templates",
]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

# Default quad class of each PLOVER type, for colouring type chips when an event's own
# quad class is missing (PLOVER 2021's grouping: cooperation first, then conflict).
TYPE_QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "REQUEST": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3,
    "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}


def safe_url(value: Any) -> str | None:
    """The URL when it is plain http(s), else None (no ``javascript:`` or ``data:`` links)."""
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return value.strip()
    return None


def _actor_label(actor: Any) -> str:
    """``Sergei Lavrov (RUS GOV)`` or ``RUS GOV`` from an ActorRef dict."""
    if not actor:
        return ""
    if isinstance(actor, dict):
        code, person = actor.get("code"), actor.get("person")
    else:
        code, person = getattr(actor, "code", None), getattr(actor, "person", None)
    if person and code:
        return f"{person} ({code})"
    return str(person or code or "")


def _actors_label(actors: Any) -> str:
    if not actors:
        return ""
    return ", ".join(_actor_label(a) for a in actors if a)


def _quad_class(value: Any, plover_type: Any = None) -> str:
    try:
        q = int(value)
    except (TypeError, ValueError):
        q = TYPE_QUAD.get(str(plover_type or ""), 0)
    return f"q{q}" if q in QUAD_NAMES else "q0"


def _fmt_num(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    try:
        return f"{float(value):.{digits}f}"
    except (TypeError, ValueError):
        return str(value)


def _snippet(text: Any, length: int = 160) -> str:
    s = " ".join(str(text or "").split())
    return s if len(s) <= length else s[: length - 1].rstrip() + "…"


def _date(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return str(value)[:10]


def _query(request: Request, **changes: Any) -> str:
    """The current query string with some parameters changed (None removes one)."""
    params = {k: v for k, v in request.query_params.multi_items() if k != "token"}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + urlencode(params) if params else "?"


def _build_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,  # always, for every template: article text is untrusted
        undefined=jinja2.ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        actor=_actor_label,
        actors=_actors_label,
        quad=_quad_class,
        num=_fmt_num,
        snippet=_snippet,
        date=_date,
        safe_url=safe_url,
        headline=headline,
    )
    env.globals.update(QUAD_NAMES=QUAD_NAMES, TYPE_QUAD=TYPE_QUAD, query=_query)
    return env


templates = Jinja2Templates(env=_build_env())


def render(
    request: Request, name: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    """Render a page template with the request in its context."""
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, *, status: int, message: str) -> HTMLResponse:
    """A page explaining a bad request (never a traceback)."""
    return render(
        request,
        "error.html",
        {"title": f"Error {status}", "status": status, "message": message},
        status=status,
    )
