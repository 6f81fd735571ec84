"""``reelsmith jobs`` and ``reelsmith worker`` at the command line: JSON shape, cancel, one-line errors."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jobs_support import make_project
from test_jobs import wait_for

from agent.cli import main
from agent.config import load_settings
from agent.jobs import STATUSES, JobService
from agent.tools.base import ToolContext

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def film(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "film", shots=2)
    settings = load_settings()
    service = JobService(project, settings, consume=False)  # queued only: nothing runs in this test
    service.start("stills_batch", {"scene": 1}, thread="t1", ctx=ToolContext(project=project, settings=settings))
    service.close()
    project.close()
    return tmp_path / "film"


def test_jobs_json_lists_every_field(film: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jobs", str(film), "--json"]) == 0
    jobs = json.loads(capsys.readouterr().out)["jobs"]
    assert len(jobs) == 1
    job = jobs[0]
    assert {"id", "kind", "status", "progress", "created_at", "started_at", "finished_at", "updated_at",
            "request_hash", "result", "thread"} <= set(job)
    assert job["kind"] == "stills_batch" and job["status"] == "queued" and job["status"] in STATUSES
    assert job["progress"] == {"done": 0, "total": 2, "label": "2 stills for scene 1"}


def test_jobs_cancel_then_cancel_again_fails_in_one_line(film: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jobs", str(film), "--cancel", "1"]) == 0
    assert "Cancelled job 1" in capsys.readouterr().out
    assert main(["jobs", str(film), "--cancel", "1"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "error: job 1 is already cancelled"
    assert main(["jobs", str(film), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["jobs"][0]["status"] == "cancelled"


@pytest.mark.parametrize("argv, message", [
    (["jobs", "{film}", "--cancel", "99"], "no job 99"),
    (["jobs", "{film}", "--cancel", "x"], "not a whole number"),
    (["jobs", "{missing}"], "no project at"),
    (["worker", "--queue-url", "http://127.0.0.1:1", "--project", "{film}"], "redis://"),
    (["worker"], "pass --project DIR once"),
])
def test_bad_input_is_one_line_and_changes_nothing(film: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   argv: list[str], message: str) -> None:
    before = (film / "project.db").read_bytes()
    args = [a.format(film=film, missing=tmp_path / "nope") for a in argv]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err and message in err
    assert (film / "project.db").read_bytes() == before


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("REELSMITH_TEST_REDIS_URL"), reason="no REELSMITH_TEST_REDIS_URL")
def test_chat_starts_a_job_a_worker_runs_it_and_resume_answers_it(tmp_path: Path) -> None:
    import redis

    url = os.environ["REELSMITH_TEST_REDIS_URL"]
    redis.Redis.from_url(url).flushdb()
    make_project(tmp_path / "film", shots=2).close()
    film = str(tmp_path / "film")
    env = {**os.environ, "REELSMITH_QUEUE_URL": url, "PYTHONPATH": str(ROOT), "REELSMITH_JOB_LEASE_S": "5"}

    def cli(*args: str) -> list[dict[str, Any]]:
        done = subprocess.run([sys.executable, "-m", "agent", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        if args[0] == "jobs":
            return list(json.loads(done.stdout)["jobs"])
        return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]

    events = cli("chat", film, "generate stills for scene 1", "--thread", "t", "--json")
    assert [e["kind"] for e in events if e["type"] == "job"] == ["stills_batch"]
    assert not [e for e in events if e["type"] == "approval"]  # the turn returned at once
    worker = subprocess.Popen([sys.executable, "-m", "agent", "worker", "--project", film], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: cli("jobs", film, "--json")[0]["status"] == "waiting_approval", timeout=120)
    finally:
        worker.send_signal(signal.SIGINT)
        worker.wait(timeout=60)
    events = cli("resume", film, "--thread", "t", "--decision", "approve", "--json")
    assert [e["kind"] for e in events if e["type"] == "approval"] == ["batch"]  # delivered, then answered
    assert any("approved" in e.get("text", "") for e in events if e["type"] == "message")
    assert cli("jobs", film, "--json")[0]["status"] == "done"
