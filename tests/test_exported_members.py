"""The public API is exactly what `detente.__all__` lists (httpx's habit)."""

from __future__ import annotations

import detente


def test_all_names_exist() -> None:
    for name in detente.__all__:
        assert hasattr(detente, name), name


def test_all_is_complete() -> None:
    public = {
        name
        for name, value in vars(detente).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith("detente")
    }
    assert public <= set(detente.__all__), sorted(public - set(detente.__all__))
