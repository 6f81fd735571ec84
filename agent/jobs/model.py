"""The job tables: one row per job and one per step of it, in the project's own store.

Jobs live beside the film (same database, same migrations), so a server and its workers agree on them
and they survive any process. They are operational records, not film content: they carry no history rows
and undo never touches them; the work a job does goes through the project's functions and is recorded there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from agent.project.schema import Base

__all__ = ["JobRow", "JobItem", "KINDS", "STATUSES", "ACTIVE", "FINAL", "ITEM_STATUSES"]

KINDS = ("stills_batch", "video", "voice", "render", "export", "music")
STATUSES = ("queued", "running", "waiting_approval", "done", "failed", "cancelled")
ACTIVE = ("queued", "running")
"""A job in one of these still has steps to run."""
FINAL = ("done", "failed", "cancelled")
ITEM_STATUSES = ("queued", "running", "done", "failed")


class JobRow(Base):
    """One long piece of work a conversation started: what, for whom, how far, and what came of it."""

    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(24), default="queued", index=True)
    thread: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    """The conversation the result goes back to (None for the CLI without a thread)."""
    request_hash: Mapped[str] = mapped_column(String(64), index=True)
    active_key: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    """The request hash while the job is live or done; NULL once failed or cancelled, so the same request
    starts afresh then. The unique index makes "the same request twice is one job" hold across servers."""
    args: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """The requesting chat's tightened settings (draft, budget, ...), applied on the operator's by the worker."""
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)
    started_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    finished_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    delivered_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    """When the result was put into its thread (the approval shown); set once, by one server."""


class JobItem(Base):
    """One step of a job (a shot's still, a render); steps run in parallel and each at most once to success."""

    __tablename__ = "job_items"
    __table_args__ = (UniqueConstraint("job_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    provider: Mapped[str] = mapped_column(String(40), default="")
    """Whose concurrency limit the step counts against ('' for local work such as renders)."""
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str] = mapped_column(String(120), default="")
    lease_until: Mapped[float | None] = mapped_column(Float, nullable=True)
    """A running step's owner renews this; once it has passed, the owner is presumed dead and the step is free."""
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[float] = mapped_column(Float)
