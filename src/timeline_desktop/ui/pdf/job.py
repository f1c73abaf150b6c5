"""Writing a PDF dossier from the GUI: a background `Job` with progress and Cancel.

`write_pdf` is plain QtGui work, so it runs on the worker thread as it is (QPdfWriter,
QPainter and text layout are safe off the GUI thread; nothing it creates has a parent there).
The QGuiApplication already exists in the GUI, which `write_pdf` requires.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from timeline_desktop.domain.model import EventFilter
from timeline_desktop.store.repository import Store
from timeline_desktop.ui.jobs import Cancelled, Job, Progress
from timeline_desktop.ui.pdf.render import PdfCancelled, PdfStats, write_pdf


class PdfExportJob(Job):
    """One export; `sig_done(stats | None, error)`: None and "" when cancelled."""

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
        self.out = Path(out)

        def work(progress: Progress, cancelled: Cancelled) -> PdfStats | None:
            try:
                return write_pdf(
                    store,
                    self.out,
                    flt,
                    full_text=full_text,
                    page=page,
                    progress=progress,
                    cancelled=cancelled,
                )
            except PdfCancelled:
                return None

        super().__init__(work, "Exporting to PDF", "Exporting", parent, show_dialog)

    def describe(self, done: int, total: int, label: str) -> str:
        return label or "Preparing the dossier…"
