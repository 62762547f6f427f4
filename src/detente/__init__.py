"""detente: structured, sourced data from news about conflicts and negotiations.

>>> import detente
>>> coded = detente.code_text("Russia rejected Ukraine's proposal.", published="2022-04-22")  # doctest: +SKIP

The public API is what ``__all__`` lists; everything else is internal.
"""

from __future__ import annotations

from .clean.language import detect_language
from .clean.noise import clean
from .errors import (
    DecodeError,
    DetenteError,
    EmptyInputError,
    InputError,
    LexiconError,
    ManifestError,
    ModelError,
    ParseError,
    QueryError,
    StoreError,
    TooLargeError,
)
from .read import read_inputs
from .records import (
    ActorRef,
    Article,
    Claim,
    CodedArticle,
    DateRef,
    Dispute,
    DisputeSide,
    Event,
    EventCluster,
    Mention,
    NoiseSpan,
    Place,
    Position,
    Problem,
    Quote,
    Story,
    article_id_for,
    to_dict,
)
from .store import open_store  # noqa: E402  (after the records it stores)

__version__ = "0.1.0"

# The coding functions import spaCy (and, through thinc, torch where it is installed):
# seconds of start-up and a large heap that the store, the CLI's queries and the web
# server do not need. They are imported on first use instead.
_LAZY = {"code_article", "code_articles", "code_text", "make_article"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        from .pipeline import coding as pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'detente' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY)

__all__ = [
    "ActorRef",
    "Article",
    "Claim",
    "CodedArticle",
    "DateRef",
    "DecodeError",
    "DetenteError",
    "Dispute",
    "DisputeSide",
    "EmptyInputError",
    "Event",
    "EventCluster",
    "InputError",
    "LexiconError",
    "ManifestError",
    "Mention",
    "ModelError",
    "NoiseSpan",
    "ParseError",
    "Place",
    "Position",
    "Problem",
    "QueryError",
    "Quote",
    "StoreError",
    "Story",
    "TooLargeError",
    "__version__",
    "article_id_for",
    "code_article",
    "code_articles",
    "code_text",
    "clean",
    "detect_language",
    "make_article",
    "open_store",
    "read_inputs",
    "to_dict",
]
