"""Reelsmith's Chainlit UI: maps chat events onto ``agent.session``; no business logic lives here."""

from __future__ import annotations

import asyncio
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

import chainlit as cl
from chainlit.auth import get_current_user
from chainlit.config import config as cl_config
from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.server import app as _server
from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import FileResponse, Response

from agent.api import build_router
from agent.chat_store import FILES_ROUTE, ui_secret
from agent.config import Settings, load_settings
from agent.session import Session, tighten_settings
from agent.ui.limits import LIMITS_ROUTE, limits_script
from agent.ui.persistence import chat_data_layer, chat_storage
from agent.ui.refresh import ViewsWatcher
from agent.ui_server import ensure_project, is_loopback
from agent.web_guard import MAX_SOCKET_MESSAGE_BYTES, harden_chainlit
from agent.workspace import ASSET_ROUTE, EXPORT_ROUTE

if TYPE_CHECKING:
    from agent.project import Project

AUTHORS = {"writer": "Writer", "designer": "Designer", "cinematographer": "Cinematographer", "editor": "Editor"}
LABELS = {"approve": "Approve", "reject": "Reject", "regenerate": "Regenerate", "use_existing": "Use existing",
          "generate_new": "Generate new", "cancel": "Cancel"}  # fmt: skip
STARTERS = [
    ("Pitch me a logline", "Pitch me a logline"),
    ("Rewrite scene 3 darker", "Rewrite scene 3 darker"),
    ("Break scene 2 into shots", "Break scene 2 into shots"),
    ("Make an animatic of scene 1", "Make an animatic of scene 1"),
]
COMMANDS: list[Any] = [
    {"id": "script", "icon": "scroll-text", "description": "Show the screenplay (Story view)"},
    {"id": "board", "icon": "images", "description": "Show the storyboard (Shooting view)"},
    {"id": "assets", "icon": "library", "description": "Show the asset library (Generate view)"},
    {"id": "timeline", "icon": "film", "description": "Show the cut's timeline (Generate view)"},
]
VIEW_OF_COMMAND = {"script": "story", "board": "shooting", "assets": "generate", "timeline": "generate"}
NOTE_PROMPT = "Any note on what to change? Type it and send (or 'none' to skip)."
LOCAL_USER = "film-maker"
SETTINGS = load_settings()
_state: dict[str, Any] = {"session": None}
_USER = Depends(get_current_user)
"""The logged-in chat user (Chainlit's login cookie); refuses the request without one."""
_lock = asyncio.Lock()
_watchers: dict[str, asyncio.Task[None]] = {}
"""One views watcher per connected page (Chainlit session id); each ends when its page goes."""


# -- one session per process; a chat's settings travel with each call ------------------------------


async def get_session() -> Session:
    """Open (once) the session on the project: one project, one checkpointer, settings per call."""
    async with _lock:
        if _state["session"] is None:
            ensure_project(SETTINGS.project, settings=SETTINGS)  # `chainlit run app.py` without `reelsmith serve`
            _state["session"] = await Session.open(SETTINGS.project, settings=SETTINGS)
    session: Session = _state["session"]
    return session


def _chat_settings(session: Session) -> Settings | None:
    """Return this chat's settings (the operator's, tightened by the chat), or None for the operator's."""
    values = cl.user_session.get("chat_settings_values")
    return tighten_settings(session.settings, values) if values else None


def _settings_widgets(settings: Settings) -> list[Any]:
    from chainlit.input_widget import NumberInput, Slider, Switch, TextInput

    return [
        TextInput(id="model", label=f"Model ('{settings.model}' or 'offline')", initial=settings.model),
        Switch(id="draft", label="Draft mode (offline generators, no paid calls)", initial=settings.draft),
        Slider(id="reuse_threshold", label="Offer an existing asset above this similarity",
               initial=settings.reuse_threshold, min=0.5, max=0.99, step=0.01),
        NumberInput(id="budget_usd", label="Budget in USD (0 = the operator's)", initial=settings.budget_usd or 0),
    ]  # fmt: skip


