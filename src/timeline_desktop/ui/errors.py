"""Desktop behaviour without a terminal: a log file, and uncaught errors shown instead of lost.

An app started by double-click has no console. Without this module a traceback goes to a stderr
nobody reads (or nowhere: a windowed Windows build has no stderr at all), and the user only sees
that something silently did not happen. Here every uncaught exception is written to a rotating
log file in the user's data directory and shown in a dialog that says where that log is.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from timeline_desktop.logs import log_file
from timeline_desktop.paths import APP_NAME

log = logging.getLogger("timeline_desktop")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def show_error_dialog(parent: QWidget | None, text: str, informative: str, details: str) -> None:
    """The modal error box. A module-level function so tests can replace it."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(APP_NAME)
    box.setText(text)
    box.setInformativeText(informative)
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


class _Reporter(QObject):
    """Lives in the GUI thread: an exception raised in a worker thread reaches the dialog via a
    queued signal, because widgets must only be created in the GUI thread."""

    report = Signal(str, str, str)

    def __init__(self, parent_getter: Callable[[], QWidget | None]) -> None:
        super().__init__()
        self._parent_getter = parent_getter
        self._showing = False
        self.report.connect(self._show)

    @Slot(str, str, str)
    def _show(self, text: str, informative: str, details: str) -> None:
        if self._showing:  # an error while the box is open (e.g. in a repaint): log only
            return
        self._showing = True
        try:
            parent = self._parent_getter()
            show_error_dialog(parent, text, informative, details)
        except Exception:
            log.exception("could not show the error dialog")
        finally:
            self._showing = False


def install_excepthook(
    parent_getter: Callable[[], QWidget | None] = lambda: None,
) -> Callable[[], None]:
    """Log every uncaught exception and show it in a dialog (with the log file's path).

    Call after the QApplication exists. `parent_getter` returns the window to centre the dialog
    on (or None); it is called when an error happens, so the window may be created later.
    Exceptions in Python threads are logged through `threading.excepthook` and shown the same
    way. Returns a function that restores the previous hooks (for tests).
    """
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("install_excepthook needs a QApplication")
    reporter = _Reporter(parent_getter)
    reporter.moveToThread(app.thread())
    previous_hook, previous_thread_hook = sys.excepthook, threading.excepthook

    def handle(exc_info: ExcInfo) -> None:
        exc_type, exc, tb = exc_info
        if issubclass(exc_type, KeyboardInterrupt):
            previous_hook(exc_type, exc, tb)
            return
        log.critical("Uncaught exception", exc_info=exc_info)
        path = log_file()
        where = f"The details were written to {path}." if path else ""
        # From the GUI thread this shows the dialog at once; from a worker, it is queued.
        reporter.report.emit(
            f"{APP_NAME} ran into an unexpected error. Your data is saved; the last action may "
            "not have completed.",
            f"{exc_type.__name__}: {exc}\n\n{where}".strip(),
            "".join(traceback.format_exception(exc_type, exc, tb)),
        )

    def excepthook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        handle((exc_type, exc, tb))

    def thread_excepthook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        handle((args.exc_type, args.exc_value, args.exc_traceback))

    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook

    def uninstall() -> None:
        sys.excepthook, threading.excepthook = previous_hook, previous_thread_hook
        reporter.deleteLater()

    return uninstall
