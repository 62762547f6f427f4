"""One exception tree for detente.

::

    DetenteError                 base of everything detente raises on purpose
    ├── InputError               an input cannot be read (E1xx)
    │   ├── DecodeError          bytes that are not text in any supported encoding (E102)
    │   ├── EmptyInputError      nothing to code after reading (E103)
    │   ├── TooLargeError        larger than the configured limit (E104)
    │   ├── ManifestError        a manifest row is malformed or points nowhere (E105)
    │   ├── ParseError           JSONL/HTML/date that cannot be parsed (E106)
    │   ├── NotArticleError      a web record that is no article: non-HTML, HTTP error (E107)
    │   └── FetchError           a URL that cannot be fetched: network, robots.txt (E108)
    ├── ModelError               the spaCy pipeline cannot be loaded (E2xx)
    ├── LexiconError             a shipped or user lexicon file is malformed (E3xx)
    ├── StoreError               the database cannot be opened or written (E4xx)
    ├── QueryError               a filter or parameter is invalid (E5xx)
    ├── ClusterError             a Dask cluster cannot be reached or used (E6xx)
    └── ServeError               the web server cannot start: address in use (E7xx)

Foreign exceptions are translated once, at the boundary, with ``raise X(...) from exc``.
Every message names the input and the problem in one line: the CLI prints it as is.
"""

from __future__ import annotations

__all__ = [
    "ClusterError",
    "DecodeError",
    "DetenteError",
    "EmptyInputError",
    "FetchError",
    "InputError",
    "LexiconError",
    "ManifestError",
    "ModelError",
    "NotArticleError",
    "ParseError",
    "QueryError",
    "ServeError",
    "StoreError",
    "TooLargeError",
]


class DetenteError(Exception):
    """Base class. ``code`` is a stable identifier such as ``E102``."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}" if source else message)


class InputError(DetenteError):
    code = "E101"


class DecodeError(InputError):
    code = "E102"


class EmptyInputError(InputError):
    code = "E103"


class TooLargeError(InputError):
    code = "E104"


class ManifestError(InputError):
    code = "E105"


class ParseError(InputError):
    code = "E106"


class NotArticleError(InputError):
    code = "E107"


class FetchError(InputError):
    code = "E108"


class ModelError(DetenteError):
    code = "E201"


class LexiconError(DetenteError):
    code = "E301"


class StoreError(DetenteError):
    code = "E401"


class QueryError(DetenteError):
    code = "E501"


class ClusterError(DetenteError):
    code = "E601"


class ServeError(DetenteError):
    code = "E701"
