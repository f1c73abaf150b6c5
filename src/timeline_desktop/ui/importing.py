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


_SHOWN_PER_FILE = 20  # skipped rows shown in the message; the details list them all


def report_text(report: ImportReport) -> str:
    """A short summary of an import, naming every file that failed and why, the rows of
    structured files that were skipped, and the files a folder held that no reader takes."""
    skipped = f"; {report.rows_skipped:,} rows skipped" if report.rows_skipped else ""
    lines = [
        f"{report.count(FileStatus.IMPORTED)} imported, "
        + (f"{n} updated to a new version, " if (n := report.count(FileStatus.UPDATED)) else "")
        + f"{report.count(FileStatus.DUPLICATE)} already stored, {len(report.failed)} failed; "
        f"{report.events_added} new events, {report.people_added} new people{skipped}."
    ]
    if report.cancelled:
        lines.append("The import was cancelled; files imported before that are kept.")
    for failed in report.failed:
        lines.append(f"• {failed.error}")
    for f in report.files:
        shown = f.skipped[:_SHOWN_PER_FILE]
        lines.extend(f"• {f.name}: skipped {line}" for line in shown)
        if f.skipped_count > len(shown):
            lines.append(f"• {f.name}: … and {f.skipped_count - len(shown):,} more rows skipped")
    for warned in report.warned:
        lines.extend(f"• {Path(warned.path).name}: {w}" for w in warned.warnings[:_SHOWN_PER_FILE])
    if report.unsupported:
        names = ", ".join(f.name for f in report.unsupported[:10])
        more = f" and {len(report.unsupported) - 10} more" if len(report.unsupported) > 10 else ""
        lines.append(f"Not imported (no reader for their type): {names}{more}.")
    return "\n".join(lines)


def report_details(report: ImportReport) -> str:
    """Everything, for the dialog's details: failures, every skipped row, warnings."""
    lines = [f"{f.path}\n    {f.error}" for f in report.failed]
    for f in report.files:
        if f.skipped or f.warnings:
            lines.append(f.path)
            lines.extend(f"    skipped {line}" for line in f.skipped)
            if f.skipped_count > len(f.skipped):
                lines.append(f"    … and {f.skipped_count - len(f.skipped):,} more")
            lines.extend(f"    {w}" for w in f.warnings)
    lines.extend(f"{f.path}\n    unsupported file type" for f in report.unsupported)
    return "\n".join(lines)


def show_report(parent: QWidget | None, report: ImportReport) -> None:
    problems = report.failed or report.rows_skipped or report.unsupported
    if problems or report.warned:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Import finished with problems" if problems else "Import finished with warnings",
            report_text(report),
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setDetailedText(report_details(report))
        box.open()
