"""The coreference pass's word lists: :class:`CorefLexicon`, read from
``lexicon/coref.toml`` (pronoun genders, honorifics, gendered nouns, group words…) and
the given-name table ``lexicon/coref_given_names.toml`` by :func:`load_coref_lexicon`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...errors import LexiconError
from ...lexicon import load_data


@dataclass(frozen=True)
class CorefLexicon:
    """Word lists of the pass (``lexicon/coref.toml``)."""

    version: str
    gender_of_pronoun: dict[str, str]
    plural: frozenset[str]
    reflexive: frozenset[str]
    honorifics: dict[str, str]
    gendered_nouns: dict[str, str]
    given_names: dict[str, str]
    generic_heads: frozenset[str]
    sector_roles: dict[str, tuple[str, ...]]
    candidate_labels: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    not_person_words: frozenset[str] = frozenset()


def _strings(data: dict[str, object], key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"coref lexicon {where}: '{key}' must be a list of strings")
    return [v.lower() for v in value]


def _table(data: dict[str, object], key: str) -> dict[str, object]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise LexiconError(f"coref lexicon: '{key}' must be a table")
    return value


def _gendered(data: dict[str, object], key: str) -> dict[str, str]:
    table = _table(data, key)
    out: dict[str, str] = {}
    for gender in ("m", "f"):
        for w in _strings(table, gender, key):
            out.setdefault(w, gender)
    return out


def _given_names(data: dict[str, object], path: str | None) -> dict[str, str]:
    """``coref.toml``'s [given_names] over the larger ``coref_given_names.toml`` (beside
    ``path`` when one is given and it has one)."""
    names = _gendered(data, "given_names")
    extra = Path(path).with_name("coref_given_names.toml") if path else None
    more = load_data("coref_given_names.toml",
                     path=extra if extra is not None and extra.is_file() else None)
    for gender in ("m", "f"):
        for w in _strings(more, gender, "coref_given_names"):
            names.setdefault(w, gender)
    return names


@lru_cache(maxsize=4)
def load_coref_lexicon(path: str | None = None) -> CorefLexicon:
    """Load ``coref.toml`` (shipped, or the file at ``path``)."""
    data = load_data("coref.toml", path=Path(path) if path else None)
    pron = _table(data, "pronouns")
    gender = {w: "m" for w in _strings(pron, "masculine", "pronouns")}
    gender.update({w: "f" for w in _strings(pron, "feminine", "pronouns")})
    titles = _table(data, "titles")
    roles = _table(titles, "sector_roles")
    cand = _table(data, "candidates")
    labels = cand.get("labels", [])
    if not isinstance(labels, list):
        raise LexiconError("coref lexicon candidates: 'labels' must be a list of strings")
    return CorefLexicon(
        version=str(data["version"]),
        gender_of_pronoun=gender,
        plural=frozenset(_strings(pron, "plural", "pronouns")),
        reflexive=frozenset(_strings(pron, "reflexive", "pronouns")),
        honorifics=_gendered(data, "honorifics"),
        gendered_nouns=_gendered(data, "gendered_nouns"),
        given_names=_given_names(data, path),
        generic_heads=frozenset(_strings(titles, "generic_heads", "titles")),
        sector_roles={str(k): tuple(_strings(roles, str(k), "titles.sector_roles"))
                      for k in roles},
        candidate_labels=frozenset(str(x) for x in labels),
        particles=frozenset(_strings(cand, "particles", "candidates")),
        not_person_words=frozenset(_strings(cand, "not_person_words", "candidates")),
    )
