"""Records back from their ``to_dict`` form: ``from_dict(cls, d)`` is the inverse of
:func:`detente.records.to_dict`.

The store keeps every record as its ``to_dict`` JSON, so rebuilding a record must give
back exactly the dataclass that was saved (dates as :class:`datetime.date`, lists as
tuples, nested :class:`ActorRef` / :class:`Place` / :class:`DisputeSide`). The conversion
is driven by the dataclasses' own type hints, so a field added to a record later (at the
end, with a default) round-trips without touching this module, and a record saved before
that field existed still loads (the default fills it).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import types
import typing
from functools import cache
from typing import Any, TypeVar, get_args, get_origin

from .. import records as R
from ..errors import StoreError

__all__ = [
    "KINDS",
    "coded_from_dict",
    "coded_to_dict",
    "dumps",
    "from_dict",
    "loads",
]

T = TypeVar("T")

#: ``kind`` value -> record class (the records that can stand alone in JSON).
KINDS: dict[str, type] = {
    "article": R.Article,
    "article_mention": R.ArticleMention,
    "noise": R.NoiseSpan,
    "mention": R.Mention,
    "date": R.DateRef,
    "place": R.Place,
    "quote": R.Quote,
    "claim": R.Claim,
    "event": R.Event,
    "problem": R.Problem,
    "event_cluster": R.EventCluster,
    "story": R.Story,
    "dispute": R.Dispute,
    "position": R.Position,
    "coref_chain": R.CorefChain,
}


@cache
def _hints(cls: type) -> dict[str, Any]:
    # Resolved once per class: records use postponed annotations (strings).
    return typing.get_type_hints(cls)


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in get_args(tp) if a is not type(None)]
        return _convert(members[0], value) if len(members) == 1 else value
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], v) for v in value)
        return tuple(_convert(a, v) for a, v in zip(args, value, strict=False))
    if tp is _dt.date:
        return value if isinstance(value, _dt.date) else _dt.date.fromisoformat(value)
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return from_dict(tp, value)
    return value


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a record of class ``cls`` from its :func:`~detente.records.to_dict` dict.

    Keys that are not init fields (``kind``, the ``article_id`` added to noise spans) are
    ignored; missing fields take their defaults.
    """
    if not isinstance(data, dict):
        raise StoreError(f"cannot rebuild {cls.__name__} from {type(data).__name__}")
    hints = _hints(cls)  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.init and f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name])
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise StoreError(f"stored {cls.__name__} record is incomplete: {exc}") from exc


def coded_to_dict(coded: R.CodedArticle) -> dict[str, Any]:
    """A :class:`CodedArticle` as one JSON-ready dict (``notes`` included)."""
    return R.to_dict(coded)


def coded_from_dict(data: dict[str, Any]) -> R.CodedArticle:
    """The inverse of :func:`coded_to_dict`."""
    return from_dict(R.CodedArticle, data)


def dumps(data: Any) -> str:
    """Compact JSON as stored in the ``record`` columns (non-ASCII kept)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


def loads(text: str | None) -> Any:
    """A stored ``record`` column back as Python data (orjson: ~4x the standard
    library's speed, which matters when an API page decodes 100 records)."""
    return _loads(text) if text else None


try:
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - orjson is a dependency; a bare tree still works
    _loads = json.loads  # type: ignore[assignment]
