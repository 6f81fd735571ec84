"""The write half of ``/api``: scenes, cast, locations, props, asset uploads, jobs and approvals.

Every route goes through the session: a change is one call of the tool an agent would call
(``Session.direct``), so history (with the call's thread, for undo), approvals, budgets and conflict checks
are the agents' own. A route never writes the store itself. Expected failures answer 4xx with one line and
change nothing; a tool that asks a person answers 202 with the approval, which ``/api/approvals`` lists
and answers. ``If-Match`` (a version, as the read routes give it) makes a rewrite or revision refuse with 409
when someone changed the thing since.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Literal

from fastapi import APIRouter, File, Form, Header, HTTPException, Path, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field

from agent.api_access import chat_threads_visible
from agent.events import ApprovalEvent
from agent.redaction import redact
from agent.session import DECISIONS, Session
from agent.session_direct import DIRECT_PREFIX, CallOutcome, new_thread
from agent.tools.base import EXPECTED_ERRORS

__all__ = ["SessionSource", "add_write_routes"]

SessionSource = Callable[[], Awaitable[Session]]
"""Returns the open session (the UI hands over its shared one)."""

EntityKind = Literal["character", "location", "prop"]
_STATUS_OF_ERROR = {"NotFoundError": 404, "ConflictError": 409, "BudgetExceeded": 402}
_CONFLICT_WORDS = ("changed since", "keeps changing")
_NAME = Field(min_length=1, max_length=200)


class _Body(BaseModel):
    """A request body; a misspelt field is refused rather than ignored."""

    model_config = ConfigDict(extra="forbid")  # a misspelt field is a 422, never silently ignored


class NewScene(_Body):
    """A new scene."""

    heading: str = Field(min_length=1, max_length=300, description="Scene heading, e.g. 'INT. KITCHEN - NIGHT'.")
    content: str = Field(max_length=100_000, description="The scene body in Fountain.")
    after_scene: int | None = Field(None, ge=0, description="Insert after this scene; default at the end.")


class SceneText(_Body):
    """A scene's new text."""

    content: str = Field(min_length=1, max_length=100_000, description="The complete new body (no heading).")
    direction: str = Field("edit", min_length=1, max_length=200, description="How it changed, for the history.")
    expected_version: int | None = Field(None, ge=1, description="Same as If-Match: the version this text is based on.")


class SceneHeading(_Body):
    """A new time of day or setting for a scene's heading."""

    time_of_day: str | None = Field(None, min_length=1, max_length=40, description="DAY, NIGHT, DAWN...")
    setting: Literal["INT", "EXT", "INT/EXT"] | None = None


class SceneMove(_Body):
    """Where a scene goes."""

    to_position: int = Field(ge=1, description="The number the scene should have afterwards.")


class SceneSwap(_Body):
    """Two scenes to swap."""

    first: int = Field(ge=1)
    second: int = Field(ge=1)


class NewEntity(_Body):
    """A new character, location or prop."""

    name: str = _NAME
    description: str = Field("", max_length=20_000)


class EntityChange(_Body):
    """One change to a character, location or prop: a description or a name."""

    description: str | None = Field(None, max_length=20_000, description="The new description.")
    name: str | None = Field(None, min_length=1, max_length=200, description="A new name (characters, locations).")
    expected_version: int | None = Field(None, ge=1, description="Same as If-Match.")


class NewJob(_Body):
    """A job to start; ``scene``/``shot`` for stills and clips, ``format``/``out`` for exports."""

    kind: Literal["stills_batch", "video", "render", "export"]
    scene: int | None = Field(None, ge=1)
    shot: int | None = Field(None, ge=1)
    animatic: bool | None = None
    format: str | None = Field(None, max_length=40)
    out: str | None = Field(None, max_length=120)


class Decision(_Body):
    """An answer to a pending approval."""

    decision: str = Field(description=f"One of the approval's options: {', '.join(DECISIONS)}.")
    note: str = Field("", max_length=2_000)


class _OneLineErrors(APIRoute):
    """A route whose malformed requests answer 422 with one line, not FastAPI's list of error objects."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's handler so a validation failure reads as one line."""
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                return JSONResponse({"detail": _validation_line(exc)}, status_code=422)

        return run


def _validation_line(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(p) for p in error.get("loc", ())[1:]) or "request"
        parts.append(f"{where}: {str(error.get('msg', 'invalid')).splitlines()[0]}")
    return "; ".join(parts) or "the request is malformed"


def _one_line(text: str) -> str:
    line = text.removeprefix("Error:").strip().splitlines()
    return line[0] if line else "the request failed"


