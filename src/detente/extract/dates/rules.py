"""Resolution of time expressions against an anchor date (usually the publication date).
Expressions are found by :mod:`detente.extract.dates.patterns`.

The rules here are the project's own and run in microseconds; dateparser is only asked
about absolute expressions the rules do not know ("2022-04-20", "20/04/2022"), with a
fixed base date, past preference and a cache.

Documented choices (see ``docs/dates_places.md``):

* A bare weekday ("stalled Friday", "on Sunday") means the most recent such day on or
  before the anchor: a weekday equal to the anchor's weekday is the anchor itself
  (news reports the day's events), otherwise the last one before it. "last Friday" is
  strictly before the anchor. With a future cue in the clause ("will meet on Monday") or
  "next Monday", it is the first such day on or after the anchor (strictly after for
  "next").
* A month and day without a year ("April 15"), or a month ("in June"), takes the
  anchor's year, unless that lands more than 90 days after the anchor, then the year
  before (an article of January mentioning "December 20"). In a past-tense clause ("it
  ended in June") it is never after the anchor; in a future one ("will vote in
  February") never more than a month before it.
* "last week" is Monday..Sunday of the previous ISO week (granularity ``week``); "this
  week" the current one; "the past week" the seven days ending on the anchor. The same
  for months and years.
* "earlier this month" runs from the first of the month to the anchor.
* Vague expressions ("in recent weeks", "recently", "the 1990s", "Ramadan") are kept with
  ``value=None`` and granularity ``vague``. Durations ("two years", "42 years old") are not
  references to a time and are dropped.
* Without an anchor, relative expressions keep their granularity with ``value=None``;
  absolute ones ("Nov. 30, 2021") still resolve.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...timeparse import dateparser_parse
from .patterns import finder, vocab

__all__ = ["Resolved", "resolve_match", "resolve_text", "weekday_date"]

D = _dt.date
DAY = _dt.timedelta(days=1)

# A year-less month-day more than this far after the anchor is read as last year's.
_FUTURE_SLACK_DAYS = 90


@dataclass(frozen=True, slots=True)
class Resolved:
    """What an expression means: first and last day, and granularity."""

    value: _dt.date | None
    value_end: _dt.date | None
    granularity: str


VAGUE = Resolved(None, None, "vague")


# --- calendar helpers -----------------------------------------------------------------


def _month_range(year: int, month: int) -> tuple[D, D]:
    return D(year, month, 1), D(year, month, calendar.monthrange(year, month)[1])


def _shift_month(d: D, months: int) -> tuple[int, int]:
    m = d.year * 12 + (d.month - 1) + months
    return m // 12, m % 12 + 1


def _week_range(d: D) -> tuple[D, D]:
    monday = d - d.weekday() * DAY
    return monday, monday + 6 * DAY


def _safe_date(year: int, month: int, day: int) -> D | None:
    try:
        return D(year, month, day)
    except ValueError:
        return None


def weekday_date(weekday: int, *, anchor: D, mod: str = "", future: bool = False) -> D:
    """The date of a weekday named relative to ``anchor`` (rules in the module doc)."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if mod in ("last", "previous", "this past"):
        return anchor - (back or 7) * DAY
    if mod == "next":
        return anchor + (ahead or 7) * DAY
    if future:
        return anchor + ahead * DAY
    return anchor - back * DAY


def _year_for(month: int, day: int, *, anchor: D, future: bool, past: bool = False) -> int:
    """Past preference for a year-less month-day (see the module doc)."""
    candidate = _safe_date(anchor.year, month, day) or D(anchor.year, month, 28)
    if future:
        return anchor.year if candidate >= anchor - 30 * DAY else anchor.year + 1
    if past:  # a past-tense clause: never after the report
        return anchor.year if candidate <= anchor else anchor.year - 1
    if (candidate - anchor).days > _FUTURE_SLACK_DAYS:
        return anchor.year - 1
    return anchor.year


# --- resolution -------------------------------------------------------------------------


def _num(word: str) -> int | None:
    w = word.lower()
    if w.isdigit():
        return int(w)
    return vocab().numbers.get(w)


