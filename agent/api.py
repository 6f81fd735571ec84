"""A small REST API over the open project: reads (snapshot, scenes, shots, assets, history, exports) and writes.

The router knows nothing about Chainlit: ``app.py`` mounts it on Chainlit's FastAPI app. The read routes
read through ``agent.project``; the write routes (``agent.api_write``, given a session) go through the
session and the agents' tools.
"""

from __future__ import annotations

import secrets
import stat
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import FileResponse
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from sqlalchemy import select

from agent.api_write import SessionSource, add_write_routes
from agent.config import Settings
from agent.project import Project, history, snapshot
from agent.project.schema import Asset

__all__ = ["build_router", "ProjectSource"]

ProjectSource = Callable[[], Awaitable[tuple[Project, Settings]]]
"""Returns the open project and the settings (the UI hands over its shared session's)."""

_basic = HTTPBasic(auto_error=False)
_CREDENTIALS = Depends(_basic)


def _auth(password: str | None) -> Callable[[HTTPBasicCredentials | None], None]:
    def check(credentials: HTTPBasicCredentials | None = _CREDENTIALS) -> None:
        if password is None:
            return
        given = credentials.password if credentials is not None else ""
        if not secrets.compare_digest(given.encode(), password.encode()):
            raise HTTPException(401, "a password is required", headers={"WWW-Authenticate": "Basic"})

    return check


def _asset_rows(project: Project, kind: str | None, limit: int) -> list[dict[str, Any]]:
    with project.read() as s:
        query = select(Asset).order_by(Asset.id)
        if kind:
            query = query.where(Asset.kind == kind)
        rows = s.scalars(query.limit(limit))
        return [
            {"id": a.id, "sha256": a.sha256, "kind": a.kind, "mime": a.mime, "size": a.size, "path": a.path,
             "description": a.description, "tags": list(a.tags or []), "created_at": a.created_at.isoformat(),
             "tech": (a.meta or {}).get("tech") or {}}
            for a in rows
        ]  # fmt: skip


def _is_regular(path: Path) -> bool:
    """Tell whether ``path`` itself (not what a symlink points at) is a regular file."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except (OSError, ValueError):
        return False


def _export_file(project: Project, name: str) -> Path:
    """Resolve ``name`` to a regular file directly inside the exports folder, refusing anything that leaves it."""
    root = project.exports_dir.resolve()
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


def build_router(source: ProjectSource, *, password: str | None = None,
                 sessions: SessionSource | None = None) -> APIRouter:
    """Build the ``/api`` router; with a password every route asks for HTTP Basic auth (any user name).

    With ``sessions`` the write routes are added too (``agent.api_write``); without, the API only reads.
    """
    router = APIRouter(prefix="/api", tags=["reelsmith"], dependencies=[Depends(_auth(password))])

    async def _snapshot() -> dict[str, Any]:
        project, settings = await source()
        return snapshot(project, budget_usd=settings.budget_usd)

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
        project, _ = await source()
        return _asset_rows(project, kind, limit)

    @router.get("/history", summary="The change log, newest first")
    async def get_history(limit: int = Query(50, ge=1, le=1000)) -> list[dict[str, Any]]:
        project, _ = await source()
        with project.read() as s:
            return [asdict(c) for c in history.list_changes(s, limit=limit)]

    @router.get("/exports", summary="The files in the project's exports folder")
    async def list_exports() -> list[dict[str, Any]]:
        project, _ = await source()
        folder = project.exports_dir
        files = sorted(p for p in folder.iterdir() if _is_regular(p)) if folder.is_dir() else []
        return [{"name": p.name, "size": p.stat().st_size} for p in files]

    @router.get("/exports/{name}", summary="Download one file from the exports folder", response_class=FileResponse)
    async def get_export(name: str) -> FileResponse:
        project, _ = await source()
        path = _export_file(project, name)
        return FileResponse(path, filename=path.name)

    if sessions is not None:
        add_write_routes(router, sessions)
    return router
