"""The main window: the timeline in the centre, docks for people, events and evidence.

This module wires the views to the shared `AppState` and owns the application-level actions
(databases, import, zoom, lanes, search). Views never reference each other.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QByteArray, QSettings, Qt, QThreadPool, QTimer, QUrl, Slot
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QToolButton,
    QWidget,
)

from timeline_desktop import __version__
from timeline_desktop.domain.model import EventFilter
from timeline_desktop.ingest.pipeline import ImportReport
from timeline_desktop.ingest.readers import SUPPORTED_SUFFIXES
from timeline_desktop.paths import APP_NAME
from timeline_desktop.store.engine import display_target, redact, storable_target
from timeline_desktop.store.repository import Store, UnknownPersonError
from timeline_desktop.ui.backups import BackupController
from timeline_desktop.ui.curation.actions import CurationController
from timeline_desktop.ui.exporting import ExportActions
from timeline_desktop.ui.importing import ImportJob, show_report
from timeline_desktop.ui.panes.detail_pane import DetailPane
from timeline_desktop.ui.panes.event_list import EventListPane
from timeline_desktop.ui.panes.people_panel import PeoplePanel
from timeline_desktop.ui.panes.sources_panel import SourcesPanel
from timeline_desktop.ui.pdf.job import PdfExportJob
from timeline_desktop.ui.search import SearchController, find_match
from timeline_desktop.ui.state import AppState, LaneMode
from timeline_desktop.ui.tasks import TaskSlot, run_task, writes_pool
from timeline_desktop.ui.timeline.view import TimelineWidget

MAX_RECENT = 8
WATCH_MS = 3000  # how often the window looks for changes another program committed
ANNOUNCE_MS = 12_000


class MainWindow(QMainWindow):
    def __init__(self, store: Store, settings: QSettings | None = None) -> None:
        super().__init__()
        self.state = AppState(store, self)
        self._settings = settings or QSettings()
        self._import_job: ImportJob | None = None
        self._pdf_job: PdfExportJob | None = None
        self._counts = TaskSlot()
        self._watch = TaskSlot()
        self._seen_revision: int | None = None
        self._announced = False
        self._prune = TaskSlot()
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        # side docks run the full height, so the Evidence pane keeps its length for source
        # text; the event list sits under the timeline only
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)

        self.curation = CurationController(self.state, self)
        self.backups = BackupController(self, self.state, self._settings)
        self.search = SearchController(self.state, self, self._settings)
        self.timeline = TimelineWidget(self.state)
        self.setCentralWidget(self.timeline)
        self.people_panel = PeoplePanel(self.state, self.curation.history)
        self.event_list = EventListPane(self.state)
        self.detail = DetailPane(self.state)
        self.people_dock = self._dock(
            "People", "PeopleDock", self.people_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.detail_dock = self._dock(
            "Evidence", "EvidenceDock", self.detail, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.list_dock = self._dock(
            "Events", "EventsDock", self.event_list, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.sources_panel = SourcesPanel(self.state)
        self.sources_panel.sig_message.connect(lambda text: self.announce(text))
        self.sources_dock = self._dock(
            "Sources", "SourcesDock", self.sources_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.tabifyDockWidget(self.people_dock, self.sources_dock)
        self.people_dock.raise_()

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._connect_curation()
        self.search.sig_matches_changed.connect(self.event_list.model.set_matches)
        self.search.sig_matches_changed.connect(self.timeline.set_highlighted)
        self.search.sig_reveal.connect(self.timeline.center_on)
        self.search.sig_matches_changed.connect(lambda _ids: self._refresh_counts())
        self.search.sig_query_changed.connect(self.detail.set_search_terms)
        self._status = QLabel()
        self.statusBar().addPermanentWidget(self._status, 1)
        self.reveal_button = QToolButton()
        self.reveal_button.setText("Show in Folder")
        self.reveal_button.setAutoRaise(True)
        self.reveal_button.hide()
        self.reveal_button.clicked.connect(self._reveal)
        self._reveal_path: Path | None = None
        self._reveal_timer = QTimer(self, singleShot=True, interval=ANNOUNCE_MS)
        self._reveal_timer.timeout.connect(self.reveal_button.hide)
        self.statusBar().addPermanentWidget(self.reveal_button)

        self.state.sig_filter_changed.connect(self._refresh_counts)
        self.state.sig_filter_changed.connect(self._keep_selection_in_view)
        self.state.sig_data_changed.connect(self._refresh_counts)
        self.state.sig_selection_changed.connect(self._refresh_counts)
        self._update_title()
        self._restore_layout()
        self._refresh_counts()
        # another window, a script or a team member may write to the same database
        self.state.sig_data_changed.connect(self._on_own_change)
        self.state.sig_store_changed.connect(lambda _store: self._on_own_change())
        self._watch_timer = QTimer(self, interval=WATCH_MS)
        self._watch_timer.timeout.connect(self._look_for_outside_changes)
        self._watch_timer.start()

    # --- construction -------------------------------------------------------------------------

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(
        self, text: str, slot, shortcut: QKeySequence | str | None = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.act_new = self._action("&New Database…", self.new_database, keys.New)
        self.act_open = self._action("&Open Database…", self.open_database, keys.Open)
        self.act_open_url = self._action(
            "Open Database &URL…",
            self.open_database_url,
            tip="Open a shared database on a server (postgresql://user@host/database)",
        )
        self.act_import_files = self._action(
            "&Import Files…",
            self.import_files_dialog,
            "Ctrl+I",
            "Import text, HTML, Markdown, wiki or CSV files, TimelineJS, Timeline and "
            "Timeline Desktop files",
        )
        self.act_import_folder = self._action(
            "Import &Folder…",
            self.import_folder_dialog,
            "Ctrl+Shift+I",
            "Import every supported file in a folder and its subfolders",
        )
        self.act_export_pdf = self._action(
            "&Export Selection to PDF…",
            self.export_pdf_dialog,
            "Ctrl+E",
            "Write the selected (or filtered) events, their quotes and sources to a PDF dossier",
        )
        self.exports = ExportActions(self)
        self.act_quit = self._action("&Quit", self.close, keys.Quit)
        self.act_clear_sel = self._action("Clear &Selection", lambda: self.state.select(()), "Esc")
        self.act_clear_filter = self._action("Show &All Events", self.clear_filter, "Ctrl+Shift+A")
        self.act_zoom_in = self._action("Zoom &In", self.timeline.zoom_in, keys.ZoomIn)
        self.act_zoom_out = self._action("Zoom &Out", self.timeline.zoom_out, keys.ZoomOut)
        self.act_fit = self._action("Zoom to &Fit", self.timeline.zoom_to_fit, "Ctrl+0")
        self.act_zoom_sel = self._action(
            "Zoom to &Selection", self.timeline.zoom_to_selection, "Ctrl+Shift+0"
        )
        self.act_about = self._action(f"&About {APP_NAME}", self.show_about)
        self.act_shortcuts = self._action(
            "&Keyboard Shortcuts", self.show_shortcuts, QKeySequence.StandardKey.HelpContents
        )
        self.lane_actions = QActionGroup(self)
        for mode, label in (
            (LaneMode.SINGLE, "&One Lane"),
            (LaneMode.PEOPLE, "Lane per &Person"),
            (LaneMode.SOURCES, "Lane per So&urce"),
            (LaneMode.CATEGORIES, "Lane per &Category"),
        ):
            action = QAction(label, self, checkable=True)
            action.setData(mode.value)
            action.setChecked(mode == self.state.lanes)
            action.triggered.connect(lambda _=False, m=mode: self.state.set_lanes(m))
            self.lane_actions.addAction(action)

    def _connect_curation(self) -> None:
        """Double-click edits; right-click offers the corrections; the Evidence pane asks."""
        c = self.curation
        c.sig_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.timeline.sig_event_activated.connect(c.edit_event)
        self.event_list.sig_activated.connect(c.edit_event)
        for widget in (self.timeline, self.event_list.view):
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.timeline.customContextMenuRequested.connect(self._timeline_menu)
        self.event_list.view.customContextMenuRequested.connect(self._list_menu)
        d = self.detail
        d.sig_edit_event.connect(c.edit_event)
        d.sig_new_event_from_passage.connect(c.new_event_from_passage)
        d.sig_attach_passage.connect(c.attach_passage)
        d.sig_detach_evidence.connect(c.detach_evidence)
        d.sig_set_stance.connect(c.set_stance)
        d.sig_split_evidence.connect(lambda event_id, ev: c.split_off(event_id, [ev]))

    def _timeline_menu(self, pos) -> None:
        ids = self.timeline.ids_at(pos)
        self.curation.event_menu(self, ids[:1]).exec(self.timeline.mapToGlobal(pos))

    def _list_menu(self, pos) -> None:
        view = self.event_list.view
        index = view.indexAt(pos)
        ids = [self.event_list.model.event_id_at(index.row())] if index.isValid() else []
        self.curation.event_menu(self, ids).exec(view.viewport().mapToGlobal(pos))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.act_new, self.act_open, self.act_open_url])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.act_import_files, self.act_import_folder])
        file_menu.addAction(self.act_export_pdf)
        export_menu = file_menu.addMenu("E&xport")
        export_menu.addActions(self.exports.format_actions)
        export_menu.addSeparator()
        export_menu.addAction(self.exports.act_image)
        file_menu.addSeparator()
        file_menu.addActions([self.backups.act_backup, self.backups.act_restore])
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit = bar.addMenu("&Edit")
        for action in self.curation.edit_actions():
            if action is None:
                edit.addSeparator()
            else:
                edit.addAction(action)
        edit.addSeparator()
        search = self.search
        edit.addActions([search.act_find, search.act_next, search.act_prev, search.act_filter])
        edit.addSeparator()
        edit.addActions([self.act_clear_sel, self.act_clear_filter])
        view = bar.addMenu("&View")
        view.addActions([self.act_zoom_in, self.act_zoom_out, self.act_fit, self.act_zoom_sel])
        view.addSeparator()
        lanes = view.addMenu("&Lanes")
        lanes.addActions(self.lane_actions.actions())
        view.addAction(self.curation.act_rejected_view)
        view.addSeparator()
        for dock in (self.people_dock, self.sources_dock, self.list_dock, self.detail_dock):
            view.addAction(dock.toggleViewAction())
        tools = bar.addMenu("&Tools")
        tools.addAction(self.curation.act_reextract)
        tools.addAction(self.backups.act_check)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_shortcuts)
        help_menu.addSeparator()
        help_menu.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        tools = self.addToolBar("Main")
        tools.setObjectName("MainToolBar")
        tools.setMovable(False)
        tools.addAction(self.act_import_files)
        tools.addSeparator()
        tools.addActions([self.act_zoom_in, self.act_zoom_out, self.act_fit])
        tools.addSeparator()
        tools.addWidget(self.search.edit)
        tools.addWidget(self.search.source_hits)

    # --- layout persistence -------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self._settings.value("window/geometry")
        state = self._settings.value("window/state")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        self._shown_once = False
        self._default_docks_pending = not (
            isinstance(state, QByteArray) and not state.isEmpty() and self.restoreState(state)
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._default_docks_pending:  # sized to the window as first shown, not a guess
            self._default_docks_pending = False
            QTimer.singleShot(0, self.default_dock_sizes)
        if not self._shown_once:
            # start on the timeline, not in the search box, which would keep Ctrl+Z to itself
            self._shown_once = True
            self.timeline.setFocus()

    def default_dock_sizes(self) -> None:
        """Docks in proportion to the window: the timeline and the sources both get room."""
        w, h = self.width(), self.height()
        people = int(min(max(0.17 * w, 170), 260))
        evidence = int(min(max(0.40 * w, 380), 640))
        self.resizeDocks(
            [self.people_dock, self.detail_dock], [people, evidence], Qt.Orientation.Horizontal
        )
        self.resizeDocks(
            [self.list_dock], [int(min(max(0.3 * h, 150), 300))], Qt.Orientation.Vertical
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._import_job is not None and self._import_job.is_running():
            self._import_job.cancel_and_wait()
        if self._pdf_job is not None and self._pdf_job.is_running():
            self._pdf_job.cancel_and_wait()
        self.curation.shutdown()
        self.backups.on_close()
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/state", self.saveState())
        super().closeEvent(event)

    # --- databases ----------------------------------------------------------------------------

    def _update_title(self) -> None:
        self.setWindowTitle(f"{APP_NAME} — {_db_label(self.state.store)}")

    def remember_database(self, target: str) -> None:
        """Add to Open Recent; a URL's password is never saved (libpq's password file or a
        service file supplies it when the database is reopened)."""
        target = storable_target(target)
        recent = [r for r in self._recent() if r != target]
        self._settings.setValue("recent/databases", [target, *recent][:MAX_RECENT])

    def _recent(self) -> list[str]:
        value = self._settings.value("recent/databases") or []
        return [value] if isinstance(value, str) else list(value)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for target in self._recent():
            action = self.recent_menu.addAction(display_target(target))
            action.triggered.connect(lambda _=False, t=target: self.switch_database(t))
        self.recent_menu.setEnabled(bool(self._recent()))

    @Slot()
    def new_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "New database",
            str(Path(self._folder("database")) / "timeline.db"),
            "Timeline databases (*.db)",
        )
        if path:
            self._remember_folder("database", Path(path).parent)
            if Path(path).exists():
                QMessageBox.warning(self, APP_NAME, f"{path} already exists; open it instead.")
                return
            self.switch_database(path)

    @Slot()
    def open_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open database",
            self._folder("database"),
            "Timeline databases (*.db);;All files (*)",
        )
        if path:
            self._remember_folder("database", Path(path).parent)
            self.switch_database(path)

    @Slot()
    def open_database_url(self) -> None:
        url, ok = QInputDialog.getText(
            self,
            "Open database URL",
            "Database URL, such as postgresql://user@host/timeline\n"
            "(leave the password out: it is read from ~/.pgpass or PGPASSFILE)",
        )
        if ok and url.strip():
            self.switch_database(url.strip())

    def switch_database(self, target: str) -> None:
        """Open another database (off the GUI thread: opening may migrate it) and show it."""
        if self._busy_job():
            QMessageBox.information(
                self,
                APP_NAME,
                "An import, export or re-extraction is running on this database. Let it finish "
                "(or cancel it), then open the other database.",
            )
            return
        self.statusBar().showMessage(f"Opening {display_target(target)}…")

        def opened(store: Store) -> None:
            old = self.state.store
            self.state.set_store(store)
            self._retire(old)
            self.remember_database(target)
            self._update_title()
            self.statusBar().showMessage(f"Opened {_db_label(store)}", 5000)

        def failed(exc: Exception) -> None:
            self.statusBar().clearMessage()
            QMessageBox.critical(
                self,
                APP_NAME,
                f"Cannot open the database {display_target(target)}:\n{redact(str(exc), target)}",
            )

        run_task(lambda: Store.open(target), opened, failed)

    def _busy_job(self) -> bool:
        jobs = (self._import_job, self._pdf_job)
        return any(j is not None and j.is_running() for j in jobs) or self.curation.is_busy()

    def _retire(self, store: Store) -> None:
        """Close a store once no background task can still be using it."""

        def close_when_idle() -> None:
            pools = (QThreadPool.globalInstance(), writes_pool())
            if any(pool.activeThreadCount() for pool in pools):
                QTimer.singleShot(200, close_when_idle)
            else:
                store.close()

        close_when_idle()

    # --- import -------------------------------------------------------------------------------

    @Slot()
    def import_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            "Import sources",
            self._folder("import"),
            source_file_filter(),
        )
        if files:
            self._remember_folder("import", Path(files[0]).parent)
            self.import_paths(files)

    @Slot()
    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder", self._folder("import"))
        if folder:
            self._remember_folder("import", Path(folder).parent)
            self.import_paths([folder])

    def import_paths(self, paths: list[str] | None, show_dialog: bool = True) -> ImportJob | None:
        """Start an import in the background (None: the demo corpus if the store is empty)."""
        if self._import_job is not None and self._import_job.is_running():
            QMessageBox.information(self, APP_NAME, "An import is already running.")
            return None
        job = ImportJob(self.state.store, paths, self, show_dialog=show_dialog)
        job.sig_done.connect(self._import_finished)
        self._import_job = job
        job.start()
        return job

    @Slot(object, str)
    def _import_finished(self, report: ImportReport | None, error: str) -> None:
        self._import_job = None
        if error:
            self.state.notify_data_changed()  # files imported before the failure are kept
            QMessageBox.warning(self, APP_NAME, f"The import stopped: {error}.")
            return
        if report is None:
            return
        self.state.notify_data_changed()
        n = len(report.files)
        self.announce(
            f"Imported {n:,} file{'s' * (n != 1)}: {report.events_added:,} new events, "
            f"{report.people_added:,} new people"
            + (f", {len(report.failed)} failed" if report.failed else "")
        )
        show_report(self, report)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # --- PDF export ---------------------------------------------------------------------------

    @Slot()
    def export_pdf_dialog(self) -> None:
        from timeline_desktop.ui.pdf.dialog import ExportPdfDialog

        if self._pdf_job is not None and self._pdf_job.is_running():
            QMessageBox.information(self, APP_NAME, "A PDF export is already running.")
            return
        dialog = ExportPdfDialog(self.state, self, self._folder("export"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._remember_folder("export", dialog.output_path().parent)
        job = PdfExportJob(
            self.state.store,
            dialog.output_path(),
            dialog.export_filter(),
            dialog.full_text(),
            dialog.page_size(),
            self,
        )
        job.sig_done.connect(self._pdf_export_finished)
        self._pdf_job = job
        job.start()

    @Slot(object, str)
    def _pdf_export_finished(self, stats: object, error: str) -> None:
        self._pdf_job = None
        if error:
            QMessageBox.warning(
                self,
                APP_NAME,
                f"The PDF dossier was not written: {error}.\n\nChoose another place or free "
                "some space, then export again.",
            )
        elif stats is not None:
            self.announce(
                f"Saved the dossier: {stats.events:,} events on {stats.pages:,} pages, "
                f"{stats.path.name}",
                stats.path,
            )

    # --- messages and folders ------------------------------------------------------------------

    def announce(self, text: str, path: Path | None = None) -> None:
        """A confirmation in the status bar, with "Show in Folder" for a file just written."""
        self.statusBar().showMessage(text, ANNOUNCE_MS)
        self._reveal_path = path
        self.reveal_button.setVisible(path is not None)
        if path is not None:
            self.reveal_button.setToolTip(str(path))
            self._reveal_timer.start()

    def _reveal(self) -> None:
        if self._reveal_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._reveal_path.parent)))

    def _folder(self, kind: str) -> str:
        """The folder last used for this kind of file dialog (home if none or gone)."""
        value = self._settings.value(f"folders/{kind}")
        return value if isinstance(value, str) and Path(value).is_dir() else str(Path.home())

    def _remember_folder(self, kind: str, folder: str | Path) -> None:
        self._settings.setValue(f"folders/{kind}", str(folder))

    # --- filter, search, counts ---------------------------------------------------------------

    @Slot()
    def clear_filter(self) -> None:
        self.search.clear()
        self.state.set_filter(EventFilter())

    def _on_own_change(self) -> None:
        self._announced = True

    def _look_for_outside_changes(self) -> None:
        """Reload when the database's revision moved without this window saying so (not
        while this window's own import or export runs: it reloads when that ends)."""
        if self._busy_job():
            self._announced = True
            return
        store = self.state.store

        def seen(revision: int) -> None:
            if store is not self.state.store:
                return
            outside = (
                self._seen_revision is not None
                and revision != self._seen_revision
                and not self._announced
            )
            self._seen_revision, self._announced = revision, False
            if outside:
                self.state.notify_data_changed()
                self._announced = False
                self.statusBar().showMessage("The database was changed elsewhere: reloaded", 5000)

        self._watch.run(store.revision, seen, lambda _exc: None)

    def _keep_selection_in_view(self, flt: EventFilter) -> None:
        """A filter that hides selected events unselects them, so no pane shows what the
        timeline and the list no longer do."""
        selection = self.state.selection
        if not selection:
            return
        store = self.state.store

        def visible() -> list[int]:
            try:
                shown = store.event_ids(flt)
            except LookupError:
                return []
            keep = set(np.intersect1d(shown, np.asarray(selection)).tolist())
            return [i for i in selection if i in keep]

        def done(kept: list[int]) -> None:
            if self.state.filter == flt and self.state.selection == selection:
                self.state.select(kept)

        self._prune.run(visible, done)

    @Slot()
    def _refresh_counts(self, *_: object) -> None:
        store, flt = self.state.store, self.state.filter
        selected = len(self.state.selection)

        def count() -> tuple[int, int] | str:
            try:
                return store.count_events(flt), store.count_events()
            except UnknownPersonError as exc:
                return str(exc)

        def show(result: tuple[int, int] | str) -> None:
            if isinstance(result, str):
                self._status.setText(result)
                return
            shown, total = result
            parts = [f"{shown:,} of {total:,} events"]
            if flt.rejected:
                parts = [f"{shown:,} rejected event{'s' * (shown != 1)} (View ▸ Rejected Events)"]
            if flt.people:
                n = len(flt.people)
                mode = "all of" if flt.all_people and n > 1 else ""
                parts.append(f"{mode} {n} {'person' if n == 1 else 'people'} selected".strip())
            if flt.sources:
                n = len(flt.sources)
                parts.append(f"from {n} source{'s' * (n != 1)}")
            if flt.search:
                parts.append(f"matching “{flt.search}”")
            elif self.search.query:
                n = len(self.search.matches)
                parts.append(f"{n:,} match{'es' * (n != 1)} for “{self.search.query}” (F3)")
            if selected:
                parts.append(f"{selected:,} selected")
            self._status.setText(", ".join(parts))

        self._counts.run(count, show)

    # --- help -------------------------------------------------------------------------------

    @Slot()
    def show_shortcuts(self) -> None:
        from timeline_desktop.ui.shortcuts import ShortcutsDialog

        ShortcutsDialog(self.menuBar(), self).exec()

    @Slot()
    def show_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Explore history from its sources: every event keeps the passages that state "
            "it.</p>"
            f"<p>Database: {_db_label(self.state.store)}</p>"
            "<p>Built with Qt for Python (PySide6, LGPLv3), pyqtgraph (MIT), SQLAlchemy (MIT), "
            "Alembic (MIT), NumPy (BSD), charset-normalizer (MIT), mwparserfromhell (MIT), "
            "markdown-it-py (MIT), platformdirs (MIT).</p>",
        )


def source_file_filter() -> str:
    """The file dialog's filter: every format the importer reads (from its own list)."""
    patterns = " ".join(f"*{suffix}" for suffix in sorted(SUPPORTED_SUFFIXES))
    return f"Sources ({patterns});;All files (*)"


def _db_label(store: Store) -> str:
    url = store.url
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url


__all__ = ["MainWindow", "find_match"]
