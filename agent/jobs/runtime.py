"""Run job steps in this process: claim under a lease, run through the tools' functions, heartbeat, recover.

One ``JobRuntime`` per process (a ``reelsmith worker``, or the UI server with the embedded queue). Its
heartbeat renews the leases of the steps it runs; its recovery pass re-sends steps whose worker died
(kill -9 included), which the request-hash idempotency of every step makes safe.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from huey.exceptions import RetryTask

from agent.config import Settings
from agent.generators import BudgetExceeded, GenerationError
from agent.jobs.kinds import KIND_SPECS
from agent.jobs.queue import JobQueue, make_queue
from agent.jobs.store import JobStore
from agent.project import Project, ProjectError
from agent.redaction import redact
from agent.settings_policy import tighten_settings
from agent.tools.base import EXPECTED_ERRORS, ToolContext

__all__ = ["JobRuntime", "GeneratorsFactory"]

log = logging.getLogger("reelsmith.jobs")
GeneratorsFactory = Callable[[Settings], Any]
"""settings -> Generators; tests and benchmarks pass stub providers here."""
_BUSY_WAIT_S = 1.0
"""How long a step waits in its thread for a provider slot before handing itself back to the queue."""


class JobRuntime:
    """The process-wide side of jobs: the queue, open projects, in-flight steps, heartbeat and recovery."""

    def __init__(self, settings: Settings, *, project_dir: Path | None = None,
                 generators: GeneratorsFactory | None = None) -> None:
        self.settings = settings
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.queue: JobQueue = make_queue(settings, project_dir=project_dir, step=self.run_step)
        self._generators = generators
        self._lock = threading.Lock()
        self._projects: dict[str, Project] = {}
        self._contexts: dict[tuple[str, str], ToolContext] = {}
        self._inflight: set[tuple[str, int, str]] = set()
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None
        if project_dir is not None:
            self.project(project_dir)

    # -- projects and contexts -----------------------------------------------------------------

    def project(self, project_dir: Path | str) -> Project:
        """Return the open project at ``project_dir`` (opened once per process)."""
        key = str(Path(project_dir).resolve())
        with self._lock:
            if key not in self._projects:
                self._projects[key] = Project.open(Path(key), max_asset_bytes=self.settings.max_asset_bytes,
                                                    database_url=self.settings.database_url)
            return self._projects[key]

    def context(self, project_dir: Path | str, overrides: dict[str, Any]) -> ToolContext:
        """Return a tool context with the operator's settings tightened by the job's (draft, budget)."""
        key = (str(Path(project_dir).resolve()), repr(sorted(overrides.items())))
        with self._lock:
            ctx = self._contexts.get(key)
        if ctx is None:
            settings = tighten_settings(self.settings, overrides) if overrides else self.settings
            ctx = ToolContext(project=self.project(project_dir), settings=settings)
            if self._generators is not None:
                ctx._generators = self._generators(settings)
            with self._lock:
                ctx = self._contexts.setdefault(key, ctx)
        return ctx

    # -- one step ------------------------------------------------------------------------------

    def run_step(self, project_dir: str, job_id: int, key: str, task: Any = None) -> None:
        """Run one step if this worker can claim it; raise to let Huey retry a provider fault."""
        try:
            store = JobStore(self.project(project_dir))
            job = store.get(job_id)
        except ProjectError:
            log.warning("dropped a step of job %s: no such project or job at %s", job_id, project_dir)
            return  # the folder or the job is gone (deleted, restored from a bundle): nothing left to do
        spec = KIND_SPECS.get(job.kind)
        if spec is None:
            store.fail(job_id, key, f"jobs of kind {job.kind!r} are not available in this version")
            return
        try:
            ctx = self.context(project_dir, dict(job.settings))
        except ValueError as exc:  # the job asks for looser settings than this operator allows
            store.fail(job_id, key, str(exc))
            return
        if not self._claim(store, job_id, key):
            return
        marker = (project_dir, job_id, key)
        with self._lock:
            self._inflight.add(marker)
        try:
            said: list[str] = []

            def report(label: str) -> None:
                # A long step (a render) is shown as it goes; a short one's one word rides on its completion.
                if said:
                    store.progress(job_id, said[-1])
                said.append(label)

            result = spec.run(ctx, job, key, report)
        except BudgetExceeded as exc:  # never worth a retry
            store.fail(job_id, key, redact(str(exc)))
            return
        except GenerationError as exc:
            self._retry_or_fail(store, job_id, key, task, redact(str(exc)))
            raise  # Huey schedules the retry with backoff (or drops the task when none are left)
        except EXPECTED_ERRORS as exc:
            store.fail(job_id, key, redact(str(exc)))
            return
        except Exception as exc:  # a step must end in a state, or recovery would re-send it forever
            log.exception("job %s step %s failed unexpectedly", job_id, key)
            self._retry_or_fail(store, job_id, key, task, f"unexpected error ({exc.__class__.__name__})")
            raise
        finally:
            with self._lock:
                self._inflight.discard(marker)
        finished = store.complete(job_id, key, result, final_status=spec.final_status, label=said[-1] if said else None)
        if finished is not None and spec.finish is not None:
            spec.finish(self.context(project_dir, dict(job.settings)), finished)

    @staticmethod
    def _retry_or_fail(store: JobStore, job_id: int, key: str, task: Any, error: str) -> None:
        """Give the step back for Huey's next retry, or fail it (and the job) when the retries are spent."""
        if task is not None and getattr(task, "retries", 0) > 0:
            store.retry_later(job_id, key, error)
        else:
            store.fail(job_id, key, error)

    def _claim(self, store: JobStore, job_id: int, key: str) -> bool:
        deadline = time.monotonic() + _BUSY_WAIT_S
        while True:
            claim = store.claim(job_id, key, worker=self.worker_id, lease_s=self.settings.job_lease_s,
                                provider_limit=self.settings.provider_concurrency)
            if claim != "busy":
                return claim == "claimed"
            if time.monotonic() >= deadline:
                # The provider is full: back to the queue (not a fault, so no retry is spent).
                raise RetryTask(delay=0.5)
            time.sleep(0.05)

    # -- heartbeat and recovery ----------------------------------------------------------------

    def recover(self, project_dir: Path | str, *, queued_older_than_s: float | None = None) -> int:
        """Re-send steps of live jobs whose worker died (and long-queued ones); return how many."""
        store = JobStore(self.project(project_dir))
        older = self.settings.job_lease_s if queued_older_than_s is None else queued_older_than_s
        orphans = store.orphans(older_than_s=older)
        for job_id, key in orphans:
            self.queue.send(str(Path(project_dir).resolve()), job_id, key)
        if orphans:
            log.info("re-sent %d orphaned job steps of %s", len(orphans), project_dir)
        return len(orphans)

    def start_heartbeat(self) -> None:
        """Renew this process's leases every third of a lease, and recover orphans every half lease."""
        if self._beat is not None:
            return
        self._stop.clear()
        self._beat = threading.Thread(target=self._heartbeat, name="reelsmith-jobs-heartbeat", daemon=True)
        self._beat.start()

    def _heartbeat(self) -> None:
        lease = self.settings.job_lease_s
        last_recovery = 0.0
        while not self._stop.wait(lease / 3):
            with self._lock:
                mine = list(self._inflight)
                projects = list(self._projects)
            for folder in {m[0] for m in mine}:
                try:
                    JobStore(self.project(folder)).renew([(j, k) for f, j, k in mine if f == folder],
                                                         worker=self.worker_id, lease_s=lease)
                except Exception:  # a missed beat costs at most a duplicate, idempotent step
                    log.exception("lease renewal failed")
            if time.monotonic() - last_recovery >= lease / 2:
                last_recovery = time.monotonic()
                for folder in projects:
                    try:
                        self.recover(folder)
                    except Exception:  # recovery runs again next beat
                        log.exception("job recovery failed")

    def close(self) -> None:
        """Stop the heartbeat and close the projects this runtime opened."""
        self._stop.set()
        if self._beat is not None:
            self._beat.join(timeout=5)
            self._beat = None
        with self._lock:
            for project in self._projects.values():
                project.close()
            self._projects.clear()
            self._contexts.clear()
