"""A cheap language guesser: script first, then the ratio of function words.

Good enough to route articles (code English, note the rest), not a general language
identifier: it knows en, de, fr, es, it, pt, nl, pl, ru, uk by their function words and a
few other scripts (Arabic, Hebrew, Greek, CJK, Korean) by their letters.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..lexicon import load_data

__all__ = ["detect_language"]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Scripts decided by their letters alone (ranges of the main Unicode blocks).
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cyrillic", re.compile(r"[\u0400-\u04FF]")),
    ("ar", re.compile(r"[\u0600-\u06FF]")),
    ("he", re.compile(r"[\u0590-\u05FF]")),
    ("el", re.compile(r"[\u0370-\u03FF]")),
    ("ja", re.compile(r"[\u3040-\u30FF]")),  # kana before Han: Japanese mixes both
    ("ko", re.compile(r"[\uAC00-\uD7AF]")),
    ("zh", re.compile(r"[\u4E00-\u9FFF]")),
)
_NON_ASCII = re.compile(r"[^\x00-\x7F]")


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    data = load_data("langid.toml")
    words = {lang: frozenset(ws) for lang, ws in data["function_words"].items()}
    # word -> the languages listing it: one dict lookup per word of the text.
    index: dict[str, tuple[str, ...]] = {}
    for lang, ws in words.items():
        for w in ws:
            index[w] = (*index.get(w, ()), lang)
    return {
        "words": words,
        "index": index,
        "cyrillic_letters": {lang: frozenset(s) for lang, s in data["cyrillic_letters"].items()},
        "min_words": int(data.get("min_words", 1)),
        "short_words": int(data.get("short_words", 12)),
        "sample_chars": int(data.get("sample_chars", 6000)),
    }


def _script(sample: str, letters: int) -> str | None:
    """The non-Latin script making up most of the sample's ``letters``, else None (Latin)."""
    # Mostly-ASCII text is Latin script: skip the per-script scans (the common case).
    if sample.isascii() or len(_NON_ASCII.findall(sample)) < letters * 0.4:
        return None
    for name, pattern in _SCRIPTS:
        if len(pattern.findall(sample)) > letters * 0.4:
            return name
    return None


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when there are no words.

    Short Latin-script texts without clear evidence (headlines) are taken as English.

    >>> detect_language("Negotiators said the talks had stalled after the latest round.")
    'en'
    >>> detect_language("Die Gespräche wurden nach der letzten Runde abgebrochen, sagte er.")
    'de'
    """
    lex = _lexicon()
    sample = text[: lex["sample_chars"]].lower()
    words = _WORD.findall(sample)
    if len(words) < lex["min_words"]:
        return None
    script = _script(sample, sum(map(len, words)))
    if script is not None and script != "cyrillic":
        return script
    index: dict[str, tuple[str, ...]] = lex["index"]
    cyrillic = ("ru", "uk")
    candidates = cyrillic if script == "cyrillic" else tuple(k for k in lex["words"] if k not in cyrillic)
    scores = dict.fromkeys(lex["words"], 0)
    for word in words:
        for lang in index.get(word, ()):
            scores[lang] += 1
    if script == "cyrillic":
        # Letters unique to one language weigh like several function words.
        for lang, letters in lex["cyrillic_letters"].items():
            scores[lang] += 3 * sum(sample.count(ch) for ch in letters)
        return max(("ru", "uk"), key=lambda lang: (scores[lang], lang == "ru"))
    best = max(candidates, key=lambda lang: (scores[lang], lang == "en"))
    # English wins ties and texts with too little evidence to go against it.
    if scores[best] <= scores["en"] or (len(words) < lex["short_words"] and scores[best] < 2):
        return "en"
    return best
