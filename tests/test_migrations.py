"""Schema migrations: the ORM and the revisions agree, and upgrades keep every row."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from timeline_desktop.domain.model import EventFilter
from timeline_desktop.store import engine as engine_mod
from timeline_desktop.store.orm import Base
from timeline_desktop.store.repository import Store

pytestmark = pytest.mark.backends


def test_migrated_schema_matches_the_orm(db_target: str) -> None:
    store = Store.open(db_target)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # full-text tables (FTS5 on SQLite, tsvector tables on PostgreSQL) and their indexes are
    # search machinery the ORM does not map
    diff = [d for d in diff if "_fts" not in getattr(getattr(d[1], "table", d[1]), "name", "")]
    assert diff == []
    assert engine_mod.current_revision(store.engine) == engine_mod.head_revision()


def test_upgrade_from_first_revision_keeps_data_and_indexes_it(db_target: str) -> None:
    engine = engine_mod.create_store_engine(db_target)
    engine_mod.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sources (id, title, file_name, path, format, encoding, sha256, url, "
                "imported_at, text) VALUES (1, 'Old notes', 'old.txt', '/x/old.txt', 'text', "
                "'utf-8', 'abc', NULL, '2025-01-01 00:00:00', 'Hypatia taught in Alexandria.')"
            )
        )
        conn.execute(text("INSERT INTO people (id, name) VALUES (1, 'Hypatia')"))
        conn.execute(
            text(
                "INSERT INTO person_aliases (person_id, alias, key) "
                "VALUES (1, 'Hypatia', 'hypatia')"
            )
        )
        conn.execute(
            text(
                'INSERT INTO events (id, title, summary, start, "end", precision, approximate, '
                "lo_day, hi_day, span_level, places, origin) VALUES (1, 'Hypatia killed', "
                "'A mob killed the philosopher', '0415-03', NULL, 2, false, 151270, 151300, 5, "
                "'Alexandria', 'extracted')"
            )
        )
        conn.execute(text("INSERT INTO event_people VALUES (1, 1)"))
        conn.execute(
            text(
                'INSERT INTO evidence (event_id, source_id, start, "end", quote, date_as_stated, '
                "stance) VALUES (1, 1, 0, 7, 'Hypatia', '0415-03', 'supports')"
            )
        )
    engine.dispose()

    store = Store.open(db_target)  # opening upgrades to head
    assert engine_mod.current_revision(store.engine) == engine_mod.head_revision()
    [event] = store.events()
    assert event.title == "Hypatia killed" and event.people == ("Hypatia",)
    assert event.evidence[0].quote == "Hypatia"
    assert store.sources()[0].text == "Hypatia taught in Alexandria."
    # rows written before full-text search existed are searchable after the upgrade
    assert [e.id for e in store.events(EventFilter(search="philosopher"))] == [1]
    assert [s.title for s in store.search_sources("alexandria")] == ["Old notes"]
