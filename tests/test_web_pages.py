"""Overview chart data: historical references do not squeeze the timeline."""

from __future__ import annotations

from detente.web.pages import _day_series, _timeline_start


def _rows(spec: dict[str, int]) -> list[dict[str, object]]:
    return [{"day": d, "plover_type": "ACCUSE", "quad_class": 3, "n": n, "goldstein_mean": -2.0}
            for d, n in spec.items()]


def test_a_lone_old_event_is_left_out_of_the_drawing_and_counted() -> None:
    rows = _rows({"2014-03-01": 1, **{f"2022-04-{d:02d}": 5 for d in range(1, 21)}})
    assert _timeline_start(rows) == "2022-03-18"  # first busy day less 14 days
    series = _day_series(rows)
    assert series["days"][0] == "2022-04-01"
    assert series["earlier"] == 1 and series["start"] == "2022-03-18"
    assert sum(series["types"][0]["counts"]) == 100


def test_an_even_spread_is_drawn_whole() -> None:
    rows = _rows({"2021-01-05": 10, "2021-06-05": 10, "2022-01-05": 10})
    series = _day_series(rows)
    # A year is drawn by week: each bar starts on the Monday of its week.
    assert series["bin"] == "week"
    assert series["days"] == ["2021-01-04", "2021-05-31", "2022-01-03"]
    assert series["earlier"] == 0 and series["start"] is None


def test_no_dated_events() -> None:
    assert _timeline_start([]) is None
    assert _day_series([])["days"] == []
