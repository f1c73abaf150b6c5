"""Application start-up: QApplication, style and palette, the database, the main window.

On first start with an empty database the bundled demo corpus is imported in the
background (with a progress dialog), so the window is never empty for long.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from timeline_desktop import __version__
from timeline_desktop.paths import APP_NAME, resources_dir
from timeline_desktop.store.engine import display_target, redact
from timeline_desktop.store.repository import Store

ORGANIZATION = "Timeline Desktop"
APP_ID = "org.timelinedesktop.TimelineDesktop"


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        icon.addFile(str(resources_dir() / "icons" / f"timeline-desktop-{size}.png"))
    return icon


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, configured once: names for QSettings, Fusion style, HiDPI."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)  # Wayland: match the window to its .desktop
    app.setWindowIcon(app_icon())
    app.setStyle("Fusion")  # consistent look; Qt 6 follows the system's light or dark scheme
    font = app.font()
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    return app


def run_gui(target: str | Path) -> int:
    """Started by double-click there is no terminal: errors go to a log file and a dialog."""
    from timeline_desktop.logs import setup_logging
    from timeline_desktop.ui.errors import install_excepthook
    from timeline_desktop.ui.main_window import MainWindow

    log_path = setup_logging()
    app = make_application()
    window: MainWindow | None = None
    install_excepthook(lambda: window)
    logging.getLogger(__name__).info(
        "%s %s on %s (log: %s)", APP_NAME, __version__, display_target(target), log_path
    )

    try:
        store = Store.open(target)
    except Exception as exc:
        QMessageBox.critical(
            None,
            APP_NAME,
            f"Cannot open the database {display_target(target)}:\n{redact(str(exc), target)}",
        )
        return 2
    window = MainWindow(store, QSettings())
    window.remember_database(str(target))
    window.show()
    if store.is_empty():
        window.import_paths(None)  # the demo corpus, in the background
    code = app.exec()
    window.state.store.close()
    return code
