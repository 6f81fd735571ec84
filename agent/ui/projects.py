"""Several projects on one server, with accounts: each chat works on one of its user's projects.

Without accounts nothing here is used: the server opens its one project (``agent.ui.runtime``). Whether
accounts are on is asked on every use (:func:`accounts`), so the first ``reelsmith user add`` switches a
running server to logins. With accounts, the project picker is Chainlit's chat profiles: a new chat offers the
user's own projects and those shared with them (a user with none gets their own, made from the demo under the
projects root); the pick is kept with the thread, so a reopened chat is back on its project. The browser says
which profile it picked, so every use checks again that this user may use that project.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
from pathlib import Path
from typing import Any

import chainlit as cl

from agent.accounts import Accounts, ProjectRef
from agent.accounts_live import AccountsSource, LiveAccounts
from agent.session import Session
from agent.ui.operator import SETTINGS
from agent.ui_server import ensure_project

__all__ = ["LIVE", "NEW_PROJECT", "NoProjectYet", "accounts", "chat_profiles", "chat_project", "chat_session",
           "close_all", "profile_name", "session_for", "user_projects", "NoAccess", "NEW_PROJECT_KEY"]

_SECRET = "CHAINLIT_AUTH_SECRET"


def _sign_logins_as_accounts() -> None:
    """Sign logins with a key of accounts mode's own, so a login made before accounts existed opens nothing.

    Chainlit reads the key from the environment each time it signs or checks a login. The new key is derived
    from the old one, so every server sharing a key derives the same one, before and after a restart.
    """
    base = os.environ.get(_SECRET)
    if base:
        os.environ[_SECRET] = hmac.new(base.encode(), b"reelsmith accounts", hashlib.sha256).hexdigest()


LIVE: AccountsSource = LiveAccounts(SETTINGS, on_switch=_sign_logins_as_accounts)
"""Where the accounts come from: the store while it holds (or has held) a user; tests put a fixed one in."""
_sessions: dict[Path, Session] = {}
_lock = asyncio.Lock()


NEW_PROJECT = "New project…"
"""The picker's last entry: a chat that makes a new project (``agent.ui.new_project``) and then works on it."""
NEW_PROJECT_KEY = "new_project_key"
"""Where a "New project…" chat keeps the key of the project it made (in its user session, kept with the thread)."""


class NoAccess(PermissionError):
    """The chat's user may not use the project it names; the message is one line."""


class NoProjectYet(NoAccess):
    """A "New project…" chat has not made its project yet."""


def accounts() -> Accounts | None:
    """Return the accounts store when the server is in accounts mode, else None (checked cheaply per use)."""
    return LIVE()


def profile_name(ref: ProjectRef, refs: list[ProjectRef]) -> str:
    """Return the picker's name for a project: its folder name, told apart from a namesake when needed."""
    name = ref.name if not ref.shared else f"{ref.name} (shared by {ref.owner})"
    if sum(1 for r in refs if r.name == ref.name and r.shared == ref.shared and r.owner == ref.owner) > 1:
        name += f" [{ref.key[:6]}]"
    return name


async def user_projects(user: str) -> list[ProjectRef]:
    """Return the projects ``user`` may use; a user who owns none gets their own, made from the demo."""
    store = accounts()
    if store is None or not await asyncio.to_thread(store.is_user, user):
        # A login from before accounts (the local film-maker) or of a removed user: nothing is theirs.
        raise NoAccess(f"there is no account named {user[:40]!r}: log out and log in with your own")
    refs = await asyncio.to_thread(store.projects_of, user)
    if any(not r.shared for r in refs):
        return refs
    folder = store.own_folder(user)
    await asyncio.to_thread(ensure_project, folder, settings=SETTINGS)
    await asyncio.to_thread(store.claim, folder, user)
    return await asyncio.to_thread(store.projects_of, user)


async def chat_profiles(user: Any = None, language: str | None = None) -> list[Any]:
    """List the user's projects as the chat profiles a new chat picks from (none without accounts)."""
    if user is None or accounts() is None:
        return []
    try:
        refs = await user_projects(str(user.identifier))
    except NoAccess:  # its chat says why when it starts
        return []
    profiles = [cl.ChatProfile(name=profile_name(r, refs), default=i == 0,
                               markdown_description=f"Work on **{r.name}**"
                               + (f", shared with you by {r.owner}." if r.shared else ", your project."))
                for i, r in enumerate(refs)]
    return [*profiles, cl.ChatProfile(name=NEW_PROJECT, markdown_description="Start a new project of your own: "
                                      "give it a title (it starts from the demo, or from a .fountain you attach).")]


async def chat_project() -> ProjectRef:
    """Return the project this chat works on, after checking its user may use it."""
    session = cl.context.session
    user = getattr(session, "user", None)
    if user is None:
        raise NoAccess("log in to use a project")
    refs = await user_projects(str(user.identifier))
    picked = getattr(session, "chat_profile", None)
    if not picked:
        return refs[0]
    if picked == NEW_PROJECT:
        key = cl.user_session.get(NEW_PROJECT_KEY)
        made = next((r for r in refs if r.key == key), None) if key else None
        if made is None:
            raise NoProjectYet("this chat makes a new project: send its title first")
        return made
    ref = next((r for r in refs if profile_name(r, refs) == picked), None)
    if ref is None:
        raise NoAccess(f"you may not use the project {str(picked)[:60]!r}; start a new chat and pick one of yours")
    return ref


async def session_for(folder: Path) -> Session:
    """Open (once) the session on one project folder; its jobs run in this process's workers."""
    folder = folder.resolve()
    async with _lock:
        if folder not in _sessions:
            opened = await Session.open(folder, settings=SETTINGS)
            opened.enable_jobs()
            _sessions[folder] = opened
        return _sessions[folder]


async def chat_session() -> Session:
    """Return the session on this chat's project (checked against its user)."""
    return await session_for((await chat_project()).path)


async def close_all() -> None:
    """Close every project's session when the server stops."""
    async with _lock:
        opened = list(_sessions.values())
        _sessions.clear()
    for session in opened:
        await session.close()
