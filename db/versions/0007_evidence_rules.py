"""The named extraction rules that found each piece of evidence.

A nullable text column on evidence: the rules (one "stage:rule" per line, e.g.
"dates:day-month-year") that the extractor recorded for the passage, so the Evidence pane
can say why a passage became evidence. Evidence stored before, or entered by hand, has none.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("rules", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.drop_column("rules")
