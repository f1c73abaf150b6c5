"""The safety net in the app: source versions in the Evidence pane, Check Database, backups
made on closing and restored from the File menu, and a newer database refused in words."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from conftest import NOTES
from timeline_desktop.domain.dates import parse_date
from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.store import maintenance
from timeline_desktop.store.curation import Passage
from timeline_desktop.store.repository import Store
from timeline_desktop.store.versions import version_text
from timeline_desktop.ui.backups import KEEP_KEY
from timeline_desktop.ui.main_window import MainWindow
from timeline_desktop.ui.tasks import wait_for_tasks
from timeline_desktop.ui.versions import VersionBar


def settle(qtbot) -> None:
    for _ in range(3):
        wait_for_tasks()
        qtbot.wait(30)


def make_window(qtbot, store: Store, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(store, settings)
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    return win


@pytest.fixture
def window(qtbot, store: Store, notes: Path, tmp_path: Path):
    import_paths(store, [notes])
    win = make_window(qtbot, store, tmp_path)
    yield win
    settle(qtbot)


def select(qtbot, window: MainWindow, event_id: int) -> None:
    window.state.select([event_id])
    stored = window.state.store.event(event_id)
    qtbot.waitUntil(lambda: window.detail.event == stored and bool(window.detail.source_panels()))


def test_a_passage_gone_from_the_new_version_is_flagged_and_shown_in_the_old_one(
    qtbot, window: MainWindow, notes: Path
) -> None:
    store = window.state.store
    [source] = store.sources()
    start = source.text.index("Marcus Brutus")
    end = source.text.index("conspirators.") + len("conspirators.")
    manual = store.curation.add_event(
        "Conspiracy", parse_date("44 BC"), passages=[Passage(source.id, start, end)]
    )
    notes.write_text(NOTES.replace("Marcus Brutus and Gaius Cassius led", "Some led"))
    import_paths(store, [notes])
    window.state.notify_data_changed()

    select(qtbot, window, manual)

    [panel] = window.detail.source_panels()
    bar = panel.version_bar
    assert isinstance(bar, VersionBar) and bar.isVisibleTo(window)
    assert "Version 2 of this source" in bar.version_label.text()
    assert "no longer in the current version" in bar.gone_label.text()
    assert "version 1" in bar.gone_label.text()
    assert panel.editor.passages == []  # nothing highlighted at offsets of another text
    assert "Marcus Brutus" not in panel.editor.toPlainText()

    # the Sources dock says which version it holds
    panel_items = window.sources_panel.view
    qtbot.waitUntil(lambda: panel_items.topLevelItemCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: "(version 2)" in panel_items.topLevelItem(0).text(0), timeout=5000)

    bar.gone_button.click()
    dialog = bar.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.current_version() is not None, timeout=5000)
    assert dialog.current_version().version == 1
    shown = dialog.text.toPlainText()
    assert shown == version_text(store, source.id, 1)
    [passage] = dialog.text.passages
    assert shown[passage.start : passage.end].startswith("Marcus Brutus")
    dialog.list.setCurrentRow(1)  # the current version: the passage is not there
    assert dialog.text.passages == [] and "Some led" in dialog.text.toPlainText()
    dialog.close()


def test_check_database_from_the_tools_menu(qtbot, window: MainWindow) -> None:
    tools = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Tools")
    assert window.backups.act_check in tools.actions()
    window.backups.act_check.trigger()
    qtbot.waitUntil(lambda: window.backups._job is None, timeout=30_000)
    box = window.findChild(QMessageBox, "CheckReport")
    assert box is not None and box.text().startswith("The database is sound")
    assert "search index" in box.text()
    box.close()


def test_closing_makes_one_backup_a_day_and_keeps_the_last_n(
    qtbot, store: Store, notes: Path, tmp_path: Path
) -> None:
    import_paths(store, [notes])
    db = maintenance.sqlite_file(store.engine)
    win = make_window(qtbot, store, tmp_path)
    win.close()
    [made] = maintenance.list_backups(db)
    copy = Store.open(made.path)
    assert copy.count_events() == store.count_events()
    copy.close()
    win2 = make_window(qtbot, store, tmp_path)
    win2.close()  # the same day: no second backup
    assert len(maintenance.list_backups(db)) == 1
    assert win2.backups.keep == maintenance.DEFAULT_KEEP
    win2.backups.set_keep(3)
    assert QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat).value(KEEP_KEY)


def test_restore_a_backup_from_the_file_menu(qtbot, window: MainWindow, tmp_path: Path) -> None:
    files = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert window.backups.act_restore in files.actions()
    old = window.state.store
    db = maintenance.sqlite_file(old.engine)
    backup = maintenance.backup(old.engine, tmp_path / "saved.db")
    before = old.count_events()
    victim = old.events()[0]
    old.curation.reject([victim.id])
    assert old.count_events() == before - 1

    job = window.backups.restore(backup)
    assert job is not None
    qtbot.waitUntil(lambda: window.backups._job is None, timeout=30_000)

    store = window.state.store
    assert store is not old
    assert store.count_events() == before and not store.event(victim.id).rejected
    [kept] = db.parent.glob(f"{db.name}.before-restore-*")
    with sqlite3.connect(kept) as conn:
        assert conn.execute(
            "SELECT rejected FROM events WHERE id = ?", (victim.id,)
        ).fetchone() == (1,)
    assert "Backup restored" in window.statusBar().currentMessage()
    settle(qtbot)
    total = store.count_events()
    qtbot.waitUntil(lambda: f"{total:,} of {total:,} events" in window._status.text())


def test_opening_a_newer_database_says_so(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    newer = tmp_path / "newer.db"
    Store.open(newer).close()
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999'")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    window.switch_database(str(newer))
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "written by a newer version of Timeline Desktop" in shown[0]
    assert "Can't locate" not in shown[0]
    QApplication.processEvents()
