"""Reelsmith's Chainlit UI: maps chat events onto ``agent.session``; no business logic lives here."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path
from typing import Any

import chainlit as cl
from chainlit.server import app as _server

from agent.api import build_router
from agent.config import Settings, load_settings
from agent.formats.fountain import parse_fountain_bytes
from agent.project import Project
from agent.project.library import import_media
from agent.project.screenplay import import_screenplay
from agent.session import Session
from agent.tools import ToolContext, overview_text
from agent.ui_server import ensure_project
from agent.web_guard import harden_chainlit

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
    {"id": "script", "icon": "scroll-text", "description": "Show the screenplay's scenes"},
    {"id": "board", "icon": "images", "description": "Show the storyboard (approved stills)"},
    {"id": "assets", "icon": "library", "description": "Show the asset library"},
    {"id": "timeline", "icon": "film", "description": "Show the cut's timeline"},
]
NOTE_TIMEOUT_S = 120
_state: dict[str, Any] = {"sessions": {}}
_lock = asyncio.Lock()


async def get_session(overrides: dict[str, Any] | None = None) -> Session:
    """Open (once) the session for these chat settings: one project, one graph per settings combination."""
    key = tuple(sorted((overrides or {}).items()))
    async with _lock:
        if key not in _state["sessions"]:
            settings = load_settings(**(overrides or {}))
            ensure_project(settings.project, settings=settings)  # `chainlit run app.py` without `reelsmith serve`
            _state["sessions"][key] = await Session.open(settings.project, settings=settings)
    session: Session = _state["sessions"][key]
    return session


async def _chat_session() -> Session:
    """Return the session for this chat's settings (model, draft mode, re-use threshold, budget)."""
    return await get_session(cl.user_session.get("settings_overrides"))


def _settings_widgets(settings: Settings) -> list[Any]:
    from chainlit.input_widget import NumberInput, Slider, Switch, TextInput

    return [
        TextInput(id="model", label="Model ('offline' or a model your OpenAI-compatible endpoint serves)",
                  initial=settings.model),
        Switch(id="draft", label="Draft mode (offline generators, no paid calls)", initial=settings.draft),
        Slider(id="reuse_threshold", label="Offer an existing asset above this similarity",
               initial=settings.reuse_threshold, min=0.5, max=0.99, step=0.01),
        NumberInput(id="budget_usd", label="Budget in USD (0 = none)", initial=settings.budget_usd or 0),
    ]  # fmt: skip


@cl.on_settings_update
async def on_settings_update(values: dict[str, Any]) -> None:
    """Switch this chat to a session with the chosen settings (the conversation thread carries on)."""
    overrides: dict[str, Any] = {
        "model": str(values.get("model") or "offline").strip() or "offline",
        "draft": bool(values.get("draft", True)),
        "reuse_threshold": float(values.get("reuse_threshold", 0.75)),
    }
    budget = float(values.get("budget_usd") or 0)
    if budget > 0:
        overrides["budget_usd"] = budget
    try:
        await get_session(overrides)
    except Exception as exc:  # a model that cannot load is answered in one line; the old settings stay
        await cl.Message(content=f"Settings not applied: {str(exc).splitlines()[0]}", author="Reelsmith").send()
        return
    cl.user_session.set("settings_overrides", overrides)
    await cl.Message(content=f"Settings applied: model {overrides['model']}, draft "
                     f"{'on' if overrides['draft'] else 'off'}.", author="Reelsmith").send()  # fmt: skip


async def _project_source() -> tuple[Project, Settings]:
    session = await get_session()
    return session.project, session.settings


def _mount_api() -> None:
    """Put the /api routes ahead of Chainlit's catch-all page route so they are reachable."""
    settings = load_settings()
    password = settings.auth_password.get_secret_value() if settings.auth_password else None
    routes = _server.router.routes
    before = len(routes)
    _server.include_router(build_router(_project_source, password=password))
    added = routes[before:]
    del routes[before:]
    routes[:0] = added


_mount_api()
harden_chainlit(load_settings())  # only our own origin (and configured ones) may use the HTTP routes and socket


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
    caption = str(preview.get("caption") or Path(str(preview["path"])).name)
    return caption + (" *(draft)*" if preview.get("draft") else "")


async def _show_preview(preview: dict[str, Any], author: str) -> None:
    shown: set[str] = cl.user_session.get("shown") or set()
    if preview["path"] in shown:
        return
    shown.add(preview["path"])
    cl.user_session.set("shown", shown)
    await cl.Message(content=_caption(preview), author=author, elements=[_element(preview)]).send()


