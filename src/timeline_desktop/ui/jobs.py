"""Long operations (import, re-extraction, export) on their own thread, with progress and Cancel.

The work is a plain function of two callables, `progress(done, total, label)` and
`cancelled()`, so the core (`ingest`, `export`) needs no Qt. `Job` runs it on a QThread, shows a
window-modal progress dialog whose Cancel only sets a flag (checked by the work between
files, sources or pages), and hands back on the GUI thread the result, or a one-sentence
error (the traceback of an unexpected one goes to the log).
Quick queries use `tasks.run_task` instead; user edits use `tasks.run_write`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from timeline_desktop.failures import explain

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
Work = Callable[[Progress, Cancelled], Any]


class _Worker(QObject):
    sig_progress = Signal(int, int, str)
    sig_finished = Signal(object, str)  # result, error sentence ("" when it worked)

    def __init__(self, work: Work) -> None:
        super().__init__()
        self._work = work
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    def cancelled(self) -> bool:
        return self._cancel

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(self.sig_progress.emit, self.cancelled)
        except OSError as exc:  # the file system said no: its message says where and why
            self.sig_finished.emit(None, explain(exc))
        except Exception as exc:  # a bug: the sentence for the user, the traceback logged
            log.exception("background job failed")
            self.sig_finished.emit(None, f"{explain(exc)} (details in the log file)")
        else:
            self.sig_finished.emit(result, "")


class Job(QObject):
    """One long operation: owns its thread, worker and progress dialog."""

    sig_done = Signal(object, str)  # result, error sentence ("" when it worked)

    def __init__(
        self,
        work: Work,
        title: str,
        verb: str,
        parent: QWidget | None = None,
        show_dialog: bool = True,
    ) -> None:
        super().__init__(parent)
        self._verb = verb
        self.thread = QThread(self)
        self.worker = _Worker(work)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.sig_finished.connect(self._finished)
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            dialog = QProgressDialog(f"{verb}…", "Cancel", 0, 0, parent)
            dialog.setWindowTitle(title)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(400)
            dialog.setMinimumWidth(420)
            dialog.setAutoReset(False)
            dialog.setAutoClose(False)
            self.worker.sig_progress.connect(self._show_progress)
            # cancel() only sets a flag, so calling it straight from the GUI thread is safe
            dialog.canceled.connect(self.worker.cancel, Qt.ConnectionType.DirectConnection)
            self.dialog = dialog

    def start(self) -> None:
        self.thread.start()

    def is_running(self) -> bool:
        return self.thread.isRunning()

    def cancel(self) -> None:
        self.worker.cancel()

    def cancel_and_wait(self) -> None:
        """For closing the window mid-job: ask it to stop and wait until it has."""
        self.worker.cancel()
        self.thread.quit()
        self.thread.wait()

    @Slot(int, int, str)
    def _show_progress(self, done: int, total: int, label: str) -> None:
        if self.dialog is None:
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(done)
        self.dialog.setLabelText(self.describe(done, total, label))

    def describe(self, done: int, total: int, label: str) -> str:
        """The progress dialog's line; jobs whose label is a whole sentence override it."""
        return f"{self._verb} {label} ({done + 1} of {total})…" if label else "Finishing…"

    @Slot(object, str)
    def _finished(self, result: object, error: str) -> None:
        self.thread.quit()
        self.thread.wait()
        if self.dialog is not None:
            self.dialog.close()
        self.sig_done.emit(result, error)
