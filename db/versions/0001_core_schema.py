"""Core schema: sources, people and aliases, events, evidence, mentions.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("encoding", sa.String(40), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
    )
    op.create_table(
        "person_aliases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "person_id", sa.Integer, sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("alias", sa.String(300), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.UniqueConstraint("person_id", "key", name="uq_alias_person_key"),
    )
    op.create_index("ix_alias_key", "person_aliases", ["key"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("start", sa.String(40), nullable=False),
        sa.Column("end", sa.String(40), nullable=True),
        sa.Column("precision", sa.Integer, nullable=False),
        sa.Column("approximate", sa.Boolean, nullable=False),
        sa.Column("lo_day", sa.Integer, nullable=False),
        sa.Column("hi_day", sa.Integer, nullable=False),
        sa.Column("span_level", sa.Integer, nullable=False),
        sa.Column("places", sa.Text, nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
    )
    op.create_index(
        "ix_events_level_lo", "events", ["span_level", "lo_day", "hi_day", "precision"]
    )
    op.create_index("ix_events_lo", "events", ["lo_day"])
    op.create_table(
        "event_people",
        sa.Column(
            "event_id",
            sa.Integer,
            sa.ForeignKey("events.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_event_people_person", "event_people", ["person_id", "event_id"])
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "person_id", sa.Integer, sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "source_id",
            sa.Integer,
            sa.ForeignKey("sources.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    op.create_index("ix_mentions_person", "mentions", ["person_id"])
    op.create_index("ix_mentions_source", "mentions", ["source_id"])
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True),
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
        sa.Column("date_as_stated", sa.String(80), nullable=False),
        sa.Column("stance", sa.String(20), nullable=False),
    )
    op.create_index("ix_evidence_event", "evidence", ["event_id"])
    op.create_index("ix_evidence_source", "evidence", ["source_id"])


def downgrade() -> None:
    for table in (
        "evidence",
        "mentions",
        "event_people",
        "events",
        "person_aliases",
        "people",
        "sources",
    ):
        op.drop_table(table)
