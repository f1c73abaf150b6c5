"""Importing files from the GUI: a worker thread, a progress dialog with Cancel, a report.

The pipeline itself is plain Python (`ingest.pipeline`); this module only runs it on a
QThread and relays its progress callback to the GUI thread through a signal.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from timeline_desktop.ingest.demo import import_demo_if_empty
from timeline_desktop.ingest.pipeline import FileStatus, ImportReport, import_paths
from timeline_desktop.store.repository import Store


class ImportWorker(QObject):
    """Runs one import on its own thread; `cancel()` takes effect between files."""

    sig_progress = Signal(int, int, str)
    sig_finished = Signal(object)  # ImportReport | None

    def __init__(self, store: Store, paths: Sequence[str | Path] | None) -> None:
        super().__init__()
        self._store = store
        self._paths = list(paths) if paths is not None else None
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    @Slot()
    def run(self) -> None:
        if self._paths is None:
            report = import_demo_if_empty(
                self._store, progress=self.sig_progress.emit, cancelled=self._cancelled
            )
        else:
            report = import_paths(
                self._store,
                self._paths,
                progress=self.sig_progress.emit,
                cancelled=self._cancelled,
            )
        self.sig_finished.emit(report)

    def _cancelled(self) -> bool:
        return self._cancel


class ImportProgressDialog(QProgressDialog):
    """Progress of an import; its slot runs on the GUI thread because the dialog lives there."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Preparing the import…", "Cancel", 0, 0, parent)
        self.setWindowTitle("Importing sources")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(400)
        self.setMinimumWidth(420)
        self.setAutoReset(False)
        self.setAutoClose(False)

    @Slot(int, int, str)
    def show_progress(self, done: int, total: int, name: str) -> None:
        self.setMaximum(max(total, 1))
        self.setValue(done)
        self.setLabelText(f"Importing {name} ({done + 1} of {total})…" if name else "Finishing…")


class ImportJob(QObject):
    """One import in the background: owns the thread, the worker and the dialog."""

    sig_done = Signal(object)  # ImportReport | None

    def __init__(
        self,
        store: Store,
        paths: Sequence[str | Path] | None,
        parent: QWidget | None = None,
        show_dialog: bool = True,
    ) -> None:
        super().__init__(parent)
        self.thread = QThread(self)
        self.worker = ImportWorker(store, paths)
        self.worker.moveToThread(self.thread)
        self.dialog = ImportProgressDialog(parent) if show_dialog else None
        self.thread.started.connect(self.worker.run)
        self.worker.sig_finished.connect(self._finished)
        if self.dialog is not None:
            self.worker.sig_progress.connect(self.dialog.show_progress)
            # cancel() only sets a flag, so calling it directly from the GUI thread is safe
            self.dialog.canceled.connect(self.worker.cancel, Qt.ConnectionType.DirectConnection)

    def start(self) -> None:
        self.thread.start()

    def is_running(self) -> bool:
        return self.thread.isRunning()

    @Slot(object)
    def _finished(self, report: ImportReport | None) -> None:
        self.thread.quit()
        self.thread.wait()
        if self.dialog is not None:
            self.dialog.close()
        self.sig_done.emit(report)


def report_text(report: ImportReport) -> str:
    """A short summary of an import, naming every file that failed and why."""
    lines = [
        f"{report.count(FileStatus.IMPORTED)} imported, "
        + (f"{n} updated to a new version, " if (n := report.count(FileStatus.UPDATED)) else "")
        + f"{report.count(FileStatus.DUPLICATE)} already stored, {len(report.failed)} failed; "
        f"{report.events_added} new events, {report.people_added} new people."
    ]
    if report.cancelled:
        lines.append("The import was cancelled; files imported before that are kept.")
    for failed in report.failed:
        lines.append(f"• {failed.error}")
    for warned in report.warned:
        lines.extend(f"• {Path(warned.path).name}: {w}" for w in warned.warnings)
    return "\n".join(lines)


def show_report(parent: QWidget | None, report: ImportReport) -> None:
    if report.failed or report.warned:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Import finished with problems" if report.failed else "Import finished with warnings",
            report_text(report),
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setDetailedText("\n".join(f"{f.path}\n    {f.error}" for f in report.failed))
        box.open()
