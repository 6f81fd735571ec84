"""Embedded job workers yield to the chat: their threads run at a lower OS priority; queue commits skip the fsync."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from agent.config import load_settings
from agent.jobs.queue import WORKER_NICE, make_queue


def _niceness() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a thread has its own niceness on Linux only")
def test_a_step_runs_below_the_process_and_the_caller_keeps_its_priority(tmp_path: Path) -> None:
    seen: list[int] = []
    done = threading.Event()

    def step(project_dir: str, job_id: int, key: str, task: Any = None) -> None:
        seen.append(_niceness())
        done.set()

    before = _niceness()
    queue = make_queue(load_settings(), project_dir=tmp_path, step=step)
    consumer = queue.consumer(workers=1, embedded=True)
    consumer.start()
    try:
        queue.send(tmp_path, 1, "a")
        deadline = time.monotonic() + 30
        while not done.wait(0.05) and time.monotonic() < deadline:
            pass
    finally:
        consumer.stop(graceful=True)
    assert seen == [min(19, before + WORKER_NICE)]
    assert _niceness() == before  # the thread that started the workers (the UI server's loop) is untouched


def test_the_embedded_queue_commits_without_waiting_for_the_disk(tmp_path: Path) -> None:
    queue = make_queue(load_settings(), project_dir=tmp_path, step=lambda *a: None)
    with queue.huey.storage.db() as cursor:
        assert cursor.execute("pragma synchronous").fetchone()[0] == 1  # NORMAL (WAL); FULL is 2
        assert cursor.execute("pragma journal_mode").fetchone()[0] == "wal"
