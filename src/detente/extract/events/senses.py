"""Word sense of violent event triggers: physical violence or a figure of speech.

Political news borrows the verbs of violence: a candidate "attacks" a rival, a campaign
"targets" voters, one candidate "beats" another in a poll, a court "strikes down" a ban.
Read literally these are ASSAULT events; a researcher coding mixed news gets false
violence. :func:`resolve_senses` judges each event of a violent type whose trigger has
a figurative sense (``lexicon/senses.toml``) from its sentence's parse:

1. Physical evidence keeps the event: an armed side (a MIL/REB/COP/... sector) or a
   word of weapons, casualties or armed forces anywhere in the sentence other than the
   trigger ("police killed the gunman", "a truck attack killed 80").
2. A judicial reading ("the court struck down the ban") is no event.
3. An electoral reading (beat/defeat/fight with a poll, race, primary, vote ... in the
   sentence) is no event.
4. An object that cannot be hit with a weapon — an abstract noun ("attack on her
   credibility", "targets his policy"), an audience to win ("targeting young voters") —
   or two unarmed political sides (persons, GOV/PTY/CVL/MED/BUS/JUD ... actors) make it
   figurative.

A candidate's rally ("Sanders addressed a rally", "Mr. Trump's rallies", "Trump said
at a rally", a rally whose source is a person, a rally in an electoral sentence) is no PROTEST unless it is aimed at someone ("against") or a
protest word is in the sentence (``contest_*`` lists).

A figurative trigger in ``verbal`` (attack, slam, blast ...) becomes ACCUSE (CAMEO 111,
criticize) with the same actors, provided it has a source; any other figurative event
(and a targeted audience) is dropped. Events of other types pass untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from ...errors import LexiconError
from ...lexicon import load_data
from ...lexicon.events import EventLexicon
from ...records import ActorRef, Event

__all__ = ["SenseLexicon", "load_sense_lexicon", "resolve_senses"]

_NOUN_POS = ("NOUN", "PROPN")
_SUBJ = ("nsubj", "nsubjpass", "poss", "compound")
_OBJ = ("dobj", "obj", "dative", "attr")
_OBJ_PREPS = ("on", "against", "at", "upon", "over")


@dataclass(frozen=True, slots=True)
class SenseLexicon:
    """The compiled ``senses.toml`` (see the file for the meaning of each list)."""

    types: frozenset[str]
    verbs: frozenset[str]
    nouns: frozenset[str]
    verbal: frozenset[str]
    accuse_cameo: str
    armed_sectors: frozenset[str]
    political_sectors: frozenset[str]
    physical: frozenset[str]
    abstract: frozenset[str]
    audience: frozenset[str]
    audience_verbs: frozenset[str]
    political_nouns: frozenset[str]
    electoral_verbs: frozenset[str]
    electoral: frozenset[str]
    judicial_verbs: frozenset[str]
    judicial_particles: frozenset[str]
    judicial_objects: frozenset[str]
    judicial_words: frozenset[str]
    contest_types: frozenset[str] = frozenset()
    contest_triggers: frozenset[str] = frozenset()
    contest_aims: frozenset[str] = frozenset()
    protest_words: frozenset[str] = frozenset()
    armed_obstruct: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    version: str = ""


_LISTS = ("types", "verbs", "nouns", "verbal", "armed_sectors", "political_sectors",
          "physical", "abstract", "audience", "audience_verbs", "political_nouns",
          "electoral_verbs", "electoral",
          "judicial_verbs", "judicial_particles", "judicial_objects", "judicial_words",
          "contest_types", "contest_triggers", "contest_aims", "protest_words")


@lru_cache(maxsize=8)
def _load(path: str | None) -> SenseLexicon:
    data = load_data("senses.toml", path=path)
    where = path or "senses.toml"
    lists: dict[str, frozenset[str]] = {}
    for key in _LISTS:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise LexiconError(f"lexicon file {where}: '{key}' must be a list of strings")
        lists[key] = frozenset(v.lower() if key not in ("types", "armed_sectors",
                                                        "political_sectors",
                                                        "contest_types") else v
                               for v in value)
    cameo = data.get("accuse_cameo", "111")
    if not isinstance(cameo, str):
        raise LexiconError(f"lexicon file {where}: 'accuse_cameo' must be a string")
    obstruct = data.get("armed_obstruct", {})
    if not isinstance(obstruct, dict) or not all(
            isinstance(v, list) and len(v) == 3 and all(isinstance(x, str) for x in v)
            for v in obstruct.values()):
        raise LexiconError(f"lexicon file {where}: 'armed_obstruct' must map lemmas to "
                           "[type, mode, cameo]")
    return SenseLexicon(accuse_cameo=cameo, version=str(data["version"]),
                        armed_obstruct={k.lower(): (v[0], v[1], v[2])
                                        for k, v in obstruct.items()}, **lists)


def load_sense_lexicon(*, path: str | Path | None = None) -> SenseLexicon:
    """Load ``senses.toml`` (shipped, or ``DETENTE_LEXICON_DIR``'s, or ``path``)."""
    return _load(str(path) if path is not None else None)


def _lem(tok: Token) -> str:
    return tok.lemma_.lower()


def _trigger(event: Event, sent: Span) -> Token | None:
    for tok in sent:
        if tok.idx == event.trigger_start:
            return tok
    return None


def _heads(trig: Token, deps: Iterable[str], preps: Iterable[str] = ()) -> list[Token]:
    deps, preps = tuple(deps), tuple(preps)
    out = [t for t in trig.children if t.dep_ in deps]
    # "fired back at X", "hit back at X": the preposition may hang on the adverb
    near = [trig, *(t for t in trig.children if t.dep_ in ("advmod", "prt"))]
    for p in (c for n in near for c in n.children):
        if p.dep_ == "prep" and p.lower_ in preps:
            out.extend(t for t in p.children if t.dep_ == "pobj")
    if trig.dep_ in ("acl", "relcl") and "nsubj" in deps:
        out.append(trig.head)  # "the rivals attacking him"
    # "Mr. Bush, whom he attacked": a relative pronoun stands for the noun it hangs on
    if trig.dep_ == "relcl":
        out = [trig.head if t.tag_ in ("WP", "WDT") else t for t in out]
    # "attacked Clinton and Sanders": the conjuncts are objects too
    out.extend(c for t in list(out) for c in t.conjuncts)
    return out


def _subjects(trig: Token) -> list[Token]:
    heads = _heads(trig, _SUBJ)
    for t in trig.children:
        if t.dep_ == "agent":
            heads.extend(c for c in t.children if c.dep_ == "pobj")
    if trig.pos_ in _NOUN_POS:  # "an attack from X", "attacks by X"
        heads.extend(t for p in trig.children if p.dep_ == "prep" and p.lower_ in ("from", "by")
                     for t in p.children if t.dep_ == "pobj")
    # "launched an attack", "went on the attack": the subject of the light verb
    if trig.pos_ in _NOUN_POS and not heads and (
            trig.dep_ == "dobj" or (trig.dep_ == "pobj" and trig.head.lower_ == "on")):
        gov = trig.head
        if gov.dep_ == "prep":
            gov = gov.head
        if gov.pos_ in ("VERB", "AUX"):
            heads.extend(t for t in gov.children if t.dep_ in ("nsubj", "nsubjpass"))
    return heads


def _objects(trig: Token) -> list[Token]:
    if trig.pos_ in _NOUN_POS:
        return _heads(trig, (), _OBJ_PREPS)
    return _heads(trig, _OBJ, _OBJ_PREPS)


def _armed_refs(refs: tuple[ActorRef, ...], sl: SenseLexicon) -> bool:
    return any(r.sector in sl.armed_sectors for r in refs)


def _political_side(refs: tuple[ActorRef, ...], heads: list[Token], sl: SenseLexicon) -> bool:
    """An unarmed political actor: resolved as one, or named as a person."""
    if refs and all(r.person is not None or r.sector in sl.political_sectors for r in refs):
        return True
    return any(h.ent_type_ == "PERSON" or _lem(h) in sl.political_nouns for h in heads)


def _physical(sent: Span, trig: Token, sl: SenseLexicon) -> bool:
    return any(t.i != trig.i and (_lem(t) in sl.physical or t.lower_ in sl.physical)
               for t in sent)


def _judicial(trig: Token, sent: Span, objs: list[Token], event: Event,
              sl: SenseLexicon) -> bool:
    if _lem(trig) not in sl.judicial_verbs:
        return False
    if not any(_lem(o) in sl.judicial_objects for o in objs):
        return False
    particle = any(t.dep_ == "prt" and t.lower_ in sl.judicial_particles for t in trig.children)
    court = any(r.sector == "JUD" for r in event.source) or any(
        _lem(t) in sl.judicial_words or t.lower_ in sl.judicial_words for t in sent)
    return particle or court


def _campaign(event: Event, sent: Span, sl: SenseLexicon) -> bool:
    """A candidate's rally, not a protest (``contest_*`` lists)."""
    trig = _trigger(event, sent)
    if trig is None or _lem(trig) not in sl.contest_triggers:
        return False
    if any(p.dep_ == "prep" and p.lower_ in sl.contest_aims for p in trig.children):
        return False  # "a rally against the war" protests
    others = [t for t in sent if t.i != trig.i]
    if any(_lem(t) in sl.protest_words for t in others):
        return False
    owners = _subjects(trig)
    if trig.dep_ == "pobj" and trig.head.lower_ == "at":  # "Trump said at a rally"
        verb = trig.head.head
        owners += [t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass")]
    if any(r.person for r in event.source) or any(
            h.ent_type_ == "PERSON" or _lem(h) in sl.political_nouns for h in owners):
        return True
    return any(_lem(t) in sl.electoral or t.lower_ in sl.electoral for t in others)


def _sense(event: Event, sent: Span, sl: SenseLexicon) -> str:
    """``physical``, ``verbal`` (criticism), or ``none`` (no event)."""
    trig = _trigger(event, sent)
    if trig is None:
        return "physical"
    lem = _lem(trig)
    noun = trig.pos_ in _NOUN_POS
    if lem not in (sl.nouns if noun else sl.verbs):
        return "physical"
    subjects, objects = _subjects(trig), _objects(trig)
    if _armed_refs(event.source, sl) or _armed_refs(event.target, sl):
        return "physical"
    if any(_lem(h) in sl.physical for h in subjects + objects):
        return "physical"
    if _judicial(trig, sent, objects, event, sl):
        return "none"
    if _physical(sent, trig, sl):
        return "physical"
    if lem in sl.electoral_verbs and any(
            _lem(t) in sl.electoral or t.lower_ in sl.electoral for t in sent if t.i != trig.i):
        return "none"
    if lem in sl.audience_verbs and any(_lem(o) in sl.audience for o in objects):
        return "none"  # an audience to win, not a victim
    # two unarmed political sides; a bare "the attacks" (no side in its own parse) and
    # an attack without a target are left as they are
    # "Romney's attacks": a named politician's attack with no target is criticism too
    named = any(h.ent_type_ == "PERSON" for h in subjects)
    figurative = any(_lem(o) in sl.abstract for o in objects) or (
        bool(subjects or objects)
        and _political_side(event.target, objects, sl)
        and (_political_side(event.source, subjects, sl) or not event.source)) or (
        named and not event.target and not objects
        and _political_side(event.source, subjects, sl))
    if not figurative:
        return "physical"
    return "verbal" if lem in sl.verbal else "none"


def _state_obstruction(event: Event, sent: Span, sl: SenseLexicon,
                       lex: EventLexicon) -> Event | None:
    """A PROTEST blockade or occupation by an armed side, a government or a country
    ("Russian troops blockaded the port"): COERCE, per ``armed_obstruct``."""
    if event.plover_type != "PROTEST" or not event.source:
        return None
    trig = _trigger(event, sent)
    spec = sl.armed_obstruct.get(_lem(trig)) if trig is not None else None
    if spec is None or not all(
            r.sector in sl.armed_sectors or r.sector == "GOV"
            or (r.country and not r.sector and not r.person and not r.igo)
            for r in event.source):
        return None
    kind, mode, cameo = spec
    _, goldstein, quad = lex.cameo_info(cameo)
    return replace(event, plover_type=kind, mode=mode, cameo=cameo, goldstein=goldstein,
                   quad_class=quad)


def resolve_senses(events: list[Event], *, sent: Span, lex: EventLexicon,
                   senses: SenseLexicon | None = None) -> list[Event]:
    """The events of one sentence with figurative violent triggers recoded to ACCUSE
    (criticism) or dropped (see the module docstring). ``sent`` is the span the events
    were coded from.

    >>> from detente.pipeline.coding import code_text  # doctest: +SKIP
    >>> [e.plover_type for e in code_text("Senator Smith attacked Governor Jones's "
    ...                                   "budget plan on Monday.").events]  # doctest: +SKIP
    ['ACCUSE']
    """
    if not events:
        return events
    sl = senses or load_sense_lexicon()
    out: list[Event] = []
    for e in events:
        if e.plover_type in sl.contest_types and _campaign(e, sent, sl):
            continue  # a campaign rally
        recoded = _state_obstruction(e, sent, sl, lex)
        if recoded is not None:
            out.append(recoded)
            continue
        if e.plover_type not in sl.types:
            out.append(e)
            continue
        sense = _sense(e, sent, sl)
        if sense == "physical":
            out.append(e)
        elif sense == "verbal" and e.source:
            _, goldstein, quad = lex.cameo_info(sl.accuse_cameo)
            out.append(replace(e, plover_type="ACCUSE", cameo=sl.accuse_cameo, mode=None,
                               goldstein=goldstein, quad_class=quad))
    return out
