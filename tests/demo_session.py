"""A fresh copy of the demo project for each test, and whole conversations through the real tools.

The demo (IDA, RUBEN, JUNO; 1 office night, 2 bridge night, 3 night bus, 4 office night, 5 bridge dawn,
6 office dawn) is created once per module and copied for each test, so every test starts from it.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from agent.config import Settings
from agent.evaldriver import create_project_from
from agent.session import Session


def demo_template(factory: Any, name: str) -> Path:
    """Create the demo project once, under a temporary folder called ``name``."""
    return create_project_from("demo", None, factory.mktemp(name) / "demo", settings=Settings())


@contextlib.asynccontextmanager
async def opened(template: Path, tmp_path: Path) -> AsyncIterator[Session]:
    """Open a session on a fresh copy of the template (closed on exit)."""
    path = tmp_path / "p"
    shutil.copytree(template, path)
    session = await Session.open(path, settings=Settings())
    try:
        yield session
    finally:
        await session.close()


async def run_demo(template: Path, tmp_path: Path, *texts: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Send each message in turn on a fresh copy; return the snapshot before and after."""
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        for text in texts:
            await session.run("t", text)
        return before, session.snapshot()


def shots_of(snapshot: dict[str, Any], scene: int) -> dict[int, dict[str, Any]]:
    """Return one scene's shots in a snapshot, by number."""
    return {s["number"]: s for s in snapshot["shots"] if s["scene"] == scene}


def changed_shots(before: dict[str, Any], after: dict[str, Any], scene: int) -> list[int]:
    """Return the numbers of a scene's shots that differ between two snapshots."""
    was = shots_of(before, scene)
    return [n for n, shot in shots_of(after, scene).items() if shot != was.get(n)]
