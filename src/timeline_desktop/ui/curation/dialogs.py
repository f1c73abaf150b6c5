"""Small dialogs of curation: merge events, split passages off, names marked not a person,
and the edit history."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from timeline_desktop.domain.model import Event, Person
from timeline_desktop.ui.models.event_table import date_text
from timeline_desktop.ui.panes._style import muted


def _sources(event: Event) -> str:
    n = len({e.source_id for e in event.evidence})
    return f"{n} source{'s' * (n != 1)}"


class MergeDialog(QDialog):
    """Merge events: the user picks the title and the date the merged event keeps."""

    def __init__(self, parent: QWidget | None, events: Sequence[Event]) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Merge {len(events)} events")
        self.setMinimumWidth(520)
        self.events = list(events)
        intro = QLabel(
            "These events become one. Its evidence, people and places are those of all of "
            "them; choose the title and the date it keeps."
        )
        intro.setWordWrap(True)
        listing = QListWidget()
        for e in self.events:
            item = QListWidgetItem(f"{date_text(e)} — {e.title} ({_sources(e)})")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            listing.addItem(item)
        listing.setMaximumHeight(listing.sizeHintForRow(0) * min(len(self.events), 6) + 8)
        self.title_box = QComboBox()
        self.title_box.setEditable(True)
        self.title_box.addItems(list(dict.fromkeys(e.title for e in self.events)))
        self.date_box = QComboBox()
        for e in self.events:
            label = date_text(e)
            if self.date_box.findText(label) < 0:
                self.date_box.addItem(label, e.id)
        form = QFormLayout()
        form.addRow("&Title", self.title_box)
        form.addRow("&Date", self.date_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(listing)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def title(self) -> str:
        return " ".join(self.title_box.currentText().split()) or self.events[0].title

    def date_event(self) -> Event:
        """The event whose date the merged event keeps."""
        chosen = self.date_box.currentData()
        return next(e for e in self.events if e.id == chosen)


class SplitDialog(QDialog):
    """Choose the passages that become a new event."""

    def __init__(self, parent: QWidget | None, event: Event, titles: dict[int, str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Split event")
        self.setMinimumWidth(560)
        intro = QLabel(
            f"Check the passages of “{event.title}” that tell of another happening. They "
            "become a new event, whose title and date are read from the first of them."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        for ev in event.evidence:
            quote = " ".join(ev.quote.split())
            quote = quote if len(quote) <= 140 else quote[:139] + "…"
            item = QListWidgetItem(f"{titles.get(ev.source_id, ev.source_id)}: “{quote}”")
            item.setData(Qt.ItemDataRole.UserRole, ev.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Split")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self._update()

    def checked(self) -> list[int]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _update(self, *_: object) -> None:
        n = len(self.checked())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(0 < n < self.list.count())
        ok.setToolTip("" if ok.isEnabled() else "Check some passages, but not all of them")


class NotPeopleDialog(QDialog):
    """The names marked as not a person, with a way to take the mark back."""

    def __init__(self, parent: QWidget | None, people: Sequence[Person]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Names marked as not a person")
        self.setMinimumWidth(420)
        intro = muted(
            QLabel(
                "These names are hidden from the people list and never linked to events by "
                "extraction. Restore one that is a person after all."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        for p in people:
            aliases = f" (also {', '.join(p.aliases)})" if p.aliases else ""
            item = QListWidgetItem(p.name + aliases)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.list.addItem(item)
        self.restore_button = QPushButton("It Is a &Person")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.accept)
        self.list.currentRowChanged.connect(lambda row: self.restore_button.setEnabled(row >= 0))
        self.list.itemDoubleClicked.connect(lambda _: self.accept())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(close)

    def chosen(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


class HistoryDialog(QDialog):
    """Every edit of this database; clicking a line undoes or redoes up to it."""

    def __init__(self, parent: QWidget | None, stack: QUndoStack) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit history")
        self.resize(520, 420)
        note = muted(
            QLabel(
                "Edits are kept in the database, so they can be undone after a restart. "
                "Click a line to go back to the state after that edit."
            )
        )
        note.setWordWrap(True)
        self.view = QUndoView(stack)
        self.view.setEmptyLabel("Before any edit")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
