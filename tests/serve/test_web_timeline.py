"""Timeline span and binning, country dyads, titles: what makes the overview hold up on
a multi-year corpus."""

from __future__ import annotations

import datetime as dt

from detente.serve.dyads import country_dyads
from detente.serve.timeline import day_series, timeline_span
from detente.serve.titles import headline


def _rows(spec: dict[str, int], ptype: str = "ACCUSE") -> list[dict[str, object]]:
    return [{"day": d, "plover_type": ptype, "quad_class": 3, "n": n, "goldstein_mean": -2.0}
            for d, n in spec.items()]


def _daily(first: str, days: int, n: int = 3) -> dict[str, int]:
    d0 = dt.date.fromisoformat(first)
    return {(d0 + dt.timedelta(days=i)).isoformat(): n for i in range(days)}


def test_background_years_above_the_tail_share_are_still_left_out() -> None:
    # 5% of the events are references to 2014 and 2008: more than the 2% tail, but they
    # lie beyond a long empty gap, so the chart opens on 2022-2023.
    bulk = _daily("2022-02-01", 600)
    old = {"2014-03-01": 50, "2014-03-18": 30, "2008-08-08": 10}
    rows = _rows({**old, **bulk})
    start, end = timeline_span(rows)
    assert start is not None and "2022-01-01" < start <= "2022-02-01" and end is None
    s = day_series(rows)
    assert s["earlier"] == 90 and s["days"][0] >= "2022-01-01"
    assert s["outliers"] == [{"year": "2008", "n": 10}, {"year": "2014", "n": 80}]


def test_a_misdated_future_event_is_left_out_at_the_end() -> None:
    rows = _rows({**_daily("2022-03-01", 60), "2031-01-01": 2})
    s = day_series(rows)
    assert s["later"] == 2 and s["end"] == "2022-04-29" and s["days"][-1] == "2022-04-29"


def test_bins_fit_the_span() -> None:
    assert day_series(_rows(_daily("2022-03-01", 60)))["bin"] == "day"
    two_years = day_series(_rows(_daily("2022-01-01", 700)))
    assert two_years["bin"] == "week" and 99 <= len(two_years["days"]) <= 101
    assert all(dt.date.fromisoformat(d).weekday() == 0 for d in two_years["days"])
    # Counts add up whatever the bin.
    assert sum(two_years["types"][0]["counts"]) == 700 * 3
    three = day_series(_rows(_daily("2021-01-01", 1100)))
    assert three["bin"] == "month" and three["days"][:2] == ["2021-01-01", "2021-02-01"]


def test_goldstein_is_the_weighted_mean_of_the_bin() -> None:
    rows = [{"day": "2022-01-03", "plover_type": "AID", "quad_class": 2, "n": 3,
             "goldstein_mean": 6.0},
            {"day": "2022-01-04", "plover_type": "ASSAULT", "quad_class": 4, "n": 1,
             "goldstein_mean": -10.0},
            {"day": "2022-12-30", "plover_type": "AID", "quad_class": 2, "n": 1,
             "goldstein_mean": 1.0}]
    s = day_series(rows)
    assert s["bin"] == "week"
    assert s["goldstein"][0] == 2.0 and s["coop"][0] == 3 and s["conflict"][0] == -1


def test_dyads_by_country_with_sectors_and_no_self_dyads() -> None:
    rows = [{"source": "RUS GOV", "target": "RUS", "n": 40},
            {"source": "RUS GOV", "target": "UKR", "n": 12},
            {"source": "RUS", "target": "UKR GOV", "n": 9},
            {"source": "UKR GOV", "target": "RUS GOV", "n": 15},
            {"source": "USA", "target": "UKR", "n": 3}]
    out = country_dyads(rows, limit=2)
    assert [(d["source"], d["target"], d["n"]) for d in out["dyads"]] == [
        ("RUS", "UKR", 21), ("UKR", "RUS", 15)]
    assert [(p["source"], p["target"]) for p in out["dyads"][0]["pairs"]] == [
        ("RUS GOV", "UKR"), ("RUS", "UKR GOV")]
    assert out["self_left_out"] == 40


def test_titles_come_from_metadata_or_the_first_line_that_is_not_noise() -> None:
    text = ("NEW You can now listen to Fox News articles!\n\n"
            "Kyiv and Moscow trade blame as talks stall\nOn Tuesday, officials said ...")
    noise = [{"start": 0, "end": text.index("\n"), "label": "promo"}]
    assert headline({"title": None, "text": text, "noise": noise}) == (
        "Kyiv and Moscow trade blame as talks stall")
    assert headline({"title": "  Talks  stall ", "text": text}) == "Talks stall"
    long = {"title": None, "text": "word " * 60, "noise": []}
    assert headline(long, 40).endswith("…") and len(headline(long, 40)) <= 41
    assert headline({"title": None, "text": "", "noise": []}) == ""
