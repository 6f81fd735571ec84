"""Jobs on the embedded queue (SQLite in the project folder) and, when REELSMITH_TEST_REDIS_URL is set, on Redis."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jobs_support import StubImageGenerator, calls, make_project, stub_generators
from sqlalchemy import func, select

from agent.config import Settings, load_settings
from agent.generators import BudgetExceeded
from agent.jobs import JobService
from agent.project import InvalidInputError, Project, ProjectError
from agent.project.schema import Asset, AssetLink
from agent.tools.base import ToolContext

REDIS_URL = os.environ.get("REELSMITH_TEST_REDIS_URL", "")
BACKENDS = ["sqlite", pytest.param("redis", marks=pytest.mark.skipif(not REDIS_URL,
                                                                    reason="no REELSMITH_TEST_REDIS_URL"))]


def settings_for(backend: str, **extra: Any) -> Settings:
    """Return test settings: short leases, instant retries, the queue of ``backend``."""
    values: dict[str, Any] = {"job_lease_s": 3.0, "job_retry_delay_s": 0.0, "job_workers": 4, "provider_concurrency": 4}
    values["queue_url"] = REDIS_URL if backend == "redis" else None
    values.update(extra)
    return load_settings(**values)


def wait_for(check: Callable[[], bool], timeout: float = 60.0) -> None:
    """Wait until ``check()`` holds (the timeout only guards against a hang; nothing asserts speed)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the jobs")
        time.sleep(0.05)


class Rig:
    """A project, a stub provider and the job service over them."""

    def __init__(self, root: Path, backend: str, *, shots: int = 4, latency: float = 0.05, **extra: Any) -> None:
        self.settings = settings_for(backend, **extra)
        self.project: Project = make_project(root / "film", shots=shots)
        self.log = root / "calls.log"
        self.image = StubImageGenerator(latency_s=latency, log=self.log)
        factory = stub_generators(self.image)
        self.service = JobService(self.project, self.settings, generators=factory,  # type: ignore[arg-type]
                                  consume=True)
        self.ctx = ToolContext(project=self.project, settings=self.settings)
        self.ctx._generators = factory(self.settings)  # type: ignore[operator]
        if backend == "redis":
            self.service.runtime.queue.huey.flush()  # no steps of other tests' (deleted) projects

    def start(self, kind: str = "stills_batch", **args: Any) -> dict[str, Any]:
        view, _ = self.service.start(kind, args or {"scene": 1}, thread="t1", ctx=self.ctx)
        return view

    def status(self, job_id: int) -> str:
        return str(self.service.get(job_id)["status"])

    def finish(self, job_id: int) -> dict[str, Any]:
        wait_for(lambda: self.status(job_id) not in ("queued", "running"))
        return self.service.get(job_id)

    def stills_per_shot(self) -> dict[int, int]:
        with self.project.read() as s:
            rows = s.execute(select(AssetLink.entity_id, func.count()).where(AssetLink.role == "still")
                             .group_by(AssetLink.entity_id)).all()
        return {int(a): int(b) for a, b in rows}

    def close(self) -> None:
        self.service.close()
        self.project.close()


@pytest.fixture(params=BACKENDS)
def rig(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Rig]:
    r = Rig(tmp_path, request.param)
    yield r
    r.close()


def test_a_batch_runs_every_shot_once_and_waits_for_approval(rig: Rig) -> None:
    job = rig.finish(rig.start()["id"])
    assert job["status"] == "waiting_approval"
    assert job["progress"]["done"] == job["progress"]["total"] == 4
    assert sorted(calls(rig.log)) == sorted(set(calls(rig.log))) and len(calls(rig.log)) == 4
    assert rig.stills_per_shot() == {1: 1, 2: 1, 3: 1, 4: 1}
    with rig.project.read() as s:
        assert {link.status for link in s.scalars(select(AssetLink))} == {"pending"}  # nobody approved yet


def test_the_same_request_twice_is_one_job(rig: Rig) -> None:
    first = rig.start()
    second = rig.start()
    assert second["id"] == first["id"]
    rig.finish(first["id"])
    assert rig.start()["id"] == first["id"]  # done (waiting) is still the same request
    assert len(rig.service.list()) == 1