def _status_of(outcome: CallOutcome) -> int:
    if outcome.error_type in _STATUS_OF_ERROR:
        return _STATUS_OF_ERROR[outcome.error_type]
    return 409 if any(w in outcome.text for w in _CONFLICT_WORDS) else 400


def _answer(outcome: CallOutcome, *, created: bool = False) -> JSONResponse:
    """Turn an outcome into a response: 200/201 done, 202 waiting for a decision, 4xx an expected failure."""
    if outcome.status == "error":
        raise HTTPException(_status_of(outcome), _one_line(outcome.text))
    body: dict[str, Any] = {"status": outcome.status, "thread": outcome.thread, "message": outcome.text}
    if outcome.approval is not None:
        body["approval"] = outcome.approval
    job = (outcome.artifact or {}).get("job")
    if isinstance(job, dict):
        body["job"] = job
    code = 202 if outcome.status == "waiting_approval" or "job" in body else 201 if created else 200
    return JSONResponse(body, status_code=code)


def _version(if_match: str | None, body_version: int | None) -> int | None:
    """Read ``If-Match`` (``3``, ``"3"`` or ``W/"3"``); it must agree with a version given in the body."""
    if if_match is None:
        return body_version
    raw = if_match.strip().removeprefix("W/").strip('"')
    if not raw.isdigit() or int(raw) < 1:
        raise HTTPException(400, "If-Match takes the version number the change is based on, e.g. \"3\"")
    if body_version is not None and body_version != int(raw):
        raise HTTPException(400, "If-Match and expected_version disagree")
    return int(raw)


def _project_error(exc: BaseException) -> HTTPException:
    return HTTPException(_STATUS_OF_ERROR.get(type(exc).__name__, 400), _one_line(redact(exc)))


