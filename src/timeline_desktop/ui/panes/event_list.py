"""The event list: every event of the current filter as a sortable table.

Selection is shared with the other views only through `AppState`: selecting rows calls
`state.select`, and a selection made elsewhere (the timeline) selects and reveals the rows
here. A guard flag keeps the two directions from echoing each other.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from timeline_desktop.ui.models.event_table import Column, EventTableModel
from timeline_desktop.ui.panes._style import muted
from timeline_desktop.ui.state import AppState

MAX_VIEW_RANGES = 2000  # a selection from elsewhere is mirrored up to these many row runs
MAX_VIEW_ROWS = 20_000  # ... and rows
# Initial column widths in average character widths (the title column stretches).
_WIDTHS = {  # in average characters; the title column takes the rest
    Column.DATE: 17,
    Column.PEOPLE: 20,
    Column.PLACES: 12,
    Column.SOURCES: 8,
    Column.CONFLICT: 8,
}


class _EventTable(QTableView):
    """A table that reports Enter/Return on the current row (double-click is built in)."""

    sig_enter = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.sig_enter.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class EventListPane(QWidget):
    """A header with the event count over a lazy, sortable table of events.

    `sig_activated(int)` is emitted with an event id on double-click or Enter (after the
    event has been made the selection), e.g. for the main window to zoom to it.
    """

    sig_activated = Signal(int)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.model = EventTableModel(state, self)
        self._syncing = False  # True while we apply state's selection to the view

        self.count_label = QLabel("Loading events…")
        font = QFont(self.count_label.font())
        font.setBold(True)
        self.count_label.setFont(font)
        self.note_label = muted(QLabel())

        header = QHBoxLayout()
        header.setContentsMargins(8, 6, 8, 4)
        header.setSpacing(12)
        header.addWidget(self.count_label)
        header.addWidget(self.note_label, 1)

        self.view = _EventTable()
        self._setup_view()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)

        self.model.sig_loaded.connect(self._on_model_loaded)
        self.model.sig_failed.connect(self._on_model_failed)
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
        self.view.doubleClicked.connect(self._on_view_activated)
        self.view.sig_enter.connect(self._on_view_activated)
        state.sig_selection_changed.connect(self._on_state_selection_changed)

    def _setup_view(self) -> None:
        view = self.view
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setCornerButtonEnabled(False)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = view.verticalHeader()
        rows.hide()
        # Fixed row heights: the view never measures a million rows.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 10)
        columns = view.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setStretchLastSection(False)
        columns.setSectionsMovable(True)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        char = view.fontMetrics().averageCharWidth()
        for column, width in _WIDTHS.items():
            columns.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            columns.resizeSection(column, width * char)
        columns.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        columns.setMinimumSectionSize(4 * char)
        view.setSortingEnabled(True)
        view.sortByColumn(Column.DATE, Qt.SortOrder.AscendingOrder)

    # --- from the view to the state -----------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """Selected event ids, the current row first (the detail pane shows the first)."""
        ids = self.model.ids
        parts = [ids[r.top() : r.bottom() + 1] for r in self.view.selectionModel().selection()]
        selected = [int(i) for i in np.concatenate(parts)] if parts else []
        current = self.view.currentIndex()
        if current.isValid() and selected:
            first = self.model.event_id_at(current.row())
            if first in selected:
                selected.remove(first)
                selected.insert(0, first)
        return selected

    def _on_view_selection_changed(self, *_: QObject) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            self.state.select(self.selected_ids())
        finally:
            self._syncing = False
        self._update_note()

    def _on_view_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        event_id = self.model.event_id_at(index.row())
        ids = self.selected_ids()
        if event_id in ids:  # keep a multiple selection, but make this one the first
            ids.remove(event_id)
        self.state.select([event_id, *ids])
        self.sig_activated.emit(event_id)

    # --- from the state to the view -----------------------------------------------------------

    def _on_state_selection_changed(self, ids: tuple[int, ...]) -> None:
        if not self._syncing:
            self._show_selection(ids)
        self._update_note()

    def _show_selection(self, ids: tuple[int, ...], scroll: bool = True) -> None:
        """Select the rows of these events (hidden ones are ignored) and reveal the first."""
        rows = self.model.rows_of(ids)
        selection = QItemSelection()
        # Qt handles selections cell by cell and merges ranges in quadratic time: a huge
        # selection (say all events, then re-sorted) is shown in part; the state keeps it all.
        shown = 0
        for top, bottom in _runs(sorted(rows))[:MAX_VIEW_RANGES]:
            bottom = min(bottom, top + MAX_VIEW_ROWS - shown - 1)
            selection.select(self.model.index(top, 0), self.model.index(bottom, len(Column) - 1))
            shown += bottom - top + 1
            if shown >= MAX_VIEW_ROWS:
                break
        flags = QItemSelectionModel.SelectionFlag
        first = self.model.index(rows[0], 0) if rows else QModelIndex()
        # Judge visibility before Qt's own auto-scroll to the new current row, so that a row
        # out of sight ends up centred rather than at the very edge.
        hidden = first.isValid() and not self.view.viewport().rect().contains(
            self.view.visualRect(first)
        )
        self._syncing = True
        try:
            model = self.view.selectionModel()
            model.select(selection, flags.ClearAndSelect | flags.Rows)
            if first.isValid():
                model.setCurrentIndex(first, flags.NoUpdate)
                if scroll and hidden:
                    self.view.scrollTo(first, QAbstractItemView.ScrollHint.PositionAtCenter)
        finally:
            self._syncing = False

    def _on_model_loaded(self, count: int) -> None:
        self.count_label.setText(f"{count:,} event{'s' * (count != 1)}")
        self._show_selection(self.state.selection)
        self._update_note()

    def _on_model_failed(self, message: str) -> None:
        self.count_label.setText("No events")
        self.note_label.setText(message)

    def _update_note(self) -> None:
        flt = self.state.filter
        parts = ["rejected events: select and restore (Ctrl+Shift+R)"] if flt.rejected else []
        if flt.people:
            n = len(flt.people)
            mode = "all of " if flt.all_people and n > 1 else ""
            parts.append(f"with {mode}{n} {'person' if n == 1 else 'people'}")
        if flt.search:
            parts.append(f"matching “{flt.search}”")
        if flt.start or flt.end or flt.window_days or flt.ids is not None:
            parts.append("in the chosen window" if flt.ids is None else "chosen events")
        n = len(self.state.selection)
        if n:
            parts.append(f"{n:,} selected")
        self.note_label.setText(" · ".join(parts))


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs of consecutive rows, for one QItemSelection range each."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
