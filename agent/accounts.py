"""Accounts: people with their own logins, the projects each owns, and the projects shared with them.

A server-level store, beside the chat records under ``REELSMITH_HOME`` (``accounts.db``), or any SQLAlchemy
URL in ``REELSMITH_ACCOUNTS_DATABASE_URL`` (PostgreSQL for a team). Passwords are stored as scrypt hashes
(``hashlib.scrypt``, a random salt per user) and compared in constant time. With no user in it, Reelsmith
works as before: one local film-maker, or the shared REELSMITH_AUTH_PASSWORD.

Each account has a login nonce, new with every password, every account made again and every
:meth:`Accounts.logout`: a login carries the nonce it was made with (:meth:`Accounts.login`), so an older
login opens nothing (``agent.web_guard``). The tables are named ``reelsmith_*`` so that the store may share
a database with the chat records (Chainlit has a ``users`` table of its own); they are made and moved by the
migrations in ``agent/accounts_migrations``.

A project is known by its key, a hash of its resolved folder, so a URL names a project without saying
where it lives on disk. Its owner and the people it is shared with may use it; nobody else may.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    ForeignKey,
    MetaData,
    String,
    Table,
    and_,
    create_engine,
    delete,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine

from agent.config import Settings

__all__ = ["Accounts", "AccountError", "ProjectRef", "hash_password", "check_password", "project_key",
           "check_name", "accounts_url", "open_accounts", "accounts_in_use", "migrate_accounts", "ACCOUNTS_HEAD"]

_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,39}")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
"""scrypt's cost: 16 MiB and a few tens of milliseconds per check (the interactive-login figures of its paper)."""
MIN_PASSWORD = 8
_MIGRATIONS = Path(__file__).resolve().parent / "accounts_migrations"
_VERSION_TABLE = "reelsmith_accounts_version"  # as accounts_migrations/env.py names it
_MIGRATING = threading.Lock()
"""Alembic keeps its running environment in module globals: one migration at a time per process."""
ACCOUNTS_HEAD = "0001"
"""The newest accounts-store migration this version ships (checked against the folder by a test)."""

