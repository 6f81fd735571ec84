"""Bring a finished job's result into its conversation: the batch's approval, or the rendered file.

A stills batch is delivered by running the cinematographer's own ``generate_stills_for_scene`` tool in the
thread (a clip: the editor's ``generate_video``; a recording: ``generate_voice``; music: ``generate_music``),
as a handoff the graph records like any other: every take is found by its request hash (nothing is generated again) and
the tool asks its usual approval, so approve/reject go through ``Session.resume`` and apply exactly as in a
chat turn.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, HumanMessage, RemoveMessage
from langgraph.graph.message import REMOVE_ALL_MESSAGES
from langgraph.types import Command

from agent.events import ChatEvent
from agent.graphs.handoffs import handoff_name
from agent.jobs.model import JobRow
from agent.tools import Specialist

__all__ = ["HANDOFF_NODE", "handoff_for", "notice_for", "STILLS_TOOL", "STILLS_SPECIALIST"]

STILLS_SPECIALIST: Specialist = "cinematographer"
STILLS_TOOL = "generate_stills_for_scene"
HANDOFF_NODE = "supervisor"
"""The graph node a delivery's handoff is recorded as (the supervisor hands over; the specialist's subgraph
starts at its tool node because the handoff opens with the call to run)."""


def _review_call(job: JobRow) -> tuple[Specialist, str, dict[str, Any], str]:
    """Return (specialist, tool, arguments, what is ready) for the tool that asks this job's approval."""
    if job.kind == "music":
        seconds = job.args.get("duration_s")
        asked = {"music": str(job.args["music"]), **({"duration_s": int(seconds)} if seconds else {})}
        return "editor", "generate_music", asked, "the music"
    scene = int(job.args["scene"])
    if job.kind == "video":
        shot = int(job.args["shot"])
        what = f"the clip for shot {scene}.{shot}"
        return "editor", "generate_video", {"scene_number": scene, "shot_number": shot}, what
    if job.kind == "voice":
        line = job.args.get("line")
        if line:
            what = f"the voice for line {line} of scene {scene}"
            return "editor", "generate_voice", {"scene_number": scene, "line_number": int(line)}, what
        return "editor", "generate_voice", {"scene_number": scene}, f"the voice for scene {scene}"
    return STILLS_SPECIALIST, STILLS_TOOL, {"scene_number": scene}, f"the stills for scene {scene}"


def handoff_for(job: JobRow) -> Command[Any]:
    """Return the state update that makes the job's specialist call its own tool for the job's result."""
    specialist, tool, args, what = _review_call(job)
    handoff_id, call_id = f"job-{job.id}-handoff", f"job-{job.id}-review"
    task = f"Review {what} (job {job.id})."
    route = AIMessage("", tool_calls=[{"name": handoff_name(specialist), "args": {"task": task},
                                       "id": handoff_id, "type": "tool_call"}])
    call = AIMessage("", name=specialist, tool_calls=[{"name": tool, "args": args, "id": call_id,
                                                       "type": "tool_call"}])
    # The job's notice stands as the turn's request, so the supervisor's wrap-up answers it and never a
    # message the person sent before the job finished (which it would otherwise act on a second time).
    notice = HumanMessage(f"Job {job.id} finished: {what} ready for review.", name="jobs")
    return Command(goto=specialist, update={
        "messages": [notice, route], "active": specialist, "handoff_id": handoff_id, "route": [specialist],
        "inner": [RemoveMessage(id=REMOVE_ALL_MESSAGES), HumanMessage(task), call],
    })


def notice_for(job: JobRow) -> list[ChatEvent]:
    """Return the events that tell a thread a job ended without needing a decision (a render, an export)."""
    events: list[ChatEvent] = [{"type": "job", "id": job.id, "kind": job.kind, "status": job.status,
                                "label": job.label, "error": job.error}]
    path = job.result.get("path")
    if job.status == "done" and path:
        mime = "video/mp4" if str(path).endswith(".mp4") else "application/octet-stream"
        events.append({"type": "preview", "asset": None, "path": str(path), "mime": mime, "caption": job.label})
        text = f"Job {job.id} is done: {job.label} -> {path}."
        events.append({"type": "message", "author": "Reelsmith", "text": text})
    elif job.status == "failed":
        events.append({"type": "message", "author": "Reelsmith", "text": f"Job {job.id} failed: {job.error}"})
    return events
