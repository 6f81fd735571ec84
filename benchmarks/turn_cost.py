"""Turn-cost figures: model calls and tokens per turn for twelve golden-path requests, ours vs a ReAct agent.

Both run the real ChatOpenAI client against the golden-path stub (``benchmarks.golden``) on one
conversation over the same project: ours through ``agent.session`` (supervisor and specialists), the
baseline as langgraph's prebuilt ReAct agent with every tool bound and the same context builder
(``build_context`` with the target scene, under the same specialist rules). Pending approvals within
a request are approved and counted with it; "approve" is its own request.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
from pathlib import Path
from typing import Any

from agent.config import Settings
from benchmarks.figures import Figure
from benchmarks.golden import GOLDEN, GoldenServer, Recorded
from benchmarks.store import project_copy
from benchmarks.tokens import TOKENIZER

__all__ = ["run_graph", "run_react", "turn_cost_figures"]

_PER_CALL_TARGET = 3000
BEFORE_FILE = Path(__file__).with_name("turn_cost_before.json")
"""The same golden paths run on the graph before #19 (commit 169b896), same stub and tokenizer."""


def _before() -> dict[str, Any]:
    return dict(json.loads(BEFORE_FILE.read_text(encoding="utf-8"))) if BEFORE_FILE.is_file() else {}


def _settings(root: Path, url: str) -> Settings:
    return Settings(home=root / "home", model="golden", openai_base_url=url,
                    openai_api_key="sk-bench-not-real")  # type: ignore[arg-type]


async def run_graph(path: Path, server: GoldenServer, settings: Settings) -> dict[str, list[Recorded]]:
    """Drive the supervisor graph through every golden request; return the stub's records per request."""
    from agent.llm import load_chat_model
    from agent.session import Session

    server.mode = "graph"
    session = await Session.open(path, settings=settings, model=load_chat_model(settings))
    out: dict[str, list[Recorded]] = {}
    shown: list[Any] = []
    try:
        for golden in GOLDEN:
            server.current = golden
            start = len(server.records)
            if golden.decision and await session.pending("bench") is None:
                said = [(e["type"], e.get("text") or e.get("name")) for e in shown if e["type"] != "token"]
                raise RuntimeError(f"{golden.name}: nothing is waiting; the previous turn showed {said}")
            if golden.decision:
                result = await session.run("bench", decision=golden.decision)
            else:
                result = await session.run("bench", golden.request)
            for _ in range(3):
                if result.approval is None or golden.name == "still":
                    break
                result = await session.run("bench", decision="approve")
            if result.error:
                raise RuntimeError(f"{golden.name}: {result.error}")
            shown = result.events
            out[golden.name] = server.records[start:]
    finally:
        await session.close()
    return out


def _react_agent(path: Path, settings: Settings) -> Any:
    """Build the baseline: one ReAct agent, every tool bound, the same context builder and rules."""
    from langchain_core.messages import HumanMessage, SystemMessage
    from langgraph.checkpoint.memory import InMemorySaver
    from langgraph.prebuilt import create_react_agent

    from agent.graphs import build_context
    from agent.graphs.prompts import SPECIALIST_PROMPTS
    from agent.llm import load_chat_model
    from agent.project import Project
    from agent.tools import ToolContext, build_toolsets

    project = Project.open(path)
    ctx = ToolContext(project=project, settings=settings)
    tools: dict[str, Any] = {}
    for toolset in build_toolsets(ctx).values():
        for tool in toolset:
            tools.setdefault(tool.name, tool)

    def prompt(state: dict[str, Any]) -> list[Any]:
        request = next((str(m.content) for m in reversed(state["messages"]) if isinstance(m, HumanMessage)), "")
        system = SPECIALIST_PROMPTS["writer"].format(context=build_context(project, request, full=True))
        return [SystemMessage(system), *state["messages"]]

    agent = create_react_agent(load_chat_model(settings), list(tools.values()), prompt=prompt,
                               checkpointer=InMemorySaver())
    return agent, project


async def run_react(path: Path, server: GoldenServer, settings: Settings) -> dict[str, list[Recorded]]:
    """Drive the ReAct baseline through every golden request; return the stub's records per request."""
    from langgraph.types import Command

    server.mode = "react"
    agent, project = _react_agent(path, settings)
    config = {"configurable": {"thread_id": "bench"}, "recursion_limit": 40}
    out: dict[str, list[Recorded]] = {}
    try:
        for golden in GOLDEN:
            server.current = golden
            start = len(server.records)
            payload: Any = ({"messages": [("user", golden.request)]} if not golden.decision
                            else Command(resume={"decision": golden.decision, "note": ""}))
            await agent.ainvoke(payload, config)
            for _ in range(3):
                state = await agent.aget_state(config)
                if not any(t.interrupts for t in state.tasks) or golden.name == "still":
                    break
                await agent.ainvoke(Command(resume={"decision": "approve", "note": ""}), config)
            out[golden.name] = server.records[start:]
    finally:
        project.close()
    return out


