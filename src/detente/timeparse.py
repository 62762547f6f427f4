"""The project's one date parser: every date that comes in as text is read here.

Two readers, for two kinds of input:

- :func:`parse_iso_date` is strict: query parameters, CLI options and dictionary dates are
  ``YYYY-MM-DD`` (or a timestamp whose first ten characters are one). Anything else raises
  the caller's error class with one message, naming the input and saying
  ``expected YYYY-MM-DD``.
- :func:`parse_publication_date` is lenient: a feed's publication date may be written any
  way (``Fri, 22 Apr 2022 10:00:00 GMT``); ISO is read directly, anything else through
  :func:`dateparser_parse`.

:func:`dateparser_parse` is the only place dateparser is imported (lazily: the import is
slow and most runs never need it); the date rules of :mod:`detente.extract.dates` call it
with their own settings.

PETRARCH's ``YYMMDD`` dictionary dates are another format, read by
:mod:`detente.lexicon.petrarch_format`. Named ``timeparse`` so that it does not clash with
the date *extraction* stage, :mod:`detente.extract.dates`.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .errors import DetenteError, ParseError, QueryError

__all__ = ["dateparser_parse", "parse_iso_date", "parse_publication_date"]


def parse_iso_date(value: Any, *, name: str,
                   error: type[DetenteError] = QueryError) -> _dt.date | None:
    """``value`` as a date: None or ``""`` -> None; a date or datetime as is (its date);
    a ``YYYY-MM-DD`` string, or a timestamp's date (``2022-04-22T10:00:00Z``).

    Anything else (``notadate``, ``2022-02-30``, ``20220422``) raises ``error`` with the
    message ``<name>: <value> is not a date: expected YYYY-MM-DD``.
    """
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        # A date, or a timestamp's date; nothing else after it.
        if len(text) == 10 or (len(text) > 10 and text[10] in "T "):
            try:
                return _dt.date.fromisoformat(text[:10])
            except ValueError:
                pass
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "…"
    raise error(f"{name}: {shown} is not a date: expected YYYY-MM-DD")


def dateparser_parse(text: str, *, languages: list[str] | None = None,
                     settings: dict[str, Any] | None = None) -> _dt.datetime | None:
    """``dateparser.parse`` (imported on first use), None where it fails or raises."""
    import dateparser  # imported lazily: slow to import, rarely needed

    try:
        parsed = dateparser.parse(text, languages=languages,
                                  settings=settings)  # type: ignore[arg-type]
    except Exception:  # dateparser raises a zoo of errors on odd input
        return None
    return parsed


def parse_publication_date(value: str | _dt.date | None, *,
                           source: str | None = None) -> _dt.date | None:
    """A publication date from an ISO string (``2022-04-22``, ``2022-04-22T10:00:00Z``)
    or any form dateparser reads strictly; :class:`ParseError` naming ``source`` when
    it is none of these."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    try:
        return _dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    parsed = dateparser_parse(text, settings={"STRICT_PARSING": True})
    if parsed is None:
        raise ParseError(f"unparseable date {text!r}", source=source)
    return parsed.date()
