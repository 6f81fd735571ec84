"""The accounts store and its commands: hashed passwords, owners, shares, and `reelsmith user|share`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from agent.accounts import (
    AccountError,
    Accounts,
    accounts_in_use,
    check_password,
    hash_password,
    open_accounts,
    project_key,
    users,
)
from agent.cli import main
from agent.config import load_settings


@pytest.fixture
def accounts(tmp_path: Path) -> Accounts:
    store = Accounts(create_engine(f"sqlite:///{tmp_path / 'accounts.db'}"), projects_root=tmp_path / "projects")
    store.add_user("ana", "ana-password")
    store.add_user("bob", "bob-password")
    return store


def _folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "project.db").write_bytes(b"")  # the CLI only checks that a project is there
    return folder


def test_passwords_are_salted_scrypt_hashes_checked_in_full() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first.startswith("scrypt$") and first != second, "a fresh salt per hash"
    assert "correct horse" not in first
    assert check_password("correct horse", first) and check_password("correct horse", second)
    assert not check_password("correct hors", first) and not check_password("correct horse!", first)
    assert not check_password("correct horse", "plain$text") and not check_password("x", "")


def test_the_store_keeps_only_hashes_and_verifies_names_with_passwords(accounts: Accounts) -> None:
    with accounts.engine.connect() as conn:
        stored = dict(conn.execute(select(users.c.name, users.c.password_hash)).all())
    assert stored["ana"].startswith("scrypt$") and "ana-password" not in stored["ana"]
    assert accounts.verify("ana", "ana-password")
    assert not accounts.verify("ana", "bob-password"), "another user's password opens nothing"
    assert not accounts.verify("carl", "ana-password") and not accounts.verify("", "")


def test_bad_account_input_is_one_line_and_changes_nothing(accounts: Accounts) -> None:
    for name, password in (("ana", "another-password"), ("Ana", "long-enough"), ("../x", "long-enough"),
                           ("new", "short")):
        with pytest.raises(AccountError) as err:
            accounts.add_user(name, password)
        assert "\n" not in str(err.value)
    assert [u["name"] for u in accounts.list_users()] == ["ana", "bob"]
    assert accounts.verify("ana", "ana-password")
    with pytest.raises(AccountError):
        accounts.remove_user("carl")


def test_owners_and_shares_decide_who_may_use_a_project(accounts: Accounts, tmp_path: Path) -> None:
    film, other = _folder(tmp_path, "film"), _folder(tmp_path, "other")
    ref = accounts.claim(film, "ana")
    assert ref.key == project_key(film) and [r.key for r in accounts.projects_of("ana")] == [ref.key]
    assert accounts.projects_of("bob") == [] and accounts.project_for("bob", ref.key) is None
    with pytest.raises(AccountError, match="belongs to ana"):
        accounts.claim(film, "bob")
    with pytest.raises(AccountError, match="no owner"):
        accounts.share(other, "bob")
    accounts.share(film, "bob")
    shared = accounts.project_for("bob", ref.key)
    assert shared is not None and shared.shared and shared.owner == "ana"
    accounts.share(film, "bob", remove=True)
    assert accounts.project_for("bob", ref.key) is None
    accounts.share(film, "bob")
    accounts.remove_user("ana")
    assert accounts.projects_of("bob") == [], "an ownerless project is nobody's, its shares included"
    accounts.claim(film, "bob")
    assert [r.shared for r in accounts.projects_of("bob")] == [False]


def test_no_store_is_made_just_to_look(tmp_home: Path) -> None:
    settings = load_settings()
    assert accounts_in_use(settings) is None and not (tmp_home / "accounts.db").exists()
    open_accounts(settings)
    assert accounts_in_use(settings) is None, "a store without users means no accounts"


def test_user_and_share_commands(tmp_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("ana-password\n"))
    assert main(["user", "add", "ana", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("bob-password\n"))
    assert main(["user", "add", "bob", "--password-stdin"]) == 0
    film = _folder(tmp_path, "film")
    assert main(["share", str(film), "ana", "--owner"]) == 0
    assert main(["share", str(film), "bob"]) == 0
    capsys.readouterr()
    assert main(["user", "list", "--json"]) == 0
    listed = {u["name"]: u for u in json.loads(capsys.readouterr().out)["users"]}
    assert listed["ana"]["owns"] == [str(film.resolve())] and listed["bob"]["shared_with_them"] == [str(film.resolve())]
    accounts = accounts_in_use(load_settings())
    assert accounts is not None and accounts.verify("bob", "bob-password")

    monkeypatch.setattr("sys.stdin", io.StringIO("other-password\n"))
    for argv in (["user", "add", "ana", "--password-stdin"], ["user", "remove", "carl"], ["share", str(film), "carl"],
                 ["share", str(tmp_path / "nothing"), "bob"], ["user", "add"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("error: ") and err.count("\n") == 1, err
    assert accounts.verify("ana", "ana-password"), "a refused add changes nothing"
    assert main(["user", "remove", "bob"]) == 0
    assert not accounts.verify("bob", "bob-password") and accounts.projects_of("bob") == []


def test_a_login_nonce_is_new_with_each_password_and_each_account(accounts: Accounts) -> None:
    first = accounts.login("ana", "ana-password")
    assert first is not None and first == accounts.login_nonce("ana") and first != accounts.login_nonce("bob")
    assert accounts.login("ana", "bob-password") is None and accounts.login("carl", "ana-password") is None
    with pytest.raises(AccountError):
        accounts.set_password("ana", "short")
    assert accounts.login_nonce("ana") == first, "a refused change changes nothing"
    accounts.set_password("ana", "ana-password")  # even the same password again
    second = accounts.login_nonce("ana")
    assert second not in (None, first) and accounts.login("ana", "ana-password") == second
    accounts.remove_user("ana")
    assert accounts.login_nonce("ana") is None
    accounts.add_user("ana", "ana-password")
    assert accounts.login_nonce("ana") not in (None, first, second), "an account made again is another account"


def test_the_password_command_changes_the_nonce(tmp_home: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("ana-password\n"))
    assert main(["user", "add", "ana", "--password-stdin"]) == 0
    accounts = open_accounts(load_settings())
    before = accounts.login_nonce("ana")
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["user", "password", "ana", "--password-stdin"]) == 2
    assert accounts.login_nonce("ana") == before and accounts.verify("ana", "ana-password")
    monkeypatch.setattr("sys.stdin", io.StringIO("ana-new-password\n"))
    capsys.readouterr()
    assert main(["user", "password", "ana", "--password-stdin"]) == 0
    assert "open nothing now" in capsys.readouterr().out
    assert accounts.login_nonce("ana") != before and accounts.verify("ana", "ana-new-password")


def test_the_logout_command_ends_every_login_and_keeps_the_password(tmp_home: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("ana", "bob"):
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{name}-password\n"))
        assert main(["user", "add", name, "--password-stdin"]) == 0
    accounts = open_accounts(load_settings())
    before = {name: accounts.login_nonce(name) for name in ("ana", "bob")}
    capsys.readouterr()

    assert main(["user", "logout", "carl"]) == 2
    err = capsys.readouterr().err
    assert err == "error: there is no user named carl\n"
    assert {name: accounts.login_nonce(name) for name in ("ana", "bob")} == before, "a refused logout changes nothing"
    assert not accounts.is_user("carl")
    assert main(["user", "logout"]) == 2 and capsys.readouterr().err.count("\n") == 1

    assert main(["user", "logout", "ana"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Logged ana out everywhere") and out.count("\n") == 1
    assert accounts.login_nonce("ana") not in (None, before["ana"]) and accounts.login_nonce("bob") == before["bob"]
    assert accounts.login("ana", "ana-password") == accounts.login_nonce("ana"), "the same password logs in again"
