"""The chat checkpoints keep the project store's durability: WAL, commits that do not wait for the disk."""

from __future__ import annotations

import asyncio
from pathlib import Path

from agent.config import Settings
from agent.project import Project
from agent.session import Session


def test_the_chat_checkpoints_commit_in_wal_without_an_fsync_each(tmp_path: Path, store_url: str | None) -> None:
    settings = Settings(home=tmp_path / "home", model="offline", database_url=store_url)
    folder = tmp_path / "p"
    Project.create(folder, name="Checkpoints", database_url=store_url).close()

    async def run() -> tuple[object, object]:
        session = await Session.open(folder, settings=settings)
        try:
            conn = session.graph.checkpointer.conn
            async with conn.execute("PRAGMA synchronous") as cur:
                sync = (await cur.fetchone())[0]
            async with conn.execute("PRAGMA journal_mode") as cur:
                mode = (await cur.fetchone())[0]
            return sync, mode
        finally:
            await session.close()

    assert asyncio.run(run()) == (1, "wal")  # NORMAL in WAL: survives a killed process, as the project store does
