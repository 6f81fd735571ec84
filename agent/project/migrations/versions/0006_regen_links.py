"""Shot cards remember the words of the scene they were drawn from, so a rebuild can keep what still stands.

Revision ID: 0006r
Revises: 0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0006r"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, as in 0003 and 0005: existing shots get no source (treated as made by hand).
    op.add_column("shots", sa.Column("source", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("shots", schema=None) as batch_op:
        batch_op.drop_column("source")
