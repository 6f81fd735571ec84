"""Call one typed tool by name, as an agent would, outside any chat model: the write API's door to the project.

A direct call runs the tool inside a one-node LangGraph graph that shares the session's checkpointer, so
everything a tool relies on holds: its changes are recorded with the call's thread (history, undo), budgets
and conflict checks apply, and a tool that asks a person (``confirm``, a still's approval) pauses the thread
at an interrupt that a later ``resume`` answers, exactly as in a chat. No model is called, so a call does
one thing and only that.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Annotated, Any

from langchain_core.messages import AIMessage, AnyMessage, ToolMessage
from langchain_core.tools import BaseTool
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import add_messages
from langgraph.prebuilt import ToolNode
from langgraph.types import Command
from typing_extensions import TypedDict

from agent.assets import sniff_mime
from agent.events import ApprovalEvent, waiting_approval
from agent.graphs.results import tool_error
from agent.project.changes import recording_thread
from agent.project.errors import InvalidInputError
from agent.project.library import import_media
from agent.tools import ToolContext, build_toolsets

__all__ = ["DIRECT_PREFIX", "CallOutcome", "DirectCalls", "new_thread"]

DIRECT_PREFIX = "api-"
"""Threads of direct calls start with this, so they are never confused with a chat's threads."""
_NODE = "call"


def new_thread() -> str:
    """Return a fresh thread id for one direct call."""
    return f"{DIRECT_PREFIX}{secrets.token_hex(8)}"


class _CallState(TypedDict, total=False):
    """The state of a direct-call thread."""

    inner: Annotated[list[AnyMessage], add_messages]
    """The tool call (an AIMessage written by ``DirectCalls.call``) and its ToolMessage (written by the tool node)."""


