"""One turn in the chat: its events rendered, new exports offered as downloads, the side panel refreshed.

Both a person's message (``chat``) and a finished job (``jobs``) come into the chat as a turn, so this sits
below both.
"""

from __future__ import annotations

from typing import Any

import chainlit as cl

from agent.session import Session
from agent.ui.messages import render, safe, say
from agent.ui.panel import refresh_views
from agent.ui.runtime import thread as this_thread
from agent.ui.runtime import thread_lock

__all__ = ["render_turn", "turn"]


async def turn(session: Session, events: Any) -> None:
    """Render one turn under this thread's lock (a finished job is not delivered in the middle of it)."""
    async with thread_lock(this_thread()):
        await render_turn(session, events)


async def render_turn(session: Session, events: Any) -> None:
    """Render one turn, then offer new exports as downloads and refresh the side panel (the caller holds the lock)."""
    before = set(session.exports())
    # Previews are shown once per turn (a preview event and its approval carry the same file), but an
    # earlier turn's picture is shown again: a re-use offer points at a still the chat has already seen.
    cl.user_session.set("shown", [])
    await render(events)
    new = [p for p in session.exports() if p not in before]
    if new:
        files = [cl.File(path=str(p), name=p.name, display="inline") for p in reversed(new)]
        await say("Ready to download: " + ", ".join(safe(p.name) for p in reversed(new)) + ".", "Editor",
                  elements=files)
    await refresh_views(session)