@cl.on_settings_update
async def on_settings_update(values: dict[str, Any]) -> None:
    """Apply a chat's settings when they only tighten the operator's; refuse a loosening in one line."""
    session = await get_session()
    try:
        chosen = tighten_settings(session.settings, values)
    except ValueError as exc:
        # Chainlit has already taken the refused values as this chat's: show (and keep) the effective ones again.
        await cl.ChatSettings(_settings_widgets(_chat_settings(session) or session.settings)).send()
        await _say(f"Settings not applied: {exc}; they stay as they were.")
        return
    cl.user_session.set("chat_settings_values", dict(values))
    await _say(f"Settings applied: model {chosen.model}, draft {'on' if chosen.draft else 'off'}"
               + (f", budget ${chosen.budget_usd:.2f}" if chosen.budget_usd else "") + ".")  # fmt: skip


# -- routes: the /api, files the chat shows, assets and exports the views link to -------------------


async def _project_source() -> tuple[Project, Settings]:
    session = await get_session()
    return session.project, session.settings


def _mount(router: APIRouter) -> None:
    """Put routes ahead of Chainlit's catch-all page route so they are reachable."""
    routes = _server.router.routes
    before = len(routes)
    _server.include_router(router)
    added = routes[before:]
    del routes[before:]
    routes[:0] = added


def _ui_router() -> APIRouter:
    """Serve chat element files, project assets and exports to a logged-in chat user only."""
    router = APIRouter(include_in_schema=False)
    storage = chat_storage(SETTINGS)

    @router.get(FILES_ROUTE + "/{key:path}")
    async def chat_file(key: str, user: Any = _USER) -> FileResponse:
        try:
            path = storage.path_of(key)
        except ValueError:
            raise HTTPException(404, "no such file") from None
        if not path.is_file() or key.split("/", 1)[0] != str(getattr(user, "id", "")):
            raise HTTPException(404, "no such file")
        return FileResponse(path)

    async def asset_response(asset_id: int, thumbnail: bool) -> FileResponse:
        path = (await get_session()).asset_file(asset_id, thumbnail=thumbnail)
        if path is None:
            raise HTTPException(404, "no such asset")
        return FileResponse(path)

    @router.get(ASSET_ROUTE + "/{asset_id}")
    async def asset(asset_id: int, user: Any = _USER) -> FileResponse:
        return await asset_response(asset_id, False)

    @router.get(ASSET_ROUTE + "/{asset_id}/thumb")
    async def thumb(asset_id: int, user: Any = _USER) -> FileResponse:
        return await asset_response(asset_id, True)

    @router.get(LIMITS_ROUTE)
    async def limits() -> Response:
        script = limits_script(frame_bytes=MAX_SOCKET_MESSAGE_BYTES, upload_bytes=SETTINGS.max_upload_bytes)
        return Response(script, media_type="text/javascript", headers={"cache-control": "no-store"})

    @router.get(EXPORT_ROUTE + "/{name}")
    async def export(name: str, user: Any = _USER) -> FileResponse:
        session = await get_session()
        path = next((p for p in session.exports() if p.name == name), None)
        if path is None:
            raise HTTPException(404, "no such export")
        return FileResponse(path, filename=name)

    return router


# -- persistence and login ------------------------------------------------------------------------


@cl.data_layer
def data_layer() -> SQLAlchemyDataLayer:
    """Keep threads, messages, previews and chat settings (SQLite under REELSMITH_HOME, or the URL set)."""
    return chat_data_layer(SETTINGS)


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


if SETTINGS.auth_password is not None:
    cl.password_auth_callback(password_auth)
else:
    cl.header_auth_callback(local_user)
os.environ.setdefault("CHAINLIT_AUTH_SECRET", ui_secret(SETTINGS.home))
_mount(build_router(_project_source, password=SETTINGS.auth_password.get_secret_value()
                    if SETTINGS.auth_password else None))  # fmt: skip
_mount(_ui_router())
cl_config.ui.custom_js = LIMITS_ROUTE  # the page refuses what the socket would drop, before sending it
harden_chainlit(load_settings())  # only our own origin (and configured ones) may use the HTTP routes and socket


# -- rendering session events ---------------------------------------------------------------------


