"""Curation in the app, driven through the real widgets: double-click to edit, a new event from
a selected passage, attach/detach, Delete rejects, the Rejected view restores, merge, split,
people that are not people, undo/redo from the keyboard (also after a restart), re-extraction
from the menu."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from timeline_desktop.domain.model import Event, EventFilter, Stance
from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.store.repository import Store
from timeline_desktop.ui.curation.dialogs import MergeDialog, NotPeopleDialog, SplitDialog
from timeline_desktop.ui.curation.editor import EventEditorDialog
from timeline_desktop.ui.main_window import MainWindow
from timeline_desktop.ui.tasks import wait_for_tasks


@pytest.fixture
def window(qtbot, store: Store, notes: Path, tmp_path: Path):
    import_paths(store, [notes])
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(store, settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    win.activateWindow()  # keyboard shortcuts go to the active window
    qtbot.waitUntil(win.isActiveWindow)
    qtbot.waitUntil(lambda: win.event_list.model.rowCount() == store.count_events())
    yield win
    settle(qtbot)  # deliver the last results while the window still exists


def activate(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.timeline.setFocus()


def settle(qtbot) -> None:
    for _ in range(3):
        wait_for_tasks()
        qtbot.wait(30)


def when_modal[D: QWidget](kind: type[D], act: Callable[[D], None]) -> None:
    """Answer the next modal dialog of this kind (dialogs block in exec(), so schedule it)."""

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            act(widget)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def quoting(store: Store, words: str, flt: EventFilter | None = None) -> Event:
    return next(e for e in store.events(flt) if any(words in v.quote for v in e.evidence))


def select(qtbot, window: MainWindow, event_id: int) -> None:
    """Select an event and wait until the Evidence pane shows it as stored now."""
    window.state.select([event_id])
    stored = window.state.store.event(event_id)
    qtbot.waitUntil(lambda: window.detail.event == stored and bool(window.detail.source_panels()))


def double_click_row(qtbot, window: MainWindow, event_id: int) -> None:
    view, model = window.event_list.view, window.event_list.model
    row = model.row_of(event_id)
    view.scrollTo(model.index(row, 1))
    view.setFocus()  # as the click gives it in a real window
    rect = view.visualRect(model.index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_double_click_edits_with_a_live_date_preview_and_ctrl_z_undoes(
    qtbot, window: MainWindow
) -> None:
    store = window.state.store
    fire = quoting(store, "Great Fire")
    seen: dict[str, object] = {}

    def fill(dialog: EventEditorDialog) -> None:
        dialog.title_edit.setText("The Great Fire of London")
        for typed, shown in (
            ("late 1920s", "late 1920s (decade)"),
            ("44 BC", "44 BC (year)"),
            ("2 September 1666", "2 September 1666 (day)"),
        ):
            dialog.start_field.edit.setText(typed)
            seen[typed] = dialog.start_field.preview.text() == shown
        dialog.end_field.edit.setText("the fifth")
        seen["bad end blocks saving"] = not dialog.save_button().isEnabled()
        dialog.end_field.edit.setText("6 September 1666")
        dialog.places_edit.input.setText("London")
        qtbot.keyClick(dialog.places_edit.input, Qt.Key.Key_Return)
        seen["enter added the place and kept the dialog"] = dialog.isVisible()
        qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)

    when_modal(EventEditorDialog, fill)
    double_click_row(qtbot, window, fire.id)
    qtbot.waitUntil(lambda: store.event(fire.id).title == "The Great Fire of London")
    assert all(seen.values()) and len(seen) == 5, seen
    edited = store.event(fire.id)
    assert edited.end is not None and edited.end.label() == "6 September 1666"
    assert edited.places[-1] == "London" and edited.origin == "edited"
    settle(qtbot)
    select(qtbot, window, fire.id)
    assert "edited by you (title, date, places)" in window.detail.provenance_label.text()

    assert (
        window.curation.act_undo.text() == f"&Undo edited title, date and places of event {fire.id}"
    )
    activate(qtbot, window)  # a window manager gives focus back after a dialog
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: store.event(fire.id).title == fire.title)
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: store.event(fire.id).title == "The Great Fire of London")


def test_new_event_from_a_selected_passage(qtbot, window: MainWindow) -> None:
    store = window.state.store
    caesar = quoting(store, "assassinated")
    select(qtbot, window, caesar.id)
    panel = window.detail.current_panel()
    text = panel.source.text
    start = text.index("Augustus died")
    end = text.index(".", start)
    cursor = QTextCursor(panel.editor.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    panel.editor.setTextCursor(cursor)
    assert panel.new_event_button.isEnabled()
    proposed: dict[str, str] = {}

    def confirm(dialog: EventEditorDialog) -> None:
        proposed["title"] = dialog.title_edit.text()
        proposed["date"] = dialog.start_field.preview.text()
        proposed["passage"] = dialog.passage_view.toPlainText()
        dialog.title_edit.setText("Augustus dies at Nola")
        qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)

    when_modal(EventEditorDialog, confirm)
    before = store.count_events()
    qtbot.mouseClick(panel.new_event_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.count_events() == before + 1, timeout=10_000)
    assert proposed["date"] == "19 August AD 14 (day)"
    assert proposed["passage"] == text[start:end]
    assert "Augustus" in proposed["title"]
    made = next(e for e in store.events() if e.title == "Augustus dies at Nola")
    assert made.origin == "manual"
    assert [v.quote for v in made.evidence] == [text[start:end]]
    qtbot.waitUntil(lambda: window.state.selection == (made.id,))


def test_attach_detach_and_stance_from_the_source_menu(qtbot, window: MainWindow) -> None:
    store = window.state.store
    caesar = quoting(store, "assassinated")
    select(qtbot, window, caesar.id)
    panel = window.detail.current_panel()
    text = panel.source.text
    start = text.index("Marcus Brutus")
    cursor = QTextCursor(panel.editor.document())
    cursor.setPosition(start)
    cursor.setPosition(start + 40, QTextCursor.MoveMode.KeepAnchor)
    panel.editor.setTextCursor(cursor)
    menu = window.detail.source_menu(panel, panel.editor.cursorRect().center())
    attach = next(a for a in menu.actions() if a.text() == "Attach Selection to This Event")
    as_against = next(
        a for a in attach.menu().actions() if a.text() == "As Contradicting the Event"
    )
    as_against.trigger()
    qtbot.waitUntil(lambda: len(store.event(caesar.id).evidence) == len(caesar.evidence) + 1)
    added = store.event(caesar.id).evidence[-1]
    assert added.quote == text[start : start + 40] and added.stance == Stance.CONTRADICTS

    settle(qtbot)
    panel = next(p for p in window.detail.source_panels())
    cursor = panel.editor.text_cursor(added.start + 2, added.start + 2)
    panel.editor.setTextCursor(cursor)
    menu = window.detail.source_menu(panel, panel.editor.cursorRect().center())
    stance = next(a for a in menu.actions() if a.text() == "This Passage Is")
    next(a for a in stance.menu().actions() if a.text() == "Only Mentioning the Event").trigger()
    qtbot.waitUntil(lambda: store.event(caesar.id).evidence[-1].stance == Stance.MENTIONS)
    settle(qtbot)
    panel = window.detail.source_panels()[0]
    panel.editor.setTextCursor(panel.editor.text_cursor(added.start + 2, added.start + 2))
    menu = window.detail.source_menu(panel, panel.editor.cursorRect().center())
    next(a for a in menu.actions() if a.text() == "Detach This Passage from the Event").trigger()
    qtbot.waitUntil(lambda: len(store.event(caesar.id).evidence) == len(caesar.evidence))


def test_delete_rejects_and_the_rejected_view_restores(qtbot, window: MainWindow) -> None:
    store = window.state.store
    fire = quoting(store, "Great Fire")
    total = store.count_events()
    view, model = window.event_list.view, window.event_list.model
    rect = view.visualRect(model.index(model.row_of(fire.id), 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.state.selection == (fire.id,)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: store.count_events() == total - 1)
    qtbot.waitUntil(lambda: model.rowCount() == total - 1)

    window.curation.act_rejected_view.trigger()  # View > Rejected Events
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.event_id_at(0) == fire.id
    rect = view.visualRect(model.index(0, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.curation.act_restore.isEnabled() and not window.curation.act_reject.isEnabled()
    window.curation.act_restore.trigger()
    qtbot.waitUntil(lambda: store.count_events() == total)
    qtbot.waitUntil(lambda: model.rowCount() == 0)
    window.curation.act_rejected_view.trigger()
    qtbot.waitUntil(lambda: model.rowCount() == total)


def test_merge_then_split_a_passage_off(qtbot, window: MainWindow) -> None:
    store = window.state.store
    hastings, crowned = quoting(store, "Hastings"), quoting(store, "crowned")
    window.state.select([hastings.id, crowned.id])
    assert window.curation.act_merge.isEnabled()

    def merge(dialog: MergeDialog) -> None:
        dialog.title_box.setCurrentText("The Norman conquest")
        dialog.accept()

    when_modal(MergeDialog, merge)
    window.curation.act_merge.trigger()
    qtbot.waitUntil(lambda: store.event(hastings.id).title == "The Norman conquest")
    assert {v.quote for v in store.event(hastings.id).evidence} == {
        v.quote for v in hastings.evidence + crowned.evidence
    }
    settle(qtbot)
    select(qtbot, window, hastings.id)

    def split(dialog: SplitDialog) -> None:
        for i in range(dialog.list.count()):
            item = dialog.list.item(i)
            if "crowned" in item.text():
                item.setCheckState(Qt.CheckState.Checked)
        dialog.accept()

    def keep_proposal(dialog: EventEditorDialog) -> None:
        assert dialog.start_field.preview.text() == "25 December 1066 (day)"
        dialog.reject()

    when_modal(SplitDialog, split)
    before = store.count_events()
    window.curation.act_split.trigger()
    qtbot.waitUntil(lambda: store.count_events() == before + 1, timeout=10_000)
    when_modal(EventEditorDialog, keep_proposal)  # the new event opens for checking
    settle(qtbot)
    new = quoting(store, "crowned")
    assert new.id != hastings.id and new.start.label() == "25 December 1066"


def test_people_panel_marks_a_thing_and_the_dialog_restores_it(qtbot, window: MainWindow) -> None:
    store = window.state.store
    panel = window.people_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    harold = next(p for p in store.people() if p.name == "Harold Godwinson")
    panel.mark_not_person(harold.id)
    qtbot.waitUntil(lambda: all(p.id != harold.id for p in panel.model.people()))
    assert "Harold Godwinson" not in quoting(store, "Hastings").people

    def restore(dialog: NotPeopleDialog) -> None:
        dialog.list.setCurrentRow(0)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    when_modal(NotPeopleDialog, restore)
    window.curation.act_not_people.trigger()
    qtbot.waitUntil(lambda: any(p.id == harold.id for p in panel.model.people()))
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: all(p.id != harold.id for p in panel.model.people()))


def test_undo_after_restarting_the_app(qtbot, store: Store, notes: Path, tmp_path: Path) -> None:
    import_paths(store, [notes])
    fire = quoting(store, "Great Fire")
    store.curation.edit_event(fire.id, title="Fire")  # an edit made in an earlier session
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.curation.act_undo.isEnabled())
    assert window.curation.act_undo.text() == f"&Undo edited title of event {fire.id}"
    window.curation.act_undo.trigger()
    qtbot.waitUntil(lambda: store.event(fire.id).title == fire.title)
    assert window.curation.act_redo.isEnabled()
    settle(qtbot)


def test_reextract_from_the_menu_keeps_corrections(qtbot, window: MainWindow) -> None:
    store = window.state.store
    fire = quoting(store, "Great Fire")
    store.curation.edit_event(fire.id, title="Fire of London")
    augustus = quoting(store, "Augustus died")
    store.curation.reject([augustus.id])
    when_modal(QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    window.curation.act_reextract.trigger()
    qtbot.waitUntil(lambda: window.curation._job is None, timeout=30_000)
    assert store.event(fire.id).title == "Fire of London"
    assert store.event(augustus.id).rejected
    assert all("Augustus died" not in v.quote for e in store.events() for v in e.evidence)
    assert "Re-extracted 1 sources" in window.statusBar().currentMessage()


def test_blank_new_event_is_shown_without_evidence(qtbot, window: MainWindow) -> None:
    store = window.state.store

    def fill(dialog: EventEditorDialog) -> None:
        dialog.title_edit.setText("Domesday survey ordered")
        dialog.start_field.edit.setText("1085")
        dialog.people_edit.input.setText("William the Conqueror")
        dialog.people_edit.add_typed()
        qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)

    when_modal(EventEditorDialog, fill)
    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: any(e.title == "Domesday survey ordered" for e in store.events()))
    made = next(e for e in store.events() if e.title == "Domesday survey ordered")
    assert made.people == ("William the Conqueror",) and not made.evidence
    qtbot.waitUntil(lambda: window.detail.event is not None and window.detail.event.id == made.id)
    assert window.detail.provenance_label.text() == "Made by you"
    assert "No source passage is attached" in window.detail.no_evidence_label.text()


def test_people_panel_renames_merges_and_splits_a_name_off(qtbot, window: MainWindow) -> None:
    store = window.state.store
    panel = window.people_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    caesar = next(p for p in store.people() if p.name == "Julius Caesar")
    brutus = next(p for p in store.people() if p.name == "Marcus Brutus")
    panel.rename_person(caesar.id, "Gaius Julius Caesar")
    qtbot.waitUntil(lambda: any(p.name == "Gaius Julius Caesar" for p in panel.model.people()))
    panel.merge_people(caesar.id, brutus.id)
    qtbot.waitUntil(lambda: all(p.id != brutus.id for p in panel.model.people()))
    panel.split_name(caesar.id, "Marcus Brutus")
    qtbot.waitUntil(lambda: any(p.name == "Marcus Brutus" for p in store.people()))
    assert "Marcus Brutus" not in next(p for p in store.people() if p.id == caesar.id).aliases
    # three edits, all on the window's undo stack (pushed once each worker reports back)
    qtbot.waitUntil(lambda: window.curation.history.stack.count() == 3)
    for _ in range(3):
        window.curation.act_undo.trigger()
    qtbot.waitUntil(lambda: {p.name for p in store.people()} >= {"Julius Caesar", "Marcus Brutus"})
    assert brutus.id in {p.id for p in store.people()}
