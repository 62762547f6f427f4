"""Server-rendered pages (Jinja2, autoescaped) mounted by :func:`detente.api.create_app`."""

from __future__ import annotations

__all__: list[str] = []
