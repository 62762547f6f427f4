"""The PETRARCH actor and agent dictionaries (shipped, converted by
``scripts/convert_petrarch.py``, and the user's own ``*.actors.txt`` / ``*.agents.txt`` in
``DETENTE_LEXICON_DIR``): people with date-bounded offices, groups and agent nouns, looked
up by a folded name key. The curated dictionary (:mod:`detente.lexicon.actors`) falls back
on them.
"""

from __future__ import annotations

import datetime as _dt
import gzip
import json
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import LexiconError
from ..records import ActorRef
from . import data_path, load_data
from .actor_base import Role, actor_code, dictionary_date, normalise_name, role_on

__all__ = ["ExtraActor", "ExtraActors", "fold_name", "load_extra_actors"]


_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                       "ß": "ss", "ı": "i", "’": "'"})


def fold_name(text: str) -> str:
    """Lookup key of a name in the PETRARCH dictionaries: :func:`normalise_name`, then
    accents removed ("Radosław" = "RADOSLAW") and dots dropped ("U.S." = "US")."""
    key = normalise_name(text.translate(_FOLD))
    key = unicodedata.normalize("NFKD", key)
    key = "".join(c for c in key if not unicodedata.combining(c))
    return " ".join(key.replace(".", " ").split())


@dataclass(frozen=True, slots=True)
class ExtraActor:
    """A PETRARCH actor: ``name``, ``kind`` (``person`` or ``group``), ``country``
    (the one its codes name, kept outside its offices), ``roles`` and ``source`` (the
    file it came from)."""

    name: str
    kind: str
    country: str | None
    roles: tuple[Role, ...]
    source: str


class ExtraActors:
    """The PETRARCH actors and agents, indexed by folded alias / agent head word."""

    def __init__(self, records: list[list[Any]],
                 agents: list[tuple[str, str | None, bool]]) -> None:
        # records: [name, folded alias keys, kind, country, raw roles, source]; an
        # ExtraActor is built only when a lookup reaches it (start-up stays cheap)
        self._records = records
        self._built: dict[int, ExtraActor] = {}
        self._first: frozenset[str] | None = None
        index: dict[str, list[int]] = {}
        for i, rec in enumerate(records):
            for key in rec[1]:
                ids = index.setdefault(key, [])
                if not ids or ids[-1] != i:
                    ids.append(i)
        self.by_alias = index
        heads: dict[str, list[tuple[tuple[str, ...], str | None]]] = {}
        for phrase, sector, igo in agents:
            words = phrase.split()
            if not words or igo:
                continue
            slot = heads.setdefault(words[-1], [])
            if all(p != tuple(words[:-1]) for p, _ in slot):
                slot.append((tuple(words[:-1]), sector))
        for slot in heads.values():
            slot.sort(key=lambda x: -len(x[0]))
        self.agents = heads

    def __len__(self) -> int:
        return len(self._records)

    def actor(self, i: int) -> ExtraActor:
        a = self._built.get(i)
        if a is None:
            name, _, kind, country, roles, source = self._records[i]
            a = ExtraActor(name=name, kind=kind, country=country,
                           roles=_roles(roles, f"PETRARCH {name}"), source=source)
            self._built[i] = a
        return a

    @property
    def first_words(self) -> frozenset[str]:
        """The first word of every folded alias key ("GEORGE" of "GEORGE W BUSH"):
        a name whose first word is not here is in no entry, so a caller scanning text
        can skip it with one set test. Built on first use, once per process."""
        if self._first is None:
            self._first = frozenset(key.split(" ", 1)[0] for key in self.by_alias)
        return self._first

    def candidates(self, text: str) -> tuple[ExtraActor, ...]:
        return tuple(self.actor(i) for i in self.by_alias.get(fold_name(text), ()))

    def role_of(self, name: str, *, on: _dt.date, country: str | None) -> Role | None:
        """The office a PETRARCH person named ``name`` (of ``country``, when given)
        held on ``on``; None when none or when the name is ambiguous that day."""
        held = {r for a in self.candidates(name) if a.kind == "person"
                and (country is None or a.country in (None, country))
                for r in [role_on(a.roles, on)] if r is not None}
        codes = {(r.country, r.igo, r.sector) for r in held}
        if len(codes) != 1:
            return None
        return max(held, key=lambda r: r.valid_from or _dt.date.min)

    def resolve(self, text: str, *, on: _dt.date | None, person: bool) -> ActorRef | None:
        """The actor named ``text`` on ``on``.

        Several entries may share an alias ("President Bush"): the ones holding an
        office that day decide, and must agree on the code; with none holding one, a
        person keeps the country all candidates agree on. A one-word name resolves only
        to someone in office that day (a surname alone is too common otherwise).
        ``person`` says the text is a PERSON entity (the result then names a person).
        """
        # any kind: undated people are filed like groups ("BASHAR AL-ASSAD [SYRGOV]"),
        # and an organisation may be named after a person ("the Obama administration")
        cands = list(self.candidates(text))
        if not cands:
            return None
        held = [(a, r) for a in cands for r in [role_on(a.roles, on)] if r is not None]
        codes = {(r.country, r.igo, r.sector) for _, r in held}
        if len(codes) == 1:
            a, r = max(held, key=lambda x: x[1].valid_from or _dt.date.min)
            base = r.igo or r.country or ""
            return ActorRef(code=actor_code(base, r.sector), country=r.country, sector=r.sector,
                            igo=r.igo, person=a.name if person else None,
                            role=r.role or None)
        if codes or " " not in fold_name(text) or not person:
            return None
        countries = {a.country for a in cands}
        if len(countries) == 1 and None not in countries:
            c = countries.pop()
            return ActorRef(code=c or "", country=c, person=cands[0].name)
        return None

    def with_agent(self, ref: ActorRef, nouns: Sequence[str], left: Sequence[str]) -> ActorRef:
        """``ref`` combined with the agent its phrase is headed by (PETRARCH's rule: the
        actor's code, then the agent's sector): "lawmakers" of a country coded ``XYZ``
        is ``XYZ LEG``. ``nouns``: the head word's forms to try (lower case: as
        written, lemma), ``left`` the words before it. Unchanged when ``ref`` already
        has a sector, is no country's, or the head is no agent."""
        if ref.sector or ref.igo or not ref.country:
            return ref
        sector = next((s for n in nouns if (s := self.agent(n, left))), None)
        if not sector:
            return ref
        return ActorRef(code=actor_code(ref.country, sector), country=ref.country,
                        sector=sector, person=ref.person, role=ref.role,
                        actor_id=ref.actor_id)

    def agent(self, noun: str, left: Sequence[str]) -> str | None:
        """Sector of the agent phrase ending in ``noun`` (lower case) whose other words
        are the last words of ``left``; None when no agent phrase matches."""
        for prefix, sector in self.agents.get(noun, ()):
            n = len(prefix)
            if n == 0 or (len(left) >= n and tuple(left[-n:]) == prefix):
                return sector
        return None


