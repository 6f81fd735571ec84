"""The write half of /api over a real demo project: each route's success and refusals, auth, origins, undo."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image
from scripted import ScriptedModel, handoff_turn
from test_jobs import wait_for

from agent.api import build_router
from agent.config import load_settings
from agent.project import Project, history, story
from agent.session import Session
from agent.ui_server import ensure_project
from agent.web_guard import harden

BASE = "http://127.0.0.1:8000"
PASSWORD = "open sesame"


class Api:
    """A TestClient on an app like the UI's: the /api router, the web guard, one session opened lazily."""

    def __init__(self, folder: Path, *, password: str | None = None, script: list[Any] | None = None,
                 **settings: Any) -> None:
        self.folder = folder
        self.script = script or []
        self.settings = load_settings(budget_usd=5.0, **settings)
        self.session: Session | None = None
        app = FastAPI()
        app.include_router(build_router(self._sessions, password=password, writes=True))
        guard = self.settings.model_copy(update={"auth_password": None})  # the router asks for it, as in app.py
        harden(app, engineio=None, settings=guard, host="127.0.0.1", port=8000)
        self.client = TestClient(app, base_url=BASE)
        self.auth = ("any", password) if password else None

    async def _sessions(self) -> Session:
        # Opened in the client's event loop (the checkpointer's connection lives there).
        if self.session is None:
            model = ScriptedModel(responses=self.script)
            self.session = await Session.open(self.folder, settings=self.settings, model=model)
        return self.session

    def __enter__(self) -> Api:
        self.client.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.session is not None:
            self.client.portal.call(self.session.close)  # type: ignore[union-attr]
        self.client.__exit__(*exc)

    def snap(self) -> dict[str, Any]:
        got = self.client.get("/api/snapshot", auth=self.auth)
        assert got.status_code == 200, got.text
        return dict(got.json())

    @property
    def project(self) -> Project:
        assert self.session is not None
        return self.session.project

    def files(self) -> set[Path]:
        """Return the project's files other than its databases (assets, thumbnails, exports)."""
        skip = (".db", ".db-wal", ".db-shm", ".db-journal")
        return {p for p in self.folder.rglob("*") if p.is_file() and not p.name.endswith(skip)}


@pytest.fixture
def demo(tmp_path: Path, tmp_home: Path) -> Path:
    ensure_project(tmp_path / "film", settings=load_settings())
    return tmp_path / "film"


@pytest.fixture
def api(demo: Path) -> Iterator[Api]:
    with Api(demo) as opened:
        yield opened


def _png(colour: str = "red") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), colour).save(buf, format="PNG")
    return buf.getvalue()


def _refused(api: Api, method: str, url: str, status: int, **kwargs: Any) -> str:
    """Send a bad request; check its status, its one-line error, and that the project did not change."""
    before, files = api.snap(), api.files()
    got = api.client.request(method, url, auth=api.auth, **kwargs)
    assert got.status_code == status, got.text
    detail = got.json()["detail"]
    assert isinstance(detail, str) and detail and "\n" not in detail and not detail.startswith("Error"), detail
    assert api.snap() == before and api.files() == files
    return str(detail)


# -- scenes ------------------------------------------------------------------------------------


def test_a_new_scene_is_written_with_its_thread_in_history_and_undo_takes_it_back(api: Api) -> None:
    before = api.snap()
    got = api.client.post("/api/scenes", json={"heading": "EXT. PIER - DAWN", "content": "Gulls. IDA waits."})
    assert got.status_code == 201, got.text
    body = got.json()
    assert body["status"] == "done" and body["thread"].startswith("api-") and "scene 7" in body["message"]
    after = api.snap()
    assert len(after["scenes"]) == 7 and after["scenes"][6]["heading"] == "EXT. PIER - DAWN"
    last = api.client.get("/api/history", params={"limit": 1}).json()[0]
    assert last["action"] == "add_scene" and last["thread"] == body["thread"] and last["actor"] == "writer"
    history.undo(api.project)
    assert api.snap()["scenes"] == before["scenes"]


def test_a_scene_is_inserted_after_another(api: Api) -> None:
    got = api.client.post("/api/scenes", json={"heading": "INT. HALL - DAY", "content": "Empty.", "after_scene": 1})
    assert got.status_code == 201
    assert [s["heading"] for s in api.snap()["scenes"]][1] == "INT. HALL - DAY"


