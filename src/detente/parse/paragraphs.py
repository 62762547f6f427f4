"""A spaCy component: a blank line always ends a sentence.

Cleaning blanks noise lines to spaces (see :func:`detente.pipeline.coding.masked_text`), so a
period-less headline followed by a blanked repeated title or promotion line reaches the
parser as ``headline + "\\n\\n" + spaces + "\\n\\n" + paragraph``. The parser has never seen
such a whitespace token and glues the headline to the first paragraph, which breaks the
sentence (and its events) in two. Paragraph breaks are sentence breaks in news text, so
this component marks the first token after a blank line as a sentence start before the
parser runs (the parser keeps preset boundaries).

Add it with :func:`add_paragraph_boundaries` (or
``nlp.add_pipe("detente_paragraphs", before="parser")``).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["COMPONENT", "add_paragraph_boundaries", "mark_paragraphs"]

#: The registered component name.
COMPONENT = "detente_paragraphs"

# A line break, optional blanks, another line break, then the next visible character.
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*(?=\S)")


def mark_paragraphs(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the first token of every paragraph (after a blank line)."""
    text = doc.text
    if "\n" not in text:
        return doc
    for match in _BLANK_LINE.finditer(text):
        span = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
    return doc


@Language.component(COMPONENT)
def _paragraphs_component(doc: Doc) -> Doc:
    return mark_paragraphs(doc)


def add_paragraph_boundaries(nlp: Language) -> Language:
    """Add the component before the parser (or first, without one). Idempotent."""
    if COMPONENT not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        if before is None and nlp.pipe_names:
            nlp.add_pipe(COMPONENT, first=True)
        else:
            nlp.add_pipe(COMPONENT, before=before)
    return nlp
