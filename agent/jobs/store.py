"""Job records in the project store: create once per request, claim steps under a lease, finish, cancel.

Every state change is one short write transaction (BEGIN IMMEDIATE on SQLite, row locks elsewhere), so
servers and workers on several machines agree; the queue library only carries "run step K of job J".
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from agent.jobs.model import ACTIVE, FINAL, KINDS, JobItem, JobRow
from agent.project import Project
from agent.project.errors import InvalidInputError, NotFoundError

__all__ = ["JobStore", "NewItem", "Claim", "job_view"]

Claim = Literal["claimed", "skip", "busy"]
"""claimed: this worker runs the step now; skip: nothing to do (done, cancelled, another live owner);
busy: the provider is at its concurrency limit, try again shortly."""


@dataclass(frozen=True)
class NewItem:
    """A step of a new job: its key within the job and the provider whose limit it counts against."""

    key: str
    provider: str = ""


def job_view(job: JobRow) -> dict[str, Any]:
    """Return a job as the CLI, the API and the UI show it (the ``reelsmith jobs --json`` shape)."""

    def iso(t: float | None) -> str | None:
        return None if t is None else time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))

    return {"id": job.id, "kind": job.kind, "status": job.status, "thread": job.thread,
            "title": str(job.args.get("title") or job.label),
            "progress": {"done": job.done, "total": job.total, "label": job.label},
            "created_at": iso(job.created_at), "started_at": iso(job.started_at),
            "updated_at": iso(job.updated_at), "finished_at": iso(job.finished_at),
            "delivered": job.delivered_at is not None, "request_hash": job.request_hash,
            "args": dict(job.args), "result": dict(job.result), "error": job.error}


class JobStore:
    """The jobs of one project."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._read = sessionmaker(project.engine, expire_on_commit=False)
        self._write = sessionmaker(project.engine.execution_options(write=True), expire_on_commit=False)

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        with self._write() as s:
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise
            finally:
                s.expunge_all()

    # -- creating and reading ------------------------------------------------------------------

    def create(
        self, *, kind: str, request_hash: str, items: Sequence[NewItem], args: dict[str, Any], thread: str | None,
        settings: dict[str, Any] | None = None, label: str = "",
    ) -> tuple[JobRow, bool]:
        """Return the live-or-done job for this request, or a new queued one (True) with its steps."""
        if kind not in KINDS:
            raise InvalidInputError(f"unknown job kind {kind!r}; use one of {', '.join(KINDS)}")
        if not items:
            raise InvalidInputError("a job needs at least one step")
        now = time.time()
        try:
            with self._tx() as s:
                existing = s.scalar(select(JobRow).where(JobRow.active_key == request_hash))
                if existing is not None:
                    return existing, False
                job = JobRow(kind=kind, status="queued", thread=thread, request_hash=request_hash,
                             active_key=request_hash, args=dict(args), settings=dict(settings or {}), done=0,
                             total=len(items), label=label, result={}, error="", created_at=now,
                             updated_at=now)
                s.add(job)
                s.flush()
                for item in items:
                    s.add(JobItem(job_id=job.id, key=item.key, provider=item.provider, status="queued", attempts=0,
                                  worker="", result={}, error="", updated_at=now))
                return job, True
        except IntegrityError:  # another server created it between our read and our insert
            with self._read() as s:
                found = s.scalar(select(JobRow).where(JobRow.active_key == request_hash))
            if found is None:
                raise
            return found, False

    def get(self, job_id: int) -> JobRow:
        """Return one job or raise NotFoundError."""
        with self._read() as s:
            job = s.get(JobRow, job_id)
        if job is None:
            raise NotFoundError(f"no job {job_id} in this project")
        return job

    def by_request(self, request_hash: str) -> JobRow | None:
        """Return the live, waiting or done job for a request hash, or None."""
        with self._read() as s:
            return s.scalar(select(JobRow).where(JobRow.active_key == request_hash))

    def recent(self, *, thread: str | None = None, limit: int = 100) -> list[JobRow]:
        """Return jobs newest first, optionally of one conversation."""
        query = select(JobRow).order_by(JobRow.id.desc()).limit(limit)
        if thread is not None:
            query = query.where(JobRow.thread == thread)
        with self._read() as s:
            return list(s.scalars(query))

    def items(self, job_id: int) -> list[JobItem]:
        """Return a job's steps in creation order."""
        with self._read() as s:
            return list(s.scalars(select(JobItem).where(JobItem.job_id == job_id).order_by(JobItem.id)))

    # -- running -------------------------------------------------------------------------------

    def claim(self, job_id: int, key: str, *, worker: str, lease_s: float, provider_limit: int) -> Claim:
        """Take a step for this worker unless it is done, cancelled, owned by a live worker, or its provider is full."""
        now = time.time()
        with self._tx() as s:
            job = s.get(JobRow, job_id)
            item = s.scalar(select(JobItem).where(JobItem.job_id == job_id, JobItem.key == key))
            if job is None or item is None or job.status not in ACTIVE or item.status in ("done", "failed"):
                return "skip"
            if item.status == "running" and (item.lease_until or 0) > now:
                return "skip"  # a live worker has it (a duplicate message, or recovery raced the owner)
            if item.provider:
                running = s.scalar(select(func.count()).select_from(JobItem).where(
                    JobItem.provider == item.provider, JobItem.status == "running", JobItem.lease_until > now,
                ))
                if (running or 0) >= provider_limit:
                    return "busy"
            item.status, item.worker, item.lease_until = "running", worker, now + lease_s
            item.attempts += 1
            item.updated_at = now
            if job.status == "queued":
                job.status, job.started_at = "running", now
            job.updated_at = now
            return "claimed"

    def renew(self, item_ids: Sequence[tuple[int, str]], *, worker: str, lease_s: float) -> None:
        """Extend the leases of the steps this worker is running (its heartbeat)."""
        if not item_ids:
            return
        now = time.time()
        with self._tx() as s:
            for job_id, key in item_ids:
                s.execute(update(JobItem).where(JobItem.job_id == job_id, JobItem.key == key,
                                                JobItem.status == "running", JobItem.worker == worker)
                          .values(lease_until=now + lease_s))

    def progress(self, job_id: int, label: str) -> None:
        """Say what a job is doing now (shown on its card)."""
        with self._tx() as s:
            s.execute(update(JobRow).where(JobRow.id == job_id).values(label=label[:300], updated_at=time.time()))

    def complete(self, job_id: int, key: str, result: dict[str, Any], *, final_status: str,
                 label: str | None = None) -> JobRow | None:
        """Mark a step done (``label`` says what it did); when it was the last, move the job on and return it."""
        now = time.time()
        with self._tx() as s:
            item = s.scalar(select(JobItem).where(JobItem.job_id == job_id, JobItem.key == key))
            job = s.get(JobRow, job_id)
            if item is None or job is None or item.status == "done":
                return None
            item.status, item.result, item.lease_until, item.updated_at = "done", dict(result), None, now
            s.flush()
            items = list(s.scalars(select(JobItem).where(JobItem.job_id == job_id).order_by(JobItem.id)))
            job.done = sum(1 for it in items if it.status == "done")
            job.updated_at = now
            if label:
                job.label = label[:300]
            if job.done < job.total or job.status not in ACTIVE:
                return None
            results = [dict(it.result) for it in items]
            job.result = {**(results[0] if len(results) == 1 else {}), "items": results}
            job.status = final_status
            if final_status in FINAL:
                job.finished_at = now
            return job

    def retry_later(self, job_id: int, key: str, error: str) -> None:
        """Give a step back after a passing fault, so the queue's retry (or recovery) runs it again."""
        with self._tx() as s:
            mine = (JobItem.job_id == job_id, JobItem.key == key, JobItem.status == "running")
            s.execute(update(JobItem).where(*mine).values(status="queued", lease_until=None, error=error[:500],
                                                          updated_at=time.time()))

    def fail(self, job_id: int, key: str, error: str) -> None:
        """Fail a step for good and with it the job (its other steps stop at their next claim)."""
        now = time.time()
        with self._tx() as s:
            s.execute(update(JobItem).where(JobItem.job_id == job_id, JobItem.key == key)
                      .values(status="failed", lease_until=None, error=error[:500], updated_at=now))
            s.execute(update(JobRow).where(JobRow.id == job_id, JobRow.status.in_(ACTIVE))
                      .values(status="failed", error=error[:500], active_key=None, finished_at=now,
                              updated_at=now))

    def cancel(self, job_id: int) -> JobRow:
        """Cancel a job that has not finished; steps already running finish, the rest never start."""
        now = time.time()
        with self._tx() as s:
            job = s.get(JobRow, job_id)
            if job is None:
                raise NotFoundError(f"no job {job_id} in this project")
            if job.status in FINAL:
                raise InvalidInputError(f"job {job_id} is already {job.status}")
            job.status, job.active_key, job.finished_at, job.updated_at = "cancelled", None, now, now
            return job

    def settle(self, job_id: int, result: dict[str, Any]) -> JobRow | None:
        """Close a job that waited for a person's decision, recording it; None when it was not waiting."""
        now = time.time()
        with self._tx() as s:
            job = s.get(JobRow, job_id)
            if job is None or job.status != "waiting_approval":
                return None
            job.status, job.result, job.finished_at, job.updated_at = "done", {**job.result, **result}, now, now
            return job

    def mark_delivered(self, job_id: int) -> bool:
        """Claim the delivery of a job's result into its thread; True for exactly one caller."""
        with self._tx() as s:
            done = s.execute(update(JobRow).where(JobRow.id == job_id, JobRow.delivered_at.is_(None))
                             .values(delivered_at=time.time()))
            return bool(getattr(done, "rowcount", 0))

    def undeliver(self, job_id: int) -> None:
        """Give a delivery claim back (the thread was busy after all)."""
        with self._tx() as s:
            s.execute(update(JobRow).where(JobRow.id == job_id).values(delivered_at=None))

    def orphans(self, *, older_than_s: float = 0.0) -> list[tuple[int, str]]:
        """Return steps of live jobs that nobody runs: leases passed, or queued and possibly never enqueued."""
        now = time.time()
        with self._read() as s:
            rows = s.execute(
                select(JobItem.job_id, JobItem.key, JobItem.status, JobItem.lease_until, JobItem.updated_at)
                .join(JobRow, JobRow.id == JobItem.job_id)
                .where(JobRow.status.in_(ACTIVE), JobItem.status.in_(("queued", "running")))
                .order_by(JobItem.id)
            ).all()
        return [(job_id, key) for job_id, key, status, lease, updated in rows
                if (status == "running" and (lease or 0) <= now)
                or (status == "queued" and updated <= now - older_than_s)]
