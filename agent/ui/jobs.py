"""Job cards: one message per job of this chat, kept up to date, with Cancel; finished jobs come back as a turn."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import chainlit as cl

from agent.session import Session
from agent.ui.messages import safe, say
from agent.ui.runtime import chat_settings, thread_lock
from agent.ui.runtime import thread as this_thread

__all__ = ["STATUS_WORDS", "cancel", "card_text", "poll", "show_job", "stop_watching", "watch_jobs"]

STATUS_WORDS = {"queued": "waiting to start", "running": "running", "waiting_approval": "ready for your decision",
                "done": "done", "failed": "failed", "cancelled": "cancelled"}
LIVE = ("queued", "running")
_log = logging.getLogger(__name__)
_watchers: dict[str, asyncio.Task[None]] = {}
"""One jobs watcher per connected page (Chainlit session id); each ends with its chat."""


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


def _cards() -> dict[int, dict[str, Any]]:
    cards: dict[int, dict[str, Any]] | None = cl.user_session.get("job_cards")
    if cards is None:
        cards = {}
        cl.user_session.set("job_cards", cards)
    return cards


async def show_job(job: dict[str, Any]) -> None:
    """Show a job's card (with Cancel while it runs), or bring the card already shown up to date."""
    job_id = int(job["id"])
    card = _cards().get(job_id)
    if card is not None:
        await _update(card, job)
        return
    actions = ([cl.Action(name="cancel_job", payload={"id": job_id}, label="Cancel")]
               if job.get("status") in LIVE else [])
    text = card_text(job)
    msg = await say(text, actions=actions)
    _cards()[job_id] = {"msg": msg, "actions": actions, "text": text}


async def _update(card: dict[str, Any], job: dict[str, Any]) -> None:
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


async def cancel(session: Session, action: Any) -> None:
    """Cancel this chat's job; a finished (or another chat's) job gets a one-line answer and nothing changes."""
    try:
        job_id = int(action.payload.get("id"))
        if session.job(job_id).get("thread") != this_thread():
            raise ValueError("that job is not this conversation's")
        job = session.cancel_job(job_id)
    except Exception as exc:  # expected: already finished, unknown id; the chat answers in one line
        await say(f"Error: could not cancel the job: {exc}".splitlines()[0])
        return
    await show_job(job)


async def poll(session: Session, thread: str) -> None:
    """Bring the cards up to date; when a job has ended and no turn is running, deliver its result as a turn."""
    jobs = session.list_jobs(thread)
    cards = _cards()
    for job in jobs:
        if int(job["id"]) in cards:
            await _update(cards[int(job["id"])], job)
    if not any(j.get("status") not in LIVE and not j.get("delivered") for j in jobs):
        return
    lock = thread_lock(thread)
    if lock.locked():
        return  # a turn is running: try again next time
    from agent.ui.chat import render_turn  # chat.py builds on this module

    async with lock:
        events = session.deliver(thread, settings=chat_settings(session))
        first = await anext(events, None)  # nothing to deliver (a decision is pending): no turn at all
        if first is None:
            return

        async def all_events() -> Any:
            yield first
            async for event in events:
                yield event

        await render_turn(session, all_events())


def watch_jobs(session: Session, every_s: float = 1.0) -> None:
    """Keep this page's job cards moving and deliver finished jobs (one watcher per page, ended with the chat)."""
    from chainlit.session import WebsocketSession

    ws_id, thread = str(cl.context.session.id), this_thread()
    if ws_id in _watchers and not _watchers[ws_id].done():
        return

    def alive() -> bool:
        return WebsocketSession.get_by_id(ws_id) is not None

    async def run() -> None:
        while alive():
            await asyncio.sleep(every_s)
            if not alive():
                return
            try:
                await poll(session, thread)
            except Exception:  # a background check must not end the page's job cards for good
                _log.warning("could not check this chat's jobs; trying again", exc_info=True)

    _watchers[ws_id] = asyncio.create_task(run())  # the task keeps this page's Chainlit context


def stop_watching() -> None:
    """End this page's jobs watcher (the chat ended)."""
    task = _watchers.pop(str(cl.context.session.id), None)
    if task is not None:
        task.cancel()
