"""The picker's "New project…" chat: it asks for a title, makes the project for its user, then works on it.

The title comes as the chat's next message (a callback waiting for it would keep the chat's buttons
disabled); a .fountain attached to it is the screenplay, else the demo's. A bad title or screenplay gets one
line and nothing is made, and the chat asks again. The page reads the picker's list once, so the message that
says the project was made carries ``public/elements/ProjectPicker.jsx``, which has the page read it again.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import chainlit as cl

from agent.accounts import AccountError
from agent.formats.errors import FountainError
from agent.new_project import MAX_TITLE, create_project
from agent.ui import projects
from agent.ui.messages import safe, say

__all__ = ["ASK_TITLE", "PICKER_ELEMENT", "naming", "ask_title", "receive_title"]

ASK_TITLE = (f"What is the new project called? Send its title (up to {MAX_TITLE} characters). It starts from the "
             "demo screenplay; attach a .fountain file to the title to start from yours.")
PICKER_ELEMENT = "ProjectPicker"
"""The custom element (``public/elements/ProjectPicker.jsx``) that makes the page list the user's projects anew."""


def naming() -> bool:
    """Tell whether this chat is a "New project…" chat still waiting for its title."""
    if projects.accounts() is None:  # first: without accounts no chat is a "New project…" one
        return False
    return (getattr(cl.context.session, "chat_profile", None) == projects.NEW_PROJECT
            and not cl.user_session.get(projects.NEW_PROJECT_KEY))


async def ask_title() -> None:
    """Ask for the new project's title (the chat's start, and again after a refused one)."""
    await say(ASK_TITLE)


def _screenplay(elements: list[Any]) -> Path | None:
    """Return the attached .fountain file, None without one; refuse anything else in one line."""
    files = [e for e in elements if getattr(e, "path", None)]
    if not files:
        return None
    if len(files) > 1 or not str(getattr(files[0], "name", "")).lower().endswith(".fountain"):
        raise AccountError("attach one .fountain screenplay (or none, to start from the demo)")
    return Path(files[0].path)


async def receive_title(message: cl.Message) -> bool:
    """Make the project a title message names and open it in this chat; tell whether it was made."""
    user = getattr(cl.context.session, "user", None)
    store = projects.accounts()
    if user is None or store is None:
        raise projects.NoAccess("log in to make a project")
    try:
        screenplay = _screenplay(list(message.elements or []))
        ref = await asyncio.to_thread(create_project, store, str(user.identifier), message.content,
                                      settings=projects.SETTINGS, screenplay=screenplay)
    except (AccountError, FountainError) as exc:
        await say(f"Error: {safe(str(exc))}; nothing was made. {ASK_TITLE}")
        return False
    cl.user_session.set(projects.NEW_PROJECT_KEY, ref.key)
    await say(f"Made your project **{safe(ref.name)}**; this chat works on it now, and the project menu "
              "lists it for your next chats.", elements=[cl.CustomElement(name=PICKER_ELEMENT, display="inline")])
    return True
