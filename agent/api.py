"""A small REST API over the open project: reads (snapshot, scenes, shots, assets, history, exports), and writes.

The router knows nothing about Chainlit: ``app.py`` mounts it on Chainlit's FastAPI app. Every route
goes through the project's one :class:`agent.session.Session`; the write routes (``agent.api_write``)
call the agents' own tools through it, so history, approvals, budgets and conflicts apply.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import FileResponse

from agent.accounts import project_key
from agent.accounts_live import AccountsSource
from agent.api_access import ApiAccess
from agent.api_write import SessionSource, add_write_routes

__all__ = ["build_router", "SessionSource"]
"""Returns the project's open session (the UI hands over its one shared session)."""

def _is_regular(path: Path) -> bool:
    """Tell whether ``path`` itself (not what a symlink points at) is a regular file."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except (OSError, ValueError):
        return False


def _export_file(folder: Path, name: str) -> Path:
    """Resolve ``name`` to a regular file directly inside the exports folder, refusing anything that leaves it."""
    root = folder.resolve()
    # A NUL makes the OS calls raise (a 500); other control characters have no place in an export's name.
    bad = not name or "/" in name or "\\" in name or name in (".", "..")
    if bad or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise HTTPException(400, "give a plain file name from the exports folder")
    target = root / name
    if target.resolve().parent != root:
        raise HTTPException(400, "give a plain file name from the exports folder")
    if not _is_regular(target):  # a symlink could lead anywhere, so it is never an export
        raise HTTPException(404, f"no export named {name}")
    return target


def build_router(source: SessionSource, *, password: str | None = None, writes: bool = False,
                 accounts: AccountsSource | None = None) -> APIRouter:
    """Build the ``/api`` router; with a password every route asks for HTTP Basic auth (any user name).

    With ``accounts`` (asked per request: a user added while the server runs counts at once) every route asks
    for a user's own name and password and works on one of that user's projects (``?project=KEY``;
    ``agent.api_access``); ``source`` then returns the granted project's session.
    With ``writes`` the write routes are added too (``agent.api_write``); without, the API only reads.
    """
    access = ApiAccess(password=password, accounts=accounts or (lambda: None))
    router = APIRouter(prefix="/api", tags=["reelsmith"], dependencies=[Depends(access.dependency())])

    @router.get("/projects", summary="The projects you may use, with the keys ?project= takes")
    async def get_projects() -> list[dict[str, object]]:
        if access.accounts() is not None:
            return access.projects()
        path = (await source()).project.path
        return [{"key": project_key(path), "name": path.name, "owner": None, "shared": False}]

    async def _snapshot() -> dict[str, Any]:
        return (await source()).snapshot()

    @router.get("/snapshot", summary="The project snapshot (the `reelsmith status --json` shape)")
    async def get_snapshot() -> dict[str, Any]:
        return await _snapshot()

    @router.get("/scenes", summary="The scenes of the screenplay, in order")
    async def get_scenes() -> list[dict[str, Any]]:
        return list((await _snapshot())["scenes"])

    @router.get("/shots", summary="The shots, optionally of one scene")
    async def get_shots(scene: int | None = Query(None, ge=1)) -> list[dict[str, Any]]:
        shots = (await _snapshot())["shots"]
        return [s for s in shots if scene is None or s["scene"] == scene]

    @router.get("/assets", summary="The stored assets, optionally of one kind")
    async def get_assets(
        kind: str | None = Query(None, max_length=16), limit: int = Query(500, ge=1, le=5000)
    ) -> list[dict[str, Any]]:
        return (await source()).assets(kind=kind, limit=limit)

    @router.get("/history", summary="The change log, newest first")
    async def get_history(limit: int = Query(50, ge=1, le=1000)) -> list[dict[str, Any]]:
        return (await source()).history(limit=limit)

    @router.get("/exports", summary="The files in the project's exports folder")
    async def list_exports() -> list[dict[str, Any]]:
        folder = (await source()).exports_dir
        files = sorted(p for p in folder.iterdir() if _is_regular(p)) if folder.is_dir() else []
        return [{"name": p.name, "size": p.stat().st_size} for p in files]

    @router.get("/exports/{name}", summary="Download one file from the exports folder", response_class=FileResponse)
    async def get_export(name: str) -> FileResponse:
        path = _export_file((await source()).exports_dir, name)
        return FileResponse(path, filename=path.name)

    if writes:
        add_write_routes(router, source)
    return router
