"""Importing files from the GUI: a background `Job` with progress and Cancel, then a report.

The pipeline itself is plain Python (`ingest.pipeline`); this module only runs it as a job and
words its report.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from timeline_desktop.ingest.demo import import_demo_if_empty
from timeline_desktop.ingest.pipeline import FileStatus, ImportReport, import_paths
from timeline_desktop.store.repository import Store
from timeline_desktop.ui.jobs import Cancelled, Job, Progress


class ImportJob(Job):
    """One import in the background (files and folders, or the demo corpus when `paths` is
    None and the store is empty); `sig_done(report | None, error)`."""

    def __init__(
        self,
        store: Store,
        paths: Sequence[str | Path] | None,
        parent: QWidget | None = None,
        show_dialog: bool = True,
    ) -> None:
        chosen = list(paths) if paths is not None else None

        def work(progress: Progress, cancelled: Cancelled) -> ImportReport | None:
            if chosen is None:
                return import_demo_if_empty(store, progress=progress, cancelled=cancelled)
            return import_paths(store, chosen, progress=progress, cancelled=cancelled)

        super().__init__(work, "Importing sources", "Importing", parent, show_dialog)


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
