"""Start-up cost: only coding loads spaCy (the store, the query CLI and the server do not)."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        check=True, capture_output=True, text=True, timeout=120,
    ).stdout
    return set(out.split())


def test_import_detente_does_not_load_spacy() -> None:
    mods = _modules_after("import detente, detente.cli, detente.store, detente.serve.app")
    assert "detente" in mods and "detente.store" in mods
    assert "spacy" not in mods
    assert "detente.pipeline.coding" not in mods


def test_coding_functions_load_on_first_use() -> None:
    mods = _modules_after("import detente\nf = detente.code_articles\nassert callable(f)")
    assert "detente.pipeline.coding" in mods and "spacy" in mods


def test_unknown_attribute_is_an_attribute_error() -> None:
    import detente

    try:
        detente.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")
    assert "code_text" in dir(detente)
