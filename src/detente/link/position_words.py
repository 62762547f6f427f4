"""The word patterns positions are read with, compiled once from ``linking.toml``
[positions]: where a stance verb's clause ends, what may stand between a holder and its
verb, when a holder is inside someone else's statement or a prepositional object, when a
date is a time reference, and month and weekday words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ._text import config

__all__ = ["PositionWords", "words"]


@dataclass(frozen=True, slots=True)
class PositionWords:
    """The word patterns of positions, compiled once from ``linking.toml`` [positions]."""

    clause_end: re.Pattern[str]  # where a stance verb's clause ends
    aux: re.Pattern[str]  # what may stand between a holder and its stance verb
    embedded: re.Pattern[str]  # a holder inside someone else's statement
    prep_before: re.Pattern[str]  # a holder that is a prepositional object
    near_since: re.Pattern[str]  # a date that is a time reference
    calendar: re.Pattern[str]  # a month or weekday word
    bare_year: re.Pattern[str]  # a year alone, maybe after a preposition (fullmatch)


def _alternation(words: list[str]) -> str:
    """``a|b|c`` of escaped words; a trailing ``*`` allows any word ending."""
    return "|".join(re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w)
                    for w in words)


@lru_cache(maxsize=1)
def words() -> PositionWords:
    w = config()["positions"]
    return PositionWords(
        # a participle adding the speaker's comment, a contrast, a semicolon, a dash, the
        # sentence end
        clause_end=re.compile(
            r",\s+(?:" + _alternation(w["clause_end_after_comma"]) + r")\b|,\s+and\s+that\b"
            r"|\s+(?:" + _alternation(w["clause_end_before_capital"]) + r")\s+(?=[A-Z])"
            r"|;|\s[—–]\s|\s-\s|\s+but\s|[.!?](?=[\"”’')\]]*(?:\s|$))",
            re.IGNORECASE),
        aux=re.compile(r"^(?:\s|(?:" + _alternation(w["holder_verb_gap"]) + r"|\w+ly)\b)*$",
                       re.IGNORECASE),
        embedded=re.compile(r"\b(?:" + _alternation(w["embedding_words"]) + r")\s*$",
                            re.IGNORECASE),
        prep_before=re.compile(r"\b(?:" + _alternation(w["prepositions_before_holder"])
                               + r")\s*$", re.IGNORECASE),
        near_since=re.compile(r"\b(?:" + _alternation(w["since_words"]) + r")\s*$",
                              re.IGNORECASE),
        calendar=re.compile(r"(?:" + _alternation(w["calendar_prefixes"]) + r")[a-z]*\.?$"),
        bare_year=re.compile(r"(?:(?:" + _alternation(w["bare_year_words"]) + r")\s+)?\d{4}",
                             re.IGNORECASE),
    )
