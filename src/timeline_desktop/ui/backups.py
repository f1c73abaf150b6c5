"""Backups and the database check in the app: File > Back Up Database…, File > Restore
Backup…, Tools > Check Database…, and rolling automatic backups.

Automatic backups are made when the window closes and, for a window left open for days,
from an hourly timer, at most once a day; the last N are kept (N is a setting, changed in
the Restore Backup dialog). Restoring closes the database, puts the backup's content into
the same file (the current content is first saved beside it) and opens it again. All the
file work runs off the GUI thread (`jobs.Job`), except the closing backup, which has to
finish before the app quits and only runs when one is due.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QSettings, Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from timeline_desktop.failures import explain
from timeline_desktop.store import maintenance
from timeline_desktop.store.repository import Store
from timeline_desktop.ui.jobs import Job
from timeline_desktop.ui.state import AppState
from timeline_desktop.ui.tasks import run_task, writes_pool

log = logging.getLogger(__name__)

KEEP_KEY = "backups/keep"
CHECK_EVERY_MS = 60 * 60 * 1000  # the hourly look at whether a daily backup is due


def _why(error: object) -> str:
    """A job's error (an exception, or already a sentence) in words."""
    if isinstance(error, BaseException):
        return explain(error)
    return str(error).rstrip(".")


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{max(n, 1) / 1000:.0f} KB"


