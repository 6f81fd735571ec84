"""With accounts, a user can read or change nothing of another's: /api, file URLs, chats' actions, threads.

Two users, ana and bob, each own a demo project on one server. Every way in is tried without a login, with a
wrong password and as the other user: each answers 401/403/404 with one line and changes nothing; a share
opens exactly the shared project.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from app_loader import load_app
from fastapi import FastAPI
from PIL import Image
from sqlalchemy import create_engine

from agent.accounts import Accounts, ProjectRef
from agent.accounts_live import fixed_accounts
from agent.api import build_router
from agent.config import load_settings
from agent.ui_server import ensure_project
from agent.web_guard import account_metadata

load_app()
from agent.ui import chat, projects, routes, runtime  # noqa: E402 - app.py first (it imports chainlit once)

OWN = "http://127.0.0.1:8000"  # the guard on Chainlit's app answers loopback names only


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
async def world(tmp_path: Path, tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Any]:
    """Ana and bob with a demo project each; the UI modules see these accounts; sessions closed after."""
    settings = load_settings()
    accounts = Accounts(create_engine(f"sqlite:///{tmp_path / 'accounts.db'}"), projects_root=tmp_path / "projects")
    films: dict[str, ProjectRef] = {}
    for name in ("ana", "bob"):
        accounts.add_user(name, f"{name}-password")
        ensure_project(accounts.own_folder(name), settings=settings)
        films[name] = accounts.claim(accounts.own_folder(name), name)
    monkeypatch.setattr(projects, "LIVE", fixed_accounts(accounts))
    monkeypatch.setattr(projects, "SETTINGS", settings)
    api = FastAPI()
    api.include_router(build_router(routes.session_source, writes=True, accounts=fixed_accounts(accounts)))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api), base_url=OWN) as client:
        yield SimpleNamespace(accounts=accounts, films=films, api=client, tmp=tmp_path)
    await projects.close_all()


def _signed_in(world: Any, user: str) -> Any:
    """Return the user a login of ``user`` signs, as the login form makes it (with the account's nonce)."""
    from chainlit.user import User

    return User(identifier=user, metadata=account_metadata(world.accounts.login_nonce(user) or "no account"))


def _login(user: str) -> httpx.BasicAuth:
    return httpx.BasicAuth(user, f"{user}-password")


async def _characters(world: Any, owner: str) -> list[str]:
    session = await projects.session_for(world.films[owner].path)
    return [c["name"] for c in session.snapshot()["characters"]]


def _one_line(res: httpx.Response) -> str:
    detail = res.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail, detail
    return detail


async def test_api_needs_a_users_own_login(world: Any) -> None:
    for auth in (None, httpx.BasicAuth("ana", "bob-password"), httpx.BasicAuth("carl", "carl-password"),
                 httpx.BasicAuth("", "ana-password")):
        for method, url in (("GET", "/api/snapshot"), ("GET", "/api/projects"), ("POST", "/api/characters")):
            res = await world.api.request(method, url, auth=auth, json={"name": "MALLORY"})
            assert res.status_code == 401, (auth, url)
            assert res.headers["www-authenticate"] == "Basic"
            _one_line(res)
    assert "MALLORY" not in await _characters(world, "ana")
    got = await world.api.get("/api/projects", auth=_login("ana"))
    assert [p["key"] for p in got.json()] == [world.films["ana"].key]


async def test_api_reads_and_writes_only_the_users_projects(world: Any) -> None:
    ana, bob = world.films["ana"].key, world.films["bob"].key
    before = await _characters(world, "bob")
    for method, url in (("GET", "/api/snapshot"), ("GET", "/api/history"), ("GET", "/api/assets"),
                        ("GET", "/api/jobs"), ("GET", "/api/exports"), ("GET", "/api/approvals"),
                        ("POST", "/api/characters"), ("PATCH", "/api/characters/IDA"),
                        ("POST", "/api/jobs"), ("POST", "/api/approvals/api-0123")):
        body = {"POST /api/jobs": {"kind": "render"}, "PATCH /api/characters/IDA": {"description": "a thief"}}
        res = await world.api.request(method, f"{url}?project={bob}", auth=_login("ana"),
                                      json=body.get(f"{method} {url}", {"name": "MALLORY"}))
        assert res.status_code == 404, (method, url, res.text)
        assert "bob" not in _one_line(res)
    assert await _characters(world, "bob") == before
    assert (await projects.session_for(world.films["bob"].path)).list_jobs() == []

    mine = await world.api.post("/api/characters", auth=_login("ana"), json={"name": "MALLORY"})
    assert mine.status_code == 201
    assert "MALLORY" in await _characters(world, "ana") and "MALLORY" not in await _characters(world, "bob")
    snap = await world.api.get(f"/api/snapshot?project={ana}", auth=_login("ana"))
    assert "MALLORY" in [c["name"] for c in snap.json()["characters"]]

    world.accounts.share(world.films["bob"].path, "ana")
    ambiguous = await world.api.get("/api/snapshot", auth=_login("ana"))
    assert ambiguous.status_code == 400 and bob in _one_line(ambiguous)
    shared = await world.api.post(f"/api/characters?project={bob}", auth=_login("ana"), json={"name": "OTTO"})
    assert shared.status_code == 201 and "OTTO" in await _characters(world, "bob")
    theirs = await world.api.get(f"/api/snapshot?project={ana}", auth=_login("bob"))
    assert theirs.status_code == 404, "a share is one way"


async def _asset_and_export(world: Any, owner: str) -> tuple[int, str]:
    res = await world.api.post("/api/assets", auth=_login(owner), files={"file": ("face.png", _png(), "image/png")})
    assert res.status_code == 201, res.text
    session = await projects.session_for(world.films[owner].path)
    session.exports_dir.mkdir(parents=True, exist_ok=True)
    (session.exports_dir / "cut.mp4").write_bytes(b"not really a film")
    return int(res.json()["asset"]), "cut.mp4"


async def test_file_urls_serve_only_the_users_projects(world: Any) -> None:
    from chainlit.auth import create_jwt
    from chainlit.server import app

    asset, export = await _asset_and_export(world, "ana")
    ana = world.films["ana"].key
    urls = [f"/reelsmith/asset/{asset}?project={ana}", f"/reelsmith/asset/{asset}/thumb?project={ana}",
            f"/reelsmith/export/{export}?project={ana}"]

    def bearer(user: str) -> dict[str, str]:
        return {"authorization": f"Bearer {create_jwt(_signed_in(world, user))}"}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=OWN) as web:
        for url in urls:
            assert (await web.get(url)).status_code == 401, url
            assert (await web.get(url, headers=bearer("ana"))).status_code == 200, url
            refused = await web.get(url, headers=bearer("bob"))
            assert refused.status_code == 404 and refused.json()["detail"] == "no such file", url
            bare = url.split("?")[0]  # with accounts a file URL must say whose project it is of
            assert (await web.get(bare, headers=bearer("ana"))).status_code == 404, bare
        world.accounts.share(world.films["ana"].path, "bob")
        assert (await web.get(urls[0], headers=bearer("bob"))).status_code == 200


