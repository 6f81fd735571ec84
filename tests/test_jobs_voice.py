"""Voice as a job: a scene's dialogue (or one line) recorded on the queue, once per line, approved in its thread."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jobs_support import StubVoiceGenerator, calls, make_dialogue_project, stub_generators
from langchain_core.messages import AIMessage
from scripted import ScriptedModel, handoff_turn
from sqlalchemy import func, select
from test_jobs import BACKENDS, settings_for, wait_for

from agent.cli import main
from agent.config import load_settings
from agent.generators import BudgetExceeded
from agent.jobs import JobService
from agent.project import InvalidInputError, Project, ProjectError
from agent.project.schema import AssetLink
from agent.session import Session
from agent.tools.base import ToolContext

LINES = 6


class VoiceRig:
    """A project with dialogue, a stub voice provider and the job service over them."""

    def __init__(self, root: Path, backend: str = "sqlite", *, latency: float = 0.05, lines: int = LINES,
                 **extra: Any) -> None:
        self.settings = settings_for(backend, **extra)
        self.project: Project = make_dialogue_project(root / "film", lines=lines)
        self.log = root / "voice.log"
        self.voice = StubVoiceGenerator(latency_s=latency, log=self.log)
        self.factory = stub_generators(voice=self.voice)
        self.service = self._service()
        self.ctx = ToolContext(project=self.project, settings=self.settings)
        self.ctx._generators = self.factory(self.settings)  # type: ignore[operator]
        if backend == "redis":
            self.service.runtime.queue.huey.flush()

    def _service(self) -> JobService:
        return JobService(self.project, self.settings, generators=self.factory, consume=True)  # type: ignore[arg-type]

    def start(self, **args: Any) -> dict[str, Any]:
        view, _ = self.service.start("voice", args or {"scene": 1}, thread="t1", ctx=self.ctx)
        return view

    def finish(self, job_id: int) -> dict[str, Any]:
        wait_for(lambda: self.service.get(job_id)["status"] not in ("queued", "running"))
        return self.service.get(job_id)

    def voice_takes(self) -> list[int]:
        """Return the asset of every voice link (one per recorded line, when nothing was made twice)."""
        with self.project.read() as s:
            return list(s.scalars(select(AssetLink.asset_id).where(AssetLink.role == "voice")))

    def close(self) -> None:
        self.service.close()
        self.project.close()


@pytest.fixture(params=BACKENDS)
def rig(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[VoiceRig]:
    r = VoiceRig(tmp_path, request.param)
    yield r
    r.close()


def test_a_voice_job_records_every_line_once_and_waits_for_approval(rig: VoiceRig) -> None:
    started = rig.start()
    assert started["kind"] == "voice" and started["progress"]["total"] == LINES
    assert rig.start()["id"] == started["id"]  # the same request twice is one job
    job = rig.finish(started["id"])
    assert job["status"] == "waiting_approval", job["error"]
    assert job["progress"]["done"] == LINES  # steps run in parallel: the label is whichever line ended last
    assert re.fullmatch(r"(MARA|JONAS): This is line [1-6] of the quarrel\.", job["progress"]["label"])
    assert len(calls(rig.log)) == LINES == len(set(calls(rig.log)))
    assert len(rig.voice_takes()) == LINES == len(set(rig.voice_takes()))
    with rig.project.read() as s:
        assert {link.status for link in s.scalars(select(AssetLink))} == {"pending"}  # nobody approved yet
    assert [int(i["line"]) for i in job["result"]["items"]] == list(range(1, LINES + 1))


def test_jobs_json_shows_a_voice_job_with_its_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = VoiceRig(tmp_path)
    try:
        r.finish(r.start(scene=1, line=2)["id"])
    finally:
        r.close()
    assert main(["jobs", str(tmp_path / "film"), "--json"]) == 0
    (job,) = json.loads(capsys.readouterr().out)["jobs"]
    assert job["kind"] == "voice" and job["status"] == "waiting_approval"
    assert job["progress"] == {"done": 1, "total": 1, "label": "JONAS: This is line 2 of the quarrel."}
    assert job["title"] == "Voice for line 2 of scene 1 (1 line)" and job["started_at"] and job["updated_at"]


def test_voice_steps_respect_the_provider_limit_and_retry_its_faults(tmp_path: Path) -> None:
    r = VoiceRig(tmp_path, latency=0.3, job_workers=4, provider_concurrency=2, job_retries=2)
    try:
        r.voice._faults = 2  # two passing faults: retried with backoff, and the recording completes
        assert r.finish(r.start()["id"])["status"] == "waiting_approval"
        assert r.voice.peak <= 2
        assert len(calls(r.log)) == LINES == len(set(calls(r.log)))
    finally:
        r.close()


def test_a_voice_job_over_budget_is_refused_before_it_starts(tmp_path: Path) -> None:
    r = VoiceRig(tmp_path, budget_usd=1.0)
    try:
        r.voice.price_usd = 0.5
        with pytest.raises(BudgetExceeded):
            r.start()
        assert r.service.list() == [] and calls(r.log) == []
    finally:
        r.close()


@pytest.mark.parametrize("args, message", [
    ({"scene": 9}, "scene 9 does not exist; the screenplay has 2 scenes"),
    ({"scene": 2}, "scene 2 has no dialogue to record"),
    ({"scene": 1, "line": 7}, "there is no line 7"),
    ({"scene": 1, "line": 0}, "line number (1 or more)"),
    ({"scene": "one"}, "needs a scene number"),
])
def test_bad_voice_requests_are_one_line_errors_that_enqueue_nothing(tmp_path: Path, args: dict[str, Any],
                                                                     message: str) -> None:
    r = VoiceRig(tmp_path)
    r.service._consume = False
    try:
        with pytest.raises(ProjectError) as err:
            r.service.start("voice", args, thread="t1", ctx=r.ctx)
        assert message in str(err.value).lower() and "\n" not in str(err.value)
        assert r.service.list() == [] and r.service.store.orphans() == []
    finally:
        r.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_worker_restart_mid_recording_loses_nothing(tmp_path: Path, backend: str) -> None:
    r = VoiceRig(tmp_path, backend, latency=0.3, job_workers=1)
    job_id = r.start()["id"]
    wait_for(lambda: len(calls(r.log)) >= 2)
    r.service.close()  # the worker stops: its running step finishes, the rest stay queued
    assert r.service.get(job_id)["status"] == "running" and len(calls(r.log)) < LINES
    r.service = r._service()
    r.service.start_workers()  # a worker is back
    assert r.finish(job_id)["status"] == "waiting_approval"
    assert len(calls(r.log)) == LINES == len(set(calls(r.log)))  # every line once
    assert len(r.voice_takes()) == LINES == len(set(r.voice_takes()))
    r.close()


def test_recorded_lines_are_not_recorded_again_by_a_new_job(tmp_path: Path) -> None:
    r = VoiceRig(tmp_path)
    try:
        first = r.finish(r.start()["id"])
        links = [int(i["link"]) for i in first["result"]["items"]]
        from agent.project import lifecycle

        lifecycle.decide(r.project, links, "approved", actor="user", action="approved_voice", summary="ok")
        with pytest.raises(InvalidInputError, match="already has a voice take you decided on"):
            r.start()
        assert len(calls(r.log)) == LINES
    finally:
        r.close()


# -- through the chat ---------------------------------------------------------------------------------


async def _session(path: Path, script: list[AIMessage]) -> Session:
    session = await Session.open(path, settings=load_settings(job_lease_s=5.0), model=ScriptedModel(responses=script))
    session.enable_jobs()
    return session


async def test_voice_from_the_chat_is_a_job_card_then_an_approval_in_its_thread(tmp_path: Path) -> None:
    make_dialogue_project(tmp_path / "film", lines=3).close()
    script = [*handoff_turn("editor", "generate_voice", {"scene_number": 1}),
              AIMessage("The voice is approved."), AIMessage("Done.")]
    session = await _session(tmp_path / "film", script)
    try:
        turn = await session.run("t1", "record the quarrel")
        cards = [e for e in turn.events if e["type"] == "job"]
        assert turn.error is None and turn.approval is None and [c["kind"] for c in cards] == ["voice"]
        assert await session.pending("t1") is None  # the chat is free while the job runs
        job_id = cards[0]["id"]
        assert [j["id"] for j in session.list_jobs("t1")] == [job_id]

        wait_for(lambda: session.job(job_id)["status"] not in ("queued", "running"))
        assert session.job(job_id)["status"] == "waiting_approval", session.job(job_id)["error"]
        with session.project.read() as s:
            made = s.scalar(select(func.count()).select_from(AssetLink).where(AssetLink.role == "voice"))
        events = [e async for e in session.deliver("t1")]
        approval = [e for e in events if e["type"] == "approval"]
        assert len(approval) == 1 and approval[0]["kind"] == "voice" and "3 lines" in approval[0]["title"]
        with session.project.read() as s:  # delivery found the job's takes: nothing was recorded again
            assert s.scalar(select(func.count()).select_from(AssetLink).where(AssetLink.role == "voice")) == made == 3
        assert [e async for e in session.deliver("t1")] == []  # delivered once

        result = await session.run("t1", decision="approve")
        assert result.error is None
        job = session.job(job_id)
        assert job["status"] == "done" and job["result"]["decision"] == "approved"
        voice = [a["status"] for s in session.snapshot()["shots"] for a in s["assets"] if a["role"] == "voice"]
        assert voice == ["approved"] * 3
    finally:
        await session.close()


async def test_one_line_from_the_chat_is_a_one_step_job(tmp_path: Path) -> None:
    make_dialogue_project(tmp_path / "film", lines=3).close()
    script = [*handoff_turn("editor", "generate_voice", {"scene_number": 1, "line_number": 3}),
              AIMessage("Approved."), AIMessage("Done.")]
    session = await _session(tmp_path / "film", script)
    try:
        turn = await session.run("t1", "record Mara's last line")
        (card,) = [e for e in turn.events if e["type"] == "job"]
        assert card["progress"]["total"] == 1
        wait_for(lambda: session.job(card["id"])["status"] == "waiting_approval")
        approval = [e for e in [e async for e in session.deliver("t1")] if e["type"] == "approval"]
        assert len(approval) == 1 and approval[0]["title"] == "Voice for line 3 of scene 1"
        await session.run("t1", decision="approve")
        assert session.job(card["id"])["status"] == "done"
    finally:
        await session.close()


@pytest.mark.parametrize("args, error", [
    ({"scene_number": 2}, "Error: scene 2 has no dialogue to record"),
    ({"scene_number": 9}, "Error: scene 9 does not exist; the screenplay has 2 scenes"),
])
async def test_a_bad_voice_request_from_the_chat_is_one_line_and_starts_no_job(tmp_path: Path, args: dict[str, Any],
                                                                                error: str) -> None:
    make_dialogue_project(tmp_path / "film", lines=2).close()
    session = await _session(tmp_path / "film", handoff_turn("editor", "generate_voice", args))
    try:
        turn = await session.run("t1", "record it")
        (result,) = [e for e in turn.events if e["type"] == "tool_result" and e["name"] == "generate_voice"]
        assert result["text"].startswith(error) and "\n" not in result["text"]
        assert session.list_jobs() == [] and turn.approval is None
    finally:
        await session.close()
