"""The attribution cue lexicon (``lexicon/cues.toml``), loaded once and typed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import LexiconError
from . import load_data

__all__ = ["CueLexicon", "load_cues"]


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """Cue words as sets of lower-case lemmas / words.

    ``speech``: verbs of saying; ``cognition``: verbs of thinking (indirect only);
    ``denial``: verbs of refuting; ``according``: multi-word cues naming the source
    after them; ``statement_nouns``; ``denial_content``: phrases that make content a
    denial; ``pronouns``; ``roles``; ``media_words``; ``version``.
    """

    speech: frozenset[str]
    cognition: frozenset[str]
    denial: frozenset[str]
    according: tuple[tuple[str, ...], ...]
    statement_nouns: frozenset[str]
    denial_content: tuple[str, ...]
    pronouns: frozenset[str]
    roles: frozenset[str]
    media_words: frozenset[str]
    version: str
    direct_only: frozenset[str] = frozenset()
    prep_verbs: frozenset[str] = frozenset()
    prep_words: frozenset[str] = frozenset()
    message_verbs: frozenset[str] = frozenset()

    @property
    def all_verbs(self) -> frozenset[str]:
        return self.speech | self.cognition


def _words(data: dict[str, object], key: str, source: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"cue lexicon {source}: '{key}' must be a list of strings")
    return [v.lower() for v in value]


@lru_cache(maxsize=4)
def load_cues(path: str | None = None) -> CueLexicon:
    """Load the cue lexicon (shipped ``cues.toml`` or the file at ``path``)."""
    data = load_data("cues.toml", path=Path(path) if path else None)
    source = path or "cues.toml"
    according_raw = data.get("according", [])
    if not isinstance(according_raw, list) or not all(
        isinstance(seq, list) and seq and all(isinstance(w, str) for w in seq) for seq in according_raw
    ):
        raise LexiconError(f"cue lexicon {source}: 'according' must be a list of word lists")
    return CueLexicon(
        speech=frozenset(_words(data, "speech", source)),
        cognition=frozenset(_words(data, "cognition", source)),
        denial=frozenset(_words(data, "denial", source)),
        according=tuple(tuple(w.lower() for w in seq) for seq in according_raw),
        statement_nouns=frozenset(_words(data, "statement_nouns", source)),
        denial_content=tuple(_words(data, "denial_content", source)),
        pronouns=frozenset(_words(data, "pronouns", source)),
        roles=frozenset(_words(data, "roles", source)),
        media_words=frozenset(_words(data, "media_words", source)),
        version=str(data["version"]),
        direct_only=frozenset(_words(data, "direct_only", source)),
        prep_verbs=frozenset(_words(data, "prep_verbs", source)),
        prep_words=frozenset(_words(data, "prep_words", source)),
        message_verbs=frozenset(_words(data, "message_verbs", source)),
    )
