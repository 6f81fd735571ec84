"""Commands that do not chat never load the chat stack (LangGraph, the chat-model clients, the tools and graphs).

Each case runs in a fresh interpreter, because this one has long since imported everything; it reads
``sys.modules`` after the command ran, so it checks what was loaded, not how long it took.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHAT_STACK = ("langgraph", "langchain_openai", "openai", "agent.graphs", "agent.tools", "agent.llm")
"""Packages only a conversation needs: none of them may be loaded by a command that does not chat."""

_PROBE = """
import contextlib, io, json, sys
{setup}
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in {tops!r}
                        or any(name == m or name.startswith(m + ".") for m in {stack!r}))))
"""


def _loaded(setup: str, tmp_path: Path) -> list[str]:
    """Run ``setup`` in a fresh interpreter and return the chat-stack modules it left in ``sys.modules``."""
    code = _PROBE.format(setup=setup, stack=CHAT_STACK, tops=[m for m in CHAT_STACK if "." not in m])
    env = {**os.environ, "REELSMITH_HOME": str(tmp_path / "home"), "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return list(json.loads(proc.stdout.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from agent.cli import main

    folder = tmp_path_factory.mktemp("startup") / "demo"
    assert main(["new", str(folder), "--demo"]) == 0
    return folder


def test_the_probe_sees_the_chat_stack_when_it_is_loaded(tmp_path: Path) -> None:
    """The check below could fail: importing the graphs shows up in the probe."""
    assert "langgraph" in _loaded("import agent.graphs", tmp_path)


@pytest.mark.parametrize("module", ["agent.cli", "agent.session"])
def test_importing_the_command_line_and_the_session_loads_no_chat_stack(module: str, tmp_path: Path) -> None:
    assert _loaded(f"import {module}", tmp_path) == []


@pytest.mark.parametrize("argv", [["--help"], ["status", "{demo}", "--json"], ["show", "{demo}", "scene", "1"],
                                  ["history", "{demo}"]])
def test_commands_that_do_not_chat_load_no_chat_stack(argv: list[str], demo: Path, tmp_path: Path) -> None:
    args = [a.format(demo=demo) for a in argv]
    setup = ("from agent.cli import main\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n"
             "    try:\n"
             f"        code = main({args!r})\n"
             "    except SystemExit as exit:\n"
             "        code = exit.code\n"
             "assert code == 0, code")
    assert _loaded(setup, tmp_path) == []
