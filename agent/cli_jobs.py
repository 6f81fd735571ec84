"""``reelsmith worker`` and ``reelsmith jobs``: serve the job queue; list and cancel a project's jobs."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from agent.cli_errors import CliError
from agent.cli_open import opened
from agent.config import Settings

__all__ = ["cmd_worker", "cmd_jobs"]


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Serve job steps until SIGINT/SIGTERM (steps that are running finish first)."""
    from agent.jobs.queue import queue_location  # deferred: the queue client loads only in a worker
    from agent.jobs.worker import serve

    if args.queue_url is not None:
        settings = settings.model_copy(update={"queue_url": args.queue_url})
    if args.workers is not None:
        settings = settings.model_copy(update={"job_workers": args.workers})
    projects = [Path(p) for p in args.project]
    if not settings.queue_url and len(projects) != 1:
        raise CliError("without REELSMITH_QUEUE_URL a worker serves one project's queue: pass --project DIR once")
    for folder in projects:
        if not (folder / "project.db").is_file():
            raise CliError(f"no project at {folder}")
    queue_location(settings, projects[0] if projects else None)  # a bad URL fails here, in one line
    serve(settings, projects)
    return 0


def cmd_jobs(args: argparse.Namespace, settings: Settings) -> int:
    """List a project's jobs newest first, or cancel one."""
    with opened(args.dir, settings) as session:
        if args.cancel is not None:
            view = session.cancel_job(args.cancel)
            print(json.dumps(view, indent=2) if args.json else f"Cancelled job {view['id']} ({view['kind']}).")
            return 0
        jobs = session.list_jobs(args.thread, limit=args.limit)
    if args.json:
        print(json.dumps({"jobs": jobs}, indent=2, ensure_ascii=False))
        return 0
    if not jobs:
        print("No jobs.")
    for job in jobs:
        done, total = job["progress"]["done"], job["progress"]["total"]
        extra = f"  {job['error']}" if job["error"] else ""
        print(f"{job['id']:>5}  {job['kind']:<13} {job['status']:<17} {done:>3}/{total:<3} "
              f"{job['created_at']}  {job['title']}{extra}")
    return 0
