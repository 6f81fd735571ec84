"""``reelsmith user add NAME --adopt``: the first user takes over what was made before accounts existed.

Before accounts, the UI's conversations belong to the local film-maker (or to whatever name people typed
with the shared password), and the server's one project has no owner. With accounts those chats and that
project would be nobody's; adopting gives them to one user: the project becomes theirs and every
conversation whose author is not an account becomes theirs too, reopening on that project.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from agent.accounts import AccountError, Accounts
from agent.chat_store import chat_database_url, create_chat_tables
from agent.config import Settings
from agent.intake import project_exists

__all__ = ["adoption_check", "adopt_chats"]


def adoption_check(accounts: Accounts, project: Path) -> None:
    """Refuse, in one line, a project another user owns already (before anything is written)."""
    if not project_exists(project):
        raise AccountError(f"no project at {project} to adopt (give the server's project with --project DIR)")
    owners = {r.owner for user in accounts.list_users() for r in accounts.projects_of(user["name"])
              if r.path == project.resolve() and not r.shared}
    if owners:
        raise AccountError(f"{project.name} belongs to {owners.pop()} already; nothing changed")


async def adopt_chats(settings: Settings, user: str, *, is_account: Callable[[str], bool], profile: str) -> int:
    """Give ``user`` every conversation of the server's chat store whose author is not an account; count them.

    Each one reopens on the chat profile ``profile`` (the adopted project's name in the picker).
    """
    url = chat_database_url(settings)
    await create_chat_tables(url)
    engine = create_async_engine(url)
    # PostgreSQL keeps ids as UUID and metadata as JSONB: say so for the text parameters.
    uid, js = ("CAST({} AS UUID)", "CAST({} AS JSONB)") if engine.dialect.name == "postgresql" else ("{}", "{}")
    try:
        async with engine.begin() as conn:
            rows = (await conn.execute(text('SELECT "id", "userIdentifier", "metadata" FROM threads'))).all()
            orphans = [(tid, meta) for tid, author, meta in rows if author != user and not is_account(str(author))]
            if not orphans:
                return 0
            found = (await conn.execute(text('SELECT "id" FROM users WHERE "identifier" = :name'),
                                        {"name": user})).first()
            user_id = str(found[0]) if found else str(uuid.uuid4())
            if not found:
                await conn.execute(text('INSERT INTO users ("id", "identifier", "metadata", "createdAt") '
                                        f"VALUES ({uid.format(':id')}, :name, {js.format(':meta')}, :at)"),
                                   {"id": user_id, "name": user, "meta": json.dumps({"provider": "accounts"}),
                                    "at": datetime.now(UTC).isoformat()})
            for thread_id, meta in orphans:
                metadata = json.loads(meta) if isinstance(meta, str) and meta else dict(meta or {})
                metadata["chat_profile"] = profile
                await conn.execute(text(f'UPDATE threads SET "userId" = {uid.format(":uid")}, '
                                        f'"userIdentifier" = :name, "metadata" = {js.format(":meta")} '
                                        f'WHERE "id" = {uid.format(":id")}'),
                                   {"uid": user_id, "name": user, "meta": json.dumps(metadata), "id": str(thread_id)})
            return len(orphans)
    finally:
        await engine.dispose()
