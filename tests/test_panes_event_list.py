"""The event table model and the event list pane, on a real store filled by the importer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import (
    Document,
    EventFilter,
    Extraction,
    FoundEvent,
    FoundEvidence,
    Stance,
)
from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.store.repository import Store
from timeline_desktop.ui.models.event_table import (
    CONFLICT_MARK,
    EVENT_ID_ROLE,
    PLACEHOLDER,
    Column,
    EventTableModel,
)
from timeline_desktop.ui.panes.event_list import EventListPane
from timeline_desktop.ui.state import AppState
from timeline_desktop.ui.tasks import wait_for_tasks

CHRONOLOGY = (
    "date,event,people,place\n"
    "1789-07-14,Crowds storm the Bastille,Bernard-René de Launay,Paris\n"
    "1793-01-21,Louis XVI is executed,Louis XVI,Paris\n"
    "1804-12-02,Napoleon is crowned emperor,Napoleon Bonaparte,Paris\n"
    "1815-06-18,Napoleon is defeated at Waterloo,Napoleon Bonaparte;Duke of Wellington,Waterloo\n"
)


@pytest.fixture
def filled(tmp_path: Path):
    store = Store.open(tmp_path / "t.db")
    (tmp_path / "revolution.csv").write_text(CHRONOLOGY, encoding="utf-8")
    import_paths(store, [tmp_path / "revolution.csv"])
    yield store
    wait_for_tasks()
    store.close()


@pytest.fixture
def state(qtbot, filled: Store) -> AppState:
    return AppState(filled)


def loaded(qtbot, model: EventTableModel, rows: int | None = None) -> None:
    """Wait for the id list, then for every row's page."""
    qtbot.waitUntil(lambda: model.is_loaded and (rows is None or model.rowCount() == rows))
    for row in range(model.rowCount()):
        model.data(model.index(row, Column.TITLE))
    qtbot.waitUntil(
        lambda: all(model.row_data(r) is not None for r in range(model.rowCount())), timeout=5000
    )


def titles(model: EventTableModel) -> list[str]:
    return [model.data(model.index(r, Column.TITLE)) for r in range(model.rowCount())]


def test_model_passes_the_model_tester(qtbot, qtmodeltester, state: AppState) -> None:
    model = EventTableModel(state)
    qtbot.waitUntil(lambda: model.rowCount() == 4)
    qtmodeltester.check(model)
    qtmodeltester.check(model, force_py=True)
    loaded(qtbot, model)
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.modelReset):
        model.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)


def test_rows_are_placeholders_until_their_page_arrives(qtbot, state: AppState) -> None:
    model = EventTableModel(state, page_size=2)
    qtbot.waitUntil(lambda: model.rowCount() == 4)
    assert model.row_data(3) is None
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        assert model.data(model.index(3, Column.TITLE)) == PLACEHOLDER
    assert model.data(model.index(3, Column.TITLE)) == "Napoleon is defeated at Waterloo"
    assert model.row_data(0) is None  # only the page asked for was fetched
    assert model.data(model.index(3, Column.DATE)) == "18 June 1815"
    assert model.data(model.index(3, Column.PEOPLE)) == "Duke of Wellington, Napoleon Bonaparte"
    assert model.data(model.index(3, Column.PLACES)) == "Waterloo"
    assert model.data(model.index(3, Column.SOURCES)) == "1"
    assert model.data(model.index(3, Column.CONFLICT)) == ""
    assert model.data(model.index(3, 0), EVENT_ID_ROLE) == model.event_id_at(3)


def test_sorting_by_title_and_date(qtbot, state: AppState) -> None:
    model = EventTableModel(state)
    loaded(qtbot, model, 4)
    assert titles(model)[0] == "Crowds storm the Bastille"  # chronological by default
    with qtbot.waitSignal(model.sig_loaded):
        model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    assert titles(model) == sorted(titles(model), key=str.lower)
    with qtbot.waitSignal(model.sig_loaded):
        model.sort(Column.DATE, Qt.SortOrder.DescendingOrder)
    assert titles(model)[0] == "Napoleon is defeated at Waterloo"
    with qtbot.waitSignal(model.sig_loaded):
        model.sort(Column.PEOPLE, Qt.SortOrder.AscendingOrder)  # falls back to date
    assert titles(model)[0] == "Crowds storm the Bastille"


def test_filter_and_row_lookup(qtbot, state: AppState) -> None:
    model = EventTableModel(state)
    loaded(qtbot, model, 4)
    waterloo = model.event_id_at(3)
    with qtbot.waitSignal(model.sig_loaded):
        state.set_people(("Napoleon Bonaparte",))
    assert model.rowCount() == 2
    assert model.row_of(waterloo) == 1
    assert model.row_of(model.event_id_at(0)) == 0
    with qtbot.waitSignal(model.sig_loaded):
        state.set_filter(EventFilter(search="Bastille"))
    assert model.rowCount() == 1
    assert model.row_of(waterloo) is None