def add_write_routes(parent: APIRouter, sessions: SessionSource) -> None:  # noqa: C901 - one closure per route
    """Add the write routes to the ``/api`` router (its auth dependency covers them)."""
    router = APIRouter(route_class=_OneLineErrors)

    async def call(tool: str, args: dict[str, Any], *, created: bool = False) -> JSONResponse:
        session = await sessions()
        return _answer(await session.direct.call(tool, args), created=created)

    # -- scenes ------------------------------------------------------------------------------

    @router.post("/scenes", status_code=201, summary="Write a new scene (tool write_scene)")
    async def create_scene(body: NewScene) -> JSONResponse:
        return await call("write_scene", body.model_dump(exclude_none=True), created=True)

    @router.put("/scenes/{number}", summary="Rewrite a scene's text as a new version (tool rewrite_scene)")
    async def rewrite_scene(body: SceneText, number: int = Path(ge=1),
                            if_match: str | None = Header(None)) -> JSONResponse:
        version = _version(if_match, body.expected_version)
        args = {"scene_number": number, "direction": body.direction, "content": body.content,
                "expected_version": version}
        return await call("rewrite_scene", args)

    @router.patch("/scenes/{number}", summary="Change a scene heading's time of day or INT/EXT")
    async def set_heading(body: SceneHeading, number: int = Path(ge=1)) -> JSONResponse:
        if body.time_of_day is None and body.setting is None:
            raise HTTPException(400, "give time_of_day or setting")
        return await call("set_scene_heading", {"scene_number": number, **body.model_dump(exclude_none=True)})

    @router.post("/scenes/{number}/move", summary="Move a scene to another position (tool move_scene)")
    async def move_scene(body: SceneMove, number: int = Path(ge=1)) -> JSONResponse:
        return await call("move_scene", {"scene_number": number, "to_position": body.to_position})

    @router.post("/scenes/swap", summary="Swap two scenes (tool swap_scenes)")
    async def swap_scenes(body: SceneSwap) -> JSONResponse:
        if body.first == body.second:
            raise HTTPException(400, "give two different scenes to swap")
        return await call("swap_scenes", body.model_dump())

    # -- cast, locations, props ----------------------------------------------------------------

    def entity_routes(kind: EntityKind, plural: str, *, renames: bool) -> None:
        @router.post(f"/{plural}", status_code=201, summary=f"Add a {kind} (tool add_{kind})",
                     name=f"add_{kind}")
        async def add(body: NewEntity) -> JSONResponse:
            return await call(f"add_{kind}", body.model_dump(), created=True)

        @router.patch(f"/{plural}/{{name}}", name=f"change_{kind}",
                      summary=f"Revise a {kind}'s description (revise_{kind})"
                              + (f" or rename it (rename_{kind})" if renames else ""))
        async def change(body: EntityChange, name: str = Path(min_length=1, max_length=200),
                         if_match: str | None = Header(None)) -> JSONResponse:
            version = _version(if_match, body.expected_version)
            if (body.description is None) == (body.name is None):
                raise HTTPException(400, "give either a new description or a new name (one change at a time)")
            if body.name is not None:
                if not renames:
                    raise HTTPException(400, f"a {kind} cannot be renamed here")
                if version is not None:
                    raise HTTPException(400, "a rename takes no version (it is checked against every scene)")
                return await call(f"rename_{kind}", {"old_name": name, "new_name": body.name})
            args = {"name": name, "description": body.description, "based_on_version": version}
            return await call(f"revise_{kind}", args)

    entity_routes("character", "characters", renames=True)
    entity_routes("location", "locations", renames=True)
    entity_routes("prop", "props", renames=False)

    # -- assets ----------------------------------------------------------------------------------

    @router.post("/assets", status_code=201, summary="Upload an image or sound into the asset library")
    async def upload_asset(file: UploadFile = File(...),  # noqa: B008 - FastAPI's declaration style
                           for_name: str | None = Form(None, max_length=200)) -> JSONResponse:
        session = await sessions()
        limit = session.settings.max_upload_bytes
        data = await file.read(limit + 1)  # never more than one byte past the limit in memory
        try:
            result = await run_in_threadpool(session.direct.upload, file.filename or "", data, for_name)
        except EXPECTED_ERRORS as exc:
            raise _project_error(exc) from None
        return JSONResponse(result, status_code=201)

    # -- jobs ------------------------------------------------------------------------------------

    @router.post("/jobs", status_code=202, summary="Start a generation job (stills batch, clip, render, export)")
    async def start_job(body: NewJob) -> JSONResponse:
        session = await sessions()
        args = body.model_dump(exclude_none=True, exclude={"kind"})
        try:
            view = await run_in_threadpool(session.start_job, new_thread(), body.kind, args)
        except EXPECTED_ERRORS as exc:
            raise _project_error(exc) from None
        return JSONResponse(view, status_code=202)

    @router.get("/jobs", summary="Jobs, newest first (the `reelsmith jobs --json` shape)")
    async def list_jobs() -> dict[str, Any]:
        return {"jobs": (await sessions()).list_jobs()}

    @router.get("/jobs/{job_id}", summary="One job's status, progress and result")
    async def get_job(job_id: int = Path(ge=1)) -> dict[str, Any]:
        try:
            return (await sessions()).job(job_id)
        except EXPECTED_ERRORS as exc:
            raise _project_error(exc) from None

    @router.post("/jobs/{job_id}/cancel", summary="Cancel an unfinished job")
    async def cancel_job(job_id: int = Path(ge=1)) -> dict[str, Any]:
        try:
            return (await sessions()).cancel_job(job_id)
        except EXPECTED_ERRORS as exc:
            raise _project_error(exc) from None

    # -- approvals -------------------------------------------------------------------------------

    @router.get("/approvals", summary="Decisions waiting: the API's calls and jobs, and every chat's")
    async def list_approvals() -> list[ApprovalEvent]:
        session = await sessions()
        await session.direct.deliver_jobs()  # API jobs that finished ask their approval now
        found = []
        for thread in await session.direct.recent_threads():
            if not (chat_threads_visible() or thread.startswith(DIRECT_PREFIX)):
                continue  # with accounts a chat's approval is its user's, answered in that chat
            waiting = await session.pending_any(thread)
            if waiting is not None:
                found.append(waiting)
        return found

    @router.post("/approvals/{thread}", summary="Answer a pending approval (approve, reject, regenerate, cancel)")
    async def decide(body: Decision, thread: str = Path(min_length=1, max_length=200)) -> JSONResponse:
        session = await sessions()
        mine = chat_threads_visible() or thread.startswith(DIRECT_PREFIX)
        waiting = await session.pending_any(thread) if mine else None
        if waiting is None:
            raise HTTPException(404, f"nothing is waiting for a decision in thread {thread}")
        decision = body.decision.strip().lower()
        if decision == "reject" and "reject" not in waiting["options"]:
            decision = "cancel"  # "no" to an ask-first question is a cancel, as in the chat
        if decision not in waiting["options"] and decision != "cancel":
            raise HTTPException(400, f"'{body.decision}' is not an option here; choose one of "
                                f"{', '.join(waiting['options'])} or cancel")
        if thread.startswith(DIRECT_PREFIX):
            outcome = await session.direct.resume(thread, decision, body.note)
            session.settle_jobs(thread)
            return _answer(outcome)
        result = await session.run(thread, decision=decision, note=body.note)
        if result.error:
            raise HTTPException(400, _one_line(result.error))
        status = "waiting_approval" if result.approval is not None else "done"
        return JSONResponse({"status": status, "thread": thread, "message": " ".join(result.texts),
                             **({"approval": result.approval} if result.approval else {})},
                            status_code=202 if result.approval else 200)

    parent.include_router(router)
