"""Databases named by URL: PostgreSQL servers, with passwords that never show up in messages,
logs or settings, libpq password and service files, and read-only roles that can browse."""

from __future__ import annotations

import json
import logging
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from conftest import PgServer
from timeline_desktop.cli import main
from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import EventFilter
from timeline_desktop.export.json_export import build_export
from timeline_desktop.store import snapshot as snapshot_mod
from timeline_desktop.store.backends import UnsupportedDatabaseError
from timeline_desktop.store.engine import (
    database_url,
    display_target,
    redact,
    storable_target,
)
from timeline_desktop.store.orm import SnapshotRow
from timeline_desktop.store.repository import Store

PASSWORD = "Pa55:w@rd/s3cr?t"
URL = f"postgresql://ann:{quote(PASSWORD, safe='')}@db.example.org:5433/timeline"


def test_urls_and_paths() -> None:
    assert database_url("/tmp/x.db") == "sqlite:////tmp/x.db"
    assert database_url("postgresql://ann@host/tl") == "postgresql+psycopg://ann@host/tl"
    assert database_url("postgres://ann@host/tl") == "postgresql+psycopg://ann@host/tl"
    assert database_url("postgresql+psycopg://h/tl") == "postgresql+psycopg://h/tl"


def test_passwords_are_masked_for_display_and_dropped_for_saving() -> None:
    shown = display_target(URL)
    assert "s3cr" not in shown and "***" in shown and "db.example.org" in shown
    saved = storable_target(URL)
    assert "s3cr" not in saved and "***" not in saved
    assert saved == "postgresql://ann@db.example.org:5433/timeline"
    in_query = "postgresql://ann@host/tl?password=hunter22&sslmode=require"
    assert "hunter22" not in display_target(in_query)
    assert storable_target(in_query) == "postgresql://ann@host/tl?sslmode=require"
    assert storable_target("/home/ann/timeline.db") == "/home/ann/timeline.db"
    assert display_target("/home/ann/timeline.db") == "/home/ann/timeline.db"
    # however a message spells the password (as typed, URL-encoded), it is masked
    for form in (PASSWORD, quote(PASSWORD, safe=""), URL):
        assert "s3cr" not in redact(f"could not connect with {form}", URL)


def test_other_databases_are_refused_clearly(capsys) -> None:
    with pytest.raises(UnsupportedDatabaseError, match="SQLite files and PostgreSQL"):
        Store.open("mysql://ann:hunter22@host/tl")
    assert main(["--db", "mysql://ann:hunter22@host/tl", "people"]) == 2
    err = capsys.readouterr().err
    assert "mysql" in err and "hunter22" not in err


# --- on a real server ---------------------------------------------------------------------------


@pytest.fixture
def role(pg_server: PgServer) -> Iterator[tuple[str, str, str]]:
    """A login role with a password and a database it owns: (user, password, database)."""
    user = f"ann_{uuid.uuid4().hex[:8]}"
    password = f"{secrets.token_hex(6)}:@/?{secrets.token_hex(6)}"
    database = f"timeline_test_{uuid.uuid4().hex[:12]}"
    with pg_server.admin() as conn:
        conn.execute(f"CREATE ROLE {user} LOGIN PASSWORD '{password}'")
        conn.execute(f'CREATE DATABASE "{database}" OWNER {user}')
    try:
        yield user, password, database
    finally:
        pg_server.drop_database(database)
        with pg_server.admin() as conn:
            conn.execute(f"DROP ROLE IF EXISTS {user}")


def url_with_password(server: PgServer, user: str, password: str, database: str) -> str:
    return server.url_for(database, user=user, password=password)


