"""The zoomable timeline: data loading, lanes, interaction and selection around AppState.

Flow: AppState signals -> `_reload` (store queries on the thread pool, newest request wins)
-> lanes of `LaneEvents` -> `_rebuild` (debounced after every range change; off the GUI thread
for large data) -> `Frame` -> `TimelineItem`. Between rebuilds pyqtgraph repaints the last
frame under the new view transform, so zooming and panning never wait for the data.

Mouse: wheel zooms around the cursor, drag pans, Shift-drag selects a time span, click selects
the nearest event (Ctrl-click toggles), click on empty space clears, double-click activates.
Keys: + / - zoom, Left / Right pan, Home fits.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPalette, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QToolTip, QVBoxLayout, QWidget

from timeline_desktop.domain.dates import year_label
from timeline_desktop.domain.model import Event, EventFilter
from timeline_desktop.failures import explain
from timeline_desktop.store.names import name_key
from timeline_desktop.store.repository import Store, TimelineArrays, UnknownPersonError
from timeline_desktop.ui.colors import person_color
from timeline_desktop.ui.state import AppState, LaneMode
from timeline_desktop.ui.tasks import TaskSlot
from timeline_desktop.ui.timeline.axis import HistoricalAxis
from timeline_desktop.ui.timeline.coords import (
    MAX_X,
    MIN_X,
    MIN_X_RANGE,
    axis_to_day,
)
from timeline_desktop.ui.timeline.items import (
    Frame,
    FrameRequest,
    Lane,
    LaneEvents,
    TimelineItem,
    build_frame,
    hits,
)

log = logging.getLogger(__name__)

TOP_PEOPLE = 8  # people lanes when the filter names nobody
MAX_LANES = 24  # beyond this, the smallest lanes are folded into "Others"
DEBOUNCE_MS = 40
ASYNC_EVENTS = 50_000  # from this many events, frames are built on the thread pool
HIT_PX = 6.0
MAX_SPAN_SELECTION = 100_000
SINGLE_COLOR = "#4C78A8"
OTHER_COLOR = "#8C8C8C"
_DETAIL_CACHE_MAX = 200_000
SELECTION_CONTEXT_YEARS = 1.0  # zooming to one day-precise event still shows its year


@dataclass(frozen=True, slots=True)
class _Loaded:
    lanes: tuple[Lane, ...]
    total: int
    people_pairs: tuple[np.ndarray, np.ndarray] | None
    source_pairs: tuple[np.ndarray, np.ndarray] | None
    error: str = ""


def _membership(ids: np.ndarray, pair_events: np.ndarray, pair_keys: np.ndarray, key: int):
    """Mask over `ids` of events linked to `key` (a lookup table beats np.isin at 1M rows)."""
    linked = pair_events[pair_keys == key]
    if not len(ids) or not len(linked):
        return np.zeros(len(ids), dtype=bool)
    top = int(max(ids.max(), linked.max())) + 1
    lut = np.zeros(top, dtype=bool)
    lut[linked] = True
    return lut[ids]


def _lane(key: str, name: str, color: str, arr: TimelineArrays, mask=None) -> Lane:
    if mask is None:
        events = LaneEvents.build(arr.ids, arr.lo, arr.hi, arr.precision)
    else:
        events = LaneEvents.build(arr.ids[mask], arr.lo[mask], arr.hi[mask], arr.precision[mask])
    return Lane(key, name, color, events)


def load_lanes(
    store: Store,
    flt: EventFilter,
    mode: LaneMode,
    people_pairs: tuple[np.ndarray, np.ndarray] | None,
    source_pairs: tuple[np.ndarray, np.ndarray] | None,
) -> _Loaded:
    """Runs on the thread pool: the filtered events split into lanes. Link tables are cached by
    the caller (they change only with the data), so a filter change costs one query."""
    try:
        arr = store.timeline(flt)
    except UnknownPersonError as exc:
        return _Loaded((), 0, people_pairs, source_pairs, str(exc))
    if mode is LaneMode.SINGLE:
        return _Loaded(
            (_lane("all", "All events", SINGLE_COLOR, arr),),
            len(arr.ids),
            people_pairs,
            source_pairs,
        )
    groups: list[tuple[str, str, str, np.ndarray]] = []
    if mode is LaneMode.PEOPLE:
        if people_pairs is None:
            people_pairs = store.event_people_pairs()
        people = {p.id: p for p in store.people()}
        if flt.people:
            by_key: dict[str, list[int]] = {}
            for p in people.values():  # the store's own matching: names and aliases by key
                for n in dict.fromkeys(name_key(a) for a in (p.name, *p.aliases)):
                    by_key.setdefault(n, []).append(p.id)
            keys = [name_key(n) for n in flt.people]
            pids = list(dict.fromkeys(pid for k in keys for pid in sorted(by_key.get(k, []))))
        else:
            ranked = sorted(people.values(), key=lambda p: (-p.event_count, p.name))
            pids = [p.id for p in ranked[:TOP_PEOPLE] if p.event_count]
        for pid in pids:
            mask = _membership(arr.ids, *people_pairs, pid)
            name = people[pid].name if pid in people else f"Person {pid}"
            groups.append((f"p{pid}", name, person_color(pid).name(), mask))
        other_name = "Other people" if flt.people or pids else "No people"
    else:
        if source_pairs is None:
            source_pairs = store.event_source_pairs()
        for src in store.sources(with_text=False):
            mask = _membership(arr.ids, *source_pairs, src.id)
            if mask.any():
                color = person_color(len(groups) + 1).name()
                groups.append((f"s{src.id}", src.title or src.file_name, color, mask))
        other_name = "No source"
    if len(groups) > MAX_LANES:
        groups.sort(key=lambda g: -int(g[3].sum()))
        groups = groups[: MAX_LANES - 1]
    covered = np.zeros(len(arr.ids), dtype=bool)
    lanes = []
    for key, name, color, mask in groups:
        covered |= mask
        lanes.append(_lane(key, name, color, arr, mask))
    if not covered.all() or not lanes:
        lanes.append(_lane("other", other_name, OTHER_COLOR, arr, ~covered))
    return _Loaded(tuple(lanes), len(arr.ids), people_pairs, source_pairs)


class LaneAxis(pg.AxisItem):
    """Lane names at the left, at the middle of each lane."""

    WIDTH = 150

    def __init__(self) -> None:
        super().__init__("left")
        self.setWidth(self.WIDTH)
        self.setStyle(tickLength=0, autoExpandTextSpace=False, hideOverlappingLabels=False)
        self._names: list[str] = []

    def set_lanes(self, names: Sequence[str], counts: Sequence[int]) -> None:
        self._names = list(names)
        ticks = [
            (i + 0.5, self._elide(n, c)) for i, (n, c) in enumerate(zip(names, counts, strict=True))
        ]
        self.setTicks([ticks, []])

    def _elide(self, name: str, count: int) -> str:
        """Shorten the name, never the count: "Gaius Julius Cae… (16)"."""
        metrics = pg.QtGui.QFontMetrics(self.style["tickFont"] or QFont())
        suffix = f" ({count:,})"
        room = self.WIDTH - 14 - metrics.horizontalAdvance(suffix)
        return metrics.elidedText(name, Qt.TextElideMode.ElideRight, room) + suffix


class TimelineViewBox(pg.ViewBox):
    """x-only zoom/pan; clicks and Shift-drag become signals for the widget to interpret."""

    sig_clicked = Signal(object, object, bool)  # view QPointF, modifiers, double
    sig_band = Signal(float, float, bool)  # x0, x1 (decimal years), finished

    def __init__(self) -> None:
        super().__init__(enableMenu=False)
        self.setMouseEnabled(x=True, y=False)
        self._banding = False

    def mouseClickEvent(self, ev) -> None:
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self.sig_clicked.emit(self.mapToView(ev.pos()), ev.modifiers(), ev.double())
        else:
            super().mouseClickEvent(ev)

    def mouseDragEvent(self, ev, axis=None) -> None:
        if ev.button() == Qt.MouseButton.LeftButton and axis is None:
            if ev.isStart():
                self._banding = bool(ev.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if self._banding:
                ev.accept()
                a = self.mapToView(ev.buttonDownPos()).x()
                b = self.mapToView(ev.pos()).x()
                self.sig_band.emit(min(a, b), max(a, b), ev.isFinish())
                if ev.isFinish():
                    self._banding = False
                return
        super().mouseDragEvent(ev, axis)


class TimelineWidget(QWidget):
    """The zoomable, lane-based timeline of the events matching `state.filter`.

    Public API: `zoom_in()`, `zoom_out()`, `zoom_to_fit()`, `zoom_to_selection()`,
    `set_x_range(x0, x1)`, `visible_x_range()`, `visible_day_range()`, `ids_at(pos)`,
    `event_pos(event_id)`, `viewport()`, `lane_names()`, `is_loading()`, `reload()`.
    Signals: `sig_event_activated(int)` (double-click), `sig_loaded()` (new data drawn),
    `sig_frame_built()` (a level-of-detail rebuild reached the screen).
    """

    sig_event_activated = Signal(int)
    sig_loaded = Signal()
    sig_frame_built = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._lanes: tuple[Lane, ...] = ()
        self._total = 0
        self._people_pairs: tuple[np.ndarray, np.ndarray] | None = None
        self._source_pairs: tuple[np.ndarray, np.ndarray] | None = None
        self._details: dict[int, Event | None] = {}
        self._selected = np.empty(0, dtype=np.int64)
        self._loading = False
        self._fetching = False
        self._fitted = False
        self._generation = 0
        self._hover_id: int | None = None
        self._message = ""
        self._load_slot, self._frame_slot = TaskSlot(), TaskSlot()
        self._detail_slot, self._tip_slot = TaskSlot(), TaskSlot()

        self._axis = HistoricalAxis("bottom")
        self._lane_axis = LaneAxis()
        self._vb = TimelineViewBox()
        self._plot = pg.PlotWidget(
            viewBox=self._vb, axisItems={"bottom": self._axis, "left": self._lane_axis}
        )
        self._plot.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._plot.installEventFilter(self)
        self._plot.setMouseTracking(True)
        self._plot.getPlotItem().hideButtons()
        self._vb.invertY(True)
        self._vb.setLimits(xMin=MIN_X, xMax=MAX_X, minXRange=MIN_X_RANGE, maxXRange=MAX_X - MIN_X)
        self._item = TimelineItem()
        self._vb.addItem(self._item)
        self._band = QGraphicsRectItem()
        self._band.setZValue(10)
        self._band.hide()
        self._vb.addItem(self._band, ignoreBounds=True)
        self._notice = pg.TextItem(anchor=(0.5, 0.5))
        self._notice.setZValue(20)
        self._vb.addItem(self._notice, ignoreBounds=True)
        self._set_lane_count(1)
        self._vb.setXRange(-3000, 2100, padding=0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._plot)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocusProxy(self._plot)
        self.setMinimumSize(320, 160)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._rebuild)
        self._vb.sigXRangeChanged.connect(self._on_vb_range_changed)
        self._vb.sigResized.connect(self._on_vb_range_changed)
        self._vb.sig_clicked.connect(self._on_vb_clicked)
        self._vb.sig_band.connect(self._on_vb_band)
        self._plot.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)
        state.sig_filter_changed.connect(self._on_state_filter_changed)
        state.sig_data_changed.connect(self._on_state_data_changed)
        state.sig_store_changed.connect(self._on_state_store_changed)
        state.sig_lanes_changed.connect(self._on_state_lanes_changed)
        state.sig_selection_changed.connect(self._on_state_selection_changed)
        self._apply_palette()
        self._selected = np.array(sorted(state.selection), dtype=np.int64)
        self.reload()

    @property
    def _store(self):
        """Always the app's current store: a database switch must never leave a stale one."""
        return self._state.store

    # --- public API ---------------------------------------------------------------------------

    def viewport(self) -> QWidget:
        """The widget that receives mouse events (for tests and event filters)."""
        return self._plot.viewport()

    def visible_x_range(self) -> tuple[float, float]:
        """The view in decimal astronomical years."""
        (x0, x1), _ = self._vb.viewRange()
        return float(x0), float(x1)

    def visible_day_range(self) -> tuple[float, float]:
        """The view as (fractional) day numbers, the store's coordinates."""
        x0, x1 = self.visible_x_range()
        return axis_to_day(x0), axis_to_day(x1)

    def set_x_range(self, x0: float, x1: float) -> None:
        self._vb.setXRange(x0, x1, padding=0)

    def zoom_in(self, factor: float = 0.5) -> None:
        self._zoom_around(None, factor)

    def zoom_out(self, factor: float = 2.0) -> None:
        self._zoom_around(None, factor)

    def zoom_to_fit(self) -> None:
        """Show every loaded event, with a little margin."""
        extents = [e for lane in self._lanes if (e := lane.events.extent()) is not None]
        if not extents:
            self.set_x_range(-3000, 2100)
            return
        self._fit(min(e[0] for e in extents), max(e[1] for e in extents))

    def zoom_to_selection(self) -> None:
        chosen = [
            (lane.events.x0[m], lane.events.x1[m])
            for lane in self._lanes
            if (m := self._selected_mask(lane.events.ids)).any()
        ]
        if chosen:
            lo = min(float(a.min()) for a, _ in chosen)
            hi = max(float(b.max()) for _, b in chosen)
            pad = max(0.0, SELECTION_CONTEXT_YEARS - (hi - lo)) / 2  # show what surrounds it
            self._fit(lo - pad, hi + pad)

    def ids_at(self, pos: QPoint | QPointF) -> list[int]:
        """Event ids under a viewport pixel, nearest first (within a few pixels)."""
        frame = self._item.frame
        if frame is None:
            return []
        p = self._vb.mapSceneToView(self._plot.mapToScene(QPoint(int(pos.x()), int(pos.y()))))
        return hits(frame, self._lanes, p.x(), p.y(), self._px_to_years(HIT_PX))

    def event_pos(self, event_id: int) -> QPoint | None:
        """Viewport pixel where an event is drawn (its middle), if it is drawn individually."""
        frame = self._item.frame
        if frame is None:
            return None
        for lf in frame.lanes:
            idx = np.flatnonzero(lf.ids == event_id)
            if len(idx):
                k = int(idx[0])
                x0, x1 = self.visible_x_range()
                xm = (max(lf.xa[k], x0) + min(lf.xb[k], x1)) / 2
                scene = self._vb.mapViewToScene(QPointF(xm, float(lf.y[k])))
                return self._plot.mapFromScene(scene)
        return None

    def lane_names(self) -> list[str]:
        return [lane.name for lane in self._lanes]

    def lane_modes(self) -> list[str]:
        """Per lane "density" or "events" as currently drawn (for tests and diagnostics)."""
        frame = self._item.frame
        return [("density" if lf.density else "events") for lf in frame.lanes] if frame else []

    def is_loading(self) -> bool:
        return self._loading

    def is_settled(self) -> bool:
        """No load, rebuild or detail fetch pending: what is drawn is final."""
        frame = self._item.frame
        return (
            not self._loading
            and not self._fetching
            and not self._debounce.isActive()
            and frame is not None
            and frame.generation == self._generation
        )

    def reload(self) -> None:
        """Query the store again for the current filter and lane mode."""
        self._loading = True
        state = self._state
        flt, mode = state.filter, state.lanes
        pp, sp, store = self._people_pairs, self._source_pairs, self._store
        self._load_slot.run(
            lambda: load_lanes(store, flt, mode, pp, sp), self._on_loaded, self._on_failed
        )

    # --- loading ------------------------------------------------------------------------------

    def _on_loaded(self, result: _Loaded) -> None:
        self._loading = False
        self._people_pairs, self._source_pairs = result.people_pairs, result.source_pairs
        self._lanes = result.lanes
        self._total = result.total
        self._set_lane_count(max(len(self._lanes), 1))
        self._lane_axis.set_lanes(
            [lane.name for lane in self._lanes], [len(lane.events) for lane in self._lanes]
        )
        self._set_message(result.error or ("No events match." if not result.total else ""))
        if not self._fitted and result.total:
            self._fitted = True
            self.zoom_to_fit()
        self._rebuild(loaded=True)

    def _on_failed(self, exc: Exception) -> None:
        self._loading = False
        self._set_message(f"Could not load the timeline: {explain(exc)}")

    def _set_message(self, text: str) -> None:
        self._message = text
        self._notice.setText(text, color=self.palette().color(QPalette.ColorRole.Text))
        self._notice.setVisible(bool(text))
        self._place_notice()

    def _place_notice(self) -> None:
        x0, x1 = self.visible_x_range()
        self._notice.setPos((x0 + x1) / 2, min(len(self._lanes), 1) / 2 or 0.5)

    def _set_lane_count(self, n: int) -> None:
        self._item.set_lane_count(n)
        self._vb.setLimits(yMin=0, yMax=n)
        self._vb.setYRange(0, n, padding=0)
        self._lane_axis.setVisible(n > 1 or self._state.lanes is not LaneMode.SINGLE)

    # --- level of detail ----------------------------------------------------------------------

    def _on_vb_range_changed(self, *args: object) -> None:
        self._generation += 1
        self._debounce.start()
        if self._message:
            self._place_notice()

    def _rebuild(self, loaded: bool = False) -> None:
        self._debounce.stop()
        self._generation += 1
        rect = self._vb.sceneBoundingRect()
        n = max(len(self._lanes), 1)
        req = FrameRequest(
            lanes=self._lanes,
            view=self.visible_x_range(),
            width_px=max(rect.width(), 1.0),
            lane_px=max(rect.height() / n, 1.0),
            selected=self._selected,
            details=self._details,
            font=self._label_font(),
            generation=self._generation,
        )

        def done(frame: Frame) -> None:
            self._on_frame(frame, loaded)

        if self._total >= ASYNC_EVENTS:
            self._frame_slot.run(lambda: build_frame(req), done)
        else:
            done(build_frame(req))

    def _on_frame(self, frame: Frame, loaded: bool = False) -> None:
        self._item.set_frame(frame)
        self.sig_frame_built.emit()
        if loaded:
            self.sig_loaded.emit()
        missing = [i for i in frame.need_details if i not in self._details]
        if missing:
            store = self._store
            self._fetching = True
            self._detail_slot.run(
                lambda: store.events_by_id(missing, with_evidence=False),
                lambda events: self._on_details(missing, events),
                self._on_details_failed,
            )

    def _on_details_failed(self, exc: Exception) -> None:
        self._fetching = False

    def _on_details(self, asked: list[int], events: list[Event]) -> None:
        if not shiboken6.isValid(self._debounce):  # the widget went while the fetch ran
            return
        self._fetching = False
        if len(self._details) > _DETAIL_CACHE_MAX:
            self._details = {}
        found = {e.id: e for e in events}
        for i in asked:
            self._details[i] = found.get(i)
        self._generation += 1
        self._debounce.start()

    def _label_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0))
        return font

    # --- selection ----------------------------------------------------------------------------

    def _selected_mask(self, ids: np.ndarray) -> np.ndarray:
        sel = self._selected
        if not len(sel) or not len(ids):
            return np.zeros(len(ids), dtype=bool)
        k = np.clip(np.searchsorted(sel, ids), 0, len(sel) - 1)
        return sel[k] == ids

    def _on_state_selection_changed(self, ids: tuple[int, ...]) -> None:
        self._selected = np.unique(np.asarray(ids, dtype=np.int64))
        self._rebuild()

    def _on_vb_clicked(self, pos: QPointF, modifiers: Qt.KeyboardModifier, double: bool) -> None:
        found = (
            hits(self._item.frame, self._lanes, pos.x(), pos.y(), self._px_to_years(HIT_PX))
            if self._item.frame
            else []
        )
        if double:
            if found:
                self.sig_event_activated.emit(found[0])
            return
        current = list(self._state.selection)
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            if found:
                eid = found[0]
                self._state.select(
                    [i for i in current if i != eid] if eid in current else [*current, eid]
                )
            return
        self._state.select(found[:1])

    def _on_vb_band(self, x0: float, x1: float, finished: bool) -> None:
        n = max(len(self._lanes), 1)
        self._band.setRect(QRectF(x0, 0, x1 - x0, n))
        self._band.setVisible(not finished)
        if not finished:
            return
        d0, d1 = axis_to_day(x0), axis_to_day(x1)
        ids: list[np.ndarray] = [lane.events.ids[lane.events.query(d0, d1)] for lane in self._lanes]
        chosen = np.unique(np.concatenate(ids)) if ids else np.empty(0, np.int64)
        if len(chosen) > MAX_SPAN_SELECTION:
            log.info("span selection capped at %d of %d events", MAX_SPAN_SELECTION, len(chosen))
            chosen = chosen[:MAX_SPAN_SELECTION]
        self._state.select(chosen.tolist())

    # --- state signals ------------------------------------------------------------------------

    def _on_state_filter_changed(self, flt: EventFilter) -> None:
        self.reload()

    def _on_state_data_changed(self) -> None:
        self._people_pairs = self._source_pairs = None
        self._details = {}
        self.reload()

    def _on_state_store_changed(self, _store: object) -> None:
        self._fitted = False  # another database: show all of it once loaded

    def _on_state_lanes_changed(self, mode: LaneMode) -> None:
        self.reload()

    # --- zooming ------------------------------------------------------------------------------

    def _fit(self, x0: float, x1: float) -> None:
        span = max(x1 - x0, 30 / 365.2425)
        mid = (x0 + x1) / 2
        self.set_x_range(max(mid - span * 0.53, MIN_X), min(mid + span * 0.53, MAX_X))

    def _zoom_around(self, center: float | None, factor: float) -> None:
        x0, x1 = self.visible_x_range()
        c = (x0 + x1) / 2 if center is None else center
        self._vb.scaleBy(x=factor, y=None, center=QPointF(c, 0))

    def _pan(self, fraction: float) -> None:
        x0, x1 = self.visible_x_range()
        self._vb.translateBy(x=(x1 - x0) * fraction)

    def _px_to_years(self, px: float) -> float:
        x0, x1 = self.visible_x_range()
        return px * (x1 - x0) / max(self._vb.sceneBoundingRect().width(), 1.0)

    # --- keyboard, hover, palette -------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._plot and event.type() == QEvent.Type.KeyPress:
            return self._handle_key(event)  # type: ignore[arg-type]
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._handle_key(event):
            super().keyPressEvent(event)

    def _handle_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        fast = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_Left:
            self._pan(-0.5 if fast else -0.1)
        elif key == Qt.Key.Key_Right:
            self._pan(0.5 if fast else 0.1)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_0):
            self.zoom_to_fit()
        else:
            return False
        event.accept()
        return True

    def _on_scene_mouse_moved(self, scene_pos: QPointF) -> None:
        frame = self._item.frame
        if frame is None or not self._vb.sceneBoundingRect().contains(scene_pos):
            return
        p = self._vb.mapSceneToView(scene_pos)
        found = hits(frame, self._lanes, p.x(), p.y(), self._px_to_years(HIT_PX))
        li = int(np.floor(p.y()))
        lf = frame.lanes[li] if 0 <= li < len(frame.lanes) else None
        if lf is not None and lf.density and lf.bins is not None:
            edges, counts = lf.bins
            b = int(np.searchsorted(edges, p.x())) - 1
            if 0 <= b < len(counts):
                a, z = int(np.floor(edges[b])), int(np.floor(edges[b + 1]))
                span = year_label(a) if a == z else f"{year_label(a)} – {year_label(z)}"
                text = f"About {counts[b]:,.0f} events, {span}<br><i>Zoom in to see them</i>"
                QToolTip.showText(self._global(scene_pos), text, self._plot)
            return
        if not found:
            self._hover_id = None
            QToolTip.hideText()
            return
        eid = found[0]
        self._hover_id = eid
        if eid in self._details:
            self._show_tip(eid, scene_pos)
            return
        store = self._store
        self._tip_slot.run(
            lambda: store.events_by_id([eid], with_evidence=False),
            lambda events: self._on_tip_details(eid, events, scene_pos),
        )

    def _on_tip_details(self, eid: int, events: list[Event], scene_pos: QPointF) -> None:
        self._details[eid] = events[0] if events else None
        if self._hover_id == eid:
            self._show_tip(eid, scene_pos)

    def _show_tip(self, eid: int, scene_pos: QPointF) -> None:
        QToolTip.showText(self._global(scene_pos), self.tooltip_html(eid), self._plot)

    def tooltip_html(self, eid: int) -> str:
        """The hover text of an event (title, date label, people), once its details are known."""
        ev = self._details.get(eid)
        if ev is None:
            return f"Event {eid}"
        when = ev.start.label() + (f" – {ev.end.label()}" if ev.end else "")
        parts = [f"<b>{escape(ev.title)}</b>", escape(when)]
        if ev.people:
            parts.append(escape(", ".join(ev.people)))
        return "<br>".join(parts)

    def _global(self, scene_pos: QPointF) -> QPoint:
        return self._plot.mapToGlobal(self._plot.mapFromScene(scene_pos))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._apply_palette()
        super().changeEvent(event)

    def _apply_palette(self) -> None:
        pal = self.palette()
        bg = pal.color(QPalette.ColorRole.Base)
        fg = pal.color(QPalette.ColorRole.Text)
        self._plot.setBackground(bg)
        font = self._label_font()
        for axis in (self._axis, self._lane_axis):
            axis.setPen(QPen(fg))
            axis.setTextPen(QPen(fg))
            axis.setTickFont(font)
        highlight = QColor("#FFB000") if bg.lightness() >= 128 else QColor("#FFD166")
        self._item.set_colors(bg, fg, highlight)
        self._item.set_font(font)
        band = QColor(pal.color(QPalette.ColorRole.Highlight))
        band.setAlpha(60)
        self._band.setBrush(band)
        self._band.setPen(QPen(Qt.PenStyle.NoPen))
        if self._lanes:
            self._lane_axis.set_lanes(
                [lane.name for lane in self._lanes], [len(lane.events) for lane in self._lanes]
            )
