"""Validated query parameters shared by the REST API and the web pages.

Every parameter is typed and bounded here, once, from the record-kind registry
(:mod:`detente.store.kinds`): bad values become a 4xx before the store is ever asked (the
store validates again and parameterises its SQL). :func:`listing_params` is the one
definition of a listing's query parameters for the API and the pages; the helpers the
API and the pages share (:func:`clean_filters`, :func:`count_or_none`) live here too, so
neither imports the other.
"""

from __future__ import annotations

import datetime as _dt
import inspect
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Path, Query

from ..errors import QueryError
from ..store import kinds as K
from ..timeparse import parse_iso_date as _parse_iso_date

__all__ = [
    "MAX_LIMIT",
    "ActorParam",
    "IssueParam",
    "OutletParam",
    "PartyParam",
    "SearchParam",
    "SpeakerParam",
    "DateParam",
    "Format",
    "IdParam",
    "IdPath",
    "Limit",
    "Modality",
    "Offset",
    "PloverType",
    "Listing",
    "QuoteTypeParam",
    "Text",
    "api_type",
    "clean_filters",
    "count_or_none",
    "form_values",
    "listing_params",
    "parse_iso_date",
]

#: The largest page a listing serves (larger pages: use ``offset``).
MAX_LIMIT = 500
#: Offsets beyond this are refused: SQLite integers overflow at 2**63 and such a page is
#: never meant.
MAX_OFFSET = 10_000_000

# No control characters (NUL breaks PostgreSQL text parameters; none has a use here).
_NO_CTRL = r"^[^\x00-\x1f\x7f]*$"


def _enum(name: str, doc: str) -> Any:
    f = next(f for f in K.FILTERS.values() if f.api_enum == name)
    enum = StrEnum(name, {c: c for c in f.choices}, module=__name__)  # type: ignore[misc]
    enum.__doc__ = doc
    return enum


#: The 16 PLOVER 2021 event types (from :mod:`detente.store.kinds`).
PloverType = _enum("PloverType", "The 16 PLOVER 2021 event types.")
#: Event modality (from :mod:`detente.store.kinds`).
Modality = _enum("Modality", "Event modality (see :class:`detente.records.Event`).")


class Format(StrEnum):
    """Listing output: a JSON page, or a download."""

    json = "json"
    csv = "csv"
    jsonl = "jsonl"


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, 1..{MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
Text = Annotated[
    str | None,
    Query(min_length=1, max_length=200, pattern=_NO_CTRL, description="free text"),
]
_ID_PATTERN = r"^[A-Za-z0-9_.:\-]+$"
IdPath = Annotated[str, Path(min_length=1, max_length=128, pattern=_ID_PATTERN)]
_ENUMS = {"PloverType": PloverType, "Modality": Modality}


def api_type(f: K.Filter) -> Any:
    """The FastAPI parameter type of a registry filter (an optional query parameter)."""
    if f.value == "text":
        return Annotated[str | None, Query(min_length=1, max_length=200, pattern=_NO_CTRL,
                                           description=f.help)]
    if f.value == "id":
        return Annotated[str | None, Query(min_length=1, max_length=128, pattern=_ID_PATTERN,
                                           description=f.help)]
    if f.value == "date":
        # Dates are checked by the one date parser (parse_iso_date), so every bad date,
        # malformed or impossible (2022-02-30), gets the same message naming the parameter.
        return Annotated[str | None, Query(description=f.help,
                                           json_schema_extra={"format": "date"})]
    if f.value == "choice" and f.api_enum is not None:
        return _ENUMS[f.api_enum] | None
    if f.value == "choice":  # free text the store checks against the choices
        return Annotated[str | None, Query(max_length=20, description=f.help)]
    raise ValueError(f"filter {f.name!r}: unknown value type {f.value!r}")


ActorParam = api_type(K.FILTERS["actor"])
OutletParam = api_type(K.FILTERS["outlet"])
SpeakerParam = api_type(K.FILTERS["speaker"])
SearchParam = api_type(K.FILTERS["q"])
IssueParam = api_type(K.FILTERS["issue"])
PartyParam = api_type(K.FILTERS["party"])
IdParam = api_type(K.FILTERS["article_id"])
DateParam = api_type(K.FILTERS["since"])
QuoteTypeParam = api_type(K.FILTERS["quote_type"])


def parse_iso_date(value: str | None, *, name: str) -> _dt.date | None:
    """A date query parameter as a date (None when absent).

    Raises :class:`QueryError` naming the parameter and the expected form when it is not
    a date (``notadate``, ``2022-02-30``): :func:`detente.timeparse.parse_iso_date`.
    """
    return _parse_iso_date(value, name=f"parameter {name!r}")


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


@dataclass(frozen=True)
class Listing:
    """A listing request's parameters: ``filters`` for the store (dates parsed, enums as
    values, unset dropped), ``form`` (the values as given, for a page's form), paging."""

    filters: dict[str, Any]
    form: dict[str, Any]
    limit: int = 100
    offset: int = 0
    format: Format = Format.json


_PAGING: dict[str, tuple[Any, Any]] = {
    "limit": (Limit, 100), "offset": (Offset, 0), "format": (Format, Format.json),
}


def listing_params(kind: str, *, order: tuple[str, ...] | None = None,
                   paging: tuple[str, ...] = ("limit", "offset", "format")) -> Any:
    """A FastAPI dependency taking ``kind``'s filters (from :mod:`detente.store.kinds`,
    in ``order`` when given) and the ``paging`` parameters, answering a :class:`Listing`.

    One definition for the API listing and the page of the same kind: the parameter
    names, types, bounds and descriptions come from the registry (``order`` only lets a
    page keep the order its form has always validated in).
    """
    names = order or K.KIND_FILTERS[kind]
    if sorted(names) != sorted(K.KIND_FILTERS[kind]):
        raise ValueError(f"{kind}: order {names} is not the registry's filters "
                         f"{K.KIND_FILTERS[kind]}")
    params = [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=None,
                                annotation=api_type(K.FILTERS[n])) for n in names]
    params += [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=_PAGING[n][1],
                                 annotation=_PAGING[n][0]) for n in paging]

    def dependency(**values: Any) -> Listing:
        page = {n: values.pop(n) for n in paging}
        filters = clean_filters(**{
            n: parse_iso_date(v, name=n) if K.FILTERS[n].value == "date" else v
            for n, v in values.items()})
        return Listing(filters=filters, form=values, **page)

    dependency.__signature__ = inspect.Signature(params, return_annotation=Listing)  # type: ignore[attr-defined]
    dependency.__name__ = f"{kind}_params"
    return dependency


def form_values(p: Listing, names: tuple[str, ...]) -> dict[str, str]:
    """A page form's values: each filter as given (an enum as its value), "" when unset."""
    out: dict[str, str] = {}
    for n in names:
        v: Any = p.form.get(n)
        out[n] = (v.value if hasattr(v, "value") else v) or ""
    return out
