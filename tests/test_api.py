"""The /api router over a real demo project: reads, export downloads, traversal refusal, password."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from agent.api import build_router
from agent.config import load_settings
from agent.project import Project
from agent.session import Session
from agent.ui_server import ensure_project


@pytest.fixture
async def session(tmp_path: Path, tmp_home: Path) -> AsyncIterator[Session]:
    settings = load_settings(budget_usd=5.0)
    ensure_project(tmp_path / "film", settings=settings)
    opened = await Session.open(tmp_path / "film", settings=settings)
    yield opened
    await opened.close()


@pytest.fixture
def project(session: Session) -> Project:
    return session.project


def _client(session: Session, password: str | None = None, *, raise_errors: bool = True) -> TestClient:
    async def source() -> Session:
        return session

    app = FastAPI()
    app.include_router(build_router(source, password=password))
    return TestClient(app, raise_server_exceptions=raise_errors)


def test_reads_snapshot_scenes_shots_assets_history(session: Session, project: Project) -> None:
    client = _client(session)
    snap = client.get("/api/snapshot").json()
    assert snap["name"] == "LOST PROPERTY" and snap["cost"]["budget_usd"] == 5.0
    scenes = client.get("/api/scenes").json()
    assert len(scenes) == 6 and scenes[0]["heading"] == "INT. LOST PROPERTY OFFICE - NIGHT"
    assert client.get("/api/shots").json() == [] and client.get("/api/shots", params={"scene": 1}).json() == []
    assert client.get("/api/shots", params={"scene": 0}).status_code == 422
    assert client.get("/api/assets").json() == []
    history = client.get("/api/history").json()
    assert history[0]["action"] and history[0]["summary"].startswith("Imported")
    assert "/api/exports/{name}" in client.get("/openapi.json").json()["paths"]


def test_assets_are_listed_after_a_store(session: Session, project: Project) -> None:
    import io

    from PIL import Image

    from agent.project import library

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buf, format="PNG")
    png = buf.getvalue()
    stored = library.store_bytes(project, png)
    with project.change(actor="user", action="import_asset", summary="test asset") as ch:
        asset = library.record_asset(ch, stored, description="a test image", metadata={}, tags=["upload"])
        library.link_asset(ch, asset, "project", 1, "upload", status="approved")
    rows = _client(session).get("/api/assets").json()
    assert [(r["kind"], r["mime"], r["description"]) for r in rows] == [("image", "image/png", "a test image")]
    assert _client(session).get("/api/assets", params={"kind": "video"}).json() == []


def test_export_download_and_refusals(session: Session, project: Project) -> None:
    client = _client(session)
    assert client.get("/api/exports").json() == []
    project.exports_dir.mkdir(parents=True, exist_ok=True)
    (project.exports_dir / "cut.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nHi\n")
    (project.path / "secret.txt").write_text("not for download")
    assert client.get("/api/exports").json() == [{"name": "cut.srt", "size": 35}]
    got = client.get("/api/exports/cut.srt")
    assert got.status_code == 200 and got.text.endswith("Hi\n")
    assert client.get("/api/exports/missing.mp4").status_code == 404
    for name in ("..", "..%2Fsecret.txt", "%2E%2E%2Fsecret.txt", "..%5Csecret.txt"):
        res = client.get(f"/api/exports/{name}")
        assert res.status_code in (400, 404), name
        assert "not for download" not in res.text


def test_password_guards_every_route(session: Session, project: Project) -> None:
    client = _client(session, password="s3cret")
    assert client.get("/api/snapshot").status_code == 401
    assert client.get("/api/scenes", auth=("anyone", "wrong")).status_code == 401
    assert client.get("/api/scenes", auth=("anyone", "s3cret")).status_code == 200


def test_odd_export_names_are_a_clean_4xx(session: Session, project: Project) -> None:
    project.exports_dir.mkdir(parents=True, exist_ok=True)
    (project.exports_dir / "cut.srt").write_text("x")
    client = _client(session, raise_errors=False)
    for name in ("cut.srt%00", "%00", "cut%00.srt", "..%00", "cut%0A.srt", "%7F", "a" * 300, "%FF"):
        res = client.get(f"/api/exports/{name}")
        assert res.status_code in (400, 404), (name, res.status_code)


def test_exports_list_and_serve_only_regular_files(session: Session, project: Project) -> None:
    import os

    folder = project.exports_dir
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cut.srt").write_text("subtitles")
    (project.path / "secret.txt").write_text("not for download" * 100)
    (folder / "inside-link.srt").symlink_to(folder / "cut.srt")
    (folder / "outside-link.txt").symlink_to(project.path / "secret.txt")
    (folder / "dangling").symlink_to(folder / "missing")
    (folder / "sub").mkdir()
    os.mkfifo(folder / "pipe")
    client = _client(session)
    assert client.get("/api/exports").json() == [{"name": "cut.srt", "size": 9}]
    for name in ("inside-link.srt", "outside-link.txt", "dangling", "sub", "pipe"):
        res = client.get(f"/api/exports/{name}")
        assert res.status_code in (400, 404), (name, res.status_code)
        assert "not for download" not in res.text
