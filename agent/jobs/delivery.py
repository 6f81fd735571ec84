"""Bring a finished job's result into its conversation: the batch's approval, or the rendered file.

A stills batch is delivered by running the cinematographer's own ``generate_stills_for_scene`` tool in the
thread, as a handoff the graph records like any other: every still is found by its request hash (nothing
is generated again) and the tool asks its usual batch approval, so approve/reject go through
``Session.resume`` and apply exactly as in a chat turn.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, HumanMessage, RemoveMessage
from langgraph.graph.message import REMOVE_ALL_MESSAGES
from langgraph.types import Command

from agent.jobs.model import JobRow

__all__ = ["handoff_for", "notice_for", "STILLS_TOOL", "STILLS_SPECIALIST"]

STILLS_SPECIALIST = "cinematographer"
STILLS_TOOL = "generate_stills_for_scene"


def handoff_for(job: JobRow) -> Command[Any]:
    """Return the state update that makes the stills batch's specialist call its tool for this job's scene."""
    scene = int(job.args["scene"])
    handoff_id, call_id = f"job-{job.id}-handoff", f"job-{job.id}-stills"
    task = f"Review the stills of job {job.id} for scene {scene}."
    route = AIMessage("", tool_calls=[{"name": f"transfer_to_{STILLS_SPECIALIST}", "args": {"task": task},
                                       "id": handoff_id, "type": "tool_call"}])  # fmt: skip
    call = AIMessage("", name=STILLS_SPECIALIST, tool_calls=[{"name": STILLS_TOOL, "args": {"scene_number": scene},
                                                              "id": call_id, "type": "tool_call"}])  # fmt: skip
    # The job's notice stands as the turn's request, so the supervisor's wrap-up answers it and never a
    # message the person sent before the job finished (which it would otherwise act on a second time).
    notice = HumanMessage(f"Job {job.id} finished: the stills for scene {scene} are ready for review.", name="jobs")
    return Command(goto=f"{STILLS_SPECIALIST}_tools", update={
        "messages": [notice, route], "active": STILLS_SPECIALIST, "handoff_id": handoff_id,
        "route": [STILLS_SPECIALIST],
        "inner": [RemoveMessage(id=REMOVE_ALL_MESSAGES), HumanMessage(task), call],
    })  # fmt: skip


def notice_for(job: JobRow) -> list[dict[str, Any]]:
    """Return the events that tell a thread a job ended without needing a decision (a render, an export)."""
    events: list[dict[str, Any]] = [{"type": "job", "id": job.id, "kind": job.kind, "status": job.status,
                                     "label": job.label, "error": job.error}]  # fmt: skip
    path = job.result.get("path")
    if job.status == "done" and path:
        mime = "video/mp4" if str(path).endswith(".mp4") else "application/octet-stream"
        events.append({"type": "preview", "asset": None, "path": str(path), "mime": mime, "caption": job.label})
        text = f"Job {job.id} is done: {job.label} -> {path}."
        events.append({"type": "message", "author": "Reelsmith", "text": text})
    elif job.status == "failed":
        events.append({"type": "message", "author": "Reelsmith", "text": f"Job {job.id} failed: {job.error}"})
    return events
