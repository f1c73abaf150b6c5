"""The toolbar search: matches highlighted among all events (or, on request, only matches
shown), next/previous match, and the sources whose text matches, opened at the match.

What the user typed is read as a phrase first ("secret speech" finds those two words side by
side) and as separate words when the phrase does not occur, the way a reader would search a
text by hand; the store's full-text index decides which events match (every word, as a
prefix, accents ignored).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMenu, QToolButton, QWidget

from timeline_desktop.domain.model import EventFilter, Source
from timeline_desktop.ui.state import AppState
from timeline_desktop.ui.tasks import TaskSlot

SEARCH_DELAY_MS = 250
MAX_HITS_PER_SOURCE = 500
MAX_SOURCES_LISTED = 30


# --- where a query occurs in a text ------------------------------------------------------------


def query_words(query: str) -> list[str]:
    return re.findall(r"\w+", query)


def _fold(text: str) -> tuple[str, list[int]]:
    """Text folded for matching (case and accents ignored), with each folded character's
    offset in the original, so a match maps back to the text as stored."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        folded = unicodedata.normalize("NFKD", ch)
        folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
        for c in folded or ch:
            out.append(c)
            where.append(i)
    return "".join(out), where


def find_all(text: str, query: str, limit: int = MAX_HITS_PER_SOURCE) -> list[tuple[int, int]]:
    """Spans of the query in the text: the whole phrase where it occurs (any spacing between
    its words), else each word. Case and accents do not matter."""
    words = query_words(query)
    if not words:
        return []
    folded, where = _fold(text)
    keys = [_fold(w)[0] for w in words]
    phrase = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, keys)))
    spans = _spans(phrase, folded, where, limit)
    if spans or len(words) == 1:
        return spans
    each = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, keys)) + ")")
    return _spans(each, folded, where, limit)


def _spans(
    pattern: re.Pattern[str], folded: str, where: list[int], limit: int
) -> list[tuple[int, int]]:
    spans = []
    for m in pattern.finditer(folded):
        if m.end() > m.start():
            spans.append((where[m.start()], where[m.end() - 1] + 1))
            if len(spans) >= limit:
                break
    return spans


def find_match(text: str, query: str) -> tuple[int, int]:
    """The first place the query occurs (see `find_all`), or (0, 0)."""
    spans = find_all(text, query, limit=1)
    return spans[0] if spans else (0, 0)


# --- the search bar ------------------------------------------------------------------------------


