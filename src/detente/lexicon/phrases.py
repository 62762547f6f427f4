"""The one compiler of phrase lists from the lexicons into regular expressions.

Every word or phrase list in the data (issue terms, proposition terms, stance verbs,
denial cues, ...) becomes a matcher here, so the phrase syntax is the same in every file:

- a trailing ``*`` on a word allows any word ending ("sanction*" finds "sanctions");
- ``~`` stands for up to three words;
- a space matches any run of whitespace (texts wrap lines);
- straight and curly quotes match each other;
- matching ignores case, and longer phrases win over shorter ones ("not to join" over
  "join").

The issue lexicon (``issues.toml``) and the dispute cues (``linking.toml``) use an older,
plainer dialect, ``dialect="term"``: a ``*`` ends a word as above ("call* for"), quotes and
``~`` are literal characters, and a hyphen before or after a term does not block it.
It is kept so that their matching stays exactly as it was.

>>> bool(phrase_pattern(["neo-nazi*"]).search("the Neo-Nazis"))
True
>>> bool(phrase_pattern(["join"]).search("re-join")), bool(phrase_pattern(["join"], dialect="term").search("re-join"))
(False, True)
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["phrase_pattern"]

_NEVER = r"(?!x)x"


def phrase_pattern(phrases: list[str] | tuple[str, ...], *, inflect: bool = False,
                   dialect: Literal["phrase", "term"] = "phrase") -> re.Pattern[str]:
    """A case-insensitive alternation over ``phrases`` on word boundaries.

    With ``inflect`` each phrase's last word may take an inflection ending (``-s``,
    ``-ed``, ``-ing``). ``dialect`` is ``"phrase"`` (the full syntax above) or ``"term"``
    (the issue lexicon's plainer one, see the module docstring).
    """
    parts = []
    for phrase in sorted({p.strip().lower() for p in phrases if p.strip()}, key=len, reverse=True):
        if dialect == "term":
            parts.append(r"\s+".join(re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "")
                                     for w in phrase.split()))
            continue
        words = []
        for w in phrase.split():
            if w == "~":
                words.append(r"(?:\S+\s+){0,3}?")
                continue
            star = w.endswith("*")
            body = re.escape(w.rstrip("*"))
            body = re.sub(r'\\?["“”]', '["“”]', body).replace("'", "['’]")
            words.append(body + (r"\w*" if star else "") + r"\s+")
        body = "".join(words)
        body = body[: -len(r"\s+")] if body.endswith(r"\s+") else body
        if inflect and not phrase.endswith("*"):
            # "pledge" -> pledged, pledging; "agree" -> agreed, agreeing; "ask" -> asked
            if phrase.endswith("e") and not phrase.endswith("ee"):
                body = body[:-1] + r"(?:e|es|ed|ing)"
            else:
                body += r"(?:s|es|d|ed|ing)?"
        parts.append(body)
    if not parts:
        return re.compile(_NEVER)
    left, right = (r"(?<!\w)", r"(?!\w)") if dialect == "term" else (r"(?<![\w-])", r"(?![\w-])")
    return re.compile(left + "(?:" + "|".join(parts) + ")" + right, re.IGNORECASE)
