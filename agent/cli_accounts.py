"""``reelsmith user add|list|remove|password|logout`` and ``reelsmith share``: accounts, and who may use a project."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agent.accounts import AccountError, Accounts, open_accounts
from agent.adopt import adopt_chats, adoption_check
from agent.cli_errors import CliError
from agent.config import Settings

__all__ = ["add_accounts_commands", "cmd_user", "cmd_share"]


def _password(args: argparse.Namespace) -> str:
    """Read the new password from stdin (``--password-stdin``, first line) or ask twice at the terminal."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CliError("no terminal to ask for the password: pipe it in with --password-stdin")
    first = getpass.getpass(f"Password for {args.name}: ")
    if getpass.getpass("Again: ") != first:
        raise CliError("the two passwords differ; nothing changed")
    return first


def _run(action: Callable[[Accounts], None], settings: Settings) -> None:
    try:
        action(open_accounts(settings))
    except AccountError as exc:
        raise CliError(str(exc)) from None


def _claim(accounts: Accounts, folder: Path, user: str) -> None:
    accounts.claim(folder, user, replace=True)


def cmd_user(args: argparse.Namespace, settings: Settings) -> int:
    """Add, list, remove a user, change their password, or end every login they hold."""
    if args.action == "list":
        found = open_accounts(settings).list_users()
        if args.json:
            print(json.dumps({"users": found}, indent=2, ensure_ascii=False))
            return 0
        if not found:
            print("No users: the UI runs without accounts (one local film-maker, or the shared password).")
        for user in found:
            print(f"{user['name']:<20} {user['created_at']}  owns {len(user['owns'])}, "
                  f"shared with them {len(user['shared_with_them'])}")
        return 0
    if args.name is None:
        raise CliError(f"give the user's name: reelsmith user {args.action} NAME")
    name = args.name
    if args.adopt and args.action != "add":
        raise CliError("--adopt goes with 'user add' only")
    if args.action == "add":
        project = Path(args.project or settings.project).expanduser().resolve()
        if args.adopt:
            _run(lambda a: adoption_check(a, project), settings)
        password = _password(args)
        _run(lambda a: a.add_user(name, password), settings)
        if args.adopt:
            _adopt(settings, name, project)
        print(f"Added {name}. With a user, everyone logs in with their own name and password "
              "(a running server too, without a restart).")
    elif args.action == "password":
        password = _password(args)
        _run(lambda a: a.set_password(name, password), settings)
        print(f"Changed {name}'s password: the logins {name} held before open nothing now (log in again).")
    elif args.action == "logout":
        _run(lambda a: a.logout(name), settings)
        print(f"Logged {name} out everywhere: the logins {name} held open nothing now and the server closes their "
              "open chats within seconds (the password stays; log in again).")
    else:
        accounts = open_accounts(settings)
        _run(lambda a: a.remove_user(name), settings)
        print(f"Removed {name} (their projects stay on disk, owned by nobody).")
        if not accounts.has_users():
            print("That was the last user: a running server keeps asking for logins (nobody can log in) until it "
                  "restarts; after a restart Reelsmith runs without accounts.")
    return 0


def _adopt(settings: Settings, name: str, project: Path) -> None:
    """Give the new user the server's project and every conversation made before accounts."""
    accounts = open_accounts(settings)
    ref = accounts.claim(project, name)
    chats = asyncio.run(adopt_chats(settings.model_copy(update={"project": project}), name,
                                    is_account=accounts.is_user, profile=ref.name))
    print(f"{name} now owns {project.name} and the {chats} conversation(s) made before accounts.")


def cmd_share(args: argparse.Namespace, settings: Settings) -> int:
    """Share a project with a user, stop sharing it, or make the user its owner."""
    folder = Path(args.dir).expanduser().resolve()
    if not (folder / "project.db").is_file() and not args.remove:
        raise CliError(f"no project at {args.dir}")
    user = args.user
    if args.owner:
        _run(lambda a: _claim(a, folder, user), settings)
        print(f"{user} now owns {folder.name}.")
    else:
        _run(lambda a: a.share(folder, user, remove=args.remove), settings)
        print(f"{'Stopped sharing' if args.remove else 'Shared'} {folder.name} "
              f"with {user}.")
    return 0


def add_accounts_commands(sub: Any, add: Callable[..., argparse.ArgumentParser]) -> None:
    """Register ``user`` and ``share`` on the ``reelsmith`` parser (``add`` is cli.py's ``_add``)."""
    p = add(sub, "user", cmd_user, "add, list or remove a user, change their password, or log them out everywhere; "
                                   "with a user, everyone logs in with their own")
    p.add_argument("action", choices=["add", "list", "remove", "password", "logout"])
    p.add_argument("name", nargs="?")
    p.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    p.add_argument("--adopt", action="store_true",
                   help="(add) give the new user the server's project and the conversations made before accounts")
    p.add_argument("--project", help="with --adopt: the server's project folder (default REELSMITH_PROJECT)")
    p = add(sub, "share", cmd_share, "let a user use a project (--owner: make them its owner)", json_flag=False)
    p.add_argument("dir")
    p.add_argument("user")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--owner", action="store_true", help="make the user the project's owner")
    mode.add_argument("--remove", action="store_true", help="stop sharing the project with the user")
