"""Backups, restores, the database check and schema versions: the file-level safety net."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text, update

from timeline_desktop.cli import main
from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.store import engine as engine_mod
from timeline_desktop.store import maintenance
from timeline_desktop.store.orm import EvidenceRow
from timeline_desktop.store.repository import Store

DEMO = Path(__file__).resolve().parents[1] / "resources" / "demo"


@pytest.fixture
def filled(store: Store, notes: Path) -> Store:
    assert not import_paths(store, [notes]).failed
    return store


def titles(store: Store) -> list[str]:
    return sorted(e.title for e in store.events())


# --- schema versions ------------------------------------------------------------------------


def test_a_database_from_a_newer_version_is_refused_in_words(db_path: Path) -> None:
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999'")
    with pytest.raises(engine_mod.NewerDatabaseError) as info:
        Store.open(db_path)
    message = str(info.value)
    assert "written by a newer version of Timeline Desktop" in message
    assert f"schema 0999, this version knows up to {engine_mod.head_revision()}" in message
    assert "Can't locate" not in message


def test_the_cli_refuses_a_newer_database_with_a_sentence(db_path: Path, capsys) -> None:
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999'")
    assert main(["--db", str(db_path), "events"]) == 1
    err = capsys.readouterr().err
    assert "written by a newer version" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_an_older_database_is_copied_before_it_is_migrated(db_path: Path) -> None:
    engine = engine_mod.create_store_engine(db_path)
    engine_mod.upgrade(engine, "0004")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sources (id, title, file_name, path, format, encoding, sha256, url, "
                "imported_at, text) VALUES (1, 'Old notes', 'old.txt', '/x/old.txt', 'text', "
                "'utf-8', 'abc', NULL, '2025-01-01 00:00:00', 'Hypatia taught in Alexandria.')"
            )
        )
    engine.dispose()

    store = Store.open(db_path)
    store.close()

    copy = db_path.with_name("timeline.db.before-0004")
    assert copy.is_file()
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0004",)
        assert conn.execute("SELECT title FROM sources").fetchall() == [("Old notes",)]
    # a new database has nothing to keep, and an up-to-date one is not copied again
    assert not list(db_path.parent.glob("*.before-None*"))
    Store.open(db_path).close()
    assert len(list(db_path.parent.glob("timeline.db.before-*"))) == 1


# --- backups and restores -------------------------------------------------------------------


def test_backup_is_a_consistent_copy_made_while_another_writer_works(
    filled: Store, tmp_path: Path
) -> None:
    stop = threading.Event()

    def keep_writing() -> None:  # the app editing while a backup is made
        while not stop.is_set():
            filled.add_person(f"Person {datetime.now().timestamp()}")

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        out = maintenance.backup(filled.engine, tmp_path / "copy.db")
    finally:
        stop.set()
        writer.join()
    assert not out.with_name("copy.db.part").exists()
    with sqlite3.connect(out) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy = Store.open(out)
    assert titles(copy) == titles(filled)
    copy.close()


def test_restore_brings_the_backup_back_and_keeps_the_current_content(
    filled: Store, db_path: Path, tmp_path: Path
) -> None:
    before = titles(filled)
    backup = maintenance.backup(filled.engine, tmp_path / "backup.db")
    event = filled.events()[0]
    filled.curation.reject([event.id])
    filled.close()

    kept = maintenance.restore(db_path, backup)

    restored = Store.open(db_path)
    assert titles(restored) == before
    restored.close()
    saved = Store.open(kept)
    assert event.title not in titles(saved)
    saved.close()


def test_restore_refuses_what_is_not_a_backup(db_path: Path, tmp_path: Path) -> None:
    Store.open(db_path).close()
    junk = tmp_path / "junk.db"
    junk.write_text("not a database at all")
    with pytest.raises(maintenance.MaintenanceError, match="not a Timeline Desktop backup"):
        maintenance.restore(db_path, junk)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(maintenance.MaintenanceError, match="not a Timeline Desktop backup"):
        maintenance.restore(db_path, other)


def test_rolling_backups_are_at_most_daily_and_only_the_last_n_are_kept(filled: Store) -> None:
    db = maintenance.sqlite_file(filled.engine)
    assert db is not None
    day = datetime(2026, 3, 1, 18, 0, 0)
    made = maintenance.auto_backup(filled.engine, keep=3, now=day)
    assert made is not None and made.parent == db.parent / "backups"
    assert maintenance.auto_backup(filled.engine, keep=3, now=day + timedelta(hours=5)) is None
    for n in range(1, 5):
        assert maintenance.auto_backup(filled.engine, keep=3, now=day + timedelta(days=n))
    backups = maintenance.list_backups(db)
    assert [b.made_at for b in backups] == [day + timedelta(days=n) for n in (4, 3, 2)]
    assert all(Store.open(b.path).count_events() == filled.count_events() for b in backups[:1])


def test_cli_backup_restore_and_listing(filled: Store, db_path: Path, tmp_path: Path, capsys):
    filled.close()
    out = tmp_path / "manual.db"
    assert main(["--db", str(db_path), "backup", str(out)]) == 0
    assert out.is_file() and "backed up" in capsys.readouterr().out
    assert main(["--db", str(db_path), "restore", str(out)]) == 0
    assert "is kept as" in capsys.readouterr().out
    assert main(["--db", str(db_path), "restore"]) == 0
    assert "no automatic backups" in capsys.readouterr().out
    assert main(["--db", str(db_path), "backup", str(tmp_path / "no" / "such" / "x.db")]) == 1
    err = capsys.readouterr().err
    assert "folder does not exist" in err and len(err.strip().splitlines()) == 1


def test_cli_backup_of_a_server_database_explains_pg_dump(capsys) -> None:
    assert main(["--db", "postgresql://me:secret@db.example/timeline", "backup", "x.dump"]) == 1
    err = capsys.readouterr().err
    assert "pg_dump" in err and "pg_restore" in err and "secret" not in err


# --- the check ------------------------------------------------------------------------------


@pytest.mark.backends
def test_check_of_a_sound_database(filled: Store) -> None:
    report = maintenance.check_database(filled.engine)
    assert report.ok and report.search_index_rebuilt and report.snapshot_dropped
    assert report.lines()[0].startswith("The database is sound")


def test_check_reports_spans_that_no_longer_match_and_orphaned_evidence(
    filled: Store, db_path: Path, capsys
) -> None:
    event = filled.events()[0]
    ev = event.evidence[0]
    with filled.engine.begin() as conn:
        conn.execute(update(EvidenceRow).where(EvidenceRow.id == ev.id).values(start=ev.start + 1))
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute(
        'INSERT INTO evidence (event_id, source_id, start, "end", quote, date_as_stated, stance)'
        " VALUES (9999, 1, 0, 5, 'Notes', '', 'supports')"
    )
    raw.commit()
    raw.close()

    report = maintenance.check_database(filled.engine)

    assert not report.ok
    assert (ev.id, event.id, ev.source_id) in report.mismatched_spans
    assert len(report.orphaned_evidence) == 1 and report.foreign_keys == 1
    filled.close()
    assert main(["--db", str(db_path), "check"]) == 1
    err = capsys.readouterr().err
    assert "no longer match their source text" in err and "belong to no event" in err


def test_check_rebuilds_a_stale_search_index(filled: Store) -> None:
    with filled.engine.begin() as conn:
        conn.execute(text("DELETE FROM events_fts"))  # the index loses every row
    from timeline_desktop.domain.model import EventFilter

    assert filled.count_events(EventFilter(search="Hastings")) == 0
    report = maintenance.check_database(filled.engine)
    assert report.search_index_was_stale
    assert filled.count_events(EventFilter(search="Hastings")) >= 1


def test_check_of_a_damaged_file_says_so(tmp_path: Path, capsys) -> None:
    db = tmp_path / "damaged.db"
    store = Store.open(db)
    import_paths(store, [DEMO / "caesar-ides-of-march.txt"])
    store.close()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    data = bytearray(db.read_bytes())
    page = 4096
    for i in range(page * 3 + 100, min(len(data), page * 6), 7):
        data[i] = 0xFF  # scribble over the b-tree pages of a few tables
    db.write_bytes(bytes(data))
    code = main(["--db", str(db), "check"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("The database file is damaged") and "Restore a backup" in err
    assert "Traceback" not in err and "details in" not in err
