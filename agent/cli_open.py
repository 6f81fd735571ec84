"""How every ``reelsmith`` command that works on a project opens it: as a session, like the UI and the API."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from agent.config import Settings

if TYPE_CHECKING:
    from agent.session import Session

__all__ = ["opened"]


@contextlib.contextmanager
def opened(folder: str | Path, settings: Settings) -> Iterator[Session]:
    """Open the project in ``folder`` as a session for one command (closed when the command ends)."""
    from agent.session import Session  # deferred: the chat stack loads only once a command opens a project

    with Session.for_commands(Path(folder), settings=settings) as session:
        yield session
