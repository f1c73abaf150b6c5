"""The app as a new user meets it: switching databases, exporting on a fresh account, the
Evidence pane at 1024x700, search that highlights and steps through matches, filters that
unselect what they hide, and confirmations that say where a file went."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from timeline_desktop.domain.model import EventFilter
from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.store.repository import Store
from timeline_desktop.ui.main_window import MainWindow
from timeline_desktop.ui.models.event_table import MATCH_ROLE
from timeline_desktop.ui.pdf.dialog import ExportPdfDialog, default_folder
from timeline_desktop.ui.tasks import wait_for_tasks

CHRONOLOGY = (
    "date,event,people,place\n"
    "1789-07-14,Crowds storm the Bastille,Bernard-René de Launay,Paris\n"
    "1793-01-21,Louis XVI is executed,Louis XVI,Paris\n"
    "1804-12-02,Napoleon is crowned emperor,Napoleon Bonaparte,Paris\n"
    "1815-06-18,Napoleon is defeated at Waterloo,Napoleon Bonaparte;Duke of Wellington,Waterloo\n"
)
OTHER = "date,event,people\n1066-10-14,Harold falls at Hastings,Harold Godwinson\n"


def settle(qtbot) -> None:
    for _ in range(3):
        wait_for_tasks()
        qtbot.wait(30)


@pytest.fixture
def window(qtbot, store: Store, tmp_path: Path):
    csv = tmp_path / "revolution.csv"
    csv.write_text(CHRONOLOGY, encoding="utf-8")
    import_paths(store, [csv])
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(store, settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    qtbot.waitUntil(lambda: win.event_list.model.rowCount() == 4)
    yield win
    settle(qtbot)


def test_opening_another_database_shows_it_everywhere(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    other_db = tmp_path / "other.db"
    with Store.open(other_db) as other:
        (tmp_path / "other.csv").write_text(OTHER, encoding="utf-8")
        import_paths(other, [tmp_path / "other.csv"])
    old = window.state.store
    window.state.select([int(old.event_ids()[0])])
    window.switch_database(str(other_db))
    qtbot.waitUntil(lambda: window.state.store is not old, timeout=10_000)
    assert window.state.selection == () and window.state.filter == EventFilter()
    qtbot.waitUntil(lambda: window.event_list.model.rowCount() == 1)
    qtbot.waitUntil(lambda: [p.name for p in window.people_panel.model.people()] == [
        "Harold Godwinson"
    ])  # fmt: skip
    qtbot.waitUntil(lambda: window.timeline.is_settled())
    [event_id] = [int(i) for i in window.state.store.event_ids()]
    pos = window.timeline.event_pos(event_id)
    assert pos is not None
    qtbot.mouseClick(window.timeline.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: window.detail.event is not None, timeout=5000)
    assert window.detail.title_label.text() == "Harold falls at Hastings"
    assert "other.db" in window.windowTitle()
    qtbot.waitUntil(lambda: old.engine.pool.checkedout() == 0)


def test_pdf_export_on_a_fresh_account_without_documents(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert not Path(documents).is_dir() or Path(documents) != home / "Documents"
    assert default_folder(None).is_dir()
    dialog = ExportPdfDialog(window.state, window)
    assert dialog.output_path().parent.is_dir()  # never a folder that is not there
    dialog.path.setText(str(home / "Documents" / "dossier.pdf"))
    refused: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            refused.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    dialog._accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert refused and "does not exist" in refused[0]


def test_pdf_export_confirms_with_show_in_folder(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from timeline_desktop.ui.pdf.job import PdfExportJob

    out = tmp_path / "dossier.pdf"
    job = PdfExportJob(window.state.store, out, None, parent=window, show_dialog=False)
    job.sig_done.connect(window._pdf_export_finished)
    with qtbot.waitSignal(job.sig_done, timeout=30_000):
        job.start()
    assert out.is_file() and not (tmp_path / "dossier.pdf.part").exists()
    assert "Saved the dossier: 4 events" in window.statusBar().currentMessage()
    assert window.reveal_button.isVisible() and window.reveal_button.toolTip() == str(out)

    shown: list[str] = []
    bad = PdfExportJob(
        window.state.store, tmp_path / "nowhere" / "x.pdf", None, parent=window, show_dialog=False
    )
    bad.sig_done.connect(lambda _stats, error: shown.append(error))
    with qtbot.waitSignal(bad.sig_done, timeout=30_000):
        bad.start()
    assert shown == [f"cannot write {tmp_path / 'nowhere' / 'x.pdf'}: the folder "
                     f"{tmp_path / 'nowhere'} does not exist"]  # fmt: skip


def test_evidence_is_readable_at_1024x700(qtbot, window: MainWindow) -> None:
    window.resize(1024, 700)
    window.default_dock_sizes()
    settle(qtbot)
    window.state.select([int(window.state.store.event_ids()[-1])])
    qtbot.waitUntil(lambda: bool(window.detail.source_panels()), timeout=5000)
    editor = window.detail.current_panel().editor
    qtbot.waitUntil(lambda: editor.viewport().height() > 0)
    lines = editor.viewport().height() / editor.fontMetrics().lineSpacing()
    assert lines >= 6
    assert editor.viewport().width() > 30 * editor.fontMetrics().averageCharWidth()
    assert window.timeline.width() >= 250


def test_search_highlights_steps_and_clears(qtbot, window: MainWindow) -> None:
    search = window.search
    assert not search.act_filter.isChecked()  # highlighting is the default
    qtbot.keyClicks(search.edit, "napoleon")
    qtbot.keyClick(search.edit, Qt.Key.Key_Return)
    model = window.event_list.model
    qtbot.waitUntil(lambda: len(search.matches) == 2)
    assert model.rowCount() == 4  # every event stays
    marked = [model.data(model.index(r, 1), MATCH_ROLE) for r in range(4)]
    assert marked == [False, False, True, True]
    assert window.state.filter.search is None
    qtbot.waitUntil(lambda: "2 matches for “napoleon”" in window._status.text())

    window.activateWindow()  # keys go to the active window (another test's may linger)
    qtbot.waitUntil(window.isActiveWindow)
    window.timeline.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F3)
    first, second = (int(i) for i in search.matches)
    assert window.state.selection == (first,)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.state.selection == (second,)
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.state.selection == (first,)
    qtbot.waitUntil(lambda: bool(window.detail.source_panels()))
    hits = window.detail.current_panel().editor.hits
    text = window.detail.current_panel().source.text
    assert hits and all(text[a:b].lower() == "napoleon" for a, b in hits)
    qtbot.waitUntil(lambda: search.source_hits.isEnabled())
    assert search.source_hits.text() == "In 1 source"

    search.act_filter.trigger()  # Show Only Matches
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert window.state.filter.search == "napoleon"
    search.edit.clear()
    qtbot.keyClick(search.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.rowCount() == 4)
    qtbot.waitUntil(lambda: len(search.matches) == 0)  # the empty result comes back as any other
    assert not search.source_hits.isEnabled()
    qtbot.waitUntil(lambda: not window.detail.current_panel().editor.hits)


def test_a_filter_that_hides_the_selected_event_unselects_it(qtbot, window: MainWindow) -> None:
    store = window.state.store
    bastille = next(e for e in store.events() if "Bastille" in e.title)
    window.state.select([bastille.id])
    qtbot.waitUntil(lambda: window.detail.event is not None)
    window.state.set_people(("Napoleon Bonaparte",))
    qtbot.waitUntil(lambda: window.state.selection == ())
    qtbot.waitUntil(window.detail.is_empty)


def test_import_is_confirmed_in_the_status_bar(qtbot, window: MainWindow, tmp_path: Path) -> None:
    (tmp_path / "more.csv").write_text(OTHER, encoding="utf-8")
    job = window.import_paths([str(tmp_path / "more.csv")], show_dialog=False)
    with qtbot.waitSignal(job.sig_done, timeout=30_000):
        pass
    qtbot.waitUntil(lambda: "Imported 1 file: 1 new events" in window.statusBar().currentMessage())


def test_sources_dock_shows_events_opens_and_removes(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    (tmp_path / "other.csv").write_text(OTHER, encoding="utf-8")
    import_paths(window.state.store, [tmp_path / "other.csv"])
    window.state.notify_data_changed()
    panel = window.sources_panel
    qtbot.waitUntil(lambda: panel.view.topLevelItemCount() == 2)
    assert sorted(i.events for i in panel.infos()) == [1, 4]
    other = next(i for i in panel.infos() if i.file_name == "other.csv")
    panel.show_events([other.id])
    qtbot.waitUntil(lambda: window.event_list.model.rowCount() == 1)
    assert "from 1 source" in window._status.text() or settle(qtbot) is None
    panel.open_source(other.id)
    qtbot.waitUntil(lambda: window.detail.kicker_label.text() == "SEARCH RESULT")
    assert "Harold falls at Hastings" in window.detail.current_panel().editor.toPlainText()
    panel.remove(other.id, confirm=False)
    qtbot.waitUntil(lambda: panel.view.topLevelItemCount() == 1)
    qtbot.waitUntil(lambda: window.event_list.model.rowCount() == 4)  # its filter went too
    assert window.state.store.count_events() == 4
    assert "Removed other.csv and 1 event only it supported" in window.statusBar().currentMessage()


def test_keyboard_shortcuts_are_listed_from_the_menus(qtbot, window: MainWindow) -> None:
    from timeline_desktop.ui.shortcuts import ShortcutsDialog

    dialog = ShortcutsDialog(window.menuBar(), window)
    rows = {
        dialog.table.item(r, 1).text(): dialog.table.item(r, 2).text()
        for r in range(dialog.table.rowCount())
    }
    assert rows["Next Match"] == "F3" and rows["Reject Event"] == "Del"
    assert rows["Undo"] == "Ctrl+Z" and rows["Merge Events…"] == "Ctrl+M"


def test_evidence_says_which_rules_found_it(qtbot, store: Store, notes: Path, tmp_path) -> None:
    import_paths(store, [notes])
    settings = QSettings(str(tmp_path / "rules.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show()
    fire = next(e for e in store.events() if "Great Fire" in e.title)
    window.state.select([fire.id])
    qtbot.waitUntil(lambda: bool(window.detail.source_panels()), timeout=5000)
    panel = window.detail.current_panel()
    assert panel.found_button.isVisible() and not panel.found_label.isVisible()
    qtbot.mouseClick(panel.found_button, Qt.MouseButton.LeftButton)
    assert panel.found_label.isVisible()
    assert "date rule day-month-year" in panel.found_label.text()
    assert "clause rule" in panel.found_label.text()
    window.state.select([])
    window.state.select([fire.id])  # unfolded stays unfolded from event to event
    qtbot.waitUntil(lambda: window.detail.current_panel() is not panel)
    qtbot.waitUntil(lambda: window.detail.current_panel().found_label.isVisible())
    settle(qtbot)


def test_changes_made_elsewhere_show_up(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """Another program (a script, a second window) imports into the same database."""
    window._watch_timer.setInterval(100)
    qtbot.waitUntil(lambda: window._seen_revision is not None)
    (tmp_path / "more.csv").write_text(OTHER, encoding="utf-8")
    with Store.open(window.state.store.engine.url.database) as other:
        import_paths(other, [tmp_path / "more.csv"])
    qtbot.waitUntil(lambda: window.event_list.model.rowCount() == 5, timeout=5000)
    assert "changed elsewhere" in window.statusBar().currentMessage()
