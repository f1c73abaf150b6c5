"""The zoomable timeline: data loading, lanes, interaction and selection around AppState.

Flow: AppState signals -> `reload` (`lanes.load_lanes` on the thread pool, newest request
wins; titles come with the arrays) -> lanes of `LaneEvents` -> `_rebuild` (at the next turn
of the event loop after a range change, throttled while the view keeps moving; off the GUI
thread for large data) -> `Frame` -> `TimelineItem`. One build gives the final frame, labels
included. Between rebuilds pyqtgraph repaints the last frame under the new view transform, so
zooming and panning never wait for the data. Filter changes and Zoom to Fit fit the view to
the events with room for the last labels.

Mouse: wheel zooms around the cursor, drag pans, Shift-drag selects a time span, click selects
the nearest event or the event whose label is clicked (Ctrl-click toggles), click on empty
space clears, double-click activates.
Keys: + / - zoom, Left / Right pan, Home fits.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from html import escape

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QKeyEvent, QPalette, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QToolTip, QVBoxLayout, QWidget

from timeline_desktop.domain.dates import year_label
from timeline_desktop.domain.model import Event, EventFilter
from timeline_desktop.failures import explain
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
    LABEL_GAP,
    LABEL_THRESHOLD,
    Frame,
    FrameRequest,
    Lane,
    TimelineItem,
    build_frame,
    hits,
    label_width,
    member,
)
from timeline_desktop.ui.timeline.lanes import Links, Loaded, load_lanes

log = logging.getLogger(__name__)

ASYNC_EVENTS = 50_000  # from this many events, frames are built on the thread pool ...
SYNC_BUILD_S = 0.008  # ... unless the last build took less than this: handing a frame
# back from the pool costs 5-10 ms, more than such a build blocks the GUI thread
MAX_REBUILD_GAP = 0.1  # seconds: the longest wait for a rebuild while the view moves
HIT_PX = 6.0
MAX_SPAN_SELECTION = 100_000
MIN_FIT_YEARS = 30 / 365.2425
FIT_LABELS = 64  # the rightmost events whose labels Zoom to Fit makes room for, per lane
FIT_LABEL_SHARE = 0.25  # at most this share of the width is kept for one label (else elided)
SELECTION_CONTEXT_YEARS = 1.0  # zooming to one day-precise event still shows its year
_DETAIL_CACHE_MAX = 20_000  # events kept for tooltips


class LaneAxis(pg.AxisItem):
    """Lane names at the left, at the middle of each lane, as wide as the names need (within
    limits); long names are shortened in the middle, so two sources whose titles differ only
    at the end still read differently, and the full name is the lane's tooltip."""

    MIN_WIDTH = 80
    MAX_WIDTH = 320

    def __init__(self) -> None:
        super().__init__("left")
        self.setStyle(tickLength=0, autoExpandTextSpace=False, hideOverlappingLabels=False)
        self.setWidth(self.MIN_WIDTH)
        self._names: list[str] = []
        self._counts: list[int] = []

    def set_lanes(self, names: Sequence[str], counts: Sequence[int], room: float) -> None:
        """Names and event counts of the lanes; `room` is the most width the axis may take."""
        self._names, self._counts = list(names), list(counts)
        metrics = QFontMetricsF(self.style["tickFont"] or QFont())
        texts = [f"{n} ({c:,})" for n, c in zip(names, counts, strict=True)]
        want = max((metrics.horizontalAdvance(t) for t in texts), default=0.0) + 16
        top = max(self.MIN_WIDTH, min(self.MAX_WIDTH, room))
        width = int(min(max(want, self.MIN_WIDTH), top))
        ticks = [
            (i + 0.5, self._elide(metrics, n, c, width))
            for i, (n, c) in enumerate(zip(names, counts, strict=True))
        ]
        self.setTicks([ticks, []])
        self.setWidth(width)

    def show_names(self, shown: bool) -> None:
        """Show or hide the gutter. pyqtgraph sizes an axis only when its width is set, so a
        hidden axis must be re-sized on showing (else it stays 0 wide: no names) and on
        hiding (else it leaves an empty gutter)."""
        self.setVisible(shown)
        self.setWidth(self.fixedWidth)

    def full_name(self, lane: int) -> str | None:
        if 0 <= lane < len(self._names):
            return f"{self._names[lane]} ({self._counts[lane]:,} events)"
        return None

    @staticmethod
    def _elide(metrics: QFontMetricsF, name: str, count: int, width: float) -> str:
        """Shorten the name in the middle, never the count: "Gaius Jul…Caesar (16)"."""
        suffix = f" ({count:,})"
        room = width - 14 - metrics.horizontalAdvance(suffix)
        return metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, room) + suffix


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
    `event_pos(event_id)`, `label_rect(event_id)`, `viewport()`, `lane_names()`,
    `is_loading()`, `is_settled()`, `reload()`; search matches: `set_highlighted(ids)`,
    `highlighted_ids()` (shown matches, chronological), `center_on(event_id)`.
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
        self._links: Links = {}
        self._details: dict[int, Event | None] = {}
        self._selected = np.empty(0, dtype=np.int64)
        self._highlighted = np.empty(0, dtype=np.int64)
        self._loading = False
        self._building = False  # a frame is being built on the thread pool
        self._refit = True  # fit the view when the next data arrive
        self._fit_target: tuple[float, float] | None = None  # the range the last fit chose
        self._generation = 0
        self._last_build_end = 0.0
        self._build_cost = 0.0  # seconds the last frame took to build
        self._build_work = float("inf")  # seconds of that spent in build_frame itself
        self._hover_id: int | None = None
        self._message = ""
        self._load_slot, self._frame_slot, self._tip_slot = TaskSlot(), TaskSlot(), TaskSlot()

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

        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.timeout.connect(self._rebuild)
        self._vb.sigXRangeChanged.connect(self._on_vb_range_changed)
        self._vb.sigResized.connect(self._on_vb_resized)
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
        """Show every loaded event, with room on the right for the labels of the last ones."""
        target = self._fit_range()
        if target is None:
            self.set_x_range(-3000, 2100)
            return
        self._fit_target = target
        self.set_x_range(*target)

    def zoom_to_selection(self) -> None:
        chosen = [
            (lane.events.x0[m], lane.events.x1[m])
            for lane in self._lanes
            if (m := member(lane.events.ids, self._selected)).any()
        ]
        if chosen:
            lo = min(float(a.min()) for a, _ in chosen)
            hi = max(float(b.max()) for _, b in chosen)
            pad = max(0.0, SELECTION_CONTEXT_YEARS - (hi - lo)) / 2  # show what surrounds it
            span = max(hi - lo + 2 * pad, MIN_FIT_YEARS)
            mid = (lo + hi) / 2
            self.set_x_range(max(mid - span * 0.53, MIN_X), min(mid + span * 0.53, MAX_X))

    def set_highlighted(self, ids: Iterable[int]) -> None:
        """Mark these events (search matches) with a ring, all other events staying shown."""
        marked = np.unique(np.fromiter((int(i) for i in ids), dtype=np.int64))
        if not np.array_equal(marked, self._highlighted):
            self._highlighted = marked
            self._schedule_rebuild(now=True)

    def highlighted_ids(self) -> list[int]:
        """The highlighted events the timeline shows, in chronological order (for next and
        previous)."""
        if not len(self._highlighted):
            return []
        xs, ids = [], []
        for lane in self._lanes:
            m = member(lane.events.ids, self._highlighted)
            xs.append(lane.events.x0[m])
            ids.append(lane.events.ids[m])
        if not ids:
            return []
        x, i = np.concatenate(xs), np.concatenate(ids)
        order = np.lexsort((i, x))
        return list(dict.fromkeys(i[order].tolist()))

    def center_on(self, event_id: int) -> bool:
        """Bring an event to the middle of the view, zooming in until its part of the
        timeline is sparse enough to show it on its own with a label; False if not shown."""
        for lane in self._lanes:
            ev = lane.events
            found = np.flatnonzero(ev.ids == event_id)
            if not len(found):
                continue
            k = int(found[0])
            a, b = float(ev.x0[k]), float(ev.x1[k])
            x0, x1 = self.visible_x_range()
            span = max(x1 - x0, (b - a) * 1.25, MIN_X_RANGE * 4)
            mid = (a + b) / 2
            while (
                span > max((b - a) * 1.25, MIN_FIT_YEARS)
                and ev.count_upper(axis_to_day(mid - span / 2), axis_to_day(mid + span / 2))
                > LABEL_THRESHOLD // 4
            ):
                span /= 2
            self.set_x_range(max(mid - span / 2, MIN_X), min(mid + span / 2, MAX_X))
            return True
        return False

    def ids_at(self, pos: QPoint | QPointF) -> list[int]:
        """Event ids under a viewport pixel, nearest first: the events drawn within a few
        pixels, else the event whose label is there."""
        frame = self._item.frame
        if frame is None:
            return []
        p = self._vb.mapSceneToView(self._plot.mapToScene(QPoint(int(pos.x()), int(pos.y()))))
        return self._hits(p.x(), p.y())

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

    def label_rect(self, event_id: int) -> QRectF | None:
        """Viewport rectangle of an event's label, if it has one in the current frame."""
        frame = self._item.frame
        if frame is None:
            return None
        for lb in frame.labels:
            if lb.event_id == event_id:
                anchor = self._vb.mapViewToScene(QPointF(lb.x, lb.y))
                p = QPointF(self._plot.mapFromScene(anchor))
                height = QFontMetricsF(self._label_font()).height()
                return QRectF(p.x() + lb.offset, p.y() - height / 2, lb.width, height)
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
        """No load or rebuild pending: what is drawn is final."""
        frame = self._item.frame
        return (
            not self._loading
            and not self._building
            and not self._rebuild_timer.isActive()
            and frame is not None
            and frame.generation == self._generation
        )

    def reload(self) -> None:
        """Query the store again for the current filter and lane mode."""
        self._loading = True
        state = self._state
        store, flt, mode, links = state.store, state.filter, state.lanes, self._links
        self._load_slot.run(
            lambda: load_lanes(store, flt, mode, links), self._on_loaded, self._on_failed
        )

    # --- loading ------------------------------------------------------------------------------

    def _gone(self) -> bool:
        """The widget was deleted while a background task ran: its result has nowhere to go."""
        return not shiboken6.isValid(self._rebuild_timer)

    def _on_loaded(self, result: Loaded) -> None:
        if self._gone():
            return
        self._loading = False
        at_fit = self._at_fit()
        self._links = result.links
        self._lanes = result.lanes
        self._total = result.total
        self._set_lane_count(max(len(self._lanes), 1))
        self._update_lane_axis()
        self._set_message(result.error or ("No events match." if not result.total else ""))
        if result.total and (self._refit or at_fit):
            self._refit = False
            self.zoom_to_fit()
        self._rebuild(loaded=True)

    def _on_failed(self, exc: Exception) -> None:
        if self._gone():
            return
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

    def _update_lane_axis(self) -> None:
        """Lane names in a gutter as wide as they need; no gutter for a single lane. The
        layout is settled at once so a fit that follows measures the final width."""
        shown = len(self._lanes) > 1 or self._state.lanes is not LaneMode.SINGLE
        self._lane_axis.set_lanes(
            [lane.name for lane in self._lanes],
            [len(lane.events) for lane in self._lanes],
            room=self.width() * 0.3,
        )
        self._lane_axis.show_names(shown)
        self._plot.getPlotItem().layout.activate()

    # --- fitting ------------------------------------------------------------------------------

    def _fit_range(self) -> tuple[float, float] | None:
        """The x range showing every event, the last ones' labels included.

        With a left margin of `c` of the span (a few percent plus a glyph), an event ending at
        `e` whose label is `L` pixels wide fits when (e - lo + c s) / s <= 1 - (L + pad) / W;
        the span `s` is the largest any event asks for. Only lanes sparse enough to be
        labelled when fitted reserve room for labels.
        """
        extents = [e for lane in self._lanes if (e := lane.events.extent()) is not None]
        if not extents:
            return None
        lo, hi = min(e[0] for e in extents), max(e[1] for e in extents)
        if hi - lo < MIN_FIT_YEARS:
            mid = (lo + hi) / 2
            lo, hi = mid - MIN_FIT_YEARS / 2, mid + MIN_FIT_YEARS / 2
        width = max(self._vb.sceneBoundingRect().width(), 50.0)
        left = 0.03 + 8 / width
        plain = span = (hi - lo) / (1 - left - 0.03 - 8 / width)
        metrics = QFontMetricsF(self._label_font())
        for lane in self._lanes:
            ev = lane.events
            if not len(ev) or len(ev) > LABEL_THRESHOLD:
                continue
            last = np.argsort(ev.x1)[-FIT_LABELS:]
            for k in last.tolist():
                room = min(label_width(metrics, ev.titles[k]), width * FIT_LABEL_SHARE)
                room += LABEL_GAP + 14
                span = max(span, (float(ev.x1[k]) - lo) / (1 - left - room / width))
        if lo - left * span + span > MAX_X:  # the view ends at AD 3000: as much room as that
            span = max(plain, (MAX_X - lo) / (1 - left))  # leaves; labels are then shortened
        x0 = max(lo - left * span, MIN_X)
        return x0, min(x0 + span, MAX_X)

    def _at_fit(self) -> bool:
        """Whether the view is still where the last fit put it (the user has not moved)."""
        if self._fit_target is None:
            return False
        (a, b), (x0, x1) = self._fit_target, self.visible_x_range()
        tol = (b - a) * 1e-6
        return abs(a - x0) <= tol and abs(b - x1) <= tol

    # --- level of detail ----------------------------------------------------------------------

    def _on_vb_range_changed(self, *args: object) -> None:
        self._schedule_rebuild()
        if self._message:
            self._place_notice()

    def _on_vb_resized(self, *args: object) -> None:
        if self._at_fit() and self._lanes:
            self.zoom_to_fit()  # keep the labels' room: it is in pixels
        self._schedule_rebuild()

    def _schedule_rebuild(self, now: bool = False) -> None:
        """Rebuild at the next turn of the event loop, so a zoom step or a selection lands in
        one build. While the view keeps moving, builds take at most half of the time (the
        gap after one is as long as it took) and a build in flight picks up the newest view
        when it is done; pyqtgraph repaints the last frame under the new transform
        meanwhile."""
        self._generation += 1
        if self._building or self._rebuild_timer.isActive():
            return
        since = time.perf_counter() - self._last_build_end
        wait = 0.0 if now else max(0.0, min(self._build_cost, MAX_REBUILD_GAP) - since)
        self._rebuild_timer.start(int(wait * 1000))

    def _rebuild(self, loaded: bool = False) -> None:
        self._rebuild_timer.stop()
        started = time.perf_counter()
        rect = self._vb.sceneBoundingRect()
        n = max(len(self._lanes), 1)
        req = FrameRequest(
            lanes=self._lanes,
            view=self.visible_x_range(),
            width_px=max(rect.width(), 1.0),
            lane_px=max(rect.height() / n, 1.0),
            selected=self._selected,
            highlighted=self._highlighted,
            font=self._label_font(),
            generation=self._generation,
        )

        def timed() -> tuple[Frame, float]:
            t = time.perf_counter()
            frame = build_frame(req)
            return frame, time.perf_counter() - t

        def done(result: tuple[Frame, float]) -> None:
            if self._gone():
                return
            frame, self._build_work = result
            self._building = False
            self._last_build_end = time.perf_counter()
            self._build_cost = self._last_build_end - started
            self._on_frame(frame, loaded)
            if frame.generation != self._generation:  # the view moved while it was built
                self._schedule_rebuild()

        if self._total >= ASYNC_EVENTS and self._build_work >= SYNC_BUILD_S:
            self._building = True
            self._frame_slot.run(timed, done, self._on_build_failed)
        else:
            done(timed())

    def _on_build_failed(self, exc: Exception) -> None:
        if self._gone():
            return
        self._building = False
        self._last_build_end = time.perf_counter()
        log.error("timeline frame failed: %s", exc)

    def _on_frame(self, frame: Frame, loaded: bool = False) -> None:
        self._item.set_frame(frame)
        self.sig_frame_built.emit()
        if loaded:
            self.sig_loaded.emit()

    def _label_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0))
        return font

    # --- selection ----------------------------------------------------------------------------

    def _on_state_selection_changed(self, ids: tuple[int, ...]) -> None:
        self._selected = np.unique(np.asarray(ids, dtype=np.int64))
        self._schedule_rebuild(now=True)

    def _hits(self, x: float, y: float) -> list[int]:
        frame = self._item.frame
        if frame is None:
            return []
        ypp = self._px_to_years(1.0)
        return hits(frame, self._lanes, x, y, HIT_PX * ypp, ypp)

    def _on_vb_clicked(self, pos: QPointF, modifiers: Qt.KeyboardModifier, double: bool) -> None:
        found = self._hits(pos.x(), pos.y())
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
        self._refit = True  # show what the new filter shows, labels included
        self.reload()

    def _on_state_data_changed(self) -> None:
        self._links = {}
        self._details = {}
        self.reload()

    def _on_state_store_changed(self, _store: object) -> None:
        self._refit = True  # another database: show all of it once loaded
        self._fit_target = None

    def _on_state_lanes_changed(self, mode: LaneMode) -> None:
        self.reload()

    # --- zooming ------------------------------------------------------------------------------

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

    def lane_tooltip_at(self, pos: QPoint | QPointF) -> str | None:
        """The full name of the lane whose (possibly shortened) name is at a viewport pixel."""
        scene = self._plot.mapToScene(QPoint(int(pos.x()), int(pos.y())))
        return self._lane_hint(scene)

    def _lane_hint(self, scene_pos: QPointF) -> str | None:
        axis = self._lane_axis
        if not axis.isVisible() or not axis.sceneBoundingRect().contains(scene_pos):
            return None
        lane = int(np.floor(self._vb.mapSceneToView(scene_pos).y()))
        return axis.full_name(lane)

    def _on_scene_mouse_moved(self, scene_pos: QPointF) -> None:
        hint = self._lane_hint(scene_pos)
        if hint is not None:
            QToolTip.showText(self._global(scene_pos), escape(hint), self._plot)
            return
        frame = self._item.frame
        if frame is None or not self._vb.sceneBoundingRect().contains(scene_pos):
            return
        p = self._vb.mapSceneToView(scene_pos)
        found = self._hits(p.x(), p.y())
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
        store = self._state.store
        self._tip_slot.run(
            lambda: store.events_by_id([eid], with_evidence=False),
            lambda events: self._on_tip_details(eid, events, scene_pos),
        )

    def _on_tip_details(self, eid: int, events: list[Event], scene_pos: QPointF) -> None:
        if self._gone():
            return
        if len(self._details) > _DETAIL_CACHE_MAX:
            self._details = {}
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
        dark = bg.lightness() < 128
        highlight = QColor("#FFD166") if dark else QColor("#FFB000")
        match = QColor("#FF5CA8") if dark else QColor("#D81B60")
        self._item.set_colors(bg, fg, highlight, match)
        self._item.set_font(font)
        band = QColor(pal.color(QPalette.ColorRole.Highlight))
        band.setAlpha(60)
        self._band.setBrush(band)
        self._band.setPen(QPen(Qt.PenStyle.NoPen))
        if self._lanes:
            self._update_lane_axis()
