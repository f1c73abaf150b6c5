"""The timeline as a new user meets it (issue 14): lane names, fitting with room for labels,
clicking labels, the year on a day axis, search matches highlighted, and labels that arrive
with the data (no second fetch)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.store.repository import Store
from timeline_desktop.ui.state import AppState, LaneMode
from timeline_desktop.ui.tasks import wait_for_tasks
from timeline_desktop.ui.timeline import items as items_mod
from timeline_desktop.ui.timeline.view import TimelineWidget

MATCH = QColor("#D81B60")  # the ring of a highlighted event on a light background


def make_widget(qtbot, state: AppState, size: tuple[int, int] = (900, 360)) -> TimelineWidget:
    w = TimelineWidget(state)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    settle(qtbot, w)
    return w


def settle(qtbot, w: TimelineWidget) -> None:
    def done() -> bool:
        wait_for_tasks(2000)
        return w.is_settled()

    qtbot.waitUntil(done, timeout=8000)


def image(w: TimelineWidget) -> QImage:
    return w.viewport().grab().toImage()


def ink(img: QImage, x0: int, y0: int, x1: int, y1: int) -> int:
    """Pixels in a rectangle that differ clearly from the background (top-left pixel)."""
    bg = QColor(img.pixel(img.width() - 2, 2))
    count = 0
    for x in range(max(x0, 0), min(x1, img.width())):
        for y in range(max(y0, 0), min(y1, img.height())):
            c = QColor(img.pixel(x, y))
            if (
                abs(c.red() - bg.red()) + abs(c.green() - bg.green()) + abs(c.blue() - bg.blue())
                > 90
            ):
                count += 1
    return count


def near_color(img: QImage, centre: QPoint, color: QColor, radius: int = 12) -> int:
    count = 0
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            c = QColor(img.pixel(centre.x() + dx, centre.y() + dy))
            if (
                abs(c.red() - color.red()) + abs(c.green() - color.green())
                + abs(c.blue() - color.blue()) < 60
            ):  # fmt: skip
                count += 1
    return count


def gutter(w: TimelineWidget) -> float:
    """Where the drawing area starts: the width the lane names take."""
    return w._vb.sceneBoundingRect().left()


def shown_lane_names(w: TimelineWidget) -> list[str]:
    """The lane names as the axis draws them (shortened where long)."""
    return [text for _, text in w._lane_axis._tickLevels[0]]


@pytest.fixture
def people_store(tmp_path: Path):
    """A few people, and at the right end a cluster of events with labels of ordinary length:
    what piled up at the right edge, labelled with a few letters, before fitting knew labels."""
    store = Store.open(tmp_path / "t.db")
    caesar = store.add_person("Gaius Julius Caesar")
    cicero = store.add_person("Marcus Tullius Cicero")
    brutus = store.add_person("Marcus Junius Brutus")
    store.bulk_add_events(
        [
            ("Caesar is captured by pirates", HistDate.of_year(-74), None, [caesar]),
            ("Cicero denounces Catiline", HistDate.of_day(-62, 11, 8), None, [cicero]),
            ("Caesar crosses the Rubicon", HistDate.of_day(-48, 1, 10), None, [caesar]),
            ("Caesar is murdered in the Theatre of Pompey", HistDate.of_day(-43, 3, 15), None,
             [caesar, brutus, cicero]),
            ("Brutus and Cassius leave Rome", HistDate.of_month(-43, 4), None, [brutus]),
            ("Cicero delivers the first Philippic", HistDate.of_day(-43, 9, 2), None, [cicero]),
            ("Cicero is killed at Formiae", HistDate.of_day(-42, 12, 7), None, [cicero]),
            ("Brutus dies after Philippi", HistDate.of_day(-41, 10, 23), None, [brutus]),
        ]
    )  # fmt: skip
    yield store, {e.title: e.id for e in store.events()}
    store.close()


# --- lanes -------------------------------------------------------------------------------------


def test_people_lanes_show_their_names_on_the_first_switch(qtbot, people_store) -> None:
    store, _ = people_store
    state = AppState(store)
    w = make_widget(qtbot, state)
    assert gutter(w) < 5  # one lane: no names, no gutter
    state.set_lanes(LaneMode.PEOPLE)  # the first switch in this session
    settle(qtbot, w)
    assert w.lane_names()[:3] == [
        "Marcus Tullius Cicero", "Gaius Julius Caesar", "Marcus Junius Brutus",
    ]  # fmt: skip
    left = int(gutter(w))
    assert left >= 80
    img = image(w)
    top, height = w._vb.sceneBoundingRect().top(), w._vb.sceneBoundingRect().height()
    n = len(w.lane_names())
    for i in range(n):  # every lane has its name written beside it
        y = int(top + (i + 0.5) * height / n)
        assert ink(img, 0, y - 6, left, y + 6) > 30, w.lane_names()[i]
    assert all("…" not in text for text in shown_lane_names(w))  # short names stay whole


def test_going_back_to_one_lane_leaves_no_gutter(qtbot, people_store) -> None:
    store, ids = people_store
    state = AppState(store)
    w = make_widget(qtbot, state)
    state.set_lanes(LaneMode.PEOPLE)
    settle(qtbot, w)
    assert gutter(w) >= 80
    state.set_lanes(LaneMode.SINGLE)
    settle(qtbot, w)
    assert gutter(w) < 5
    first = w.event_pos(ids["Caesar is captured by pirates"])
    assert first is not None and first.x() < 0.1 * w.viewport().width()  # events use the room
    img = image(w)
    assert ink(img, 0, 0, 40, img.height() - 40) < 200  # no names left behind


HTML = """<html><head><title>{title}</title></head><body>
<p>{body}</p></body></html>"""


def test_source_lanes_tell_sources_apart(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    prefix = "The secret speech of Nikita Khrushchev to the Twentieth Party Congress"
    (folder / "a.html").write_text(
        HTML.format(
            title=f"{prefix} - Wikipedia",
            body="On 25 February 1956 Nikita Khrushchev denounced Stalin in a closed session.",
        ),
        encoding="utf-8",
    )
    (folder / "b.html").write_text(
        HTML.format(
            title=f"{prefix} - Encyclopaedia Britannica",
            body="In June 1956 the text of the speech was published in the West.",
        ),
        encoding="utf-8",
    )
    store = Store.open(tmp_path / "t.db")
    try:
        import_paths(store, [folder])
        state = AppState(store)
        w = make_widget(qtbot, state, size=(1024, 400))
        state.set_lanes(LaneMode.SOURCES)
        settle(qtbot, w)
        names = [n for n in w.lane_names() if n != "No source"]
        assert len(names) == 2 and all(n.startswith(prefix) for n in names)
        shown = shown_lane_names(w)[:2]
        assert shown[0] != shown[1]  # shortened in the middle: the ends tell them apart
        assert any("Wikipedia" in s for s in shown) and any("Britannica" in s for s in shown)
        assert all("…" in s for s in shown)  # they were too long for the gutter
        top, height = w._vb.sceneBoundingRect().top(), w._vb.sceneBoundingRect().height()
        n = len(w.lane_names())
        for i, name in enumerate(names):
            tip = w.lane_tooltip_at(QPointF(gutter(w) / 2, top + (i + 0.5) * height / n))
            assert tip is not None and name in tip  # the full title on hover
    finally:
        store.close()


def test_source_names_with_the_same_title_say_their_file() -> None:
    from timeline_desktop.ui.timeline.lanes import source_names

    assert source_names([("Notes", "rome.txt"), ("Notes", "paris.txt"), ("", "x.csv")]) == [
        "Notes (rome.txt)",
        "Notes (paris.txt)",
        "x.csv",
    ]


# --- fitting and labels ------------------------------------------------------------------------


def labels_fit_inside(w: TimelineWidget, titles: dict[int, str], last: list[int]) -> None:
    """The last events are labelled with their whole titles, and every label is inside."""
    width = w.viewport().width()
    frame = w._item.frame
    assert frame is not None and frame.labels
    for lb in frame.labels:
        rect = w.label_rect(lb.event_id)
        assert rect is not None and rect.left() >= 0 and rect.right() <= width + 1, lb.text
    labelled = {lb.event_id: lb.text for lb in frame.labels}
    for eid in last:
        assert labelled.get(eid) == titles[eid]  # not "Cic" or "Brutus d…"


def test_filter_change_fits_the_events_with_room_for_their_labels(qtbot, people_store) -> None:
    store, ids = people_store
    titles = {i: t for t, i in ids.items()}
    state = AppState(store)
    w = make_widget(qtbot, state)
    state.set_people(("Marcus Tullius Cicero",))
    settle(qtbot, w)
    x0, x1 = w.visible_x_range()
    assert x0 < -62 and x1 > -41.9 and x1 - x0 < 60  # re-fitted to Cicero's events
    last = [ids["Cicero is killed at Formiae"], ids["Cicero delivers the first Philippic"]]
    labels_fit_inside(w, titles, last)

    state.set_people(("Marcus Junius Brutus",))
    settle(qtbot, w)
    labels_fit_inside(w, titles, [ids["Brutus dies after Philippi"]])
    assert w.visible_x_range()[0] > -44  # Brutus's events only: 44-42 BC


def test_zoom_to_fit_leaves_room_for_labels(qtbot, people_store) -> None:
    store, ids = people_store
    titles = {i: t for t, i in ids.items()}
    w = make_widget(qtbot, AppState(store))
    w.set_x_range(500, 900)  # somewhere else
    settle(qtbot, w)
    w.zoom_to_fit()
    settle(qtbot, w)
    labels_fit_inside(w, titles, [ids["Brutus dies after Philippi"]])
    x0, _ = w.visible_x_range()
    assert x0 < -73  # the first event too


def test_clicking_a_label_selects_its_event(qtbot, people_store) -> None:
    store, ids = people_store
    state = AppState(store)
    w = make_widget(qtbot, state)
    eid = ids["Cicero delivers the first Philippic"]
    w.set_x_range(-44.5, -41)
    settle(qtbot, w)
    rect = w.label_rect(eid)
    assert rect is not None
    spot = QPoint(int(rect.left() + rect.width() * 0.75), int(rect.center().y()))
    assert w.event_pos(eid).x() < rect.left()  # the spot is on the text, not the marker
    qtbot.mouseClick(w.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert state.selection == (eid,)
    qtbot.mouseClick(w.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(spot.x(), 3))
    assert state.selection == ()  # empty space still clears


def test_labels_arrive_with_the_data_without_a_second_fetch(qtbot, people_store, monkeypatch):
    store, _ = people_store
    calls: list[int] = []
    real = Store.events_by_id

    def counting(self, event_ids, with_evidence=True):
        calls.append(len(event_ids))
        return real(self, event_ids, with_evidence)

    monkeypatch.setattr(Store, "events_by_id", counting)
    state = AppState(store)
    at_load: list[int] = []
    w = TimelineWidget(state)
    qtbot.addWidget(w)
    w.sig_loaded.connect(lambda: at_load.append(len(w._item.frame.labels)))
    w.resize(900, 360)
    w.show()
    settle(qtbot, w)
    assert at_load and at_load[0] >= 6  # the first frame drawn is already labelled
    state.set_people(("Gaius Julius Caesar",))
    settle(qtbot, w)
    w.zoom_in()
    settle(qtbot, w)
    assert calls == []


def test_uncertain_dates_are_drawn_from_the_arrays(qtbot, tmp_path: Path) -> None:
    """'c. 1950' is a soft bar fading at both ends, 'before 1800' fades to the left, a range
    is a solid bar: known at the first frame, with no details fetched."""
    store = Store.open(tmp_path / "t.db")
    try:
        store.bulk_add_events(
            [
                ("About 1950", HistDate.of_year(1950).with_(approximate=True), None, []),
                ("A range", HistDate.of_year(1900), HistDate.of_year(1910), []),
                ("Plain year", HistDate.of_year(1850), None, []),
            ]
        )
        w = make_widget(qtbot, AppState(store))
        lf = w._item.frame.lanes[0]
        assert len(lf.solid) == 1 and len(lf.soft) == 2  # range; c. 1950 and 1850
        fading = [r for band in lf.fuzzy for r in band]
        assert len(fading) == 2 * items_mod.FUZZY_STEPS  # both ends of "c. 1950" only
    finally:
        store.close()


# --- axis --------------------------------------------------------------------------------------


def drawn_axis_labels(w: TimelineWidget) -> list[str]:
    axis = w._axis
    img = QImage(int(axis.width()) + 1, int(axis.height()) + 1, QImage.Format.Format_ARGB32)
    painter = QPainter(img)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _, _, text in specs[2]] if specs else []


@pytest.mark.parametrize("span_days", [2, 5, 20])
def test_the_axis_at_day_zoom_shows_the_year(qtbot, people_store, span_days: int) -> None:
    store, _ = people_store
    w = make_widget(qtbot, AppState(store))
    start = HistDate.of_day(-43, 3, 14).axis()
    w.set_x_range(start, start + span_days / 365.2425)
    settle(qtbot, w)
    shown = drawn_axis_labels(w)
    assert shown and all(text.endswith("44 BC") for text in shown), shown


def test_a_day_event_at_day_zoom_is_a_dot(qtbot, people_store) -> None:
    """Qt strokes a wide cosmetic point as a line across the view at large x scales: the
    Ides of March at day zoom became a bar to the right edge."""
    store, ids = people_store
    w = make_widget(qtbot, AppState(store))
    ides = ids["Caesar is murdered in the Theatre of Pompey"]
    start = HistDate.of_day(-43, 3, 13).axis()
    w.set_x_range(start, start + 5 / 365.2425)
    settle(qtbot, w)
    pos, img = w.event_pos(ides), image(w)
    assert ink(img, pos.x() - 4, pos.y() - 4, pos.x() + 5, pos.y() + 5) > 20
    label = w.label_rect(ides)
    assert label is not None
    beyond = int(label.right()) + 10  # past the label, the row is empty
    assert ink(img, beyond, pos.y() - 4, img.width(), pos.y() + 5) == 0


# --- search matches ----------------------------------------------------------------------------


def test_highlighted_events_get_a_ring_and_all_events_stay(qtbot, people_store) -> None:
    store, ids = people_store
    w = make_widget(qtbot, AppState(store))
    w.set_x_range(-49, -40)
    settle(qtbot, w)
    shown = {i for lf in w._item.frame.lanes for i in lf.ids.tolist()}
    ides, philippic = (
        ids["Caesar is murdered in the Theatre of Pompey"],
        ids["Cicero delivers the first Philippic"],
    )
    before = image(w)
    assert near_color(before, w.event_pos(ides), MATCH) == 0
    w.set_highlighted([philippic, ides, 10_000])  # an id not shown is ignored
    settle(qtbot, w)
    after = image(w)
    assert near_color(after, w.event_pos(ides), MATCH) > 15
    assert near_color(after, w.event_pos(philippic), MATCH) > 15
    rubicon = w.event_pos(ids["Caesar crosses the Rubicon"])
    assert near_color(after, rubicon, MATCH) == 0
    assert {i for lf in w._item.frame.lanes for i in lf.ids.tolist()} == shown
    assert w.highlighted_ids() == [ides, philippic]  # chronological, for next/previous
    bold = {lb.event_id for lb in w._item.frame.labels if lb.emphasis}
    assert bold <= {ides, philippic} and bold

    w.set_highlighted([])
    settle(qtbot, w)
    assert near_color(image(w), w.event_pos(ides), MATCH) == 0


def test_center_on_a_match_brings_it_into_view(qtbot, people_store) -> None:
    store, ids = people_store
    w = make_widget(qtbot, AppState(store))
    pirates = ids["Caesar is captured by pirates"]
    w.set_x_range(-45, -40)
    settle(qtbot, w)
    assert w.event_pos(pirates) is None or not (0 < w.event_pos(pirates).x() < 900)
    assert w.center_on(pirates)
    settle(qtbot, w)
    x0, x1 = w.visible_x_range()
    assert (x0 + x1) / 2 == pytest.approx(HistDate.of_year(-74).axis(), abs=0.01)
    assert x1 - x0 == pytest.approx(5, rel=0.01)  # the zoom is kept
    assert w.label_rect(pirates) is not None
    assert not w.center_on(987_654)


def test_highlighted_events_show_in_a_density_strip(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(items_mod, "DENSITY_THRESHOLD", 100)
    store = Store.open(tmp_path / "t.db")
    try:
        rng = np.random.default_rng(3)
        years = rng.integers(1000, 1500, 600)
        store.bulk_add_events(
            (f"E{i}", HistDate.of_year(int(y)), None, []) for i, y in enumerate(years)
        )
        w = make_widget(qtbot, AppState(store))
        assert w.lane_modes() == ["density"]
        target = int(store.timeline().ids[300])
        w.set_highlighted([target])
        settle(qtbot, w)
        lf = w._item.frame.lanes[0]
        assert lf.match_ticks is not None and not lf.match_ticks.isEmpty()
        x = lf.match_ticks.boundingRect().center().x() + w._item.frame.origin
        centre = w._vb.mapViewToScene(QPointF(x, 0.5))
        assert near_color(image(w), w._plot.mapFromScene(centre), MATCH, radius=3) > 3
        assert w.center_on(target)
        settle(qtbot, w)
        assert w.lane_modes() == ["events"] and w.label_rect(target) is not None
    finally:
        store.close()


def test_new_data_reach_the_timeline_and_a_fitted_view_follows(qtbot, people_store) -> None:
    """The whole snapshot's lane index is reused between loads; a write makes a new one."""
    store, _ = people_store
    state = AppState(store)
    w = make_widget(qtbot, state)
    state.set_lanes(LaneMode.PEOPLE)  # reuses the index of everything
    settle(qtbot, w)
    state.set_lanes(LaneMode.SINGLE)
    settle(qtbot, w)
    assert len(w._lanes[0].events) == 8
    store.bulk_add_events([("Augustus dies at Nola", HistDate.of_day(14, 8, 19), None, [])])
    state.notify_data_changed()
    settle(qtbot, w)
    assert len(w._lanes[0].events) == 9
    assert w.visible_x_range()[1] > 14.6  # still fitted: the new last event is in view
    assert w.label_rect(w._lanes[0].events.ids[-1].item()) is not None


def test_another_database_is_shown_whole(qtbot, people_store, tmp_path: Path) -> None:
    store, _ = people_store
    state = AppState(store)
    w = make_widget(qtbot, state)
    w.set_x_range(-50, -45)  # the user looked somewhere
    settle(qtbot, w)
    other = Store.open(tmp_path / "other.db")
    try:
        other.bulk_add_events([("Moon landing", HistDate.of_day(1969, 7, 20), None, [])])
        state.set_store(other)
        settle(qtbot, w)
        assert [len(lane.events) for lane in w._lanes] == [1]
        x0, x1 = w.visible_x_range()
        assert x0 < 1969.55 < x1 and x1 - x0 < 1  # fitted to the new data
    finally:
        state.set_store(store)
        settle(qtbot, w)
        other.close()
