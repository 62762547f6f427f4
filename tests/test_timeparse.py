"""The one date parser (detente.timeparse)."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.errors import LexiconError, ParseError, QueryError
from detente.timeparse import parse_iso_date, parse_publication_date


@pytest.mark.parametrize("value, expected", [
    (None, None), ("", None), ("2022-04-22", dt.date(2022, 4, 22)),
    (" 2022-04-22 ", dt.date(2022, 4, 22)), ("2022-04-22T10:00:00Z", dt.date(2022, 4, 22)),
    (dt.datetime(2022, 4, 22, 9), dt.date(2022, 4, 22)), (dt.date(2022, 4, 22), dt.date(2022, 4, 22)),
])
def test_strict_iso(value, expected) -> None:
    assert parse_iso_date(value, name="since") == expected


@pytest.mark.parametrize("value", ["notadate", "2022-02-30", "20220422", "April", "2022-04-22x"])
def test_strict_iso_one_message(value) -> None:
    with pytest.raises(QueryError) as exc:
        parse_iso_date(value, name="--since")
    assert str(exc.value) == f"--since: {value!r} is not a date: expected YYYY-MM-DD"
    with pytest.raises(LexiconError, match="expected YYYY-MM-DD"):
        parse_iso_date(value, name="x", error=LexiconError)


def test_publication_dates_are_lenient() -> None:
    assert parse_publication_date("2022-04-22T10:00:00Z") == dt.date(2022, 4, 22)
    assert parse_publication_date("Fri, 22 Apr 2022 10:00:00 GMT") == dt.date(2022, 4, 22)
    with pytest.raises(ParseError, match="unparseable date"):
        parse_publication_date("no date at all", source="feed.xml")