def test_bad_new_scenes_are_refused_and_change_nothing(api: Api) -> None:
    _refused(api, "POST", "/api/scenes", 422, json={"heading": "", "content": "x"})
    _refused(api, "POST", "/api/scenes", 422, json={"heading": "INT. A - DAY", "content": "x", "mood": "dark"})
    _refused(api, "POST", "/api/scenes", 422, content=b"not json", headers={"content-type": "application/json"})
    _refused(api, "POST", "/api/scenes", 400, json={"heading": "INT. A - DAY", "content": "x", "after_scene": 99})


def test_a_rewrite_needs_the_current_version_when_if_match_is_given(api: Api) -> None:
    scene = api.snap()["scenes"][1]
    v = scene["version"]
    body = {"content": "A new body.\n\nIDA leaves."}
    got = api.client.put("/api/scenes/2", json=body, headers={"If-Match": f'"{v}"'})
    assert got.status_code == 200, got.text
    assert api.snap()["scenes"][1]["version"] == v + 1 and api.snap()["scenes"][1]["content"].startswith("A new body")
    # A second writer who read version v too loses: 409, and the first writer's text stays.
    detail = _refused(api, "PUT", "/api/scenes/2", 409, json={"content": "Another body."},
                      headers={"If-Match": str(v)})
    assert "changed since" in detail
    _refused(api, "PUT", "/api/scenes/2", 400, json={"content": "x"}, headers={"If-Match": "yesterday"})
    _refused(api, "PUT", "/api/scenes/2", 400, json={"content": "x", "expected_version": v + 1},
             headers={"If-Match": str(v)})
    assert api.client.put("/api/scenes/2", json={"content": "Third body."},
                          headers={"If-Match": f'W/"{v + 1}"'}).status_code == 200


def test_scene_edits_of_missing_scenes_are_404_and_bad_ones_400(api: Api) -> None:
    assert "99" in _refused(api, "PUT", "/api/scenes/99", 404, json={"content": "x"})
    _refused(api, "PUT", "/api/scenes/0", 422, json={"content": "x"})
    _refused(api, "PUT", "/api/scenes/2", 422, json={"content": ""})
    _refused(api, "POST", "/api/scenes/99/move", 404, json={"to_position": 1})
    _refused(api, "POST", "/api/scenes/2/move", 400, json={"to_position": 40})
    _refused(api, "POST", "/api/scenes/swap", 400, json={"first": 2, "second": 2})
    _refused(api, "POST", "/api/scenes/swap", 404, json={"first": 2, "second": 70})
    _refused(api, "PATCH", "/api/scenes/2", 400, json={})
    _refused(api, "PATCH", "/api/scenes/2", 422, json={"setting": "OUTSIDE"})


def test_move_swap_and_heading(api: Api) -> None:
    headings = [s["heading"] for s in api.snap()["scenes"]]
    assert api.client.post("/api/scenes/1/move", json={"to_position": 3}).status_code == 200
    assert [s["heading"] for s in api.snap()["scenes"]] == [headings[1], headings[2], headings[0], *headings[3:]]
    assert api.client.post("/api/scenes/swap", json={"first": 1, "second": 2}).status_code == 200
    assert [s["heading"] for s in api.snap()["scenes"]][:2] == [headings[2], headings[1]]
    got = api.client.patch("/api/scenes/1", json={"time_of_day": "DAWN"})
    assert got.status_code == 200 and api.snap()["scenes"][0]["heading"].endswith("- DAWN")


# -- cast, locations, props ------------------------------------------------------------------------


def test_characters_are_added_revised_with_if_match_and_renamed(api: Api) -> None:
    got = api.client.post("/api/characters", json={"name": "Oskar", "description": "a night porter"})
    assert got.status_code == 201, got.text
    oskar = next(c for c in api.snap()["characters"] if c["name"] == "OSKAR")
    _refused(api, "POST", "/api/characters", 400, json={"name": "oskar", "description": "again"})
    v = oskar["version"]
    ok = api.client.patch("/api/characters/oskar", json={"description": "a tired night porter"},
                          headers={"If-Match": str(v)})
    assert ok.status_code == 200, ok.text
    _refused(api, "PATCH", "/api/characters/OSKAR", 409, json={"description": "stale"}, headers={"If-Match": str(v)})
    _refused(api, "PATCH", "/api/characters/NOBODY", 404, json={"description": "x"})
    _refused(api, "PATCH", "/api/characters/OSKAR", 400, json={"description": "x", "name": "OTTO"})
    _refused(api, "PATCH", "/api/characters/OSKAR", 400, json={})
    renamed = api.client.patch("/api/characters/OSKAR", json={"name": "Otto"})
    assert renamed.status_code == 200, renamed.text
    assert {c["name"] for c in api.snap()["characters"]} >= {"OTTO"}


