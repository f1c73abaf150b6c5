"""Full-text search over event titles/summaries and source texts (SQLite FTS5).

Existing rows are indexed during the upgrade. Other databases search with LIKE instead, so
this revision changes nothing there.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from alembic import op

from timeline_desktop.store.sqlite import FTS_BACKFILL, FTS_DDL, FTS_DROP, is_sqlite

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if not is_sqlite(bind):
        return
    for statement in FTS_DDL + FTS_BACKFILL:
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if not is_sqlite(bind):
        return
    for statement in FTS_DROP:
        op.execute(statement)
