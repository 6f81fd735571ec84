"""A logged-in user makes a new project from the picker's "New project…" chat; a bad title makes nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from app_loader import load_app
from sqlalchemy import create_engine

from agent.accounts import AccountError, Accounts
from agent.accounts_live import fixed_accounts
from agent.config import load_settings
from agent.formats.errors import FountainError
from agent.new_project import create_project
from agent.session import Session
from agent.web_guard import account_metadata

load_app()
from agent.ui import new_project, projects  # noqa: E402 - app.py first (it imports chainlit once)

REPO = Path(__file__).resolve().parent.parent
SCRIPT = "Title: Harbour\n\nEXT. HARBOUR - NIGHT\n\nGulls over black water.\n\nMIRA\nWe're late.\n"


def _listing(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@pytest.fixture
def store(tmp_path: Path, tmp_home: Path) -> Accounts:
    accounts = Accounts(create_engine(f"sqlite:///{tmp_path / 'accounts.db'}"), projects_root=tmp_path / "projects")
    accounts.add_user("ana", "ana-password")
    accounts.add_user("bob", "bob-password")
    return accounts


async def test_a_title_makes_an_owned_project_and_bad_ones_make_nothing(store: Accounts, tmp_path: Path) -> None:
    settings = load_settings()
    bad = ["", "   ", "x" * 61, "!!! ???", "two\nlines"]
    for title in bad:
        with pytest.raises(AccountError) as err:
            create_project(store, "ana", title, settings=settings)
        assert "\n" not in str(err.value), title
    with pytest.raises(AccountError, match="no user named carl"):
        create_project(store, "carl", "Night Bus", settings=settings)
    broken = tmp_path / "broken.fountain"
    broken.write_bytes(b"\xff\xfe not a screenplay \x00")
    with pytest.raises(FountainError):
        create_project(store, "ana", "Broken", settings=settings, screenplay=broken)
    assert _listing(store.projects_root) == [] and store.projects_of("ana") == [], "nothing was made"

    ref = create_project(store, "ana", "  Night Bus ", settings=settings)
    assert ref.path == (store.projects_root / "ana+night-bus").resolve() and ref.name == "night-bus"
    assert [r.key for r in store.projects_of("ana")] == [ref.key] and store.projects_of("bob") == []
    session = await Session.open(ref.path, settings=settings)
    try:
        assert session.snapshot()["name"] == "Night Bus" and session.snapshot()["scenes"], "the demo, titled"
    finally:
        await session.close()
    for title in ("night bus", "NIGHT-BUS!"):
        with pytest.raises(AccountError, match="already have a project called night-bus"):
            create_project(store, "ana", title, settings=settings)
    theirs = create_project(store, "bob", "Night Bus", settings=settings)
    assert theirs.key != ref.key, "another user's namesake is their own"

    script = tmp_path / "harbour.fountain"
    script.write_text(SCRIPT)
    own = create_project(store, "ana", "Harbour", settings=settings, screenplay=script)
    session = await Session.open(own.path, settings=settings)
    try:
        assert [s["heading"] for s in session.snapshot()["scenes"]] == ["EXT. HARBOUR - NIGHT"]
    finally:
        await session.close()


class _UserSession(dict):  # type: ignore[type-arg]
    """Stands in for Chainlit's per-chat user session (get/set)."""

    def set(self, key: str, value: Any) -> None:
        self[key] = value


@pytest.fixture
async def new_chat(store: Accounts, tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Any]:
    """A "New project…" chat of ana's, as Chainlit's context would give it; what it says is collected."""
    monkeypatch.setattr(projects, "LIVE", fixed_accounts(store))
    monkeypatch.setattr(projects, "SETTINGS", load_settings())
    chat = SimpleNamespace(session=SimpleNamespace(user=SimpleNamespace(identifier="ana"), thread_id="thread-of-ana",
                                                   chat_profile=projects.NEW_PROJECT), said=[], shown=[],
                           user_session=_UserSession())
    monkeypatch.setattr(projects.cl, "context", SimpleNamespace(session=chat.session))
    monkeypatch.setattr("chainlit.element.context", SimpleNamespace(session=chat.session))
    monkeypatch.setattr(projects.cl, "user_session", chat.user_session)

    async def say(text: str, *args: Any, **kwargs: Any) -> None:
        chat.said.append(text)
        chat.shown.append([(type(e).__name__, e.name) for e in kwargs.get("elements") or []])

    monkeypatch.setattr(new_project, "say", say)
    yield chat
    await projects.close_all()


def _message(text: str, *files: Path) -> Any:
    return SimpleNamespace(content=text, elements=[SimpleNamespace(name=f.name, path=str(f)) for f in files])


async def test_the_new_project_chat_makes_and_opens_the_project(new_chat: Any, store: Accounts,
                                                                tmp_path: Path) -> None:
    profiles = [p.name for p in await projects.chat_profiles(new_chat.session.user)]
    assert profiles == ["ana", projects.NEW_PROJECT], "her own project, then the way to a new one"
    before = _listing(store.projects_root)
    assert new_project.naming()
    with pytest.raises(projects.NoProjectYet):
        await projects.chat_project()  # nothing to work on before the title

    note = tmp_path / "notes.txt"
    note.write_text("not a screenplay")
    for message in (_message("  "), _message("x" * 80), _message("ana"), _message("Film", note)):
        assert not await new_project.receive_title(message)
        said = new_chat.said.pop()
        assert said.startswith("Error: ") and "nothing was made" in said and "\n" not in said, said
    assert _listing(store.projects_root) == before and new_project.naming(), "still asking, nothing made"

    assert await new_project.receive_title(_message("The Long Night"))
    assert "**the-long-night**" in new_chat.said.pop()
    assert new_chat.shown[-1] == [("CustomElement", new_project.PICKER_ELEMENT)], "the page reads its picker again"
    assert all(not shown for shown in new_chat.shown[:-1]), "a refused title changes no picker"
    assert not new_project.naming()
    made = await projects.chat_project()
    assert made.name == "the-long-night" and made.owner == "ana"
    assert (await projects.chat_session()).project.path == made.path
    profiles = [p.name for p in await projects.chat_profiles(new_chat.session.user)]
    assert profiles == ["ana", "the-long-night", projects.NEW_PROJECT]
    assert [p.name for p in await projects.chat_profiles(SimpleNamespace(identifier="bob"))][:-1] == ["bob"]


async def test_the_page_reads_the_new_project_into_its_picker(new_chat: Any, store: Accounts) -> None:
    """The element the new project's message carries reads /project/settings again: it lists the project now."""
    import httpx
    from chainlit.auth import create_jwt
    from chainlit.server import app
    from chainlit.user import User

    element = (REPO / "public" / "elements" / f"{new_project.PICKER_ELEMENT}.jsx").read_text()
    assert 'api.get("/project/settings")' in element and "chatProfiles: fresh.chatProfiles" in element
    ana = User(identifier="ana", metadata=account_metadata(store.login_nonce("ana") or ""))
    login = {"authorization": f"Bearer {create_jwt(ana)}"}

    async def picker() -> list[str]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1:8000") as web:
            res = await web.get("/project/settings", headers=login)
        assert res.status_code == 200, res.text
        return [p["name"] for p in res.json()["chatProfiles"]]

    assert await picker() == ["ana", projects.NEW_PROJECT]
    assert await new_project.receive_title(_message("Night Ferry"))
    assert await picker() == ["ana", "night-ferry", projects.NEW_PROJECT]
