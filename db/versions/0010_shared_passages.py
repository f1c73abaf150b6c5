"""Copied passages: the source whose extraction made a copy of another event's passage.

A group's passage ("the two probes arrived in 1979") is evidence of each member's event; when
a member's event comes from a later source, its extraction copies the stored passage onto
that event. `evidence.shared_by` names that source, so re-extracting or removing it removes
the copies it made (before, a copy outlived the member's own passages and kept a stale event
alive). NULL for every passage found by its own source's extraction, so existing rows need
no change; a copy stored before this revision cannot be told from one and stays as it was.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("shared_by", sa.Integer, nullable=True))
        batch.create_foreign_key(
            "fk_evidence_shared_by_sources", "sources", ["shared_by"], ["id"], ondelete="CASCADE"
        )
        batch.create_index("ix_evidence_shared_by", ["shared_by"])


def downgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.drop_index("ix_evidence_shared_by")
        batch.drop_constraint("fk_evidence_shared_by_sources", type_="foreignkey")
        batch.drop_column("shared_by")