class BackupController(QObject):
    """The backup, restore and check actions of one main window."""

    def __init__(self, window: QMainWindow, state: AppState, settings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.state = state
        self.settings = settings
        self._job: Job | None = None
        self.automatic = True  # rolling backups (off for throwaway windows: screenshots)
        self.act_backup = QAction("&Back Up Database…", self)
        self.act_backup.setStatusTip("Save a copy of the database (safe while you work)")
        self.act_backup.triggered.connect(self.backup_dialog)
        self.act_restore = QAction("&Restore Backup…", self)
        self.act_restore.setStatusTip("Replace the database with one of its backups")
        self.act_restore.triggered.connect(self.restore_dialog)
        self.act_check = QAction("&Check Database…", self)
        self.act_check.setStatusTip(
            "Check the database file, rebuild the search index and report passages that no "
            "longer match their source"
        )
        self.act_check.triggered.connect(self.check_database)
        self._timer = QTimer(self, interval=CHECK_EVERY_MS)
        self._timer.timeout.connect(self._backup_if_due)
        self._timer.start()

    # --- settings and state -----------------------------------------------------------------

    @property
    def keep(self) -> int:
        try:
            value = int(self.settings.value(KEEP_KEY, maintenance.DEFAULT_KEEP))
        except (TypeError, ValueError):
            return maintenance.DEFAULT_KEEP
        return min(max(value, 1), 999)

    def set_keep(self, n: int) -> None:
        self.settings.setValue(KEEP_KEY, int(n))

    def database_file(self) -> Path | None:
        return maintenance.sqlite_file(self.state.store.engine)

    def is_busy(self) -> bool:
        return self._job is not None and self._job.is_running()

    def _window_busy(self) -> bool:
        """An import, export or re-extraction under way (the window knows its jobs)."""
        busy = getattr(self.window, "_busy_job", None)
        return bool(busy()) if callable(busy) else False

    def _message(self, text: str, ms: int = 8000) -> None:
        if shiboken6.isValid(self.window):
            self.window.statusBar().showMessage(text, ms)

    def _warn(self, title: str, text: str) -> None:
        if shiboken6.isValid(self.window):
            QMessageBox.warning(self.window, title, text)

    # --- automatic backups ------------------------------------------------------------------

    def on_close(self) -> Path | None:
        """The closing backup: made (here, before the app quits) when one is due."""
        self._timer.stop()
        if self._job is not None and self._job.is_running():
            self._job.cancel_and_wait()
        if not self.automatic:
            return None
        try:
            return maintenance.auto_backup(self.state.store.engine, self.keep)
        except Exception:  # the app must still close; the reason is in the log
            log.exception("the automatic backup on closing failed")
            return None

    def _backup_if_due(self) -> None:
        if not self.automatic:
            return
        engine, keep = self.state.store.engine, self.keep

        def failed(exc: Exception) -> None:
            self._message(f"The automatic backup failed: {explain(exc)}.", 15_000)

        def done(path: Path | None) -> None:
            if path is not None:
                self._message(f"Automatic backup saved: {path.name}")

        run_task(lambda: maintenance.auto_backup(engine, keep), done, failed)

    # --- backing up now ---------------------------------------------------------------------

    def backup_dialog(self) -> None:
        db = self.database_file()
        if db is None:
            try:
                maintenance.require_sqlite_file(self.state.store.engine)
            except maintenance.MaintenanceError as exc:
                self._warn("Back Up Database", f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
            return
        suggested = db.parent / f"{db.stem}-{datetime.now():%Y-%m-%d}.db"
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Back up the database to", str(suggested), "Databases (*.db)"
        )
        if path:
            self.backup_to(Path(path))

    def backup_to(self, dest: Path) -> Job | None:
        if self.is_busy():
            return None
        engine = self.state.store.engine
        job = Job(
            lambda progress, _cancelled: maintenance.backup(engine, dest, progress),
            "Backing up the database",
            "Copying database pages:",
            self.window,
        )
        job.sig_done.connect(self._backup_done)
        self._job = job
        job.start()
        return job

    def _backup_done(self, result: Any, error: object) -> None:
        self._job = None
        if error:
            self._warn("Back Up Database", f"The backup was not made: {_why(error)}.")
        elif isinstance(result, Path):
            self._message(f"Backup saved: {result} ({_size(result.stat().st_size)})", 12_000)

    # --- restoring --------------------------------------------------------------------------

    def restore_dialog(self) -> None:
        db = self.database_file()
        if db is None:
            self._warn(
                "Restore Backup",
                "Only a database file can be restored here; a database server is restored "
                "with its own tools (pg_restore).",
            )
            return
        dialog = RestoreDialog(db, self.keep, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.set_keep(dialog.keep_spin.value())
        chosen = dialog.chosen()
        if chosen is None:
            return
        answer = QMessageBox.question(
            self.window,
            "Restore Backup",
            f"Replace everything in {db.name} with the backup {chosen.name}?\n\n"
            "What the database holds now is saved beside it first, so this can be undone.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore(chosen)

    def restore(self, backup_file: Path) -> Job | None:
        """Close the database, put the backup's content in its file, open it again."""
        db = self.database_file()
        if db is None or self.is_busy():
            return None
        if self._window_busy():
            self._warn(
                "Restore Backup",
                "An import, export or re-extraction is running. Let it finish (or cancel "
                "it), then restore the backup.",
            )
            return None
        old = self.state.store
        QThreadPool.globalInstance().waitForDone(5000)  # no query may hold the file
        writes_pool().waitForDone(5000)
        old.engine.dispose()  # closes every pooled connection: nothing writes meanwhile

        def work(progress, _cancelled) -> tuple[Store, Path]:
            kept = maintenance.restore(db, backup_file, progress)
            return Store.open(db), kept  # an older backup is migrated (and copied first)

        job = Job(work, "Restoring a backup", "Restoring database pages:", self.window)
        job.sig_done.connect(lambda result, error: self._restored(old, result, error))
        self._job = job
        job.start()
        return job

    def _restored(self, old: Store, result: Any, error: object) -> None:
        self._job = None
        if error:
            self._warn(
                "Restore Backup",
                f"The backup was not restored: {_why(error)}. The database is as it was.",
            )
            self.state.notify_data_changed()
            return
        store, kept = result
        self.state.set_store(store)
        self.state.notify_data_changed()
        _close_when_idle(old)
        self._message(f"Backup restored. What the database held before is kept as {kept.name}.")

    # --- the check --------------------------------------------------------------------------

    def check_database(self) -> Job | None:
        if self.is_busy():
            return None
        engine = self.state.store.engine
        job = Job(
            lambda progress, cancelled: maintenance.check_database(
                engine, progress=progress, cancelled=cancelled
            ),
            "Checking the database",
            "Checking:",
            self.window,
        )
        job.sig_done.connect(self._checked)
        self._job = job
        job.start()
        return job

    def _checked(self, report: Any, error: object) -> None:
        self._job = None
        self.state.notify_data_changed()  # the search index and the timeline cache are new
        if error:
            self._warn("Check Database", f"The check did not finish: {_why(error)}.")
            return
        assert isinstance(report, maintenance.CheckReport)
        show_check_report(self.window, report)


def show_check_report(parent: QWidget, report: maintenance.CheckReport) -> QMessageBox:
    """The findings, in a box that does not block the window (tests read it back)."""
    box = QMessageBox(
        QMessageBox.Icon.Information if report.ok else QMessageBox.Icon.Warning,
        "Check Database",
        "\n\n".join(report.lines()),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("CheckReport")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.open()
    return box


def _close_when_idle(store: Store) -> None:
    """Close a store once no background task can still be using it."""

    def close() -> None:
        pools = (QThreadPool.globalInstance(), writes_pool())
        if any(pool.activeThreadCount() for pool in pools):
            QTimer.singleShot(200, close)
        else:
            store.close()

    close()


class RestoreDialog(QDialog):
    """The automatic backups of a database, newest first, or another backup file."""

    def __init__(self, db: Path, keep: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore Backup")
        self.setMinimumWidth(520)
        self._db = db
        self._other: Path | None = None
        intro = QLabel(
            f"Choose the backup of {db.name} to restore. What the database holds now is "
            "saved beside it first."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        for backup in maintenance.list_backups(db):
            item = QListWidgetItem(f"{backup.made_at:%A %d %B %Y, %H:%M}  ·  {_size(backup.size)}")
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            item.setToolTip(str(backup.path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.empty_label = QLabel(
            "No automatic backups yet: one is made when the app closes, at most once a day."
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(self.list.count() == 0)
        other = QPushButton("Other Backup File…")
        other.clicked.connect(self._choose_file)
        self.keep_spin = QSpinBox()
        self.keep_spin.setRange(1, 999)
        self.keep_spin.setValue(keep)
        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel("Keep the last"))
        keep_row.addWidget(self.keep_spin)
        keep_row.addWidget(QLabel(f"automatic backups (in {maintenance.backup_folder(db)})"))
        keep_row.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Restore")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(other, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(keep_row)
        layout.addWidget(self.buttons)

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Restore from", str(self._db.parent), "Databases (*.db);;All files (*)"
        )
        if path:
            self._other = Path(path)
            self.accept()

    def chosen(self) -> Path | None:
        if self._other is not None:
            return self._other
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None
