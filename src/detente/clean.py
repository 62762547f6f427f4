"""Cleaning: find scraping noise and keep it as labelled spans (STUB)."""
from __future__ import annotations

from .records import Article


def clean(article: Article) -> Article:
    return article


def detect_language(text: str) -> str | None:
    return "en"
