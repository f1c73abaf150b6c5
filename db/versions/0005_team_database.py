"""A team database: 64-bit day numbers, unique people, full-text search on PostgreSQL.

- `events.lo_day` / `hi_day` become BIGINT on PostgreSQL (SQLite's INTEGER is 64-bit already):
  window bounds before the earliest events overflowed 32 bits there. The window index covers
  the id there, as SQLite's does by itself.
- `people.key`, the folded canonical name, is unique: concurrent writers cannot create the
  same person twice. People who already share a key (such as those two racing imports made)
  are merged into the oldest of them, as an import would have done.
- PostgreSQL gets the full-text tables, functions and triggers SQLite got in 0002, and keeps
  timeline snapshots uncompressed (they barely compress, and compressing took seconds).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from timeline_desktop.store.names import name_key
from timeline_desktop.store.postgres import FTS_BACKFILL, FTS_DDL, FTS_DROP, SNAPSHOT_STORAGE

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    if postgres:
        for column in ("lo_day", "hi_day"):
            op.alter_column("events", column, type_=sa.BigInteger, existing_nullable=False)
        _window_index(include_id=True)
    op.add_column("people", sa.Column("key", sa.String(300), nullable=False, server_default=""))
    _fill_keys_merging_duplicates(bind)
    op.create_index("uq_people_key", "people", ["key"], unique=True)
    if postgres:
        for statement in [*FTS_DDL, *FTS_BACKFILL, SNAPSHOT_STORAGE]:
            op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    if postgres:
        for statement in FTS_DROP:
            op.execute(statement)
    op.drop_index("uq_people_key", "people")
    op.drop_column("people", "key")
    if postgres:
        _window_index(include_id=False)
        for column in ("lo_day", "hi_day"):
            op.alter_column("events", column, type_=sa.Integer, existing_nullable=False)


def _window_index(include_id: bool) -> None:
    """The window index covers the id on PostgreSQL: window queries then read no table rows."""
    op.drop_index("ix_events_level_lo", table_name="events")
    op.create_index(
        "ix_events_level_lo",
        "events",
        ["rejected", "span_level", "lo_day", "hi_day", "precision"],
        postgresql_include=["id"] if include_id else [],
    )


def _fill_keys_merging_duplicates(bind: sa.Connection) -> None:
    meta = sa.MetaData()
    people = sa.Table("people", meta, autoload_with=bind)
    aliases = sa.Table("person_aliases", meta, autoload_with=bind)
    links = sa.Table("event_people", meta, autoload_with=bind)
    mentions = sa.Table("mentions", meta, autoload_with=bind)
    groups: dict[str, list[int]] = defaultdict(list)
    for pid, name in bind.execute(sa.select(people.c.id, people.c.name).order_by(people.c.id)):
        groups[name_key(name)].append(pid)
    merged = False
    for key, (keep, *others) in groups.items():
        bind.execute(people.update().where(people.c.id == keep).values(key=key))
        for other in others:
            _merge(bind, keep, other, aliases, links, mentions, people)
            merged = True
    if merged:
        bind.execute(sa.text("UPDATE meta SET value = value + 1 WHERE key = 'revision'"))


def _merge(bind, keep: int, other: int, aliases, links, mentions, people) -> None:
    kept_keys = set(bind.scalars(sa.select(aliases.c.key).where(aliases.c.person_id == keep)))
    for alias_id, key in bind.execute(
        sa.select(aliases.c.id, aliases.c.key).where(aliases.c.person_id == other)
    ).all():
        if key in kept_keys:
            bind.execute(aliases.delete().where(aliases.c.id == alias_id))
        else:
            bind.execute(aliases.update().where(aliases.c.id == alias_id).values(person_id=keep))
            kept_keys.add(key)
    linked = set(bind.scalars(sa.select(links.c.event_id).where(links.c.person_id == keep)))
    others_events = bind.scalars(sa.select(links.c.event_id).where(links.c.person_id == other))
    for event_id in others_events.all():
        if event_id not in linked:
            bind.execute(links.insert().values(event_id=event_id, person_id=keep))
    bind.execute(links.delete().where(links.c.person_id == other))
    bind.execute(mentions.update().where(mentions.c.person_id == other).values(person_id=keep))
    bind.execute(people.delete().where(people.c.id == other))
