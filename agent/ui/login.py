"""Who is chatting: a user's own login with accounts, else the shared password, else the one local film-maker."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

import chainlit as cl
from chainlit.auth import get_configuration

from agent.ui import projects
from agent.ui.runtime import SETTINGS
from agent.web_guard import account_metadata, is_loopback

__all__ = ["LOCAL_USER", "local_user", "login_config", "password_auth"]

LOCAL_USER = "film-maker"


async def password_auth(username: str, password: str) -> cl.User | None:
    """Let a user in with their own password (accounts), else anyone with the shared password.

    With accounts the shared REELSMITH_AUTH_PASSWORD no longer opens anything: each person is who they say.
    Without either, nobody logs in with a password (the login page does not offer it: :func:`login_config`).
    """
    accounts = projects.accounts()
    if accounts is not None:
        nonce = await asyncio.to_thread(accounts.login, username, password)  # scrypt is slow on purpose
        return cl.User(identifier=username, metadata=account_metadata(nonce)) if nonce is not None else None
    secret = SETTINGS.auth_password
    if secret is not None and secrets.compare_digest(password.encode(), secret.get_secret_value().encode()):
        return cl.User(identifier=username or LOCAL_USER)
    return None


async def local_user(headers: Any) -> cl.User | None:
    """Log in the one local film-maker when the page was asked for by a loopback name (no password set).

    The thread list needs a user. Without a password the server only listens on loopback; checking the
    Host header as well keeps a DNS-rebinding page (Host: its own name) out. With a password or accounts
    (even ones added while the server runs) nobody is let in without logging in.
    """
    if SETTINGS.auth_password is not None or projects.accounts() is not None:
        return None
    host = str(headers.get("host", "")).rsplit(":", 1)[0].strip("[]")
    return cl.User(identifier=LOCAL_USER, metadata={"provider": "local"}) if is_loopback(host) else None


def login_config() -> dict[str, Any]:
    """Return what the login page offers, decided now: a password form, or the local film-maker's sign-in.

    app.py registers both of Chainlit's login callbacks, and Chainlit would offer both; this answer (served
    as ``/auth/config``) offers the one that works at this moment, so a running server asks for passwords
    from its first user on.
    """
    password = SETTINGS.auth_password is not None or projects.accounts() is not None
    return {**get_configuration(), "passwordAuth": password, "headerAuth": not password}
