"""The people panel: check people to see only their events; correct who is who.

Checking a person changes the shared filter at once (`state.set_people`); a filter changed
elsewhere (e.g. "Show all events") is mirrored back into the check boxes without echo.
Renames, merges, split-off names and "not a person" marks are undoable edits run through the
`EditHistory` (off the GUI thread); they end with `state.notify_data_changed()`, which makes
every view (this one included) reload.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from timeline_desktop.domain.model import EventFilter, Person
from timeline_desktop.failures import explain
from timeline_desktop.store.curation import Curation
from timeline_desktop.store.names import name_key
from timeline_desktop.ui.curation.history import EditHistory
from timeline_desktop.ui.models.people_list import (
    EVENT_COUNT_ROLE,
    PERSON_ID_ROLE,
    PeopleFilterProxy,
    PeopleListModel,
)
from timeline_desktop.ui.panes._style import muted
from timeline_desktop.ui.state import AppState
from timeline_desktop.ui.tasks import TaskSlot

ANY_OF, ALL_OF = "any of", "all of"


class _PersonDelegate(QStyledItemDelegate):
    """Draws the standard check box, colour dot and name, plus the event count on the right."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        count = str(index.data(EVENT_COUNT_ROLE) or 0)
        width = opt.fontMetrics.horizontalAdvance("0000") + 8
        rect = QRect(opt.rect)  # a copy: PySide hands out a reference to the option's rect
        opt.rect = rect.adjusted(0, 0, -width, 0)
        # paint the full-width background (selection, hover) first, then the item without it
        background = QStyleOptionViewItem(option)
        background.rect = rect
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, background, painter, opt.widget
            )
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        roles = QPalette.ColorRole
        role = roles.HighlightedText if selected else roles.PlaceholderText
        painter.save()
        painter.setPen(option.palette.color(role))
        painter.drawText(
            rect.adjusted(rect.width() - width, 0, -6, 0),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            count,
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + option.fontMetrics.horizontalAdvance("0000") + 8,
                     max(size.height(), option.fontMetrics.height() + 8))  # fmt: skip


