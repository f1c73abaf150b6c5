"""The state every view shares: one filter, one selection, one lane mode.

The timeline, the event list, the people panel and the detail pane never talk to each other
directly: they change `AppState` and react to its signals, so any of them can be tested (or
replaced) alone and selection stays consistent both ways.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from timeline_desktop.domain.model import EventFilter
from timeline_desktop.store.repository import Store


class LaneMode(StrEnum):
    SINGLE = "single"  # every event in one lane
    PEOPLE = "people"  # one lane per person currently filtered
    SOURCES = "sources"  # one lane per source
    CATEGORIES = "categories"  # one lane per category (TimelineJS group, Timeline category)


class AppState(QObject):
    sig_filter_changed = Signal(object)  # EventFilter
    sig_selection_changed = Signal(object)  # tuple[int, ...] of event ids
    sig_data_changed = Signal()  # the store's contents changed (import, rename, merge)
    sig_lanes_changed = Signal(object)  # LaneMode
    sig_source_requested = Signal(int, int, int)  # source id, start, end: show this passage
    sig_store_changed = Signal(object)  # Store: another database was opened

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._filter = EventFilter()
        self._selection: tuple[int, ...] = ()
        self._lanes = LaneMode.SINGLE

    # --- the database -----------------------------------------------------------------------

    @property
    def store(self) -> Store:
        """The one current store: every view and task reads it here, never keeps its own."""
        return self._store

    def set_store(self, store: Store) -> None:
        """Switch databases: selection and filter start afresh, every view reloads."""
        if store is self._store:
            return
        self._store = store
        self.select(())
        self.set_filter(EventFilter())
        self.sig_store_changed.emit(store)
        self.notify_data_changed()

    # --- filter -------------------------------------------------------------------------------

    @property
    def filter(self) -> EventFilter:
        return self._filter

    def set_filter(self, flt: EventFilter) -> None:
        if flt != self._filter:
            self._filter = flt
            self.sig_filter_changed.emit(flt)

    def set_people(self, names: tuple[str, ...], all_people: bool | None = None) -> None:
        all_people = self._filter.all_people if all_people is None else all_people
        self.set_filter(replace(self._filter, people=tuple(names), all_people=all_people))

    def set_search(self, text: str) -> None:
        self.set_filter(replace(self._filter, search=text.strip() or None))

    def set_sources(self, source_ids: tuple[int, ...]) -> None:
        """Show only the events these sources give evidence for (empty: every source)."""
        self.set_filter(replace(self._filter, sources=tuple(source_ids)))

    def set_rejected_view(self, rejected: bool) -> None:
        """Show the events a user rejected (to restore them) instead of the others."""
        if rejected != self._filter.rejected:
            self.select(())
            self.set_filter(replace(self._filter, rejected=rejected))

    # --- selection ----------------------------------------------------------------------------

    @property
    def selection(self) -> tuple[int, ...]:
        return self._selection

    def select(self, ids: tuple[int, ...] | list[int]) -> None:
        ids = tuple(dict.fromkeys(int(i) for i in ids))
        if ids != self._selection:
            self._selection = ids
            self.sig_selection_changed.emit(ids)

    # --- lanes and data -----------------------------------------------------------------------

    @property
    def lanes(self) -> LaneMode:
        return self._lanes

    def set_lanes(self, mode: LaneMode) -> None:
        if mode != self._lanes:
            self._lanes = mode
            self.sig_lanes_changed.emit(mode)

    def notify_data_changed(self) -> None:
        self.sig_data_changed.emit()
