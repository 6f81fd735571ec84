"""The accounts' tables get Reelsmith's own names, and each account a login nonce.

The store used to call its tables ``users``, ``projects`` and ``shares`` (made by ``create_all``, before this
store had migrations). Chainlit's chat records also have a ``users`` table, so the two could not share one
database. The tables are now ``reelsmith_accounts``, ``reelsmith_projects`` and ``reelsmith_shares``; a store
made before keeps its users, owners and shares (copied over, then the old tables dropped, in one transaction).

``login_nonce`` changes whenever the password does and is new for an account made again: a login carries the
nonce it was made with, so an older one opens nothing.

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_OLD = {"users": {"name", "password_hash", "created_at"}, "projects": {"key", "path", "owner"},
        "shares": {"project", "user"}}
"""The tables of a store made before this migration, and their columns (Chainlit's ``users`` has others)."""
_NEW = {"users": "reelsmith_accounts", "projects": "reelsmith_projects", "shares": "reelsmith_shares"}


def _create(names: dict[str, str], *, nonce: bool) -> None:
    users, projects, shares = names["users"], names["projects"], names["shares"]
    extra = [sa.Column("login_nonce", sa.String(32), nullable=False)] if nonce else []
    op.create_table(users, sa.Column("name", sa.String(40), primary_key=True),
                    sa.Column("password_hash", sa.String(200), nullable=False),
                    sa.Column("created_at", sa.String(40), nullable=False), *extra)
    op.create_table(projects, sa.Column("key", sa.String(16), primary_key=True),
                    sa.Column("path", sa.String(4000), nullable=False, unique=True),
                    sa.Column("owner", sa.String(40), sa.ForeignKey(f"{users}.name", ondelete="SET NULL"),
                              nullable=True))
    op.create_table(shares,
                    sa.Column("project", sa.String(16), sa.ForeignKey(f"{projects}.key", ondelete="CASCADE"),
                              primary_key=True),
                    sa.Column("user", sa.String(40), sa.ForeignKey(f"{users}.name", ondelete="CASCADE"),
                              primary_key=True))


def _has_old_store(bind: sa.Connection) -> bool:
    inspector = sa.inspect(bind)
    present = set(inspector.get_table_names())
    return all(table in present and columns <= {c["name"] for c in inspector.get_columns(table)}
               for table, columns in _OLD.items())


def _move(bind: sa.Connection, source: dict[str, str], dest: dict[str, str], *, nonce: bool) -> None:
    """Copy every row from the ``source`` tables into the ``dest`` ones, then drop the ``source`` tables."""
    for kind in ("users", "projects", "shares"):  # parents first
        columns = sorted(_OLD[kind])
        rows = [dict(r) for r in bind.execute(sa.select(*(sa.column(c) for c in columns))
                                              .select_from(sa.table(source[kind]))).mappings()]
        if nonce and kind == "users":
            rows = [{**r, "login_nonce": secrets.token_hex(16)} for r in rows]
            columns = [*columns, "login_nonce"]
        if rows:
            bind.execute(sa.insert(sa.table(dest[kind], *(sa.column(c) for c in columns))), rows)
    for kind in ("shares", "projects", "users"):  # children first
        op.drop_table(source[kind])


def upgrade() -> None:
    """Make the ``reelsmith_*`` tables; move a store made before into them."""
    bind = op.get_bind()
    old = _has_old_store(bind)
    _create(_NEW, nonce=True)
    if old:
        _move(bind, {k: k for k in _OLD}, _NEW, nonce=True)


def downgrade() -> None:
    """Put the accounts back under their old names (refused where Chainlit's ``users`` table is)."""
    bind = op.get_bind()
    if "users" in sa.inspect(bind).get_table_names():
        raise RuntimeError("cannot go back to the old table names: this database has another 'users' table")
    _create({k: k for k in _OLD}, nonce=False)
    _move(bind, _NEW, {k: k for k in _OLD}, nonce=False)