async def test_the_views_name_their_project_in_file_urls(world: Any) -> None:
    asset, _ = await _asset_and_export(world, "ana")
    views = (await projects.session_for(world.films["ana"].path)).views()
    shown = next(a for a in views["generate"]["assets"] if a["id"] == asset)
    key = world.films["ana"].key
    assert shown["url"] == f"/reelsmith/asset/{asset}?project={key}"
    assert shown["thumbnail"] == f"/reelsmith/asset/{asset}/thumb?project={key}"
    assert views["generate"]["latest_render"]["url"] == f"/reelsmith/export/cut.mp4?project={key}"


def _chat_as(monkeypatch: pytest.MonkeyPatch, user: str | None, profile: str | None) -> None:
    """Stand in for Chainlit's context of a websocket chat: its user and the project profile the page sent."""
    session = SimpleNamespace(user=SimpleNamespace(identifier=user) if user else None, chat_profile=profile,
                              thread_id="thread-of-" + str(user))
    monkeypatch.setattr(projects.cl, "context", SimpleNamespace(session=session))


async def test_a_chat_works_only_on_a_project_of_its_user(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    profiles = await projects.chat_profiles(SimpleNamespace(identifier="bob"))
    assert [p.name for p in profiles] == ["bob", projects.NEW_PROJECT], "the picker lists the user's projects only"
    _chat_as(monkeypatch, "bob", None)
    assert (await runtime.get_session()).project.path == world.films["bob"].path
    _chat_as(monkeypatch, "bob", "ana")  # the browser names ana's project: bob is not let in
    with pytest.raises(projects.NoAccess) as err:
        await runtime.get_session()
    assert "\n" not in str(err.value)
    _chat_as(monkeypatch, None, "ana")
    with pytest.raises(projects.NoAccess):
        await runtime.get_session()

    world.accounts.share(world.films["ana"].path, "bob")
    names = [p.name for p in await projects.chat_profiles(SimpleNamespace(identifier="bob"))]
    assert names == ["bob", "ana (shared by ana)", projects.NEW_PROJECT]
    _chat_as(monkeypatch, "bob", "ana (shared by ana)")
    assert (await runtime.get_session()).project.path == world.films["ana"].path


async def test_a_new_user_gets_a_project_of_their_own(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    world.accounts.add_user("carl", "carl-password")
    profiles = await projects.chat_profiles(SimpleNamespace(identifier="carl"))
    assert [p.name for p in profiles] == ["carl", projects.NEW_PROJECT]
    assert [r.path for r in world.accounts.projects_of("carl")] == [world.accounts.own_folder("carl").resolve()]


async def test_actions_of_a_chat_on_anothers_project_change_nothing(world: Any,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    before = await _characters(world, "ana")
    _chat_as(monkeypatch, "bob", "ana")
    said: list[str] = []
    monkeypatch.setattr(chat, "say", lambda text, *a, **k: said.append(text))
    action = SimpleNamespace(payload={"decision": "approve", "title": "x", "request": "add a character MALLORY",
                                      "token": "t"}, remove=None)
    for callback in (chat.decide, chat.choose, chat.replace, chat.cancel_job):
        with pytest.raises(projects.NoAccess):
            await callback(action)  # type: ignore[arg-type]
    assert await _characters(world, "ana") == before and said == []


async def test_threads_are_their_authors_only(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import chainlit.data as cl_data
    from chainlit.auth import create_jwt
    from chainlit.server import app
    from chainlit.user import User

    from agent.ui.persistence import chat_data_layer

    layer = chat_data_layer(load_settings(project=world.tmp / "projects" / "ana"))
    monkeypatch.setattr(cl_data, "_data_layer", layer)
    monkeypatch.setattr(cl_data, "_data_layer_initialized", True)
    ana = await layer.create_user(User(identifier="ana"))
    assert ana is not None
    await layer.update_thread("11111111-1111-4111-8111-111111111111", name="ana's chat", user_id=ana.id)
    thread = "11111111-1111-4111-8111-111111111111"

    def bearer(user: str) -> dict[str, str]:
        return {"authorization": f"Bearer {create_jwt(_signed_in(world, user))}"}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=OWN) as web:
        assert (await web.get(f"/project/thread/{thread}", headers=bearer("ana"))).status_code == 200
        assert (await web.get(f"/project/thread/{thread}")).status_code == 401
        assert (await web.get(f"/project/thread/{thread}", headers=bearer("bob"))).status_code == 401
        renamed = await web.put("/project/thread", headers=bearer("bob"), json={"threadId": thread, "name": "mine"})
        assert renamed.status_code == 401
        gone = await web.request("DELETE", "/project/thread", headers=bearer("bob"), json={"threadId": thread})
        assert gone.status_code == 401
        listed = await web.post("/project/threads", headers=bearer("bob"),
                                json={"pagination": {"first": 20}, "filter": {}})
        assert listed.status_code == 200 and listed.json()["data"] == []
    kept = await layer.get_thread(thread)
    assert kept is not None and kept["name"] == "ana's chat"


async def test_chat_files_are_their_users_only(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import chainlit.data as cl_data
    from chainlit.auth import create_jwt
    from chainlit.server import app
    from chainlit.user import User

    from agent.ui.persistence import chat_data_layer, chat_storage

    layer = chat_data_layer(load_settings(project=world.tmp / "projects" / "ana"))
    monkeypatch.setattr(cl_data, "_data_layer", layer)
    monkeypatch.setattr(cl_data, "_data_layer_initialized", True)
    ana = await layer.create_user(User(identifier="ana"))
    assert ana is not None and await layer.create_user(User(identifier="bob")) is not None
    storage = chat_storage(runtime.SETTINGS)  # the folder the route serves (the app's settings, read at start)
    key = f"{ana.id}/e1/still.png"
    await storage.upload_file(key, b"\x89PNG\r\n\x1a\nstill", "image/png")
    url = await storage.get_read_url(key)

    def bearer(user: str) -> dict[str, str]:
        return {"authorization": f"Bearer {create_jwt(_signed_in(world, user))}"}

    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=OWN) as web:
            assert (await web.get(url)).status_code == 401
            assert (await web.get(url, headers=bearer("bob"))).status_code == 404
            assert (await web.get(url, headers=bearer("ana"))).status_code == 200
    finally:
        folder = storage.path_of(key).parent
        await storage.delete_file(key)
        folder.rmdir()
        folder.parent.rmdir()


async def test_a_chats_approval_is_answered_in_its_chat_never_through_the_api(world: Any) -> None:
    session = await projects.session_for(world.films["ana"].path)
    waiting = (await session.run("chat-of-ana", "delete scene 2")).approval
    assert waiting is not None, "the offline director asks before deleting a scene"
    world.accounts.share(world.films["ana"].path, "bob")
    key = world.films["ana"].key
    for user in ("bob", "ana"):  # a chat is its user's; with accounts the API answers only its own calls
        listed = await world.api.get(f"/api/approvals?project={key}", auth=_login(user))
        assert listed.status_code == 200 and listed.json() == []
        answer = await world.api.post(f"/api/approvals/chat-of-ana?project={key}", auth=_login(user),
                                      json={"decision": "approve"})
        assert answer.status_code == 404 and "chat-of-ana" in _one_line(answer)
    assert await session.pending("chat-of-ana") is not None
    assert len(session.snapshot()["scenes"]) == len((await projects.session_for(world.films["bob"].path))
                                                    .snapshot()["scenes"]), "scene 2 is still there"


async def test_login_takes_a_users_own_password_not_the_shared_one(world: Any,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import SecretStr

    from agent.ui import login

    monkeypatch.setattr(login, "SETTINGS", load_settings(auth_password=SecretStr("shared-password")))
    user = await login.password_auth("ana", "ana-password")
    assert user is not None and user.identifier == "ana"
    for name, password in (("ana", "bob-password"), ("bob", "ana-password"), ("ana", "shared-password"),
                           ("anyone", "shared-password"), ("carl", "carl-password")):
        assert await login.password_auth(name, password) is None, (name, password)


def test_the_api_docs_ask_for_a_users_login(world: Any, tmp_home: Path) -> None:
    from chainlit.server import app
    from fastapi.testclient import TestClient

    from agent.web_guard import harden_chainlit

    entry = next(m for m in app.user_middleware if m.cls.__name__ == "WebGuard")
    saved = dict(vars(entry.kwargs["rules"]))
    try:
        harden_chainlit(load_settings(accounts_database_url=str(world.accounts.engine.url), auth_password="shared"))
        client = TestClient(app, base_url=OWN)
        for auth in (None, ("ana", "shared"), ("carl", "ana-password"), ("ana", "bob-password")):
            res = client.get("/openapi.json", auth=auth)
            assert res.status_code == 401 and res.text.count("\n") == 1, auth
        assert client.get("/openapi.json", auth=("ana", "ana-password")).status_code == 200
    finally:
        vars(entry.kwargs["rules"]).update(saved)


def test_accounts_let_the_server_listen_beyond_loopback(world: Any, tmp_home: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from agent import ui_server

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(ui_server, "_run_ui", lambda cmd, cwd, env: calls.append(env) or 0)
    monkeypatch.setenv("REELSMITH_AUTH_PASSWORD", "")
    bare = load_settings()
    assert ui_server.serve(project=world.films["ana"].path, host="0.0.0.0", port=8123, settings=bare) == 2
    settings = load_settings(accounts_database_url=str(world.accounts.engine.url))
    assert ui_server.serve(project=world.films["ana"].path, host="0.0.0.0", port=8123, settings=settings) == 0
    assert calls[0]["REELSMITH_ACCOUNTS_DATABASE_URL"] == str(world.accounts.engine.url)


async def test_without_accounts_the_api_serves_the_one_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "film"
    fake = SimpleNamespace(project=SimpleNamespace(path=folder), snapshot=lambda: {"name": "FILM"})
    monkeypatch.setattr(projects, "LIVE", fixed_accounts(None))
    monkeypatch.setitem(runtime.state, "session", fake)
    api = FastAPI()
    api.include_router(build_router(routes.session_source, password="shared-password"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api), base_url=OWN) as client:
        auth = httpx.BasicAuth("anyone", "shared-password")
        assert (await client.get("/api/snapshot")).status_code == 401
        assert (await client.get("/api/snapshot", auth=auth)).json() == {"name": "FILM"}
        (listed,) = (await client.get("/api/projects", auth=auth)).json()
        assert listed["name"] == "film"
        assert (await client.get(f"/api/snapshot?project={listed['key']}", auth=auth)).status_code == 200
        other = await client.get("/api/snapshot?project=0123456789abcdef", auth=auth)
        assert other.status_code == 404 and _one_line(other) == "no project 0123456789abcdef here"
