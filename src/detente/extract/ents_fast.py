"""Entity spans read straight from the Doc's arrays.

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

__all__ = ["Ent", "entities"]

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


def entities(doc: Doc) -> list[Ent]:
    """All entities of ``doc`` in order, as :class:`Ent` (same spans as ``doc.ents``)."""
    n = len(doc)
    if n == 0:
        return []
    arr = doc.to_array([ENT_IOB, ENT_TYPE])
    iob = arr[:, 0]
    begins = np.flatnonzero(iob == _B)
    if begins.size == 0:
        return []
    # an entity runs from its B to the token before the next non-I token
    not_inside = np.append(np.flatnonzero(iob != _I), n)  # n: the Doc's end as sentinel
    ends = not_inside[np.searchsorted(not_inside, begins, side="right")]
    strings = doc.vocab.strings
    text = doc.text
    out: list[Ent] = []
    for b, e in zip(begins.tolist(), ends.tolist(), strict=True):
        first, last = doc[b], doc[e - 1]
        s, t = first.idx, last.idx + len(last.text)
        out.append(Ent(b, e, s, t, strings[int(arr[b, 1])], text[s:t]))
    return out

