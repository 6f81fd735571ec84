"""A removed user, or one a project is no longer shared with, is shut out at once, still holding a login.

Chainlit signs a login cookie for days. With accounts, every way in asks again: the thread list, a thread,
chat files, project files, the socket's handshake, a chat's actions and /api. Bob logs in, then is removed
(or loses a share) while his cookie stays valid: each way answers 401/403/404 with one line at once. A login
is its account's, not its name's: one made before a password change, before ``reelsmith user logout bob``,
or before bob was removed and added again, opens nothing either.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from app_loader import load_app
from PIL import Image
from sqlalchemy import create_engine

from agent.accounts import Accounts, ProjectRef
from agent.accounts_live import fixed_accounts
from agent.cli import main
from agent.config import load_settings
from agent.ui_server import ensure_project
from agent.web_guard import account_metadata

load_app()
from agent.ui import projects, runtime  # noqa: E402 - app.py first (it imports chainlit once)

OWN = "http://127.0.0.1:8000"  # the guard on Chainlit's app answers loopback names only
THREAD = "44444444-4444-4444-8444-444444444444"


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), "green").save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
async def world(tmp_path: Path, tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Any]:
    """Ana and bob with a project each, ana's shared with bob; bob has a chat, a chat file and a login cookie."""
    import chainlit.data as cl_data
    from chainlit.server import app
    from chainlit.user import User

    from agent.ui.persistence import chat_data_layer, chat_storage

    settings = load_settings()
    accounts = Accounts(create_engine(f"sqlite:///{tmp_path / 'accounts.db'}"), projects_root=tmp_path / "projects")
    films: dict[str, ProjectRef] = {}
    for name in ("ana", "bob"):
        accounts.add_user(name, f"{name}-password")
        ensure_project(accounts.own_folder(name), settings=settings)
        films[name] = accounts.claim(accounts.own_folder(name), name)
    accounts.share(films["ana"].path, "bob")
    monkeypatch.setattr(projects, "LIVE", fixed_accounts(accounts))
    monkeypatch.setattr(projects, "SETTINGS", settings)

    layer = chat_data_layer(load_settings(project=tmp_path / "projects" / "ana"))
    monkeypatch.setattr(cl_data, "_data_layer", layer)
    monkeypatch.setattr(cl_data, "_data_layer_initialized", True)
    bob = await layer.create_user(User(identifier="bob"))
    assert bob is not None
    await layer.update_thread(THREAD, name="bob's chat", user_id=bob.id)
    storage = chat_storage(runtime.SETTINGS)  # the folder the route serves (the app's settings, read at start)
    chat_file = f"{bob.id}/e1/still.png"
    await storage.upload_file(chat_file, _png(), "image/png")

    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=OWN) as web:
            made = await web.post(f"/api/assets?project={films['ana'].key}", auth=("ana", "ana-password"),
                                  files={"file": ("face.png", _png(), "image/png")})
            assert made.status_code == 201, made.text
            yield SimpleNamespace(accounts=accounts, films=films, web=web, asset=int(made.json()["asset"]),
                                  chat_file=await storage.get_read_url(chat_file),
                                  cookie=_cookie(accounts, "bob"))
    finally:
        folder = storage.path_of(chat_file).parent
        await storage.delete_file(chat_file)
        folder.rmdir()
        folder.parent.rmdir()
        await projects.close_all()
        await layer.engine.dispose()


def _cookie(accounts: Accounts, name: str) -> str:
    """Return the login cookie the login form gives ``name`` now (it carries the account's login nonce)."""
    from chainlit.auth import create_jwt
    from chainlit.user import User

    return create_jwt(User(identifier=name, metadata=account_metadata(accounts.login_nonce(name) or "")))


async def _login_form(web: httpx.AsyncClient, name: str, password: str) -> str:
    """Log in through Chainlit's login form; return the cookie it sets."""
    res = await web.post("/login", data={"username": name, "password": password})
    assert res.status_code == 200, res.text
    cookie = res.cookies["access_token"]
    web.cookies.clear()  # each request below says which login it holds
    return cookie


async def _ways_in(world: Any, rename: str = "bob's chat") -> dict[str, int]:
    """Return the status each of bob's HTTP ways in answers with his login cookie (one renames his thread)."""
    web, cookies = world.web, {"access_token": world.cookie}
    ana = world.films["ana"].key
    asked = {
        "user": web.get("/user", cookies=cookies),
        "thread list": web.post("/project/threads", cookies=cookies, json={"pagination": {"first": 20}, "filter": {}}),
        "thread": web.get(f"/project/thread/{THREAD}", cookies=cookies),
        "rename": web.put("/project/thread", cookies=cookies, json={"threadId": THREAD, "name": rename}),
        "chat file": web.get(world.chat_file, cookies=cookies),
        "shared asset": web.get(f"/reelsmith/asset/{world.asset}?project={ana}", cookies=cookies),
    }
    out: dict[str, int] = {}
    for way, request in asked.items():
        res = await request
        out[way] = res.status_code
        if res.status_code >= 400:
            detail = res.json()["detail"]
            assert isinstance(detail, str) and "\n" not in detail, (way, detail)
    return out


