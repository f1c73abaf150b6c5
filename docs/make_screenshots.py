"""Render the README's screenshots offscreen (no display needed).

    .venv/bin/python docs/make_screenshots.py [--seeds ../shared/corpus/seeds]

Each image is the real main window (or a real dialog in it) on a throwaway database: the
seed corpus when it is beside the repository, else the bundled demo corpus. Settings go to a
temporary file, so the user's layout is never touched.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QSettings
from PySide6.QtGui import QColor, QImage, QPainter, QTextCursor
from PySide6.QtWidgets import QApplication, QWidget

from timeline_desktop.domain.model import Event
from timeline_desktop.ingest.demo import import_demo_if_empty
from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.ingest.propose import propose
from timeline_desktop.store.repository import Store
from timeline_desktop.ui.app import make_application
from timeline_desktop.ui.curation.editor import EventEditorDialog
from timeline_desktop.ui.main_window import MainWindow
from timeline_desktop.ui.tasks import wait_for_tasks

OUT = Path(__file__).resolve().parent / "screenshots"
REPO = Path(__file__).resolve().parents[1]


def settle(app: QApplication, seconds: float = 1.2) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        wait_for_tasks(2000)
        app.processEvents()
        time.sleep(0.02)


def save(image: QImage, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"wrote {path.relative_to(REPO)}")


def side_by_side(left: QWidget, right: QWidget, offset: QPoint) -> QImage:
    """The window with a dialog drawn over it where a window manager would place it."""
    back = left.grab().toImage()
    front = right.grab().toImage()
    canvas = QImage(back.size(), QImage.Format.Format_ARGB32)
    canvas.fill(QColor("white"))
    painter = QPainter(canvas)
    painter.drawImage(0, 0, back)
    painter.fillRect(back.rect(), QColor(0, 0, 0, 60))  # the window dims behind a modal dialog
    painter.drawImage(offset, front)
    painter.end()
    return canvas


def open_window(app: QApplication, store: Store, size: tuple[int, int], tmp: Path) -> MainWindow:
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, settings)
    window.backups.automatic = False
    window.resize(*size)
    window.show()
    settle(app)
    return window


def dated_sentence(text: str, taken: list[tuple[int, int]]) -> tuple[int, int]:
    """A sentence with a year in it that is no evidence yet: a passage worth selecting."""
    for m in re.finditer(r"[^.\n]*\b1[0-9]{3}\b[^.\n]*\.", text):
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        if all(m.end() <= a or b <= start for a, b in taken):
            return start, m.end()
    return 0, min(len(text), 120)


def best_event(store: Store, words: str | None) -> Event:
    events = store.events()
    if words:
        for e in events:
            if words.lower() in e.title.lower():
                return e
    return max(events, key=lambda e: len({ev.source_id for ev in e.evidence}))


def shoot(
    app: QApplication,
    store: Store,
    tmp: Path,
    name: str,
    size: tuple[int, int],
    prepare: Callable[[MainWindow], QImage | None],
) -> None:
    window = open_window(app, store, size, tmp)
    image = prepare(window)
    settle(app, 0.4)
    save(image if image is not None else window.grab().toImage(), name)
    window.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared/corpus/seeds")
    args = parser.parse_args()
    app = make_application([])
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        store = Store.open(tmp / "shots.db")
        if args.seeds.is_dir():
            import_paths(store, [args.seeds])
            focus = "denounced"
        else:
            import_demo_if_empty(store)
            focus = None
        event = best_event(store, focus)

        def select(window: MainWindow) -> None:
            window.state.select([event.id])
            settle(app)

        for size in ((1024, 700), (1600, 1000)):
            shoot(app, store, tmp, f"evidence-{size[0]}x{size[1]}.png", size, select)

        def edit_dialog(window: MainWindow) -> QImage:
            select(window)
            names = [p.name for p in store.people()]
            dialog = EventEditorDialog(window, names, store.event(event.id))
            dialog.start_field.edit.setText("late February 1956")
            dialog.show()
            settle(app, 0.5)
            return side_by_side(window, dialog, QPoint(260, 120))

        shoot(app, store, tmp, "curation-edit-dialog.png", (1400, 860), edit_dialog)

        def from_selection(window: MainWindow) -> QImage:
            select(window)
            panel = window.detail.current_panel()
            assert panel is not None
            text = panel.source.text
            start, end = dated_sentence(text, [(e.start, e.end) for e in event.evidence])
            cursor = QTextCursor(panel.editor.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            panel.editor.setTextCursor(cursor)
            proposal = propose(store, panel.source_id, start, end)
            dialog = EventEditorDialog(
                window,
                [p.name for p in store.people()],
                title=proposal.title,
                start=proposal.start,
                end=proposal.end,
                names=proposal.people,
                places=proposal.places,
                passage=text[start:end],
                window_title="New event from selection",
            )
            dialog.show()
            settle(app, 0.5)
            return side_by_side(window, dialog, QPoint(40, 160))

        shoot(app, store, tmp, "curation-new-from-selection.png", (1400, 860), from_selection)

        def rejected(window: MainWindow) -> None:
            ids = [e.id for e in store.events()[:3]]
            store.curation.reject(ids)
            window.state.notify_data_changed()
            window.curation.act_rejected_view.setChecked(True)
            settle(app)
            window.state.select(ids[:1])
            settle(app)

        shoot(app, store, tmp, "curation-rejected-view.png", (1400, 860), rejected)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
