"""`reelsmith user add NAME --adopt`: the conversations and the project made before accounts become NAME's.

On SQLite always, and on PostgreSQL (the chat records and the accounts each in a fresh database of their own)
when REELSMITH_TEST_POSTGRES_URL names a server: adoption writes ids and metadata with PostgreSQL's own casts.
"""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from app_loader import load_app
from store_backends import BACKENDS, postgres_database

from agent.accounts import open_accounts
from agent.cli import main
from agent.config import load_settings
from agent.ui_server import ensure_project

load_app()
from agent.ui.persistence import chat_data_layer  # noqa: E402 - app.py first (it imports chainlit once)

THREADS = {"11111111-1111-4111-8111-111111111111": "film-maker",  # the local film-maker's, before accounts
           "22222222-2222-4222-8222-222222222222": "someone",  # a name typed with the shared password
           "33333333-3333-4333-8333-333333333333": "bob"}  # an account's own
SETTINGS_KEPT = {"draft": True, "budget_usd": 2.5}
"""Every thread's chat settings: adoption changes where a chat reopens, never what else its metadata holds."""


def _chats(film: Path, action: str) -> dict[str, Any]:
    """Write the threads (``action='write'``) or read who wrote each and where it reopens, via Chainlit's layer.

    Reading also checks that each thread kept its chat settings.
    """
    from chainlit.user import User

    async def run() -> dict[str, Any]:
        layer = chat_data_layer(load_settings(project=film))
        try:
            if action == "write":
                for thread, author in THREADS.items():
                    user = await layer.get_user(author) or await layer.create_user(User(identifier=author))
                    assert user is not None
                    await layer.update_thread(thread, name=f"{author}'s chat", user_id=user.id,
                                              metadata={"chat_settings": SETTINGS_KEPT})
            found = {}
            for thread in THREADS:
                stored = await layer.get_thread(thread)
                assert stored is not None
                meta = stored.get("metadata") or {}
                meta = json.loads(meta) if isinstance(meta, str) else meta  # as Chainlit reads it on resume
                assert meta.get("chat_settings") == SETTINGS_KEPT, thread
                found[thread] = (stored["userIdentifier"], meta.get("chat_profile"))
            return found
        finally:
            await layer.engine.dispose()

    return asyncio.run(run())


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Keep the chat records and the accounts in SQLite under REELSMITH_HOME, or each in a fresh PostgreSQL database."""
    with ExitStack() as stack:
        if request.param == "postgresql":
            monkeypatch.setenv("REELSMITH_CHAT_DATABASE_URL", stack.enter_context(postgres_database()))
            monkeypatch.setenv("REELSMITH_ACCOUNTS_DATABASE_URL", stack.enter_context(postgres_database()))
        yield str(request.param)  # a dropped database takes its connections with it (WITH FORCE)


def _add(argv: list[str], name: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{name}-password\n"))
    return main(["user", "add", name, "--password-stdin", *argv])


def test_adopt_gives_the_first_user_what_came_before(backend: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    film = tmp_path / "film"
    ensure_project(film, settings=load_settings())
    assert _add([], "bob", monkeypatch) == 0
    _chats(film, "write")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("REELSMITH_PROJECT", str(tmp_path / "absent"))  # the server's project, default of --adopt
    capsys.readouterr()
    for argv, name in ((["--adopt", "--project", str(elsewhere)], "ana"), (["--adopt"], "ana")):
        assert _add(argv, name, monkeypatch) == 2, argv  # no project there
        assert capsys.readouterr().err.count("\n") == 1
    assert main(["user", "remove", "bob", "--adopt"]) == 2
    accounts = open_accounts(load_settings())
    assert not accounts.is_user("ana") and accounts.is_user("bob"), "a refused adoption adds nobody"

    assert _add(["--adopt", "--project", str(film)], "ana", monkeypatch) == 0
    assert "2 conversation(s)" in capsys.readouterr().out
    assert [r.path for r in accounts.projects_of("ana")] == [film.resolve()]
    chats = _chats(film, "read")
    assert chats == {"11111111-1111-4111-8111-111111111111": ("ana", "film"),
                     "22222222-2222-4222-8222-222222222222": ("ana", "film"),
                     "33333333-3333-4333-8333-333333333333": ("bob", None)}, "an account's chats stay its own"

    assert _add(["--adopt", "--project", str(film)], "carl", monkeypatch) == 2, "film is ana's now"
    assert "belongs to ana" in capsys.readouterr().err and not accounts.is_user("carl")
