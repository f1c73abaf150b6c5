"""Indexes for finding a stored source by its file path or its page's URL.

Every imported file asks whether it is a new version of a stored source: the same path, or a
saved web page with the same URL. Without an index each question read the whole sources
table, which made an import of many files slow down with every file already stored.

Hash indexes on PostgreSQL (only equality is asked, and a long URL must never exceed a
b-tree entry's size limit); plain ones on SQLite.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_sources_path", "sources", ["path"], postgresql_using="hash")
    op.create_index("ix_sources_url", "sources", ["url"], postgresql_using="hash")


def downgrade() -> None:
    op.drop_index("ix_sources_url", table_name="sources")
    op.drop_index("ix_sources_path", table_name="sources")
