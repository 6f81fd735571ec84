"""A running server switches to logins when its first user is added, without a restart, and stays there."""

from __future__ import annotations

import io
import os
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from app_loader import load_app
from fastapi import FastAPI

from agent.accounts import open_accounts
from agent.accounts_live import LiveAccounts
from agent.api import build_router
from agent.cli import main
from agent.config import load_settings

load_app()
from agent.ui import login, projects, routes, runtime  # noqa: E402 - app.py first (it imports chainlit once)

OWN = "http://127.0.0.1:8000"


def _add(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Add a user as an operator would, with the CLI (another process, in real life)."""
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{name}-password\n"))
    assert main(["user", "add", name, "--password-stdin"]) == 0


def test_the_store_is_watched_cheaply_and_stays_on(tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    switched: list[int] = []
    live = LiveAccounts(load_settings(), on_switch=lambda: switched.append(1))
    assert live() is None and not (tmp_home / "accounts.db").exists(), "no store is made just to look"
    open_accounts(load_settings())
    assert live() is None, "a store without users means no accounts"
    _add("ana", monkeypatch)
    store = live()
    assert store is not None and store.verify("ana", "ana-password") and switched == [1]
    assert main(["user", "remove", "ana"]) == 0
    assert live() is store and switched == [1], "a server that has had users keeps asking for logins"


def test_a_write_within_one_clock_tick_is_seen(tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_accounts(load_settings())
    live = LiveAccounts(load_settings())
    assert live() is None
    db = tmp_home / "accounts.db"
    before = db.stat()
    _add("ana", monkeypatch)
    os.utime(db, ns=(before.st_atime_ns, before.st_mtime_ns))  # as if the write fell in the same tick
    assert live() is not None, "the database header's change counter moved"


@pytest.fixture
async def live_ui(tmp_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Any]:
    """The UI modules watching a fresh accounts store (none yet), as a server started without users does."""
    settings = load_settings(projects_root=tmp_path / "projects")
    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "a-secret-for-this-test-only-0123456789abcdef")
    monkeypatch.setattr(projects, "LIVE", LiveAccounts(settings, on_switch=projects._sign_logins_as_accounts))
    monkeypatch.setattr(projects, "SETTINGS", settings)
    monkeypatch.setattr(login, "SETTINGS", settings)
    yield settings
    await projects.close_all()


async def test_the_first_user_switches_a_running_ui_to_logins(live_ui: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from chainlit.auth import create_jwt, decode_jwt
    from chainlit.user import User

    loopback = {"host": "127.0.0.1:8000"}
    assert login.login_config()["headerAuth"] and not login.login_config()["passwordAuth"]
    local = await login.local_user(loopback)
    assert local is not None and local.identifier == login.LOCAL_USER
    before = create_jwt(local)
    assert await projects.chat_profiles(local) == []

    _add("ana", monkeypatch)
    config = login.login_config()
    assert config["passwordAuth"] and not config["headerAuth"] and config["requireLogin"]
    assert await login.local_user(loopback) is None, "nobody is signed in without a password any more"
    with pytest.raises(Exception, match="Signature verification failed"):
        decode_jwt(before)  # the film-maker's login from before accounts opens nothing
    assert await login.password_auth("ana", "wrong-password") is None
    ana = await login.password_auth("ana", "ana-password")
    assert ana is not None and decode_jwt(create_jwt(ana)).identifier == "ana"
    assert [p.name for p in await projects.chat_profiles(ana)] == ["ana", projects.NEW_PROJECT]
    assert await projects.chat_profiles(User(identifier=login.LOCAL_USER)) == []
    monkeypatch.setattr(projects.cl, "context", SimpleNamespace(session=SimpleNamespace(
        user=SimpleNamespace(identifier=login.LOCAL_USER), chat_profile=None)))
    with pytest.raises(projects.NoAccess, match="no account named 'film-maker'"):
        await projects.chat_project()


async def test_the_first_user_switches_the_api_to_logins(live_ui: Any, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    fake = SimpleNamespace(project=SimpleNamespace(path=tmp_path / "film"), snapshot=lambda: {"name": "FILM"})
    monkeypatch.setitem(runtime.state, "session", fake)  # the server's one project, before accounts
    api = FastAPI()
    api.include_router(build_router(routes.session_source, accounts=projects.accounts))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api), base_url=OWN) as client:
        assert (await client.get("/api/snapshot")).json() == {"name": "FILM"}, "no password, no accounts: open"
        _add("ana", monkeypatch)
        refused = await client.get("/api/projects")
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Basic"
        assert (await client.get("/api/projects", auth=("ana", "bob-password"))).status_code == 401
        mine = await client.get("/api/projects", auth=("ana", "ana-password"))
        assert mine.status_code == 404 and "no project yet" in mine.json()["detail"]  # made on her first chat


async def test_a_shared_password_offers_only_the_password_form(live_ui: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import SecretStr

    monkeypatch.setattr(login, "SETTINGS", load_settings(auth_password=SecretStr("shared-password")))
    config = login.login_config()
    assert config["passwordAuth"] and not config["headerAuth"]
    assert await login.local_user({"host": "127.0.0.1:8000"}) is None, "loopback is no way round the password"
    user = await login.password_auth("anyone", "shared-password")
    assert user is not None and await login.password_auth("anyone", "wrong") is None
