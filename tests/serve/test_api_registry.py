"""The API's listing parameters come from the record-kind registry, in its order."""

from __future__ import annotations

import pytest

from detente.store import kinds as K

pytest.importorskip("fastapi")


def test_api_listing_parameters_are_the_registry_filters(tmp_path) -> None:
    from detente.serve import create_app

    schema = create_app(db_url=str(tmp_path / "t.db"), create=True).openapi()
    for kind in K.KINDS:
        params = [p["name"] for p in schema["paths"][f"/api/{kind}"]["get"]["parameters"]]
        assert params == [*K.KIND_FILTERS[kind], "limit", "offset", "format"], kind
        for p in schema["paths"][f"/api/{kind}"]["get"]["parameters"]:
            if p["name"] in K.FILTERS and K.FILTERS[p["name"]].api_enum is None:
                assert p["description"] == K.FILTERS[p["name"]].help


def test_serve_modules_import_no_cycle() -> None:
    import ast
    import pathlib

    import detente.serve

    root = pathlib.Path(detente.serve.__file__).parent
    graph: dict[str, set[str]] = {}
    for path in root.glob("*.py"):
        deps = set()
        for node in ast.parse(path.read_text()).body:  # module-level imports only
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    deps.add(node.module.split(".")[0])
                else:
                    deps.update(a.name for a in node.names)
        graph[path.stem] = deps & {p.stem for p in root.glob("*.py")}

    def reaches(a: str, b: str, seen: set[str]) -> bool:
        return any(d == b or (d not in seen and reaches(d, b, seen | {d})) for d in graph[a])

    cycles = [m for m in graph if reaches(m, m, {m})]
    assert not cycles, {m: graph[m] for m in cycles}
