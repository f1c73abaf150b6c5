"""People as a checkable list model, and a proxy that filters them by name or alias.

The model only holds what `Store.people()` returned (loaded off the GUI thread by the panel)
plus the set of checked ids; it knows nothing about the filter, so the panel decides what a
check means. Matching uses the store's own `name_key`, so "napoleon" finds "Napoléon".
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap

from timeline_desktop.domain.model import Person
from timeline_desktop.store.names import name_key
from timeline_desktop.ui.colors import person_color
from timeline_desktop.ui.models.safe_text import tooltip

PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # int
EVENT_COUNT_ROLE = Qt.ItemDataRole.UserRole + 2  # int
SEARCH_KEY_ROLE = Qt.ItemDataRole.UserRole + 3  # folded name and aliases, newline separated
NAME_KEY_ROLE = Qt.ItemDataRole.UserRole + 4  # folded canonical name, for sorting

_Index = QModelIndex | QPersistentModelIndex


class PeopleListModel(QAbstractListModel):
    """Everyone in the store; the user checks people to filter events by them.

    `sig_checked_changed(tuple)` carries the checked person ids (in the order they were
    checked) whenever the *user* checks or unchecks one; `set_checked` stays silent, so the
    panel can mirror the shared filter without echoing it back.
    """

    sig_checked_changed = Signal(tuple)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._people: list[Person] = []
        self._keys: list[str] = []
        self._row_of: dict[int, int] = {}
        self._checked: dict[int, None] = {}  # ordered set of person ids
        self._icons: dict[int, QIcon] = {}

    # --- public API ---------------------------------------------------------------------------

    def set_people(self, people: list[Person]) -> None:
        """Replace the list; checks of people that still exist are kept."""
        self.beginResetModel()
        self._people = list(people)
        self._keys = [
            "\n".join(dict.fromkeys(name_key(n) for n in (p.name, *p.aliases))) for p in people
        ]
        self._row_of = {p.id: row for row, p in enumerate(self._people)}
        self._checked = {pid: None for pid in self._checked if pid in self._row_of}
        self.endResetModel()

    def people(self) -> list[Person]:
        return list(self._people)

    def person(self, person_id: int) -> Person | None:
        row = self._row_of.get(person_id)
        return None if row is None else self._people[row]

    def person_at(self, row: int) -> Person:
        return self._people[row]

    def row_of(self, person_id: int) -> int | None:
        return self._row_of.get(person_id)

    def checked_ids(self) -> tuple[int, ...]:
        return tuple(self._checked)

    def checked_names(self) -> tuple[str, ...]:
        return tuple(self._people[self._row_of[pid]].name for pid in self._checked)

    def set_checked(self, person_ids: tuple[int, ...] | list[int]) -> None:
        """Check exactly these people, without emitting `sig_checked_changed`."""
        wanted = {int(pid): None for pid in person_ids if int(pid) in self._row_of}
        changed = set(wanted).symmetric_difference(self._checked)
        self._checked = wanted
        for pid in changed:
            index = self.index(self._row_of[pid])
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])

    def ids_matching_names(self, names: tuple[str, ...] | list[str]) -> list[int]:
        """Ids of people whose name or alias is one of `names` (as the store's filter does)."""
        wanted = {name_key(n) for n in names}
        return [
            p.id
            for p, keys in zip(self._people, self._keys, strict=True)
            if wanted.intersection(keys.split("\n"))
        ]

    # --- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._people)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag
        return f.ItemIsEnabled | f.ItemIsSelectable | f.ItemIsUserCheckable | f.ItemNeverHasChildren

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._people):
            return None
        person = self._people[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return person.name
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = person.id in self._checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(person.id)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(_tooltip(person))
        if role == Qt.ItemDataRole.ForegroundRole and person.event_count == 0:
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == PERSON_ID_ROLE:
            return person.id
        if role == EVENT_COUNT_ROLE:
            return person.event_count
        if role == SEARCH_KEY_ROLE:
            return self._keys[index.row()]
        if role == NAME_KEY_ROLE:
            return self._keys[index.row()].split("\n", 1)[0]
        return None

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        pid = self._people[index.row()].id
        checked = Qt.CheckState(value) == Qt.CheckState.Checked  # type: ignore[call-overload]
        if checked == (pid in self._checked):
            return True
        if checked:
            self._checked[pid] = None
        else:
            del self._checked[pid]
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.sig_checked_changed.emit(self.checked_ids())
        return True

    def _icon(self, person_id: int) -> QIcon:
        icon = self._icons.get(person_id)
        if icon is None:
            icon = self._icons[person_id] = QIcon(swatch(person_color(person_id), 12))
        return icon


def swatch(color: QColor, size: int = 12) -> QPixmap:
    """A round colour dot for list items (a person's colour)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(color.darker(130))
    painter.setBrush(color)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return pixmap


def _tooltip(person: Person) -> str:
    n = person.event_count
    lines = [person.name, f"{n} event{'s' * (n != 1)}"]
    if person.aliases:
        lines.append("Also known as: " + ", ".join(person.aliases))
    return "\n".join(lines)


class PeopleFilterProxy(QSortFilterProxyModel):
    """Shows the people whose name or any alias contains the typed text (accent-blind).

    People with no events are hidden unless asked for (they are mostly names mentioned in
    passing), but a checked one always shows, so a filter is never invisible.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self._hide_empty = True
        self.setSortRole(NAME_KEY_ROLE)

    @property
    def query(self) -> str:
        return self._query

    def set_query(self, text: str) -> None:
        query = name_key(text)
        if query != self._query:
            self.beginFilterChange()
            self._query = query
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def hides_empty(self) -> bool:
        return self._hide_empty

    def set_hide_empty(self, hide: bool) -> None:
        if hide != self._hide_empty:
            self.beginFilterChange()
            self._hide_empty = hide
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort_by_events(self, by_events: bool) -> None:
        """Most frequent people first, or alphabetical."""
        if by_events:
            self.setSortRole(EVENT_COUNT_ROLE)
            self.sort(0, Qt.SortOrder.DescendingOrder)
        else:
            self.setSortRole(NAME_KEY_ROLE)
            self.sort(0, Qt.SortOrder.AscendingOrder)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if (
            self._hide_empty
            and not index.data(EVENT_COUNT_ROLE)
            and index.data(Qt.ItemDataRole.CheckStateRole) != Qt.CheckState.Checked
        ):
            return False
        if not self._query:
            return True
        keys = model.data(index, SEARCH_KEY_ROLE)
        return bool(keys) and self._query in keys

    def lessThan(self, left: _Index, right: _Index) -> bool:
        a, b = left.data(self.sortRole()), right.data(self.sortRole())
        if a == b:  # ties (equal counts) alphabetically, whichever way we sort
            ka, kb = left.data(NAME_KEY_ROLE), right.data(NAME_KEY_ROLE)
            return (ka > kb) if self.sortOrder() == Qt.SortOrder.DescendingOrder else (ka < kb)
        return a < b