def safe(text: str) -> str:
    """Return project text for markdown with links and images disabled (no request leaves the page)."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("<", "&lt;").replace(
        "://", ":\\/\\/")  # fmt: skip


async def _say(text: str, author: str = "Reelsmith", **kwargs: Any) -> Any:
    return await cl.Message(content=text, author=author, **kwargs).send()


def _thread() -> str:
    return str(cl.context.session.thread_id)


def _author(event: dict[str, Any]) -> str:
    return AUTHORS.get(str(event.get("author", "")), "Reelsmith")


def _element(preview: dict[str, Any]) -> cl.Image | cl.Video | cl.Audio | cl.File:
    mime, path = str(preview.get("mime", "")), str(preview["path"])
    name = Path(path).name
    if mime.startswith("image/"):
        return cl.Image(path=path, name=name, display="inline", size="large")
    if mime.startswith("video/"):
        return cl.Video(path=path, name=name, display="inline")
    if mime.startswith("audio/"):
        return cl.Audio(path=path, name=name, display="inline")
    return cl.File(path=path, name=name, display="inline")


def _caption(preview: dict[str, Any]) -> str:
    caption = safe(str(preview.get("caption") or Path(str(preview["path"])).name))
    return caption + (" · **DRAFT**" if preview.get("draft") else "")


async def _show_preview(preview: dict[str, Any], author: str) -> None:
    shown: list[str] = cl.user_session.get("shown") or []
    if preview["path"] in shown:
        return
    cl.user_session.set("shown", [*shown, preview["path"]][-200:])
    await _say(_caption(preview), author, elements=[_element(preview)])


async def show_approval(event: dict[str, Any], *, reopened: bool = False) -> None:
    """Post an approval request with one button per option; remember its buttons so they can go later.

    On a reopened conversation whose stored last request is this same approval, the buttons go back
    under that stored message instead of a copy of it.
    """
    name = "replace" if event.get("kind") == "replace_screenplay" else "decide"
    actions = [
        cl.Action(name=name, label=LABELS.get(opt, opt.replace("_", " ").title()),
                  payload={"decision": opt, "title": event["title"], "token": event.get("token", "")})
        for opt in event["options"]
    ]  # fmt: skip
    stored = cl.user_session.get("approval_ref") or {}
    if reopened and stored.get("title") == event["title"] and stored.get("id"):
        for action in actions:
            await action.send(for_id=str(stored["id"]))
        cl.user_session.set("approval_actions", actions)
        return
    previews = event.get("previews") or ([event["preview"]] if event.get("preview") else [])
    for preview in previews:
        if preview.get("path"):
            await _show_preview(preview, "Reelsmith")
    cost = float(event.get("cost_usd") or 0.0)
    text = f"**{safe(event['title'])}**" + (f" (estimated cost ${cost:.2f})" if cost else "") + " — what do you think?"
    msg = await _say(text, actions=actions)
    cl.user_session.set("approval_actions", actions)
    cl.user_session.set("approval_ref", {"id": getattr(msg, "id", None), "title": event["title"]})


async def render(events: Any) -> None:
    """Turn a stream of session events into chat messages, tool steps, previews and approval buttons."""
    try:
        await _render(events)
    except Exception as exc:  # the chat answers in one line instead of a stack trace
        await _say(f"Error: {exc.__class__.__name__}: {exc}".splitlines()[0])


async def _render(events: Any) -> None:
    steps: dict[str, cl.Step] = {}
    async for event in events:
        kind = event["type"]
        if kind == "message":
            await _say_with_options(event)
        elif kind == "tool":
            step = cl.Step(name=event["name"], type="tool")
            step.input = event["args"]
            await step.send()
            steps[event["name"]] = step
        elif kind == "tool_result":
            step = steps.pop(event["name"]) if event["name"] in steps else cl.Step(name=event["name"], type="tool")
            step.output = safe(event["text"])
            await step.update() if step.id and step.input else await step.send()
        elif kind == "route":
            name = AUTHORS.get(event["specialist"], event["specialist"])
            async with cl.Step(name=f"Handing over to {name}", type="run") as step:
                step.output = safe(event["task"])
        elif kind == "preview":
            await _show_preview(event, _author(event))
        elif kind == "approval":
            await show_approval(event)
        elif kind == "progress":
            await _show_progress(steps, event)
        elif kind == "error":
            await _say(safe(event["text"]))


async def _say_with_options(event: dict[str, Any]) -> None:
    """Show a message; a question with options ("Which scene do you mean?") gets one button per option."""
    options = [o for o in event.get("options") or [] if o.get("request")]
    actions = [cl.Action(name="choose", payload={"request": str(o["request"])}, label=str(o.get("label") or
                         o["request"])[:80]) for o in options[:8]]  # fmt: skip
    await _say(safe(event["text"]), _author(event), actions=actions)
    if actions:
        cl.user_session.set("approval_actions", [*(cl.user_session.get("approval_actions") or []), *actions])


@cl.action_callback("choose")
async def on_choose(action: cl.Action) -> None:
    """Send the request an option stands for, as if the film-maker had typed it."""
    session = await get_session()
    request = str(action.payload.get("request") or "").strip()
    await _remove_buttons()
    await action.remove()
    if not request:
        return
    await cl.Message(content=request, author="You", type="user_message").send()
    await _turn(session, session.send(_thread(), request, settings=_chat_settings(session)))


async def _show_progress(steps: dict[str, Any], event: dict[str, Any]) -> None:
    """Keep one step per long job up to date ("3/5 - Still for shot 2.3") so the user sees it move."""
    step = steps.get("__progress__")
    if step is None:
        step = cl.Step(name="Working", type="run")
        await step.send()
        steps["__progress__"] = step
    step.output = f"{event['done']}/{event['total']} - {safe(str(event['label']))}"
    await step.update()
    if event["done"] >= event["total"]:
        steps.pop("__progress__", None)


async def _turn(session: Session, events: Any) -> None:
    """Render one turn, then offer new exports as downloads and refresh the side panel."""
    before = set(session.exports())
    # Previews are shown once per turn (a preview event and its approval carry the same file), but an
    # earlier turn's picture is shown again: a re-use offer points at a still the chat has already seen.
    cl.user_session.set("shown", [])
    await render(events)
    new = [p for p in session.exports() if p not in before]
    if new:
        files = [cl.File(path=str(p), name=p.name, display="inline") for p in reversed(new)]
        await _say("Ready to download: " + ", ".join(safe(p.name) for p in reversed(new)) + ".", "Editor",
                   elements=files)  # fmt: skip
    await refresh_views(session)


# -- the side panel -------------------------------------------------------------------------------


async def refresh_views(session: Session, tab: str | None = None) -> None:
    """Show the four views in the side panel (opening it), or update them in place when already shown."""
    if not hasattr(cl, "CustomElement"):
        return
    cl.user_session.set("views_head", session.head())  # before reading: a change in between is seen next check
    props = {**session.views(), "tab": tab or cl.user_session.get("view_tab") or "story"}
    if tab:
        cl.user_session.set("view_tab", tab)
    element = cl.user_session.get("views_element")
    if element is not None:
        element.props = props
        await element.update()
        return
    element = cl.CustomElement(name="Workspace", props=props, display="side")
    cl.user_session.set("views_element", element)
    await cl.ElementSidebar.set_title("Workspace")
    await cl.ElementSidebar.set_elements([element], key="workspace")


def _watch_project(session: Session) -> None:
    """Redraw this page's views when another chat, the CLI or a worker changes the project (once per page)."""
    from chainlit.session import WebsocketSession

    ws_id = cl.context.session.id
    if ws_id in _watchers and not _watchers[ws_id].done():
        return
    watcher = ViewsWatcher(head=session.head, shown=lambda: cl.user_session.get("views_head"),
                           refresh=lambda: refresh_views(session),
                           alive=lambda: WebsocketSession.get_by_id(ws_id) is not None)  # fmt: skip
    _watchers[ws_id] = asyncio.create_task(watcher.run())  # the task keeps this page's Chainlit context