def _roles(raw: list[list[Any]], where: str) -> tuple[Role, ...]:
    return tuple(Role(role=r[5] or "", country=r[0], sector=r[2], igo=r[1],
                      valid_from=dictionary_date(r[3], where=where), valid_to=dictionary_date(r[4], where=where))
                 for r in raw)


def _user_petrarch_files(suffix: str) -> list[Path]:
    override = os.environ.get("DETENTE_LEXICON_DIR")
    if not override or not Path(override).is_dir():
        return []
    return sorted(p for p in Path(override).iterdir() if p.name.lower().endswith(suffix))


def _from_text(path: Path) -> list[list[Any]]:
    """A user's PETRARCH-format actors file, read as the converter reads the shipped
    one (records as in ``petrarch/actors.json.gz``)."""
    from .petrarch_format import parse_actors, read_code

    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise LexiconError(f"cannot read {path}: {exc}") from exc
    out: list[list[Any]] = []
    for a in parse_actors(text):
        roles: list[list[Any]] = []
        country = None
        for span in a.codes:
            try:
                rc = read_code(span.code)
            except LexiconError:
                continue
            country = rc.country or country
            if rc.sector == "ELI" or rc.igo == "MNC":
                continue
            roles.append([rc.country, rc.igo, rc.sector,
                          span.valid_from.isoformat() if span.valid_from else None,
                          span.valid_to.isoformat() if span.valid_to else None, span.note])
        if not roles and country is None:
            continue
        dated = any(r[3] or r[4] for r in roles)
        keys = sorted({fold_name(n) for n in (a.name, *a.aliases)} - {""})
        out.append([a.name.title() if a.name.isupper() else a.name, keys,
                    "person" if dated else "group", country, roles, path.name])
    return out


@lru_cache(maxsize=4)
def _load_extra(override: str | None) -> ExtraActors:
    records: list[list[Any]] = []
    agents: list[tuple[str, str | None, bool]] = []
    # the user's files first: on a shared alias their entries come first in the index
    for path in _user_petrarch_files(".actors.txt"):
        records += _from_text(path)
    for path in _user_petrarch_files(".agents.txt"):
        from .petrarch_format import agent_sector, parse_agents

        for ag in parse_agents(path.read_text(encoding="utf-8", errors="replace")):
            try:
                sector, igo = agent_sector(ag.code)
            except LexiconError:
                continue
            agents.append((ag.phrase, sector, igo))
    p = data_path("petrarch/actors.json.gz")
    if p.is_file():
        try:
            data = json.loads(gzip.decompress(p.read_bytes()))
            records += [list(r) for r in data["actors"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise LexiconError(f"PETRARCH actors file {p} is malformed: {exc!r}") from exc
    p = data_path("petrarch/agents.json")
    if p.is_file():
        try:
            agents += [(str(a), s, bool(i)) for a, s, i in load_data("", path=p)["agents"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise LexiconError(f"PETRARCH agents file {p} is malformed: {exc!r}") from exc
    return ExtraActors(records, agents)


def load_extra_actors() -> ExtraActors:
    """The PETRARCH actors and agents (shipped ``lexicon/petrarch/``, plus the user's
    ``*.actors.txt`` / ``*.agents.txt`` in ``DETENTE_LEXICON_DIR``), loaded on first use
    and cached: start-up does not pay for them."""
    return _load_extra(os.environ.get("DETENTE_LEXICON_DIR"))
