"""Shared fixtures. ../shared (seeds, evaluation data) is optional: tests that need it skip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the repository, or skip."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not present (fresh clone): skipping")
    return SHARED


@pytest.fixture(scope="session")
def seed_manifest(shared_dir: Path) -> list[dict]:
    lines = (shared_dir / "seeds" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline with detente's components (loaded once per session)."""
    from detente.parse.model import get_nlp

    return get_nlp()


@pytest.fixture(scope="session")
def coded_seeds(shared_dir: Path, seed_manifest: list[dict], nlp):
    """The two seed articles coded with the real model: {file name: CodedArticle}."""
    from detente.pipeline.coding import code_article, make_article

    out = {}
    for row in seed_manifest:
        path = shared_dir / "seeds" / row["path"]
        article = make_article(
            path.read_text(encoding="utf-8"),
            published=row.get("published"),
            outlet=row.get("outlet"),
            language=row.get("language"),
            source=str(path),
        )
        out[row["path"]] = code_article(article, nlp=nlp)
    return out
