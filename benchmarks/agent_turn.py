"""Agent-turn figures: non-model time of "rewrite scene 3 darker" with the offline model, 120 vs 10 scenes.

Model time is what the chat model spends producing its answers (its ``_generate``/``_agenerate`` and
stream methods, timed by patching its class for the run); the rest of the turn (graph, context building,
tools, store, checkpointing) is the non-model time the figure reports.
"""

from __future__ import annotations

import asyncio
import functools
import statistics
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.language_models import BaseChatModel

from agent.config import Settings
from agent.project import history
from agent.session import Session
from benchmarks.figures import Figure
from benchmarks.store import project_copy

__all__ = ["ModelClock", "agent_turn_figures", "REQUEST"]

REQUEST = "rewrite scene 3 darker"
DESCRIBED = "make the kitchen scene at night tenser"
"""A scene named by description: the resolver ranks the scenes (at 120 scenes, 10 kitchens at night: it asks)."""
_NON_MODEL_TARGET_MS = 300.0


class ModelClock:
    """Accumulate the wall time a chat model class spends generating, across threads and coroutines."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._lock = threading.Lock()

    def add(self, seconds: float) -> None:
        """Add one call's time."""
        with self._lock:
            self.seconds += seconds

    @contextmanager
    def patch(self, cls: type[BaseChatModel]) -> Iterator[ModelClock]:
        """Time ``cls``'s generation methods while inside the block (the outermost ones it implements)."""
        names = [
            "_agenerate" if _overrides(cls, "_agenerate") else "_generate",
            "_astream" if _overrides(cls, "_astream") else "_stream",
        ]
        saved = {name: cls.__dict__.get(name) for name in names}
        for name in names:
            original = getattr(cls, name)
            setattr(cls, name, self._wrap(name, original))
        try:
            yield self
        finally:
            for name, value in saved.items():
                if value is None:
                    delattr(cls, name)
                else:
                    setattr(cls, name, value)

    def _wrap(self, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        clock = self
        if name == "_agenerate":

            @functools.wraps(original)
            async def agen(*args: Any, **kwargs: Any) -> Any:
                start = time.perf_counter()
                try:
                    return await original(*args, **kwargs)
                finally:
                    clock.add(time.perf_counter() - start)

            return agen
        if name == "_astream":

            @functools.wraps(original)
            async def astream(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
                start = time.perf_counter()
                try:
                    async for chunk in original(*args, **kwargs):
                        yield chunk
                finally:
                    clock.add(time.perf_counter() - start)

            return astream
        if name == "_stream":

            @functools.wraps(original)
            def stream(*args: Any, **kwargs: Any) -> Iterator[Any]:
                start = time.perf_counter()
                try:
                    yield from original(*args, **kwargs)
                finally:
                    clock.add(time.perf_counter() - start)

            return stream

        @functools.wraps(original)
        def gen(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                clock.add(time.perf_counter() - start)

        return gen


def _overrides(cls: type, name: str) -> bool:
    for klass in cls.__mro__:
        if klass is BaseChatModel:
            return False
        if name in klass.__dict__:
            return True
    return False


def _offline_model(settings: Settings) -> BaseChatModel:
    """Return the offline chat model (the OfflineDirector ``agent.llm`` loads for model='offline')."""
    from agent.llm import load_chat_model

    return load_chat_model(settings)


async def _turns(path: Path, settings: Settings, repeat: int, request: str = REQUEST,
                 ) -> tuple[list[float], list[float], int]:
    """Run the request ``repeat`` times (undoing between runs); return total and model ms per turn."""
    model = _offline_model(settings)
    session = await Session.open(path, settings=settings, model=model)
    totals: list[float] = []
    models: list[float] = []
    tool_calls = 0
    try:
        with ModelClock().patch(type(model)) as clock:
            for i in range(repeat + 1):
                with session.project.read() as s:
                    before = history.change_count(s)
                clock.seconds = 0.0
                result = await session.run(f"bench-{i}", request)
                if result.error:
                    raise RuntimeError(f"the turn failed: {result.error}")
                if result.approval is not None:
                    raise RuntimeError(f"the turn stopped for an approval: {result.approval['title']}")
                tool_calls = len(result.tool_calls)
                if i > 0:  # the first turn warms imports, embeddings and caches
                    totals.append(result.latency_ms)
                    models.append(clock.seconds * 1000.0)
                with session.project.read() as s:
                    made = history.change_count(s) - before
                if made:
                    history.undo(session.project, steps=made, actor="bench")
    finally:
        await session.close()
    return totals, models, tool_calls


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def agent_turn_figures(*, quick: bool) -> list[Figure]:
    """Measure the non-model time of one writer turn at 120 and 10 scenes."""
    repeat = 4 if quick else 20
    results: dict[int, tuple[list[float], list[float], int]] = {}
    described: dict[int, tuple[list[float], list[float], int]] = {}
    with tempfile.TemporaryDirectory(prefix="reelsmith-bench-turn-") as tmp:
        root = Path(tmp)
        settings = Settings(home=root / "home", model="offline")
        for scenes, shots in ((120, 1500), (10, 125)):
            path = project_copy(root, scenes=scenes, shots=shots)
            results[scenes] = asyncio.run(_turns(path, settings, repeat))
            described[scenes] = asyncio.run(_turns(path, settings, repeat, DESCRIBED))
    by_description = {n: [t - m for t, m in zip(tot, mod, strict=True)] for n, (tot, mod, _) in described.items()}
    non_model = {n: [t - m for t, m in zip(tot, mod, strict=True)] for n, (tot, mod, _) in results.items()}
    big, small = non_model[120], non_model[10]
    note = (f"'{REQUEST}', {repeat} turns after a warm-up, undone between runs, {results[120][2]} tool call(s); "
            "offline model: agent.llm OfflineDirector; "
            f"model time {statistics.median(results[120][1]):.0f} ms median at 120 scenes")
    return [
        Figure.measure("agent_turn.non_model_p50_120", value=statistics.median(big),
                       baseline=statistics.median(small), unit="ms", target=_NON_MODEL_TARGET_MS,
                       target_on="value", note=f"{note}; baseline: the same at 10 scenes"),
        Figure.measure("agent_turn.non_model_p95_120", value=_pct(big, 95), baseline=_pct(small, 95), unit="ms",
                       target=_NON_MODEL_TARGET_MS, target_on="value", note="baseline: p95 at 10 scenes"),
        Figure.measure("agent_turn.non_model_p50_120_described", value=statistics.median(by_description[120]),
                       baseline=statistics.median(by_description[10]), unit="ms", target=_NON_MODEL_TARGET_MS,
                       target_on="value", note=f"'{DESCRIBED}' (resolved by description); baseline: 10 scenes"),
        Figure.measure("agent_turn.non_model_scaling_120_vs_10", value=statistics.median(big),
                       baseline=statistics.median(small), unit="ms", target=2.0,
                       note="median non-model time at 120 vs 10 scenes"),
    ]
