"""Categories (TimelineJS groups, Timeline categories) and periods (eras).

Interchange formats file events under a named, coloured category and draw labelled spans
(eras) along the axis. Categories become a filterable property of events, with an optional
parent as Timeline's category tree has; periods keep their dates the way events do (ISO text
plus the day bounds window queries use) and belong to the source that stated them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "categories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("color", sa.String(20), nullable=True),
        sa.Column(
            "parent_id",
            sa.Integer,
            sa.ForeignKey("categories.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.UniqueConstraint("name", name="uq_category_name"),
    )
    # a plain ADD COLUMN with an inline REFERENCES: no table rebuild, whatever the size (SQLite
    # does not report ON DELETE of such a column, so removing a category clears it in code)
    op.add_column(
        "events",
        sa.Column(
            "category_id",
            sa.Integer,
            sa.ForeignKey("categories.id"),
            nullable=True,
        ),
        inline_references=True,
    )
    op.create_index("ix_events_category", "events", ["category_id", "lo_day"])
    op.create_table(
        "periods",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("start", sa.String(40), nullable=False),
        sa.Column("end", sa.String(40), nullable=False),
        sa.Column("lo_day", sa.Integer, nullable=False),
        sa.Column("hi_day", sa.Integer, nullable=False),
        sa.Column("color", sa.String(20), nullable=True),
        sa.Column(
            "source_id",
            sa.Integer,
            sa.ForeignKey("sources.id", ondelete="CASCADE"),
            nullable=True,
        ),
    )
    op.create_index("ix_periods_lo", "periods", ["lo_day"])


def downgrade() -> None:
    op.drop_index("ix_periods_lo", table_name="periods")
    op.drop_table("periods")
    op.drop_index("ix_events_category", table_name="events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("category_id")
    op.drop_table("categories")
