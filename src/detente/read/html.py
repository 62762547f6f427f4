"""HTML pages: the main text through trafilatura, plus the page's metadata."""

from __future__ import annotations

import re
from typing import Any

from ..errors import EmptyInputError, ParseError
from .decode import normalise_text

__all__ = ["MIN_PROSE_WORDS", "extract_html", "looks_like_html"]

#: A page's body must have a line of at least this many words to count as an article.
MIN_PROSE_WORDS = 5

# A page starts with a doctype or <html> (after an optional XML prolog or comments).
_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)


def looks_like_html(text: str) -> bool:
    """True when text is an HTML page (used for inputs without an .html extension)."""
    return bool(_HTML_START.match(text[:4096]))


def extract_html(html: str, *, source: str) -> tuple[str, dict[str, Any]]:
    """The article body and page metadata (title, published, url, outlet, author).

    Paragraphs are separated by a blank line, like scraped text files, so cleaning
    sees the same paragraph structure whatever the input format. Raises
    :class:`EmptyInputError` when the page has no article body.
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # lxml and trafilatura raise many kinds on broken markup
        raise ParseError(f"HTML could not be parsed: {exc}", source=source) from exc
    data: dict[str, Any] = {}
    if doc is not None:
        data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = data.get("text") or ""
    paragraphs = [line.strip() for line in str(body).split("\n") if line.strip()]
    # trafilatura falls back to whatever text a page has ("Home | World"): without one
    # line of prose (MIN_PROSE_WORDS words or more) there is no article body.
    if not any(len(p.split()) >= MIN_PROSE_WORDS for p in paragraphs):
        raise EmptyInputError("HTML page has no article body", source=source)
    text = normalise_text("\n\n".join(paragraphs))
    meta = {
        "title": data.get("title"),
        "published": data.get("date"),
        "url": data.get("url"),
        "outlet": data.get("sitename"),
        "author": data.get("author"),
    }
    return text, {k: v for k, v in meta.items() if v}