def resolve_match(m: re.Match[str], *, anchor: D | None, future: bool = False,
                  past: bool = False) -> Resolved | None:
    """The meaning of a :func:`finder` match, or None when it is not a real date.

    ``future``/``past``: the tense of the clause holding it, when known (see
    :func:`detente.extract.dates.find.clause_tense`)."""
    v = vocab()
    g = m.groupdict()
    if g["vague"]:
        return VAGUE
    if g["md"]:
        month = v.months[g["md_mon"].lower()]
        if not g["md_mon"][0].isupper():  # "may 5" in running text is rare; "May 5" is a date
            return None
        day = int(g["md_day"])
        if g["md_year"]:
            d = _safe_date(int(g["md_year"]), month, day)
            return Resolved(d, d, "day") if d else None
        if _safe_date(2000, month, day) is None:  # "April 31": not a date
            return None
        if anchor is None:
            return Resolved(None, None, "day")
        d = _safe_date(_year_for(month, day, anchor=anchor, future=future, past=past), month, day)
        return Resolved(d, d, "day") if d else None
    if g["dm"]:
        month = v.months[g["dm_mon"].lower()]
        if not g["dm_mon"][0].isupper():
            return None
        day = int(g["dm_day"])
        if g["dm_year"]:
            d = _safe_date(int(g["dm_year"]), month, day)
            return Resolved(d, d, "day") if d else None
        if _safe_date(2000, month, day) is None:
            return None
        if anchor is None:
            return Resolved(None, None, "day")
        d = _safe_date(_year_for(month, day, anchor=anchor, future=future, past=past), month, day)
        return Resolved(d, d, "day") if d else None
    if g["ago"]:
        n = _num(g["ago_n"])
        unit = v.units[g["ago_unit"].lower()]
        if n is None or n > 400:
            return None
        return _ago(n, unit, anchor=anchor)
    if g["rel"]:
        pre = (g["rel_pre"] or "").lower()
        mod = " ".join(g["rel_mod"].lower().split())
        return _relative(pre, mod, g["rel_unit"].lower(), anchor=anchor)
    if g["dw"]:
        offset = v.day_words[" ".join(g["dw"].lower().split())]
        if anchor is None:
            return Resolved(None, None, "day")
        d = anchor + offset * DAY
        return Resolved(d, d, "day")
    if g["my"]:
        if not g["my_mon"][0].isupper():
            return None
        first, last = _month_range(int(g["my_year"]), v.months[g["my_mon"].lower()])
        return Resolved(first, last, "month")
    if g["mo"]:
        if not g["mo_mon"][0].isupper() or (g["mo_mon"] == "May" and _modal_may(m)):
            return None
        month = v.months[g["mo_mon"].lower()]
        if anchor is None:
            return Resolved(None, None, "month")
        first, last = _month_range(_year_for(month, 1, anchor=anchor, future=future, past=past), month)
        return Resolved(first, last, "month")
    if g["wd"]:
        if not g["wd_day"][0].isupper():  # "friday" in lower case is not how news writes it
            return None
        if anchor is None:
            return Resolved(None, None, "day")
        mod = " ".join((g["wd_mod"] or "").lower().split())
        d = weekday_date(v.weekdays[g["wd_day"].lower()], anchor=anchor, mod=mod, future=future)
        return Resolved(d, d, "day")
    if g["yr"]:
        year = int(g["yr"])
        return Resolved(D(year, 1, 1), D(year, 12, 31), "year")
    return None


def _modal_may(m: re.Match[str]) -> bool:
    """ "by May be" / "this May not": a bare "May" followed by a verb-like word is the
    modal verb, not the month."""
    rest = m.string[m.end("mo_mon"):m.end("mo_mon") + 12]
    return bool(re.match(r"\s+(?:be|have|not|also|well|still|soon)\b", rest))


def _ago(n: int, unit: str, *, anchor: D | None) -> Resolved:
    if anchor is None:
        return Resolved(None, None, "day" if unit == "day" else unit)
    if unit == "day":
        d = anchor - n * DAY
        return Resolved(d, d, "day")
    if unit == "week":
        return Resolved(*_week_range(anchor - 7 * n * DAY), "week")
    if unit == "month":
        return Resolved(*_month_range(*_shift_month(anchor, -n)), "month")
    year = anchor.year - n
    return Resolved(D(year, 1, 1), D(year, 12, 31), "year")


def _relative(pre: str, mod: str, unit: str, *, anchor: D | None) -> Resolved:
    """last/this/next/past week|month|year, optionally "earlier"/"later" this ..."""
    if anchor is None:
        return Resolved(None, None, unit)
    step = {"last": -1, "previous": -1, "this past": -1, "this": 0, "next": 1, "coming": 1}
    if mod == "past":
        days = {"week": 6, "month": 29, "year": 364}[unit]
        return Resolved(anchor - days * DAY, anchor, unit)
    k = step.get(mod, 0)
    if unit == "week":
        first, last = _week_range(anchor + 7 * k * DAY)
    elif unit == "month":
        first, last = _month_range(*_shift_month(anchor, k))
    else:
        first, last = D(anchor.year + k, 1, 1), D(anchor.year + k, 12, 31)
    if k == 0 and pre == "earlier":
        last = anchor  # "earlier this month": from the first up to the report
    elif k == 0 and pre == "later":
        first = anchor
    return Resolved(first, last, unit)