def test_locations_and_props(api: Api) -> None:
    assert api.client.post("/api/locations", json={"name": "Pier", "description": "salt, rope"}).status_code == 201
    assert api.client.patch("/api/locations/PIER", json={"description": "salt, rope, gulls"}).status_code == 200
    assert api.client.post("/api/props", json={"name": "Lantern", "description": "brass"}).status_code == 201
    assert api.client.patch("/api/props/lantern", json={"description": "dented brass"}).status_code == 200
    snap = api.snap()
    assert next(p for p in snap["props"] if p["name"] == "LANTERN")["description"] == "dented brass"
    _refused(api, "PATCH", "/api/props/LANTERN", 400, json={"name": "LAMP"})
    _refused(api, "POST", "/api/props", 422, json={"name": "", "description": "x"})
    _refused(api, "PATCH", "/api/locations/NOWHERE", 404, json={"description": "x"})


# -- assets ------------------------------------------------------------------------------------


def test_an_image_upload_enters_the_library_linked_to_a_character(api: Api) -> None:
    name = api.snap()["characters"][0]["name"]
    files = api.files()
    got = api.client.post("/api/assets", files={"file": ("face.png", _png(), "image/png")}, data={"for_name": name})
    assert got.status_code == 201, got.text
    body = got.json()
    assert body["kind"] == "image" and body["linked_to"] == {"type": "character", "name": name}
    assert api.snap()["assets"]["count"] == 1 and len(api.files() - files) >= 1
    last = api.client.get("/api/history", params={"limit": 1}).json()[0]
    assert last["action"] == "import_asset" and last["thread"] == body["thread"]


def test_bad_uploads_change_nothing_and_leave_no_file(api: Api, demo: Path) -> None:
    api.snap()  # opens the session
    _refused(api, "POST", "/api/assets", 400, files={"file": ("notes.txt", b"just some words", "text/plain")})
    _refused(api, "POST", "/api/assets", 404, files={"file": ("face.png", _png(), "image/png")},
             data={"for_name": "NOBODY AT ALL"})
    _refused(api, "POST", "/api/assets", 422, files={"file": ("", _png(), "image/png")})  # no name: not a file
    _refused(api, "POST", "/api/assets", 422, data={"for_name": "x"})


def test_an_upload_over_the_limit_is_refused(demo: Path) -> None:
    with Api(demo, max_upload_bytes=10) as small:
        detail = _refused(small, "POST", "/api/assets", 400, files={"file": ("big.png", _png(), "image/png")})
        assert "limit" in detail


# -- approvals -------------------------------------------------------------------------------


def test_a_rewrite_of_a_kept_scene_waits_for_approval_then_applies(api: Api) -> None:
    api.snap()
    story.tag_scene(api.project, 3, add=["keep"], remove=[], actor="user")
    before = api.snap()
    got = api.client.put("/api/scenes/3", json={"content": "All new.", "direction": "darker"})
    assert got.status_code == 202, got.text
    thread = got.json()["thread"]
    assert got.json()["approval"]["options"] == ["approve", "cancel"]
    assert api.snap()["scenes"] == before["scenes"]  # nothing written while it waits
    waiting = api.client.get("/api/approvals").json()
    assert [a["thread"] for a in waiting] == [thread] and "tagged keep" in waiting[0]["title"]
    assert api.client.post(f"/api/approvals/{thread}", json={"decision": "maybe"}).status_code == 400
    assert api.client.post("/api/approvals/api-0000", json={"decision": "approve"}).status_code == 404
    done = api.client.post(f"/api/approvals/{thread}", json={"decision": "approve"})
    assert done.status_code == 200 and done.json()["status"] == "done", done.text
    assert api.snap()["scenes"][2]["version"] == before["scenes"][2]["version"] + 1
    assert api.client.get("/api/approvals").json() == []


def test_a_rejected_approval_changes_nothing(api: Api) -> None:
    api.snap()
    story.tag_scene(api.project, 3, add=["love"], remove=[], actor="user")
    before = api.snap()
    thread = api.client.put("/api/scenes/3", json={"content": "All new."}).json()["thread"]
    got = api.client.post(f"/api/approvals/{thread}", json={"decision": "reject"})  # a "no" is a cancel here
    assert got.status_code == 200 and "nothing was rewritten" in got.json()["message"]
    assert api.snap() == before


