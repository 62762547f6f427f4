"""Data flows one way: read -> clean -> parse -> extract -> store -> link -> serve.

Walks every module of ``src/detente`` with :mod:`ast` and collects its imports of
``detente`` modules, module-level and lazy (inside functions) alike. Two rules:

- a stage never imports a higher stage (ranks in :data:`RANK`);
- no import cycle among modules.

An exception is allowed only when it is listed below with a written reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "detente"

#: Rank of each top-level part of the package: a module may import its own part and any
#: part of a lower or equal rank, never a higher one. ``pipeline`` orchestrates the stages
#: (coding, ingest into a store, clustering), ``cli`` and the package root are on top.
RANK: dict[str, int] = {
    "errors": 0, "ids": 0, "records": 0, "timeparse": 0,
    "lexicon": 1,
    "read": 2,
    "clean": 3,
    "parse": 4,
    "extract": 5,
    "store": 6,
    "link": 7, "export": 7,
    "pipeline": 8,
    "sample": 9, "serve": 9,
    "cli": 10,
    "": 11,  # the package root, detente/__init__.py: the public facade
}

#: (importer, imported) module pairs allowed to go up the stages, with the reason.
UPWARD_ALLOWED: dict[tuple[str, str], str] = {
    ("detente.read.meta", "detente.clean.language"):
        "an article without a language in its metadata gets one when it is built; "
        "clean.language is a leaf (it imports only the lexicon loader)",
    ("detente.serve.app", "detente"):
        "__version__ is defined in the package root (lazy import, for the about page)",
}

#: Import cycles known and allowed, with the reason (none now). A cycle found is allowed when
#: its modules are all inside one of these sets.
CYCLES_ALLOWED: dict[frozenset[str], str] = {
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The detente modules ``name`` imports (``from pkg import submodule`` counts as the
    submodule)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "detente")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "detente":
                continue
            subs = {f"{target}.{a.name}" for a in node.names} & known
            found.update(subs)
            if len(subs) < len(node.names):
                found.add(target)
    return {m for m in found if m != name}


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: {m for m in _imports(name, path, known)} for name, path in modules.items()}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(frozenset(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _allowed_cycle(cycle: frozenset[str]) -> bool:
    return any(cycle <= allowed for allowed in CYCLES_ALLOWED)


def test_every_part_has_a_rank() -> None:
    parts = {_part(m) for m in _modules()}
    assert parts <= set(RANK), f"give these parts a rank in RANK: {sorted(parts - set(RANK))}"


def test_no_stage_imports_a_higher_stage() -> None:
    upward = sorted(
        (a, b)
        for a, targets in import_graph().items()
        for b in targets
        if RANK[_part(b)] > RANK[_part(a)] and (a, b) not in UPWARD_ALLOWED
    )
    assert upward == [], "imports up the pipeline:\n" + "\n".join(f"  {a} -> {b}" for a, b in upward)


def test_no_import_cycles() -> None:
    cycles = [c for c in _cycles(import_graph()) if not _allowed_cycle(c)]
    assert cycles == [], "import cycles:\n" + "\n".join(f"  {sorted(c)}" for c in cycles)


def test_allowed_exceptions_are_still_needed() -> None:
    graph = import_graph()
    stale = [pair for pair in UPWARD_ALLOWED if pair[1] not in graph.get(pair[0], set())]
    assert stale == [], f"remove these exceptions, the import is gone: {stale}"
    cycles = _cycles(graph)
    stale_cycles = [sorted(allowed) for allowed in CYCLES_ALLOWED
                    if not any(c <= allowed for c in cycles)]
    assert stale_cycles == [], f"remove these allowed cycles, they are gone: {stale_cycles}"


def test_the_walker_sees_imports(tmp_path: Path) -> None:
    """The walker itself: relative, absolute, lazy and ``from pkg import module`` imports."""
    known = {"detente.read.meta", "detente.records", "detente.pipeline.coding", "detente.clean"}
    src = tmp_path / "meta.py"
    src.write_text(
        "from .. import records as R\n"
        "import detente.clean\n"
        "def f():\n"
        "    from ..pipeline.coding import make_article\n",
        encoding="utf-8",
    )
    found = _imports("detente.read.meta", src, known)
    assert found == {"detente.records", "detente.clean", "detente.pipeline.coding"}
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [frozenset({"a", "b"})]