def measure(scenes: int, shots: int) -> tuple[dict[str, list[Recorded]], dict[str, list[Recorded]]]:
    """Run both flows on fresh copies of a project of this size; return (ours, react) records."""
    with tempfile.TemporaryDirectory(prefix="reelsmith-bench-turncost-") as tmp:
        root = Path(tmp)
        server = GoldenServer()
        with server.running():
            settings = _settings(root, server.url)
            # Separate folders: Chroma keeps one client per index path for the life of the process.
            ours = asyncio.run(run_graph(project_copy(root / "ours", scenes=scenes, shots=shots), server, settings))
            react = asyncio.run(run_react(project_copy(root / "react", scenes=scenes, shots=shots), server, settings))
    return ours, react


def _sum(records: list[Recorded], key: str) -> int:
    return sum(int(getattr(r, key)) for r in records)


def _per_request(ours: dict[str, list[Recorded]], react: dict[str, list[Recorded]]) -> list[Figure]:
    figures: list[Figure] = []
    unit = "tokens (cl100k)"
    for golden in GOLDEN:
        mine, base = ours[golden.name], react[golden.name]
        single = len({s.specialist for s in golden.steps}) <= 1
        figures.append(Figure.measure(
            f"turn_cost.model_calls.{golden.name}", value=len(mine), baseline=len(base), unit="calls",
            target=2.0 if single else None, target_on="value",
            note=f"'{golden.request}'; baseline: ReAct agent" + ("; target ≤2 (one intent)" if single else "")))
        figures.append(Figure.measure(
            f"turn_cost.prompt_tokens_per_turn.{golden.name}", value=_sum(mine, "prompt"),
            baseline=_sum(base, "prompt"), unit=unit, target=1.0, note="baseline: ReAct agent, same context"))
        figures.append(Figure.measure(
            f"turn_cost.completion_tokens_per_turn.{golden.name}", value=_sum(mine, "completion"),
            baseline=_sum(base, "completion"), unit=unit, note="report only; baseline: ReAct agent"))
    return figures


def turn_cost_figures(*, quick: bool) -> list[Figure]:
    """Measure calls and tokens per turn for each golden request at 10 scenes, and per call at 120."""
    ours, react = measure(10, 125)
    figures = _per_request(ours, react)
    unit = "tokens (cl100k)"
    n = len(GOLDEN)
    mean = sum(_sum(v, "prompt") for v in ours.values()) / n
    mean_react = sum(_sum(v, "prompt") for v in react.values()) / n
    calls = statistics.mean(len(v) for v in ours.values())
    before = _before()
    old = before.get("scenes_10", {})
    figures += [
        Figure.measure("turn_cost.prompt_tokens_per_turn.mean", value=mean, baseline=mean_react, unit=unit,
                       target=1.0, note=f"mean over {n} requests at 10 scenes, one conversation; tokenizer "
                       f"{TOKENIZER}; baseline: ReAct agent (all tools, same context builder)"),
        Figure.measure("turn_cost.model_calls.mean", value=calls,
                       baseline=statistics.mean(len(v) for v in react.values()), unit="calls",
                       note="baseline: ReAct agent"),
    ]
    if old:
        figures += [
            Figure.measure("turn_cost.prompt_tokens_per_turn.mean_vs_before", value=mean,
                           baseline=sum(v["prompt"] for v in old.values()) / len(old), unit=unit, target=0.5,
                           note=f"baseline: the graph before #19 ({before.get('recorded_at_commit')}), recorded"),
            Figure.measure("turn_cost.model_calls.mean_vs_before", value=calls,
                           baseline=statistics.mean(v["calls"] for v in old.values()), unit="calls",
                           note="baseline: the graph before #19, recorded"),
        ]
    if not quick:
        big, big_react = measure(120, 1500)
        worst = max(r.prompt for v in big.values() for r in v)
        worst_react = max(r.prompt for v in big_react.values() for r in v)
        figures.append(Figure.measure(
            "turn_cost.prompt_tokens_per_call_max_120", value=worst, baseline=worst_react, unit=unit,
            target=_PER_CALL_TARGET, target_on="value", note="largest single call over the 12 requests at 120 "
            "scenes; baseline: ReAct agent"))
        figures.append(Figure.measure(
            "turn_cost.prompt_tokens_per_turn.mean_120", value=sum(_sum(v, "prompt") for v in big.values()) / n,
            baseline=sum(_sum(v, "prompt") for v in big_react.values()) / n, unit=unit, target=1.0,
            note="as the mean at 10 scenes, at 120 scenes; baseline: ReAct agent"))
    return figures
