"""The task queue under the jobs: Huey, on SQLite in the project folder by default or on Redis.

Huey carries one kind of message, "run step K of job J of the project at P", and owns dispatch,
worker threads, scheduling and retries with backoff. What Huey does not do (acknowledge a message only
after its work is done), the job store's leases do: a step whose worker died is found and sent again.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from huey import Huey, RedisHuey, SqliteHuey
from huey.consumer import Consumer
from huey.storage import SqliteStorage

from agent.config import Settings
from agent.project.errors import InvalidInputError

__all__ = ["QUEUE_NAME", "QUEUE_FILE", "JobQueue", "make_queue", "queue_location", "EmbeddedConsumer", "STEP_TASK",
           "WORKER_NICE", "lower_worker_priority"]

QUEUE_NAME = "reelsmith"
QUEUE_FILE = "queue.db"
STEP_TASK = "reelsmith.run_step"

StepFn = Callable[[str, int, str, Any], None]
"""(project folder, job id, step key, the Huey task being run) -> None."""
WORKER_NICE = 10
"""How far below its process a worker thread runs: a chat turn waiting for a core goes before a batch's step."""


def lower_worker_priority(nice: int = WORKER_NICE) -> int | None:
    """Lower the calling worker thread's OS priority by ``nice``; return its new niceness (None: not lowered).

    On Linux a thread has its own niceness (``setpriority`` on its thread id), so the embedded workers, threads
    of the UI server, yield the cores to the chat turns; a ``reelsmith worker`` process's workers likewise
    yield to whatever else runs on the machine. Elsewhere a thread id is not a process id: nothing is done.
    """
    if not sys.platform.startswith("linux") or nice <= 0:
        return None
    tid = threading.get_native_id()
    try:
        target = min(19, os.getpriority(os.PRIO_PROCESS, tid) + nice)
        os.setpriority(os.PRIO_PROCESS, tid, target)
    except OSError:  # a sandbox that forbids it: the worker runs at the process's priority
        return None
    return target


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


class _QueueStorage(SqliteStorage):  # type: ignore[misc]
    """Huey's SQLite storage with WAL commits that do not wait for the disk (``synchronous=NORMAL``).

    Every enqueue and dequeue is a transaction; with the default (FULL) each waits for an fsync, and a 40-shot
    batch's 40 messages and its workers' polls queue behind them. NORMAL in WAL mode survives a killed process;
    a message an OS crash loses is sent again by the job store's recovery, which owns delivery (leases).
    """

    def _create_connection(self) -> Any:
        conn = super()._create_connection()
        conn.execute("pragma synchronous=1")
        return conn


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
        huey = SqliteHuey(QUEUE_NAME, filename=where, results=False, storage_class=_QueueStorage)

    def run_step(project_dir: str, job_id: int, key: str, task: Any = None) -> None:
        step(project_dir, job_id, key, task)

    huey.on_startup("lower_worker_priority")(lower_worker_priority)  # run by each worker as it starts
    task = huey.task(retries=settings.job_retries, retry_delay=settings.job_retry_delay_s, retry_backoff=2,
                     context=True, name=STEP_TASK)(run_step)
    return JobQueue(huey, task)


class EmbeddedConsumer(Consumer):  # type: ignore[misc]
    """Huey's consumer run inside another program (the UI server, a test): it leaves signals to its host."""

    def _set_signal_handlers(self) -> None:
        pass  # the host process owns SIGINT/SIGTERM; it stops us with stop(graceful=True)
