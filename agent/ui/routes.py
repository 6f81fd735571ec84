"""The UI's own HTTP routes: chat element files, project assets, exports, the page's limits script."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from chainlit.auth import get_current_user
from chainlit.server import app as _server
from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import FileResponse, Response

from agent.accounts import project_key
from agent.api_access import granted_project, requested_key
from agent.chat_store import FILES_ROUTE
from agent.ui import projects
from agent.ui.limits import LIMITS_ROUTE, limits_script
from agent.ui.login import login_config
from agent.ui.persistence import chat_storage
from agent.ui.runtime import SETTINGS, get_session
from agent.web_guard import MAX_SOCKET_MESSAGE_BYTES
from agent.workspace import ASSET_ROUTE, EXPORT_ROUTE

if TYPE_CHECKING:
    from agent.session import Session

__all__ = ["mount", "session_source", "ui_router"]

_USER = Depends(get_current_user)
"""The logged-in chat user (Chainlit's login cookie); refuses the request without one."""
_PROJECT = Query(None, min_length=1, max_length=64)
"""Which of the server's projects a file URL is of (``agent.accounts.project_key``); needed with accounts."""


async def session_source() -> Session:
    """Return the session the /api works on: the process's one, or with accounts the request's granted project."""
    granted = granted_project()
    if granted is not None:
        return await projects.session_for(granted.path)
    session = await get_session()
    key = requested_key()
    if key is not None and key != project_key(session.project.path):
        raise HTTPException(404, f"no project {key} here")
    return session


async def user_session(user: Any, key: str | None) -> Session:
    """Return the session on the project a file URL names, if this user may use it (else a 404)."""
    accounts = projects.accounts()
    if accounts is None:
        session = await get_session()
        if key is not None and key != project_key(session.project.path):
            raise HTTPException(404, "no such file")
        return session
    ref = accounts.project_for(str(getattr(user, "identifier", "")), key) if key else None
    if ref is None:  # another user's project and no project look the same
        raise HTTPException(404, "no such file")
    return await projects.session_for(ref.path)


def mount(router: APIRouter) -> None:
    """Put routes ahead of Chainlit's catch-all page route so they are reachable."""
    routes = _server.router.routes
    before = len(routes)
    _server.include_router(router)
    added = routes[before:]
    del routes[before:]
    routes[:0] = added


def ui_router() -> APIRouter:
    """Serve chat element files, project assets and exports to a logged-in chat user only."""
    router = APIRouter(include_in_schema=False)
    storage = chat_storage(SETTINGS)

    @router.get(FILES_ROUTE + "/{key:path}")
    async def chat_file(key: str, user: Any = _USER) -> FileResponse:
        try:
            path = storage.path_of(key)
        except ValueError:
            raise HTTPException(404, "no such file") from None
        if not path.is_file() or key.split("/", 1)[0] != str(getattr(user, "id", "")):
            raise HTTPException(404, "no such file")
        return FileResponse(path)

    async def asset_response(user: Any, key: str | None, asset_id: int, thumbnail: bool) -> FileResponse:
        path = (await user_session(user, key)).asset_file(asset_id, thumbnail=thumbnail)
        if path is None:
            raise HTTPException(404, "no such asset")
        return FileResponse(path)

    @router.get(ASSET_ROUTE + "/{asset_id}")
    async def asset(asset_id: int, user: Any = _USER, project: str | None = _PROJECT) -> FileResponse:
        return await asset_response(user, project, asset_id, False)

    @router.get(ASSET_ROUTE + "/{asset_id}/thumb")
    async def thumb(asset_id: int, user: Any = _USER, project: str | None = _PROJECT) -> FileResponse:
        return await asset_response(user, project, asset_id, True)

    @router.get("/auth/config")
    async def auth_config() -> dict[str, Any]:
        return await asyncio.to_thread(login_config)  # ahead of Chainlit's own, which knows nothing of accounts

    @router.get(LIMITS_ROUTE)
    async def limits() -> Response:
        script = limits_script(frame_bytes=MAX_SOCKET_MESSAGE_BYTES, upload_bytes=SETTINGS.max_upload_bytes)
        return Response(script, media_type="text/javascript", headers={"cache-control": "no-store"})

    @router.get(EXPORT_ROUTE + "/{name}")
    async def export(name: str, user: Any = _USER, project: str | None = _PROJECT) -> FileResponse:
        session = await user_session(user, project)
        path = next((p for p in session.exports() if p.name == name), None)
        if path is None:
            raise HTTPException(404, "no such export")
        return FileResponse(path, filename=name)

    return router
