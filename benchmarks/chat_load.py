"""Chat under load: 20 conversations at once on one server, and a question while a 40-shot batch runs.

The UI server holds one ``Session`` on its project and runs every chat's turn as a coroutine on one event
loop (``agent/ui/runtime.py``), with the embedded job workers as threads of the same process. These figures
drive a ``Session`` the same way: one shared project (the 120-scene one), one Session, each conversation a
LangGraph thread run as an asyncio task. Non-model time is a turn's wall time minus the time the chat model
spent in that turn; each turn's model time is counted on its own (a context variable), so concurrent turns are
not charged for each other's model calls. Offline model (the OfflineDirector), as in ``agent_turn``.
"""

from __future__ import annotations

import asyncio
import math
import os
import random
import statistics
import sys
import tempfile
import time
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import numpy as np

from agent.config import Settings
from agent.session import Session
from benchmarks.agent_turn import ModelClock, _offline_model
from benchmarks.figures import Figure
from benchmarks.store import project_copy

__all__ = ["chat_load_figures"]

_REQUESTS = ("rewrite scene {scene} darker", "who is in scene {scene}?", "how many shots are in scene {scene}?")
"""A conversation's turns, in turn: an edit and two questions, each about the conversation's own scene."""
_QUESTION = "who is in scene {scene}?"
_SPENT: ContextVar[list[float] | None] = ContextVar("bench_turn_model_s", default=None)
_TESTS = Path(__file__).resolve().parent.parent / "tests"


class _TurnClock(ModelClock):
    """Charge model time to the turn it was spent in (the running task's accumulator), not to a global sum."""

    def add(self, seconds: float) -> None:
        """Add one model call's time to the current turn."""
        spent = _SPENT.get()
        if spent is not None:
            spent[0] += seconds


async def _turn(session: Session, thread: str, text: str) -> float:
    """Run one turn; return its non-model milliseconds (raise when it fails or stops for an approval)."""
    spent = [0.0]
    token = _SPENT.set(spent)
    try:
        result = await session.run(thread, text)
    finally:
        _SPENT.reset(token)
    if result.error:
        raise RuntimeError(f"the turn {text!r} failed: {result.error}")
    if result.approval is not None:
        raise RuntimeError(f"the turn {text!r} stopped for an approval: {result.approval['title']}")
    return result.latency_ms - spent[0] * 1000.0


async def _conversation(session: Session, scene: int, turns: int, think: tuple[float, float],
                        rng: random.Random) -> list[float]:
    out = []
    for i in range(turns):
        await asyncio.sleep(rng.uniform(*think))  # the person reads the answer and types the next message
        out.append(await _turn(session, f"load-{scene}", _REQUESTS[i % len(_REQUESTS)].format(scene=scene)))
    return out


async def _sessions(path: Path, settings: Settings, *, chats: int, turns: int, think: tuple[float, float],
                    ) -> tuple[list[float], float, float]:
    """Run ``chats`` conversations at once on one Session; return every turn's non-model ms, CPU s and wall s.

    CPU is the process's CPU time over the measured turns: on a machine that other work keeps busy, a figure
    far above its single-session baseline while the process got only a fraction of a core says the turns
    waited for a core, not for each other.
    """
    model = _offline_model(settings)
    session = await Session.open(path, settings=settings, model=model)
    try:
        with _TurnClock().patch(type(model)):
            for text in _REQUESTS:  # warm imports, embeddings and caches, as a running server has them
                await _turn(session, "warm-up", text.format(scene=100))
            rng = random.Random(7)
            runs = [_conversation(session, n, turns, think, random.Random(rng.random())) for n in range(1, chats + 1)]
            cpu, wall = time.process_time(), time.perf_counter()
            results = await asyncio.gather(*runs)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    finally:
        await session.close()
    return [ms for one in results for ms in one], cpu, wall


def _p95(values: list[float]) -> float:
    return float(np.percentile(np.asarray(values), 95))


