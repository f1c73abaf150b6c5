"""The people panel: list, search by name or alias, any/all filter, rename and merge."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import (
    Document,
    EventFilter,
    Extraction,
    FoundEvent,
    FoundEvidence,
    FoundPerson,
)
from timeline_desktop.store.repository import Store
from timeline_desktop.ui.models.people_list import PeopleFilterProxy, PeopleListModel
from timeline_desktop.ui.panes.people_panel import ALL_OF, ANY_OF, PeoplePanel
from timeline_desktop.ui.state import AppState
from timeline_desktop.ui.tasks import wait_for_tasks

TEXT = (
    "Napoléon Bonaparte married Joséphine de Beauharnais on 9 March 1796. "
    "Bonaparte was crowned emperor on 2 December 1804, with Joséphine at his side. "
    "The Duke of Wellington, Arthur Wellesley, defeated Napoleon at Waterloo on 18 June 1815."
)


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def event(title: str, day: tuple[int, int, int], quote: str, people: tuple[str, ...]):
    start, end = span(TEXT, quote)
    stated = "-".join(f"{n:02d}" for n in day)
    evidence = (FoundEvidence(start, end, stated),)
    return FoundEvent(title, "", HistDate.of_day(*day), None, evidence, people=people)


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "t.db")
    doc = Document(TEXT, "Napoleon", "n.txt", "/tmp/n.txt", "text", "utf-8", "n" * 64)
    napoleon = "Napoléon Bonaparte"
    extraction = Extraction(
        events=(
            event("Marriage", (1796, 3, 9), "married Joséphine", (napoleon, "Joséphine")),
            event("Coronation", (1804, 12, 2), "crowned emperor", (napoleon, "Joséphine")),
            event("Waterloo", (1815, 6, 18), "at Waterloo", (napoleon, "Arthur Wellesley")),
        ),
        people=(
            FoundPerson(napoleon, ("Bonaparte", "Napoleon")),
            FoundPerson("Joséphine", ()),
            FoundPerson("Arthur Wellesley", ("Duke of Wellington",)),
            FoundPerson("Wellington", ()),
        ),
    )
    s.add_document(doc, extraction)
    yield s
    wait_for_tasks()
    s.close()


@pytest.fixture
def state(store: Store) -> AppState:
    return AppState(store)


@pytest.fixture
def panel(qtbot, state: AppState) -> PeoplePanel:
    widget = PeoplePanel(state)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.rowCount() == 4)
    widget.show_empty.setChecked(True)  # everyone, Wellington (no events) too
    return widget


def pid(store: Store, name: str) -> int:
    return next(p.id for p in store.people() if p.name == name)


def test_list_shows_everyone_with_counts_and_aliases(panel: PeoplePanel) -> None:
    assert panel.visible_names() == [
        "Arthur Wellesley", "Joséphine", "Napoléon Bonaparte", "Wellington",
    ]  # fmt: skip
    napoleon = panel.proxy.index(2, 0)
    tip = napoleon.data(Qt.ItemDataRole.ToolTipRole)
    assert "3 events" in tip and "Bonaparte" in tip and "Napoleon" in tip
    assert napoleon.data(Qt.ItemDataRole.DecorationRole) is not None
    assert panel.status.text() == "4 people"


def test_people_without_events_are_hidden_until_asked_for(qtbot, panel: PeoplePanel) -> None:
    panel.show_empty.setChecked(False)
    assert panel.visible_names() == ["Arthur Wellesley", "Joséphine", "Napoléon Bonaparte"]
    assert panel.status.text() == "3 of 4 people shown"
    panel.show_empty.setChecked(True)
    assert "Wellington" in panel.visible_names()


def test_merge_offers_the_likeliest_person_first(qtbot, panel: PeoplePanel, monkeypatch) -> None:
    offered: list[list[str]] = []

    def fake_get_item(parent, title, label, items, current, editable):
        offered.append(list(items))
        return "", False

    monkeypatch.setattr(
        "timeline_desktop.ui.panes.people_panel.QInputDialog.getItem", fake_get_item
    )
    wellington = panel.model.person(pid(panel.state.store, "Wellington"))
    panel.ask_merge(wellington)
    assert offered[0][0].startswith("Arthur Wellesley")  # shares the name "Wellington"


def test_ordering_by_event_count(panel: PeoplePanel) -> None:
    panel.order.setCurrentIndex(1)
    assert panel.visible_names() == [
        "Napoléon Bonaparte", "Joséphine", "Arthur Wellesley", "Wellington",
    ]  # fmt: skip


def test_search_filters_by_name_and_alias(qtbot, panel: PeoplePanel) -> None:
    qtbot.keyClicks(panel.search, "welling")
    assert panel.visible_names() == ["Arthur Wellesley", "Wellington"]  # via the alias too
    panel.search.clear()
    qtbot.keyClicks(panel.search, "josephine")  # accents do not matter
    assert panel.visible_names() == ["Joséphine"]
    assert panel.status.text() == "1 of 4 people shown"


def test_checking_people_changes_the_filter(qtbot, panel: PeoplePanel, state: AppState) -> None:
    napoleon, josephine = pid(state.store, "Napoléon Bonaparte"), pid(state.store, "Joséphine")
    panel.set_checked(napoleon, True)
    assert state.filter.people == ("Napoléon Bonaparte",)
    panel.set_checked(josephine, True)
    assert state.filter == EventFilter(people=("Napoléon Bonaparte", "Joséphine"))
    assert state.store.count_events(state.filter) == 3
    panel.mode.setCurrentText(ALL_OF)
    assert state.filter.all_people
    assert state.store.count_events(state.filter) == 2
    panel.mode.setCurrentText(ANY_OF)
    assert not state.filter.all_people
    panel.set_checked(napoleon, False)
    assert state.filter.people == ("Joséphine",)
    assert panel.status.text() == "4 people · 1 checked"
    panel.clear_button.click()
    assert state.filter.people == ()
    assert panel.model.checked_ids() == ()


def test_check_box_click_through_the_view(qtbot, panel: PeoplePanel, state: AppState) -> None:
    index = panel.proxy.index(1, 0)  # Joséphine
    panel.proxy.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert state.filter.people == ("Joséphine",)


def test_filter_set_elsewhere_is_mirrored(qtbot, panel: PeoplePanel, state: AppState) -> None:
    emitted: list[EventFilter] = []
    state.sig_filter_changed.connect(emitted.append)
    state.set_people(("bonaparte",), all_people=True)  # an alias, in any case
    assert panel.model.checked_ids() == (pid(state.store, "Napoléon Bonaparte"),)
    assert panel.mode.currentText() == ALL_OF
    state.set_filter(EventFilter())
    assert panel.model.checked_ids() == ()
    assert panel.mode.currentText() == ANY_OF
    assert len(emitted) == 2  # the panel did not echo


def test_rename_updates_store_and_list(qtbot, panel: PeoplePanel, state: AppState) -> None:
    napoleon = pid(state.store, "Napoléon Bonaparte")
    panel.set_checked(napoleon, True)
    with qtbot.waitSignal(state.sig_data_changed, timeout=5000):
        panel.rename_person(napoleon, "Napoleon I")
    qtbot.waitUntil(lambda: "Napoleon I" in panel.visible_names())
    assert pid(state.store, "Napoleon I") == napoleon
    assert "Napoléon Bonaparte" not in panel.visible_names()
    assert panel.model.checked_ids() == (napoleon,)  # the old name is an alias: still checked
    tip = panel.model.index(panel.model.row_of(napoleon)).data(Qt.ItemDataRole.ToolTipRole)
    assert "Napoléon Bonaparte" in tip


def test_merge_updates_store_and_list(qtbot, panel: PeoplePanel, state: AppState) -> None:
    wellesley, wellington = pid(state.store, "Arthur Wellesley"), pid(state.store, "Wellington")
    with qtbot.waitSignal(state.sig_data_changed, timeout=5000):
        panel.merge_people(wellesley, wellington)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3)
    assert "Wellington" not in panel.visible_names()
    qtbot.keyClicks(panel.search, "wellington")
    assert panel.visible_names() == ["Arthur Wellesley"]
    merged = panel.model.person(wellesley)
    assert merged is not None and "Wellington" in merged.aliases


def test_failed_write_is_reported(qtbot, panel: PeoplePanel) -> None:
    with qtbot.waitSignal(panel.sig_error, timeout=5000):
        panel.merge_people(1, 999)
    assert panel.status.text().startswith("Failed")


def test_model_and_proxy_pass_the_model_tester(qtmodeltester, panel: PeoplePanel) -> None:
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.proxy)
    proxy = PeopleFilterProxy()
    proxy.setSourceModel(PeopleListModel())
    qtmodeltester.check(proxy)
