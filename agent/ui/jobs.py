"""This chat's jobs: keep their cards moving, cancel one, and bring a finished job back as a turn."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import chainlit as cl
from chainlit.session import WebsocketSession

from agent.session import Session
from agent.ui.messages import LIVE, job_cards, say, show_job, update_card
from agent.ui.runtime import chat_settings, thread_lock
from agent.ui.runtime import thread as this_thread
from agent.ui.turns import render_turn

__all__ = ["cancel", "poll", "stop_watching", "watch_jobs"]

_log = logging.getLogger(__name__)
_watchers: dict[str, asyncio.Task[None]] = {}
"""One jobs watcher per connected page (Chainlit session id); each ends with its chat."""


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
    cards = job_cards()
    for job in jobs:
        if int(job["id"]) in cards:
            await update_card(cards[int(job["id"])], job)
    if not any(j.get("status") not in LIVE and not j.get("delivered") for j in jobs):
        return
    lock = thread_lock(thread)
    if lock.locked():
        return  # a turn is running: try again next time
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
