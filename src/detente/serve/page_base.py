"""What every server-rendered page shares: the pages' router, the store of a request
and paged collection of a listing. :mod:`detente.serve.pages` and
:mod:`detente.serve.link_pages` both register on :data:`router` and import from here, so
neither imports the other for these.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request

from .filters import MAX_LIMIT

__all__ = ["collect", "router", "store_of"]

router = APIRouter(include_in_schema=False)


def store_of(request: Request) -> Any:
    return request.app.state.stores.get()


def collect(fetch: Callable[..., list[dict[str, Any]]], *, cap: int = 2000,
            **filters: Any) -> list[dict[str, Any]]:
    """Up to ``cap`` rows of a listing, fetched a page at a time."""
    rows: list[dict[str, Any]] = []
    while len(rows) < cap:
        page = fetch(**filters, limit=min(MAX_LIMIT, cap - len(rows)), offset=len(rows))
        rows.extend(page)
        if len(page) < MAX_LIMIT:
            break
    return rows
