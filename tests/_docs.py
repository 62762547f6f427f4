"""Hand-built spaCy Docs and Articles for unit tests: no model is loaded.

- ``parsed_doc(rows)``: a dependency-parsed text; each row is (word, head index, dep, pos,
  *extra), the extra columns named by ``columns`` (Doc keyword arguments; default lemmas).
- ``entity_doc(words, ents)``: words with named-entity spans only (a bare Vocab, no parse).
- ``article_for(doc_or_text)``: the Article a test's extractor is given for that text.
- ``model_quotes(nlp, text)``: the quote stage's output with the real model.
- ``ref_countries(refs)``: the countries (or IGOs) of actor references.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import spacy
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from detente.records import ActorRef, Article, Quote, article_id_for

VOCAB = spacy.blank("en").vocab


def parsed_doc(rows: Sequence[tuple], *, columns: Sequence[str] = ("lemmas",),
               spaces: list[bool] | None = None,
               no_space_after: Iterable[int] | None = None,
               sent_starts: list[bool] | None = None) -> Doc:
    """A Doc from rows (word, head index, dep, pos, *one value per name in ``columns``).

    ``spaces`` as spaCy takes them (default: a space after every token); or
    ``no_space_after``: a space after every token but those indices and the last one.
    """
    if no_space_after is not None:
        glued = set(no_space_after)
        spaces = [i not in glued and i < len(rows) - 1 for i in range(len(rows))]
    extra = {name: [r[4 + i] for r in rows] for i, name in enumerate(columns)}
    return Doc(VOCAB, words=[r[0] for r in rows], spaces=spaces,
               heads=[r[1] for r in rows], deps=[r[2] for r in rows],
               pos=[r[3] for r in rows], sent_starts=sent_starts, **extra)


def entity_doc(words: list[str], ents: Iterable[tuple[int, int, str]] = ()) -> Doc:
    """A Doc of ``words`` (each followed by a space) with ``ents`` as (start, end, label)."""
    doc = Doc(Vocab(), words=words)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def article_for(doc_or_text: Doc | str, *, id: str | None = None,  # noqa: A002
                published: dt.date | None = None, **kw: object) -> Article:
    """The Article for a Doc's (or a string's) text; ``id`` defaults to its content id."""
    text = doc_or_text if isinstance(doc_or_text, str) else doc_or_text.text
    return Article(id=article_id_for(text) if id is None else id, text=text,
                   published=published, **kw)  # type: ignore[arg-type]


def model_quotes(nlp: Any, text: str, *, published: dt.date | None = dt.date(2016, 5, 17)
                 ) -> list[Quote]:
    """The quotes the real model (``nlp``) and the quote stage find in ``text``: article id
    "t", no mentions given."""
    from detente.extract.quotes.find import extract_quotes

    return extract_quotes(nlp(text), article=article_for(text, id="t", published=published),
                          mentions=[])


def ref_countries(refs: Iterable[ActorRef]) -> set[str]:
    """The IGO, else the country, of each actor reference that has one."""
    return {r.igo or r.country for r in refs if (r.igo or r.country)}
