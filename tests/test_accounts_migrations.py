"""The accounts store's own migrations: a round trip down and up keeps its rows, and migrators may race.

Migration 0001 promises that a store under the old table names (``users``, ``projects``, ``shares``) keeps
its users, owners and shares when moved to the ``reelsmith_*`` tables, and that going back restores those
names with the same rows (the login nonces, which the old schema has no room for, are made anew). Several
servers or commands opening one store at once must end with one schema, each move done once, and no error:
threads share the process's migration lock; processes wait on the database's lock (SQLite's write lock, a
PostgreSQL advisory lock). On SQLite always, on PostgreSQL when REELSMITH_TEST_POSTGRES_URL names a server.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine
from store_backends import BACKENDS, postgres_database

from agent.accounts import ACCOUNTS_HEAD, Accounts, project_key

FERRY = Path("/films/ferry")
OLD_TABLES = {"users", "projects", "shares"}
NEW_TABLES = {"reelsmith_accounts", "reelsmith_projects", "reelsmith_shares"}
VERSION = "reelsmith_accounts_version"


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Yield the URL of an empty accounts database: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "postgresql":
        pytest.importorskip("psycopg", reason="PostgreSQL needs the psycopg driver (pip install 'psycopg[binary]')")
        with postgres_database() as made:
            yield made
        return
    yield f"sqlite:///{tmp_path / 'accounts.db'}"


def _alembic(engine: Engine, action: str, target: str) -> None:
    """Run ``alembic upgrade|downgrade TARGET`` on the accounts store, as ``migrate_accounts`` runs upgrades."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).resolve().parent.parent / "agent"
                                                  / "accounts_migrations"))
    config.attributes["engine"] = engine
    getattr(command, action)(config, target)


def _rows(engine: Engine, names: dict[str, str]) -> dict[str, list[tuple[Any, ...]]]:
    """Return the users (name, hash, made), projects and shares under the given table names, sorted."""
    queries = {"users": f"SELECT name, password_hash, created_at FROM {names['users']}",
               "projects": f"SELECT key, path, owner FROM {names['projects']}",
               "shares": f'SELECT project, "user" FROM {names["shares"]}'}
    with engine.connect() as conn:
        return {kind: sorted(tuple(r) for r in conn.execute(text(sql))) for kind, sql in queries.items()}


