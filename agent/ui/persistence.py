"""Chainlit's data layer on Reelsmith's chat store: SQLite under REELSMITH_HOME, or PostgreSQL by URL.

Imports chainlit (app.py plugs :func:`chat_data_layer` into ``@cl.data_layer``); the store's pieces that do
not need chainlit (schema, local file storage, JSON on SQLite) live in ``agent.chat_store``.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.data.storage_clients.base import BaseStorageClient

from agent.chat_store import LocalFileStorage, SqliteJsonMixin, chat_database_url, chat_folder, create_chat_tables
from agent.config import Settings

__all__ = ["ChatDataLayer", "ChatFileStorage", "chat_data_layer", "chat_storage"]


class ChatFileStorage(LocalFileStorage, BaseStorageClient):
    """The local element-file folder, as the storage client Chainlit's data layer expects."""


class ChatDataLayer(SqliteJsonMixin, SQLAlchemyDataLayer):
    """Chainlit's SQLAlchemy data layer, with list/dict values stored as JSON on SQLite."""


def chat_storage(settings: Settings) -> ChatFileStorage:
    """Return the folder-backed storage for this project's chat element files."""
    return ChatFileStorage(chat_folder(settings) / "files")


def chat_data_layer(settings: Settings) -> ChatDataLayer:
    """Return the data layer on the chat store, its tables created first (existing rows stay)."""
    url = chat_database_url(settings)
    with ThreadPoolExecutor(1) as pool:  # called from inside the server's event loop: create tables aside
        pool.submit(asyncio.run, create_chat_tables(url)).result()
    return ChatDataLayer(conninfo=url, storage_provider=chat_storage(settings))
