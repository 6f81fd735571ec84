"""Chat messages from session events: text, tool steps, previews, job cards and approval buttons, safe for markdown."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import chainlit as cl

from agent.events import ApprovalEvent
from agent.session import SPECIALISTS

__all__ = ["AUTHORS", "LABELS", "LIVE", "STATUS_WORDS", "safe", "say", "author_of", "card_text", "job_cards",
           "show_preview", "show_approval", "show_job", "render", "update_card"]

AUTHORS: dict[str, str] = {name: name.capitalize() for name in SPECIALISTS}
"""The name each specialist's messages are shown under."""
LABELS = {"approve": "Approve", "reject": "Reject", "regenerate": "Regenerate", "use_existing": "Use existing",
          "generate_new": "Generate new", "cancel": "Cancel"}
STATUS_WORDS = {"queued": "waiting to start", "running": "running", "waiting_approval": "ready for your decision",
                "done": "done", "failed": "failed", "cancelled": "cancelled"}
"""A job's status in words, on its card."""
LIVE = ("queued", "running")
"""The statuses of a job that has not ended (its card offers Cancel)."""


def safe(text: str) -> str:
    """Return project text for markdown with links and images disabled (no request leaves the page)."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("<", "&lt;").replace(
        "://", ":\\/\\/")


async def say(text: str, author: str = "Reelsmith", **kwargs: Any) -> Any:
    """Post one chat message (Reelsmith's unless another author is named); return it."""
    return await cl.Message(content=text, author=author, **kwargs).send()


def author_of(event: Mapping[str, Any]) -> str:
    """Return the name a session event is shown under (a specialist's, else Reelsmith's)."""
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


# -- job cards: one message per job of this chat, kept up to date, with Cancel --------------------------


def card_text(job: dict[str, Any]) -> str:
    """Return a job card's text: title, progress, the step it is on and its status in words."""
    progress = job.get("progress") or {}
    title = str(job.get("title") or job.get("label") or job.get("kind") or "Job")
    status = str(job.get("status", ""))
    line = f"**Job {job['id']}: {safe(title)}**"
    if progress.get("total"):
        line += f" — {progress.get('done', 0)}/{progress['total']}"
    label = str(progress.get("label") or "")
    if label and label != title:
        line += f" · {safe(label)}"
    line += f" · {STATUS_WORDS.get(status, safe(status.replace('_', ' ')))}"
    return line + (f"\n{safe(str(job['error']))}" if job.get("error") else "")


def job_cards() -> dict[int, dict[str, Any]]:
    """Return this page's job cards by job id (each: its message, its actions and the text it shows)."""
    cards: dict[int, dict[str, Any]] | None = cl.user_session.get("job_cards")
    if cards is None:
        cards = {}
        cl.user_session.set("job_cards", cards)
    return cards


async def show_job(job: dict[str, Any]) -> None:
    """Show a job's card (with Cancel while it runs), or bring the card already shown up to date."""
    job_id = int(job["id"])
    card = job_cards().get(job_id)
    if card is not None:
        await update_card(card, job)
        return
    actions = ([cl.Action(name="cancel_job", payload={"id": job_id}, label="Cancel")]
               if job.get("status") in LIVE else [])
    text = card_text(job)
    msg = await say(text, actions=actions)
    job_cards()[job_id] = {"msg": msg, "actions": actions, "text": text}


async def update_card(card: dict[str, Any], job: dict[str, Any]) -> None:
    """Bring a job card up to date (its Cancel goes once the job has ended)."""
    text = card_text(job)
    if text == card["text"]:
        return
    card["text"] = text
    msg = card["msg"]
    if job.get("status") not in LIVE and card["actions"]:
        for action in card["actions"]:
            await action.remove()
        card["actions"] = []
    msg.content, msg.actions = text, list(card["actions"])
    await msg.update()


async def show_preview(preview: dict[str, Any], author: str) -> None:
    """Show a preview once per turn (a preview event and its approval carry the same file)."""
    shown: list[str] = cl.user_session.get("shown") or []
    if preview["path"] in shown:
        return
    cl.user_session.set("shown", [*shown, preview["path"]][-200:])
    await say(_caption(preview), author, elements=[_element(preview)])


async def show_approval(event: ApprovalEvent, *, reopened: bool = False) -> None:
    """Post an approval request with one button per option; remember its buttons so they can go later.

    On a reopened conversation whose stored last request is this same approval, the buttons go back
    under that stored message instead of a copy of it.
    """
    name = "replace" if event.get("kind") == "replace_screenplay" else "decide"
    actions = [
        cl.Action(name=name, label=LABELS.get(opt, opt.replace("_", " ").title()),
                  payload={"decision": opt, "title": event["title"], "token": event.get("token", "")})
        for opt in event["options"]
    ]
    stored = cl.user_session.get("approval_ref") or {}
    if reopened and stored.get("title") == event["title"] and stored.get("id"):
        for action in actions:
            await action.send(for_id=str(stored["id"]))
        cl.user_session.set("approval_actions", actions)
        return
    single = event.get("preview")
    previews = event.get("previews") or ([single] if single else [])
    for preview in previews:
        if preview.get("path"):
            await show_preview(preview, "Reelsmith")
    cost = float(event.get("cost_usd") or 0.0)
    text = f"**{safe(event['title'])}**" + (f" (estimated cost ${cost:.2f})" if cost else "") + " — what do you think?"
    msg = await say(text, actions=actions)
    cl.user_session.set("approval_actions", actions)
    cl.user_session.set("approval_ref", {"id": getattr(msg, "id", None), "title": event["title"]})


async def render(events: Any) -> None:
    """Turn a stream of session events into chat messages, tool steps, previews and approval buttons."""
    try:
        await _render(events)
    except Exception as exc:  # the chat answers in one line instead of a stack trace
        await say(f"Error: {exc.__class__.__name__}: {exc}".splitlines()[0])


class _Streamed:
    """One chat message a paid model is writing: its raw text so far and how much of it the page has."""

    def __init__(self, msg: Any) -> None:
        self.msg, self.raw, self.sent = msg, "", ""

    async def add(self, text: str) -> None:
        """Stream the sanitised new part; a trailing ':' or ':/' waits (it may start a '://' that safe() breaks)."""
        self.raw += text
        held = 1 if self.raw.endswith(":") else 2 if self.raw.endswith(":/") else 0
        shown = safe(self.raw[: len(self.raw) - held])
        if shown.startswith(self.sent) and len(shown) > len(self.sent):
            await self.msg.stream_token(shown[len(self.sent) :])
            self.sent = shown


async def _stream_token(streamed: dict[str, _Streamed], event: dict[str, Any]) -> None:
    """Stream a token into its message (a new message id opens a new, empty message)."""
    key = str(event.get("message_id") or "")
    if key not in streamed:
        msg = cl.Message(content="", author=author_of(event))
        # A streamed message is never sent: its update stores it, and its time is when it started.
        msg.created_at = datetime.now(UTC).replace(tzinfo=None).isoformat() + "Z"
        streamed[key] = _Streamed(msg)
    await streamed[key].add(str(event.get("text", "")))


async def _render(events: Any) -> None:
    steps: dict[str, cl.Step] = {}
    streamed: dict[str, _Streamed] = {}  # message id -> the message its tokens are filling, for this turn
    async for event in events:
        kind = event["type"]
        if kind == "token":
            await _stream_token(streamed, event)
        elif kind == "message":
            await _say_with_options(event, streamed.pop(str(event.get("message_id") or ""), None))
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
            await show_preview(event, author_of(event))
        elif kind == "approval":
            await show_approval(event)
        elif kind == "progress":
            await _show_progress(steps, event)
        elif kind == "error":
            await say(safe(event["text"]))
        elif kind == "job":
            await show_job(event)
    for left in streamed.values():  # tokens no message event followed (text before a tool call): end the stream
        if left.sent:
            left.msg.content = safe(left.raw)
            await left.msg.update()


async def _say_with_options(event: dict[str, Any], streamed: _Streamed | None = None) -> None:
    """Show a message; a question with options ("Which scene do you mean?") gets one button per option.

    A message whose tokens were streamed is that message, finished in place: its final text and buttons.
    """
    options = [o for o in event.get("options") or [] if o.get("request")]
    actions = [cl.Action(name="choose", payload={"request": str(o["request"])}, label=str(o.get("label") or
                         o["request"])[:80]) for o in options[:8]]
    if streamed is not None and streamed.sent:
        msg = streamed.msg
        msg.content, msg.author, msg.actions = safe(event["text"]), author_of(event), actions
        await msg.update()
    else:
        await say(safe(event["text"]), author_of(event), actions=actions)
    if actions:
        cl.user_session.set("approval_actions", [*(cl.user_session.get("approval_actions") or []), *actions])


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
