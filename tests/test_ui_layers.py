"""The front end's layers: app.py only wires Chainlit; agent/ui talks to Chainlit and the session, never the store."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STORE_AND_TOOLS = ("agent.project", "agent.tools", "agent.graphs", "agent.generators", "agent.llm", "agent.index",
                   "agent.media", "agent.workspace", "agent.ui_server", "agent.uploads", "sqlalchemy")


def _imports(path: Path) -> set[str]:
    """Return the modules a file imports at run time (imports under ``if TYPE_CHECKING:`` are for types only)."""
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    visit([child])

    visit(ast.parse(path.read_text()).body)
    return found


def _under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_app_py_wires_callbacks_and_calls_no_store_or_tool_code() -> None:
    imported = _imports(REPO / "app.py")
    assert not [m for m in imported if _under(m, STORE_AND_TOOLS)]
    assert "agent.session" not in imported, "app.py reaches the session only through agent.ui"
    assert len((REPO / "app.py").read_text().splitlines()) < 150


def test_only_the_ui_package_and_app_py_import_chainlit() -> None:
    outside = [str(p.relative_to(REPO)) for p in (REPO / "agent").rglob("*.py")
               if "ui" not in p.relative_to(REPO / "agent").parts[:1] and _under_chainlit(p)]
    assert outside == ["agent/web_guard.py"]  # its harden_chainlit() puts the guard on Chainlit's own server


def test_the_ui_package_reaches_the_project_only_through_the_session() -> None:
    offenders = {str(p.relative_to(REPO)): sorted(m for m in _imports(p) if _under(m, STORE_AND_TOOLS))
                 for p in (REPO / "agent" / "ui").glob("*.py")}
    allowed = {
        "agent/ui/runtime.py": ["agent.ui_server"],  # creates the demo project on a bare `chainlit run`
        "agent/ui/projects.py": ["agent.ui_server"],  # makes a new user's own project from the demo
        "agent/ui/routes.py": ["agent.workspace"],  # the asset and export URLs the views link to
    }
    assert {k: v for k, v in offenders.items() if v and allowed.get(k) != v} == {}


def _under_chainlit(path: Path) -> bool:
    return any(_under(m, ("chainlit",)) for m in _imports(path))
