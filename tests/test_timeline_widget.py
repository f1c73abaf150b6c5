"""The timeline widget against a real store: loading, drawing, selection, zoom, lanes, density."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.store.repository import Store
from timeline_desktop.ui.colors import person_color
from timeline_desktop.ui.state import AppState, LaneMode
from timeline_desktop.ui.tasks import wait_for_tasks
from timeline_desktop.ui.timeline import view as view_mod
from timeline_desktop.ui.timeline.coords import MAX_X, MIN_X, MIN_X_RANGE
from timeline_desktop.ui.timeline.view import TimelineWidget

IDES = HistDate.of_day(-43, 3, 15)  # 15 March 44 BC


@pytest.fixture
def filled(tmp_path: Path):
    store = Store.open(tmp_path / "t.db")
    caesar = store.add_person("Gaius Julius Caesar")
    cicero = store.add_person("Marcus Tullius Cicero")
    store.bulk_add_events(
        [
            ("Ides of March", IDES, None, [caesar, cicero]),
            ("Rubicon crossed", HistDate.of_day(-48, 1, 10), None, [caesar]),
            ("Cicero's consulship", HistDate.of_year(-62), None, [cicero]),
            ("Gallic War", HistDate.of_year(-57), HistDate.of_year(-49), [caesar]),
            ("c. Caesar born", HistDate.of_year(-99).with_(approximate=True), None, [caesar]),
            ("Battle of Hastings", HistDate.of_day(1066, 10, 14), None, []),
        ]
    )
    ids = {e.title: e.id for e in store.events()}
    yield store, ids, (caesar, cicero)
    store.close()


def make_widget(qtbot, state: AppState) -> TimelineWidget:
    w = TimelineWidget(state)
    qtbot.addWidget(w)
    w.resize(900, 320)
    w.show()
    qtbot.waitExposed(w)
    settle(qtbot, w)
    return w


def settle(qtbot, w: TimelineWidget) -> None:
    def done() -> bool:
        wait_for_tasks(2000)
        return w.is_settled()

    qtbot.waitUntil(done, timeout=8000)


def around(w: TimelineWidget, qtbot, x0: float, x1: float) -> None:
    w.set_x_range(x0, x1)
    settle(qtbot, w)


def ink(img: QImage, pos: QPoint, radius: int = 3) -> int:
    """Pixels near `pos` that differ clearly from the background."""
    bg = QColor(img.pixel(5, 5))
    count = 0
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            c = QColor(img.pixel(pos.x() + dx, pos.y() + dy))
            if (
                abs(c.red() - bg.red()) + abs(c.green() - bg.green()) + abs(c.blue() - bg.blue())
                > 60
            ):
                count += 1
    return count


def viewport_image(w: TimelineWidget) -> QImage:
    return w.viewport().grab().toImage()


def test_loads_and_draws_events(qtbot, filled) -> None:
    store, ids, _ = filled
    w = make_widget(qtbot, AppState(store))
    x0, x1 = w.visible_x_range()
    assert x0 < -99 and x1 > 1066  # fitted to the data
    around(w, qtbot, -45, -42)
    pos = w.event_pos(ids["Ides of March"])
    assert pos is not None
    img = viewport_image(w)
    assert ink(img, pos) > 10
    assert ink(img, QPoint(pos.x(), 3), radius=1) == 0 or pos.y() < 10  # not everything is ink
    assert w.ids_at(pos)[0] == ids["Ides of March"]


def test_click_selects_ctrl_click_adds_and_empty_click_clears(qtbot, filled) -> None:
    store, ids, _ = filled
    state = AppState(store)
    w = make_widget(qtbot, state)
    around(w, qtbot, -50, -42)
    ides, rubicon = w.event_pos(ids["Ides of March"]), w.event_pos(ids["Rubicon crossed"])
    qtbot.mouseClick(w.viewport(), Qt.MouseButton.LeftButton, pos=ides)
    assert state.selection == (ids["Ides of March"],)
    qtbot.mouseClick(
        w.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, rubicon
    )
    assert set(state.selection) == {ids["Ides of March"], ids["Rubicon crossed"]}
    qtbot.mouseClick(
        w.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, rubicon
    )
    assert state.selection == (ids["Ides of March"],)
    empty = QPoint(w.viewport().width() - 5, ides.y())
    assert w.ids_at(empty) == []
    qtbot.mouseClick(w.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    assert state.selection == ()


def test_double_click_activates(qtbot, filled) -> None:
    store, ids, _ = filled
    w = make_widget(qtbot, AppState(store))
    around(w, qtbot, -45, -42)
    pos = w.event_pos(ids["Ides of March"])
    with qtbot.waitSignal(w.sig_event_activated, timeout=2000) as blocker:
        # as a real double-click: press, release, double-click, release
        qtbot.mouseClick(w.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        qtbot.mouseDClick(w.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        qtbot.mouseRelease(w.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [ids["Ides of March"]]


def test_selection_from_outside_is_highlighted(qtbot, filled) -> None:
    store, ids, _ = filled
    state = AppState(store)
    w = make_widget(qtbot, state)
    around(w, qtbot, -45, -42)
    pos = w.event_pos(ids["Ides of March"])
    before = viewport_image(w)
    state.select([ids["Ides of March"]])
    settle(qtbot, w)
    after = viewport_image(w)
    assert ink(after, pos, radius=6) > ink(before, pos, radius=6)
    w.zoom_to_fit()
    state.select([ids["Battle of Hastings"]])
    w.zoom_to_selection()
    x0, x1 = w.visible_x_range()
    assert x0 < 1066.8 < x1 and 1 <= x1 - x0 < 1.2  # the event with about a year around it


def test_wheel_zooms_around_the_cursor_and_limits_hold(qtbot, filled) -> None:
    store, _, _ = filled
    w = make_widget(qtbot, AppState(store))
    around(w, qtbot, -100, 100)
    vp = w.viewport()
    cursor = QPointF(vp.width() * 0.25, vp.height() / 2)
    x0, x1 = w.visible_x_range()

    def x_at(px: float) -> float:
        a, b = w.visible_x_range()
        left = vp.width() - w._vb.sceneBoundingRect().width()  # the lane axis sits at the left
        return a + (b - a) * (px - left) / w._vb.sceneBoundingRect().width()

    anchor = x_at(cursor.x())
    wheel = QWheelEvent(
        cursor, vp.mapToGlobal(cursor), QPoint(), QPoint(0, 240),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(vp, wheel)
    y0, y1 = w.visible_x_range()
    assert y1 - y0 < (x1 - x0) * 0.8
    assert x_at(cursor.x()) == pytest.approx(anchor, abs=(x1 - x0) * 0.01)

    w.zoom_out()
    a, b = w.visible_x_range()
    assert b - a == pytest.approx((y1 - y0) * 2, rel=0.01)
    for _ in range(20):
        w.zoom_out()
    a, b = w.visible_x_range()
    assert a >= MIN_X - 1e-6 and b <= MAX_X + 1e-6
    for _ in range(40):
        w.zoom_in()
    a, b = w.visible_x_range()
    assert b - a >= MIN_X_RANGE * 0.99
    assert w.visible_day_range()[1] - w.visible_day_range()[0] >= 1.4


def test_keyboard_zoom_and_pan(qtbot, filled) -> None:
    store, _, _ = filled
    w = make_widget(qtbot, AppState(store))
    around(w, qtbot, -100, 100)
    w.setFocus()
    qtbot.keyClick(w.viewport(), Qt.Key.Key_Plus)
    a, b = w.visible_x_range()
    assert b - a == pytest.approx(100, rel=0.01)
    qtbot.keyClick(w.viewport(), Qt.Key.Key_Right)
    c, _ = w.visible_x_range()
    assert c == pytest.approx(a + 10, rel=0.01)


def test_filter_change_reloads_and_lanes_follow_people(qtbot, filled) -> None:
    store, ids, (caesar, _cicero) = filled
    state = AppState(store)
    w = make_widget(qtbot, state)
    assert w.lane_names() == ["All events"]
    state.set_people(("Marcus Tullius Cicero",))
    settle(qtbot, w)
    around(w, qtbot, -70, -40)
    shown = {i for lf in w._item.frame.lanes for i in lf.ids.tolist()}
    assert shown == {ids["Ides of March"], ids["Cicero's consulship"]}

    state.set_lanes(LaneMode.PEOPLE)
    settle(qtbot, w)
    assert w.lane_names() == ["Marcus Tullius Cicero"]
    state.set_people(())
    settle(qtbot, w)
    assert w.lane_names()[:2] == ["Gaius Julius Caesar", "Marcus Tullius Cicero"]
    assert w._lanes[0].color == person_color(caesar).name()
    assert w.lane_names()[-1] == "Other people"  # Hastings involves neither

    state.set_lanes(LaneMode.SOURCES)
    settle(qtbot, w)
    assert w.lane_names() == ["No source"]


def test_unknown_person_shows_a_message_not_an_error(qtbot, filled) -> None:
    store, _, _ = filled
    state = AppState(store)
    w = make_widget(qtbot, state)
    state.set_people(("Nobody At All",))
    settle(qtbot, w)
    assert "Nobody At All" in w._message


def test_tooltip_text_has_title_date_and_people(qtbot, filled) -> None:
    store, ids, _ = filled
    w = make_widget(qtbot, AppState(store))
    around(w, qtbot, -45, -42)
    qtbot.mouseMove(w.viewport(), w.event_pos(ids["Ides of March"]))  # details fetched on hover
    qtbot.waitUntil(lambda: ids["Ides of March"] in w._details, timeout=3000)
    html = w.tooltip_html(ids["Ides of March"])
    assert "Ides of March" in html and "15 March 44 BC" in html and "Cicero" in html


def test_shift_drag_selects_a_time_span(qtbot, filled) -> None:
    store, ids, _ = filled
    state = AppState(store)
    w = make_widget(qtbot, state)
    around(w, qtbot, -50, -42)
    w._on_vb_band(-48.5, -42.5, False)
    assert w._band.isVisible()
    w._on_vb_band(-48.5, -42.5, True)
    assert set(state.selection) == {ids["Rubicon crossed"], ids["Ides of March"], ids["Gallic War"]}
    assert not w._band.isVisible()


def test_density_when_crowded_and_events_when_zoomed_in(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(view_mod, "ASYNC_EVENTS", 1000)  # exercise off-thread rebuilds
    store = Store.open(tmp_path / "t.db")
    rng = random.Random(7)
    days = rng.choices(
        range(HistDate.of_year(1000).earliest_day(), HistDate.of_year(1500).latest_day()), k=30_000
    )
    from timeline_desktop.domain.dates import from_day_number

    store.bulk_add_events(
        (f"Event {i}", HistDate.of_day(*from_day_number(d)), None, []) for i, d in enumerate(days)
    )
    try:
        w = make_widget(qtbot, AppState(store))
        assert w.lane_modes() == ["density"]
        img = viewport_image(w)
        mid = QPoint(w.viewport().width() // 2 + 60, w.viewport().height() - 40)
        assert ink(img, mid, radius=4) > 0
        around(w, qtbot, 1250.0, 1250.2)
        assert w.lane_modes() == ["events"]
        frame = w._item.frame
        assert 0 < len(frame.lanes[0].ids) <= 3000
        assert frame.labels  # titles fetched lazily, labels placed where they fit
        w.zoom_to_fit()
        settle(qtbot, w)
        assert w.lane_modes() == ["density"]
    finally:
        store.close()