def test_a_password_in_the_url_works_and_is_never_shown(
    pg_server: PgServer, role, tmp_path: Path, capsys, caplog
) -> None:
    user, password, database = role
    url = url_with_password(pg_server, user, password, database)
    assert quote(password, safe="") in url
    notes = tmp_path / "notes.txt"
    notes.write_text("On 7 September 1953 Nikita Khrushchev was elected First Secretary.\n")
    caplog.set_level(logging.DEBUG)
    assert main(["--db", url, "import", str(notes)]) == 0
    assert main(["--db", url, "events", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out[out.index("[") :])[0]["start"] == "1953-09-07"
    with Store.open(url) as store:
        assert user in store.url and password not in store.url
    # a wrong password: a clear message without it (nor the right one)
    wrong = url_with_password(pg_server, user, "not-" + password, database)
    assert main(["--db", wrong, "people"]) == 2
    err = capsys.readouterr().err
    assert "cannot open database" in err and "password authentication failed" in err
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for text in (err, logged):
        assert password not in text and quote(password, safe="") not in text


def test_the_window_never_saves_or_shows_a_password(
    qtbot, pg_server: PgServer, role, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from timeline_desktop.ui.main_window import MainWindow

    user, password, database = role
    url = url_with_password(pg_server, user, password, database)
    settings_file = tmp_path / "settings.ini"
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: messages.append(text))
    with Store.open(tmp_path / "local.db") as local:
        window = MainWindow(local, settings)
        qtbot.addWidget(window)
        window.switch_database(url)
        on_server = lambda: window.state.store.engine.dialect.name == "postgresql"  # noqa: E731
        qtbot.waitUntil(on_server, timeout=30_000)
        assert user in window.windowTitle() and password not in window.windowTitle()
        window.switch_database(url_with_password(pg_server, user, password + "x", database))
        qtbot.waitUntil(lambda: bool(messages), timeout=30_000)
        window._fill_recent_menu()
        labels = [a.text() for a in window.recent_menu.actions()]
        settings.sync()
        window.state.store.close()
    assert len(messages) == 1 and "password authentication failed" in messages[0]
    saved = settings_file.read_text(encoding="utf-8")
    assert user in saved and database in saved
    for text in (saved, messages[0], *labels):
        assert password not in text and quote(password, safe="") not in text


def test_a_libpq_service_file_names_the_server(
    pg_server: PgServer, db_target_pg: str, tmp_path: Path, monkeypatch
) -> None:
    """Host, port, user and database come from the service file, the password from the
    password file (PGPASSFILE): the URL holds no secret at all."""
    u = pg_server.url
    service = tmp_path / "pg_service.conf"
    database = db_target_pg.rsplit("/", 1)[1]
    service.write_text(
        f"[timeline]\nhost={u.host}\nport={u.port}\nuser={u.username}\ndbname={database}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(service))
    with Store.open("postgresql:///?service=timeline") as store:
        store.add_person("Hypatia")
    with Store.open(db_target_pg) as store:
        assert [p.name for p in store.people()] == ["Hypatia"]


@pytest.fixture
def db_target_pg(pg_server: PgServer) -> Iterator[str]:
    name = pg_server.create_database()
    try:
        yield pg_server.url_for(name)
    finally:
        pg_server.drop_database(name)


def test_a_read_only_role_can_browse(
    pg_server: PgServer, db_target_pg: str, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(snapshot_mod, "PERSIST_FROM", 10)
    with Store.open(db_target_pg) as store:
        caesar = store.add_person("Gaius Julius Caesar")
        store.bulk_add_events(
            (f"Event {i}", HistDate.of_year(-100 + i), None, [caesar] if i % 2 else [])
            for i in range(40)
        )
    database = db_target_pg.rsplit("/", 1)[1]
    reader, password = f"reader_{uuid.uuid4().hex[:8]}", secrets.token_hex(8)
    with pg_server.admin() as conn:
        conn.execute(f"CREATE ROLE {reader} LOGIN PASSWORD '{password}'")
        conn.execute(f'GRANT CONNECT ON DATABASE "{database}" TO {reader}')
    with pg_server.admin_of(database) as conn:
        conn.execute(f"GRANT USAGE ON SCHEMA public TO {reader}")
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader}")
    try:
        url = pg_server.url_for(database, user=reader, password=password)
        with Store.open(url) as store:
            assert len(store.timeline().ids) == 40  # builds the snapshot, cannot save it
            assert len(store.timeline(EventFilter(people=("Gaius Julius Caesar",))).ids) == 20
            assert len(store.events(EventFilter(search="event", end=HistDate.of_year(-90)))) == 11
            assert len(store.ordered_ids(order="title")) == 40
            assert build_export(store)["people"][0]["name"] == "Gaius Julius Caesar"
            with store.engine.connect() as conn:
                assert conn.scalar(select(func.count()).select_from(SnapshotRow)) == 0
            with pytest.raises(DBAPIError, match="permission denied"):
                store.add_person("Brutus")
    finally:
        pg_server.drop_database(database)
        with pg_server.admin() as conn:
            conn.execute(f"DROP ROLE IF EXISTS {reader}")
