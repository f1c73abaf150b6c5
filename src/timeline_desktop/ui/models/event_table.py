"""The event list as a lazy Qt table model.

A corpus may hold a million events, so the model keeps only the ordered int64 id array of the
current filter and fetches row data in pages, off the GUI thread, when the view asks for rows
it has not seen (Anki's browser works the same way). Rows not loaded yet show "…" until their
page arrives; then `dataChanged` repaints them. Rows are cached by event id, so re-sorting or
re-filtering reuses what was already fetched; a data change (import, rename, merge) drops it.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from timeline_desktop.domain.model import Event, Stance
from timeline_desktop.failures import explain
from timeline_desktop.ui import colors
from timeline_desktop.ui.models.safe_text import tooltip
from timeline_desktop.ui.state import AppState
from timeline_desktop.ui.tasks import TaskSlot, run_task

PLACEHOLDER = "…"
CONFLICT_MARK = "⚠"
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the event id of a row (int)
MATCH_ROLE = Qt.ItemDataRole.UserRole + 2  # whether the row matches the search (bool)

_Index = QModelIndex | QPersistentModelIndex
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


class Column(IntEnum):
    DATE = 0
    TITLE = 1
    PEOPLE = 2
    PLACES = 3
    SOURCES = 4
    CONFLICT = 5


_HEADERS = {
    Column.DATE: ("Date", "When it happened (sortable chronologically)"),
    Column.TITLE: ("Event", "What happened"),
    Column.PEOPLE: ("People", "People taking part"),
    Column.PLACES: ("Places", "Where it happened"),
    Column.SOURCES: ("Sources", "Number of distinct sources giving evidence"),
    Column.CONFLICT: ("Conflict", "Whether a source contradicts the date"),
}
# Columns the store can order by; the others sort by date.
_SORT_KEYS = {Column.DATE: "date", Column.TITLE: "title", Column.SOURCES: "sources"}


def date_text(event: Event) -> str:
    """The date column: "1936 – 1938" for a span, the start's label otherwise."""
    start = event.start.label()
    return f"{start} – {event.end.label()}" if event.end is not None else start


@dataclass(frozen=True, slots=True)
class EventRow:
    """What the table shows for one event, formatted once when its page arrives."""

    event_id: int
    date: str
    title: str
    people: str
    places: str
    sources: int
    conflict: str  # tooltip text; empty when no source contradicts

    @classmethod
    def of(cls, event: Event) -> EventRow:
        against = [e for e in event.evidence if e.stance == Stance.CONTRADICTS]
        conflict = ""
        if against:
            stated = ", ".join(dict.fromkeys(e.date_as_stated for e in against if e.date_as_stated))
            n = len({e.source_id for e in against})
            conflict = (
                f"{n} source{'s' * (n != 1)} contradict{'s' * (n == 1)} this event"
                + (f" (stating {stated})" if stated else "")
                + f"; it is dated {date_text(event)}."
            )
        return cls(
            event_id=event.id,
            date=date_text(event),
            title=event.title,
            people=", ".join(event.people),
            places=", ".join(event.places),
            sources=len({e.source_id for e in event.evidence}),
            conflict=conflict,
        )


