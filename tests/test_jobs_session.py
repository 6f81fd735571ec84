"""Jobs through the session: a chat turn starts a batch and returns; the result comes back into its thread
with the usual batch approval, and the decision (through ``Session.resume``) closes the job."""

from __future__ import annotations

from pathlib import Path

from jobs_support import make_project
from langchain_core.messages import AIMessage
from scripted import ScriptedModel, handoff_turn
from sqlalchemy import select
from test_jobs import wait_for

from agent.config import load_settings
from agent.project.schema import Change
from agent.session import Session


async def test_a_batch_job_returns_at_once_and_its_approval_arrives_in_the_thread(tmp_path: Path) -> None:
    make_project(tmp_path / "film", shots=3).close()
    script = [*handoff_turn("cinematographer", "generate_stills_for_scene", {"scene_number": 1}),
              AIMessage("The stills are approved."), AIMessage("Done.")]
    session = await Session.open(tmp_path / "film", settings=load_settings(job_lease_s=5.0),
                                 model=ScriptedModel(responses=script))
    try:
        session.enable_jobs()
        turn = await session.run("t1", "storyboard scene 1")
        cards = [e for e in turn.events if e["type"] == "job"]
        assert turn.approval is None and len(cards) == 1 and cards[0]["kind"] == "stills_batch"
        assert await session.pending("t1") is None  # the chat is free while the job runs
        job_id = cards[0]["id"]
        assert [j["id"] for j in session.list_jobs("t1")] == [job_id] and session.list_jobs("other") == []

        wait_for(lambda: session.job(job_id)["status"] == "waiting_approval")
        events = [e async for e in session.deliver("t1")]
        approval = [e for e in events if e["type"] == "approval"]
        assert len(approval) == 1 and approval[0]["kind"] == "batch" and len(approval[0]["previews"]) == 3
        assert [e async for e in session.deliver("t1")] == []  # delivered once
        assert session.snapshot()["shots"][0]["status"] == "still_pending"

        result = await session.run("t1", decision="approve")
        assert result.error is None
        job = session.job(job_id)
        assert job["status"] == "done" and job["result"]["decision"] == "approved"
        assert {s["status"] for s in session.snapshot()["shots"]} == {"still_approved"}
        with session.project.read() as s:
            made = s.scalars(select(Change).where(Change.action == "generate_still")).all()
        assert len(made) == 3 and {c.thread_id for c in made} == {"t1"}  # undo in t1 sees the job's stills
    finally:
        await session.close()


async def test_without_jobs_a_batch_runs_inside_the_turn(tmp_path: Path) -> None:
    make_project(tmp_path / "film", shots=2).close()
    script = handoff_turn("cinematographer", "generate_stills_for_scene", {"scene_number": 1})
    session = await Session.open(tmp_path / "film", settings=load_settings(), model=ScriptedModel(responses=script))
    try:
        turn = await session.run("t1", "storyboard scene 1")
        assert turn.approval is not None and turn.approval["kind"] == "batch"
        assert session.list_jobs() == []
    finally:
        await session.close()


async def test_a_clip_job_comes_back_with_the_clip_approval(tmp_path: Path) -> None:
    from agent.tools.base import ToolContext
    from agent.tools.generation import decide, still_for

    project = make_project(tmp_path / "film", shots=1)
    ctx = ToolContext(project=project, settings=load_settings())
    with project.read() as s:
        from agent.project.schema import Shot

        shot = s.scalars(select(Shot)).one()
    _asset, link = still_for(ctx, shot, 1, "cinematographer", index=False)
    decide(ctx, link.id, "approved", "", "user", "Approved")
    project.close()
    script = [*handoff_turn("editor", "generate_video", {"scene_number": 1, "shot_number": 1}),
              AIMessage("The clip is approved."), AIMessage("Done.")]
    session = await Session.open(tmp_path / "film", settings=load_settings(job_lease_s=5.0),
                                 model=ScriptedModel(responses=script))
    try:
        session.enable_jobs()
        turn = await session.run("t1", "animate shot 1")
        cards = [e for e in turn.events if e["type"] == "job"]
        assert turn.approval is None and [c["kind"] for c in cards] == ["video"]
        wait_for(lambda: session.job(cards[0]["id"])["status"] != "queued" and
                 session.job(cards[0]["id"])["status"] != "running", timeout=120)
        assert session.job(cards[0]["id"])["status"] == "waiting_approval", session.job(cards[0]["id"])["error"]
        approval = [e for e in [e async for e in session.deliver("t1")] if e["type"] == "approval"]
        assert len(approval) == 1 and approval[0]["kind"] == "video"
        await session.run("t1", decision="approve")
        assert session.job(cards[0]["id"])["status"] == "done"
        assert session.snapshot()["shots"][0]["status"] == "video_approved"
    finally:
        await session.close()
