"""The jobs of one open project, for the session (and so every front end): start, list, cancel, result."""

from __future__ import annotations

import threading
from typing import Any

from agent.config import Settings
from agent.jobs.kinds import plan_job
from agent.jobs.model import JobRow
from agent.jobs.runtime import GeneratorsFactory, JobRuntime
from agent.jobs.store import JobStore, job_view
from agent.project import Project
from agent.tools.base import ToolContext

__all__ = ["JobService", "settings_overrides"]


def settings_overrides(operator: Settings, chat: Settings | None) -> dict[str, Any]:
    """Return what a chat tightened (draft, budget, model) so the worker applies the same to the job."""
    if chat is None:
        return {}
    out: dict[str, Any] = {}
    if chat.draft != operator.draft:
        out["draft"] = chat.draft
    if chat.budget_usd is not None and chat.budget_usd != operator.budget_usd:
        out["budget_usd"] = chat.budget_usd
    if chat.reuse_threshold != operator.reuse_threshold:
        out["reuse_threshold"] = chat.reuse_threshold
    return out


class JobService:
    """Start, list and cancel a project's jobs; with the embedded queue, run them in this process too.

    With ``REELSMITH_QUEUE_URL`` set, steps go to Redis and ``reelsmith worker`` processes run them;
    without it, they go to ``queue.db`` in the project folder and worker threads here run them.
    """

    def __init__(self, project: Project, settings: Settings, *, generators: GeneratorsFactory | None = None,
                 consume: bool | None = None) -> None:
        self.project = project
        self.settings = settings
        self.store = JobStore(project)
        self._generators = generators
        self._consume = (not settings.queue_url) if consume is None else consume
        self._runtime: JobRuntime | None = None
        self._consumer: Any = None
        self._lock = threading.Lock()

    @property
    def runtime(self) -> JobRuntime:
        """Return this process's job runtime (the queue; built on first use)."""
        with self._lock:
            if self._runtime is None:
                self._runtime = JobRuntime(self.settings, project_dir=self.project.path,
                                           generators=self._generators)
            return self._runtime

    def start_workers(self) -> None:
        """Run the embedded queue's worker threads here (a no-op with Redis: ``reelsmith worker`` runs them)."""
        if self._consumer is not None:
            return
        if not self._consume:
            # Workers elsewhere run the steps; steps a dead worker held are sent again once, here, at start-up
            # (running workers do the same for the projects they watch).
            self.runtime.recover(self.project.path)
            return
        runtime = self.runtime
        runtime.recover(self.project.path, queued_older_than_s=0.0)  # this folder's queue: nothing else runs it
        consumer = runtime.queue.consumer(workers=self.settings.job_workers, embedded=True)
        consumer.start()
        runtime.start_heartbeat()
        self._consumer = consumer

    # -- the API -------------------------------------------------------------------------------

    def start(self, kind: str, args: dict[str, Any], *, thread: str | None, ctx: ToolContext,
              overrides: dict[str, Any] | None = None) -> tuple[dict[str, Any], bool]:
        """Start a job (or return the one already made for the same request); True when it is new."""
        plan = plan_job(ctx, kind, args)
        job, created = self.store.create(kind=kind, request_hash=plan.request_hash, items=plan.items,
                                         args={**plan.args, "title": plan.label}, thread=thread,
                                         settings=overrides or {}, label=plan.label)
        if created:
            for item in plan.items:
                self.runtime.queue.send(self.project.path.resolve(), job.id, item.key)
            self.start_workers()
        return job_view(job), created

    def find(self, kind: str, args: dict[str, Any], *, ctx: ToolContext) -> dict[str, Any] | None:
        """Return the live, waiting or done job for this request, or None (failed and cancelled ones don't count)."""
        plan = plan_job(ctx, kind, args)
        job = self.store.by_request(plan.request_hash)
        return job_view(job) if job is not None else None

    def list(self, *, thread: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Return jobs newest first (optionally one conversation's), in the ``reelsmith jobs --json`` shape."""
        return [job_view(j) for j in self.store.recent(thread=thread, limit=limit)]

    def get(self, job_id: int) -> dict[str, Any]:
        """Return one job (raise NotFoundError when there is none)."""
        return job_view(self.store.get(job_id))

    def row(self, job_id: int) -> JobRow:
        """Return one job's row."""
        return self.store.get(job_id)

    def cancel(self, job_id: int) -> dict[str, Any]:
        """Cancel a job that has not finished (raise InvalidInputError when it has)."""
        return job_view(self.store.cancel(job_id))

    def close(self) -> None:
        """Stop the embedded workers (letting running steps finish) and the runtime."""
        if self._consumer is not None:
            self._consumer.stop(graceful=True)
            self._consumer = None
        if self._runtime is not None:
            self._runtime.close()
            self._runtime = None
