"""The one conversation API: send, resume, pending approvals and events, for the CLI, UI, evals and tests."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.config import Settings
from agent.events import (
    ApprovalEvent,
    ChatEvent,
    MessageEvent,
    TokenEvent,
    UsageEvent,
    approval_event,
    job_event,
    preview_event,
    progress_event,
    waiting_approval,
)
from agent.intake import Created, Imported, create_from_fountain, import_file
from agent.project import Project, history, snapshot
from agent.project.head_cache import HeadCache
from agent.project.impact import Impact
from agent.project.library import record_model_call
from agent.project.overview import overview_text
from agent.project.schema import AssetLink
from agent.session_commands import ProjectCommands, open_bundle_into
from agent.settings_policy import tighten_settings
from agent.specialists import SPECIALISTS, Specialist
from agent.uploads import Uploads
from agent.workspace import asset_file, asset_rows, build_views, views_head

# The chat stack (LangGraph, the tools, the graphs, the chat models) loads only once a chat opens (Session.open)
# or a turn runs: a command's session (Session.for_commands) never needs it, and it takes seconds to import.
if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import AIMessage

    from agent.graphs import TurnContext
    from agent.llm.profile import TurnProfile
    from agent.session_direct import DirectCalls
    from agent.tools import ToolContext

__all__ = ["Session", "TurnResult", "MAX_MESSAGE_CHARS", "DECISIONS", "SPECIALISTS", "tighten_settings"]

MAX_MESSAGE_CHARS = 20_000
RECURSION_LIMIT = 60
DECISIONS = ("approve", "reject", "regenerate", "use_existing", "generate_new", "cancel")
_DECISION_WORDS = {
    **dict.fromkeys(("approve", "approved", "accept", "yes", "yep", "yeah", "yup", "sure", "ok", "okay", "fine",
                     "good", "great", "perfect", "nice", "lovely", "looks good", "looks great", "looks fine",
                     "love it", "i love it", "keep it", "lgtm", "go ahead", "do it", "that works", "that's it",
                     "that's the one", "use this one", "👍"), "approve"),
    **dict.fromkeys(("reject", "rejected", "no", "nope", "nah", "discard", "bin it", "scrap it", "not good",
                     "not that", "not that one", "no good", "don't like it", "i don't like it", "hate it",
                     "throw it away", "👎"), "reject"),
    **dict.fromkeys(("regenerate", "again", "try again", "another", "another one", "one more", "new one", "redo",
                     "reroll", "re-roll", "give me another", "have another go", "once more"), "regenerate"),
    **dict.fromkeys(("cancel", "stop", "never mind", "nevermind", "forget it"), "cancel"),
    "use existing": "use_existing", "use it": "use_existing", "generate new": "generate_new",
}
"""Answers typed to a pending approval, as said ("yep", "nah", "another one"), to the decision they are."""
_POLITE = re.compile(r"(?:[\s,]+(?:please|pls|thanks|thank\s+you|cheers|mate))+$", re.I)
"""Politeness after a typed answer ("yes please", "no thanks"): no part of the decision."""

_OPEN = {"sessions": 0}
"""Sessions made and not closed yet in this process (one forgotten shows here, even after it is collected)."""


@dataclass
class TurnResult:
    """Everything one turn produced (events collected), for callers that do not stream."""

    events: list[ChatEvent] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    route: list[str] = field(default_factory=list)
    tokens: int = 0
    approval: ApprovalEvent | None = None
    error: str | None = None
    recursion_limit_hit: bool = False
    latency_ms: float = 0.0


class Session:
    """A project plus its compiled graph and checkpointer; one per process and project folder.

    Every chat of the project shares it and its one compiled graph: a chat's own settings go with each call
    (``settings=``), and they and the chat's model (a chat may switch to the offline model) reach the graph
    as the run's LangGraph context (``TurnContext``), so nodes and tools see that chat's, not another's.
    """

    def __init__(self, project: Project, settings: Settings, graph: Any, saver_cm: Any, *,
                 model: BaseChatModel | None = None, profile: TurnProfile | None = None) -> None:
        self.project = project
        self.settings = settings
        self.graph = graph
        """The project's one compiled graph (None in a session for commands, which holds no chat)."""
        self._saver_cm = saver_cm
        self._models: dict[str, tuple[BaseChatModel, TurnProfile]] = {}
        """Per model name: the chat model and its turn profile, loaded on a chat's first turn with it."""
        if model is not None:
            self._models[settings.model] = (model, profile or _stepwise())
        self.uploads = Uploads(project, settings)
        """Files dropped into a chat; a screenplay replacement waits for an approval."""
        self.commands = ProjectCommands(project, settings)
        """The command line's reads and writes on this project (recorded as the user's)."""
        self._jobs: Any = None
        self._ctx: ToolContext | None = None
        self._reads = HeadCache(project)
        """Read results (context blocks, the overview) kept until the project's history head moves."""
        self._closed = False
        _OPEN["sessions"] += 1

    @classmethod
    async def open(cls, project_dir: Path, *, settings: Settings, model: BaseChatModel | None = None) -> Session:
        """Open a project folder and compile the graph with a checkpointer stored beside the project."""
        # Deferred: only a chat needs the checkpointer, the tools and the graph (a command's session has none).
        from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

        from agent.graphs import build_graph
        from agent.graphs.context import project_context
        from agent.llm.profile import profile_for
        from agent.session_context import CallContext
        from agent.tools import build_toolsets

        project = Project.open(
            Path(project_dir), max_asset_bytes=settings.max_asset_bytes, database_url=settings.database_url
        )
        saver_cm: AbstractAsyncContextManager[Any] = AsyncSqliteSaver.from_conn_string(
            str(project.path / "checkpoints.db")
        )
        saver = await saver_cm.__aenter__()
        await saver.setup()  # WAL first: NORMAL is safe against a killed process only in WAL mode
        # The project store's durability (agent.project.db): a commit no longer waits for the disk. Every step
        # of every chat commits here, one at a time on this one connection, so under load the fsyncs queued.
        await saver.conn.execute("PRAGMA synchronous=NORMAL")
        reads = HeadCache(project)
        ctx = CallContext(project, settings)
        ctx.reads = reads  # the tools' questions share the context's per-head reads (the overview, the snapshot)
        context = project_context(project, reads, embed=_local_embed)

        # One compiled graph for every chat: each turn brings its model as the run's context (see _turn).
        graph = build_graph(toolsets=build_toolsets(ctx), context=context, checkpointer=saver,
                            token_cap=settings.turn_token_cap)
        chat_model = model or _load_model(settings)
        session = cls(project, settings, graph, saver_cm, model=chat_model,
                      profile=profile_for(chat_model, settings.model_compat))
        session._ctx = ctx
        session._reads = reads
        if settings.queue_url:
            session.enable_jobs()  # workers elsewhere serve the queue, so long work always goes there
        return session

    @classmethod
    def for_commands(cls, project_dir: Path, *, settings: Settings) -> Session:
        """Open a project for one command-line command (``with Session.for_commands(...) as session``).

        Its reads and writes are ``commands``' and the ones above; it holds no chat (no graph, no checkpoint
        file beside the project), so a command that fails leaves the folder as it was.
        """
        project = Project.open(
            Path(project_dir), max_asset_bytes=settings.max_asset_bytes, database_url=settings.database_url
        )
        return cls(project, settings, None, None)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._saver_cm is not None:
            raise RuntimeError("a chat session holds a checkpointer: close it with 'await session.close()'")
        self._close_store()

    @staticmethod
    def open_bundle(bundle: Path, folder: Path, *, settings: Settings) -> str:
        """Unpack a project bundle into ``folder`` (new or empty) and return the project's name."""
        return open_bundle_into(bundle, folder, settings=settings)

    @staticmethod
    def create_from_fountain(folder: Path, source: Path | None, *, settings: Settings,
                             name: str | None = None) -> Created:
        """Create a project in ``folder`` from a .fountain screenplay (None: an empty one); all or nothing."""
        return create_from_fountain(folder, source, settings=settings, name=name)

    def _turn(self, settings: Settings | None) -> TurnContext:
        """Return a turn's runtime context: the chat's settings and its model (loaded once per model name)."""
        from agent.graphs import TurnContext
        from agent.llm.profile import profile_for

        name = (settings or self.settings).model
        if name not in self._models:
            chat_model = _load_model(settings or self.settings)
            self._models[name] = (chat_model, profile_for(chat_model, self.settings.model_compat))
        chat_model, profile = self._models[name]
        return TurnContext(settings, model=chat_model, profile=profile)

    async def close(self) -> None:
        """Close the job workers, the checkpointer and the project's connections (a second call does nothing)."""
        if self._closed:
            return
        if self._saver_cm is not None:
            await self._saver_cm.__aexit__(None, None, None)
        self._close_store()

    def _close_store(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._jobs is not None:
            self._jobs.close()
        if self._ctx is not None:
            self._ctx.close()
        self.project.close()
        _OPEN["sessions"] -= 1

    @staticmethod
    def open_count() -> int:
        """Return how many sessions this process has open (a server holds one per project)."""
        return _OPEN["sessions"]

    # -- files ---------------------------------------------------------------------------------

    def import_file(self, path: Path, *, for_name: str | None = None, replace: bool = False,
                    confirm: Callable[[Impact], None] | None = None) -> Imported:
        """Import a screenplay or a media file (see :func:`agent.intake.import_file`); bad input changes nothing."""
        return import_file(self.project, path, settings=self.settings, for_name=for_name, replace=replace,
                           confirm=confirm)

    # -- reading -------------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """Return the project snapshot (the ``status --json`` shape)."""
        return snapshot(self.project, budget_usd=self.settings.budget_usd)

    def overview(self) -> str:
        """Return the one-paragraph overview (phase, what is done, what to do next)."""
        return self._reads.get("overview", lambda: overview_text(self.project))

    def views(self) -> dict[str, Any]:
        """Return what the UI's four views show (story, design, shooting, generate), read-only."""
        return build_views(self.project, self.snapshot())

    def head(self) -> str:
        """Return a token that changes whenever the project changes (from any chat, the CLI or a worker)."""
        return views_head(self.project)

    def asset_file(self, asset_id: int, *, thumbnail: bool = False) -> Path | None:
        """Return the stored file (or its thumbnail) of an asset, or None when there is none."""
        return asset_file(self.project, asset_id, thumbnail=thumbnail)

    def assets(self, *, kind: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
        """Return the stored assets in id order (optionally of one kind)."""
        return asset_rows(self.project, kind=kind, limit=limit)

    def history(self, *, limit: int = 50) -> list[dict[str, Any]]:
        """Return the change log, newest first (each change as a dict)."""
        with self.project.read() as s:
            return [asdict(change) for change in history.list_changes(s, limit=limit)]

    @property
    def exports_dir(self) -> Path:
        """Return the project's exports folder (it may not exist yet)."""
        return self.project.exports_dir

    def exports(self) -> list[Path]:
        """Return the files in the project's exports folder, newest first (no symlinks)."""
        folder = self.exports_dir
        files = [p for p in folder.glob("*") if p.is_file() and not p.is_symlink()] if folder.is_dir() else []
        return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)

    def _config(self, thread: str) -> dict[str, Any]:
        return {"configurable": {"thread_id": thread}, "recursion_limit": RECURSION_LIMIT}

    async def pending(self, thread: str) -> ApprovalEvent | None:
        """Return the approval a thread is waiting for, or None."""
        return await waiting_approval(self.graph, self._config(thread), thread)

    # -- jobs ----------------------------------------------------------------------------------

    @property
    def jobs(self) -> Any:
        """Return the project's jobs (a JobService; with the embedded queue its workers run in this process)."""
        if self._jobs is None:
            from agent.jobs import JobService  # deferred: the job queue loads only for a project that runs jobs

            self._jobs = JobService(self.project, self.settings)
        return self._jobs

    def enable_jobs(self) -> None:
        """Run long work (stills batches) as jobs: the turn returns at once and the result comes back later.

        A server calls this at start-up (its embedded workers then run in this process); with
        REELSMITH_QUEUE_URL it is on from the start. Without it, batches run inside the turn, as a
        one-shot CLI needs (nothing would be left running to finish a job).
        """
        if self._ctx is not None:
            self._ctx.jobs = _SessionJobs(self)
        self.jobs.start_workers()

    def start_job(self, thread: str | None, kind: str, args: dict[str, Any], *,
                  settings: Settings | None = None) -> dict[str, Any]:
        """Start a job for a thread (the same request again returns the same job); raise ProjectError on bad input."""
        from agent.jobs import settings_overrides  # deferred: the job queue loads only for a project that runs jobs
        from agent.tools import ToolContext

        ctx = ToolContext(project=self.project, settings=settings or self.settings)
        view, _created = self.jobs.start(kind, args, thread=thread, ctx=ctx,
                                         overrides=settings_overrides(self.settings, settings))
        return dict(view)

    def list_jobs(self, thread: str | None = None, *, limit: int = 100) -> list[dict[str, Any]]:
        """Return jobs newest first (one thread's, or all), each in the ``reelsmith jobs --json`` shape."""
        return list(self.jobs.list(thread=thread, limit=limit))

    def job(self, job_id: int) -> dict[str, Any]:
        """Return one job, with its result once it has one (raise NotFoundError)."""
        return dict(self.jobs.get(job_id))

    def cancel_job(self, job_id: int) -> dict[str, Any]:
        """Cancel an unfinished job: running steps finish, the rest never start (raise ProjectError otherwise)."""
        return dict(self.jobs.cancel(job_id))

    async def deliver(self, thread: str, *, settings: Settings | None = None) -> AsyncIterator[ChatEvent]:
        """Bring this thread's finished jobs into it: at most one batch approval, plus notices of the others.

        Call it when the thread is idle (after a turn, or when a job card sees its job finish). A thread
        already waiting for a decision gets nothing new until it is answered; each result is delivered once,
        even with several servers.
        """
        # Deferred: the job queue loads only for a project that runs jobs.
        from agent.jobs.delivery import HANDOFF_NODE, handoff_for, notice_for

        store = self.jobs.store
        for job in reversed(store.recent(thread=thread)):
            if job.delivered_at is not None or job.status in ("queued", "running"):
                continue
            if job.status != "waiting_approval":
                if store.mark_delivered(job.id):
                    for event in notice_for(job):
                        yield event
                continue
            if await self.pending(thread) is not None or not store.mark_delivered(job.id):
                continue
            await self.graph.aupdate_state(self._config(thread), handoff_for(job), as_node=HANDOFF_NODE)
            yield {"type": "job", "id": job.id, "kind": job.kind, "status": job.status, "label": job.label,
                   "error": ""}
            async for event in self._stream(thread, None, settings):
                yield event

    def _settle_jobs(self, thread: str) -> None:
        """Close this thread's delivered batch jobs once their stills are decided (the approval was answered)."""
        store = self.jobs.store
        for job in store.recent(thread=thread):
            if job.status != "waiting_approval" or job.delivered_at is None:
                continue
            links = [int(i["link"]) for i in job.result.get("items", []) if "link" in i]
            with self.project.read() as s:
                statuses = {link.status for link in (s.get(AssetLink, i) for i in links) if link is not None}
            if statuses and "pending" not in statuses:
                store.settle(job.id, {"decision": "approved" if statuses == {"approved"} else "rejected"})

    # -- talking -------------------------------------------------------------------------------

    async def send(self, thread: str, text: str, *, settings: Settings | None = None) -> AsyncIterator[ChatEvent]:
        """Send a film-maker's message; yield events. While an approval is pending, text answers it."""
        text = text.strip()
        if not text:
            yield {"type": "error", "text": "Error: the message is empty."}
            return
        if len(text) > MAX_MESSAGE_CHARS:
            yield {"type": "error", "text": f"Error: the message has {len(text):,} characters; the limit is "
                   f"{MAX_MESSAGE_CHARS:,}. Attach long screenplays as a .fountain file instead."}
            return
        waiting = await self.pending(thread)
        if waiting is not None:
            decision, note = _parse_decision(text)
            if decision == "reject" and "reject" not in waiting["options"]:
                decision = "cancel"  # "no" to an ask-first question is a cancel
            if decision is None or decision not in waiting["options"] + ["cancel"]:
                options = ", ".join(waiting["options"])
                yield {"type": "message", "author": "Reelsmith",
                       "text": f"I'm waiting for your decision on: {waiting['title']}. Answer {options} "
                               f"(or cancel) before we move on."}
                yield waiting
                return
            async for event in self.resume(thread, decision, note, settings=settings):
                yield event
            return
        from langchain_core.messages import HumanMessage

        async for event in self._stream(thread, {"messages": [HumanMessage(text)], "turn_tokens": -1}, settings):
            yield event

    async def resume(self, thread: str, decision: str, note: str | None = None, *,
                     settings: Settings | None = None) -> AsyncIterator[ChatEvent]:
        """Answer a pending approval and continue the turn."""
        waiting = await self.pending(thread)
        if waiting is None:
            yield {"type": "error", "text": "Error: nothing is waiting for a decision in this conversation."}
            return
        if decision == "reject" and "reject" not in waiting["options"]:
            decision = "cancel"  # "no" to an ask-first question (delete, restore, bulk undo) is a cancel
        if decision not in waiting["options"] and decision != "cancel":
            yield {"type": "error", "text": f"Error: '{decision}' is not an option here; choose one of "
                   f"{', '.join(waiting['options'])}."}
            return
        from langgraph.types import Command

        async for event in self._stream(thread, Command(resume={"decision": decision, "note": note or ""}), settings):
            yield event
        self._settle_jobs(thread)  # a batch job whose approval this was is done now

    async def run(self, thread: str, text: str | None = None, *, decision: str | None = None,
                  note: str | None = None, settings: Settings | None = None) -> TurnResult:
        """Run one turn to the end (or to an approval) and collect its events."""
        result = TurnResult()
        start = time.perf_counter()
        stream = (self.send(thread, text or "", settings=settings) if decision is None
                  else self.resume(thread, decision, note, settings=settings))
        async for event in stream:
            result.events.append(event)
            if event["type"] == "message":
                result.texts.append(event["text"])
            elif event["type"] == "tool":
                result.tool_calls.append({"name": event["name"], "args": event["args"]})
            elif event["type"] == "route":
                result.route.append(event["specialist"])
            elif event["type"] == "approval":
                result.approval = event
            elif event["type"] == "usage":
                result.tokens += int(event["tokens"])
            elif event["type"] == "error":
                result.error = event["text"]
                result.recursion_limit_hit = bool(event.get("recursion_limit"))
        result.latency_ms = (time.perf_counter() - start) * 1000
        return result

    async def _stream(self, thread: str, payload: Any, settings: Settings | None = None) -> AsyncIterator[ChatEvent]:
        model = (settings or self.settings).model
        context = self._turn(settings)
        async for event in self._stream_graph(self.graph, thread, payload, context,
                                              tokens=context.profile.stream_tokens):
            if event["type"] == "usage":
                self._record_cost(model, event)
            yield event

    async def _stream_graph(self, graph: Any, thread: str, payload: Any, context: TurnContext, *,
                            tokens: bool = False) -> AsyncIterator[ChatEvent]:
        from langgraph.errors import GraphRecursionError

        modes = ["updates", "custom", "messages"] if tokens else ["updates", "custom"]
        try:
            # The chat's settings travel as the run's context: its tools see them, other chats' runs don't.
            # subgraphs=True: each specialist is a subgraph, and its steps (tool calls, results) are its own.
            stream = graph.astream(payload, self._config(thread), stream_mode=modes, context=context, subgraphs=True)
            async for namespace, mode, update in stream:
                specialist = _specialist_of(namespace)
                if mode == "messages":
                    token = _token_event(update, specialist)
                    if token is not None:
                        yield token
                    continue
                if mode == "custom":
                    if isinstance(update, dict) and "progress" in update:
                        yield progress_event(update["progress"])
                    continue
                for node, value in update.items():
                    for event in self._events(thread, specialist, node, value):
                        yield event
        except GraphRecursionError:
            yield {"type": "error", "recursion_limit": True,
                   "text": "Error: that took too many steps; I stopped. Try a smaller request."}

    def _record_cost(self, model: str, usage: UsageEvent) -> None:
        """Price one chat-model call from its tokens and append it to the ledger (free calls are not noted)."""
        from agent.generators.costs import PriceError, chat_cost  # deferred: the price tables load only to price a call

        if model.strip().lower() == "offline":
            return
        try:
            cost = chat_cost(model, int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0)),
                             prices=_prices(self.settings))
        except PriceError:
            return  # a price table without chat prices: the call is simply not priced
        if cost > 0:
            record_model_call(self.project, model=model, cost_usd=cost)
        usage["cost_usd"] = cost

    def _events(self, thread: str, specialist: Specialist | None, node: str, value: Any) -> list[ChatEvent]:
        """Turn one node's update into events: the supervisor's messages, or a specialist's own steps.

        ``specialist`` is the specialist whose subgraph the update comes from (None for the parent graph).
        The parent's specialist nodes only close handoffs (their steps came from the subgraph already), and an
        interrupt is reported once, by the parent graph.
        """
        if node == "__interrupt__":
            events: list[ChatEvent] = []
            for intr in value if specialist is None else ():
                approval = approval_event(thread, intr.value)
                for preview in approval["previews"] or ([approval["preview"]] if approval["preview"] else []):
                    events.append(preview_event(preview))
                events.append(approval)
            return events
        if not isinstance(value, dict) or (specialist is None and node != "supervisor"):
            return []
        from langchain_core.messages import AIMessage, ToolMessage

        out: list[ChatEvent] = []
        author = "Reelsmith" if specialist is None else specialist
        key = "messages" if specialist is None else "inner"
        for msg in value.get(key, []):
            if isinstance(msg, AIMessage):
                out.extend(_ai_events(msg, author))
            elif isinstance(msg, ToolMessage):
                out.append({"type": "tool_result", "name": msg.name, "text": str(msg.content), "author": author})
                artifact = msg.artifact if isinstance(msg.artifact, dict) else None
                if artifact and artifact.get("path"):
                    out.append(preview_event(artifact))
                elif artifact and isinstance(artifact.get("job"), dict):
                    out.append(job_event(artifact["job"]))  # the UI shows a job card
        return out

    # -- the write API (agent/api_write.py) ------------------------------------------------------
    # Kept together at the end of the class so it merges apart from other work on the session.

    @property
    def direct(self) -> DirectCalls:
        """Return the door for calling one tool by name, outside any chat model (the write API's)."""
        from agent.session_direct import DirectCalls
        from agent.tools import ToolContext

        found: DirectCalls | None = getattr(self, "_direct", None)
        if found is None:
            ctx = self._ctx or ToolContext(project=self.project, settings=self.settings)
            found = self._direct = DirectCalls(ctx=ctx, checkpointer=self.graph.checkpointer, jobs=lambda: self.jobs)
        return found

    async def pending_any(self, thread: str) -> ApprovalEvent | None:
        """Return the approval any thread waits for: a chat's, or a direct call's."""
        from agent.session_direct import DIRECT_PREFIX

        if thread.startswith(DIRECT_PREFIX):
            return await self.direct.pending(thread)
        return await self.pending(thread)

    def settle_jobs(self, thread: str) -> None:
        """Close this thread's delivered batch jobs whose stills are all decided."""
        self._settle_jobs(thread)