def test_a_cancelled_job_never_starts_its_steps_and_frees_the_request(tmp_path: Path) -> None:
    r = Rig(tmp_path, "sqlite")
    r.service._consume = False  # no workers yet: the steps sit in the queue
    try:
        job = r.start()
        assert r.service.cancel(job["id"])["status"] == "cancelled"
        r.service._consume = True
        r.service.start_workers()
        time.sleep(1.0)  # give the workers the chance to (wrongly) run the queued steps
        assert calls(r.log) == []
        assert r.status(job["id"]) == "cancelled"
        with pytest.raises(InvalidInputError, match="already cancelled"):
            r.service.cancel(job["id"])
        again = r.start()
        assert again["id"] != job["id"]  # the same request after a cancel is a new job
        assert r.finish(again["id"])["status"] == "waiting_approval"
    finally:
        r.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_provider_faults_are_retried_with_backoff_then_fail_the_job(tmp_path: Path, backend: str) -> None:
    r = Rig(tmp_path, backend, shots=2, job_retries=2)
    try:
        r.image._faults = 2  # two passing faults: retried, and the batch completes
        assert r.finish(r.start()["id"])["status"] == "waiting_approval"
        assert r.stills_per_shot() == {1: 1, 2: 1}
    finally:
        r.close()
    r = Rig(tmp_path / "b", backend, shots=1, job_retries=1)
    try:
        r.image._faults = 5  # more faults than retries: the job fails with the provider's sentence
        job = r.finish(r.start()["id"])
        assert job["status"] == "failed"
        assert "stub provider failed" in job["error"]
    finally:
        r.close()


def test_the_provider_limit_holds_across_worker_threads(tmp_path: Path) -> None:
    r = Rig(tmp_path, "sqlite", shots=6, job_workers=4, provider_concurrency=2, latency=0.3)
    try:
        assert r.finish(r.start()["id"])["status"] == "waiting_approval"
        assert r.image.peak <= 2
        assert len(calls(r.log)) == 6
    finally:
        r.close()


def test_a_batch_over_budget_is_refused_before_it_starts(tmp_path: Path) -> None:
    r = Rig(tmp_path, "sqlite", shots=3, budget_usd=2.0)
    try:
        r.image.price_usd = 1.0
        with pytest.raises(BudgetExceeded):
            r.start()
        assert r.service.list() == []
    finally:
        r.close()


def test_bad_job_requests_are_refused_with_nothing_created(rig: Rig) -> None:
    for kind, args in (("stills_batch", {"scene": 9}), ("stills_batch", {"scene": "x"}), ("teleport", {}),
                       ("export", {"format": "docx"}), ("export", {"format": "srt", "out": "../x.srt"})):
        with pytest.raises(ProjectError):
            rig.service.start(kind, args, thread="t1", ctx=rig.ctx)
    assert rig.service.list() == []


def test_an_export_job_writes_its_file(rig: Rig) -> None:
    job = rig.finish(rig.start("export", format="fountain")["id"])
    assert job["status"] == "done"
    path = Path(job["result"]["path"])
    assert path.parent == rig.project.exports_dir and "INT. ROOM 1" in path.read_text()


def test_every_job_step_change_is_recorded_with_its_thread(rig: Rig) -> None:
    rig.finish(rig.start()["id"])
    from agent.project.schema import Change

    with rig.project.read() as s:
        made = s.scalars(select(Change).where(Change.action == "generate_still")).all()
        assets = s.scalar(select(func.count()).select_from(Asset))
    assert assets == 4 and len(made) == 4 and {c.thread_id for c in made} == {"t1"}


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_server_restart_mid_batch_loses_nothing(tmp_path: Path, backend: str) -> None:
    r = Rig(tmp_path, backend, shots=6, latency=0.3, job_workers=1)
    job_id = r.start()["id"]
    wait_for(lambda: len(calls(r.log)) >= 2)
    r.service.close()  # the server stops: the running step finishes, the rest stay queued
    assert r.status(job_id) == "running" and len(calls(r.log)) < 6
    factory = stub_generators(r.image)
    again = JobService(r.project, r.settings, generators=factory, consume=True)  # type: ignore[arg-type]
    try:
        again.start_workers()  # the server is back
        wait_for(lambda: again.get(job_id)["status"] == "waiting_approval")
    finally:
        again.close()
    assert r.stills_per_shot() == {n: 1 for n in range(1, 7)} and len(calls(r.log)) == 6
    r.project.close()


def test_an_unexpected_error_fails_the_job_instead_of_looping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    r = Rig(tmp_path, "sqlite", shots=1, job_retries=1, job_lease_s=1.0)
    try:
        def broken(request: Any) -> Any:
            raise RuntimeError("a bug")

        monkeypatch.setattr(r.image, "generate", broken)
        job = r.finish(r.start()["id"])
        assert job["status"] == "failed" and job["error"] == "unexpected error (RuntimeError)"
    finally:
        r.close()
