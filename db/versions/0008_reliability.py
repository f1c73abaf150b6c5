"""Reliability: versions of a source, and passages that left the current text.

A source imported again from the same file (or the same saved web page) with changed content
becomes a new version of that source: `sources` holds the current text and its version
number, `source_versions` the texts it replaced. Evidence and detached-passage marks of the
user's corrections are re-anchored to the new text; a passage that is no longer in it keeps
its offsets into the version it came from, named by `in_version` (NULL: the current text).

On SQLite the full-text index of sources gets an update trigger, since a source's text now
changes in place.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Plain ALTER TABLE, never batch mode (a rebuilt table would lose the full-text triggers).

_FTS_UPDATE = (
    "CREATE TRIGGER IF NOT EXISTS sources_fts_au AFTER UPDATE OF title, text ON sources BEGIN "
    "INSERT INTO sources_fts(sources_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO sources_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END"
)


def upgrade() -> None:
    op.add_column("sources", sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    op.create_table(
        "source_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "source_id",
            sa.Integer,
            sa.ForeignKey("sources.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("encoding", sa.String(40), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.Column("replaced_at", sa.DateTime, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.UniqueConstraint("source_id", "version", name="uq_source_versions_version"),
    )
    op.create_index("ix_source_versions_sha256", "source_versions", ["sha256"])
    op.add_column("evidence", sa.Column("in_version", sa.Integer, nullable=True))
    op.add_column("curation_marks", sa.Column("in_version", sa.Integer, nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute(_FTS_UPDATE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS sources_fts_au")
    op.drop_column("curation_marks", "in_version")
    op.drop_column("evidence", "in_version")
    op.drop_index("ix_source_versions_sha256", table_name="source_versions")
    op.drop_table("source_versions")
    op.drop_column("sources", "version")