class _SessionJobs:
    """The tools' door to the job queue: the running conversation's thread and settings go with each job."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _ctx(self) -> ToolContext:
        from agent.graphs import turn_settings
        from agent.tools import ToolContext

        settings = turn_settings() or self._session.settings
        return ToolContext(project=self._session.project, settings=settings)

    def find(self, kind: str, args: dict[str, Any]) -> dict[str, Any] | None:
        """Return the job already made for this request, or None."""
        found: dict[str, Any] | None = self._session.jobs.find(kind, args, ctx=self._ctx())
        return found

    def start(self, kind: str, args: dict[str, Any]) -> dict[str, Any]:
        """Start a job for the running conversation."""
        from agent.graphs import turn_settings
        from agent.tools.base import thread_of_run

        return self._session.start_job(thread_of_run(), kind, args, settings=turn_settings())


def _prices(settings: Settings) -> Any:
    from agent.generators.costs import load_prices  # deferred: the price tables load only to price a call

    return load_prices(settings.prices_file)


def _local_embed(texts: Any) -> Any:
    """Embed texts with the local model (scene descriptions are matched by meaning, offline)."""
    # Deferred: the embedding model loads only when a request is embedded.
    from agent.index.embeddings import get_local_embedder

    return get_local_embedder().embed(texts)


def _stepwise() -> TurnProfile:
    from agent.llm.profile import STEPWISE

    return STEPWISE


def _load_model(settings: Settings) -> BaseChatModel:
    from agent.llm import load_chat_model  # deferred: a model's client loads only when a chat talks to it

    return load_chat_model(settings)


def _specialist_of(namespace: tuple[str, ...]) -> Specialist | None:
    """Return the specialist whose subgraph streamed an item, or None for the parent graph.

    LangGraph names a subgraph's items by the path of parent nodes, each ``node:task-id``; a specialist's
    node in the parent graph is the specialist itself.
    """
    if not namespace:
        return None
    node = namespace[0].partition(":")[0]
    return next((name for name in SPECIALISTS if name == node), None)


def _token_event(update: Any, specialist: Specialist | None) -> TokenEvent | None:
    """Turn a streamed model chunk into a ``token`` event (text only; tool-call chunks stay hidden)."""
    from langchain_core.messages import AIMessageChunk

    chunk = update[0] if isinstance(update, tuple) and len(update) == 2 else update
    if not isinstance(chunk, AIMessageChunk) or chunk.tool_call_chunks:
        return None
    text = chunk.content if isinstance(chunk.content, str) else "".join(
        part.get("text", "") for part in chunk.content if isinstance(part, dict))
    if not text:
        return None
    return {"type": "token", "text": text, "author": specialist or "Reelsmith", "message_id": chunk.id}


def _ai_events(msg: AIMessage, author: str) -> list[ChatEvent]:
    from agent.graphs import handoff_target

    out: list[ChatEvent] = []
    usage: dict[str, Any] = dict(msg.usage_metadata or {})
    if usage:
        out.append({"type": "usage", "tokens": int(usage.get("total_tokens", 0)), "author": author,
                    "prompt_tokens": int(usage.get("input_tokens", 0)),
                    "completion_tokens": int(usage.get("output_tokens", 0))})
    routed = False
    for call in msg.tool_calls:
        target = handoff_target(call["name"])
        if target is not None:
            if not routed:  # only a reply's first handoff runs now (the graph answers the others "not started")
                out.append({"type": "route", "specialist": target, "task": call["args"].get("task", "")})
            routed = True
        else:
            out.append({"type": "tool", "name": call["name"], "args": call["args"], "author": author})
    text = msg.content if isinstance(msg.content, str) else " ".join(
        part.get("text", "") for part in msg.content if isinstance(part, dict))
    if text.strip() and not msg.tool_calls:
        event: MessageEvent = {"type": "message", "text": text.strip(), "author": author, "message_id": msg.id}
        options = msg.additional_kwargs.get("options") if isinstance(msg.additional_kwargs, dict) else None
        if options:
            event["options"] = [dict(o) for o in options if isinstance(o, dict)]
        out.append(event)
    return out


_NOTE = re.compile(r"^(?P<word>[a-z' ]+?)\s*(?:[:,\-—–]\s*|\s+with note\s+|\s+because\s+)(?P<note>.+)$", re.I | re.S)


def _parse_decision(text: str) -> tuple[str | None, str]:
    """Read a typed answer to an approval ('approve', 'yes please', 'nah, too bright', 'another one')."""
    said = text.strip().replace("’", "'")
    cleaned = _POLITE.sub("", said.rstrip(".! ")).lower()
    if cleaned in _DECISION_WORDS:
        return _DECISION_WORDS[cleaned], ""
    m = _NOTE.match(said)
    word = _POLITE.sub("", m.group("word").strip()).lower() if m else ""
    if m and word in _DECISION_WORDS:
        return _DECISION_WORDS[word], m.group("note").strip()
    return None, ""
