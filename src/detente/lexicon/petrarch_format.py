"""Parsers of the PETRARCH / TABARI dictionary formats (actors, agents, discards).

Used by ``scripts/convert_petrarch.py`` (to build the shipped ``lexicon/petrarch/`` files)
and at run time for users' own PETRARCH-format files in ``DETENTE_LEXICON_DIR``.

Actor files: a primary name line (words joined by ``_``, usually ending in ``_``), alias
lines starting with ``+`` (several ``+`` on one line are several aliases), and code lines
``[CODE DATE-RANGE]`` -- codes may also stand on the name or alias line, several per
line. A date range is empty (always), ``>D`` (from D), ``<D`` (until D), ``D-D``
(between, both inclusive); D is ``YYMMDD`` (``YY`` <= 30 is 20YY, else 19YY) or
``YYYYMMDD``. ``#`` starts a comment (a comment on a code line is kept as the role's
note: "Amb. to UN"); ``<!-- ... -->`` blocks are comments. ``[---]`` is no code.

Agents files: ``NOUN {PLURAL} [~SEC]`` -- ``{}`` means no plural, no braces a regular
English plural; ``!NAME! = A, B, C`` defines a substitution used as ``CATTLE!PERSON!``
(each form is a separate agent; substituted forms get no extra plural). A code is
``~SEC`` (a sector added to the actor's code) or ``IGO~`` (the agent is an IGO's).

Discards files: one phrase a line; ``+`` marks a story-level discard.

CAMEO codes (``RUSGOV``, ``POLGOVMIL``, ``IGOWSTNAT``, ``NGOUSAHRI``) are read into the
project's codes by :func:`read_code` with the table ``lexicon/petrarch_codes.toml``.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import LexiconError
from . import load_data

__all__ = ["CodeSpan", "agent_sector", "Discard", "PetrarchActor", "PetrarchAgent", "ReadCode", "name_text",
           "parse_actors", "parse_agents", "parse_date", "parse_discards", "read_code"]

_BRACKETS = re.compile(r"\[([^\]]*)\]")
_SUBST = re.compile(r"^(![A-Z0-9_]+!)\s*=\s*(.+)$")
_MARK = re.compile(r"![A-Z0-9_]+!")
_PLURAL = re.compile(r"\{([^}]*)\}")
_CENTURY_PIVOT = 30  # YYMMDD: YY <= 30 -> 20YY, else 19YY


@dataclass(frozen=True, slots=True)
class CodeSpan:
    """One ``[CODE DATE-RANGE]``: the CAMEO code, ``valid_from`` (inclusive) and
    ``valid_to`` (exclusive: the day after the written inclusive end), ``note`` (the
    comment on its line, if any)."""

    code: str
    valid_from: _dt.date | None = None
    valid_to: _dt.date | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class PetrarchActor:
    """An actor block: primary ``name`` and ``aliases`` (words space-joined, as written
    in the file), its ``codes``, the ``comment`` on the name line, and the number of
    code spans dropped for a malformed date (``bad_dates``)."""

    name: str
    aliases: tuple[str, ...]
    codes: tuple[CodeSpan, ...]
    comment: str | None = None
    bad_dates: int = 0


@dataclass(frozen=True, slots=True)
class PetrarchAgent:
    """An agent noun phrase (space-joined, lower case) and its code (``~COP``, ``IGO~``);
    ``plural`` is True for the generated or listed plural forms."""

    phrase: str
    code: str
    plural: bool = False


@dataclass(frozen=True, slots=True)
class Discard:
    """A discard phrase (as written); ``story`` is True for story-level discards."""

    phrase: str
    story: bool


@dataclass(frozen=True, slots=True)
class ReadCode:
    """A CAMEO code read into the project's terms: ``country`` (ISO alpha-3 or the
    CAMEO country code), ``igo`` (project IGO code, ``NGO``, ``IMG``...), ``sector``
    (primary PLOVER/CAMEO sector) and ``extra`` (the remaining 3-letter groups)."""

    country: str | None
    igo: str | None
    sector: str | None
    extra: tuple[str, ...] = ()

    @property
    def base(self) -> str:
        return self.igo or self.country or ""

    @property
    def code(self) -> str:
        return f"{self.base} {self.sector}" if self.base and self.sector else self.base


def name_text(raw: str) -> str:
    """A dictionary phrase as words: underscores to spaces, whitespace collapsed."""
    return " ".join(raw.replace("_", " ").split())


def _strip_comments(text: str) -> list[str]:
    """Lines with ``<!-- ... -->`` blocks removed (they may span lines)."""
    out: list[str] = []
    inside = False
    for line in text.splitlines():
        while True:
            if inside:
                end = line.find("-->")
                if end < 0:
                    line = ""
                    break
                line, inside = line[end + 3:], False
            start = line.find("<!--")
            if start < 0:
                break
            out_part, line = line[:start], line[start + 4:]
            inside = True
            end = line.find("-->")
            if end >= 0:
                line, inside = out_part + line[end + 3:], False
            else:
                line = out_part
                out.append(line)
                line = ""
                break
        out.append(line)
    return out


def _split_comment(line: str) -> tuple[str, str | None]:
    """(content, comment): ``#`` outside brackets starts the comment."""
    depth = 0
    for i, ch in enumerate(line):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(depth - 1, 0)
        elif ch == "#" and depth == 0:
            return line[:i], line[i + 1:].strip() or None
    return line, None


