"""The timeline view as an image: PNG (pixels) or SVG (vectors), from the app or the CLI.

In the app, File > Export View as Image saves what the timeline shows, as it is zoomed. On
the command line (`export --png/--svg`) a timeline of the filtered events is laid out
offscreen at the given size, zoomed to fit, with a lane per category when they have
categories (else one lane), and saved the same way.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from timeline_desktop.domain.model import EventFilter
from timeline_desktop.export.files import atomic_output
from timeline_desktop.store.repository import Store

IMAGE_KINDS = ("png", "svg")


def save_widget_image(widget: QWidget, out: Path, kind: str | None = None) -> Path:
    """Save a widget as PNG or SVG (by `kind`, else by the file's suffix)."""
    kind = (kind or out.suffix.lstrip(".") or "png").lower()
    if kind not in IMAGE_KINDS:
        raise OSError(f"cannot write {out}: images are PNG or SVG, not {kind!r}")
    with atomic_output(out) as tmp:
        if kind == "png":
            if not widget.grab().save(str(tmp), "PNG"):
                raise OSError(f"could not write {out}")
        else:
            try:
                from PySide6.QtSvg import QSvgGenerator
            except ImportError:
                raise OSError(f"cannot write {out}: SVG is not available in this build") from None
            generator = QSvgGenerator()
            generator.setFileName(str(tmp))
            generator.setSize(widget.size())
            generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
            generator.setTitle("Timeline Desktop")
            generator.setDescription(out.stem)
            painter = QPainter(generator)
            try:
                widget.render(painter, QPoint(0, 0))
            finally:
                painter.end()
            if not tmp.exists() or tmp.stat().st_size == 0:
                raise OSError(f"could not write {out}")
    return out


def write_view_image(
    store: Store,
    out: Path,
    flt: EventFilter | None,
    size: tuple[int, int] = (1600, 900),
    kind: str | None = None,
    settle_s: float = 1.0,
) -> int:
    """Lay out a timeline of the filtered events offscreen and save it; returns how many."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from timeline_desktop.ui.app import make_application
    from timeline_desktop.ui.state import AppState, LaneMode
    from timeline_desktop.ui.tasks import wait_for_tasks
    from timeline_desktop.ui.timeline.view import TimelineWidget

    app = make_application([])
    state = AppState(store)
    if flt is not None:
        state.set_filter(flt)
    if any(c.event_count for c in store.categories()):
        state.set_lanes(LaneMode.CATEGORIES)
    view = TimelineWidget(state)
    view.resize(QSize(*size))
    view.show()
    deadline = time.monotonic() + 30
    settled_at = None
    while time.monotonic() < deadline:
        wait_for_tasks(500)
        app.processEvents()
        if view.is_loading():
            settled_at = None
        elif settled_at is None:
            view.zoom_to_fit()
            settled_at = time.monotonic()
        elif time.monotonic() - settled_at > settle_s:
            break
        time.sleep(0.02)
    count = store.count_events(flt)
    save_widget_image(view, out, kind)
    view.close()
    return count
