"""Writing a PDF dossier from the GUI: a worker on a QThread, progress, Cancel.

`write_pdf` is plain QtGui work, so it runs on the worker thread as it is (QPdfWriter,
QPainter and text layout are safe off the GUI thread; nothing it creates has a parent there).
The QGuiApplication already exists in the GUI, which `write_pdf` requires.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from timeline_desktop.domain.model import EventFilter
from timeline_desktop.failures import explain
from timeline_desktop.store.repository import Store
from timeline_desktop.ui.pdf.render import PdfCancelled, write_pdf


class PdfExportWorker(QObject):
    """Runs one export; `cancel()` only sets a flag, checked between entries and pages."""

    sig_progress = Signal(int, int, str)
    sig_finished = Signal(object, str)  # PdfStats | None (cancelled or failed), error text

    def __init__(
        self, store: Store, out: Path, flt: EventFilter | None, full_text: bool, page: str
    ) -> None:
        super().__init__()
        self._args = (store, Path(out), flt, full_text, page)
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    def is_cancelled(self) -> bool:
        return self._cancel

    @Slot()
    def run(self) -> None:
        store, out, flt, full_text, page = self._args
        try:
            stats = write_pdf(
                store,
                out,
                flt,
                full_text=full_text,
                page=page,
                progress=self.sig_progress.emit,
                cancelled=self.is_cancelled,
            )
        except PdfCancelled:
            self.sig_finished.emit(None, "")
        except OSError as exc:  # a sentence that says where and why
            self.sig_finished.emit(None, explain(exc))
        except Exception as exc:  # a bug: reported on the GUI thread, the traceback logged
            logging.getLogger(__name__).exception("PDF export failed")
            self.sig_finished.emit(None, f"{explain(exc)} (details in the log file)")
        else:
            self.sig_finished.emit(stats, "")


class PdfExportJob(QObject):
    """One export in the background: owns the thread, the worker and the progress dialog."""

    sig_done = Signal(object, str)  # PdfStats | None, error text ("" if none)

    def __init__(
        self,
        store: Store,
        out: Path,
        flt: EventFilter | None,
        full_text: bool = False,
        page: str = "A4",
        parent: QWidget | None = None,
        show_dialog: bool = True,
    ) -> None:
        super().__init__(parent)
        self.out = Path(out)
        self.thread = QThread(self)
        self.worker = PdfExportWorker(store, self.out, flt, full_text, page)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.sig_finished.connect(self._finished)
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            dlg = QProgressDialog("Preparing the dossier…", "Cancel", 0, 1000, parent)
            dlg.setWindowTitle("Exporting to PDF")
            dlg.setWindowModality(Qt.WindowModality.WindowModal)
            dlg.setMinimumDuration(300)
            dlg.setMinimumWidth(420)
            dlg.setAutoReset(False)
            dlg.setAutoClose(False)
            self.worker.sig_progress.connect(self._show_progress)
            # cancel() only sets a flag, so calling it directly from the GUI thread is safe
            dlg.canceled.connect(self.worker.cancel, Qt.ConnectionType.DirectConnection)
            self.dialog = dlg

    def start(self) -> None:
        self.thread.start()

    def is_running(self) -> bool:
        return self.thread.isRunning()

    def cancel_and_wait(self) -> None:
        """For closing the window mid-export: stop soon, leave no partial file."""
        self.worker.cancel()
        self.thread.quit()
        self.thread.wait()

    @Slot(int, int, str)
    def _show_progress(self, done: int, total: int, label: str) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setValue(done)
            self.dialog.setLabelText(label)

    @Slot(object, str)
    def _finished(self, stats: object, error: str) -> None:
        self.thread.quit()
        self.thread.wait()
        if self.dialog is not None:
            self.dialog.close()
        self.sig_done.emit(stats, error)
