"""Curation in the app: the actions, context menus and dialogs that correct the timeline.

Views only ask ("edit event 8", "attach this passage"); this controller opens the dialog,
turns the answer into one core operation (`store.curation`) and runs it through the
`EditHistory`, so every correction is undoable and recorded. Reading an event or proposing
one for a passage happens off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QWidget

from timeline_desktop.domain.model import Event, Person, Stance
from timeline_desktop.failures import explain
from timeline_desktop.ingest.propose import Proposal, propose
from timeline_desktop.ingest.reextract import ReextractReport, reextract
from timeline_desktop.paths import APP_NAME
from timeline_desktop.store.curation import UNSET, Passage
from timeline_desktop.ui.curation.dialogs import (
    HistoryDialog,
    MergeDialog,
    NotPeopleDialog,
    SplitDialog,
)
from timeline_desktop.ui.curation.editor import EventEditorDialog, EventValues
from timeline_desktop.ui.curation.history import EditHistory
from timeline_desktop.ui.jobs import Job
from timeline_desktop.ui.state import AppState
from timeline_desktop.ui.tasks import run_task

STANCE_MENU = (
    (Stance.SUPPORTS, "Supporting"),
    (Stance.CONTRADICTS, "Contradicting"),
    (Stance.MENTIONS, "Only Mentioning"),
)


class CurationController(QObject):
    """Owns the curation actions of one main window (see the module docstring)."""

    sig_message = Signal(str)  # a short note for the status bar

    def __init__(self, state: AppState, window: QWidget) -> None:
        super().__init__(window)
        self.state = state
        self.window = window
        self.history = EditHistory(state, self)
        self.history.sig_failed.connect(self._show_failure)
        self.history.sig_done.connect(self.sig_message)
        self._job: Job | None = None
        self._people: list[Person] = []  # for name completion, refreshed when a dialog opens
        self._build_actions()
        state.sig_selection_changed.connect(self._update_actions)
        state.sig_filter_changed.connect(self._update_actions)
        self._update_actions()

    # --- actions ------------------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], None], shortcut: Any = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: slot())
        self.window.addAction(action)  # shortcuts work wherever the focus is in the window
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.act_undo = self.history.stack.createUndoAction(self.window, "&Undo")
        self.act_undo.setShortcut(keys.Undo)
        self.act_redo = self.history.stack.createRedoAction(self.window, "&Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(keys.Redo)])
        self.act_new = self._action("&New Event…", self.new_event, "Ctrl+Shift+N")
        self.act_edit = self._action("&Edit Event…", self.edit_selected, "F2")
        self.act_reject = self._action("&Reject Event", self.reject_selected, keys.Delete)
        self.act_restore = self._action("Re&store Event", self.restore_selected, "Ctrl+Shift+R")
        self.act_merge = self._action("&Merge Events…", self.merge_selected, "Ctrl+M")
        self.act_split = self._action("S&plit Event…", self.split_selected)
        self.act_history = self._action("Edit &History…", self.show_history, "Ctrl+H")
        self.act_not_people = self._action("Names Marked &Not a Person…", self.show_not_people)
        self.act_reextract = self._action("&Re-extract All Sources…", self.reextract_all)
        self.act_rejected_view = QAction("&Rejected Events", self.window, checkable=True)
        self.act_rejected_view.setToolTip("Show only the events you rejected, to restore them")
        self.act_rejected_view.toggled.connect(self.state.set_rejected_view)
        self.state.sig_filter_changed.connect(
            lambda flt: self.act_rejected_view.setChecked(flt.rejected)
        )

    def edit_actions(self) -> list[QAction | None]:
        """The Edit menu's curation part (None is a separator)."""
        return [
            self.act_undo,
            self.act_redo,
            self.act_history,
            None,
            self.act_new,
            self.act_edit,
            self.act_merge,
            self.act_split,
            self.act_reject,
            self.act_restore,
            None,
            self.act_not_people,
        ]

    def _update_actions(self, *_: object) -> None:
        n = len(self.state.selection)
        in_rejected = self.state.filter.rejected
        self.act_edit.setEnabled(n >= 1)
        self.act_reject.setEnabled(n >= 1 and not in_rejected)
        self.act_restore.setEnabled(n >= 1 and in_rejected)
        self.act_merge.setEnabled(n >= 2 and not in_rejected)
        self.act_split.setEnabled(n == 1 and not in_rejected)
        self.act_reject.setText("&Reject Events" if n > 1 else "&Reject Event")
        self.act_restore.setText("Re&store Events" if n > 1 else "Re&store Event")

    def event_menu(self, parent: QWidget, event_ids: Sequence[int]) -> QMenu:
        """The right-click menu for events (on the timeline or in the list)."""
        if event_ids and event_ids[0] not in self.state.selection:
            self.state.select(list(event_ids))
        menu = QMenu(parent)
        menu.addAction(self.act_edit)
        if self.state.filter.rejected:
            menu.addAction(self.act_restore)
        else:
            menu.addActions([self.act_merge, self.act_split, self.act_reject])
        menu.addSeparator()
        menu.addAction(self.act_new)
        return menu

    # --- events -------------------------------------------------------------------------------

    def _people_names(self) -> list[str]:
        names: list[str] = []
        for p in self._people:
            names.append(p.name)
            names.extend(p.aliases)
        return names

    def _with_people(self, then: Callable[[], None]) -> None:
        """Load the people (for name completion) off the GUI thread, then continue."""
        store = self.state.store

        def done(people: list[Person]) -> None:
            if shiboken6.isValid(self):
                self._people = people
                then()

        run_task(store.people, done, self._task_failed)

    def edit_selected(self) -> None:
        if self.state.selection:
            self.edit_event(self.state.selection[0])

    def edit_event(self, event_id: int) -> None:
        """Open the editor for an event (double-click on the timeline or in the list)."""
        store = self.state.store

        def loaded(event: Event | None) -> None:
            if event is None or not shiboken6.isValid(self):
                return
            self._with_people(lambda: self._open_editor(event))

        run_task(lambda: _event_or_none(store, event_id), loaded, self._task_failed)

    def _open_editor(self, event: Event) -> None:
        dialog = EventEditorDialog(self.window, self._people_names(), event)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        v = dialog.values()
        self.history.perform(
            lambda c: c.edit_event(
                event.id,
                title=v.title,
                summary=v.summary,
                start=v.start,
                end=v.end,
                people=v.people,
                places=v.places,
            )
        )

    def new_event(self) -> None:
        """A blank event (no evidence yet); starts where the user is looking."""
        self._with_people(self._open_new)

    def _open_new(self) -> None:
        dialog = EventEditorDialog(self.window, self._people_names())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._add(dialog.values(), ())

    def new_event_from_passage(self, source_id: int, start: int, end: int) -> None:
        """Ask the extractor what the passage says, then let the user confirm or edit it."""
        store = self.state.store
        self.sig_message.emit("Reading the passage…")

        def work() -> tuple[Proposal, str, list[Person]]:
            proposal = propose(store, source_id, start, end)
            return proposal, store.source(source_id).text[start:end], store.people()

        def done(result: tuple[Proposal, str, list[Person]]) -> None:
            if not shiboken6.isValid(self):
                return
            proposal, quote, people = result
            self._people = people
            dialog = EventEditorDialog(
                self.window,
                self._people_names(),
                title=proposal.title,
                start=proposal.start,
                end=proposal.end,
                names=proposal.people,
                places=proposal.places,
                passage=quote,
                stance=proposal.stance,
                window_title="New event from selection",
            )
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            v = dialog.values()
            stated = proposal.date_as_stated or v.start.to_iso()
            self._add(v, [Passage(source_id, start, end, v.stance, stated)])

        run_task(work, done, self._task_failed)

    def _add(self, v: EventValues, passages: Sequence[Passage]) -> None:
        def added(new_id: int) -> None:
            self.state.select([new_id])

        self.history.perform(
            lambda c: c.add_event(v.title, v.start, v.end, v.summary, v.people, v.places, passages),
            added,
        )

    def reject_selected(self) -> None:
        ids = list(self.state.selection)
        if ids and not self.state.filter.rejected:
            self.state.select([])
            self.history.perform(lambda c: c.reject(ids))

    def restore_selected(self) -> None:
        ids = list(self.state.selection)
        if ids and self.state.filter.rejected:
            self.state.select([])
            self.history.perform(lambda c: c.restore(ids))

    def merge_selected(self) -> None:
        ids = list(self.state.selection)
        if len(ids) < 2:
            return
        store = self.state.store

        def loaded(events: list[Event]) -> None:
            if not shiboken6.isValid(self) or len(events) < 2:
                return
            dialog = MergeDialog(self.window, events)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            title, dated = dialog.title(), dialog.date_event()
            keep = events[0].id
            self.history.perform(
                lambda c: c.merge(
                    [e.id for e in events], keep=keep, title=title, start=dated.start, end=dated.end
                ),
                lambda survivor: self.state.select([survivor]),
            )

        run_task(lambda: store.events_by_id(ids), loaded, self._task_failed)

    def split_selected(self) -> None:
        if len(self.state.selection) != 1:
            return
        store, event_id = self.state.store, self.state.selection[0]

        def loaded(result: tuple[Event, dict[int, str]] | None) -> None:
            if result is None or not shiboken6.isValid(self):
                return
            event, titles = result
            if len(event.evidence) < 2:
                QMessageBox.information(
                    self.window,
                    APP_NAME,
                    "This event has only one passage. To make another event from a passage, "
                    "select its text in a source and choose “New Event from Selection”.",
                )
                return
            dialog = SplitDialog(self.window, event, titles)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.split_off(event_id, dialog.checked())

        def load() -> tuple[Event, dict[int, str]] | None:
            event = _event_or_none(store, event_id)
            if event is None:
                return None
            return event, {s.id: s.title or s.file_name for s in store.sources(with_text=False)}

        run_task(load, loaded, self._task_failed)

    def split_off(self, event_id: int, evidence_ids: Sequence[int]) -> None:
        """Move passages to a new event, titled and dated as the extractor reads the first."""
        store = self.state.store
        ids = list(evidence_ids)

        def work(c) -> int:
            event = store.event(event_id)
            first = next(e for e in event.evidence if e.id == ids[0])
            proposal = propose(store, first.source_id, first.start, first.end)
            return c.split(
                event_id,
                ids,
                title=proposal.title,
                start=proposal.start,
                end=proposal.end if proposal.start is not None else UNSET,
                people=proposal.people or None,
            )

        def done(new_id: int) -> None:
            self.state.select([new_id])
            self.sig_message.emit(f"Split off as event {new_id}: check its title and date")
            self.edit_event(new_id)

        self.history.perform(work, done)

    # --- evidence -----------------------------------------------------------------------------

    def attach_passage(
        self, event_id: int, source_id: int, start: int, end: int, stance: Stance
    ) -> None:
        self.history.perform(lambda c: c.attach(event_id, Passage(source_id, start, end, stance)))

    def detach_evidence(self, evidence_id: int) -> None:
        self.history.perform(lambda c: c.detach(evidence_id))

    def set_stance(self, evidence_id: int, stance: Stance) -> None:
        self.history.perform(lambda c: c.set_stance(evidence_id, stance))

    # --- people -------------------------------------------------------------------------------

    def show_not_people(self) -> None:
        store = self.state.store

        def loaded(people: list[Person]) -> None:
            if not shiboken6.isValid(self):
                return
            dialog = NotPeopleDialog(self.window, people)
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen() is not None:
                pid = dialog.chosen()
                self.history.perform(lambda c: c.set_not_person(pid, False))

        run_task(lambda: store.people(not_people=True), loaded, self._task_failed)

    # --- history and re-extraction ------------------------------------------------------------

    def show_history(self) -> None:
        HistoryDialog(self.window, self.history.stack).exec()

    def reextract_all(self) -> None:
        if self._job is not None and self._job.is_running():
            return
        answer = QMessageBox.question(
            self.window,
            "Re-extract all sources",
            "Read every stored source again with the current extractor?\n\n"
            "Events you edited, made, merged, split or rejected and people you corrected "
            "are kept; the other events are replaced by what the extractor finds now.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        store = self.state.store
        job = Job(
            lambda progress, cancelled: reextract(store, progress=progress, cancelled=cancelled),
            "Re-extracting sources",
            "Re-extracting",
            self.window,
        )
        job.sig_done.connect(self._reextract_done)
        self._job = job
        job.start()

    def is_busy(self) -> bool:
        return self.history.is_busy() or (self._job is not None and self._job.is_running())

    def shutdown(self) -> None:
        if self._job is not None and self._job.is_running():
            self._job.cancel_and_wait()

    def _reextract_done(self, report: ReextractReport | None, error: str) -> None:
        self._job = None
        self.state.notify_data_changed()
        if error:
            self._show_failure(f"Re-extraction failed: {error}")
            return
        assert report is not None
        text = (
            f"Re-extracted {report.sources} sources: {report.events_added} new events, "
            f"{report.events_corroborated} passages joined existing events."
        )
        if report.cancelled:
            text += " Cancelled: the sources done before that keep their new events."
        self.sig_message.emit(text)
        if report.failed:
            QMessageBox.warning(
                self.window,
                "Re-extraction finished with problems",
                text + "\n\n" + "\n".join(f"• {reason}" for _, reason in report.failed),
            )

    # --- failures -----------------------------------------------------------------------------

    def _show_failure(self, message: str) -> None:
        if shiboken6.isValid(self.window):
            QMessageBox.warning(self.window, APP_NAME, message)

    def _task_failed(self, exc: Exception) -> None:
        self._show_failure(explain(exc))


def _event_or_none(store, event_id: int) -> Event | None:
    try:
        return store.event(event_id)
    except KeyError:
        return None
