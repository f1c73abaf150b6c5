"""Each pane rendered offscreen on the demo corpus: a smoke test that they paint real content.

Set TIMELINE_PANE_SHOTS to a folder to keep the PNGs for a look.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.store.repository import Store
from timeline_desktop.ui.panes.detail_pane import DetailPane
from timeline_desktop.ui.panes.event_list import EventListPane
from timeline_desktop.ui.panes.people_panel import PeoplePanel
from timeline_desktop.ui.state import AppState
from timeline_desktop.ui.tasks import wait_for_tasks

DEMO = Path(__file__).resolve().parents[1] / "resources" / "demo"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "t.db"
    store = Store.open(path)
    import_paths(store, [DEMO])
    store.close()
    return path


@pytest.fixture
def state(demo_db: Path):
    store = Store.open(demo_db)
    yield AppState(store)
    wait_for_tasks()
    store.close()


def save(widget, name: str, tmp_path: Path) -> QImage:
    folder = Path(os.environ.get("TIMELINE_PANE_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path))
    image = QImage(str(path))
    assert not image.isNull()
    return image


def colours(image: QImage) -> int:
    """Distinct colours on a coarse grid: a blank or single-colour widget has very few."""
    step = 7
    return len(
        {image.pixel(x, y) for x in range(0, image.width(), step)
         for y in range(0, image.height(), step)}
    )  # fmt: skip


def test_render_the_panes(qtbot, state: AppState, tmp_path: Path) -> None:
    people = PeoplePanel(state)
    events = EventListPane(state)
    detail = DetailPane(state)
    for widget, size in ((people, (280, 560)), (events, (1000, 360)), (detail, (1100, 760))):
        qtbot.addWidget(widget)
        widget.resize(*size)
        widget.show()
    qtbot.waitUntil(lambda: people.model.rowCount() > 10 and events.model.rowCount() > 10)
    best = max(state.store.events(), key=lambda e: len({x.source_id for x in e.evidence}))
    with qtbot.waitSignal(detail.sig_shown, timeout=5000):
        state.select((best.id,))
    qtbot.waitUntil(lambda: events.model.row_data(events.model.row_of(best.id)) is not None)
    qtbot.wait(50)
    assert len(detail.source_panels()) >= 2
    assert colours(save(people, "people", tmp_path)) > 20
    assert colours(save(events, "events", tmp_path)) > 20
    assert colours(save(detail, "detail", tmp_path)) > 20
