"""Finding time expressions in text (used by :mod:`detente.extract.dates.find`): the
vocabulary of ``lexicon/dates.toml`` (:func:`vocab`), one compiled pattern for the
project's own expressions (:func:`finder`) and the bounded scan that runs it only where a
trigger word occurs (:func:`find_all`). What a match means is decided by
:mod:`detente.extract.dates.rules`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...lexicon import load_data

__all__ = ["Vocab", "find_all", "finder", "vocab"]


@dataclass(frozen=True)
class Vocab:
    weekdays: dict[str, int]
    months: dict[str, int]
    numbers: dict[str, int]
    units: dict[str, str]
    day_words: dict[str, int]
    vague: tuple[str, ...]
    future_aux: frozenset[str]
    future_cues: frozenset[str]
    holidays: dict[str, tuple[int, int]]


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    """The vocabulary of ``lexicon/dates.toml`` (loaded once)."""
    data = load_data("dates.toml")
    return Vocab(
        weekdays={k.lower(): int(v) for k, v in data["weekdays"].items()},
        months={k.lower(): int(v) for k, v in data["months"].items()},
        numbers={k.lower(): int(v) for k, v in data["numbers"].items()},
        units={k.lower(): str(v) for k, v in data["units"].items()},
        day_words={k.lower(): int(v) for k, v in data["day_words"].items()},
        vague=tuple(p.lower() for p in data["vague"]["phrases"]),
        future_aux=frozenset(a.lower() for a in data["future"]["auxiliaries"]),
        future_cues=frozenset(c.lower() for c in data["future"]["cues"]),
        holidays={k.lower(): (int(v[0]), int(v[1])) for k, v in data.get("holidays", {}).items()},
    )


def _alt(words: list[str]) -> str:
    """A regex alternation, longest first so "Thursday" beats "Thu"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def finder() -> re.Pattern[str]:
    """One compiled pattern that finds every expression the rules resolve.

    Each alternative has named groups; :func:`resolve_match` reads them. Alternatives are
    ordered so that the longest reading at a position wins ("Friday, April 8, 2022" as a
    whole, not "Friday").
    """
    v = vocab()
    full_wd = _alt([w for w, _ in v.weekdays.items() if len(w) > 4])
    # month abbreviations only with a dot or a day number after them (never "may" alone)
    mon = _alt(list(v.months))
    full_mon = _alt([m for m in v.months if len(m) > 3 or m == "may"])
    num = _alt(list(v.numbers)) + r"|\d{1,3}"
    unit = _alt(list(v.units))
    day_words = _alt(list(v.day_words))
    vague = _alt(list(v.vague))
    sep = r"(?:\s*,\s*|\s+)"  # "Friday, April 8" (a comma, or only spaces)
    parts = [
        rf"(?P<vague>\b(?:{vague})\b)",
        # Friday, April 8, 2022 / April 15 / Nov. 30, 2021 / April 15th
        rf"(?P<md>\b(?:(?P<md_wd>{full_wd}){sep})?(?P<md_mon>{mon})\.?\s+"
        rf"(?P<md_day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*(?:%|percent|per\b|-))"
        rf"(?:{sep}(?P<md_year>(?:19|20)\d\d)\b)?)",
        # 15 April 2022 / 9th of May
        rf"(?P<dm>\b(?P<dm_day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm_mon>{full_mon})\b"
        rf"(?:{sep}(?P<dm_year>(?:19|20)\d\d)\b)?)",
        # five days ago / 2 weeks ago
        rf"(?P<ago>\b(?P<ago_n>{num})\s+(?P<ago_unit>{unit})\s+ago\b)",
        # last week / earlier this month / the past year / next month
        r"(?P<rel>\b(?:(?P<rel_pre>earlier|later|early|late)\s+)?(?P<rel_mod>this\s+past|last|past|"
        r"previous|this|next|coming)\s+(?P<rel_unit>week|month|year)\b)",
        rf"(?P<dw>\b(?:{day_words})\b)",
        # April 2022 / in April / since March
        rf"(?P<my>\b(?P<my_mon>{full_mon})\s+(?P<my_year>(?:19|20)\d\d)\b)",
        rf"(?:\b(?:(?:in|since|until|by|during|from|early|late|last|next|this)\s+|mid-?\s*)"
        rf"(?P<mo>(?P<mo_mon>{full_mon}))\b(?!\s+\d))",
        # last Friday / next Monday / Sunday morning / on Sunday
        rf"(?P<wd>\b(?:(?P<wd_mod>this\s+past|last|next|this|previous)\s+)?(?P<wd_day>{full_wd})"
        rf"(?:\s+(?:morning|afternoon|evening|night))?\b)",
        # in 2014 / since 2014 (a bare four-digit number is left to NER)
        r"(?:\b(?:(?:in|since|until|by|during|from|before|after|of|early|late)\s+|mid-?\s*)"
        r"(?P<yr>(?:19|20)\d\d)\b(?![-/.]\d|s\b|'s\b))",
    ]
    return re.compile("|".join(parts), re.IGNORECASE)