async def _handshake(cookie: str) -> None:
    """Open a chat socket as the page does (its login cookie in the handshake); raise if it is refused."""
    from chainlit.socket import connect

    auth = {"sessionId": f"session-{cookie[-8:]}", "clientType": "webapp", "userEnv": "{}", "chatProfile": None,
            "threadId": THREAD}
    await connect("sid-of-bob", {"HTTP_COOKIE": f"access_token={cookie}"}, auth)  # type: ignore[arg-type]


def _chat_as_bob(monkeypatch: pytest.MonkeyPatch, profile: str | None) -> None:
    session = SimpleNamespace(user=SimpleNamespace(identifier="bob"), chat_profile=profile, thread_id=THREAD)
    monkeypatch.setattr(projects.cl, "context", SimpleNamespace(session=session))


async def test_a_removed_user_is_shut_out_at_once(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from chainlit.data import get_data_layer
    from chainlit.session import WebsocketSession

    assert set((await _ways_in(world)).values()) == {200}, "logged in, bob reaches his own and the shared"
    _chat_as_bob(monkeypatch, "bob")
    assert (await runtime.get_session()).project.path == world.films["bob"].path
    api_auth, own = httpx.BasicAuth("bob", "bob-password"), f"/api/snapshot?project={world.films['bob'].key}"
    assert (await world.web.get(own, auth=api_auth)).status_code == 200

    world.accounts.remove_user("bob")  # as `reelsmith user remove bob` does, from another process

    ways = ("user", "thread list", "thread", "rename", "chat file", "shared asset")
    assert await _ways_in(world, rename="not bob's any more") == dict.fromkeys(ways, 401)
    detail = (await world.web.get("/user", cookies={"access_token": world.cookie})).json()["detail"]
    assert detail == "there is no account named 'bob' any more: log in again"
    with pytest.raises(ConnectionRefusedError):
        await _handshake(world.cookie)
    assert WebsocketSession.get_by_id(f"session-{world.cookie[-8:]}") is None, "no chat session was opened"
    with pytest.raises(projects.NoAccess):
        await runtime.get_session()  # a chat of his still open on a socket: its next action is refused
    assert (await world.web.get(own, auth=api_auth)).status_code == 401
    kept = await get_data_layer().get_thread(THREAD)
    assert kept is not None and kept["name"] == "bob's chat", "the refused rename changed nothing"


async def test_a_login_of_a_present_user_still_opens_the_socket(world: Any) -> None:
    from chainlit.socket import _authenticate_connection

    user, token = await _authenticate_connection({"HTTP_COOKIE": f"access_token={world.cookie}"})
    assert user is not None and user.identifier == "bob" and token == world.cookie


async def test_a_share_taken_back_shuts_its_project_at_once(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _chat_as_bob(monkeypatch, "ana (shared by ana)")
    assert (await runtime.get_session()).project.path == world.films["ana"].path

    world.accounts.share(world.films["ana"].path, "bob", remove=True)

    ways = await _ways_in(world)
    assert ways.pop("shared asset") == 404 and set(ways.values()) == {200}, "his own things stay his"
    with pytest.raises(projects.NoAccess):
        await runtime.get_session()
    refused = await world.web.get(f"/api/snapshot?project={world.films['ana'].key}",
                                  auth=httpx.BasicAuth("bob", "bob-password"))
    assert refused.status_code == 404


async def test_a_password_change_logs_out_every_login_made_before(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ways = ("user", "thread list", "thread", "rename", "chat file", "shared asset")
    before = await _login_form(world.web, "bob", "bob-password")
    assert set((await _ways_in(SimpleNamespace(**{**vars(world), "cookie": before}))).values()) == {200}

    world.accounts.set_password("bob", "bobs-new-password")  # as `reelsmith user password bob` does

    await _all_refused(world, (world.cookie, before), ways)
    detail = (await world.web.get("/user", cookies={"access_token": before})).json()["detail"]
    assert detail == "this login of 'bob' is out of date (logged out, a new password, or the account made again): " \
                     "log in again"
    assert (await world.web.post("/login", data={"username": "bob", "password": "bob-password"})).status_code == 401
    after = await _login_form(world.web, "bob", "bobs-new-password")
    assert set((await _ways_in(SimpleNamespace(**{**vars(world), "cookie": after}))).values()) == {200}


async def _all_refused(world: Any, cookies: tuple[str, ...], ways: tuple[str, ...]) -> None:
    """Check that each login cookie opens no way in: every HTTP route answers 401, the socket is refused."""
    for old in cookies:
        assert await _ways_in(SimpleNamespace(**{**vars(world), "cookie": old}), rename="stale") == dict.fromkeys(
            ways, 401)
        with pytest.raises(ConnectionRefusedError):
            await _handshake(old)


async def test_a_logout_ends_every_login_made_before(world: Any, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    ways = ("user", "thread list", "thread", "rename", "chat file", "shared asset")
    before = await _login_form(world.web, "bob", "bob-password")
    ana_before = _cookie(world.accounts, "ana")
    monkeypatch.setenv("REELSMITH_ACCOUNTS_DATABASE_URL", str(world.accounts.engine.url))

    assert await asyncio.to_thread(main, ["user", "logout", "bob"]) == 0  # the command, on the server's store

    await _all_refused(world, (world.cookie, before), ways)
    detail = (await world.web.get("/user", cookies={"access_token": before})).json()["detail"]
    assert "out of date" in detail and "\n" not in detail
    assert (await world.web.get("/user", cookies={"access_token": ana_before})).status_code == 200, "only bob's"
    after = await _login_form(world.web, "bob", "bob-password")  # the same password opens a new login
    assert set((await _ways_in(SimpleNamespace(**{**vars(world), "cookie": after}))).values()) == {200}


async def test_a_login_of_a_removed_user_opens_nothing_for_a_new_one_of_that_name(world: Any) -> None:
    world.accounts.remove_user("bob")
    world.accounts.add_user("bob", "bob-password")  # the same name and even the same password: another account
    world.accounts.claim(world.films["bob"].path, "bob")

    res = await world.web.get("/user", cookies={"access_token": world.cookie})
    assert res.status_code == 401 and "out of date" in res.json()["detail"]
    with pytest.raises(ConnectionRefusedError):
        await _handshake(world.cookie)
    fresh = await _login_form(world.web, "bob", "bob-password")
    assert (await world.web.get("/user", cookies={"access_token": fresh})).status_code == 200


async def test_a_login_without_a_nonce_opens_nothing(world: Any) -> None:
    """A login signed before logins carried a nonce: whether the password changed since is unknown, so no."""
    from chainlit.auth import create_jwt
    from chainlit.user import User

    for metadata in ({}, {"provider": "accounts"}, {"provider": "accounts", "login_nonce": 7}):
        old = create_jwt(User(identifier="bob", metadata=metadata))
        res = await world.web.get("/user", cookies={"access_token": old})
        assert res.status_code == 401, metadata
        assert res.json()["detail"] == "this login of 'bob' is from an older Reelsmith: log in again"
    assert (await world.web.get("/user", cookies={"access_token": world.cookie})).status_code == 200


async def _open_chat(cookie: str, name: str, thread: str | None) -> tuple[str, Any, list[tuple[str, Any]]]:
    """Open a chat socket as a connected page does; return its sid, its session and what it is sent."""
    from chainlit.server import sio
    from chainlit.session import WebsocketSession
    from chainlit.socket import connect

    sid = await sio.manager.connect(f"eio-of-{name}-{cookie[-8:]}", "/")  # the socket, as engine.io opens it
    auth = {"sessionId": f"session-of-{name}-{cookie[-8:]}", "clientType": "webapp", "userEnv": "{}",
            "chatProfile": None, "threadId": thread}
    await connect(sid, {"HTTP_COOKIE": f"access_token={cookie}"}, auth)  # type: ignore[arg-type]
    session = WebsocketSession.get(sid)
    sent: list[tuple[str, Any]] = []

    async def record(event: str, data: Any) -> None:
        sent.append((event, data))

    session.emit = record
    return sid, session, sent


async def _event(sid: str, event: str, *data: Any) -> None:
    """Deliver one event from the page's socket, through the server's own handler table."""
    from chainlit.server import sio

    await sio._trigger_event(event, "/", sid, *data)


async def _drop_socket(sid: str) -> None:
    """Drop a socket from the server's table without telling Chainlit (as a dead connection looks until noticed)."""
    from chainlit.server import sio

    await sio.manager.disconnect(sid, "/", ignore_queue=True)


def _ended(sent: list[tuple[str, Any]]) -> str:
    """Return the one message a chat was sent (its end's notice; the rest is Chainlit's task spinner)."""
    [step] = [data for event, data in sent if event == "new_message"]
    assert step["isError"] and "\n" not in step["output"], step
    return str(step["output"])


@pytest.fixture
async def chats(world: Any) -> AsyncIterator[dict[str, Any]]:
    """Bob's chat on his thread and ana's new one, each on a connected socket; closed after the test."""
    from chainlit.server import sio

    opened = {"bob": await _open_chat(world.cookie, "bob", THREAD),
              "ana": await _open_chat(_cookie(world.accounts, "ana"), "ana", None)}
    try:
        yield opened
    finally:
        for sid, session, _ in opened.values():
            if sio.manager.is_connected(sid, "/"):
                session.to_clear = True
                await sio.disconnect(sid)


async def test_an_open_chat_of_a_logged_out_user_ends_at_its_next_event(world: Any, chats: dict[str, Any]) -> None:
    from chainlit.server import sio
    from chainlit.session import WebsocketSession

    sid, session, sent = chats["bob"]
    await _event(sid, "clear_session")  # a harmless event: while the login holds, Chainlit's handler runs
    assert session.to_clear and sio.manager.is_connected(sid, "/") and sent == []
    session.to_clear = False

    world.accounts.logout("bob")  # as `reelsmith user logout bob` does, from another process

    await _event(sid, "client_message", {"message": {"output": "rewrite scene 2"}, "fileReferences": []})
    assert _ended(sent) == "This chat has ended: this login of 'bob' is out of date (logged out, a new password, " \
                           "or the account made again): log in again."
    assert session.current_task is None, "the message was not handled"
    assert not sio.manager.is_connected(sid, "/"), "the socket is closed"
    assert WebsocketSession.get_by_id(session.id) is None, "and its chat session forgotten at once"

    ana_sid, ana, ana_sent = chats["ana"]
    await _event(ana_sid, "clear_session")
    assert ana.to_clear and sio.manager.is_connected(ana_sid, "/") and ana_sent == [], "ana's chat goes on"


async def test_a_removed_users_chat_ends_at_its_next_event_even_on_a_dropped_socket(world: Any) -> None:
    from chainlit.session import WebsocketSession

    sid, session, sent = await _open_chat(world.cookie, "bob", THREAD)
    await _drop_socket(sid)  # the page's connection dropped: Chainlit keeps the session a while for a reconnect
    world.accounts.remove_user("bob")

    await _event(sid, "chat_settings_change", {"model": "other"})
    assert _ended(sent) == "This chat has ended: there is no account named 'bob' any more: log in again."
    assert session.chat_settings == {}, "the settings were not applied"
    assert WebsocketSession.get_by_id(session.id) is None


async def test_a_stale_login_on_a_request_ends_the_chats_opened_with_it(world: Any, chats: dict[str, Any]) -> None:
    from chainlit.server import sio

    sid, session, sent = chats["bob"]
    world.accounts.set_password("bob", "bobs-new-password")

    clicked = await world.web.post("/project/action", cookies={"access_token": world.cookie}, json={
        "sessionId": session.id, "action": {"name": "decide", "payload": {"decision": "approve"}}})
    assert clicked.status_code == 401
    assert _ended(sent).startswith("This chat has ended: this login of 'bob' is out of date")
    assert not sio.manager.is_connected(sid, "/")
    assert sio.manager.is_connected(chats["ana"][0], "/"), "ana's login was not the stale one"


async def test_an_idle_chat_of_a_logged_out_user_is_ended_by_the_servers_watch(world: Any,
                                                                                 chats: dict[str, Any]) -> None:
    from chainlit.server import sio

    from agent.web_guard import end_stale_chats, watch_open_chats

    source = fixed_accounts(world.accounts)
    assert await end_stale_chats(sio, source) == 0, "every open chat's login holds"
    world.accounts.logout("bob")

    assert await end_stale_chats(sio, source) == 1  # one pass, as the server's watch makes every few seconds
    sid, _, sent = chats["bob"]
    assert _ended(sent).startswith("This chat has ended: this login of 'bob' is out of date")
    assert not sio.manager.is_connected(sid, "/") and sio.manager.is_connected(chats["ana"][0], "/")

    world.accounts.remove_user("ana")
    watch = watch_open_chats(source, every_s=0.01)
    try:
        assert watch_open_chats(source) is watch, "one watch per process"
        for _ in range(3000):  # a bound, not a deadline: the watch ends ana's chat on one of its passes
            if not sio.manager.is_connected(chats["ana"][0], "/"):
                break
            await asyncio.sleep(0.01)
        assert _ended(chats["ana"][2]) == "This chat has ended: there is no account named 'ana' any more: log in again."
    finally:
        watch.cancel()