async def show_approval(event: dict[str, Any]) -> None:
    """Post an approval request with one button per option; remember it so the buttons can go later."""
    previews = event.get("previews") or ([event["preview"]] if event.get("preview") else [])
    for preview in previews:
        if preview.get("path"):
            await _show_preview(preview, "Reelsmith")
    cost = float(event.get("cost_usd") or 0.0)
    text = f"**{event['title']}**" + (f" (estimated cost ${cost:.2f})" if cost else "") + " — what do you think?"
    actions = [
        cl.Action(name="decide", label=LABELS.get(opt, opt.replace("_", " ").title()),
                  payload={"decision": opt, "thread": event["thread"], "title": event["title"]})
        for opt in event["options"]
    ]  # fmt: skip
    msg = cl.Message(content=text, author="Reelsmith", actions=actions)
    await msg.send()
    cl.user_session.set("approval_msg", msg)


async def render(events: Any) -> None:
    """Turn a stream of session events into chat messages, tool steps, previews and approval buttons."""
    try:
        await _render(events)
    except Exception as exc:  # the chat answers in one line instead of a stack trace
        await cl.Message(content=f"Error: {exc.__class__.__name__}: {exc}".splitlines()[0], author="Reelsmith").send()


async def _render(events: Any) -> None:
    steps: dict[str, cl.Step] = {}
    async for event in events:
        kind = event["type"]
        if kind == "message":
            await cl.Message(content=event["text"], author=_author(event)).send()
        elif kind == "tool":
            step = cl.Step(name=event["name"], type="tool")
            step.input = event["args"]
            await step.send()
            steps[event["name"]] = step
        elif kind == "tool_result":
            step = steps.pop(event["name"]) if event["name"] in steps else cl.Step(name=event["name"], type="tool")
            step.output = event["text"]
            await step.update() if step.id and step.input else await step.send()
        elif kind == "route":
            name = AUTHORS.get(event["specialist"], event["specialist"])
            async with cl.Step(name=f"Handing over to {name}", type="run") as step:
                step.output = event["task"]
        elif kind == "preview":
            await _show_preview(event, _author(event))
        elif kind == "approval":
            await show_approval(event)
        elif kind == "progress":
            await _show_progress(steps, event)
        elif kind == "error":
            await cl.Message(content=event["text"], author="Reelsmith").send()


async def _show_progress(steps: dict[str, Any], event: dict[str, Any]) -> None:
    """Keep one step per long job up to date ("3/5 - Still for shot 2.3") so the user sees it move."""
    step = steps.get("__progress__")
    if step is None:
        step = cl.Step(name="Working", type="run")
        await step.send()
        steps["__progress__"] = step
    step.output = f"{event['done']}/{event['total']} - {event['label']}"
    await step.update()
    if event["done"] >= event["total"]:
        steps.pop("__progress__", None)


@cl.set_starters
async def starters(user: cl.User | None = None, language: str | None = None) -> list[cl.Starter]:
    """Offer the four example requests on an empty chat."""
    return [cl.Starter(label=label, message=message) for label, message in STARTERS]


@cl.on_chat_start
async def on_chat_start() -> None:
    """Register the commands and re-show an approval this conversation is still waiting for."""
    await cl.context.emitter.set_commands(COMMANDS)
    session = await _chat_session()
    if hasattr(cl, "ChatSettings"):
        await cl.ChatSettings(_settings_widgets(session.settings)).send()
    waiting = await session.pending(_thread())
    if waiting is not None:
        await show_approval(waiting)


@cl.on_chat_resume
async def on_chat_resume(thread: Any) -> None:
    """Re-show a pending approval when a stored conversation is reopened."""
    await on_chat_start()


@cl.on_message
async def on_message(message: cl.Message) -> None:
    """Handle uploads and commands, else send the text to the graph and render what comes back."""
    session = await _chat_session()
    if message.elements:
        # The text sent with files says what they are ("Ida's headshot"); it is not a request.
        for element in message.elements:
            await _import_upload(session, element, message.content)
        return
    command = _command(message)
    if command:
        await show_overview(session, command)
        return
    if message.content.strip():
        await _remove_buttons()
        await render(session.send(_thread(), message.content))


def _command(message: Any) -> str:
    """Return the chosen command (from the Tools menu, or typed as ``/name``), or an empty string."""
    if getattr(message, "command", None):
        return str(message.command).lower()
    words = message.content[1:].split() if message.content.startswith("/") else []
    return words[0].lower() if words else ("help" if message.content.strip() == "/" else "")


async def _remove_buttons() -> None:
    msg = cl.user_session.get("approval_msg")
    if msg is not None:
        await msg.remove_actions()
        cl.user_session.set("approval_msg", None)


