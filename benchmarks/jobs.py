"""Jobs: a 40-shot stills batch against a stub provider with 2 s latency, and the queue's overhead per job.

``batch``: wall time from ``start`` to ``waiting_approval`` against the floor ceil(40 / concurrency) × 2 s
(target ≤ 1.2×), with the worker threads and the provider limit both at ``concurrency``. ``overhead``: one
still made as a one-step job (enqueue, claim, run, complete, seen by a poller) against the same still made
by a direct call of the tools' function, per job. The embedded queue always; Redis too when
REELSMITH_TEST_REDIS_URL is set.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure

__all__ = ["jobs_figures"]

_TESTS = Path(__file__).resolve().parent.parent / "tests"
_LATENCY_S = 2.0
_SHOTS = 40


def _support() -> Any:
    if str(_TESTS) not in sys.path:
        sys.path.insert(0, str(_TESTS))
    import jobs_support

    return jobs_support


def _rig(root: Path, *, scenes: int, shots: int, latency: float, concurrency: int, queue_url: str | None) -> Any:
    from agent.config import load_settings
    from agent.jobs import JobService
    from agent.tools.base import ToolContext

    support = _support()
    settings = load_settings(job_workers=concurrency, provider_concurrency=concurrency, queue_url=queue_url,
                             job_lease_s=30.0)
    project = support.make_project(root, shots=shots, scenes=scenes)
    image = support.StubImageGenerator(latency_s=latency)
    factory = support.stub_generators(image)
    service = JobService(project, settings, generators=factory, consume=True)
    if queue_url:
        service.runtime.queue.huey.flush()
    ctx = ToolContext(project=project, settings=settings)
    ctx._generators = factory(settings)
    return project, service, ctx, image


def _wait(service: Any, job_id: int, poll_s: float) -> str:
    while (status := service.get(job_id)["status"]) in ("queued", "running"):
        time.sleep(poll_s)
    return str(status)


def _batch(concurrency: int, queue_url: str | None, label: str) -> Figure:
    with tempfile.TemporaryDirectory() as tmp:
        project, service, ctx, image = _rig(Path(tmp) / "film", scenes=1, shots=_SHOTS, latency=_LATENCY_S,
                                            concurrency=concurrency, queue_url=queue_url)
        try:
            service.start_workers()  # workers idle and ready, as in a running server
            time.sleep(0.5)
            start = time.perf_counter()
            view, _ = service.start("stills_batch", {"scene": 1}, thread="bench", ctx=ctx)
            status = _wait(service, view["id"], 0.02)
            wall = time.perf_counter() - start
        finally:
            service.close()
            project.close()
    floor = math.ceil(_SHOTS / concurrency) * _LATENCY_S
    return Figure.measure(f"jobs.stills_batch_{_SHOTS}_c{concurrency}_{label}", value=wall, baseline=floor, unit="s",
                          target=1.2, note=f"{_SHOTS} shots, stub provider {_LATENCY_S:g} s per image, "
                          f"{concurrency} worker threads = provider limit, {label} queue; ended {status}; "
                          f"peak concurrent provider calls {image.peak}")


def _overhead(jobs: int, queue_url: str | None, label: str) -> list[Figure]:
    from agent.tools.generation import still_for

    with tempfile.TemporaryDirectory() as tmp:
        # Twin projects: the direct calls must not find the jobs' stills by request hash, nor the reverse.
        project, service, ctx, _ = _rig(Path(tmp) / "film", scenes=jobs, shots=1, latency=0.0, concurrency=1,
                                        queue_url=queue_url)
        twin, twin_service, twin_ctx, _ = _rig(Path(tmp) / "twin", scenes=jobs, shots=1, latency=0.0,
                                               concurrency=1, queue_url=None)
        try:
            from agent.project.views import scene_by_number, shots_of_scene

            direct: list[float] = []
            for n in range(1, jobs + 1):
                with twin.read() as s:
                    shot = shots_of_scene(s, scene_by_number(s, n).id)[0]
                start = time.perf_counter()
                still_for(twin_ctx, shot, n, "bench")  # as a chat turn makes it: indexed too
                direct.append(time.perf_counter() - start)
            service.start_workers()
            time.sleep(0.5)
            queued: list[float] = []
            for n in range(1, jobs + 1):
                start = time.perf_counter()
                view, _ = service.start("stills_batch", {"scene": n}, thread="bench", ctx=ctx)
                _wait(service, view["id"], 0.002)
                queued.append(time.perf_counter() - start)
        finally:
            service.close()
            twin_service.close()
            project.close()
            twin.close()
    d_ms, q_ms = statistics.median(direct) * 1000, statistics.median(queued) * 1000
    note = f"median of {jobs} one-still jobs, {label} queue, run one after another; stub provider with no latency"
    return [
        Figure.measure(f"jobs.one_step_job_vs_direct_{label}", value=q_ms, baseline=d_ms, unit="ms", note=note),
        Figure.measure(f"jobs.queue_overhead_per_job_{label}", value=q_ms - d_ms, baseline=d_ms, unit="ms",
                       note=note + "; report only: plan, enqueue, poll, claim, complete, and the poller's view"),
    ]


def jobs_figures(*, quick: bool = False) -> list[Figure]:
    """Measure the batch wall time against its floor and the queue's overhead per job."""
    backends: list[tuple[str, str | None]] = [("sqlite", None)]
    if os.environ.get("REELSMITH_TEST_REDIS_URL"):
        backends.append(("redis", os.environ["REELSMITH_TEST_REDIS_URL"]))
    figures: list[Figure] = []
    for label, url in backends:
        for concurrency in (8,) if quick else (4, 8):
            figures.append(_batch(concurrency, url, label))
        figures.extend(_overhead(5 if quick else 20, url, label))
    return figures


if __name__ == "__main__":
    from benchmarks.figures import format_table

    print(format_table(jobs_figures(quick="--quick" in sys.argv)))
