"""The link stage's light word folding (plurals and possessives only)."""

from __future__ import annotations

import pytest

from detente.link._text import tokens


@pytest.mark.parametrize(("text", "folded"), [
    ("talks", "talk"), ("governor's", "governor"), ("countries", "country"),
    ("churches", "church"), ("process", "process"),
    # No plural s to strip: these were cut to "numerou", "statu" and "crisi" (a topic
    # label a reader could not recognise).
    ("numerous", "numerous"), ("status", "status"), ("crisis", "crisis"),
])
def test_plural_endings_only(text: str, folded: str) -> None:
    assert tokens(text) == [folded]
