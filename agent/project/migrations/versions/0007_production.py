"""Production details: voice profiles, costumes, cinematography looks, shot notes and tags, place settings.

Revision ID: 0006p
Revises: 0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0006p"
down_revision = "0006r"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs with server defaults (as in 0003 and 0005): existing rows get no voice, notes or tags.
    op.add_column("characters", sa.Column("voice", sa.Text(), nullable=False, server_default=""))
    op.add_column("locations", sa.Column("setting", sa.String(length=10), nullable=False, server_default=""))
    op.add_column("locations", sa.Column("tags", sa.JSON(), nullable=False, server_default="[]"))
    op.add_column("shots", sa.Column("notes", sa.Text(), nullable=False, server_default=""))
    op.add_column("shots", sa.Column("tags", sa.JSON(), nullable=False, server_default="[]"))
    # No foreign key (as scenes.beat_id): removing a look unlinks its shots in the repository.
    op.add_column("shots", sa.Column("look_id", sa.Integer(), nullable=True))
    op.create_index("ix_shots_look_id", "shots", ["look_id"], unique=False)
    op.create_table(
        "costumes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("character_id", sa.Integer(), nullable=True),
        sa.Column("scene_ids", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["character_id"], ["characters.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_index("ix_costumes_character_id", "costumes", ["character_id"], unique=False)
    op.create_table(
        "looks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("shot_type", sa.String(length=40), nullable=True),
        sa.Column("lens_mm", sa.Integer(), nullable=True),
        sa.Column("lighting", sa.Text(), nullable=False),
        sa.Column("references", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("looks")
    op.drop_index("ix_costumes_character_id", table_name="costumes")
    op.drop_table("costumes")
    op.drop_index("ix_shots_look_id", table_name="shots")
    with op.batch_alter_table("shots", schema=None) as batch_op:
        batch_op.drop_column("look_id")
        batch_op.drop_column("tags")
        batch_op.drop_column("notes")
    with op.batch_alter_table("locations", schema=None) as batch_op:
        batch_op.drop_column("tags")
        batch_op.drop_column("setting")
    with op.batch_alter_table("characters", schema=None) as batch_op:
        batch_op.drop_column("voice")
