"""The Sources dock: every imported source, to open, to see its events, or to remove.

Removing a source is a store operation (`Store.remove_source`) run off the GUI thread after a
confirmation that says what goes with it: its passages, and the extracted events only it
supported (events the user made or edited stay).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from timeline_desktop.domain.model import SourceInfo
from timeline_desktop.ui.panes._style import muted
from timeline_desktop.ui.state import AppState
from timeline_desktop.ui.tasks import TaskSlot, run_write

ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Source", "Events", "Format", "Imported")


class SourcesPanel(QWidget):
    """A list of the sources; `sig_message(str)` reports what a removal did."""

    sig_message = Signal(str)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._slot = TaskSlot()
        self._infos: dict[int, SourceInfo] = {}

        self.view = QTreeWidget()
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setColumnCount(len(COLUMNS))
        self.view.setHeaderLabels(list(COLUMNS))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)

        self.show_events_button = QPushButton("Show Its Events")
        self.show_events_button.setToolTip("Show only the events these sources give evidence for")
        self.show_events_button.setEnabled(False)
        self.status = muted(QLabel("Loading sources…"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.show_events_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self.view.itemDoubleClicked.connect(lambda item, _col: self.open_source(_id(item)))
        self.view.itemSelectionChanged.connect(self._on_selection_changed)
        self.view.customContextMenuRequested.connect(self._show_menu)
        self.show_events_button.clicked.connect(lambda: self.show_events(self.selected_ids()))
        state.sig_data_changed.connect(self.reload)
        self.reload()

    # --- public API ---------------------------------------------------------------------------

    def reload(self) -> None:
        store = self.state.store
        self._slot.run(store.source_infos, self._arrived, self._failed)

    def selected_ids(self) -> list[int]:
        return [_id(item) for item in self.view.selectedItems()]

    def infos(self) -> list[SourceInfo]:
        return list(self._infos.values())

    def open_source(self, source_id: int) -> None:
        """Show the source's text in the Evidence pane."""
        self.state.sig_source_requested.emit(source_id, 0, 0)

    def show_events(self, source_ids: list[int]) -> None:
        if source_ids:
            self.state.set_sources(tuple(source_ids))

    def remove(self, source_id: int, confirm: bool = True) -> None:
        info = self._infos.get(source_id)
        if info is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                "Remove source",
                f"Remove “{info.title or info.file_name}” from this database?\n\n"
                f"Its passages leave the {info.events:,} events it gives evidence for; the "
                "events only it supports are deleted, unless you made or edited them. "
                "Edits that used its passages can no longer be undone.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        store = self.state.store

        def done(deleted: int) -> None:
            if not shiboken6.isValid(self):
                return
            if source_id in self.state.filter.sources:
                self.state.set_sources(
                    tuple(s for s in self.state.filter.sources if s != source_id)
                )
            self.state.notify_data_changed()
            self.sig_message.emit(
                f"Removed {info.file_name} and {deleted:,} event{'s' * (deleted != 1)} "
                "only it supported"
            )

        run_write(lambda: store.remove_source(source_id), done, self._failed)

    # --- internals ----------------------------------------------------------------------------

    def _arrived(self, infos: list[SourceInfo]) -> None:
        if not shiboken6.isValid(self):
            return
        selected = set(self.selected_ids())
        self._infos = {i.id: i for i in infos}
        self.view.setSortingEnabled(False)
        self.view.clear()
        for info in infos:
            item = _Item(
                [
                    (info.title or info.file_name)
                    + (f"  (version {info.version})" if info.version > 1 else ""),
                    f"{info.events:,}",
                    info.format,
                    info.imported_at.strftime("%Y-%m-%d"),
                ]
            )
            item.setData(0, ID_ROLE, info.id)
            item.setData(1, Qt.ItemDataRole.UserRole, info.events)
            item.setToolTip(
                0,
                f"{info.title}\n{info.file_name} · {info.characters:,} characters"
                + (
                    f"\nversion {info.version}: imported again after it changed"
                    if info.version > 1
                    else ""
                ),
            )
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.view.addTopLevelItem(item)
            item.setSelected(info.id in selected)
        self.view.setSortingEnabled(True)
        n = len(infos)
        self.status.setText(f"{n:,} source{'s' * (n != 1)}")

    def _failed(self, exc: Exception) -> None:
        if shiboken6.isValid(self):
            self.status.setText(f"Failed: {exc}")

    def _on_selection_changed(self) -> None:
        self.show_events_button.setEnabled(bool(self.selected_ids()))

    def _show_menu(self, pos: QPoint) -> None:
        item = self.view.itemAt(pos)
        if item is None:
            return
        source_id = _id(item)
        ids = self.selected_ids() or [source_id]
        menu = QMenu(self)
        menu.addAction("Open the Text", lambda: self.open_source(source_id))
        menu.addAction("Show Its Events", lambda: self.show_events(ids))
        if self.state.filter.sources:
            menu.addAction("Show Events of All Sources", lambda: self.state.set_sources(()))
        menu.addSeparator()
        menu.addAction("Remove Source…", lambda: self.remove(source_id))
        menu.exec(self.view.viewport().mapToGlobal(pos))


class _Item(QTreeWidgetItem):
    """Sorts the Events column by number, the others as text."""

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        column = self.treeWidget().sortColumn() if self.treeWidget() else 0
        if column == 1:
            return (self.data(1, Qt.ItemDataRole.UserRole) or 0) < (
                other.data(1, Qt.ItemDataRole.UserRole) or 0
            )
        return self.text(column).casefold() < other.text(column).casefold()


def _id(item: QTreeWidgetItem) -> int:
    return int(item.data(0, ID_ROLE))
