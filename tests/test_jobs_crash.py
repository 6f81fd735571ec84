"""kill -9 of a worker mid-batch loses nothing: once a worker is back, the batch completes, each shot (line) once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from jobs_support import (
    StubImageGenerator,
    StubVoiceGenerator,
    calls,
    make_dialogue_project,
    make_project,
    stub_generators,
)
from sqlalchemy import func, select
from test_jobs import BACKENDS, settings_for, wait_for

from agent.jobs import JobItem, JobService
from agent.project.schema import Asset, AssetLink
from agent.tools.base import ToolContext

ROOT = Path(__file__).resolve().parent.parent
SHOTS = 10


def _worker(folder: Path, log: Path, queue_url: str | None, out: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}", "REELSMITH_JOB_LEASE_S": "2",
           "REELSMITH_JOB_WORKERS": "2", "REELSMITH_TEST_STUB_LATENCY_S": "0.4", "REELSMITH_TEST_STUB_LOG": str(log),
           "REELSMITH_QUEUE_URL": queue_url or ""}
    with out.open("ab") as fh:
        return subprocess.Popen([sys.executable, str(ROOT / "tests" / "jobs_support.py"), "worker", str(folder)],
                                cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_kill_9_mid_batch_then_a_new_worker_finishes_it(tmp_path: Path, backend: str) -> None:
    settings = settings_for(backend, job_lease_s=2.0)
    project = make_project(tmp_path / "film", shots=SHOTS)
    log, out = tmp_path / "calls.log", tmp_path / "worker.out"
    factory = stub_generators(StubImageGenerator())
    service = JobService(project, settings, generators=factory, consume=False)  # type: ignore[arg-type]
    if backend == "redis":
        service.runtime.queue.huey.flush()
    ctx = ToolContext(project=project, settings=settings)
    ctx._generators = factory(settings)  # type: ignore[operator]
    job_id = service.start("stills_batch", {"scene": 1}, thread="t1", ctx=ctx)[0]["id"]

    def items() -> list[JobItem]:
        return service.store.items(job_id)

    first = _worker(tmp_path / "film", log, settings.queue_url, out)
    try:
        # Kill it while some stills are made and others are being made (in flight) or still queued.
        wait_for(lambda: len(calls(log)) >= 3 and any(i.status == "running" for i in items()))
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    in_flight = {i.key for i in items() if i.status == "running"}
    assert in_flight, "the worker died holding steps"
    assert service.get(job_id)["status"] == "running" and service.get(job_id)["progress"]["done"] < SHOTS

    second = _worker(tmp_path / "film", log, settings.queue_url, out)
    try:
        wait_for(lambda: service.get(job_id)["status"] != "running", timeout=120)
    finally:
        second.send_signal(signal.SIGINT)
        second.wait(timeout=30)
    job = service.get(job_id)
    assert job["status"] == "waiting_approval", out.read_text()[-2000:]
    assert all(i.status == "done" for i in items())
    assert {i.key for i in items() if i.attempts > 1} >= in_flight  # the dead worker's steps were run again
    with project.read() as s:
        per_shot = s.execute(select(AssetLink.entity_id, func.count()).where(AssetLink.role == "still")
                             .group_by(AssetLink.entity_id)).all()
        assets = s.scalar(select(func.count()).select_from(Asset))
    assert len(per_shot) == SHOTS and all(n == 1 for _, n in per_shot)  # every shot, once
    assert assets == SHOTS and len(set(calls(log))) == SHOTS
    service.close()
    project.close()


@pytest.mark.slow
def test_kill_9_mid_recording_then_a_new_worker_records_the_rest_once(tmp_path: Path) -> None:
    settings = settings_for("sqlite", job_lease_s=2.0)
    project = make_dialogue_project(tmp_path / "film", lines=SHOTS)
    log, out = tmp_path / "calls.log", tmp_path / "worker.out"
    service = JobService(project, settings, consume=False)
    ctx = ToolContext(project=project, settings=settings)
    ctx._generators = stub_generators(voice=StubVoiceGenerator())(settings)  # type: ignore[operator]
    job_id = service.start("voice", {"scene": 1}, thread="t1", ctx=ctx)[0]["id"]

    def items() -> list[JobItem]:
        return service.store.items(job_id)

    first = _worker(tmp_path / "film", log, None, out)
    try:
        wait_for(lambda: len(calls(log)) >= 3 and any(i.status == "running" for i in items()))
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    in_flight = {i.key for i in items() if i.status == "running"}
    assert in_flight and service.get(job_id)["status"] == "running"

    second = _worker(tmp_path / "film", log, None, out)
    try:
        wait_for(lambda: service.get(job_id)["status"] != "running", timeout=120)
    finally:
        second.send_signal(signal.SIGINT)
        second.wait(timeout=30)
    assert service.get(job_id)["status"] == "waiting_approval", out.read_text()[-2000:]
    assert {i.key for i in items() if i.attempts > 1} >= in_flight  # the dead worker's lines were sent again
    with project.read() as s:
        takes = list(s.scalars(select(AssetLink.asset_id).where(AssetLink.role == "voice")))
    assert len(takes) == len(set(takes)) == SHOTS  # every line once
    service.close()
    project.close()
