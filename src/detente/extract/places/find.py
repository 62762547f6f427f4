"""Places named in an article, resolved offline (:mod:`.places_gazetteer`).

Candidates come from two sources, in one pass each:

1. spaCy ``GPE``/``LOC``/``FAC`` entities (``FAC`` only when the curated table knows it:
   "Azovstal", not every street or building).
2. One compiled regular expression over the text holding the curated place names and
   country names (minus ambiguous ones such as "Jordan" or "Georgia"): the small model
   labels Kherson a PERSON and Kyiv an ORG, so the names are found whatever NER says --
   unless they sit inside a longer name of another kind ("Kyiv Independent", "Moscow
   Times"), which is left alone.

Unresolved ``GPE``/``LOC`` entities are kept with no coordinates (feature
``unresolved``): the text names a place the gazetteer does not know. The Doc is parsed
from the masked text, so nothing inside noise is found.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from spacy.tokens import Doc

from ...parse.entities import Ent, doc_text, entities
from ...records import Article, Place
from .gazetteer import Hit, gazetteer, resolve_place

__all__ = ["extract_places"]

_PLACE_LABELS = frozenset({"GPE", "LOC"})
# Labels under which a scanned name is a mislabelled place, not part of another name.
_OTHER_LABELS = frozenset({"PERSON", "ORG", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT",
                           "LAW"})


@lru_cache(maxsize=1)
def _scanner() -> re.Pattern[str]:
    """Curated and country names, longest first."""
    names = sorted(set(gazetteer().scan_names()), key=len, reverse=True)
    # names as written, any run of spaces between words; case-sensitive ("US", not "us")
    alts = [r"\s+".join(re.escape(w) for w in n.split()) for n in names]
    # every name starts with a capital: the look-ahead rejects most positions at once
    return re.compile(r"(?=[A-Z])(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")


def extract_places(doc: Doc, *, article: Article) -> list[Place]:
    """Every place named in ``doc``, resolved, sorted by offset."""
    text = doc_text(doc, article)
    ents = entities(doc, text=text, labels=_PLACE_LABELS | _OTHER_LABELS)
    g = gazetteer()
    # the countries the article names pick among cities of one name
    countries = frozenset(c for e in ents if e.label_ in _PLACE_LABELS
                          if (c := g.country_of(e.text)) is not None)
    found: dict[int, tuple[int, str, Hit | None]] = {}
    surnames = _surnames(ents)
    for e in ents:
        if e.label_ not in _PLACE_LABELS and e.label_ != "FAC":
            continue
        hit = resolve_place(e.text, countries=countries)
        if e.text in surnames and (hit is None or hit.feature == "city"
                                   and not g.is_curated(e.text)):
            continue  # "Machado" after "Alicia Machado": her surname, not a town of Brazil
        if hit is None and not _name_like(e.text):
            continue  # NER debris ("n't", "e.v."): not a place name
        if e.label_ == "FAC" and (hit is None or hit.feature not in ("site", "city")):
            continue  # facilities only when the table knows them as sites
        found[e.start_char] = (e.end_char, e.label_, hit)
    ent_starts = [e.start_char for e in ents]
    for m in _scanner().finditer(text):
        s, t = m.span()
        ent = _enclosing(ents, ent_starts, s, t)
        if ent is not None and ent.label_ in _PLACE_LABELS | {"FAC"}:
            continue  # the entity itself was resolved above
        if ent is not None and (ent.start_char < s or ent.end_char > t) and not _only_places(
                text[ent.start_char:s] + " " + text[t:ent.end_char]):
            continue  # part of a longer name of another kind ("Kyiv Independent")
        if s in found:
            continue
        found[s] = (t, "SCAN", resolve_place(m.group(0), countries=countries))
    out: list[Place] = []
    last_end = -1
    for start in sorted(found):
        end, _label, hit = found[start]
        if start < last_end:
            continue  # overlapping candidates: the earlier (entity) one stands
        last_end = end
        out.append(_place(article, start, end, hit))
    return out


def _surnames(ents: list[Ent]) -> frozenset[str]:
    """The last words of the article's full person names ("Alicia Machado"): one alone
    later names her, not a town of that name."""
    return frozenset(words[-1] for e in ents if e.label_ == "PERSON"
                     if len(words := e.text.split()) >= 2 and words[-1][:1].isupper())


def _enclosing(ents: list[Ent], starts: list[int], s: int, t: int) -> Ent | None:
    """The entity overlapping [s, t), if any (entities are sorted and disjoint)."""
    i = bisect.bisect_right(starts, s)
    for j in (i - 1, i):
        if 0 <= j < len(ents) and ents[j].start_char < t and ents[j].end_char > s:
            return ents[j]
    return None


def _name_like(text: str) -> bool:
    """An unresolved entity is kept only when it looks like a proper name."""
    return len(text) >= 3 and text[:1].isupper() and any(c.isalpha() for c in text[1:])


_WORD = re.compile(r"[A-Za-z][\w'.-]*")


def _only_places(rest: str) -> bool:
    """Whether the rest of an entity holds only places and lower-case words ("Mariupol,
    Ukraine" mislabelled as one ORG)."""
    for w in _WORD.findall(rest):
        if w[0].isupper() and resolve_place(w) is None:
            return False
    return True


def _place(article: Article, start: int, end: int, hit: Hit | None) -> Place:
    text = article.text[start:end]
    if hit is None:
        return Place(article_id=article.id, start=start, end=end, text=text, name=text,
                     country=None, lat=None, lon=None, geonameid=None, feature="unresolved")
    return Place(article_id=article.id, start=start, end=end, text=text, name=hit.name,
                 country=hit.country, lat=hit.lat, lon=hit.lon, geonameid=hit.geonameid,
                 feature=hit.feature)