_meta = MetaData()
users = Table(
    "reelsmith_accounts", _meta,
    Column("name", String(40), primary_key=True),
    Column("password_hash", String(200), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("login_nonce", String(32), nullable=False),  # new with each password: older logins open nothing
)
projects = Table(
    "reelsmith_projects", _meta,
    Column("key", String(16), primary_key=True),
    Column("path", String(4000), nullable=False, unique=True),
    Column("owner", String(40), ForeignKey("reelsmith_accounts.name", ondelete="SET NULL"), nullable=True),
)
shares = Table(
    "reelsmith_shares", _meta,
    Column("project", String(16), ForeignKey("reelsmith_projects.key", ondelete="CASCADE"), primary_key=True),
    Column("user", String(40), ForeignKey("reelsmith_accounts.name", ondelete="CASCADE"), primary_key=True),
)


class AccountError(ValueError):
    """Bad account input (an unknown user, a weak password, an unregistered project); one line."""


def check_name(name: str) -> str:
    """Return ``name`` if it is a valid user name (it also names the user's own project folder)."""
    if not _NAME.fullmatch(name):
        raise AccountError(f"{name[:40]!r} is not a user name: use 1-40 lower-case letters, digits, '.', '_' or '-', "
                           "starting with a letter or digit")
    return name


def hash_password(password: str) -> str:
    """Return a salted scrypt hash of ``password`` as ``scrypt$n$r$p$salt$hash`` (base64 parts)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    parts = [str(_SCRYPT[k]) for k in ("n", "r", "p")] + [base64.b64encode(v).decode() for v in (salt, digest)]
    return "$".join(["scrypt", *parts])


def check_password(password: str, stored: str) -> bool:
    """Tell whether ``password`` matches a hash made by :func:`hash_password` (constant-time compare)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        given = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                               dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(given, expected)


_DUMMY_HASH = hash_password(secrets.token_hex(8))
"""Checked against when the user is unknown, so a login takes as long for a wrong name as for a wrong password."""


def _nonce() -> str:
    return secrets.token_hex(16)


def migrate_accounts(engine: Engine) -> None:
    """Bring the accounts store's tables to this version's schema (a no-op when they are there already).

    A store from before these migrations (tables ``users``, ``projects``, ``shares``) keeps its rows.
    """
    if inspect(engine).has_table(_VERSION_TABLE):
        with engine.connect() as conn:
            current = conn.scalar(text(f"SELECT version_num FROM {_VERSION_TABLE}"))
        if current == ACCOUNTS_HEAD:
            return
        if current is not None and not any((_MIGRATIONS / "versions").glob(f"{current}_*.py")):
            raise AccountError(f"the accounts store was made by a newer Reelsmith (schema {current}); "
                               "upgrade Reelsmith to use it")
    from alembic import command  # deferred: Alembic loads only when the store's schema moves
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["engine"] = engine
    with _MIGRATING:
        command.upgrade(config, "head")


def project_key(folder: Path) -> str:
    """Return the key URLs and the API name a project folder by (a hash of its resolved path)."""
    return hashlib.sha256(str(folder.expanduser().resolve()).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ProjectRef:
    """A project someone may use: its key, folder and owner, and whether it is shared with them."""

    key: str
    path: Path
    owner: str | None
    shared: bool

    @property
    def name(self) -> str:
        """Return the folder's name (what people call the project), without its owner's ``<owner>+`` prefix."""
        prefix = f"{self.owner}+"
        folder = self.path.name
        return folder[len(prefix):] if self.owner and folder.startswith(prefix) and folder != prefix else folder


def accounts_url(settings: Settings) -> str:
    """Return the accounts store's URL: the configured one, else SQLite ``accounts.db`` under REELSMITH_HOME."""
    if settings.accounts_database_url:
        return settings.accounts_database_url
    return f"sqlite:///{settings.home.expanduser() / 'accounts.db'}"


class Accounts:
    """The users, their hashed passwords, project owners and shares (one SQLAlchemy engine)."""

    def __init__(self, engine: Engine, *, projects_root: Path) -> None:
        """Use ``engine`` (its tables are made or migrated); users' own projects go under ``projects_root``."""
        self.engine, self.projects_root = engine, projects_root.expanduser()
        migrate_accounts(engine)

    # -- users ---------------------------------------------------------------------------------

    def has_users(self) -> bool:
        """Tell whether any account exists (else Reelsmith runs without accounts, as before)."""
        with self.engine.connect() as conn:
            return conn.execute(select(users.c.name).limit(1)).first() is not None

    def is_user(self, name: str) -> bool:
        """Tell whether an account named ``name`` exists."""
        with self.engine.connect() as conn:
            return conn.execute(select(users.c.name).where(users.c.name == name)).first() is not None

    def add_user(self, name: str, password: str) -> None:
        """Create an account; refuse a taken name or a password shorter than MIN_PASSWORD characters."""
        check_name(name)
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        with self.engine.begin() as conn:
            if conn.execute(select(users.c.name).where(users.c.name == name)).first() is not None:
                raise AccountError(f"there is already a user named {name}")
            conn.execute(insert(users).values(name=name, password_hash=hash_password(password), created_at=stamp,
                                              login_nonce=_nonce()))

    def set_password(self, name: str, password: str) -> None:
        """Replace a user's password; every login they hold stops working."""
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
        with self.engine.begin() as conn:
            done = conn.execute(update(users).where(users.c.name == name)
                                .values(password_hash=hash_password(password), login_nonce=_nonce()))
            if not done.rowcount:
                raise AccountError(f"there is no user named {name}")

    def logout(self, name: str) -> None:
        """End every login ``name`` holds at once (a new login nonce); their password stays."""
        with self.engine.begin() as conn:
            done = conn.execute(update(users).where(users.c.name == name).values(login_nonce=_nonce()))
            if not done.rowcount:
                raise AccountError(f"there is no user named {name}")

    def remove_user(self, name: str) -> None:
        """Delete an account and its shares; the projects it owned stay on disk, owned by nobody."""
        with self.engine.begin() as conn:
            if conn.execute(select(users.c.name).where(users.c.name == name)).first() is None:
                raise AccountError(f"there is no user named {name}")
            conn.execute(delete(shares).where(shares.c.user == name))
            conn.execute(update(projects).where(projects.c.owner == name).values(owner=None))
            conn.execute(delete(users).where(users.c.name == name))

    def verify(self, name: str, password: str) -> bool:
        """Tell whether ``name`` and ``password`` belong together (as slow for an unknown name)."""
        return self.login(name, password) is not None

    def login(self, name: str, password: str) -> str | None:
        """Return the account's login nonce if ``password`` is its password, else None (as slow for any name).

        The hash and the nonce are read together, so the nonce is the one of the password that was checked.
        """
        with self.engine.connect() as conn:
            found = conn.execute(select(users.c.password_hash, users.c.login_nonce).where(users.c.name == name)).first()
        ok = check_password(password, found[0] if found else _DUMMY_HASH)
        return found[1] if ok and found else None

    def login_nonce(self, name: str) -> str | None:
        """Return the nonce a current login of ``name`` carries, or None when there is no such account."""
        with self.engine.connect() as conn:
            return conn.scalar(select(users.c.login_nonce).where(users.c.name == name))

    def list_users(self) -> list[dict[str, Any]]:
        """Return every user with the projects they own and those shared with them (folder paths)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(users.c.name, users.c.created_at).order_by(users.c.name)).all()
        out: list[dict[str, Any]] = []
        for name, created in rows:
            refs = self.projects_of(name)
            out.append({"name": name, "created_at": created,
                        "owns": [str(r.path) for r in refs if not r.shared],
                        "shared_with_them": [str(r.path) for r in refs if r.shared]})
        return out

    @staticmethod
    def _require_user(conn: Connection, name: str) -> None:
        if conn.execute(select(users.c.name).where(users.c.name == name)).first() is None:
            raise AccountError(f"there is no user named {name}")

    # -- projects --------------------------------------------------------------------------------

    def claim(self, folder: Path, owner: str, *, replace: bool = False) -> ProjectRef:
        """Record ``owner`` as the project's owner (if it has none, or with ``replace``); return the project."""
        folder = folder.expanduser().resolve()
        key = project_key(folder)
        with self.engine.begin() as conn:
            self._require_user(conn, owner)
            current = conn.execute(select(projects.c.owner).where(projects.c.key == key)).first()
            if current is None:
                conn.execute(insert(projects).values(key=key, path=str(folder), owner=owner))
            elif current[0] is None or replace:
                conn.execute(update(projects).where(projects.c.key == key).values(owner=owner))
                conn.execute(delete(shares).where(and_(shares.c.project == key, shares.c.user == owner)))
            elif current[0] != owner:
                raise AccountError(f"{folder.name} belongs to {current[0]}")
        return ProjectRef(key=key, path=folder, owner=owner, shared=False)

    def share(self, folder: Path, user: str, *, remove: bool = False) -> None:
        """Let ``user`` use an owned project (or, with ``remove``, no longer)."""
        key = project_key(folder)
        with self.engine.begin() as conn:
            self._require_user(conn, user)
            owner = conn.execute(select(projects.c.owner).where(projects.c.key == key)).first()
            if owner is None or owner[0] is None:
                raise AccountError(f"{folder} has no owner yet: give it one first (reelsmith share DIR USER --owner)")
            if owner[0] == user:
                raise AccountError(f"{user} owns {folder.name} already")
            where = and_(shares.c.project == key, shares.c.user == user)
            conn.execute(delete(shares).where(where))
            if not remove:
                conn.execute(insert(shares).values(project=key, user=user))

    def projects_of(self, user: str) -> list[ProjectRef]:
        """Return the projects ``user`` may use: their own first, then those shared with them, by folder name."""
        with self.engine.connect() as conn:
            owned = conn.execute(select(projects.c.key, projects.c.path, projects.c.owner)
                                 .where(projects.c.owner == user)).all()
            shared = conn.execute(select(projects.c.key, projects.c.path, projects.c.owner)
                                  .join(shares, shares.c.project == projects.c.key)
                                  .where(shares.c.user == user, projects.c.owner.is_not(None))).all()
        refs = [ProjectRef(key=k, path=Path(p), owner=o, shared=False) for k, p, o in owned]
        refs += [ProjectRef(key=k, path=Path(p), owner=o, shared=True) for k, p, o in shared]
        return sorted(refs, key=lambda r: (r.shared, r.name, r.key))

    def project_for(self, user: str, key: str) -> ProjectRef | None:
        """Return the project ``key`` names if ``user`` may use it, else None (unknown and forbidden alike)."""
        return next((r for r in self.projects_of(user) if r.key == key), None)

    def own_folder(self, user: str) -> Path:
        """Return the folder of the project a user gets on first use (under the projects root)."""
        return self.projects_root / check_name(user)


def open_accounts(settings: Settings) -> Accounts:
    """Open the accounts store the settings name (its folder is created for the SQLite default)."""
    url = accounts_url(settings)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    root = settings.projects_root or settings.home / "projects"
    return Accounts(create_engine(url), projects_root=root)


def accounts_in_use(settings: Settings) -> Accounts | None:
    """Return the accounts store when it holds a user, else None (no store is created just to look)."""
    if not settings.accounts_database_url and not Path(accounts_url(settings).removeprefix("sqlite:///")).is_file():
        return None
    accounts = open_accounts(settings)
    return accounts if accounts.has_users() else None
