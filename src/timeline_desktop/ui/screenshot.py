"""Rendering the main window to a PNG without a screen (README images, tests, smoke checks)."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings


def render_screenshot(
    target: str | Path,
    out: Path,
    people: Sequence[str] = (),
    select: int | None = None,
    size: tuple[int, int] = (1600, 1000),
    settle_s: float = 1.5,
) -> Path:
    """Open the database in the main window, apply the filter and selection, save a PNG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from timeline_desktop.ingest.demo import import_demo_if_empty
    from timeline_desktop.store.repository import Store
    from timeline_desktop.ui.app import make_application
    from timeline_desktop.ui.main_window import MainWindow
    from timeline_desktop.ui.tasks import wait_for_tasks

    app = make_application([])
    store = Store.open(target)
    import_demo_if_empty(store)
    with tempfile.TemporaryDirectory() as tmp:
        # a throwaway settings file: a screenshot never changes the user's window layout
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(store, settings)
        window.backups.automatic = False  # a screenshot is no working session to back up
        window.resize(*size)
        window.show()
        if people:
            window.state.set_people(tuple(people))
        if select is not None:
            window.state.select((select,))
        deadline = time.monotonic() + settle_s
        while time.monotonic() < deadline:
            wait_for_tasks(2000)
            app.processEvents()
            time.sleep(0.02)
        image = window.grab()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out)):
            raise OSError(f"could not write {out}")
        window.close()
    store.close()
    return out