# -- chat events ----------------------------------------------------------------------------------


@cl.set_starters
async def starters(user: cl.User | None = None, language: str | None = None) -> list[cl.Starter]:
    """Offer the four example requests on an empty chat."""
    return [cl.Starter(label=label, message=message) for label, message in STARTERS]


@cl.on_chat_start
async def on_chat_start(*, reopened: bool = False) -> None:
    """Register the commands, open the views and re-show an approval this conversation is waiting for."""
    await cl.context.emitter.set_commands(COMMANDS)
    session = await get_session()
    if hasattr(cl, "ChatSettings"):
        await cl.ChatSettings(_settings_widgets(_chat_settings(session) or session.settings)).send()
    cl.user_session.set("views_element", None)
    await refresh_views(session)
    _watch_project(session)
    waiting = await session.pending(_thread())
    if waiting is not None:
        await show_approval(waiting, reopened=reopened)


@cl.on_chat_resume
async def on_chat_resume(thread: Any) -> None:
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
        await on_chat_start(reopened=True)

    emitter.resume_thread = send_stored_then_reopen


@cl.on_message
async def on_message(message: cl.Message) -> None:
    """Handle uploads, commands and a rejection's note, else send the text to the graph."""
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
        await _turn(session, session.send(_thread(), message.content, settings=_chat_settings(session)))


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