class PeoplePanel(QWidget):
    """Everyone in the store with their number of events, as a checkable, searchable list.

    `sig_error(str)` reports a failed load or correction (also shown in the panel). Edits go
    through `history` (the window's, so they share its undo stack).
    """

    sig_error = Signal(str)

    def __init__(
        self, state: AppState, history: EditHistory | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.history = history or EditHistory(state, self)
        self.model = PeopleListModel(self)
        self.proxy = PeopleFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.sort_by_events(False)
        self._load_slot = TaskSlot()
        self._loaded = False

        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a person or alias…")
        self.search.setClearButtonEnabled(True)
        self.order = QComboBox()
        self.order.addItems(["A–Z", "Most events"])
        self.order.setToolTip("Order the list by name or by number of events")

        self.mode = QComboBox()
        self.mode.addItems([ANY_OF, ALL_OF])
        self.mode.setToolTip(
            "any of: events with at least one checked person\n"
            "all of: only events in which every checked person takes part"
        )
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Uncheck everyone: show the events of all people")
        self.clear_button.setEnabled(False)

        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(_PersonDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.status = muted(QLabel("Loading people…"))
        self.status.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.order)
        mode_row = QHBoxLayout()
        mode_row.addWidget(QLabel("Events with"))
        mode_row.addWidget(self.mode)
        mode_row.addWidget(QLabel("the checked people"), 1)
        self.show_empty = QCheckBox("Also people without events")
        self.show_empty.setToolTip("Names the sources mention but that take part in no event")
        self.show_empty.toggled.connect(lambda on: self.proxy.set_hide_empty(not on))
        self.show_empty.toggled.connect(lambda _: self._update_status())
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(mode_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.show_empty)
        layout.addLayout(bottom)

        self.search.textChanged.connect(self.proxy.set_query)
        self.search.textChanged.connect(lambda _: self._update_status())
        self.order.currentIndexChanged.connect(lambda i: self.proxy.sort_by_events(i == 1))
        self.mode.currentTextChanged.connect(self._on_mode_changed)
        self.clear_button.clicked.connect(self.clear)
        self.model.sig_checked_changed.connect(self._on_model_checked_changed)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        state.sig_filter_changed.connect(self._on_state_filter_changed)
        state.sig_data_changed.connect(self.reload)
        self._mirror_filter(state.filter)
        self.reload()

    # --- public API ---------------------------------------------------------------------------

    @property
    def all_people(self) -> bool:
        return self.mode.currentText() == ALL_OF

    def visible_names(self) -> list[str]:
        """Names shown in the list right now (after the search), top to bottom."""
        return [self.proxy.index(r, 0).data() for r in range(self.proxy.rowCount())]

    def set_checked(self, person_id: int, checked: bool) -> None:
        """Check or uncheck a person as the user would (changes the filter)."""
        row = self.model.row_of(person_id)
        if row is None:
            raise KeyError(f"no person with id {person_id} in the list")
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.model.setData(self.model.index(row), state, Qt.ItemDataRole.CheckStateRole)

    def clear(self) -> None:
        """Uncheck everyone (and drop the people from the filter)."""
        self.model.set_checked(())
        self.state.set_people((), self.all_people)
        self._update_status()

    def reload(self) -> None:
        """Fetch everyone with their event counts, off the GUI thread."""
        store = self.state.store
        self._load_slot.run(store.people, self._people_arrived, self._failed)

    def rename_person(self, person_id: int, new_name: str) -> None:
        """Rename in the store (the old name stays an alias), then tell every view."""
        new_name = " ".join(new_name.split())
        if not new_name:
            return
        self._write(lambda c: c.rename_person(person_id, new_name))

    def merge_people(self, keep: int, other: int) -> None:
        """Fold `other` into `keep` (names, aliases, events) in the store, then tell every view."""
        if keep == other:
            return
        self._write(lambda c: c.merge_people(keep, other))

    def split_name(self, person_id: int, alias: str) -> None:
        """Make one of a person's names a person of its own."""
        self._write(lambda c: c.split_alias(person_id, alias))

    def mark_not_person(self, person_id: int, not_person: bool = True) -> None:
        """A "person" that is a thing: it leaves the list and every event."""
        self._write(lambda c: c.set_not_person(person_id, not_person))

    # --- dialogs (what the context menu does before calling the methods above) ----------------

    def ask_rename(self, person: Person) -> None:
        name, ok = QInputDialog.getText(
            self,
            "Rename person",
            f"New name for “{person.name}” (the old name stays as an alias):",
            QLineEdit.EchoMode.Normal,
            person.name,
        )
        if ok and name.strip() and name.strip() != person.name:
            self.rename_person(person.id, name)

    def ask_merge(self, person: Person) -> None:
        others = [p for p in self.model.people() if p.id != person.id]
        if not others:
            return
        # the likeliest match first: most shared name words, then most events
        others.sort(key=lambda p: (-_shared_words(person, p), -p.event_count, p.name))
        labels = [_choice_label(p) for p in others]
        choice, ok = QInputDialog.getItem(
            self,
            "Merge people",
            f"“{person.name}” is the same person as:\n"
            "(their names become aliases and their events are joined)",
            labels,
            0,
            False,
        )
        if ok and choice in labels:
            self.merge_people(others[labels.index(choice)].id, person.id)

    # --- internals ----------------------------------------------------------------------------

    def ask_split(self, person: Person) -> None:
        if not person.aliases:
            return
        alias, ok = QInputDialog.getItem(
            self,
            "Split a name off",
            f"Which name of “{person.name}” belongs to someone else?\n"
            "(events whose passages use only that name go with it)",
            list(person.aliases),
            0,
            False,
        )
        if ok and alias:
            self.split_name(person.id, alias)

    def _write(self, fn: Callable[[Curation], object]) -> None:
        self.status.setText("Saving…")
        self.history.perform(fn, on_error=self._failed)

    def _failed(self, exc: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        message = explain(exc)
        self.status.setText(f"Failed: {message}")
        self.sig_error.emit(message)

    def _people_arrived(self, people: list[Person]) -> None:
        if not shiboken6.isValid(self):
            return
        self.model.set_people(people)
        self._loaded = True
        self._mirror_filter(self.state.filter)
        self._update_status()

    def _mirror_filter(self, flt: EventFilter) -> None:
        self.model.set_checked(self.model.ids_matching_names(flt.people))
        self.mode.blockSignals(True)
        self.mode.setCurrentText(ALL_OF if flt.all_people else ANY_OF)
        self.mode.blockSignals(False)
        self._update_status()

    def _on_state_filter_changed(self, flt: EventFilter) -> None:
        self._mirror_filter(flt)

    def _on_model_checked_changed(self, _ids: tuple[int, ...]) -> None:
        self.state.set_people(self.model.checked_names(), self.all_people)
        self._update_status()

    def _on_mode_changed(self, _text: str) -> None:
        self.state.set_people(self.state.filter.people, self.all_people)

    def _on_view_double_clicked(self, index: QModelIndex | QPersistentModelIndex) -> None:
        pid = index.data(PERSON_ID_ROLE)
        if pid is not None:
            self.set_checked(pid, pid not in self.model.checked_ids())

    def _on_view_context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        person = self.model.person(index.data(PERSON_ID_ROLE))
        if person is None:
            return
        menu = QMenu(self)
        menu.addAction("Show only this person", lambda: self.state.set_people((person.name,)))
        menu.addSeparator()
        menu.addAction("Rename…", lambda: self.ask_rename(person))
        merge = menu.addAction("Merge into…", lambda: self.ask_merge(person))
        merge.setEnabled(self.model.rowCount() > 1)
        split = menu.addAction("Split a Name Off…", lambda: self.ask_split(person))
        split.setEnabled(bool(person.aliases))
        menu.addSeparator()
        menu.addAction("Not a Person (a thing, a place…)", lambda: self.mark_not_person(person.id))
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def _update_status(self) -> None:
        if not self._loaded:
            return
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        checked = len(self.model.checked_ids())
        parts = [f"{total:,} {'person' if total == 1 else 'people'}"]
        if shown != total:
            parts[0] = f"{shown:,} of {parts[0]} shown"
        if checked:
            parts.append(f"{checked:,} checked")
        self.status.setText(" · ".join(parts))
        self.clear_button.setEnabled(bool(checked or self.state.filter.people))


def _shared_words(a: Person, b: Person) -> int:
    words = {w for name in (a.name, *a.aliases) for w in name_key(name).split()}
    return len(words & {w for name in (b.name, *b.aliases) for w in name_key(name).split()})


def _choice_label(person: Person) -> str:
    n = person.event_count
    aliases = f" — also {', '.join(person.aliases[:3])}" if person.aliases else ""
    return f"{person.name} ({n} event{'s' * (n != 1)}){aliases} [#{person.id}]"
