"""Application start-up: QApplication, style and palette, the database, the main window.

On first start with an empty database the bundled demo corpus is imported in the
background (with a progress dialog), so the window is never empty for long.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from timeline_desktop import __version__
from timeline_desktop.paths import APP_NAME
from timeline_desktop.store.repository import Store

ORGANIZATION = "Timeline Desktop"


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
    app.setStyle("Fusion")  # consistent look; Qt 6 follows the system's light or dark scheme
    font = app.font()
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    return app


def run_gui(target: str | Path) -> int:
    app = make_application()
    from timeline_desktop.ui.main_window import MainWindow

    try:
        store = Store.open(target)
    except Exception as exc:
        QMessageBox.critical(None, APP_NAME, f"Cannot open the database {target}:\n{exc}")
        return 2
    window = MainWindow(store, QSettings())
    window.remember_database(str(target))
    window.show()
    if store.is_empty():
        window.import_paths(None)  # the demo corpus, in the background
    code = app.exec()
    window.state.store.close()
    return code
