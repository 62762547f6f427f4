"""REST API and web application (``detente serve``).

>>> from detente.serve import create_app
>>> app = create_app(db_url="detente.db", token=None)  # doctest: +SKIP
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