@cl.action_callback("decide")
async def on_decide(action: cl.Action) -> None:
    """Answer the pending approval with the clicked option; a stale button says so and changes nothing."""
    session = await _chat_session()
    # The thread is this chat's own, never the payload's: a client could name another thread's approval.
    thread, decision = _thread(), str(action.payload.get("decision"))
    waiting = await session.pending(thread)
    if waiting is None or waiting["title"] != action.payload.get("title"):
        await action.remove()
        await cl.Message(content="That approval was already answered; nothing changed.", author="Reelsmith").send()
        return
    await _remove_buttons()
    await action.remove()
    note = ""
    if decision == "reject":
        answer = await cl.AskUserMessage(content="Any note on what to change? (optional; say 'none' to skip)",
                                         author="Reelsmith", timeout=NOTE_TIMEOUT_S).send()  # fmt: skip
        text = str((answer or {}).get("output", "")).strip()
        note = "" if text.lower() in ("", "none", "no") else text
    await cl.Message(content=f"You chose: {LABELS.get(decision, decision)}.", author="Reelsmith").send()
    await render(session.resume(thread, decision, note or None))


async def show_overview(session: Session, command: str) -> None:
    """Answer /script, /board, /assets and /timeline from the snapshot."""
    snap = session.snapshot()
    elements: list[Any] = []
    if command == "script":
        lines = [f"**{snap['name']}** (phase {snap['phase']})"]
        lines += [f"{s['number']}. {s['heading']} (v{s['version']}){' [stale]' if s['stale'] else ''}"
                  for s in snap["scenes"]]  # fmt: skip
    elif command == "board":
        lines = ["**Storyboard**"]
        for shot in snap["shots"]:
            lines.append(f"{shot['scene']}.{shot['number']} {shot['description']} ({shot['status']})")
            stills = [a for a in shot["assets"] if a["role"] == "still" and a["status"] == "approved"]
            if stills:
                try:  # a stored path leading outside assets/ (a hostile bundle) is never shown
                    path = session.project.files.path_of(stills[-1]["path"])
                except ValueError:
                    continue
                elements.append(cl.Image(path=str(path), name=f"shot {shot['scene']}.{shot['number']}",
                                         display="inline", size="small"))  # fmt: skip
    elif command == "assets":
        by_type = ", ".join(f"{k}: {v}" for k, v in snap["assets"]["by_type"].items()) or "none yet"
        cost = snap["cost"]
        lines = [f"**Assets**: {snap['assets']['count']} ({by_type})",
                 f"Spent ${cost['spent_usd']:.2f}; saved by re-use ${cost['saved_by_reuse_usd']:.2f}"]  # fmt: skip
    elif command == "timeline":
        lines = ["**Timeline**"] + [f"{c['scene']}.{c['shot']}  {c['duration']:.1f}s  {c['transition']}"
                                    for c in snap["timeline"]] or ["The timeline is empty."]  # fmt: skip
    else:
        names = ", ".join("/" + c["id"] for c in COMMANDS)
        await cl.Message(content=f"Unknown command /{command}; try {names}.", author="Reelsmith").send()
        return
    lines += ["", overview_text(ToolContext(project=session.project, settings=session.settings))]
    await cl.Message(content="\n".join(lines), author="Reelsmith", elements=elements).send()


async def _import_upload(session: Session, element: Any, said: str) -> None:
    """Import an upload: a .fountain file becomes the screenplay, media a reference for what the message names.

    An image or audio file is linked to the character, location or prop the message names (else the project).
    """
    name, path = str(getattr(element, "name", "")), getattr(element, "path", None)
    if not path:
        return
    data = Path(path).read_bytes()
    try:
        if name.lower().endswith((".fountain", ".spmd")):
            report = import_screenplay(session.project, parse_fountain_bytes(data), actor="user", replace=True,
                                       source=name)  # fmt: skip
            await cl.Message(content=f"Imported {report.scenes} scenes from {name}.", author="Writer").send()
            return
        if len(data) > session.settings.max_upload_bytes:
            raise ValueError(f"{len(data):,} bytes is over the {session.settings.max_upload_bytes:,}-byte upload limit")
        result = import_media(session.project, Path(name), data, _named_entity(session, said))
    except Exception as exc:  # a bad file is answered in one line and changes nothing
        await cl.Message(content=f"Could not import {name}: {str(exc).splitlines()[0]}", author="Reelsmith").send()
        return
    target = result["linked_to"]["name"]
    await cl.Message(content=f"Added {name} as a {result['role']} {result['kind']} for {target}.",
                     author="Designer").send()  # fmt: skip


def _named_entity(session: Session, said: str) -> str | None:
    """Return the first cast member, location or prop the message names, if any."""
    snap = session.snapshot()
    text = said.upper()
    for group in ("characters", "locations", "props"):
        for entity in snap[group]:
            if entity["name"] and entity["name"] in text:
                return str(entity["name"])
    return None


async def password_auth(username: str, password: str) -> cl.User | None:
    """Let anyone with the shared password in (only active when REELSMITH_AUTH_PASSWORD is set)."""
    secret = load_settings().auth_password
    if secret is not None and secrets.compare_digest(password.encode(), secret.get_secret_value().encode()):
        return cl.User(identifier=username or "film-maker")
    return None


if load_settings().auth_password is not None:
    cl.password_auth_callback(password_auth)
