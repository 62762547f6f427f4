"""Entity spans and the Doc's text, read without building a Token per token.

``Doc.ents`` builds a Python ``Token`` for every token of the document on each access
(about 5 ms for a 900-token article, more than the date and place extractors' own
work). The extractors only need a handful of entities, so they read the IOB and type
columns with ``Doc.to_array`` (vectorised) and touch tokens only at entity boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.attrs import ENT_IOB, ENT_TYPE
from spacy.tokens import Doc

from ..records import Article

__all__ = ["Ent", "doc_text", "entities"]

_B, _I = 3, 1  # spaCy's ENT_IOB codes: 3 begins an entity, 1 continues one


@dataclass(frozen=True, slots=True)
class Ent:
    """An entity: token range, character range into ``doc.text``, label and text."""

    start: int
    end: int
    start_char: int
    end_char: int
    label_: str
    text: str


def doc_text(doc: Doc, article: Article) -> str:
    """``doc.text`` without its cost (``Doc.text`` joins a Token per token).

    The pipeline parses the article text with noise blanked to spaces; that string is
    rebuilt from the article and checked against the Doc at a few tokens (length and
    token texts); any mismatch falls back to ``doc.text``."""
    text = article.text
    if article.noise:
        chars = list(text)
        for span in article.noise:
            for i in range(span.start, min(span.end, len(chars))):
                if chars[i] != "\n":
                    chars[i] = " "
        text = "".join(chars)
    n = len(doc)
    if n == 0:
        return doc.text
    last = doc[n - 1]
    if last.idx + len(last.text_with_ws) != len(text):
        return doc.text
    for i in (0, n // 3, n // 2, (2 * n) // 3, n - 1):
        tok = doc[i]
        if text[tok.idx:tok.idx + len(tok.text)] != tok.text:
            return doc.text
    return text


def entities(doc: Doc, *, text: str | None = None,
             labels: frozenset[str] | None = None) -> list[Ent]:
    """The entities of ``doc`` in order, as :class:`Ent` (same spans as ``doc.ents``),
    only those with a label in ``labels`` when given. ``text``: ``doc.text`` if the
    caller has it (see :func:`doc_text`)."""
    n = len(doc)
    if n == 0:
        return []
    arr = doc.to_array([ENT_IOB, ENT_TYPE])
    iob = arr[:, 0]
    begins = np.flatnonzero(iob == _B)
    if labels is not None and begins.size:
        wanted = np.array([doc.vocab.strings.add(lab) for lab in labels], dtype=arr.dtype)
        begins = begins[np.isin(arr[begins, 1], wanted)]
    if begins.size == 0:
        return []
    # an entity runs from its B to the token before the next non-I token
    not_inside = np.append(np.flatnonzero(iob != _I), n)  # n: the Doc's end as sentinel
    ends = not_inside[np.searchsorted(not_inside, begins, side="right")]
    strings = doc.vocab.strings
    if text is None:
        text = doc.text
    out: list[Ent] = []
    for b, e in zip(begins.tolist(), ends.tolist(), strict=True):
        first, last = doc[b], doc[e - 1]
        s, t = first.idx, last.idx + len(last.text)
        out.append(Ent(b, e, s, t, strings[int(arr[b, 1])], text[s:t]))
    return out