def _concurrency(root: Path, settings: Settings, quick: bool) -> list[Figure]:
    chats, turns = 20, 3 if quick else 6
    think = (5.0, 15.0)  # a person reads the answer and types the next message; the offline model answers at once
    def copy(name: str) -> Path:
        return project_copy(root / name, scenes=120, shots=1500)

    load = os.getloadavg()[0]
    one, one_cpu, _ = asyncio.run(_sessions(copy("one"), settings, chats=1, turns=chats * turns // 2,
                                             think=(0.1, 0.3)))
    many, cpu, wall = asyncio.run(_sessions(copy("many"), settings, chats=chats, turns=turns, think=think))
    burst, burst_cpu, burst_wall = asyncio.run(_sessions(copy("burst"), settings, chats=chats, turns=1,
                                                         think=(0.0, 0.0)))
    share, burst_share = cpu / wall, burst_cpu / burst_wall
    per_turn = one_cpu / len(one)  # CPU seconds of one turn, from the quiet single conversation
    demand = chats / statistics.mean(think) * per_turn
    mix = " / ".join(f"'{r}'" for r in _REQUESTS)
    note = (f"one Session on the 120-scene project, {chats} conversations as asyncio tasks (as the UI server runs "
            f"them), each {turns} turns ({mix}, its own scene) with {think[0]:g}-{think[1]:g} s between them; "
            f"{len(many)} turns, p50 {statistics.median(many):.0f} ms; the process used {share:.0%} of one core "
            f"meanwhile (load average {load:.1f} at the start, {os.cpu_count()} cores); baseline: one conversation, "
            f"{len(one)} turns, p95 (p50 {statistics.median(one):.0f} ms)")
    return [
        Figure.measure(f"chat_load.non_model_p95_{chats}_sessions", value=_p95(many), baseline=_p95(one), unit="ms",
                       target=2.0, note=note),
        Figure.measure(f"chat_load.cpu_demand_{chats}_sessions", value=demand, baseline=1.0, unit="cores",
                       note=f"report only: {chats} conversations x one turn per {statistics.mean(think):g} s x "
                            f"{per_turn * 1000:.0f} ms of CPU per turn (one conversation's turns, process CPU "
                            f"time); baseline: the one core a Python process runs turns on"),
        Figure.measure(f"chat_load.non_model_p95_{chats}_at_once", value=_p95(burst), baseline=_p95(one), unit="ms",
                       note=f"report only: {chats} conversations sending in the same instant, one turn each "
                            f"(every turn queues behind the others on one interpreter); max {max(burst):.0f} ms, "
                            f"{burst_share:.0%} of one core"),
    ]


# -- a question while a batch runs ----------------------------------------------------------------


def _support() -> Any:
    if str(_TESTS) not in sys.path:
        sys.path.insert(0, str(_TESTS))
    import jobs_support

    return jobs_support


async def _during_batch(path: Path, settings: Settings, *, shots: int, latency: float) -> dict[str, Any]:
    from agent.jobs import JobService
    from agent.project.shots import ShotCard, replace_shots
    from agent.tools.base import ToolContext

    support = _support()
    model = _offline_model(settings)
    session = await Session.open(path, settings=settings, model=model)
    image = support.StubImageGenerator(latency_s=latency)
    factory = support.stub_generators(image)
    session._jobs = JobService(session.project, settings, generators=factory)  # the stub provider's workers
    try:
        replace_shots(session.project, 1, [ShotCard(f"Mara waits, beat {i}", duration_s=1.0)
                                           for i in range(1, shots + 1)], actor="bench")
        session.enable_jobs()  # embedded workers, threads of this process, as in the UI server
        with _TurnClock().patch(type(model)):
            for _ in range(2):
                await _turn(session, "warm-up", _QUESTION.format(scene=100))
            idle = [await _turn(session, "idle", _QUESTION.format(scene=2 + i % 50)) for i in range(10)]
            ctx = ToolContext(project=session.project, settings=settings)
            ctx._generators = factory(settings)
            start = time.perf_counter()
            job, _ = session.jobs.start("stills_batch", {"scene": 1}, thread="batch", ctx=ctx)
            busy: list[float] = []
            while session.job(job["id"])["status"] in ("queued", "running"):
                busy.append(await _turn(session, "asking", _QUESTION.format(scene=2 + len(busy) % 50)))
                await asyncio.sleep(0.3)
            wall = time.perf_counter() - start
            status = session.job(job["id"])["status"]
    finally:
        await session.close()
    return {"idle": idle, "busy": busy, "wall": wall, "status": status, "peak": image.peak}


def _question_during_batch(root: Path, settings: Settings, quick: bool) -> list[Figure]:
    shots, latency, workers = 40, 2.0, 4
    batch_settings = settings.model_copy(update={"job_workers": workers, "provider_concurrency": workers,
                                                 "job_lease_s": 30.0})
    run = asyncio.run(_during_batch(project_copy(root, scenes=120, shots=1500), batch_settings, shots=shots,
                                    latency=latency))
    busy, idle = run["busy"], run["idle"]
    floor = math.ceil(shots / workers) * latency
    note = (f"'{_QUESTION}' asked every 0.3 s while a {shots}-shot stills batch ran on the embedded queue in the "
            f"same process ({workers} worker threads, stub provider {latency:g} s per image; the batch took "
            f"{run['wall']:.1f} s against a floor of {floor:.0f} s and ended {run['status']}); {len(busy)} "
            f"questions, max {max(busy):.0f} ms; baseline: the same question with no batch, p95 of {len(idle)}")
    return [
        Figure.measure("chat_load.question_during_batch_p95", value=_p95(busy), baseline=_p95(idle), unit="ms",
                       target=1000.0, target_on="value", note=note),
    ]


def chat_load_figures(*, quick: bool = False) -> list[Figure]:
    """Measure non-model turn time with 20 conversations at once, and a question's while a batch runs."""
    with tempfile.TemporaryDirectory(prefix="reelsmith-bench-load-") as tmp:
        root = Path(tmp)
        settings = Settings(home=root / "home", model="offline")
        figures = _concurrency(root / "a", settings, quick)
        figures += _question_during_batch(root / "b", settings, quick)
    return figures


if __name__ == "__main__":
    from benchmarks.figures import format_table

    print(format_table(chat_load_figures(quick="--quick" in sys.argv)))