def test_a_chats_approval_is_listed_and_answered_through_the_api(demo: Path) -> None:
    script = handoff_turn("writer", "rewrite_scene", {"scene_number": 3, "direction": "darker",
                                                      "content": "Darker now."})
    with Api(demo, script=script) as api:
        api.snap()
        story.tag_scene(api.project, 3, add=["keep"], remove=[], actor="user")
        version = api.snap()["scenes"][2]["version"]
        session = api.session
        assert session is not None
        turn = api.client.portal.call(session.run, "chat-1", "rewrite scene 3 darker")  # type: ignore[union-attr]
        assert turn.approval is not None
        assert [a["thread"] for a in api.client.get("/api/approvals").json()] == ["chat-1"]
        done = api.client.post("/api/approvals/chat-1", json={"decision": "approve"})
        assert done.status_code == 200 and done.json()["status"] == "done", done.text
        assert api.snap()["scenes"][2]["version"] == version + 1
        assert api.client.get("/api/approvals").json() == []


def test_expected_failures_map_to_their_status() -> None:
    from agent.api_write import _project_error
    from agent.generators import BudgetExceeded
    from agent.project.errors import ConflictError, InvalidInputError, NotFoundError

    assert _project_error(BudgetExceeded(1.0, 2.0, 2.5)).status_code == 402
    assert _project_error(NotFoundError("no scene 9")).status_code == 404
    assert _project_error(ConflictError("changed")).status_code == 409
    assert _project_error(InvalidInputError("bad\nsecond line")).detail == "bad"


# -- jobs ------------------------------------------------------------------------------------


def test_an_export_job_runs_and_its_status_is_read(api: Api) -> None:
    got = api.client.post("/api/jobs", json={"kind": "export", "format": "fountain", "out": "film.fountain"})
    assert got.status_code == 202, got.text
    job = got.json()
    assert job["kind"] == "export" and job["status"] in ("queued", "running", "done")

    def finished() -> bool:
        return bool(api.client.get(f"/api/jobs/{job['id']}").json()["status"] == "done")

    wait_for(finished)
    assert [j["id"] for j in api.client.get("/api/jobs").json()["jobs"]] == [job["id"]]
    assert (api.folder / "exports" / "film.fountain").is_file()


def test_bad_jobs_are_refused(api: Api) -> None:
    _refused(api, "POST", "/api/jobs", 422, json={"kind": "voice", "scene": 1})
    _refused(api, "POST", "/api/jobs", 400, json={"kind": "stills_batch"})
    assert "no shots" in _refused(api, "POST", "/api/jobs", 400, json={"kind": "stills_batch", "scene": 1})
    _refused(api, "POST", "/api/jobs", 400, json={"kind": "export", "format": "docx"})
    _refused(api, "POST", "/api/jobs", 400, json={"kind": "export", "format": "fountain", "out": "../x.fountain"})
    assert api.client.get("/api/jobs/999").status_code == 404
    assert api.client.post("/api/jobs/999/cancel").status_code == 404


def test_a_stills_batch_job_ends_in_an_approval_that_approves_its_stills(tmp_path: Path, tmp_home: Path) -> None:
    from platform_support import platform_project

    folder = platform_project(tmp_path, name="Batch")
    with Api(folder) as api:
        got = api.client.post("/api/jobs", json={"kind": "stills_batch", "scene": 1})
        assert got.status_code == 202, got.text
        job_id = got.json()["id"]
        wait_for(lambda: api.client.get(f"/api/jobs/{job_id}").json()["status"] == "waiting_approval")
        waiting = api.client.get("/api/approvals").json()
        assert len(waiting) == 1 and waiting[0]["options"][:2] == ["approve", "reject"], waiting
        assert {s["status"] for s in api.snap()["shots"]} == {"still_pending"}
        done = api.client.post(f"/api/approvals/{waiting[0]['thread']}", json={"decision": "approve"})
        assert done.status_code == 200, done.text
        assert {s["status"] for s in api.snap()["shots"]} == {"still_approved"}
        assert api.client.get(f"/api/jobs/{job_id}").json()["status"] == "done"


# -- auth and origins ----------------------------------------------------------------------------

