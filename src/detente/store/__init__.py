"""The store: coded articles and link results in SQLite (embedded, WAL) or PostgreSQL.

>>> from detente.store import open_store
>>> with open_store("sqlite://") as store:   # in-memory
...     store.count("events")
0

See ``docs/records.md`` for the tables and the listing filters.
"""

from __future__ import annotations

from .base import Store, open_store
from .codec import coded_from_dict, coded_to_dict, from_dict
from .schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Store", "coded_from_dict", "coded_to_dict", "from_dict",
           "open_store"]
