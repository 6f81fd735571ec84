"""First-token figure: how long after send the film-maker sees the model's first words, less model time.

The golden-path stub streams its reply word by word with a fixed delay per chunk; the session's
``token`` events are timed on the same clock. Model time is what the stub spent answering (from a
request's arrival to its last chunk, or to the first visible chunk for the call that shows it); the
rest — graph, context, tools, HTTP and the client's parsing — is the figure.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from agent.config import Settings
from benchmarks.figures import Figure
from benchmarks.golden import GOLDEN, GoldenServer
from benchmarks.store import project_copy

__all__ = ["first_token_figures"]

_TARGET_MS = 1000.0
_CHUNK_DELAY_S = 0.02


async def _first_token_ms(path: Path, server: GoldenServer, settings: Settings, repeat: int) -> list[float]:
    from agent.llm import load_chat_model
    from agent.session import Session

    golden = next(g for g in GOLDEN if g.name == "ambiguous")  # the model's own words are the answer
    server.current = golden
    session = await Session.open(path, settings=settings, model=load_chat_model(settings))
    out: list[float] = []
    try:
        for i in range(repeat + 1):
            seen = len(server.records)
            sent = time.perf_counter()
            first = 0.0
            async for event in session.send(f"first-token-{i}", golden.request):
                if event["type"] in ("token", "message") and not first:
                    first = time.perf_counter()
            if not first:
                raise RuntimeError("the turn showed no words")
            model = sum(((r.first if r.first and r.first <= first and r.end > first else r.end) - r.start)
                        for r in server.records[seen:] if r.start < first)
            if i:  # the first turn warms imports and caches
                out.append((first - sent - model) * 1000.0)
    finally:
        await session.close()
    return out


def first_token_figures(*, quick: bool) -> list[Figure]:
    """Measure the non-model time to the first visible token at 120 scenes (baseline: 10 scenes)."""
    repeat = 3 if quick else 10
    results: dict[int, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="reelsmith-bench-first-token-") as tmp:
        root = Path(tmp)
        server = GoldenServer(delay_s=_CHUNK_DELAY_S)
        with server.running():
            settings = Settings(home=root / "home", model="golden", openai_base_url=server.url,
                                openai_api_key="sk-bench-not-real")  # type: ignore[arg-type]
            for scenes, shots in ((120, 1500), (10, 125)):
                path = project_copy(root, scenes=scenes, shots=shots)
                results[scenes] = asyncio.run(_first_token_ms(path, server, settings, repeat))
    big, small = results[120], results[10]
    return [Figure.measure(
        "turn_cost.first_token_non_model_p50_120", value=statistics.median(big), baseline=statistics.median(small),
        unit="ms", target=_TARGET_MS, target_on="value",
        note=f"'{next(g.request for g in GOLDEN if g.name == 'ambiguous')}' (route, then the writer's streamed "
             f"question), {repeat} turns after a warm-up; stub streams words {int(_CHUNK_DELAY_S * 1000)} ms apart; "
             f"max {max(big):.0f} ms; baseline: 10 scenes")]