def parse_date(raw: str) -> _dt.date:
    """``YYMMDD`` or ``YYYYMMDD`` as a date; ValueError when malformed."""
    if not raw.isdigit() or len(raw) not in (6, 8):
        raise ValueError(f"bad PETRARCH date {raw!r}")
    if len(raw) == 6:
        yy = int(raw[:2])
        year = (2000 if yy <= _CENTURY_PIVOT else 1900) + yy
        return _dt.date(year, int(raw[2:4]), int(raw[4:6]))
    return _dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))


def _date_range(spec: str) -> tuple[_dt.date | None, _dt.date | None]:
    spec = "".join(spec.split())
    if not spec:
        return None, None
    if spec.startswith(">"):
        return parse_date(spec[1:]), None
    if spec.startswith("<"):
        return None, parse_date(spec[1:]) + _dt.timedelta(days=1)
    lo, sep, hi = spec.partition("-")
    if not sep or not lo or not hi:
        raise ValueError(f"bad PETRARCH date range {spec!r}")
    return parse_date(lo), parse_date(hi) + _dt.timedelta(days=1)


def _note(comment: str | None) -> str | None:
    """A comment that reads as a role ("Amb. to UN", "Foreign Minister"), not a
    provenance tag ("CountryInfo.txt", "MleH 23 Jul 2009# NGO_Actors")."""
    if not comment:
        return None
    text = comment.split("#")[0].strip()
    if not text or any(c.isdigit() for c in text) or "." in text.replace(". ", " ") \
            or "_" in text or len(text) > 40:
        return None
    return text


def parse_actors(text: str) -> list[PetrarchActor]:
    """The actor blocks of a PETRARCH actors file, in file order."""
    out: list[PetrarchActor] = []
    name: str | None = None
    aliases: list[str] = []
    codes: list[CodeSpan] = []
    comment: str | None = None
    bad = 0

    def flush() -> None:
        if name is not None:
            out.append(PetrarchActor(name=name, aliases=tuple(aliases), codes=tuple(codes),
                                     comment=comment, bad_dates=bad))

    for raw_line in _strip_comments(text):
        if not raw_line.strip() or raw_line.lstrip().startswith("#"):
            continue
        content, line_comment = _split_comment(raw_line)
        first = content.find("[")
        words = content if first < 0 else content[:first]
        spans = _BRACKETS.findall(content)
        words = words.strip()
        if words.startswith("+"):
            if name is None:
                continue  # an alias before any name: nothing to attach it to
            aliases.extend(a for a in (name_text(p) for p in words.split("+")) if a)
        elif words:
            flush()
            name, aliases, codes, comment, bad = name_text(words), [], [], line_comment, 0
        if name is None:
            continue
        for inner in spans:
            parts = inner.split(None, 1)
            if not parts or set(parts[0]) <= {"-"}:
                continue
            try:
                lo, hi = _date_range(parts[1] if len(parts) > 1 else "")
            except ValueError:
                bad += 1
                continue
            note = _note(line_comment) if not words else None
            codes.append(CodeSpan(code=parts[0].upper(), valid_from=lo, valid_to=hi,
                                  note=note))
    flush()
    return out


def _plural(phrase: str) -> str:
    """Regular English plural of a phrase's last word (PETRARCH's rule)."""
    head, _, last = phrase.rpartition(" ")
    low = last.lower()
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        last = last[:-1] + ("IES" if last.isupper() else "ies")
    elif low.endswith(("s", "x", "z", "ch", "sh")):
        last += "ES" if last.isupper() else "es"
    else:
        last += "S" if last.isupper() else "s"
    return f"{head} {last}" if head else last


