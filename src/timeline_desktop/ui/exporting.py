"""File > Export: the interchange formats and an image of the view, for the events shown.

Each format asks for a file name, then writes in the background (`jobs.Job`), with the
filter the window shows (people, period, search, categories), as `export` does on the
command line. The image is of the timeline exactly as it is zoomed, taken on the GUI
thread (grabbing a widget is quick) and saved as PNG or SVG.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from timeline_desktop.domain.model import EventFilter
from timeline_desktop.store.repository import Store
from timeline_desktop.ui.jobs import Job
from timeline_desktop.ui.view_image import save_widget_image

if TYPE_CHECKING:
    from timeline_desktop.ui.main_window import MainWindow


@dataclass(frozen=True, slots=True)
class Format:
    key: str
    menu: str
    title: str
    suffix: str
    filter: str
    write: Callable[[Store, Path, EventFilter | None], Any]


def _timelinejs(store: Store, out: Path, flt: EventFilter | None) -> int:
    from timeline_desktop.export.timelinejs_export import write_timelinejs

    return len(write_timelinejs(store, out, flt)["events"])


def _timeline(store: Store, out: Path, flt: EventFilter | None) -> int:
    from timeline_desktop.export.timeline_export import write_timeline

    return write_timeline(store, out, flt)


def _csv(store: Store, out: Path, flt: EventFilter | None) -> int:
    from timeline_desktop.export.csv_export import write_csv

    return write_csv(store, out, flt)


def _json(store: Store, out: Path, flt: EventFilter | None) -> int:
    from timeline_desktop.export.json_export import write_json

    return len(write_json(store, out, flt)["events"])


FORMATS = (
    Format("timelinejs", "&TimelineJS…", "Export as TimelineJS", ".json",
           "TimelineJS JSON (*.json)", _timelinejs),
    Format("timeline", "Time&line File…", "Export as a Timeline file", ".timeline",
           "Timeline files (*.timeline)", _timeline),
    Format("csv", "&CSV (TimelineJS Sheet)…", "Export as CSV", ".csv",
           "CSV (*.csv)", _csv),
    Format("json", "Timeline Desktop &JSON…", "Export as Timeline Desktop JSON", ".json",
           "Timeline Desktop JSON (*.json)", _json),
)  # fmt: skip


def _shown_filter(window: MainWindow) -> EventFilter | None:
    flt = window.state.filter
    return None if flt == EventFilter() else flt


class ExportActions(QObject):
    """The File > Export actions of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._job: Job | None = None
        self.format_actions: list[QAction] = []
        for fmt in FORMATS:
            action = QAction(fmt.menu, window)
            action.setStatusTip(f"{fmt.title}: the events the timeline shows, with their evidence")
            action.triggered.connect(lambda _=False, f=fmt: self.export_dialog(f))
            self.format_actions.append(action)
        self.act_image = QAction("View as &Image (PNG or SVG)…", window)
        self.act_image.setStatusTip("Save the timeline as it is shown now, as PNG or SVG")
        self.act_image.triggered.connect(self.image_dialog)

    def _ask(self, title: str, name: str, file_filter: str) -> Path | None:
        folder = self._window._folder("export")
        path, _ = QFileDialog.getSaveFileName(
            self._window, title, str(Path(folder) / name), file_filter
        )
        if not path:
            return None
        self._window._remember_folder("export", Path(path).parent)
        return Path(path)

    def export_dialog(self, fmt: Format) -> None:
        if self._job is not None and self._job.is_running():
            QMessageBox.information(self._window, fmt.title, "An export is already running.")
            return
        out = self._ask(fmt.title, f"timeline{fmt.suffix}", fmt.filter)
        if out is not None:
            self.export(fmt, out)

    def export(self, fmt: Format, out: Path, show_dialog: bool = True) -> Job:
        """Write `fmt` to `out` in the background; the window announces the result."""
        store, flt = self._window.state.store, _shown_filter(self._window)
        job = Job(
            lambda _progress, _cancelled: fmt.write(store, out, flt),
            fmt.title,
            f"Writing {out.name}",
            self._window,
            show_dialog=show_dialog,
        )
        job.sig_done.connect(lambda count, error: self._finished(fmt, out, count, error))
        self._job = job
        job.start()
        return job

    def _finished(self, fmt: Format, out: Path, count: object, error: str) -> None:
        self._job = None
        if error:
            QMessageBox.warning(self._window, fmt.title, f"{out.name} was not written: {error}.")
            return
        self._window.announce(f"Exported {count:,} events to {out.name}", out)

    @Slot()
    def image_dialog(self) -> None:
        out = self._ask(
            "Export View as Image", "timeline.png", "PNG image (*.png);;SVG image (*.svg)"
        )
        if out is None:
            return
        if out.suffix.lower() not in (".png", ".svg"):
            out = out.with_suffix(".png")
        self.save_image(out)

    def save_image(self, out: Path) -> None:
        try:
            save_widget_image(self._window.timeline, out)
        except OSError as exc:
            QMessageBox.warning(self._window, "Export View as Image", str(exc))
            return
        self._window.announce(f"Saved the view as {out.name}", out)
