"""Chart data for event timelines: the span where the events are, binned to fit it.

A corpus about 2022–2024 that mentions 2014 should open on 2022–2024: days before a long
empty gap that hold only a small share of the events are outliers, counted and listed by
year, not drawn. The span is then binned by day, week or month so that a two-year chart
has about a hundred bars, not seven hundred slivers.

>>> s = day_series([{"day": "2022-04-01", "plover_type": "ACCUSE", "n": 2}])
>>> (s["bin"], s["days"])
('day', ['2022-04-01'])
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from typing import Any

from .render import TYPE_QUAD as _TYPE_QUAD

__all__ = ["TIMELINE_GAP_DAYS", "TIMELINE_MARGIN_DAYS", "TIMELINE_OUTLIER_SHARE",
           "TIMELINE_TAIL", "bin_of", "day_series", "timeline_span", "timeline_start"]

#: Share of the dated events that may fall before the timeline's start: a story about
#: 2022 that mentions 2014 should not squeeze three months into the last pixels.
TIMELINE_TAIL = 0.02
TIMELINE_MARGIN_DAYS = 14
#: An empty stretch this long splits off outliers when the part beyond it holds at most
#: :data:`TIMELINE_OUTLIER_SHARE` of the events (background years, misdated items).
TIMELINE_GAP_DAYS = 90
TIMELINE_OUTLIER_SHARE = 0.10
#: Longest span drawn by day, then by week; longer spans are drawn by month.
DAY_BINS_UP_TO = 92
WEEK_BINS_UP_TO = 732

def _per_day(by_day: list[dict[str, Any]]) -> Counter[str]:
    per_day: Counter[str] = Counter()
    for r in by_day:
        if r.get("day"):
            per_day[str(r["day"])[:10]] += int(r.get("n") or 0)
    return per_day


def timeline_start(by_day: list[dict[str, Any]]) -> str | None:
    """The first day the timeline draws: the day before which at most
    :data:`TIMELINE_TAIL` of the events lie, less a margin (None: draw everything)."""
    per_day = _per_day(by_day)
    total = sum(per_day.values())
    if not total:
        return None
    seen = 0
    for day in sorted(per_day):
        if seen + per_day[day] > TIMELINE_TAIL * total:
            start = _dt.date.fromisoformat(day) - _dt.timedelta(days=TIMELINE_MARGIN_DAYS)
            return start.isoformat()
        seen += per_day[day]
    return None


def timeline_span(by_day: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    """``(start, end)`` of the drawn span; None where nothing is cut at that end.

    The start is the later of :func:`timeline_start` and the first day after the last
    long gap (:data:`TIMELINE_GAP_DAYS`) with few events before it; the end, the last day
    before the first long gap with few events after it.
    """
    per_day = _per_day(by_day)
    total = sum(per_day.values())
    if not total:
        return None, None
    days = sorted(per_day)
    dates = [_dt.date.fromisoformat(d) for d in days]
    limit = TIMELINE_OUTLIER_SHARE * total
    start = timeline_start(by_day)
    before = 0
    for i in range(1, len(days)):
        before += per_day[days[i - 1]]
        if before > limit:
            break
        if (dates[i] - dates[i - 1]).days > TIMELINE_GAP_DAYS:
            cut = max(dates[i] - _dt.timedelta(days=TIMELINE_MARGIN_DAYS),
                      dates[i - 1] + _dt.timedelta(days=1)).isoformat()
            start = cut if start is None or cut > start else start
    end = None
    after = 0
    for i in range(len(days) - 1, 0, -1):
        after += per_day[days[i]]
        if after > limit:
            break
        if (dates[i] - dates[i - 1]).days > TIMELINE_GAP_DAYS:
            end = days[i - 1]
    return start, end


def bin_of(day: _dt.date, unit: str) -> str:
    """The first day of the ``unit`` (``day``, ``week`` from Monday, ``month``) holding
    ``day``, ISO-formatted."""
    if unit == "week":
        return (day - _dt.timedelta(days=day.weekday())).isoformat()
    if unit == "month":
        return day.replace(day=1).isoformat()
    return day.isoformat()


def _unit(first: str, last: str) -> str:
    span = (_dt.date.fromisoformat(last) - _dt.date.fromisoformat(first)).days
    if span <= DAY_BINS_UP_TO:
        return "day"
    return "week" if span <= WEEK_BINS_UP_TO else "month"


def _years(days: Counter[str]) -> list[dict[str, Any]]:
    years: Counter[str] = Counter()
    for d, n in days.items():
        years[d[:4]] += n
    return [{"year": y, "n": n} for y, n in sorted(years.items())]


def day_series(by_day: list[dict[str, Any]]) -> dict[str, Any]:
    """Chart data: events per bin by type, and cooperation vs conflict with the mean
    Goldstein score, over the span where the events are.

    ``bin`` is ``day``, ``week`` or ``month`` (``days`` are the bins' first days);
    ``earlier``/``later`` count the outliers left out before ``start``/after ``end``, and
    ``outliers`` lists them by year. The events table still lists every event.
    """
    start, end = timeline_span(by_day)
    out_days: Counter[str] = Counter()
    earlier = later = 0
    kept = []
    for r in by_day:
        if not r.get("day"):
            continue
        day, n = str(r["day"])[:10], int(r.get("n") or 0)
        if start is not None and day < start:
            earlier += n
            out_days[day] += n
        elif end is not None and day > end:
            later += n
            out_days[day] += n
        else:
            kept.append(r)
    present = sorted({str(r["day"])[:10] for r in kept})
    unit = _unit(present[0], present[-1]) if present else "day"
    types = sorted({r["plover_type"] for r in kept if r.get("plover_type")},
                   key=lambda t: (_TYPE_QUAD.get(t, 9), t))
    per_type: dict[str, Counter[str]] = defaultdict(Counter)
    coop: Counter[str] = Counter()
    conflict: Counter[str] = Counter()
    g_sum: dict[str, float] = defaultdict(float)
    g_n: Counter[str] = Counter()
    for r in kept:
        b = bin_of(_dt.date.fromisoformat(str(r["day"])[:10]), unit)
        n = int(r.get("n") or 0)
        t = r.get("plover_type") or "?"
        per_type[t][b] += n
        q = r.get("quad_class") or _TYPE_QUAD.get(t, 0)
        if q in (1, 2):
            coop[b] += n
        elif q in (3, 4):
            conflict[b] += n
        if r.get("goldstein_mean") is not None:
            g_sum[b] += float(r["goldstein_mean"]) * n
            g_n[b] += n
    bins = sorted({bin_of(_dt.date.fromisoformat(d), unit) for d in present})
    return {
        "bin": unit,
        "days": bins,
        "types": [{"type": t, "quad": _TYPE_QUAD.get(t, 0),
                   "counts": [per_type[t].get(b, 0) for b in bins]} for t in types],
        "coop": [coop[b] for b in bins],
        "conflict": [-conflict[b] for b in bins],
        "goldstein": [round(g_sum[b] / g_n[b], 2) if g_n[b] else None for b in bins],
        "earlier": earlier,
        "later": later,
        "start": start if earlier else None,
        "end": end if later else None,
        "outliers": _years(out_days),
    }