_EMPTY = np.empty(0, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class _Ids:
    """The ordered ids and a sorted copy with positions, for O(log n) `row_of`."""

    ids: np.ndarray
    sorted_ids: np.ndarray
    positions: np.ndarray

    @classmethod
    def of(cls, ids: np.ndarray) -> _Ids:
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        positions = np.argsort(ids, kind="stable")
        return cls(ids, ids[positions], positions)


class EventTableModel(QAbstractTableModel):
    """Events matching `state.filter`, in the chosen order, fetched page by page.

    Signals: `sig_loaded(int)` after a new id list is in place (the row count);
    `sig_failed(str)` when the filter cannot be applied (e.g. an unknown person).
    """

    sig_loaded = Signal(int)
    sig_failed = Signal(str)

    def __init__(
        self,
        state: AppState,
        parent: QObject | None = None,
        page_size: int = 200,
        cache_rows: int = 5000,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._page_size = page_size
        self._cache_rows = max(cache_rows, 2 * page_size)
        self._ids = _Ids.of(_EMPTY)
        self._matches = np.empty(0, dtype=np.int64)  # sorted ids of search matches
        self._cache: OrderedDict[int, EventRow] = OrderedDict()
        self._wanted: list[int] = []  # pages of the current id list, newest request last
        self._in_flight: tuple[int, int] | None = None  # (id list generation, page)
        self._generation = 0  # bumped whenever a new id list is in place
        self._data_generation = 0  # bumped when the store's contents change
        self._sort_column = Column.DATE
        self._descending = False
        self._ids_slot = TaskSlot()
        self._loaded = False
        state.sig_filter_changed.connect(self._on_state_filter_changed)
        state.sig_data_changed.connect(self._on_state_data_changed)
        self.reload()

    # --- public API ---------------------------------------------------------------------------

    @property
    def ids(self) -> np.ndarray:
        """The event ids in display order (read-only view)."""
        view = self._ids.ids.view()
        view.flags.writeable = False
        return view

    @property
    def is_loaded(self) -> bool:
        """Whether the first id list has arrived (until then the table is empty)."""
        return self._loaded

    @property
    def sort_column(self) -> Column:
        return self._sort_column

    @property
    def sort_descending(self) -> bool:
        return self._descending

    def event_id_at(self, row: int) -> int:
        return int(self._ids.ids[row])

    def row_of(self, event_id: int) -> int | None:
        """Row of an event in the current order, or None when the filter hides it."""
        found = self._ids
        i = int(np.searchsorted(found.sorted_ids, event_id))
        if i < len(found.sorted_ids) and found.sorted_ids[i] == event_id:
            return int(found.positions[i])
        return None

    def rows_of(self, event_ids: tuple[int, ...] | list[int] | np.ndarray) -> list[int]:
        """Rows of the events shown, in the order given (hidden ones are skipped).

        Vectorised: a "select all" of a million events must not loop in Python."""
        found = self._ids
        wanted = np.asarray(event_ids, dtype=np.int64)
        if not len(found.sorted_ids) or not len(wanted):
            return []
        i = np.searchsorted(found.sorted_ids, wanted)
        i[i == len(found.sorted_ids)] = 0
        hit = found.sorted_ids[i] == wanted
        return found.positions[i[hit]].tolist()

    def set_matches(self, ids: np.ndarray) -> None:
        """Search matches to mark in the list (rows stay; matching ones are tinted)."""
        self._matches = np.unique(np.asarray(ids, dtype=np.int64))
        if len(self._ids.ids):
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._ids.ids) - 1, len(Column) - 1),
                [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole],
            )

    def is_match(self, event_id: int) -> bool:
        i = int(np.searchsorted(self._matches, event_id))
        return i < len(self._matches) and int(self._matches[i]) == event_id

    def row_data(self, row: int) -> EventRow | None:
        """The formatted row if its page has arrived (does not request it)."""
        return self._cache.get(int(self._ids.ids[row]))

    def reload(self) -> None:
        """Re-query the ordered ids for the current filter and sort, off the GUI thread."""
        store, flt = self._state.store, self._state.filter
        order = _SORT_KEYS.get(self._sort_column, "date")
        descending = self._descending

        def query() -> _Ids:
            return _Ids.of(store.ordered_ids(flt, order=order, descending=descending))

        self._ids_slot.run(query, self._ids_arrived, self._ids_failed)

    # --- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids.ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        title, tip = _HEADERS[Column(section)]
        if role == Qt.ItemDataRole.DisplayRole:
            return title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        # Called once per cell when Qt handles big selections: no enum arithmetic here.
        return _FLAGS if index.isValid() else _NO_FLAGS

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._ids.ids):
            return None
        event_id = int(self._ids.ids[index.row()])
        if role == EVENT_ID_ROLE:
            return event_id
        if role == Qt.ItemDataRole.BackgroundRole:
            return _match_tint() if len(self._matches) and self.is_match(event_id) else None
        if role == MATCH_ROLE:
            return bool(len(self._matches)) and self.is_match(event_id)
        column = Column(index.column())
        row = self._cache.get(event_id)
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self._want(index.row() // self._page_size)
                return PLACEHOLDER
            if role == Qt.ItemDataRole.ForegroundRole:
                return _muted()
            return None
        self._cache.move_to_end(event_id)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._tooltip(row, column)
            return tooltip(tip) if tip else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            Column.SOURCES,
            Column.CONFLICT,
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.CONFLICT and row.conflict:
            return QColor(colors.CONTRADICTS)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == Column.CONFLICT:
            return "conflict" if row.conflict else "no conflict"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query the ids in the new order (columns without a store order sort by date)."""
        if not 0 <= column < len(Column):
            return
        self._sort_column = Column(column)
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # --- internals ----------------------------------------------------------------------------

    @staticmethod
    def _display(row: EventRow, column: Column) -> str:
        if column == Column.DATE:
            return row.date
        if column == Column.TITLE:
            return row.title
        if column == Column.PEOPLE:
            return row.people
        if column == Column.PLACES:
            return row.places
        if column == Column.SOURCES:
            return str(row.sources)
        return CONFLICT_MARK if row.conflict else ""

    @staticmethod
    def _tooltip(row: EventRow, column: Column) -> str | None:
        if column == Column.CONFLICT:
            return row.conflict or None
        if column == Column.SOURCES:
            return f"{row.sources} source{'s' * (row.sources != 1)}"
        text = EventTableModel._display(row, column)
        return text or None

    def _ids_arrived(self, ids: _Ids) -> None:
        if not shiboken6.isValid(self):
            return
        self.beginResetModel()
        self._ids = ids
        self._wanted.clear()
        self._generation += 1
        self._loaded = True
        self.endResetModel()
        self.sig_loaded.emit(len(ids.ids))

    def _ids_failed(self, exc: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        self._ids_arrived(_Ids.of(_EMPTY))
        self.sig_failed.emit(explain(exc))

    def _want(self, page: int) -> None:
        """Queue a page; the newest request is fetched first (where the user scrolled to)."""
        if self._in_flight == (self._generation, page):
            return
        if page in self._wanted:
            self._wanted.remove(page)
        self._wanted.append(page)
        del self._wanted[:-16]  # pages scrolled past long ago are not worth fetching
        self._fetch_next()

    def _fetch_next(self) -> None:
        if self._in_flight is not None or not self._wanted:
            return
        page = self._wanted.pop()
        first = page * self._page_size
        chunk = [int(i) for i in self._ids.ids[first : first + self._page_size]]
        missing = [i for i in chunk if i not in self._cache]
        if not missing:
            self._fetch_next()
            return
        self._in_flight = (self._generation, page)
        store = self._state.store
        data_generation = self._data_generation

        def fetch() -> list[EventRow]:
            return [EventRow.of(e) for e in store.events_by_id(missing)]

        def done(rows: list[EventRow]) -> None:
            if shiboken6.isValid(self):
                self._page_arrived(rows, data_generation)

        def failed(_exc: Exception) -> None:
            if shiboken6.isValid(self):
                self._in_flight = None
                self._fetch_next()

        run_task(fetch, done, failed)

    def _page_arrived(self, rows: list[EventRow], data_generation: int) -> None:
        """Cache the rows and repaint them wherever they are now (a re-sort may have moved
        them; rows are keyed by id, so the data stays valid unless the store changed)."""
        self._in_flight = None
        if data_generation == self._data_generation:
            for row in rows:
                self._cache[row.event_id] = row
            while len(self._cache) > self._cache_rows:
                self._cache.popitem(last=False)
            if rows:
                found = self.rows_of([r.event_id for r in rows])
                if found:
                    last_column = len(Column) - 1
                    self.dataChanged.emit(
                        self.index(min(found), 0), self.index(max(found), last_column)
                    )
        self._fetch_next()

    def _on_state_filter_changed(self, _flt: object) -> None:
        self.reload()

    def _on_state_data_changed(self) -> None:
        self._data_generation += 1
        self._cache.clear()
        self._wanted.clear()
        self.reload()


def _match_tint() -> QColor:
    """Search matches: the highlight hue, faint enough to read the row and see a selection."""
    color = QColor(QGuiApplication.palette().color(QPalette.ColorRole.Highlight))
    color.setAlpha(60)
    return color


def _muted() -> QColor:
    return QGuiApplication.palette().color(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText
    )
