"""The story chain: a scene remembers the outline beat it was written from and the tags on its blocks.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (no batch copy), as in 0003: existing scenes get no block tags and no beat.
    # beat_id has no foreign key: beats are replaced wholesale by a new outline, and the repository
    # unlinks scenes itself (a dangling id would only mean "no beat").
    op.add_column("scenes", sa.Column("block_tags", sa.JSON(), nullable=False, server_default="[]"))
    op.add_column("scenes", sa.Column("beat_id", sa.Integer(), nullable=True))
    op.create_index("ix_scenes_beat_id", "scenes", ["beat_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_scenes_beat_id", table_name="scenes")
    with op.batch_alter_table("scenes", schema=None) as batch_op:
        batch_op.drop_column("beat_id")
        batch_op.drop_column("block_tags")