NEW = {"users": "reelsmith_accounts", "projects": "reelsmith_projects", "shares": "reelsmith_shares"}
OLD = {kind: kind for kind in NEW}


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def _version(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [str(v) for v in conn.scalars(text(f"SELECT version_num FROM {VERSION}"))]


def _filled(engine: Engine, tmp_path: Path) -> Accounts:
    """Make the store at head with ana (who owns the ferry film), bob (it is shared with him) and carl."""
    accounts = Accounts(engine, projects_root=tmp_path / "projects")
    for name in ("ana", "bob", "carl"):
        accounts.add_user(name, f"{name}-password")
    accounts.claim(FERRY, "ana")
    accounts.share(FERRY, "bob")
    return accounts


def test_down_and_up_again_keeps_users_owners_and_shares(url: str, tmp_path: Path) -> None:
    engine = create_engine(url)
    try:
        accounts = _filled(engine, tmp_path)
        before = _rows(engine, NEW)
        nonces = {name: accounts.login_nonce(name) for name in ("ana", "bob", "carl")}
        assert before["shares"] == [(project_key(FERRY), "bob")], "the test's own setup"

        _alembic(engine, "downgrade", "base")
        assert OLD_TABLES <= _tables(engine) and not NEW_TABLES & _tables(engine)
        assert _rows(engine, OLD) == before, "the old names hold the same rows, password hashes included"
        assert _version(engine) == []

        again = Accounts(engine, projects_root=tmp_path / "projects")  # opening it moves it up again
        assert NEW_TABLES <= _tables(engine) and not OLD_TABLES & _tables(engine)
        assert _rows(engine, NEW) == before and _version(engine) == [ACCOUNTS_HEAD]
        assert again.verify("ana", "ana-password") and not again.verify("ana", "bob-password")
        assert [(r.path, r.owner, r.shared) for r in again.projects_of("bob")] == [(FERRY, "ana", True)]
        fresh = {name: again.login_nonce(name) for name in nonces}
        assert None not in fresh.values() and len(set(fresh.values())) == 3
        assert not set(fresh.values()) & set(nonces.values()), "a login made before the round trip opens nothing"
    finally:
        engine.dispose()


def test_going_down_beside_chainlits_users_table_is_refused_and_changes_nothing(url: str, tmp_path: Path) -> None:
    engine = create_engine(url)
    try:
        _filled(engine, tmp_path)
        with engine.begin() as conn:  # the chat records' users table, in the same database
            conn.execute(text('CREATE TABLE users (id VARCHAR(36) PRIMARY KEY, identifier TEXT, metadata TEXT, '
                              '"createdAt" TEXT)'))
        before, tables = _rows(engine, NEW), _tables(engine)

        with pytest.raises(RuntimeError, match="another 'users' table"):
            _alembic(engine, "downgrade", "base")
        assert _tables(engine) == tables and _rows(engine, NEW) == before and _version(engine) == [ACCOUNTS_HEAD]
    finally:
        engine.dispose()


def _old_store(url: str, tmp_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Make a store as Reelsmith made it before migrations (old table names, no version table); return its rows."""
    engine = create_engine(url)
    try:
        _filled(engine, tmp_path)
        _alembic(engine, "downgrade", "base")
        with engine.begin() as conn:
            conn.execute(text(f"DROP TABLE {VERSION}"))
        assert _tables(engine) == OLD_TABLES
        return _rows(engine, OLD)
    finally:
        engine.dispose()


def _open_in_process(url: str, root: str, start: Any, errors: Any) -> None:
    """Open the store once the other processes are ready too (a child process's body)."""
    import alembic.command  # noqa: F401 - loaded before the start, so that the migrators start together

    engine = create_engine(url)
    try:
        start.wait(timeout=120)
        Accounts(engine, projects_root=Path(root))
    except BaseException as exc:  # reported to the test, which fails on it
        errors.put(f"{type(exc).__name__}: {exc}")
        raise SystemExit(1) from None
    finally:
        engine.dispose()


def _race_in_processes(url: str, root: Path, count: int) -> list[str]:
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no lock of the test process's threads
    start, errors = context.Barrier(count), context.Queue()
    workers = [context.Process(target=_open_in_process, args=(url, str(root), start, errors)) for _ in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=180)
    return [errors.get(timeout=10) for _ in range(errors.qsize())] + [
        f"exit code {w.exitcode}" for w in workers if w.exitcode != 0]


def _race_in_threads(url: str, root: Path, count: int) -> list[str]:
    start, errors = threading.Barrier(count), []

    def open_store() -> None:
        engine = create_engine(url)
        try:
            start.wait(timeout=120)
            Accounts(engine, projects_root=root)
        except BaseException as exc:  # surfaced in the test below
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            engine.dispose()

    threads = [threading.Thread(target=open_store) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return errors


@pytest.mark.parametrize("race", [_race_in_threads, _race_in_processes], ids=["threads", "processes"])
def test_migrators_at_once_end_with_one_schema_and_each_move_done_once(url: str, tmp_path: Path, race: Any) -> None:
    before = _old_store(url, tmp_path)

    assert race(url, tmp_path / "projects", 4) == []

    engine = create_engine(url)
    try:
        assert _tables(engine) == NEW_TABLES | {VERSION}, "the old tables are gone, nothing made twice"
        assert _version(engine) == [ACCOUNTS_HEAD], "one version row"
        assert _rows(engine, NEW) == before, "every user, owner and share moved once"
        accounts = Accounts(engine, projects_root=tmp_path / "projects")
        assert accounts.verify("bob", "bob-password")
        assert [(r.path, r.shared) for r in accounts.projects_of("bob")] == [(FERRY, True)]
    finally:
        engine.dispose()
