"""Validated query parameters shared by the REST API and the web pages.

Every parameter is typed and bounded here, once: bad values become a 4xx before the
store is ever asked (the store validates again and parameterises its SQL).
"""

from __future__ import annotations

import datetime as _dt
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Path, Query

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
    "Text",
    "parse_iso_date",
]

#: The largest page a listing serves (larger pages: use ``offset``).
MAX_LIMIT = 500
#: Offsets beyond this are refused: SQLite integers overflow at 2**63 and such a page is
#: never meant.
MAX_OFFSET = 10_000_000

# No control characters (NUL breaks PostgreSQL text parameters; none has a use here).
_NO_CTRL = r"^[^\x00-\x1f\x7f]*$"


class PloverType(StrEnum):
    """The 16 PLOVER 2021 event types."""

    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"


class Modality(StrEnum):
    """Event modality (see :class:`detente.records.Event`)."""

    asserted = "asserted"
    reported = "reported"
    intended = "intended"
    conditional = "conditional"
    negated = "negated"
    hypothetical = "hypothetical"
    denied = "denied"


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

def _text(description: str) -> Any:
    return Query(min_length=1, max_length=200, pattern=_NO_CTRL, description=description)


ActorParam = Annotated[
    str | None, _text("actor: a code prefix (RUS), a full code (RUS GOV) or part of a name")
]
OutletParam = Annotated[str | None, _text("outlet name, exact")]
SpeakerParam = Annotated[str | None, _text("speaker: part of the person's name")]
SearchParam = Annotated[str | None, _text("words in the article text")]
IssueParam = Annotated[str | None, _text("issue id, e.g. nato_membership")]
PartyParam = Annotated[str | None, _text("party code, e.g. RUS")]
IdParam = Annotated[
    str | None,
    Query(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:\-]+$", description="an id"),
]
IdPath = Annotated[str, Path(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:\-]+$")]
# Dates are checked by the store's one date parser (parse_iso_date), so every bad date,
# malformed or impossible (2022-02-30), gets the same message naming the parameter.
DateParam = Annotated[
    str | None,
    Query(description="ISO date, YYYY-MM-DD", json_schema_extra={"format": "date"}),
]


def parse_iso_date(value: str | None, *, name: str) -> _dt.date | None:
    """A date query parameter as a date (None when absent).

    Raises :class:`QueryError` naming the parameter and the expected form when it is not
    a date (``notadate``, ``2022-02-30``): :func:`detente.store.queries.as_date`.
    """
    if value is None or value == "":
        return None
    from ..store.queries import as_date

    return as_date(value, name)
