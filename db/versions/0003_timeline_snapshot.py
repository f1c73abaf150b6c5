"""A revision counter and a columnar snapshot of the timeline, for fast opening.

Loading a million events row by row takes seconds; the store keeps the timeline's columns
(ids, day bounds, precision) and the event-person links as one binary blob, valid while the
revision it was made at is current. Every write bumps the revision.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.Integer, nullable=False),
    )
    op.execute("INSERT INTO meta (key, value) VALUES ('revision', 1)")
    op.create_table(
        "snapshots",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("snapshots")
    op.drop_table("meta")
