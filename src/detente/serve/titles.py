"""A readable title for an article: its metadata title, else its first line that is not
scraping noise.

Scraped texts open with promos and teasers ("NEW You can now listen to Fox News
articles!") that the cleaner marks as noise spans; a title built from the text skips them,
and takes one line, not the run-on start of the body.

>>> headline({"title": None, "text": "NEWS ALERT\\nTalks resume in Istanbul\\nBody.",
...           "noise": [{"start": 0, "end": 10, "label": "promo"}]})
'Talks resume in Istanbul'
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["headline"]

_SPACE = re.compile(r"\s+")


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def headline(article: Any, length: int = 110) -> str:
    """The metadata title, else the first line of the text outside noise spans, cut to
    ``length`` characters at a word; "" when there is neither."""
    title = _get(article, "title")
    if title and str(title).strip():
        return _cut(_SPACE.sub(" ", str(title)).strip(), length)
    text = str(_get(article, "text") or "")
    spans = []
    for n in _get(article, "noise") or ():
        s, e = _get(n, "start"), _get(n, "end")
        if isinstance(s, int) and isinstance(e, int):
            spans.append((s, e))
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        # Drop the parts of the line that are noise; what is left must still read as text.
        kept = "".join(ch for i, ch in enumerate(line, start)
                       if not any(a <= i < b for a, b in spans))
        kept = _SPACE.sub(" ", kept).strip()
        if len(re.findall(r"[^\W\d_]{2,}", kept)) >= 3:
            return _cut(kept, length)
    return ""


def _cut(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"
