"""The task queue under the jobs: Huey, on SQLite in the project folder by default or on Redis.

Huey carries one kind of message, "run step K of job J of the project at P", and owns dispatch,
worker threads, scheduling and retries with backoff. What Huey does not do (acknowledge a message only
after its work is done), the job store's leases do: a step whose worker died is found and sent again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from huey import Huey, RedisHuey, SqliteHuey
from huey.consumer import Consumer

from agent.config import Settings
from agent.project.errors import InvalidInputError

__all__ = ["QUEUE_NAME", "QUEUE_FILE", "JobQueue", "make_queue", "queue_location", "EmbeddedConsumer", "STEP_TASK"]

QUEUE_NAME = "reelsmith"
QUEUE_FILE = "queue.db"
STEP_TASK = "reelsmith.run_step"

StepFn = Callable[[str, int, str, Any], None]
"""(project folder, job id, step key, the Huey task being run) -> None."""


def queue_location(settings: Settings, project_dir: Path | None) -> str:
    """Return where the queue lives: the Redis URL, or the SQLite file in the project folder."""
    url = (settings.queue_url or "").strip()
    if url:
        scheme = urlsplit(url).scheme
        if scheme not in ("redis", "rediss", "unix"):
            raise InvalidInputError(f"REELSMITH_QUEUE_URL must be redis://host:port/db (got a {scheme or 'bare'} URL)")
        return url
    if project_dir is None:
        raise InvalidInputError("the embedded queue lives in a project folder: pass --project DIR or set "
                                "REELSMITH_QUEUE_URL=redis://...")
    return str(Path(project_dir) / QUEUE_FILE)


class JobQueue:
    """A Huey instance with the step task registered: send steps, or consume them in this process."""

    def __init__(self, huey: Huey, task: Any) -> None:
        self.huey = huey
        self._task = task

    def send(self, project_dir: Path | str, job_id: int, key: str) -> None:
        """Enqueue one step of a job."""
        self._task(str(project_dir), int(job_id), str(key))

    def consumer(self, *, workers: int, embedded: bool) -> Consumer:
        """Return a consumer with ``workers`` threads (embedded: it leaves signal handling to the host)."""
        cls = EmbeddedConsumer if embedded else Consumer
        # max_delay 1 s: an idle SQLite queue is polled at least every second, so a new job starts promptly.
        return cls(self.huey, workers=workers, worker_type="thread", periodic=False, max_delay=1.0,
                   initial_delay=0.05, check_worker_health=True)


def make_queue(settings: Settings, *, project_dir: Path | None, step: StepFn) -> JobQueue:
    """Build the queue for these settings, with the one step task registered on it."""
    where = queue_location(settings, project_dir)
    huey: Huey
    if "://" in where:
        huey = RedisHuey(QUEUE_NAME, url=where, results=False)
    else:
        huey = SqliteHuey(QUEUE_NAME, filename=where, results=False)

    def run_step(project_dir: str, job_id: int, key: str, task: Any = None) -> None:
        step(project_dir, job_id, key, task)

    task = huey.task(retries=settings.job_retries, retry_delay=settings.job_retry_delay_s, retry_backoff=2,
                     context=True, name=STEP_TASK)(run_step)
    return JobQueue(huey, task)


class EmbeddedConsumer(Consumer):  # type: ignore[misc]
    """Huey's consumer run inside another program (the UI server, a test): it leaves signals to its host."""

    def _set_signal_handlers(self) -> None:
        pass  # the host process owns SIGINT/SIGTERM; it stops us with stop(graceful=True)
