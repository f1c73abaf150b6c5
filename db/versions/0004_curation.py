"""Curation: users correct the timeline, and re-extraction keeps their corrections.

Events get a `rejected` flag (rejected events stay hidden rather than deleted, so extraction
never re-creates them) and the list of fields a user edited; old "user" events become
"manual". People get a `not_person` flag. `curation_marks` records passages a user detached
from an event; `edit_history` keeps every edit with the row images needed to undo it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, never batch mode: rebuilding `events` on SQLite would drop the
# full-text triggers of revision 0002.


def upgrade() -> None:
    op.add_column(
        "events", sa.Column("rejected", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.add_column(
        "events",
        sa.Column("edited_fields", sa.String(200), nullable=False, server_default=""),
    )
    op.drop_index("ix_events_level_lo", table_name="events")
    op.create_index(
        "ix_events_level_lo",
        "events",
        ["rejected", "span_level", "lo_day", "hi_day", "precision"],
    )
    op.execute("UPDATE events SET origin = 'manual' WHERE origin = 'user'")
    op.add_column(
        "people", sa.Column("not_person", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.create_table(
        "curation_marks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column(
            "event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "source_id",
            sa.Integer,
            sa.ForeignKey("sources.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
    )
    op.create_index("ix_curation_marks_source", "curation_marks", ["source_id"])
    op.create_table(
        "edit_history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("event_ids", sa.Text, nullable=False),
        sa.Column("changes", sa.Text, nullable=False),
        sa.Column("undone", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("edit_history")
    op.drop_index("ix_curation_marks_source", table_name="curation_marks")
    op.drop_table("curation_marks")
    op.drop_column("people", "not_person")
    op.execute("UPDATE events SET origin = 'user' WHERE origin IN ('manual', 'edited')")
    op.drop_index("ix_events_level_lo", table_name="events")
    op.create_index("ix_events_level_lo", "events", ["span_level", "lo_day", "hi_day", "precision"])
    op.drop_column("events", "edited_fields")
    op.drop_column("events", "rejected")
