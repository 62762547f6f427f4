"""What the curated actor dictionary (:mod:`detente.lexicon.actors`) and the PETRARCH
dictionaries (:mod:`detente.lexicon.petrarch_actors`) share: date-bounded roles, the key
of a name, actor codes and the dictionaries' dates.

>>> normalise_name("the Kremlin's")
'kremlin'
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from ..errors import LexiconError
from . import load_data

__all__ = ["Role", "actor_code", "dictionary_date", "normalise_name", "role_on"]

# courtesy titles stripped from a name key (one list for the package: person_words.toml)
_HONORIFICS = tuple(f"{h} " for h in load_data("person_words.toml")["courtesy"])


@dataclass(frozen=True, slots=True)
class Role:
    """An office held between two dates (inclusive ``valid_from``, exclusive
    ``valid_to``; None = open). ``country`` is None for IGO offices (``igo`` set)."""

    role: str
    country: str | None
    sector: str | None
    igo: str | None = None
    valid_from: _dt.date | None = None
    valid_to: _dt.date | None = None

    def holds_on(self, day: _dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to)


def normalise_name(text: str, *, lower: bool = True) -> str:
    """Key of a name (lower case unless ``lower=False``): no leading "the", possessive
    or honorific."""
    key = " ".join(text.split())
    if lower:
        key = key.lower()
    for suffix in ("'s", "’s", "'", "’"):
        if key.endswith(suffix):
            key = key[: -len(suffix)].rstrip()
            break
    if key[:4].lower() == "the ":
        key = key[4:]
    for h in _HONORIFICS:
        if key[: len(h)].lower() == h:
            key = key[len(h):]
            break
    return key


def actor_code(base: str, sector: str | None) -> str:
    return f"{base} {sector}" if base and sector else base


def role_on(roles: tuple[Role, ...], on: _dt.date | None) -> Role | None:
    if not roles:
        return None
    if on is None:
        return max(roles, key=lambda r: r.valid_from or _dt.date.min)
    # the latest-starting role held that day wins (Xi: General Secretary, then President)
    held = [r for r in roles if r.holds_on(on)]
    return max(held, key=lambda r: r.valid_from or _dt.date.min) if held else None


def dictionary_date(value: Any, *, where: str) -> _dt.date | None:
    from ..timeparse import parse_iso_date

    return parse_iso_date(value, name=f"actor dictionary, {where}", error=LexiconError)
