"""The side panel: the four views as one custom element, redrawn after turns and when the project moves on."""

from __future__ import annotations

import asyncio

import chainlit as cl

from agent.session import Session
from agent.ui.refresh import ViewsWatcher

__all__ = ["refresh_views", "watch_project"]

_watchers: dict[str, asyncio.Task[None]] = {}
"""One views watcher per connected page (Chainlit session id); each ends when its page goes."""


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


def watch_project(session: Session) -> None:
    """Redraw this page's views when another chat, the CLI or a worker changes the project (once per page)."""
    from chainlit.session import WebsocketSession

    ws_id = str(cl.context.session.id)
    if ws_id in _watchers and not _watchers[ws_id].done():
        return
    watcher = ViewsWatcher(head=session.head, shown=lambda: cl.user_session.get("views_head"),
                           refresh=lambda: refresh_views(session),
                           alive=lambda: WebsocketSession.get_by_id(ws_id) is not None)
    _watchers[ws_id] = asyncio.create_task(watcher.run())  # the task keeps this page's Chainlit context
