"""The noise rules, compiled once from ``lexicon/noise.toml``.

Patterns are data; this module only compiles them (expanding the ``{NAME}`` macros) and
says where each kind applies. See :mod:`detente.clean.noise` for how they are used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import LexiconError
from ..lexicon import load_data

__all__ = ["LABELS", "LineRule", "NoiseRules", "load_rules"]

#: The labels a NoiseSpan may carry.
LABELS = frozenset({"title_repeat", "promo", "teaser", "caption", "credit", "byline", "bio", "boilerplate",
                    "dateline"})


@dataclass(frozen=True, slots=True)
class LineRule:
    """A whole-line pattern. Fields: ``name``, ``label``, ``regex``, ``max_words``,
    ``where`` (``any`` or ``tail``)."""

    name: str
    label: str
    regex: re.Pattern[str]
    max_words: int = 40
    where: str = "any"


@dataclass(frozen=True, slots=True)
class NoiseRules:
    """All compiled rules. Fields: ``lines`` (promo/teaser/byline/boilerplate/bio),
    ``credits``, ``caption_leads``, ``prefixes`` (patterns matched at the start of a
    line, not the whole of it: a wire dateline) and the numeric ``limits``."""

    lines: tuple[LineRule, ...]
    credits: tuple[LineRule, ...]
    caption_leads: tuple[LineRule, ...]
    top_lines: int
    caption_max_words: int
    teaser_min_words: int
    teaser_min_letters: int
    teaser_upper_ratio: float
    tail_lines: int
    caption_apart_max_words: int
    version: str
    prefixes: tuple[LineRule, ...] = ()
    prefix_min_words: int = 5


def _expand(pattern: str, macros: dict[str, str]) -> str:
    # Macros may use other macros (NAMES uses NAME): expand until nothing changes.
    for _ in range(5):
        before = pattern
        for key, value in macros.items():
            pattern = pattern.replace("{" + key + "}", value)
        if pattern == before:
            break
    return pattern


def _compile(entry: dict[str, Any], *, kind: str, label: str | None, macros: dict[str, str], source: str) -> LineRule:
    try:
        name = str(entry["name"])
        pattern = _expand(str(entry["pattern"]), macros)
        rule_label = label or str(entry["label"])
    except KeyError as exc:
        raise LexiconError(f"{source}: a [[{kind}]] entry lacks {exc.args[0]!r}") from exc
    if rule_label not in LABELS:
        raise LexiconError(f"{source}: rule {name!r} has unknown label {rule_label!r}")
    flags = re.IGNORECASE if entry.get("ignorecase") else 0
    try:
        regex = re.compile(pattern, flags)
    except re.error as exc:
        raise LexiconError(f"{source}: rule {name!r} has a bad pattern: {exc}") from exc
    return LineRule(
        name=name,
        label=rule_label,
        regex=regex,
        max_words=int(entry.get("max_words", 40)),
        where=str(entry.get("where", "any")),
    )


def load_rules(*, path: str | Path | None = None) -> NoiseRules:
    """Compile the noise rules (the shipped ``noise.toml`` unless ``path`` is given)."""
    data = load_data("noise.toml", path=path)
    source = str(path or "noise.toml")
    macros = {str(k): str(v) for k, v in data.get("macros", {}).items()}
    limits = data.get("limits", {})
    return NoiseRules(
        lines=tuple(_compile(e, kind="line", label=None, macros=macros, source=source) for e in data.get("line", [])),
        credits=tuple(_compile(e, kind="credit", label="credit", macros=macros, source=source) for e in data.get("credit", [])),
        caption_leads=tuple(
            _compile(e, kind="caption_lead", label="caption", macros=macros, source=source) for e in data.get("caption_lead", [])
        ),
        top_lines=int(limits.get("top_lines", 6)),
        caption_max_words=int(limits.get("caption_max_words", 70)),
        teaser_min_words=int(limits.get("teaser_min_words", 4)),
        teaser_min_letters=int(limits.get("teaser_min_letters", 12)),
        teaser_upper_ratio=float(limits.get("teaser_upper_ratio", 0.85)),
        tail_lines=int(limits.get("tail_lines", 4)),
        caption_apart_max_words=int(limits.get("caption_apart_max_words", 40)),
        version=str(data["version"]),
        prefixes=tuple(_compile(e, kind="prefix", label=None, macros=macros, source=source)
                       for e in data.get("prefix", [])),
        prefix_min_words=int(limits.get("prefix_min_words", 5)),
    )


@lru_cache(maxsize=1)
def shipped_rules() -> NoiseRules:
    """The shipped rules, compiled once per process."""
    return load_rules()
