"""The UI process's one session on the project, and the running chat's own settings and thread."""

from __future__ import annotations

import asyncio
from typing import Any

import chainlit as cl

from agent.config import Settings
from agent.session import Session, tighten_settings
from agent.ui import projects
from agent.ui.operator import SETTINGS
from agent.ui_server import ensure_project

__all__ = ["SETTINGS", "get_session", "close_session", "chat_settings", "thread", "thread_lock", "state"]

state: dict[str, Any] = {"session": None}
"""The process's one session (tests put their own in)."""
_lock = asyncio.Lock()
_thread_locks: dict[str, asyncio.Lock] = {}


async def get_session() -> Session:
    """Open (once) the session on the project: one project, one checkpointer, settings per call.

    With accounts, the session on this chat's project, checked against its user (``agent.ui.projects``).
    """
    if projects.accounts() is not None:
        return await projects.chat_session()
    async with _lock:
        if state["session"] is None:
            ensure_project(SETTINGS.project, settings=SETTINGS)  # `chainlit run app.py` without `reelsmith serve`
            opened = await Session.open(SETTINGS.project, settings=SETTINGS)
            opened.enable_jobs()  # long work runs as jobs; this process's workers run them
            state["session"] = opened
    session: Session = state["session"]
    return session


async def close_session() -> None:
    """Close the process's session when the server stops: its job workers, checkpointer and database connections."""
    async with _lock:
        session, state["session"] = state["session"], None
    if session is not None:
        await session.close()
    await projects.close_all()


def chat_settings(session: Session) -> Settings | None:
    """Return this chat's settings (the operator's, tightened by the chat), or None for the operator's."""
    values = cl.user_session.get("chat_settings_values")
    return tighten_settings(session.settings, values) if values else None


def thread() -> str:
    """Return this chat's thread id (Chainlit's), which is also its LangGraph thread."""
    return str(cl.context.session.thread_id)


def thread_lock(thread_id: str) -> asyncio.Lock:
    """Return the lock one thread's turns hold (a finished job is delivered only when no turn is running)."""
    return _thread_locks.setdefault(thread_id, asyncio.Lock())