def parse_agents(text: str) -> list[PetrarchAgent]:
    """The agents of a PETRARCH agents file, substitutions and plurals expanded; lines
    with no code are skipped."""
    subst: dict[str, list[str]] = {}
    out: list[PetrarchAgent] = []
    seen: set[str] = set()

    def emit(phrase: str, code: str, plural: bool) -> None:
        key = name_text(phrase).lower()
        if key and key not in seen:
            seen.add(key)
            out.append(PetrarchAgent(phrase=key, code=code, plural=plural))

    for raw_line in _strip_comments(text):
        content, _ = _split_comment(raw_line)
        content = content.strip()
        if not content:
            continue
        m = _SUBST.match(content)
        if m:
            subst[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        spans = _BRACKETS.findall(content)
        if not spans:
            continue
        code = spans[0].strip().upper()
        words = content[:content.find("[")]
        pm = _PLURAL.search(words)
        plurals: list[str] | None = None  # None: regular plural
        if pm:
            plurals = [p for p in (name_text(x) for x in pm.group(1).split(",")) if p]
            words = words[:pm.start()] + words[pm.end():]
        words = words.strip()
        if not words or not code:
            continue
        marks = _MARK.findall(words)
        if marks:
            # literal substitution: "CATTLE!PERSON!" -> "CATTLEMAN", "CATTLEMEN", ...;
            # the forms already include the plurals
            forms = [words]
            for mark in marks:
                forms = [f.replace(mark, w, 1) for f in forms for w in subst.get(mark, [])]
            for f in forms:
                emit(f, code, False)
            continue
        emit(words, code, False)
        for p in plurals if plurals is not None else [_plural(name_text(words))]:
            emit(p, code, True)
    return out


def parse_discards(text: str) -> list[Discard]:
    """The phrases of a PETRARCH discards file."""
    out: list[Discard] = []
    for raw_line in _strip_comments(text):
        content, _ = _split_comment(raw_line)
        content = content.strip()
        if not content:
            continue
        story = content.startswith("+")
        phrase = name_text(content.lstrip("+"))
        if phrase:
            out.append(Discard(phrase=phrase, story=story))
    return out


@lru_cache(maxsize=1)
def _iso_codes() -> frozenset[str]:
    data = load_data("actors_countries.json")
    return frozenset(c["id"] for c in data.get("countries", []) if isinstance(c, dict))


def agent_sector(code: str) -> tuple[str | None, bool]:
    """(sector, igo) of an agent code: ``~GOVFRM`` -> (GOV, False), ``~GOVMIL`` ->
    (MIL, False), ``~MUS`` -> (MUS, False), ``IGO~`` -> (None, True)."""
    raw = code.strip().upper()
    if raw.endswith("~"):
        return None, True
    raw = raw.lstrip("~")
    if not raw or len(raw) % 3 or not raw.isalpha():
        raise LexiconError(f"bad agent code {code!r}")
    parts = [raw[i:i + 3] for i in range(0, len(raw), 3)]
    sectors = frozenset(_code_table().get("sectors", []))
    primary = [p for p in parts if p in sectors]
    if not primary:
        return parts[0], False
    if len(primary) > 1:
        return _code_table().get("promote", {}).get(primary[0] + primary[1], primary[0]), False
    return primary[0], False


@lru_cache(maxsize=1)
def _code_table() -> dict[str, Any]:
    return load_data("petrarch_codes.toml")


def read_code(code: str) -> ReadCode:
    """A CAMEO actor code in the project's terms (see ``lexicon/petrarch_codes.toml``):
    ``RUSGOV`` -> RUS/GOV, ``POLGOVMIL`` -> POL/MIL (a government's military office is
    coded MIL, as the project codes defence ministers), ``IGOWSTNAT`` -> NATO,
    ``IGOUNOREFHCR`` -> UNHCR/REF, ``NGOUSAHRI`` -> NGO/HRI (country USA)."""
    table = _code_table()
    countries: dict[str, str] = table.get("countries", {})
    igos: dict[str, str] = table.get("igos", {})
    sectors = frozenset(table.get("sectors", []))
    blocs = frozenset(table.get("blocs", []))
    promote: dict[str, str] = table.get("promote", {})
    code = code.strip().upper().lstrip("~")
    if not code or len(code) % 3 or not code.isalpha():
        raise LexiconError(f"bad CAMEO code {code!r}")
    parts = [code[i:i + 3] for i in range(0, len(code), 3)]
    country: str | None = None
    igo: str | None = None
    rest = parts
    if parts[0] in blocs:  # IGO, NGO, IMG, MNC: the organisation kind, then what it is
        kind = parts[0]
        named = [p for p in parts[1:] if p in igos]
        igo = igos[named[-1]] if named else kind
        rest = [p for p in parts[1:] if p not in igos]
        located = [p for p in rest if p not in sectors and p not in blocs]
        if located and kind in ("NGO", "IMG"):
            iso = countries.get(located[0], located[0])
            if iso in _iso_codes() and located[0] not in table.get("religions", []):  # "NGOUSAHRI" is US-based; "IMGMUSALQ" is no country
                country = iso
                rest = [p for p in rest if p != located[0]]
    elif parts[0] not in sectors:
        country = countries.get(parts[0], parts[0])
        rest = parts[1:]
    primary = [p for p in rest if p in sectors]
    sector = primary[0] if primary else None
    if sector is not None and len(primary) > 1:
        sector = promote.get(f"{primary[0]}{primary[1]}", sector)
    extra = tuple(p for p in rest if p != sector)
    return ReadCode(country=country, igo=igo, sector=sector, extra=extra)
