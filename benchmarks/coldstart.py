"""Cold-start figure: a fresh interpreter importing the app modules and compiling the graph.

The baseline is a fresh interpreter importing LangGraph alone, the floor any graph app pays.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.figures import Figure

__all__ = ["coldstart_figures"]

_OURS = """
import json, sys, time, asyncio
from pathlib import Path
t0 = time.perf_counter()
import agent.session, agent.graphs, agent.tools
t1 = time.perf_counter()
from agent.config import Settings
from agent.project import Project
from agent.session import Session
path = Path(sys.argv[1]) / "p"
Project.create(path, name="Cold").close()
async def main():
    session = await Session.open(path, settings=Settings(home=Path(sys.argv[1]) / "home", model="offline"))
    await session.close()
asyncio.run(main())
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "total_s": t2 - t0}))
"""
_BASE = """
import json, time
t0 = time.perf_counter()
import langgraph.graph, langchain_core.messages
print(json.dumps({"import_s": time.perf_counter() - t0, "total_s": time.perf_counter() - t0}))
"""


def _run(code: str, root: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=True,
                         timeout=300)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def coldstart_figures(*, quick: bool) -> list[Figure]:
    """Time importing agent.session/graphs/tools and opening a Session (graph compiled) in a new process."""
    repeat = 1 if quick else 5
    ours, base = [], []
    for i in range(repeat):
        with tempfile.TemporaryDirectory(prefix="reelsmith-bench-cold-") as tmp:
            ours.append(_run(_OURS, Path(tmp) / str(i)))
            base.append(_run(_BASE, Path(tmp)))
    imp = statistics.median(r["import_s"] for r in ours)
    total = statistics.median(r["total_s"] for r in ours)
    floor = statistics.median(r["total_s"] for r in base)
    note = f"median of {repeat} fresh interpreters; baseline: importing langgraph + langchain_core alone"
    return [
        Figure.measure("coldstart.import_app_modules", value=imp, baseline=floor, unit="s", note=note),
        Figure.measure("coldstart.import_and_compile_graph", value=total, baseline=floor, unit="s",
                       note="report only; includes creating a project and opening it with its checkpointer"),
    ]
