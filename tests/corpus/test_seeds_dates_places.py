"""The seed articles (../shared/seeds): the dates of the analyst's event list resolve and
the places of the story get coordinates. Skips when ../shared is absent."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = [pytest.mark.shared, pytest.mark.model]

D = dt.date
A000 = "000_24504b356f1fac27.txt"  # published Fri 2022-04-22
A004 = "004_ca12c4fb48c54197.txt"  # published Tue 2022-05-17


def _dates(coded, expr: str):  # type: ignore[no-untyped-def]
    return [d for d in coded.dates if d.text.lower() == expr.lower()]


@pytest.mark.parametrize("article,expr,value", [
    (A000, "Friday", D(2022, 4, 22)),
    (A000, "five days ago", D(2022, 4, 17)),
    (A004, "April 15", D(2022, 4, 15)),
    (A004, "Sunday", D(2022, 5, 15)),
    (A004, "April 9", D(2022, 4, 9)),
    (A004, "Tuesday", D(2022, 5, 17)),
])
def test_seed_dates(coded_seeds, article, expr, value):
    found = _dates(coded_seeds[article], expr)
    assert found, f"{expr!r} not found in {article}"
    assert {d.value for d in found} == {value}
    for d in found:
        assert coded_seeds[article].article.text[d.start:d.end] == d.text
        assert d.granularity == "day"


def test_seed_last_week_is_a_range(coded_seeds):
    (d,) = _dates(coded_seeds[A004], "last week")
    assert (d.value, d.value_end, d.granularity) == (D(2022, 5, 9), D(2022, 5, 15), "week")


def test_seed_caption_dates_not_coded(coded_seeds):
    """Caption dates sit in noise: blanked before parsing, never found."""
    coded = coded_seeds[A000]
    noise = [(n.start, n.end) for n in coded.article.noise]
    for d in coded.dates:
        assert not any(s <= d.start < e for s, e in noise), d


@pytest.mark.parametrize("name", ["Kherson", "Zaporizhzhya", "Mariupol", "Kyiv"])
def test_seed_places(coded_seeds, name):
    places = [p for c in coded_seeds.values() for p in c.places if p.name == name]
    assert places, f"{name} not found"
    for p in places:
        assert p.country == "UKR"
        assert p.lat is not None and p.lon is not None
        assert 44 < p.lat < 53 and 22 < p.lon < 41


def test_seed_regions(coded_seeds):
    names = {p.name: p for c in coded_seeds.values() for p in c.places}
    assert names["Crimea"].feature == "region"
    assert names["Donbas"].feature == "region"
    assert names["Ukraine"].feature == "country"