_WRITES = [
    ("POST", "/api/scenes", "/api/scenes", {"json": {"heading": "INT. A - DAY", "content": "x"}}),
    ("PUT", "/api/scenes/{number}", "/api/scenes/1", {"json": {"content": "x"}}),
    ("PATCH", "/api/scenes/{number}", "/api/scenes/1", {"json": {"time_of_day": "DAWN"}}),
    ("POST", "/api/scenes/{number}/move", "/api/scenes/1/move", {"json": {"to_position": 2}}),
    ("POST", "/api/scenes/swap", "/api/scenes/swap", {"json": {"first": 1, "second": 2}}),
    ("POST", "/api/characters", "/api/characters", {"json": {"name": "ZED", "description": "x"}}),
    ("PATCH", "/api/characters/{name}", "/api/characters/ZED", {"json": {"description": "y"}}),
    ("POST", "/api/locations", "/api/locations", {"json": {"name": "DOCK", "description": "x"}}),
    ("PATCH", "/api/locations/{name}", "/api/locations/DOCK", {"json": {"description": "y"}}),
    ("POST", "/api/props", "/api/props", {"json": {"name": "ROPE", "description": "x"}}),
    ("PATCH", "/api/props/{name}", "/api/props/ROPE", {"json": {"description": "y"}}),
    ("POST", "/api/assets", "/api/assets", {"files": {"file": ("a.png", _png(), "image/png")}}),
    ("POST", "/api/jobs", "/api/jobs", {"json": {"kind": "export", "format": "csv"}}),
    ("POST", "/api/jobs/{job_id}/cancel", "/api/jobs/1/cancel", {}),
    ("POST", "/api/approvals/{thread}", "/api/approvals/api-x", {"json": {"decision": "approve"}}),
]
"""Every route that is not a GET: (method, OpenAPI path, a URL of it, the request's body)."""


def test_every_route_is_in_the_openapi_description_and_covered_here(api: Api) -> None:
    paths = api.client.get("/openapi.json").json()["paths"]
    writes = {(m.upper(), p) for p, ops in paths.items() for m in ops if m != "get"}
    assert writes == {(m, p) for m, p, _, _ in _WRITES}
    assert {"/api/jobs", "/api/jobs/{job_id}", "/api/approvals"} <= set(paths)


def test_with_a_password_every_route_asks_for_it(demo: Path) -> None:
    with Api(demo, password=PASSWORD) as api:
        paths = api.client.get("/openapi.json", auth=api.auth).json()["paths"]
        for path, ops in paths.items():
            for method in ops:
                url = path.replace("{number}", "1").replace("{name}", "X").replace("{job_id}", "1")
                url = url.replace("{thread}", "api-x")
                got = api.client.request(method.upper(), url)
                assert got.status_code == 401, (method, path, got.status_code)
        for method, _, url, kwargs in _WRITES[:3]:  # a few only: more wrong passwords would be throttled
            assert api.client.request(method, url, auth=("any", "wrong"), **kwargs).status_code == 401
        api.client.cookies.clear()
        before = api.snap()
        for method, _, url, kwargs in _WRITES:
            assert api.client.request(method, url, **kwargs).status_code == 401, (method, url)
        assert api.snap() == before
        ok = api.client.post("/api/scenes", json={"heading": "INT. A - DAY", "content": "x"}, auth=api.auth)
        assert ok.status_code == 201


def test_pages_from_another_origin_cannot_write(api: Api) -> None:
    before, files = api.snap(), api.files()
    for method, _, url, kwargs in _WRITES:
        got = api.client.request(method, url, headers={"Origin": "http://evil.example"}, **kwargs)
        assert got.status_code == 403 and "evil.example" in got.text, (method, url, got.status_code)
    assert api.snap() == before and api.files() == files
    same = api.client.post("/api/characters", json={"name": "ZED", "description": "x"}, headers={"Origin": BASE})
    assert same.status_code == 201
    plain = api.client.post("/api/props", json={"name": "ROPE", "description": "x"})  # a script: no Origin
    assert plain.status_code == 201


def test_the_ui_server_serves_the_write_routes_their_docs_and_guards_them() -> None:
    from app_loader import load_app

    load_app()
    from chainlit.server import app

    client = TestClient(app, base_url=BASE)
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/scenes", "/api/scenes/{number}", "/api/characters/{name}", "/api/assets", "/api/jobs",
            "/api/approvals/{thread}"} <= set(paths)
    assert "put" in paths["/api/scenes/{number}"] and "post" in paths["/api/assets"]
    assert client.get("/docs").status_code == 200
    refused = client.post("/api/scenes", json={"heading": "INT. A - DAY", "content": "x"},
                          headers={"Origin": "http://evil.example"})
    assert refused.status_code == 403
