"""The negotiation-issue lexicon (``issues.toml``) and its compiled matchers.

>>> from detente.lexicon.issues import load_issues
>>> lex = load_issues()
>>> [m.issue for m in lex.find("Kyiv has agreed not to join NATO.")]
['nato_membership']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import LexiconError
from . import load_data
from .phrases import phrase_pattern

__all__ = ["Issue", "IssueLexicon", "IssueMatch", "load_issues", "term_pattern"]


@dataclass(frozen=True, slots=True)
class Issue:
    """One negotiation issue: ``id``, ``label``, ``terms`` (as written in the file) and
    ``exclude``: phrases inside which a term does not name the issue ("nuclear weapons")."""

    id: str
    label: str
    terms: tuple[str, ...]
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IssueMatch:
    """An issue term found in a text: ``issue`` id, ``start``, ``end``, ``term``."""

    issue: str
    start: int
    end: int
    term: str


def term_pattern(terms: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive alternation over ``terms`` on word boundaries, in the issue
    lexicon's dialect (:func:`detente.lexicon.phrases.phrase_pattern`, ``dialect="term"``):
    a trailing ``*`` matches any word ending ("sanction*" finds "sanctions"); spaces match
    any run of whitespace, since texts wrap lines.
    """
    return phrase_pattern(terms, dialect="term")


@dataclass(frozen=True)
class IssueLexicon:
    """The loaded issue lexicon: issues, stance cues and anaphora cues, compiled once."""

    version: str
    issues: tuple[Issue, ...]
    stance_cues: tuple[tuple[str, re.Pattern[str]], ...]
    anaphora: re.Pattern[str]
    residual: frozenset[str]
    _patterns: tuple[tuple[str, re.Pattern[str]], ...]
    _excludes: tuple[re.Pattern[str] | None, ...] = ()

    def find(self, text: str) -> list[IssueMatch]:
        """Every issue named in ``text``, one match per issue (its first), in text order.

        Residual issues (``talks``) are dropped when a specific issue is also named.
        """
        out: dict[str, IssueMatch] = {}
        excludes = self._excludes or (None,) * len(self._patterns)
        for (issue_id, pattern), exclude in zip(self._patterns, excludes, strict=True):
            skip = ([(x.start(), x.end()) for x in exclude.finditer(text)]
                    if exclude is not None else [])
            for m in pattern.finditer(text):
                if any(a <= m.start() and m.end() <= b for a, b in skip):
                    continue
                out[issue_id] = IssueMatch(issue_id, m.start(), m.end(), m.group(0))
                break
        if any(i not in self.residual for i in out):
            out = {k: v for k, v in out.items() if k not in self.residual}
        return sorted(out.values(), key=lambda m: m.start)

    def stance_cue(self, text: str) -> str | None:
        """The first stance (in file order) whose cue words occur in ``text``, or None."""
        for stance, pattern in self.stance_cues:
            if pattern.search(text):
                return stance
        return None

    def refers_back(self, text: str) -> bool:
        """True when ``text`` points back at an earlier sentence's topic ("both requests")."""
        return bool(self.anaphora.search(text))

    def label(self, issue_id: str) -> str:
        for issue in self.issues:
            if issue.id == issue_id:
                return issue.label
        raise LexiconError(f"unknown issue {issue_id!r} in issue lexicon {self.version}")


def _build(data: dict, source: str) -> IssueLexicon:
    raw = data.get("issue")
    if not isinstance(raw, list) or not raw:
        raise LexiconError(f"issue lexicon {source} has no [[issue]] entries")
    issues = []
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("terms"):
            raise LexiconError(f"issue lexicon {source}: entry {i} needs `id` and `terms`")
        issues.append(
            Issue(str(entry["id"]), str(entry.get("label", entry["id"])), tuple(entry["terms"]),
                  tuple(entry.get("exclude", ())))
        )
    cues = data.get("stance_cues", {})
    stance = tuple((name, term_pattern(words)) for name, words in cues.items())
    anaphora = term_pattern(data.get("anaphora", {}).get("cues", []))
    return IssueLexicon(
        version=str(data["version"]),
        issues=tuple(issues),
        stance_cues=stance,
        anaphora=anaphora,
        residual=frozenset(data.get("residual", [])),
        _patterns=tuple((iss.id, term_pattern(iss.terms)) for iss in issues),
        _excludes=tuple(term_pattern(iss.exclude) if iss.exclude else None for iss in issues),
    )


@lru_cache(maxsize=8)
def _cached(path: str | None) -> IssueLexicon:
    return _build(load_data("issues.toml", path=path), path or "issues.toml")


def load_issues(*, path: str | Path | None = None) -> IssueLexicon:
    """The issue lexicon (shipped, ``DETENTE_LEXICON_DIR`` override, or ``path``), cached."""
    return _cached(str(path) if path is not None else None)
