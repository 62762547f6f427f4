"""detente's extractors as spaCy pipeline components, for users who run their own pipelines.

Registered through the ``spacy_factories`` entry point (``pyproject.toml``), so once
detente is installed any pipeline can add them by name, no import needed::

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("detente_events")            # or detente_mentions, detente_dates,
    doc = nlp("Russia rejected the proposal on Friday.")  # detente_places, detente_quotes,
    doc._.detente_events                       # detente (everything)

A component computes what it needs that an earlier one has not (``detente_events``
alone also finds mentions, dates, places and quotes) and puts every result on the Doc:

========================  ==========================================================
``doc._.detente_article``   the :class:`~detente.records.Article` (text = ``doc.text``)
``doc._.detente_mentions``  tuple of :class:`~detente.records.Mention`
``doc._.detente_dates``     tuple of :class:`~detente.records.DateRef`
``doc._.detente_places``    tuple of :class:`~detente.records.Place`
``doc._.detente_quotes``    tuple of :class:`~detente.records.Quote`
``doc._.detente_claims``    tuple of :class:`~detente.records.Claim`
``doc._.detente_events``    tuple of :class:`~detente.records.Event`
========================  ==========================================================

Relative dates resolve against ``doc._.detente_published`` when set (a date or ISO
string; set it between ``nlp.make_doc`` and the pipeline), else the component's
``published`` config (``nlp.add_pipe("detente_events", config={"published":
"2022-04-22"})``). The pipeline needs a parser and NER (``en_core_web_sm`` or larger).
Offsets are into ``doc.text``. Unlike :func:`detente.code_text`, the Doc is parsed from
the raw text, so scraping noise is found (``article.noise``) but not blanked before parsing.

This module is imported by spaCy whenever a pipeline is created: it imports nothing
heavy at module level.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["EXTENSIONS", "DetenteComponent"]

#: The Doc extensions set by the components.
EXTENSIONS = ("detente_published", "detente_article", "detente_mentions", "detente_dates",
              "detente_places", "detente_quotes", "detente_claims", "detente_events")

for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# What each step needs first.
_NEEDS = {"mentions": (), "dates": (), "places": (), "quotes": ("mentions",),
          "claims": ("quotes", "dates"), "events": ("mentions", "dates", "places", "quotes")}


class DetenteComponent:
    """Runs detente's extractors for ``steps`` (and what they need) over a Doc."""

    def __init__(self, *, steps: tuple[str, ...], published: str | None = None) -> None:
        self.steps = steps
        self.published = published

    def _article(self, doc: Doc) -> Any:
        article = doc._.detente_article
        if article is None or article.text != doc.text:
            from ..clean.noise import clean
            from ..read.article import make_article

            published = doc._.detente_published or self.published
            article = clean(make_article(doc.text, published=published, language="en",
                                         source="<spacy>"))
            doc._.detente_article = article
        return article

    def _run(self, doc: Doc, step: str, article: Any) -> None:
        if getattr(doc._, f"detente_{step}") is not None:
            return
        for need in _NEEDS[step]:
            self._run(doc, need, article)
        x = doc._
        if step == "mentions":
            from .actors.mentions import extract_mentions

            x.detente_mentions = tuple(extract_mentions(doc, article=article))
        elif step == "dates":
            from .dates.find import extract_dates

            x.detente_dates = tuple(extract_dates(doc, article=article))
        elif step == "places":
            from .places.find import extract_places

            x.detente_places = tuple(extract_places(doc, article=article))
        elif step == "quotes":
            from .quotes.find import extract_quotes

            x.detente_quotes = tuple(extract_quotes(doc, article=article,
                                                    mentions=list(x.detente_mentions)))
        elif step == "claims":
            from .quotes.find import claims_from_quotes

            x.detente_claims = tuple(claims_from_quotes(list(x.detente_quotes), doc=doc,
                                                        article=article,
                                                        dates=list(x.detente_dates)))
        elif step == "events":
            from .events.code import extract_events

            x.detente_events = tuple(extract_events(
                doc, article=article, mentions=list(x.detente_mentions),
                dates=list(x.detente_dates), places=list(x.detente_places),
                quotes=list(x.detente_quotes)))

    def __call__(self, doc: Doc) -> Doc:
        article = self._article(doc)
        for step in self.steps:
            self._run(doc, step, article)
        return doc


_CONFIG: dict[str, Any] = {"published": None}


@Language.factory("detente_mentions", default_config=_CONFIG)
def make_mentions(nlp: Language, name: str, published: str | None) -> DetenteComponent:
    """Actor mentions resolved to codes (``doc._.detente_mentions``)."""
    return DetenteComponent(steps=("mentions",), published=published)


@Language.factory("detente_dates", default_config=_CONFIG)
def make_dates(nlp: Language, name: str, published: str | None) -> DetenteComponent:
    """Time expressions resolved against the publication date (``doc._.detente_dates``)."""
    return DetenteComponent(steps=("dates",), published=published)


@Language.factory("detente_places", default_config=_CONFIG)
def make_places(nlp: Language, name: str, published: str | None) -> DetenteComponent:
    """Places with coordinates and country (``doc._.detente_places``)."""
    return DetenteComponent(steps=("places",), published=published)


@Language.factory("detente_quotes", default_config=_CONFIG)
def make_quotes(nlp: Language, name: str, published: str | None) -> DetenteComponent:
    """Quotes and their claims (``doc._.detente_quotes``, ``doc._.detente_claims``)."""
    return DetenteComponent(steps=("quotes", "claims"), published=published)


@Language.factory("detente_events", default_config=_CONFIG)
def make_events(nlp: Language, name: str, published: str | None) -> DetenteComponent:
    """PLOVER/CAMEO events (``doc._.detente_events``; mentions, dates, places and quotes
    on the way)."""
    return DetenteComponent(steps=("events",), published=published)


@Language.factory("detente", default_config=_CONFIG)
def make_all(nlp: Language, name: str, published: str | None) -> DetenteComponent:
    """Everything: mentions, dates, places, quotes, claims, events."""
    return DetenteComponent(steps=("mentions", "dates", "places", "quotes", "claims", "events"),
                            published=published)
