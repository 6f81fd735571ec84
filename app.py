"""Reelsmith's Chainlit UI: registers Chainlit's callbacks; the work is done in ``agent.ui`` through ``agent.session``.

Nothing here reads the project or calls tools: a chat event goes to ``agent.ui.chat``, which drives the one
session; the side panel, settings, routes, login and chat records each have their module under ``agent/ui``.
"""

from __future__ import annotations

import os
from typing import Any

import chainlit as cl
from chainlit.config import config as cl_config
from chainlit.data.sql_alchemy import SQLAlchemyDataLayer

from agent.api import build_router
from agent.chat_store import ui_secret
from agent.config import load_settings
from agent.ui import chat, projects
from agent.ui.chat import NOTE_PROMPT
from agent.ui.limits import LIMITS_ROUTE
from agent.ui.login import local_user, password_auth
from agent.ui.messages import render
from agent.ui.persistence import chat_data_layer
from agent.ui.routes import mount, session_source, ui_router
from agent.ui.runtime import SETTINGS, chat_settings, close_session, get_session, state
from agent.ui.settings import apply_settings
from agent.web_guard import harden_chainlit, watch_open_chats

__all__ = ["NOTE_PROMPT", "chat_settings", "get_session", "render", "state"]

STARTERS = [
    ("Pitch me a logline", "Pitch me a logline"),
    ("Rewrite scene 3 darker", "Rewrite scene 3 darker"),
    ("Break scene 2 into shots", "Break scene 2 into shots"),
    ("Make an animatic of scene 1", "Make an animatic of scene 1"),
]
"""The example requests an empty chat offers (kept out of agent/: none of agent's text may echo an eval)."""


@cl.set_starters
async def starters(user: cl.User | None = None, language: str | None = None) -> list[cl.Starter]:
    """Offer the four example requests on an empty chat."""
    return [cl.Starter(label=label, message=message) for label, message in STARTERS]


@cl.on_chat_start
async def on_chat_start() -> None:
    """Open a chat: commands, settings, the views, and an approval this conversation is waiting for."""
    await chat.start()


@cl.on_chat_resume
async def on_chat_resume(thread: Any) -> None:
    """Reopen a stored conversation (the checkpoint says whether an approval is still waiting)."""
    await chat.resume(thread)


@cl.on_message
async def on_message(message: cl.Message) -> None:
    """Handle a message: uploads, commands, a rejection's note, else a turn of the graph."""
    await chat.message(message)


@cl.action_callback("decide")
async def on_decide(action: cl.Action) -> None:
    """Answer this chat's pending approval with the clicked option."""
    await chat.decide(action)


@cl.action_callback("choose")
async def on_choose(action: cl.Action) -> None:
    """Send the request a clicked option stands for."""
    await chat.choose(action)


@cl.action_callback("replace")
async def on_replace(action: cl.Action) -> None:
    """Answer a staged screenplay replacement."""
    await chat.replace(action)


@cl.action_callback("cancel_job")
async def on_cancel_job(action: cl.Action) -> None:
    """Cancel the job a card stands for."""
    await chat.cancel_job(action)


@cl.on_chat_end
async def on_chat_end() -> None:
    """Stop the chat's job watcher."""
    await chat.end()


@cl.on_app_startup
async def on_app_startup() -> None:
    """End, every few seconds, the open chats whose login was removed or logged out since (with accounts)."""
    watch_open_chats(projects.accounts)


@cl.on_app_shutdown
async def on_app_shutdown() -> None:
    """Close the project's one session when the server stops (Chainlit's lifespan ends the process next)."""
    await close_session()


@cl.on_settings_update
async def on_settings_update(values: dict[str, Any]) -> None:
    """Apply a chat's settings when they only tighten the operator's; else say why and show the effective ones."""
    await apply_settings(values)


@cl.data_layer
def data_layer() -> SQLAlchemyDataLayer:
    """Keep threads, messages, previews and chat settings (SQLite under REELSMITH_HOME, or the URL set)."""
    return chat_data_layer(SETTINGS)


# Both logins are registered: which one applies is decided per request (agent.ui.login), so the first
# `reelsmith user add` switches a running server to accounts. With accounts a new chat picks a project.
cl.password_auth_callback(password_auth)
cl.header_auth_callback(local_user)
cl.set_chat_profiles(projects.chat_profiles)
os.environ.setdefault("CHAINLIT_AUTH_SECRET", ui_secret(SETTINGS.home))
projects.accounts()  # with accounts already on, logins are signed as accounts' from the start
mount(build_router(session_source, writes=True, password=SETTINGS.auth_password.get_secret_value()
                   if SETTINGS.auth_password else None, accounts=projects.accounts))
mount(ui_router())
cl_config.ui.custom_js = LIMITS_ROUTE  # the page refuses what the socket would drop, before sending it
# Only our own origin (and configured ones) may use the HTTP routes and socket.
harden_chainlit(load_settings(), accounts=projects.accounts)