@cl.action_callback("decide")
async def on_decide(action: cl.Action) -> None:
    """Answer this chat's pending approval with the clicked option; a stale button changes nothing.

    A rejection asks for a note and returns at once: the note arrives as the next message. (A callback
    that waited for it would keep every button of the chat disabled until it returned.)
    """
    session = await get_session()
    thread, decision = _thread(), str(action.payload.get("decision"))  # the thread is this chat's, never the payload's
    waiting = await session.pending(thread)
    if waiting is None or waiting["title"] != action.payload.get("title"):
        await action.remove()
        await _say("That approval was already answered; nothing changed.")
        return
    await _remove_buttons()
    await action.remove()
    if decision == "reject" and "reject" in waiting["options"]:
        cl.user_session.set("note_for", waiting["title"])
        await _say(NOTE_PROMPT)
        return
    await _say(f"You chose: {LABELS.get(decision, decision)}.")
    await _turn(session, session.resume(thread, decision, None, settings=_chat_settings(session)))


async def _reject_with_note(session: Session, text: str) -> None:
    """Reject the approval the note was asked for, with the note (if it is still waiting)."""
    title = cl.user_session.get("note_for")
    cl.user_session.set("note_for", None)
    thread = _thread()
    waiting = await session.pending(thread)
    if waiting is None or waiting["title"] != title:
        await _say("That approval was already answered; nothing changed.")
        return
    note = "" if text.strip().lower().rstrip(".") in ("", "none", "no", "skip") else text.strip()
    await _say("You chose: Reject" + (f" (note: {safe(note)})." if note else "."))
    await _turn(session, session.resume(thread, "reject", note or None, settings=_chat_settings(session)))


@cl.action_callback("replace")
async def on_replace(action: cl.Action) -> None:
    """Answer a staged screenplay replacement (approve replaces; cancel keeps the current one)."""
    session = await get_session()
    await _remove_buttons()
    await action.remove()
    event = session.uploads.decide(str(action.payload.get("token")), str(action.payload.get("decision")))
    await _say(safe(event["text"]), _author(event))
    await refresh_views(session)


async def show_view(session: Session, command: str) -> None:
    """Answer /script, /board, /assets and /timeline by opening that view in the side panel."""
    view = VIEW_OF_COMMAND.get(command)
    if view is None:
        names = ", ".join("/" + c["id"] for c in COMMANDS)
        await _say(f"Unknown command /{safe(command)}; try {names}.")
        return
    await refresh_views(session, tab=view)
    lines = [f"Opened the {view.title()} view in the side panel."]
    if view == "story":
        lines += [f"{sc['number']}. {safe(sc['heading'])} (v{sc['version']})" + (" · stale" if sc["stale"] else "")
                  for sc in session.views()["story"]["scenes"]]  # fmt: skip
    await _say("\n".join([*lines, "", safe(session.next_steps())]))


async def _import_upload(session: Session, element: Any, said: str) -> None:
    """Import one upload through the session; a screenplay that would replace scenes asks first."""
    name, path = str(getattr(element, "name", "")), getattr(element, "path", None)
    if not path:
        return
    event = session.uploads.receive(name, Path(path).read_bytes(), said)
    if event["type"] == "approval":
        await show_approval(event)
    else:
        await _say(safe(event["text"]), _author(event))
