"""The accounts and the chat records in one database, and a store made before its tables were renamed.

Chainlit's chat records have a ``users`` table of their own; the accounts' tables are ``reelsmith_*`` so both
fit in one database. On one SQLite file always, and on one fresh PostgreSQL database when
REELSMITH_TEST_POSTGRES_URL names a server. A store made by an older Reelsmith (tables ``users``,
``projects``, ``shares``) keeps its users, owners and shares when it is opened.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_loader import load_app
from sqlalchemy import Column, ForeignKey, MetaData, String, Table, create_engine, insert, inspect, text
from store_backends import BACKENDS, postgres_database

from agent.accounts import ACCOUNTS_HEAD, AccountError, Accounts, hash_password, open_accounts, project_key
from agent.chat_store import create_chat_tables
from agent.cli import main
from agent.config import load_settings

load_app()
from agent.ui.persistence import ChatDataLayer, ChatFileStorage  # noqa: E402 - app.py first (it imports chainlit)

THREAD = "55555555-5555-4555-8555-555555555555"


@pytest.fixture(params=BACKENDS)
def shared(request: pytest.FixtureRequest, tmp_path: Path, tmp_home: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Point the chat records and the accounts at one database: a SQLite file, or a fresh PostgreSQL one."""
    if request.param == "postgresql":
        pytest.importorskip("psycopg", reason="PostgreSQL needs the psycopg driver (pip install 'psycopg[binary]')")
        with postgres_database() as url:
            urls = {"chat": url, "accounts": url}
            yield _configured(urls, monkeypatch)
        return
    db = tmp_path / "shared.db"
    yield _configured({"chat": f"sqlite+aiosqlite:///{db}", "accounts": f"sqlite:///{db}"}, monkeypatch)


def _configured(urls: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("REELSMITH_CHAT_DATABASE_URL", urls["chat"])
    monkeypatch.setenv("REELSMITH_ACCOUNTS_DATABASE_URL", urls["accounts"])
    return urls


def _add(name: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{name}-password\n"))
    return main(["user", "add", name, "--password-stdin"])


def _chat_as(url: str, name: str, files: Path) -> dict[str, Any]:
    """Write a chat by ``name`` through Chainlit's data layer and read it back."""
    from chainlit.user import User

    async def run() -> dict[str, Any]:
        await create_chat_tables(url)
        layer = ChatDataLayer(conninfo=url, storage_provider=ChatFileStorage(files))
        try:
            user = await layer.get_user(name) or await layer.create_user(User(identifier=name))
            assert user is not None
            await layer.update_thread(THREAD, name=f"{name}'s chat", user_id=user.id)
            found = await layer.get_thread(THREAD)
            assert found is not None
            return dict(found)
        finally:
            await layer.engine.dispose()

    return asyncio.run(run())


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


@pytest.mark.parametrize("first", ["chat records", "accounts"])
def test_accounts_and_chat_records_share_one_database(shared: dict[str, str], first: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    if first == "chat records":
        asyncio.run(create_chat_tables(shared["chat"]))
    assert _add("ana", monkeypatch) == 0, "Chainlit's users table is no obstacle"
    chat = _chat_as(shared["chat"], "ana", tmp_path / "files")
    assert chat["userIdentifier"] == "ana" and chat["name"] == "ana's chat"
    assert _add("bob", monkeypatch) == 0
    accounts = open_accounts(load_settings())
    assert accounts.verify("ana", "ana-password") and accounts.verify("bob", "bob-password")
    assert [u["name"] for u in accounts.list_users()] == ["ana", "bob"]
    assert main(["user", "remove", "bob"]) == 0 and not accounts.is_user("bob")
    assert _chat_as(shared["chat"], "ana", tmp_path / "files")["userIdentifier"] == "ana", "the chats stay"
    tables = _tables(shared["accounts"])
    assert {"users", "threads", "reelsmith_accounts", "reelsmith_projects", "reelsmith_shares"} <= tables


def _old_store(url: str) -> None:
    """Make the accounts store as Reelsmith made it before its tables were renamed, with two users."""
    meta = MetaData()
    users = Table("users", meta, Column("name", String(40), primary_key=True),
                  Column("password_hash", String(200), nullable=False),
                  Column("created_at", String(40), nullable=False))
    projects = Table("projects", meta, Column("key", String(16), primary_key=True),
                     Column("path", String(4000), nullable=False, unique=True),
                     Column("owner", String(40), ForeignKey("users.name", ondelete="SET NULL"), nullable=True))
    shares = Table("shares", meta,
                   Column("project", String(16), ForeignKey("projects.key", ondelete="CASCADE"), primary_key=True),
                   Column("user", String(40), ForeignKey("users.name", ondelete="CASCADE"), primary_key=True))
    engine = create_engine(url)
    try:
        meta.create_all(engine)
        with engine.begin() as conn:
            for name in ("ana", "bob"):
                conn.execute(insert(users).values(name=name, password_hash=hash_password(f"{name}-password"),
                                                  created_at="2026-11-30T10:00:00+00:00"))
            conn.execute(insert(projects).values(key=project_key(Path("/films/ferry")), path="/films/ferry",
                                                 owner="ana"))
            conn.execute(insert(shares).values(project=project_key(Path("/films/ferry")), user="bob"))
    finally:
        engine.dispose()


def test_a_store_made_before_keeps_its_users_owners_and_shares(shared: dict[str, str], tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _old_store(shared["accounts"])

    accounts = open_accounts(load_settings())  # opening it moves it
    assert accounts.verify("ana", "ana-password") and accounts.verify("bob", "bob-password")
    assert not accounts.verify("ana", "bob-password")
    assert [(r.path, r.owner, r.shared) for r in accounts.projects_of("bob")] == [(Path("/films/ferry"), "ana", True)]
    nonces = {accounts.login_nonce("ana"), accounts.login_nonce("bob")}
    assert None not in nonces and len(nonces) == 2
    tables = _tables(shared["accounts"])
    assert not {"users", "projects", "shares"} & tables, "the old tables are gone"
    assert {"reelsmith_accounts", "reelsmith_accounts_version"} <= tables

    open_accounts(load_settings())  # again: nothing moves twice
    assert {accounts.login_nonce("ana"), accounts.login_nonce("bob")} == nonces
    assert _add("carl", monkeypatch) == 0
    assert _chat_as(shared["chat"], "ana", tmp_path / "files")["userIdentifier"] == "ana", "now the chats fit"


def test_a_store_of_a_newer_reelsmith_is_refused_in_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'accounts.db'}"
    Accounts(create_engine(url), projects_root=tmp_path)
    engine = create_engine(url)
    with engine.begin() as conn:
        assert conn.scalar(text("SELECT version_num FROM reelsmith_accounts_version")) == ACCOUNTS_HEAD
        conn.execute(text("UPDATE reelsmith_accounts_version SET version_num = '9999'"))
    with pytest.raises(AccountError, match="newer Reelsmith") as err:
        Accounts(engine, projects_root=tmp_path)
    assert "\n" not in str(err.value)


def test_the_head_constant_is_the_newest_migration() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).resolve().parent.parent / "agent"
                                                  / "accounts_migrations"))
    assert ScriptDirectory.from_config(config).get_current_head() == ACCOUNTS_HEAD
