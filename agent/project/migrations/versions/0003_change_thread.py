"""Record which conversation made each change, so "undo" can undo this conversation's last change.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy): SQLite adds a nullable column in place, so the append-only
    # triggers of 0002 stay on the table and no history row is rewritten. Older rows keep NULL: made
    # outside any conversation (CLI, project creation) or before conversations were recorded.
    op.add_column("changes", sa.Column("thread_id", sa.String(length=200), nullable=True))
    op.create_index("ix_changes_thread_id", "changes", ["thread_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_changes_thread_id", table_name="changes")
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.drop_column("thread_id")
