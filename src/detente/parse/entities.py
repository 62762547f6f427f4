"""Entity spans, the Doc's text and per-token columns, read without building a Token
per token.

``Doc.ents`` builds a Python ``Token`` for every token of the document on each access
(about 5 ms for a 900-token article, more than the date and place extractors' own
work). The extractors only need a handful of entities, so they read the IOB and type
columns with ``Doc.to_array`` (vectorised) and touch tokens only at entity boundaries.

``Doc.text`` and a loop over the tokens cost the same way, and several extractors need
them: :func:`text_of`, :func:`token_ends` and :func:`token_lowers` compute each once per
Doc (vectorised where they can) and keep it while the Doc lives (a weak cache, checked
against the Doc's length).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, LENGTH, LOWER, POS, TAG
from spacy.tokens import Doc

from ..records import Article

__all__ = ["Ent", "doc_text", "entities", "text_of", "token_ends", "token_lowers", "token_pos",
           "token_tags"]

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


@dataclass(slots=True)
class _Columns:
    """What :func:`text_of`, :func:`token_ends` and :func:`token_lowers` computed for a
    Doc of ``n`` tokens (None: not asked for yet)."""

    n: int
    text: str | None = None
    ends: list[int] | None = None
    lowers: list[str] | None = None
    pos: list[str] | None = None
    tags: list[str] | None = None


# Doc -> its columns, dropped with the Doc. A Doc whose length changed since (merged by
# a retokenizer) starts afresh.
_COLUMNS: weakref.WeakKeyDictionary[Doc, _Columns] = weakref.WeakKeyDictionary()


def _columns(doc: Doc) -> _Columns:
    got = _COLUMNS.get(doc)
    if got is None or got.n != len(doc):
        got = _COLUMNS[doc] = _Columns(n=len(doc))
    return got


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per Doc (``Doc.text`` joins a Token per token on every
    access).

    >>> from spacy.lang.en import English
    >>> text_of(English()("Talks resumed."))
    'Talks resumed.'
    """
    cols = _columns(doc)
    if cols.text is None:
        cols.text = doc.text
    return cols.text


def token_ends(doc: Doc) -> list[int]:
    """The end offset (``t.idx + len(t.text)``) of every token, once per Doc (read
    from the IDX and LENGTH columns, no Token built). Do not modify the list.

    >>> from spacy.lang.en import English
    >>> token_ends(English()("Talks resumed."))
    [5, 13, 14]
    """
    cols = _columns(doc)
    if cols.ends is None:
        if len(doc) == 0:
            cols.ends = []
        else:
            arr = doc.to_array([IDX, LENGTH])
            cols.ends = (arr[:, 0] + arr[:, 1]).tolist()
    return cols.ends


def token_lowers(doc: Doc) -> list[str]:
    """``t.lower_`` of every token, once per Doc (read from the LOWER column, no Token
    built). Do not modify the list.

    >>> from spacy.lang.en import English
    >>> token_lowers(English()("Talks resumed."))
    ['talks', 'resumed', '.']
    """
    cols = _columns(doc)
    if cols.lowers is None:
        cols.lowers = _strings(doc, LOWER)
    return cols.lowers


def token_pos(doc: Doc) -> list[str]:
    """``t.pos_`` of every token, once per Doc (read from the POS column, no Token
    built; "" where no tagger ran). Do not modify the list.

    >>> from spacy.tokens import Doc
    >>> from spacy.vocab import Vocab
    >>> token_pos(Doc(Vocab(), words=["Talks", "resumed"], pos=["NOUN", "VERB"]))
    ['NOUN', 'VERB']
    """
    cols = _columns(doc)
    if cols.pos is None:
        cols.pos = _strings(doc, POS)
    return cols.pos


def token_tags(doc: Doc) -> list[str]:
    """``t.tag_`` of every token, once per Doc (read from the TAG column, no Token
    built; "" where no tagger ran). Do not modify the list.

    >>> from spacy.tokens import Doc
    >>> from spacy.vocab import Vocab
    >>> token_tags(Doc(Vocab(), words=["Talks", "resumed"], tags=["NNS", "VBD"]))
    ['NNS', 'VBD']
    """
    cols = _columns(doc)
    if cols.tags is None:
        cols.tags = _strings(doc, TAG)
    return cols.tags


def _strings(doc: Doc, attr: int) -> list[str]:
    """The strings of one hash column of ``doc`` (LOWER, POS, TAG), one per token."""
    strings = doc.vocab.strings
    return [strings[h] for h in doc.to_array(attr).tolist()] if len(doc) else []


def doc_text(doc: Doc, article: Article) -> str:
    """``doc.text`` without its cost (``Doc.text`` joins a Token per token).

    The pipeline parses the article text with noise blanked to spaces; that string is
    rebuilt from the article and checked against the Doc at a few tokens (length and
    token texts); any mismatch falls back to ``doc.text``. The result is kept as the
    Doc's :func:`text_of`."""
    cols = _columns(doc)
    if cols.text is None:
        cols.text = _doc_text(doc, article)
    return cols.text


def _doc_text(doc: Doc, article: Article) -> str:
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