@dataclass
class CallOutcome:
    """What one direct call came to: done, an expected failure, or waiting for a person's decision."""

    status: str
    """``done``, ``error`` or ``waiting_approval``."""
    thread: str
    text: str = ""
    error_type: str | None = None
    """The failure's class name (``NotFoundError``, ``ConflictError``...) when the tool raised one."""
    artifact: dict[str, Any] | None = None
    approval: ApprovalEvent | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class DirectCalls:
    """Run the agents' tools one call at a time on a session's project, with approvals as interrupts."""

    def __init__(self, *, ctx: ToolContext, checkpointer: Any, jobs: Callable[[], Any]) -> None:
        """Bind the tools to ``ctx`` (the session's, so jobs go where its chats' go) and share its checkpointer.

        ``jobs`` returns the session's JobService (built on first use, so it is asked for only when needed).
        """
        self._ctx, self._jobs = ctx, jobs
        tools: dict[str, BaseTool] = {}
        for toolset in build_toolsets(ctx).values():
            for tool in toolset:
                tools.setdefault(tool.name, tool)
        self.tools = tools
        graph = StateGraph(_CallState)
        graph.add_node(_NODE, ToolNode(list(tools.values()), messages_key="inner", handle_tool_errors=tool_error))
        graph.add_edge(START, _NODE)
        graph.add_edge(_NODE, END)
        self.graph: Any = graph.compile(checkpointer=checkpointer)

    def _config(self, thread: str) -> dict[str, Any]:
        return {"configurable": {"thread_id": thread}}

    async def call(self, tool: str, args: dict[str, Any], *, thread: str | None = None) -> CallOutcome:
        """Run ``tool`` with ``args`` in a new (or the given) direct thread and say what came of it."""
        if tool not in self.tools:
            raise KeyError(tool)  # a programming error: routes only name tools that exist
        thread = thread or new_thread()
        call_id = f"{thread}-{secrets.token_hex(4)}"
        message = AIMessage("", tool_calls=[{"name": tool, "args": args, "id": call_id, "type": "tool_call"}])
        return await self._run(thread, {"inner": [message]})

    async def pending(self, thread: str) -> ApprovalEvent | None:
        """Return the approval a direct thread waits for, or None."""
        return await waiting_approval(self.graph, self._config(thread), thread)

    async def resume(self, thread: str, decision: str, note: str = "") -> CallOutcome:
        """Answer a direct thread's pending approval (the caller checked ``decision`` against its options)."""
        return await self._run(thread, Command(resume={"decision": decision, "note": note}))

    async def _run(self, thread: str, payload: Any) -> CallOutcome:
        config = self._config(thread)
        async for _ in self.graph.astream(payload, config, stream_mode="updates"):
            pass
        waiting = await self.pending(thread)
        if waiting is not None:
            return CallOutcome("waiting_approval", thread, text=waiting["title"], approval=waiting)
        state = await self.graph.aget_state(config)
        last = (state.values.get("inner") or [None])[-1]
        if not isinstance(last, ToolMessage):
            return CallOutcome("error", thread, text="Error: the call produced no answer.")
        text = str(last.content)
        artifact = last.artifact if isinstance(last.artifact, dict) else None
        if text.startswith("Error:"):
            error_type = str((artifact or {}).get("error_type") or "") or None
            return CallOutcome("error", thread, text=text, error_type=error_type)
        return CallOutcome("done", thread, text=text, artifact=artifact)

    # -- what is not one tool call: uploads, API jobs' approvals, the threads that may wait ------------------

    def upload(self, name: str, data: bytes, for_name: str | None) -> dict[str, Any]:
        """Import an image or sound into the asset library as the chat's upload does, in a thread of its own.

        Raise ProjectError on a bad file (nothing is kept: no row, no orphan file).
        """
        clean = PurePath(name.replace("\\", "/")).name.strip()
        if not clean or any(ord(c) < 32 for c in clean):
            raise InvalidInputError("give the upload a file name")
        limit = self._ctx.settings.max_upload_bytes
        if len(data) > limit:
            raise InvalidInputError(f"the file is over the {limit:,}-byte upload limit")
        mime = sniff_mime(data) or ""
        if not mime.startswith(("image/", "audio/")):
            raise InvalidInputError(f"{clean} is not an image or a sound the library takes")
        thread = new_thread()
        with recording_thread(thread):
            result = import_media(self._ctx.project, Path(clean), data, for_name)
        return {"status": "done", "thread": thread, **result}

    async def deliver_jobs(self) -> None:
        """Ask the approval of each finished API job (its own tool finds its results by request hash)."""
        store = self._jobs().store
        for job in store.recent(limit=50):
            if job.status != "waiting_approval" or job.delivered_at is not None:
                continue
            if not str(job.thread or "").startswith(DIRECT_PREFIX) or not store.mark_delivered(job.id):
                continue  # a chat's job is delivered into its chat
            scene = int(job.args["scene"])
            if job.kind == "video":
                await self.call("generate_video", {"scene_number": scene, "shot_number": int(job.args["shot"])},
                                thread=job.thread)
            else:
                await self.call("generate_stills_for_scene", {"scene_number": scene}, thread=job.thread)

    async def recent_threads(self, limit: int = 200) -> list[str]:
        """Return the checkpointer's threads, most recently active first (chats' and direct calls')."""
        saver: Any = self.graph.checkpointer
        conn, lock = getattr(saver, "conn", None), getattr(saver, "lock", None)
        if conn is not None and lock is not None:  # AsyncSqliteSaver: one query, not every checkpoint
            query = ("SELECT thread_id FROM checkpoints GROUP BY thread_id ORDER BY MAX(checkpoint_id) DESC "
                     "LIMIT ?")
            async with lock, conn.execute(query, (limit,)) as cursor:
                return [str(row[0]) for row in await cursor.fetchall()]
        seen: dict[str, None] = {}
        async for item in saver.alist(None):
            seen.setdefault(str(item.config["configurable"]["thread_id"]), None)
            if len(seen) >= limit:
                break
        return list(seen)