def test_unknown_person_empties_the_table(qtbot, state: AppState) -> None:
    model = EventTableModel(state)
    loaded(qtbot, model, 4)
    with qtbot.waitSignal(model.sig_failed) as failed:
        state.set_people(("Nobody At All",))
    assert "Nobody At All" in failed.args[0]
    assert model.rowCount() == 0


def test_conflict_column_flags_contradicting_evidence(qtbot, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "c.db")
    first = "The coronation took place on 2 December 1804 in Notre-Dame."
    second = "Some say the coronation was in 1805."
    add_text(store, first, "a", [FoundEvidence(29, 44, "1804-12-02")])
    event_id = store.timeline().ids[0]
    add_text(
        store,
        second,
        "b",
        [FoundEvidence(0, len(second), "1805", Stance.CONTRADICTS)],
        same_as=int(event_id),
    )
    state = AppState(store)
    model = EventTableModel(state)
    loaded(qtbot, model, 1)
    assert model.data(model.index(0, Column.CONFLICT)) == CONFLICT_MARK
    tip = model.data(model.index(0, Column.CONFLICT), Qt.ItemDataRole.ToolTipRole)
    assert "1805" in tip and "contradicts" in tip
    assert model.data(model.index(0, Column.SOURCES)) == "2"
    wait_for_tasks()
    store.close()


def add_text(
    store: Store, text: str, name: str, evidence: list[FoundEvidence], same_as: int | None = None
) -> None:
    doc = Document(text, name, f"{name}.txt", f"/tmp/{name}.txt", "text", "utf-8", name * 8)
    event = FoundEvent(
        "Napoleon is crowned", "", HistDate.of_day(1804, 12, 2), None, tuple(evidence),
        same_as=same_as,
    )  # fmt: skip
    store.add_document(doc, Extraction(events=(event,)))


def test_data_change_reloads(qtbot, state: AppState, tmp_path: Path) -> None:
    model = EventTableModel(state)
    loaded(qtbot, model, 4)
    (tmp_path / "more.csv").write_text(
        "date,event,people,place\n1799-11-09,Coup of 18 Brumaire,Napoleon Bonaparte,Paris\n",
        encoding="utf-8",
    )
    import_paths(state.store, [tmp_path / "more.csv"])
    with qtbot.waitSignal(model.sig_loaded):
        state.notify_data_changed()
    assert model.rowCount() == 5


# --- the pane ---------------------------------------------------------------------------------


@pytest.fixture
def pane(qtbot, state: AppState) -> EventListPane:
    widget = EventListPane(state)
    qtbot.addWidget(widget)
    widget.resize(900, 300)
    widget.show()
    loaded(qtbot, widget.model, 4)
    return widget


def test_pane_counts_events(qtbot, pane: EventListPane, state: AppState) -> None:
    assert pane.count_label.text() == "4 events"
    state.set_people(("Louis XVI",))
    qtbot.waitUntil(lambda: pane.count_label.text() == "1 event")
    assert "with 1 person" in pane.note_label.text()


def test_selecting_rows_selects_in_state(qtbot, pane: EventListPane, state: AppState) -> None:
    model = pane.model
    pane.view.selectRow(2)
    assert state.selection == (model.event_id_at(2),)
    flags = QItemSelectionModel.SelectionFlag
    pane.view.selectionModel().select(model.index(0, 0), flags.Select | flags.Rows)
    assert set(state.selection) == {model.event_id_at(0), model.event_id_at(2)}
    assert state.selection[0] == model.event_id_at(2)  # the current row comes first
    assert "2 selected" in pane.note_label.text()


def test_state_selection_selects_rows(qtbot, pane: EventListPane, state: AppState) -> None:
    model = pane.model
    emitted: list[tuple[int, ...]] = []
    state.sig_selection_changed.connect(emitted.append)
    wanted = (model.event_id_at(3), model.event_id_at(1))
    state.select(wanted)
    rows = sorted(i.row() for i in pane.view.selectionModel().selectedRows())
    assert rows == [1, 3]
    assert pane.view.currentIndex().row() == 3
    assert emitted == [wanted]  # no echo back into the state


def test_selection_survives_a_resort(qtbot, pane: EventListPane, state: AppState) -> None:
    waterloo = pane.model.event_id_at(3)
    state.select((waterloo,))
    with qtbot.waitSignal(pane.model.sig_loaded):
        pane.view.sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder)
    rows = [i.row() for i in pane.view.selectionModel().selectedRows()]
    assert rows == [pane.model.row_of(waterloo)]
    assert state.selection == (waterloo,)


def test_enter_activates_the_current_row(qtbot, pane: EventListPane, state: AppState) -> None:
    pane.view.setCurrentIndex(pane.model.index(1, 0))
    state.select(())
    with qtbot.waitSignal(pane.sig_activated) as activated:
        qtbot.keyClick(pane.view, Qt.Key.Key_Return)
    assert activated.args == [pane.model.event_id_at(1)]
    assert state.selection == (pane.model.event_id_at(1),)
