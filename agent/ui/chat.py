"""What a chat does: a turn, a message, an answer to an approval, a command, an upload; all through the session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import chainlit as cl

from agent.session import Session
from agent.ui import jobs, new_project
from agent.ui.messages import LABELS, author_of, safe, say, show_approval
from agent.ui.panel import refresh_views, watch_project
from agent.ui.runtime import chat_settings, get_session
from agent.ui.runtime import thread as this_thread
from agent.ui.settings import show_settings
from agent.ui.turns import turn

__all__ = ["COMMANDS", "NOTE_PROMPT", "cancel_job", "choose", "decide", "end", "message", "replace", "resume",
           "show_view", "start"]

COMMANDS: list[Any] = [
    {"id": "script", "icon": "scroll-text", "description": "Show the screenplay (Story view)"},
    {"id": "board", "icon": "images", "description": "Show the storyboard (Shooting view)"},
    {"id": "assets", "icon": "library", "description": "Show the asset library (Generate view)"},
    {"id": "timeline", "icon": "film", "description": "Show the cut's timeline (Generate view)"},
]
VIEW_OF_COMMAND = {"script": "story", "board": "shooting", "assets": "generate", "timeline": "generate"}
NOTE_PROMPT = "Any note on what to change? Type it and send (or 'none' to skip)."


async def start(*, reopened: bool = False) -> None:
    """Register the commands, open the views and re-show an approval this conversation is waiting for.

    A "New project…" chat asks for its project's title first; its views open once the project is made.
    """
    await cl.context.emitter.set_commands(COMMANDS)
    if new_project.naming():
        await new_project.ask_title()
        return
    session = await get_session()
    await show_settings()
    cl.user_session.set("views_element", None)
    await refresh_views(session)
    watch_project(session)
    jobs.watch_jobs(session)
    waiting = await session.pending(this_thread())
    if waiting is not None:
        await show_approval(waiting, reopened=reopened)


async def resume(stored: Any) -> None:
    """Reopen a stored conversation: the checkpoint says whether an approval is still waiting.

    Chainlit sends the stored messages *after* this callback and they replace what the page shows, so the
    views and the pending approval are posted once that is done (its emitter is this session's own).
    """
    cl.user_session.set("note_for", None)
    cl.user_session.set("approval_actions", [])
    emitter = cl.context.emitter
    send_stored = emitter.resume_thread

    async def send_stored_then_reopen(thread_dict: Any) -> None:
        await send_stored(thread_dict)
        await start(reopened=True)

    emitter.resume_thread = send_stored_then_reopen  # type: ignore[method-assign]  # runs once, for this session


async def message(message: cl.Message) -> None:
    """Handle a new project's title, uploads, commands and a rejection's note, else send the text to the graph."""
    if new_project.naming():
        if await new_project.receive_title(message):
            await start()
        return
    session = await get_session()
    if message.elements:
        # The text sent with files says what they are ("Ida's headshot"); it is not a request.
        for element in message.elements:
            await _import_upload(session, element, message.content)
        await refresh_views(session)
        return
    command = _command(message)
    if command:
        await show_view(session, command)
        return
    if cl.user_session.get("note_for"):
        await _reject_with_note(session, message.content)
        return
    if message.content.strip():
        await _remove_buttons()
        await turn(session, session.send(this_thread(), message.content, settings=chat_settings(session)))


def _command(message: Any) -> str:
    """Return the chosen command (from the Tools menu, or typed as ``/name``), or an empty string."""
    if getattr(message, "command", None):
        return str(message.command).lower()
    words = message.content[1:].split() if message.content.startswith("/") else []
    return words[0].lower() if words else ("help" if message.content.strip() == "/" else "")


async def _remove_buttons() -> None:
    for action in cl.user_session.get("approval_actions") or []:
        if hasattr(action, "remove"):  # a reopened chat's stored session holds no live buttons
            await action.remove()
    cl.user_session.set("approval_actions", [])


async def decide(action: cl.Action) -> None:
    """Answer this chat's pending approval with the clicked option; a stale button changes nothing.

    A rejection asks for a note and returns at once: the note arrives as the next message. (A callback
    that waited for it would keep every button of the chat disabled until it returned.)
    """
    session = await get_session()
    # The thread is this chat's, never the payload's.
    thread, decision = this_thread(), str(action.payload.get("decision"))
    waiting = await session.pending(thread)
    if waiting is None or waiting["title"] != action.payload.get("title"):
        await action.remove()
        await say("That approval was already answered; nothing changed.")
        return
    await _remove_buttons()
    await action.remove()
    if decision == "reject" and "reject" in waiting["options"]:
        cl.user_session.set("note_for", waiting["title"])
        await say(NOTE_PROMPT)
        return
    await say(f"You chose: {LABELS.get(decision, decision)}.")
    await turn(session, session.resume(thread, decision, None, settings=chat_settings(session)))


async def _reject_with_note(session: Session, text: str) -> None:
    """Reject the approval the note was asked for, with the note (if it is still waiting)."""
    title = cl.user_session.get("note_for")
    cl.user_session.set("note_for", None)
    thread = this_thread()
    waiting = await session.pending(thread)
    if waiting is None or waiting["title"] != title:
        await say("That approval was already answered; nothing changed.")
        return
    note = "" if text.strip().lower().rstrip(".") in ("", "none", "no", "skip") else text.strip()
    await say("You chose: Reject" + (f" (note: {safe(note)})." if note else "."))
    await turn(session, session.resume(thread, "reject", note or None, settings=chat_settings(session)))


async def replace(action: cl.Action) -> None:
    """Answer a staged screenplay replacement (approve replaces; cancel keeps the current one)."""
    session = await get_session()
    await _remove_buttons()
    await action.remove()
    event = session.uploads.decide(str(action.payload.get("token")), str(action.payload.get("decision")))
    await say(safe(event["text"]), author_of(event))
    await refresh_views(session)


async def show_view(session: Session, command: str) -> None:
    """Answer /script, /board, /assets and /timeline by opening that view in the side panel."""
    view = VIEW_OF_COMMAND.get(command)
    if view is None:
        names = ", ".join("/" + c["id"] for c in COMMANDS)
        await say(f"Unknown command /{safe(command)}; try {names}.")
        return
    await refresh_views(session, tab=view)
    lines = [f"Opened the {view.title()} view in the side panel."]
    if view == "story":
        lines += [f"{sc['number']}. {safe(sc['heading'])} (v{sc['version']})" + (" · stale" if sc["stale"] else "")
                  for sc in session.views()["story"]["scenes"]]
    await say("\n".join([*lines, "", safe(session.overview())]))


async def _import_upload(session: Session, element: Any, said: str) -> None:
    """Import one upload through the session; a screenplay that would replace scenes asks first."""
    name, path = str(getattr(element, "name", "")), getattr(element, "path", None)
    if not path:
        return
    event = session.uploads.receive(name, Path(path).read_bytes(), said)
    if event["type"] == "approval":
        await show_approval(event)
    else:
        await say(safe(event["text"]), author_of(event))


async def choose(action: cl.Action) -> None:
    """Send the request an option stands for, as if the film-maker had typed it."""
    session = await get_session()
    request = str(action.payload.get("request") or "").strip()
    await _remove_buttons()
    await action.remove()
    if not request:
        return
    await cl.Message(content=request, author="You", type="user_message").send()
    await turn(session, session.send(this_thread(), request, settings=chat_settings(session)))


async def cancel_job(action: cl.Action) -> None:
    """Cancel the job a card's Cancel button stands for."""
    await jobs.cancel(await get_session(), action)


async def end() -> None:
    """Stop this page's background work when its chat ends."""
    jobs.stop_watching()