class SearchController(QObject):
    """Owns the search field, its actions and the current matches (see the module docstring).

    `sig_matches_changed(ids)` gives the matching event ids in chronological order (empty when
    there is no search); `sig_query_changed(text)` the words to highlight in source texts.
    """

    sig_matches_changed = Signal(object)
    sig_query_changed = Signal(str)
    sig_reveal = Signal(int)  # an event to bring into view (next/previous match)

    def __init__(self, state: AppState, window: QWidget, settings: QSettings) -> None:
        super().__init__(window)
        self.state = state
        self._settings = settings
        self.query = ""
        self.matches = np.empty(0, dtype=np.int64)
        self._matches_slot = TaskSlot()
        self._sources_slot = TaskSlot()

        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Search events and sources…  (F3: next match)")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMaximumWidth(360)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply)
        self.edit.textChanged.connect(lambda _: self._timer.start())
        self.edit.returnPressed.connect(self.apply)

        self.source_hits = QToolButton()
        self.source_hits.setText("In sources")
        self.source_hits.setToolTip("Sources whose text matches the search: open one at the match")
        self.source_hits.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.source_hits.setMenu(QMenu(self.source_hits))
        self.source_hits.setEnabled(False)

        self.act_find = QAction("&Find…", window)
        self.act_find.setShortcut(QKeySequence.StandardKey.Find)
        self.act_find.triggered.connect(self.focus)
        self.act_next = QAction("Next &Match", window)
        self.act_next.setShortcut(QKeySequence("F3"))
        self.act_next.triggered.connect(lambda: self.step(1))
        self.act_prev = QAction("Pre&vious Match", window)
        self.act_prev.setShortcut(QKeySequence("Shift+F3"))
        self.act_prev.triggered.connect(lambda: self.step(-1))
        self.act_filter = QAction("Show &Only Matches", window, checkable=True)
        self.act_filter.setToolTip(
            "On: the timeline and the list show only the events that match the search.\n"
            "Off: every event stays, the matches are highlighted."
        )
        self.act_filter.setChecked(bool(settings.value("search/filter", False, type=bool)))
        self.act_filter.toggled.connect(self._on_filter_toggled)
        for action in (self.act_find, self.act_next, self.act_prev):
            window.addAction(action)

        state.sig_data_changed.connect(self._refresh_matches)
        state.sig_filter_changed.connect(self._on_state_filter_changed)
        state.sig_store_changed.connect(lambda _store: self.clear())
        self._update_actions()

    # --- public API ----------------------------------------------------------------------------

    @property
    def filtering(self) -> bool:
        return self.act_filter.isChecked()

    def focus(self) -> None:
        self.edit.setFocus()
        self.edit.selectAll()

    def clear(self) -> None:
        self.edit.clear()
        self.apply()

    def apply(self) -> None:
        """Search for what the field holds now (also on Enter, without waiting)."""
        self._timer.stop()
        query = " ".join(self.edit.text().split())
        changed = query != self.query
        self.query = query
        self.state.set_search(query if self.filtering else "")
        if changed:
            self.sig_query_changed.emit(query)
        self._refresh_matches()
        self._refresh_sources()

    def step(self, direction: int) -> None:
        """Select the next (1) or previous (-1) match after the selected event, round."""
        ids = self.matches
        if not len(ids):
            return
        selection = self.state.selection
        positions = np.flatnonzero(ids == selection[0]) if selection else np.empty(0, int)
        if len(positions):
            index = (int(positions[0]) + direction) % len(ids)
        else:
            index = 0 if direction > 0 else len(ids) - 1
        event_id = int(ids[index])
        self.state.select([event_id])
        self.sig_reveal.emit(event_id)

    def open_source_at(self, source_id: int) -> None:
        """Show a source in the Evidence pane at the first place the search occurs."""
        store, query = self.state.store, self.query

        def find() -> tuple[int, int]:
            return find_match(store.source(source_id).text, query)

        self._sources_slot.run(
            find, lambda span: self.state.sig_source_requested.emit(source_id, *span)
        )

    # --- internals -----------------------------------------------------------------------------

    def _on_filter_toggled(self, on: bool) -> None:
        self._settings.setValue("search/filter", on)
        if self.query:
            self.apply()

    def _on_state_filter_changed(self, flt: EventFilter) -> None:
        if flt.search is None and self.filtering and self.query:
            # "Show all events" cleared the search: the field follows
            self.edit.blockSignals(True)
            self.edit.clear()
            self.edit.blockSignals(False)
            self.query = ""
            self.sig_query_changed.emit("")
            self._refresh_sources()
        self._refresh_matches()

    def _refresh_matches(self) -> None:
        query = self.query
        if not query:  # through the slot too, so an older search still running cannot win
            self._matches_slot.run(lambda: np.empty(0, dtype=np.int64), self._set_matches)
            return
        store, flt = self.state.store, replace(self.state.filter, search=query)

        def work() -> np.ndarray:
            try:
                return store.event_ids(flt)
            except LookupError:  # a person of the filter is gone: nothing matches
                return np.empty(0, dtype=np.int64)

        self._matches_slot.run(work, self._set_matches)

    def _set_matches(self, ids: np.ndarray) -> None:
        self.matches = ids
        self._update_actions()
        self.sig_matches_changed.emit(ids)

    def _update_actions(self) -> None:
        for action in (self.act_next, self.act_prev):
            action.setEnabled(len(self.matches) > 0)

    def _refresh_sources(self) -> None:
        query = self.query
        self.source_hits.setEnabled(False)
        if not query:  # through the slot, so an older search still running cannot win
            self._sources_slot.run(list, self._show_sources)
            return
        store = self.state.store
        self._sources_slot.run(
            lambda: store.search_sources(query), lambda found: self._show_sources(found)
        )

    def _show_sources(self, sources: list[Source]) -> None:
        menu = self.source_hits.menu()
        menu.clear()
        for source in sources[:MAX_SOURCES_LISTED]:
            action = menu.addAction(source.title or source.file_name)
            action.triggered.connect(lambda _=False, s=source.id: self.open_source_at(s))
        n = len(sources)
        self.source_hits.setText(f"In {n} source{'s' * (n != 1)}" if self.query else "In sources")
        self.source_hits.setEnabled(bool(sources))
