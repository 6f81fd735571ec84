"""Keep an open page's views current when the project changes elsewhere (another chat, the CLI, a worker).

A chat refreshes its views after its own turns; changes made elsewhere are noticed by a light check of the
project's head (newest change, newest asset, newest export) every few seconds while the page is open. The
check reads the project, never process memory, so it works the same with several servers on one project.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

__all__ = ["CHECK_EVERY_S", "ViewsWatcher"]

_log = logging.getLogger(__name__)
CHECK_EVERY_S = 2.0
"""How often an open page checks whether the project changed (one small indexed read)."""


@dataclass
class ViewsWatcher:
    """Refresh one page's views whenever the project's head differs from the one they were drawn at."""

    head: Callable[[], str]
    """The project's head now (``Session.head``)."""
    shown: Callable[[], str | None]
    """The head the page's views were last drawn at."""
    refresh: Callable[[], Awaitable[None]]
    """Redraw the views (and remember the head they were drawn at)."""
    alive: Callable[[], bool]
    """Whether the page is still connected; the watcher ends when it is not."""
    every_s: float = CHECK_EVERY_S

    async def check(self) -> bool:
        """Redraw the views if the project moved on since they were drawn; tell whether it did."""
        if self.head() == self.shown():
            return False
        await self.refresh()
        return True

    async def run(self) -> None:
        """Check until the page goes away; a failed check (the database busy, say) is retried next time."""
        while self.alive():
            await asyncio.sleep(self.every_s)
            if not self.alive():
                return
            try:
                await self.check()
            except Exception:  # a background check must not end the page's updates for good
                _log.warning("could not check the project for changes; trying again", exc_info=True)
