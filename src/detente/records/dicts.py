"""Records as JSON-ready dicts (:func:`to_dict`): ``kind`` first, dates as ISO strings."""

from __future__ import annotations

import dataclasses
import datetime as _dt
from typing import Any

__all__ = ["to_dict"]


# Plain values come back as they are: tested first, by exact type (most values are).
_PLAIN = frozenset({str, int, float, bool, type(None)})

# record class -> its field names but ``kind``, read once per class (``dataclasses.fields``
# rebuilds the tuple on every call, and the store turns every record into a dict)
_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls)
                                     if f.name != "kind")
    return names


def _jsonable(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_dict(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def to_dict(record: Any, *, article_id: str | None = None) -> dict[str, Any]:
    """A JSON-ready dict of a record, ``kind`` first. Dates become ISO strings.

    Records without an ``article_id`` field (noise spans) get the one given.
    """
    out: dict[str, Any] = {}
    if hasattr(record, "kind"):
        out["kind"] = record.kind
    if article_id is not None and not hasattr(record, "article_id"):
        out["article_id"] = article_id
    for name in _field_names(type(record)):
        out[name] = _jsonable(getattr(record, name))
    return out
