"""``reelsmith worker``: serve job steps from the queue until stopped (SIGINT/SIGTERM finish running steps)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from agent.config import Settings
from agent.jobs.runtime import GeneratorsFactory, JobRuntime

__all__ = ["serve"]


def serve(settings: Settings, projects: Sequence[Path], *, generators: GeneratorsFactory | None = None) -> None:
    """Run a Huey consumer with ``settings.job_workers`` threads; recover the named projects' orphaned steps.

    With Redis a worker serves every project whose steps reach it (each step names its folder); the
    projects named here are also watched for steps a dead worker left behind. With the embedded queue,
    the worker serves the one project folder whose ``queue.db`` it reads.
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    runtime = JobRuntime(settings, project_dir=projects[0] if projects else None, generators=generators)
    try:
        for folder in projects:
            runtime.project(folder)
            runtime.recover(folder)
        runtime.start_heartbeat()
        runtime.queue.consumer(workers=settings.job_workers, embedded=False).run()
    finally:
        runtime.close()
