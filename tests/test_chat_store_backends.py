"""Chainlit's data layer on the chat store, on SQLite and (when REELSMITH_TEST_POSTGRES_URL names one) PostgreSQL.

The same flow on each: tables created twice, a user, a thread with its chat settings and tags, a message,
a preview element with its file, the thread listed and reopened, then deleted.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from app_loader import load_app

load_app()  # chainlit's import writes .chainlit/ into its app root: a temp folder, never the repo

from chainlit.element import Image  # noqa: E402
from chainlit.types import Pagination, ThreadFilter  # noqa: E402
from chainlit.user import User  # noqa: E402

from agent.chat_store import LocalFileStorage, create_chat_tables  # noqa: E402
from agent.ui.persistence import ChatDataLayer, ChatFileStorage  # noqa: E402

POSTGRES_ENV = "REELSMITH_TEST_POSTGRES_URL"


def _postgres() -> Any:
    url = os.environ.get(POSTGRES_ENV)
    why = f"set {POSTGRES_ENV} (postgresql+psycopg://...) to run on PostgreSQL"
    marks = [] if url else [pytest.mark.skip(reason=why)]
    return pytest.param(url or "", id="postgresql", marks=marks)


@pytest.fixture(params=[pytest.param("sqlite", id="sqlite"), _postgres()])
async def layer(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ChatDataLayer]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}" if request.param == "sqlite" else request.param
    if not url.startswith("sqlite"):
        pytest.importorskip("psycopg", reason="PostgreSQL needs the psycopg driver (pip install 'psycopg[binary]')")
    await create_chat_tables(url)
    await create_chat_tables(url)  # again: existing tables and rows stay
    opened = ChatDataLayer(conninfo=url, storage_provider=ChatFileStorage(tmp_path / "files"))
    yield opened
    await opened.engine.dispose()


def _unqueued(method: Any) -> Any:
    """Call a data-layer method directly (outside a chat it would wait for the chat's first message)."""
    return getattr(method, "__wrapped__", method)


async def test_a_thread_its_settings_messages_and_previews_come_back(layer: ChatDataLayer, tmp_path: Path) -> None:
    name = f"film-maker-{uuid.uuid4().hex[:8]}"  # a shared PostgreSQL keeps earlier runs' users
    user = await layer.create_user(User(identifier=name, metadata={"provider": "local"}))
    assert user is not None and (await layer.get_user(name)) is not None
    thread = str(uuid.uuid4())
    settings = {"budget_usd": 3.0, "draft": True}
    await layer.update_thread(thread, name="rewrite scene 2 darker", user_id=user.id,
                              metadata={"chat_settings": settings}, tags=["story"])
    message = {"id": str(uuid.uuid4()), "threadId": thread, "name": "film-maker", "type": "user_message",
               "output": "rewrite scene 2 darker", "createdAt": "2026-12-03T12:00:00Z", "streaming": False,
               "metadata": {}}
    await _unqueued(layer.create_step)(layer, message)
    still = tmp_path / "still.png"
    still.write_bytes(b"\x89PNG\r\n\x1a\nstill")
    element = Image(path=str(still), name="still.png", display="inline", for_id=message["id"], thread_id=thread,
                    mime="image/png")
    await _unqueued(layer.create_element)(layer, element)

    got: Any = await layer.get_thread(thread)
    assert got is not None and got["name"] == "rewrite scene 2 darker" and got["userIdentifier"] == name
    metadata = got["metadata"] if isinstance(got["metadata"], dict) else __import__("json").loads(got["metadata"])
    assert metadata["chat_settings"] == settings and got["tags"] == ["story"]
    assert [s["output"] for s in got["steps"]] == ["rewrite scene 2 darker"]
    [stored] = got["elements"]
    assert stored["name"] == "still.png" and stored["url"].startswith("/reelsmith/files/")
    key = stored["url"].removeprefix("/reelsmith/files/")
    assert layer.storage_provider is not None
    assert isinstance(layer.storage_provider, LocalFileStorage)
    assert layer.storage_provider.path_of(key).read_bytes() == still.read_bytes()

    listed = await layer.list_threads(Pagination(first=10), ThreadFilter(userId=user.id))
    assert [t["id"] for t in listed.data] == [thread]
    await layer.delete_thread(thread)
    assert await layer.get_thread(thread) is None