# --- free text (spaCy DATE entities the finder did not cover) ----------------------------

_LEAD = re.compile(r"^(?:on|in|at|by|since|from|until|during|of|as\s+of|the|this\s+past)\s+",
                   re.IGNORECASE)
_DURATION = re.compile(
    r"^(?:the\s+)?(?:(?:about|nearly|almost|over|more\s+than|less\s+than|some|at\s+least|"
    r"another|a\s+further|the\s+past|the\s+last|the\s+next|the\s+first|several|a\s+few|"
    r"few|many|two|three|four|five|six|seven|eight|nine|ten|\d+|a|an|one)\s+)*"
    r"(?:\d+|[a-z]+)?[-\s]*(?:days?|weeks?|months?|years?|decades?|centuries|century|hours?)"
    r"(?:[-\s]+(?:old|long|later|earlier|before|after|since))?$",
    re.IGNORECASE,
)
_AGE = re.compile(r"\b(?:ages?|aged|old|age\s+of)\b", re.IGNORECASE)
_DECADE = re.compile(r"^(?:the\s+)?(?:early\s+|late\s+|mid-?)?'?(?:\d{2}|\d{4})s$", re.IGNORECASE)
_PART_OF_MONTH = re.compile(
    r"^(?:early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of|"
    r"the\s+middle\s+of|middle\s+of)[-\s]*(?P<mon>[A-Z][a-z]+)\.?(?:,?\s+(?P<year>(?:19|20)\d\d))?$"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_NUMBERISH = re.compile(r"^[\d\s.,/-]+$")
_ADJECTIVES = frozenset({"daily", "weekly", "monthly", "annual", "yearly", "nightly",
                         "annually", "quarterly", "biweekly", "decades", "years", "days"})


def resolve_text(text: str, *, anchor: D | None) -> Resolved | None:
    """Resolve an expression found by NER (not by :func:`finder`), or None to drop it."""
    t = " ".join(text.split()).strip(" ,.;:")
    while True:
        stripped = _LEAD.sub("", t)
        if stripped == t:
            break
        t = stripped
    if not t or t.lower() in _ADJECTIVES or _AGE.search(t):
        return None  # "daily", "between the ages of 18 and 29", "aged 42": not a time
    m = finder().fullmatch(t)
    if m is not None:
        return resolve_match(m, anchor=anchor)
    m = _PART_OF_MONTH.match(t)
    if m is not None and m.group("mon").lower() in vocab().months:  # "mid-April", "the end of March 2022": the month
        mon = vocab().months[m.group("mon").lower()]
        if m.group("year"):
            return Resolved(*_month_range(int(m.group("year")), mon), "month")
        if anchor is None:
            return Resolved(None, None, "month")
        return Resolved(*_month_range(_year_for(mon, 1, anchor=anchor, future=False), mon),
                        "month")
    holiday = vocab().holidays.get(t.lower().replace("’", "'"))
    if holiday is not None:
        if anchor is None:
            return Resolved(None, None, "day")
        d = _safe_date(_year_for(*holiday, anchor=anchor, future=False), *holiday)
        return Resolved(d, d, "day")
    if _YEAR.match(t):
        year = int(t)
        return Resolved(D(year, 1, 1), D(year, 12, 31), "year")
    if _DECADE.match(t):
        return VAGUE
    if _DURATION.match(t):
        return None
    if _NUMBERISH.match(t):
        # "42", "3.5": numbers NER took for dates; only full numeric dates go on
        if not re.match(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$", t):
            return None
        return _dateparser(t, anchor)
    low = t.lower()
    if any(w in vocab().months for w in re.findall(r"[a-z]+", low)):
        return _dateparser(t, anchor) or VAGUE
    return VAGUE


def _dateparser(text: str, anchor: D | None) -> Resolved | None:
    parsed = _dateparser_cached(text, anchor)
    if parsed is None:
        return None
    d, has_day = parsed
    if has_day:
        return Resolved(d, d, "day")
    return Resolved(*_month_range(d.year, d.month), "month")


@lru_cache(maxsize=4096)
def _dateparser_cached(text: str, anchor: D | None) -> tuple[D, bool] | None:
    """dateparser for absolute forms only, base fixed to the anchor, past preferred."""
    base = _dt.datetime.combine(anchor or D(2000, 1, 1), _dt.time(12))
    settings: dict[str, Any] = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["month"],
        "PREFER_DAY_OF_MONTH": "first",
    }
    if anchor is None:
        settings["REQUIRE_PARTS"] = ["month", "year"]
    parsed = dateparser_parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    has_day = bool(re.search(r"(?<![\d])[0-3]?\d(?:st|nd|rd|th)?(?![\d])", text.replace(
        str(parsed.year), "")))
    return parsed.date(), has_day
