"""Who is chatting: the shared password when one is set, else the one local film-maker on a loopback address."""

from __future__ import annotations

import secrets
from typing import Any

import chainlit as cl

from agent.ui.runtime import SETTINGS
from agent.web_guard import is_loopback

__all__ = ["LOCAL_USER", "local_user", "password_auth"]

LOCAL_USER = "film-maker"


async def password_auth(username: str, password: str) -> cl.User | None:
    """Let anyone with the shared password in (only active when REELSMITH_AUTH_PASSWORD is set)."""
    secret = SETTINGS.auth_password
    if secret is not None and secrets.compare_digest(password.encode(), secret.get_secret_value().encode()):
        return cl.User(identifier=username or LOCAL_USER)
    return None


async def local_user(headers: Any) -> cl.User | None:
    """Log in the one local film-maker when the page was asked for by a loopback name (no password set).

    The thread list needs a user. Without a password the server only listens on loopback; checking the
    Host header as well keeps a DNS-rebinding page (Host: its own name) out.
    """
    host = str(headers.get("host", "")).rsplit(":", 1)[0].strip("[]")
    return cl.User(identifier=LOCAL_USER, metadata={"provider": "local"}) if is_loopback(host) else None
