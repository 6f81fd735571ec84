"""The rooms of ``agent/`` and their imports: no cycles, the store at the bottom, benchmarks outside.

Imports are read with ``ast`` (nothing is imported, so no side effects), including imports inside
functions and under ``if TYPE_CHECKING:``: a lazy or type-only import is still a dependency.
A room is a subpackage of ``agent/`` (``agent.project``, ``agent.formats`` ...) or a top-level module
(``agent.session``, ``agent.cli`` ...).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AGENT = REPO / "agent"

# Where the store must never reach: the conversation, file formats, rendering and the front ends.
ABOVE_THE_STORE = ("tools", "graphs", "formats", "media", "session", "exports", "llm", "ui", "jobs", "cli")
STORE_AND_TOOLS = ("agent.project", "agent.tools", "agent.graphs", "sqlalchemy")
KNOWN_MODULE_CYCLES: list[list[str]] = []
"""Module cycles not broken yet (each sorted); none are left."""


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path) -> Iterator[tuple[str, int]]:
    """Yield (absolute module or ``module.name``, line) for every import in the file, at any depth."""
    here = _module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            yield module, node.lineno
            yield from ((f"{module}.{alias.name}", node.lineno) for alias in node.names)


def _room(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "agent" or len(parts) < 2:
        return None
    return parts[1] if (AGENT / parts[1]).is_dir() or (AGENT / f"{parts[1]}.py").is_file() else None


def _agent_files() -> list[Path]:
    """Return every module under ``agent/`` but its (empty) top ``__init__`` and the Alembic migrations."""
    return sorted(p for p in AGENT.rglob("*.py")
                  if p != AGENT / "__init__.py" and "migrations" not in p.relative_to(AGENT).parts)


def _room_edges() -> dict[str, dict[str, str]]:
    """Return room -> {imported room: one ``file:line`` that shows the import}."""
    edges: dict[str, dict[str, str]] = {}
    for path in _agent_files():
        room = _room(_module_name(path))
        assert room is not None
        for module, line in _imported(path):
            target = _room(module)
            if target is not None and target != room:
                edges.setdefault(room, {}).setdefault(target, f"{path.relative_to(REPO)}:{line}")
    return edges


def _cycles(edges: dict[str, Iterable[str]]) -> list[list[str]]:
    """Return the strongly connected components with more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while (top := stack.pop()) != node:
                component.append(top)
            component.append(node)
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def _explain(component: list[str], edges: dict[str, dict[str, str]]) -> str:
    return "; ".join(f"{a} -> {b} ({where})" for a in component for b, where in edges.get(a, {}).items()
                     if b in component)


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"]]
    assert _cycles({"a": ["b"], "b": []}) == []


def test_no_cycle_between_rooms() -> None:
    edges = _room_edges()
    assert [_explain(c, edges) for c in _cycles(edges)] == []


def _module_edges() -> dict[str, set[str]]:
    """Return module -> the ``agent`` modules it imports (``from pkg import name`` counts as ``pkg``)."""
    modules = {_module_name(p): p for p in _agent_files()}
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        for module, _ in _imported(path):
            target = module if module in modules else module.rpartition(".")[0]
            if target in modules and target != name:
                edges.setdefault(name, set()).add(target)
    return edges


def test_no_cycle_between_modules() -> None:
    assert [c for c in _cycles(_module_edges()) if c not in KNOWN_MODULE_CYCLES] == []


def test_the_known_module_cycles_are_still_there() -> None:
    """Fail once a known cycle is gone, so its entry is removed and it cannot come back unnoticed."""
    cycles = _cycles(_module_edges())
    assert [known for known in KNOWN_MODULE_CYCLES if known not in cycles] == []


def test_modules_import_no_private_names_of_other_modules() -> None:
    offenders = [f"{path.relative_to(REPO)}:{line}: {module}"
                 for path in _agent_files() for module, line in _imported(path)
                 if module.startswith("agent.") and module.rpartition(".")[2].startswith("_")
                 and not module.rpartition(".")[2].startswith("__")]
    assert offenders == []


def test_the_store_imports_nothing_above_it() -> None:
    offenders = [f"{path.relative_to(REPO)}:{line}: {module}"
                 for path in _agent_files() if _room(_module_name(path)) == "project"
                 for module, line in _imported(path) if _room(module) in ABOVE_THE_STORE]
    assert offenders == []


def test_formats_are_pure_readers_and_writers() -> None:
    """File formats know no project and no media: the store, media and exports build on them, not the reverse."""
    offenders = [
        f"{path.relative_to(REPO)}:{line}: {module}"
        for path in _agent_files()
        if _room(_module_name(path)) == "formats"
        for module, line in _imported(path)
        if _room(module) not in (None, "formats", "shot_status")
    ]
    assert offenders == []


def _front_end_files() -> list[Path]:
    """Return the front ends that must go through ``agent.session``: app.py, agent/ui, the /api, the CLI, evals."""
    return [REPO / "app.py", *sorted((AGENT / "ui").rglob("*.py")), AGENT / "api.py", AGENT / "evaldriver.py",
            *sorted(AGENT.glob("cli*.py"))]


def test_front_ends_reach_the_store_and_tools_only_through_the_session() -> None:
    offenders = [f"{path.relative_to(REPO)}:{line}: {module}"
                 for path in _front_end_files() for module, line in _imported(path)
                 if any(module == p or module.startswith(p + ".") for p in STORE_AND_TOOLS)]
    assert offenders == []


def test_no_benchmark_code_inside_agent() -> None:
    benches = [str(p.relative_to(REPO)) for p in _agent_files() if "bench" in p.stem]
    functions = [f"{p.relative_to(REPO)}: {node.name}" for p in _agent_files()
                 for node in ast.walk(ast.parse(p.read_text()))
                 if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("bench")]
    imports = [f"{p.relative_to(REPO)}: {m}" for p in _agent_files() for m, _ in _imported(p)
               if m == "benchmarks" or m.startswith("benchmarks.")]
    assert benches + functions + imports == []