@lru_cache(maxsize=1)
def _trigger_words() -> tuple[str, ...]:
    """Words at least one of which every :func:`finder` match contains (weekday and month
    names, units, "ago", "today", the last words of the vague phrases); years apart."""
    v = vocab()
    words: set[str] = {w for w in v.weekdays if len(w) > 4} | set(v.months) | set(v.units)
    words |= {w for phrase in v.day_words for w in phrase.split()}
    words |= {phrase.split()[-1] for phrase in v.vague} | {"ago"}
    return tuple(sorted(words))


_YEAR_TRIGGER = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _triggers(text: str) -> list[int]:
    """Start offsets of trigger words. ``str.find`` per word over the lower-cased text
    runs at C speed; it is ~3x cheaper than one case-insensitive alternation."""
    low = text.lower()
    n = len(low)
    out: list[int] = []
    for w in _trigger_words():
        size = len(w)
        i = low.find(w)
        while i >= 0:
            e = i + size
            if (i == 0 or not low[i - 1].isalnum()) and (e >= n or not low[e].isalnum()):
                out.append(i)
            i = low.find(w, e)
    out.extend(m.start() for m in _YEAR_TRIGGER.finditer(text))
    return out


# How far before a trigger word an expression may start: "in the past few months",
# "this past Friday", "the 9th of May" start at most four words earlier.
_WORDS_BEFORE = 4


def find_all(text: str) -> list[re.Match[str]]:
    """The :func:`finder` matches of ``text``, leftmost first and longest at a position,
    not overlapping -- found by trying the pattern only at the few word starts before
    each trigger word instead of at every character."""
    f = finder()
    cands: dict[int, re.Match[str]] = {}
    for start in _triggers(text):
        for pos in _word_starts_before(text, start):
            if pos in cands:
                continue
            m = f.match(text, pos)
            if m is not None and m.end() > m.start():
                cands[pos] = m
    out: list[re.Match[str]] = []
    last_end = -1
    for pos in sorted(cands):
        m = cands[pos]
        if pos >= last_end:
            out.append(m)
            last_end = m.end()
    return out


_OPENERS = frozenset("([{\"'“‘")


def _word_starts_before(text: str, p: int) -> list[int]:
    """``p``, the start of its word ("mid-April"), and the starts of up to
    :data:`_WORDS_BEFORE` words before it on the same line."""
    out = [p]
    i = p
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    k = i
    while k < p and text[k] in _OPENERS:
        k += 1
    if k != p:
        out.append(k)
    for _ in range(_WORDS_BEFORE):
        j = i - 1
        while j >= 0 and text[j] in " \t,":
            j -= 1
        if j < 0 or text[j] in "\n.;:!?\"”":
            break
        while j > 0 and not text[j - 1].isspace():
            j -= 1
        i = j
        while j < p and text[j] in _OPENERS:  # "(in September)": the word after "("
            j += 1
        out.append(j)
    return out
