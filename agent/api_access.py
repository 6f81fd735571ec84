"""Who may use ``/api``, and on which project: the shared password, or a user's own login and projects.

Without accounts the API serves the one project the server opened, behind the shared password when one is
set. With accounts, every request gives a user name and password (HTTP Basic) and names one of that user's
projects (``?project=KEY``, see ``GET /api/projects``; a user with one project may leave it out). The
router's dependency records the granted project for the request (a context variable: FastAPI awaits an
async dependency in the request's own task), and the session source opens that project's session.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass

from fastapi import Depends, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from agent.accounts import Accounts, ProjectRef
from agent.accounts_live import AccountsSource

__all__ = ["ApiAccess", "granted_project", "requested_key", "chat_threads_visible"]

_basic = HTTPBasic(auto_error=False)
_CREDENTIALS = Depends(_basic)
_PROJECT = Query(None, min_length=1, max_length=64, description="The project's key (see /api/projects).")
_granted: ContextVar[ProjectRef | None] = ContextVar("reelsmith_api_project", default=None)
_requested: ContextVar[str | None] = ContextVar("reelsmith_api_key", default=None)
_user: ContextVar[str | None] = ContextVar("reelsmith_api_user", default=None)


def granted_project() -> ProjectRef | None:
    """Return the project this request was granted (accounts only; None without accounts)."""
    return _granted.get()


def requested_key() -> str | None:
    """Return the ``?project=`` key this request gave, if any (checked by the source without accounts)."""
    return _requested.get()


def chat_threads_visible() -> bool:
    """Tell whether this request may see chat threads' approvals (not with accounts: a chat is its user's)."""
    return _user.get() is None


def _unauthorized(text: str) -> HTTPException:
    return HTTPException(401, text, headers={"WWW-Authenticate": "Basic"})


@dataclass(frozen=True)
class ApiAccess:
    """The API's rule: no password, the shared password, or accounts (which take precedence)."""

    password: str | None = None
    accounts: AccountsSource = lambda: None
    """Returns the accounts store while the server is in accounts mode (asked per request)."""

    def dependency(self) -> Callable[..., Awaitable[None]]:
        """Return the router-wide dependency that checks the caller and grants the request its project."""

        async def check(credentials: HTTPBasicCredentials | None = _CREDENTIALS,
                        project: str | None = _PROJECT) -> None:
            _granted.set(None)
            _requested.set(project)
            _user.set(None)
            accounts = await run_in_threadpool(self.accounts)
            if accounts is not None:
                user = await self._user(accounts, credentials)
                _user.set(user)
                _granted.set(await run_in_threadpool(self._project, accounts, user, project))
            elif self.password is not None:
                given = credentials.password if credentials is not None else ""
                if not secrets.compare_digest(given.encode(), self.password.encode()):
                    raise _unauthorized("a password is required")

        return check

    @staticmethod
    async def _user(accounts: Accounts, credentials: HTTPBasicCredentials | None) -> str:
        if credentials is None or not credentials.username:
            raise _unauthorized("a user name and password are required")
        ok = await run_in_threadpool(accounts.verify, credentials.username, credentials.password)
        if not ok:
            raise _unauthorized("wrong user name or password")
        return credentials.username

    @staticmethod
    def _project(accounts: Accounts, user: str, key: str | None) -> ProjectRef:
        if key is not None:
            ref = accounts.project_for(user, key)
            if ref is None:  # someone else's and no project at all look the same
                raise HTTPException(404, f"you have no project {key}")
            return ref
        refs = accounts.projects_of(user)
        if len(refs) == 1:
            return refs[0]
        if not refs:
            raise HTTPException(404, "you have no project yet (open the chat once, or ask for one to be shared)")
        raise HTTPException(400, "name the project with ?project=KEY: " + ", ".join(f"{r.key} ({r.name})"
                                                                                  for r in refs))

    def projects(self) -> list[dict[str, object]]:
        """Return the caller's projects as ``/api/projects`` lists them (accounts only)."""
        user, accounts = _user.get(), self.accounts()
        if accounts is None or user is None:
            return []
        return [{"key": r.key, "name": r.name, "owner": r.owner, "shared": r.shared}
                for r in accounts.projects_of(user)]
