"""Long work as jobs on a task queue (Huey: SQLite in the project folder, or Redis with ``reelsmith worker``)."""

from agent.jobs.model import ACTIVE, FINAL, KINDS, STATUSES, JobItem, JobRow
from agent.jobs.service import JobService, settings_overrides
from agent.jobs.store import JobStore, job_view

__all__ = [
    "ACTIVE",
    "FINAL",
    "KINDS",
    "STATUSES",
    "JobItem",
    "JobRow",
    "JobService",
    "JobStore",
    "job_view",
    "settings_overrides",
]
