"""Pronoun coreference pass of :func:`detente.extract.actors.mentions.extract_mentions`.

The rules live in :mod:`detente.extract.coref.resolve` (salience, agreement, binding,
quotations, titles on a date, plural pronouns); this module keeps the pass's name.
"""

from __future__ import annotations

from ..coref.resolve import resolve
from .base import Context

__all__ = ["pronoun_mentions"]


def pronoun_mentions(ctx: Context) -> None:
    """Pass 3: titles to office holders, then third-person pronouns (he/she to people,
    they to groups), by :func:`detente.extract.coref.resolve.resolve`."""
    resolve(ctx)
