"""Where the chat UI keeps its own records (threads, messages, elements) so a reload brings them back.

Chainlit's SQLAlchemy data layer reads and writes these tables but does not create them: the schema
below is its documented one (docs.chainlit.io/data-layers/sqlalchemy, Chainlit 2.12), created here on
start. SQLite under ``REELSMITH_HOME`` by default, PostgreSQL when ``REELSMITH_CHAT_DATABASE_URL`` names
one (``postgresql+psycopg://...``; ``pip install .[postgres]``). Element files live in a local folder beside it.
Nothing here imports chainlit: app.py plugs these pieces into it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from agent.config import Settings

__all__ = ["chat_database_url", "create_chat_tables", "LocalFileStorage", "SqliteJsonMixin", "ui_secret",
           "FILES_ROUTE", "chat_folder"]

FILES_ROUTE = "/reelsmith/files"
"""Where the browser fetches stored element files (app.py serves it, behind the chat login)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    "id" {uuid} PRIMARY KEY, "identifier" TEXT NOT NULL UNIQUE, "metadata" {json} NOT NULL, "createdAt" TEXT);
CREATE TABLE IF NOT EXISTS threads (
    "id" {uuid} PRIMARY KEY, "createdAt" TEXT, "name" TEXT, "userId" {uuid}, "userIdentifier" TEXT,
    "tags" {tags}, "metadata" {json},
    FOREIGN KEY ("userId") REFERENCES users("id") ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS steps (
    "id" {uuid} PRIMARY KEY, "name" TEXT NOT NULL, "type" TEXT NOT NULL, "threadId" {uuid} NOT NULL,
    "parentId" {uuid}, "streaming" BOOLEAN NOT NULL, "waitForAnswer" BOOLEAN, "isError" BOOLEAN,
    "metadata" {json}, "tags" {tags}, "input" TEXT, "output" TEXT, "createdAt" TEXT, "command" TEXT,
    "start" TEXT, "end" TEXT, "generation" {json}, "showInput" TEXT, "language" TEXT, "indent" INT,
    "defaultOpen" BOOLEAN, "autoCollapse" BOOLEAN, "modes" {json},
    FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS elements (
    "id" {uuid} PRIMARY KEY, "threadId" {uuid}, "type" TEXT, "url" TEXT, "chainlitKey" TEXT,
    "name" TEXT NOT NULL, "display" TEXT, "objectKey" TEXT, "size" TEXT, "page" INT, "language" TEXT,
    "forId" {uuid}, "mime" TEXT, "props" {json}, "autoPlay" BOOLEAN, "playerConfig" {json},
    FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS feedbacks (
    "id" {uuid} PRIMARY KEY, "forId" {uuid} NOT NULL, "threadId" {uuid} NOT NULL, "value" INT NOT NULL,
    "comment" TEXT,
    FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE);
"""
_TYPES = {"sqlite": {"uuid": "TEXT", "json": "TEXT", "tags": "TEXT"},
          "postgresql": {"uuid": "UUID", "json": "JSONB", "tags": "TEXT[]"}}
_JSON_COLUMNS = re.compile(r"(^|_)(tags|modes)$")


def chat_folder(settings: Settings) -> Path:
    """Return the folder under REELSMITH_HOME for this project's chat records (one per project folder)."""
    project = settings.project.resolve()
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", project.name).strip("-")[:40] or "project"
    return settings.home / "chat" / f"{slug}-{hashlib.sha256(str(project).encode()).hexdigest()[:10]}"


def chat_database_url(settings: Settings) -> str:
    """Return the chat records' database: the configured URL, else SQLite in this project's chat folder."""
    if settings.chat_database_url:
        return settings.chat_database_url
    folder = chat_folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite+aiosqlite:///{folder / 'chat.db'}"


async def create_chat_tables(url: str) -> None:
    """Create Chainlit's tables (its documented schema) if they are missing; existing rows stay."""
    engine = create_async_engine(url)
    types = _TYPES["sqlite" if engine.dialect.name == "sqlite" else "postgresql"]
    try:
        async with engine.begin() as conn:
            for statement in _SCHEMA.format(**types).split(";"):
                if statement.strip():
                    await conn.execute(text(statement))
    finally:
        await engine.dispose()


class SqliteJsonMixin:
    """Store lists and dicts as JSON text on SQLite (PostgreSQL takes them natively) and read them back.

    Mixed in before Chainlit's ``SQLAlchemyDataLayer``: it binds thread/step tags as Python lists, which
    SQLite refuses, and the whole write would be lost.
    """

    engine: Any

    async def execute_sql(self, query: str, parameters: dict[str, Any]) -> Any:
        """Run Chainlit's query with JSON-encoded list/dict parameters on SQLite; decode tag columns."""
        if self.engine.dialect.name != "sqlite":
            return await super().execute_sql(query, parameters)  # type: ignore[misc]
        encoded = {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in parameters.items()}
        result = await super().execute_sql(query, encoded)  # type: ignore[misc]
        if isinstance(result, list):
            for row in result:
                for key, value in row.items():
                    if isinstance(value, str) and _JSON_COLUMNS.search(key) and value[:1] in "[{":
                        row[key] = json.loads(value)
        return result


class LocalFileStorage:
    """Keep element files (previews, uploads) in a local folder; Chainlit's storage-client interface."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def path_of(self, object_key: str) -> Path:
        """Return the file for a key; raise ValueError for a key that would leave the folder."""
        path = (self.root / object_key).resolve()
        if not path.is_relative_to(self.root) or path == self.root or "\x00" in object_key:
            raise ValueError("no such file")
        return path

    async def upload_file(
        self, object_key: str, data: bytes | str, mime: str = "application/octet-stream", overwrite: bool = True,
        content_disposition: str | None = None,
    ) -> dict[str, Any]:
        """Write one file (atomically) and return its key and the URL the browser reads it from."""
        path = self.path_of(object_key)
        if path.exists() and not overwrite:
            return {"object_key": object_key, "url": await self.get_read_url(object_key)}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data.encode() if isinstance(data, str) else data)
        os.replace(tmp, path)
        return {"object_key": object_key, "url": await self.get_read_url(object_key)}

    async def delete_file(self, object_key: str) -> bool:
        """Delete one file; tell whether it was there."""
        try:
            path = self.path_of(object_key)
        except ValueError:
            return False
        existed = path.exists()
        path.unlink(missing_ok=True)
        return existed

    async def get_read_url(self, object_key: str) -> str:
        """Return the URL app.py serves this file under."""
        return f"{FILES_ROUTE}/{object_key}"

    async def close(self) -> None:
        """Nothing to release: files are written and closed at once."""


def ui_secret(home: Path) -> str:
    """Return the UI's login-token secret, made once and kept in REELSMITH_HOME (owner-only)."""
    path = home / "ui-secret"
    if path.exists():
        return path.read_text().strip()
    home.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(value)
    return value
