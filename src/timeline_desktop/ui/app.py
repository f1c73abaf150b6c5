"""Application start-up: QApplication, the database, first-run demo import, the main window.

The main window here is a placeholder until the desktop-app issue lands: it shows what the
database holds. The first-run import already runs off the GUI thread with a progress dialog.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
)

from timeline_desktop import __version__
from timeline_desktop.ingest.demo import import_demo_if_empty
from timeline_desktop.paths import APP_NAME
from timeline_desktop.store.repository import Store


class _DemoImportWorker(QObject):
    sig_progress = Signal(int, int, str)
    sig_finished = Signal(object)

    def __init__(self, store: Store) -> None:
        super().__init__()
        self._store = store
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    def run(self) -> None:
        report = import_demo_if_empty(
            self._store, progress=self.sig_progress.emit, cancelled=lambda: self._cancel
        )
        self.sig_finished.emit(report)


class _ImportProgressDialog(QProgressDialog):
    """Progress of an import; its slot runs on the GUI thread because the dialog lives there."""

    @Slot(int, int, str)
    def show_progress(self, done: int, total: int, name: str) -> None:
        self.setMaximum(total)
        self.setValue(done)
        self.setLabelText(f"Importing {name}…" if name else "Finishing…")


class PlaceholderWindow(QMainWindow):
    """Shows the database's contents in words until the real main window exists."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self._store = store
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self._label = QLabel()
        self._label.setMargin(24)
        self._label.setWordWrap(True)
        self.setCentralWidget(self._label)
        self.resize(720, 420)
        self.refresh()

    def refresh(self) -> None:
        sources = self._store.sources(with_text=False)
        people = self._store.people()
        n_events = self._store.count_events()
        lines = [
            f"<h2>{APP_NAME}</h2>",
            f"<p>Database: {self._store.url}</p>",
            f"<p>{len(sources)} sources, {n_events} events, {len(people)} people.</p>",
            "<ul>" + "".join(f"<li>{s.title}</li>" for s in sources[:20]) + "</ul>",
        ]
        self._label.setText("".join(lines))


def _run_first_import(store: Store) -> None:
    if not store.is_empty():
        return
    dialog = _ImportProgressDialog("Importing the demo corpus…", "Cancel", 0, 0)
    dialog.setWindowTitle(APP_NAME)
    dialog.setMinimumDuration(300)
    thread = QThread()
    worker = _DemoImportWorker(store)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.sig_progress.connect(dialog.show_progress)
    # cancel() only sets a flag, so a direct call from the GUI thread is safe
    dialog.canceled.connect(worker.cancel, Qt.ConnectionType.DirectConnection)
    loop = QEventLoop()
    worker.sig_finished.connect(loop.quit)
    thread.start()
    loop.exec()  # the GUI stays responsive while the worker imports
    thread.quit()
    thread.wait()
    dialog.close()


def run_gui(target: str | Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    try:
        store = Store.open(target)
    except Exception as exc:
        QMessageBox.critical(None, APP_NAME, f"Cannot open the database {target}:\n{exc}")
        return 2
    _run_first_import(store)
    window = PlaceholderWindow(store)
    window.show()
    code = app.exec()
    store.close()
    return code
