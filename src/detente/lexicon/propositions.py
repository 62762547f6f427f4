"""The proposition lexicon (``propositions.toml``): propositions, stance verbs and the
words that turn a stance (negators, hostile qualifiers, condition markers).

>>> from detente.lexicon.propositions import load_propositions
>>> lex = load_propositions()
>>> [(m.proposition.id, m.negative) for m in lex.find("a pledge not to join NATO")]
[('nato_membership', True)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import LexiconError
from . import load_data
from .phrases import phrase_pattern  # re-exported: the one phrase compiler

__all__ = ["Proposition", "PropositionLexicon", "PropositionMatch", "StanceVerb",
           "load_propositions", "phrase_pattern"]

POLARITIES = ("for", "against")


@dataclass(frozen=True, slots=True)
class Proposition:
    """One proposition: ``id``, ``label`` (with ``{subject}``), ``issue`` (broad issue
    id), ``subject`` (default subject code, "" for none), ``subject_is_holder``,
    ``opposite`` (id of its negation or ""), ``subject_preps`` (prepositions after a term
    that introduce its subject: "aid *for* Ukraine", "sanctions *on* Russia"),
    ``context`` (words one of which must stand near a weak term), ``countries`` (the
    parties it is about: an article must name one of them, or its default subject)."""

    id: str
    label: str
    issue: str
    subject: str = ""
    subject_is_holder: bool = False
    opposite: str = ""
    subject_preps: tuple[str, ...] = ("for", "to", "of")
    context: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PropositionMatch:
    """A proposition named in a text: ``proposition``, ``start``, ``end``, ``term``,
    ``negative`` (named by one of its ``against`` phrases), ``weak`` (by one of its weak
    terms: it needs a ``context`` word nearby, see :meth:`PropositionLexicon.in_context`)."""

    proposition: Proposition
    start: int
    end: int
    term: str
    negative: bool
    weak: bool = False


@dataclass(frozen=True, slots=True)
class StanceVerb:
    """A stance-taking verb found in a text: ``cls`` (``demands``, ``rejects``, ...),
    ``polarity`` (``for``/``against``), ``start``, ``end``."""

    cls: str
    polarity: str
    start: int
    end: int


@dataclass(frozen=True)
class PropositionLexicon:
    """The loaded proposition lexicon, compiled once."""

    version: str
    propositions: tuple[Proposition, ...]
    subjects: dict[str, str]
    verb_classes: tuple[tuple[str, str, re.Pattern[str]], ...]
    deeds: dict[str, tuple[str, ...]]
    negators: re.Pattern[str]
    complement_negators: re.Pattern[str]
    reversers: re.Pattern[str]
    hostile: re.Pattern[str]
    conditions: re.Pattern[str]
    skip: re.Pattern[str]
    anaphora: re.Pattern[str]
    _terms: tuple[tuple[Proposition, re.Pattern[str], re.Pattern[str] | None,
                        re.Pattern[str] | None, re.Pattern[str] | None], ...]
    _context: dict[str, re.Pattern[str]]

    def in_context(self, m: PropositionMatch, window: str) -> bool:
        """Whether a match may stand: a weak term needs one of its proposition's context
        words in ``window`` (its sentence and the two before)."""
        if not m.weak:
            return True
        pat = self._context.get(m.proposition.id)
        return pat is not None and pat.search(window) is not None

    def get(self, prop_id: str) -> Proposition | None:
        for p in self.propositions:
            if p.id == prop_id:
                return p
        return None

    def label(self, prop_id: str, subject: str = "") -> str:
        """The display label of ``prop_id`` about ``subject`` ("Finland's NATO membership")."""
        p = self.get(prop_id)
        if p is None:
            raise LexiconError(f"unknown proposition {prop_id!r} in proposition lexicon "
                               f"{self.version}")
        name = self.subjects.get(subject, subject) if subject else ""
        label = p.label.replace("{subject}", name or "?")
        return label[:1].upper() + label[1:]

    def verbs(self, text: str) -> list[StanceVerb]:
        """Every stance verb in ``text``, in text order (longest phrase at a position)."""
        found: dict[int, StanceVerb] = {}
        for cls, pol, pattern in self.verb_classes:
            for m in pattern.finditer(text):
                old = found.get(m.start())
                if old is None or old.end < m.end():
                    found[m.start()] = StanceVerb(cls, pol, m.start(), m.end())
        out: list[StanceVerb] = []
        for v in sorted(found.values(), key=lambda v: v.start):
            if out and v.start < out[-1].end:
                continue
            out.append(v)
        return out

    def verb_at(self, text: str, start: int) -> StanceVerb | None:
        """The stance verb starting exactly at ``start`` in ``text``, or None."""
        best = None
        for cls, pol, pattern in self.verb_classes:
            m = pattern.match(text, start)
            if m and (best is None or m.end() > best.end):
                best = StanceVerb(cls, pol, m.start(), m.end())
        return best

    def find(self, text: str) -> list[PropositionMatch]:
        """Propositions named in ``text``: non-overlapping matches (``against`` phrases
        before terms, longer before shorter), the first per proposition, in text order."""
        cands: list[PropositionMatch] = []
        for prop, terms, against, exclude, weak in self._terms:
            skip = [(x.start(), x.end()) for x in exclude.finditer(text)] if exclude else []
            if skip:
                continue  # the complement is about another matter ("New START talks")
            for pat, neg, is_weak in ((against, True, False), (terms, False, False),
                                      (weak, False, True)):
                if pat is None:
                    continue
                for x in pat.finditer(text):
                    cands.append(PropositionMatch(prop, x.start(), x.end(), x.group(0), neg,
                                                  is_weak))
        cands.sort(key=lambda c: (not c.negative, -(c.end - c.start), c.start))
        taken: list[PropositionMatch] = []
        for pm in cands:
            if any(pm.start < t.end and t.start < pm.end
                   and t.proposition.id != pm.proposition.id
                   and not _opposites(t.proposition, pm.proposition) for t in taken):
                continue
            if any(t.proposition.id == pm.proposition.id for t in taken):
                continue
            taken.append(pm)
        return sorted(taken, key=lambda c: c.start)


def _opposites(a: Proposition, b: Proposition) -> bool:
    return a.opposite == b.id or b.opposite == a.id


def _words(data: dict, key: str, source: str) -> list[str]:
    raw = data.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
        raise LexiconError(f"proposition lexicon {source}: `{key}` must be a list of strings")
    return raw


def _build(data: dict, source: str) -> PropositionLexicon:
    raw = data.get("proposition")
    if not isinstance(raw, list) or not raw:
        raise LexiconError(f"proposition lexicon {source} has no [[proposition]] entries")
    props, terms = [], []
    for i, e in enumerate(raw):
        if not isinstance(e, dict) or not e.get("id") or not e.get("terms"):
            raise LexiconError(f"proposition lexicon {source}: entry {i} needs `id` and `terms`")
        p = Proposition(id=str(e["id"]), label=str(e.get("label", e["id"])),
                        issue=str(e.get("issue", e["id"])), subject=str(e.get("subject", "")),
                        subject_is_holder=bool(e.get("subject_is_holder", False)),
                        opposite=str(e.get("opposite", "")),
                        subject_preps=tuple(e.get("subject_preps", ("for", "to", "of"))),
                        context=tuple(_words(e, "context", source)),
                        countries=tuple(_words(e, "countries", source)))
        if e.get("weak") and not p.context:
            raise LexiconError(f"proposition lexicon {source}: {p.id!r} has `weak` terms "
                               "but no `context` words")
        props.append(p)
        terms.append((p, phrase_pattern(e["terms"]),
                      phrase_pattern(e["against"]) if e.get("against") else None,
                      phrase_pattern(e["exclude"]) if e.get("exclude") else None,
                      phrase_pattern(_words(e, "weak", source)) if e.get("weak") else None))
    ids = {p.id for p in props}
    for p in props:
        if p.opposite and p.opposite not in ids:
            raise LexiconError(f"proposition lexicon {source}: {p.id!r} names unknown "
                               f"opposite {p.opposite!r}")
    verbs = data.get("verbs", {})
    pols = data.get("polarity", {})
    classes = []
    for cls, words in verbs.items():
        pol = pols.get(cls)
        if pol not in POLARITIES:
            raise LexiconError(f"proposition lexicon {source}: verb class {cls!r} needs a "
                               f"polarity (for or against) in [polarity]")
        classes.append((cls, pol, phrase_pattern(words, inflect=True)))
    deeds = {str(k): tuple(v) for k, v in data.get("deeds", {}).items()}
    return PropositionLexicon(
        version=str(data["version"]),
        propositions=tuple(props),
        subjects={str(k): str(v) for k, v in data.get("subjects", {}).items()},
        verb_classes=tuple(classes),
        deeds=deeds,
        negators=phrase_pattern(_words(pols, "negators", source)),
        complement_negators=phrase_pattern(_words(pols, "complement_negators", source)),
        reversers=phrase_pattern(_words(pols, "reversers", source), inflect=True),
        hostile=phrase_pattern(_words(pols, "hostile", source)),
        conditions=phrase_pattern(_words(pols, "conditions", source)),
        skip=phrase_pattern(_words(pols, "skip", source)),
        anaphora=phrase_pattern(_words(pols, "anaphora", source)),
        _terms=tuple(terms),
        _context={p.id: phrase_pattern(list(p.context)) for p in props if p.context},
    )


@lru_cache(maxsize=8)
def _cached(path: str | None) -> PropositionLexicon:
    return _build(load_data("propositions.toml", path=path), path or "propositions.toml")


def load_propositions(*, path: str | Path | None = None) -> PropositionLexicon:
    """The proposition lexicon (shipped, ``DETENTE_LEXICON_DIR`` override, or ``path``),
    cached."""
    return _cached(str(path) if path is not None else None)
