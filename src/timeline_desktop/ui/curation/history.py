"""The app's undo stack over the core's persistent edit history.

The database is the truth: every edit is recorded there (`store.curation`), so undo works
after a restart and from the command line. The `QUndoStack` mirrors that history, one
`StoredEdit` per recorded edit, which gives the Edit menu its "Undo renamed …" texts, the
clean state and a history view. Edits, undos and redos run on the one write thread, in order;
each undo names the edit it means, so if another window or a script edited in between, the
core refuses and the stack is rebuilt from the database instead of undoing the wrong thing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from timeline_desktop.curation_cli import history_time
from timeline_desktop.domain.model import HistoryEntry
from timeline_desktop.failures import explain
from timeline_desktop.store.curation import Curation
from timeline_desktop.ui.state import AppState
from timeline_desktop.ui.tasks import run_write


class StoredEdit(QUndoCommand):
    """One recorded edit. Pushed after the edit is in the database, so the first redo() that
    QUndoStack.push() calls does nothing; later ones ask the core to redo it."""

    def __init__(self, history: EditHistory, entry: HistoryEntry) -> None:
        # before the newline: the history view's line; after it: the Undo/Redo menu text
        super().__init__(f"{history_time(entry)}  {entry.description}\n{entry.description}")
        self.entry = entry
        self._history = history
        self._quiet = True

    def redo(self) -> None:
        if self._quiet:
            self._quiet = False
            return
        self._history._step(self.entry.id, redo=True)

    def undo(self) -> None:
        if self._quiet:  # only while the stack is rebuilt from the database
            self._quiet = False
            return
        self._history._step(self.entry.id, redo=False)

    def hush(self) -> None:
        self._quiet = True


class EditHistory(QObject):
    """Runs edits and keeps the undo stack in step with the database's history."""

    sig_failed = Signal(str)  # one sentence for the user
    sig_done = Signal(str)  # what was just done, undone or redone (for the status bar)

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(0)  # no limit: the database keeps every edit anyway
        self._busy = 0
        state.sig_store_changed.connect(lambda _store: self.sync())
        self.sync()

    # --- edits ---------------------------------------------------------------------------------

    def perform(
        self,
        fn: Callable[[Curation], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run `fn(store.curation)` on the write thread; record it on the stack when done.

        A failure goes to `on_error` when given, else to `sig_failed`.
        """
        store = self.state.store
        self._busy += 1

        def work() -> tuple[Any, HistoryEntry | None]:
            result = fn(store.curation)
            return result, store.curation.next_undo()

        def done(pair: tuple[Any, HistoryEntry | None]) -> None:
            self._busy -= 1
            if not shiboken6.isValid(self) or store is not self.state.store:
                return
            result, entry = pair
            if entry is not None and entry.id not in self._entry_ids():
                self.stack.push(StoredEdit(self, entry))
                self.sig_done.emit(entry.description)
            self.state.notify_data_changed()
            if on_done is not None:
                on_done(result)

        def failed(exc: Exception) -> None:
            if on_error is None:
                self._failed(exc)
            else:
                self._busy -= 1
                on_error(exc)

        run_write(work, done, failed)

    def is_busy(self) -> bool:
        return self._busy > 0

    def _step(self, entry_id: int, redo: bool) -> None:
        store = self.state.store
        self._busy += 1

        def work() -> HistoryEntry | None:
            curation = store.curation
            return curation.redo(entry_id) if redo else curation.undo(entry_id)

        def done(entry: HistoryEntry | None) -> None:
            self._busy -= 1
            if not shiboken6.isValid(self) or store is not self.state.store:
                return
            if entry is not None:
                self.sig_done.emit(("Redid: " if redo else "Undid: ") + entry.description)
            self.state.notify_data_changed()

        run_write(work, done, self._failed_step)

    def _failed(self, exc: Exception) -> None:
        self._busy -= 1
        if shiboken6.isValid(self):
            self.sig_failed.emit(explain(exc))

    def _failed_step(self, exc: Exception) -> None:
        self._failed(exc)
        if shiboken6.isValid(self):
            self.sync()  # the stack no longer matches the database
            self.state.notify_data_changed()

    # --- mirroring the database ----------------------------------------------------------------

    def sync(self) -> None:
        """Rebuild the stack from the database's history (start, database switch, conflict)."""
        store = self.state.store

        def done(entries: list[HistoryEntry]) -> None:
            if shiboken6.isValid(self) and store is self.state.store:
                self._rebuild(entries)

        run_write(lambda: store.curation.history(), done, self._failed_sync)

    def _failed_sync(self, exc: Exception) -> None:
        if shiboken6.isValid(self):
            self.stack.clear()
            self.sig_failed.emit(f"The edit history could not be read: {explain(exc)}")

    def _rebuild(self, entries: list[HistoryEntry]) -> None:
        self.stack.clear()
        done = [e for e in entries if not e.undone]
        undone = [e for e in entries if e.undone]
        commands = []
        for entry in [*done, *undone]:
            command = StoredEdit(self, entry)
            self.stack.push(command)
            commands.append(command)
        for command in commands[len(done) :]:
            command.hush()
        self.stack.setIndex(len(done))
        self.stack.setClean()

    def _entry_ids(self) -> set[int]:
        return {
            command.entry.id
            for i in range(self.stack.count())
            if isinstance(command := self.stack.command(i), StoredEdit)
        }
