"""The event editor: title, dates (read as typed, with a live preview), people, places,
summary, and for a new event from a selection the passage and its stance.

The dialog only collects values; the caller turns them into one core edit. Dates are read
with the same `parse_date` as the command line, so whatever a user can type here ("c. 1350",
"late 1920s", "15 March 44 BC", "1953-09-13") means the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from timeline_desktop.domain.dates import DateParseError, HistDate, parse_date
from timeline_desktop.domain.model import Event, Stance
from timeline_desktop.ui import colors
from timeline_desktop.ui.panes._style import FlowLayout, muted

STANCE_LABELS = {
    Stance.SUPPORTS: "supports the event",
    Stance.CONTRADICTS: "contradicts it (gives another date)",
    Stance.MENTIONS: "only mentions it",
}


def describe_date(date: HistDate) -> str:
    """How a typed date was understood: "13 September 1953 (day)", "late 1920s (decade)"."""
    word = date.precision.name.lower()
    if date.approximate:
        word += ", approximate"
    return f"{date.label()} ({word})"


class DateField(QWidget):
    """A line edit for a date with a live preview of how it is read, or why it is not."""

    sig_changed = Signal()

    def __init__(self, optional: bool, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.optional = optional
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.preview = muted(QLabel())
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.preview)
        self.edit.textChanged.connect(self._update)
        self._update()

    def set_date(self, date: HistDate | None) -> None:
        self.edit.setText(date.label() if date is not None else "")

    def text(self) -> str:
        return self.edit.text().strip()

    def value(self) -> HistDate | None:
        """The date typed (None when empty or unreadable)."""
        try:
            return parse_date(self.text()) if self.text() else None
        except DateParseError:
            return None

    def is_valid(self) -> bool:
        return self.value() is not None or (self.optional and not self.text())

    def _update(self) -> None:
        text = self.text()
        if not text:
            self.preview.setText("" if self.optional else "Type a date, e.g. 13 September 1953")
            self.preview.setStyleSheet("")
        elif (date := self.value()) is not None:
            self.preview.setText(describe_date(date))
            self.preview.setStyleSheet("")
        else:
            self.preview.setText(
                "Not a date this can read. Try “1953-09-13”, “September 1953”, “c. 1350”, "
                "“late 1920s” or “44 BC”."
            )
            self.preview.setStyleSheet(f"color: {colors.CONTRADICTS};")
        self.sig_changed.emit()


class _NameInput(QLineEdit):
    """Enter adds the typed name and stops there (it must not also press the dialog's Save)."""

    sig_enter = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            self.sig_enter.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class NameListEdit(QWidget):
    """Names as removable buttons, plus a field (with completion) that adds one on Enter."""

    sig_changed = Signal()

    def __init__(
        self, suggestions: Sequence[str], placeholder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._names: list[str] = []
        self._flow = FlowLayout(spacing=4)
        holder = QWidget()
        holder.setLayout(self._flow)
        self.input = _NameInput()
        self.input.setPlaceholderText(placeholder)
        completer = QCompleter(QStringListModel(sorted(set(suggestions))), self.input)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.input.setCompleter(completer)
        self.input.sig_enter.connect(self.add_typed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(holder)
        layout.addWidget(self.input)

    def names(self) -> list[str]:
        return list(self._names)

    def set_names(self, names: Sequence[str]) -> None:
        self._names = []
        self._refresh()
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        name = " ".join(name.split())
        if name and name.casefold() not in {n.casefold() for n in self._names}:
            self._names.append(name)
            self._refresh()
            self.sig_changed.emit()

    def remove(self, name: str) -> None:
        if name in self._names:
            self._names.remove(name)
            self._refresh()
            self.sig_changed.emit()

    def add_typed(self) -> None:
        for part in self.input.text().split(";"):
            self.add(part)
        self.input.clear()

    def buttons(self) -> list[QToolButton]:
        found = []
        for i in range(self._flow.count()):
            item = self._flow.itemAt(i)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QToolButton):
                found.append(widget)
        return found

    def _refresh(self) -> None:
        while self._flow.count():
            item = self._flow.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        for name in self._names:
            button = QToolButton()
            button.setText(f"{name}  ✕")
            button.setToolTip(f"Remove {name}")
            button.setAccessibleName(f"Remove {name}")
            button.clicked.connect(lambda _=False, n=name: self.remove(n))
            self._flow.addWidget(button)
            button.show()
        self._flow.invalidate()


@dataclass(frozen=True, slots=True)
class EventValues:
    """What the user entered."""

    title: str
    start: HistDate
    end: HistDate | None
    people: list[str]
    places: list[str]
    summary: str
    stance: Stance = Stance.SUPPORTS


class EventEditorDialog(QDialog):
    """Edit an event, or make one (blank, or from a passage the user selected)."""

    def __init__(
        self,
        parent: QWidget | None,
        people: Sequence[str],
        event: Event | None = None,
        *,
        title: str = "",
        start: HistDate | None = None,
        end: HistDate | None = None,
        names: Sequence[str] = (),
        places: Sequence[str] = (),
        passage: str | None = None,
        stance: Stance = Stance.SUPPORTS,
        window_title: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(window_title or ("Edit event" if event else "New event"))
        self.setMinimumWidth(520)
        self.event = event
        if event is not None:
            title, start, end = event.title, event.start, event.end
            names, places = event.people, event.places

        self.title_edit = QLineEdit(title)
        self.title_edit.setPlaceholderText("Who did what, e.g. “Khrushchev denounces Stalin”")
        self.start_field = DateField(False, "e.g. 13 September 1953, c. 1350, 44 BC")
        self.start_field.set_date(start)
        self.end_field = DateField(True, "optional: the end of a period")
        self.end_field.set_date(end)
        self.people_edit = NameListEdit(people, "Add a person (Enter)")
        self.people_edit.set_names(names)
        self.places_edit = NameListEdit((), "Add a place (Enter)")
        self.places_edit.set_names(places)
        self.summary_edit = QPlainTextEdit(event.summary if event else "")
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Title", self.title_edit)
        form.addRow("&Date", self.start_field)
        form.addRow("&Until", self.end_field)
        form.addRow("&People", self.people_edit)
        form.addRow("P&laces", self.places_edit)
        form.addRow("&Summary", self.summary_edit)

        self.passage_view: QPlainTextEdit | None = None
        self.stance_box: QComboBox | None = None
        if passage is not None:
            self.passage_view = QPlainTextEdit(passage)
            self.passage_view.setReadOnly(True)
            self.passage_view.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
            self.passage_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.stance_box = QComboBox()
            for value, label in STANCE_LABELS.items():
                self.stance_box.addItem(label, value.value)
            self.stance_box.setCurrentIndex(list(STANCE_LABELS).index(stance))
            form.addRow("Evidence", self.passage_view)
            form.addRow("The passage", self.stance_box)

        self.note = muted(QLabel(_provenance_note(event)))
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)

        for signal in (self.title_edit.textChanged, self.start_field.sig_changed):
            signal.connect(self._update_ok)
        self.end_field.sig_changed.connect(self._update_ok)
        self._update_ok()
        self.title_edit.setFocus()

    def save_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def values(self) -> EventValues:
        start = self.start_field.value()
        assert start is not None
        stance = Stance.SUPPORTS
        if self.stance_box is not None:
            stance = Stance(self.stance_box.currentData())
        self.people_edit.add_typed()  # a name typed but not yet added still counts
        self.places_edit.add_typed()
        return EventValues(
            title=" ".join(self.title_edit.text().split()),
            start=start,
            end=self.end_field.value(),
            people=self.people_edit.names(),
            places=self.places_edit.names(),
            summary=self.summary_edit.toPlainText().strip(),
            stance=stance,
        )

    def _problem(self) -> str:
        if not self.title_edit.text().strip():
            return "An event needs a title."
        if not self.start_field.is_valid():
            return "The date cannot be read."
        if not self.end_field.is_valid():
            return "The end date cannot be read."
        start, end = self.start_field.value(), self.end_field.value()
        if start is not None and end is not None and end.latest_day() < start.earliest_day():
            return "The end is before the date."
        return ""

    def _update_ok(self) -> None:
        problem = self._problem()
        self.save_button().setEnabled(not problem)
        self.save_button().setToolTip(problem)

    def _accept(self) -> None:
        if not self._problem():
            self.accept()


def _provenance_note(event: Event | None) -> str:
    if event is None:
        return "Made by you: marked as a manual event, kept when sources are re-extracted."
    if event.origin == "manual":
        return "You made this event; re-extraction keeps it as it is."
    if event.origin == "edited":
        fields = ", ".join(event.edited_fields) or "it"
        return f"Found by the extractor and edited by you ({fields}); re-extraction keeps it."
    return "Found by the extractor. Saving a change marks it as edited; re-extraction keeps it."
