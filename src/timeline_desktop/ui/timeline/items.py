"""What the timeline draws, and the one graphics item that draws it.

The work is split so that painting stays cheap at any data size:

* `LaneEvents` holds one lane's events as numpy arrays sorted by earliest day, bucketed by
  length (as the store's span levels) so the events meeting any window are a few
  `searchsorted` slices, even when some events last centuries.
* `build_frame` (pure, thread-safe, numpy) turns the lanes plus a view into a `Frame`: per lane
  either a density strip (when more than `DENSITY_THRESHOLD` events are in view) or the
  individual events, packed into rows, as a handful of prebuilt QPainterPaths, plus labels.
  Titles and the dates of irregular events come with the lane arrays, so one build gives
  the final frame (no fetch, no second pass). The frame covers the view and half a view
  either side, so panning and zooming repaint the same paths under a new transform until
  the next rebuild arrives.
* `TimelineItem.paint` only strokes/fills those paths; labels are placed in device pixels.

Drawing vocabulary (what a historian reads from the shape):
    day-precise event           a dot
    range (start and end)       a solid bar
    month/year/decade/century   a soft, translucent bar over the whole span it may mean
    approximate / before/after  the uncertain part of the span fades out (stepped gradient)
    anything under 3 px wide    a short vertical tick
    selected                    amber fill (or an amber tick in a density strip)
    highlighted (search match)  a ring in the match colour, a bold label, ticks in densities
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
)

from timeline_desktop.domain.dates import HistDate, Precision, Qualifier, axis_to_day
from timeline_desktop.store.columns import TextColumn
from timeline_desktop.store.repository import TimelineArrays
from timeline_desktop.ui.timeline.coords import days_to_axis

DENSITY_THRESHOLD = 3000  # events in view in one lane above which the lane shows a density
LABEL_THRESHOLD = 600  # events in view in one lane below which labels are placed
MAX_LABELS = 300  # labels per frame, all lanes together
PACK_LIMIT = 2500  # above this many events in a lane, rows are hashed instead of packed
ROW_PX = 18.0  # height of one row of events
FUZZY_STEPS = 5  # bands in a fading (approximate) end
BIN_PX = 3.0  # width of a density bin
LABEL_CHARS = 48  # titles are elided beyond this
LABEL_GAP = 6.0  # pixels between an event's glyph and its label
MIN_LABEL_PX = 40.0  # a label is not shortened below this (it is left out instead)

POINT, SOFT, SOLID = 0, 1, 2
# The longest span (days) a single date of each precision can mean without being a range.
_NOMINAL_DAYS = np.array([0, 1, 31, 92, 366, 3653, 36_525, 365_243], dtype=np.int64)
_OPEN = (Qualifier.BEFORE, Qualifier.BY)


# --- lane data -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Level:
    """Events of one length bucket (shorter than 2**level days), sorted by earliest day."""

    level: int
    pos: np.ndarray  # positions in the lane arrays, ascending (so sorted by lo)
    lo: np.ndarray
    hi: np.ndarray
    x0: np.ndarray  # decimal year of the start of lo


@dataclass(frozen=True, slots=True)
class LaneEvents:
    """One lane's events (sorted by `lo`) and the index that slices them by window."""

    ids: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    precision: np.ndarray
    titles: TextColumn
    dates: TextColumn  # "start[/end]" where lo/hi/precision do not tell the shape, else ""
    x0: np.ndarray  # start of the earliest day, decimal years
    x1: np.ndarray  # end of the latest day
    levels: tuple[_Level, ...]
    bucket: np.ndarray  # each event's level (bit length of its span in days)

    @classmethod
    def build(cls, arr: TimelineArrays) -> LaneEvents:
        """Index arrays already sorted by `lo` (as Store.timeline returns them)."""
        lo = np.ascontiguousarray(arr.lo, dtype=np.int64)
        hi = np.maximum(np.ascontiguousarray(arr.hi, dtype=np.int64), lo)
        return cls._index(
            np.ascontiguousarray(arr.ids, dtype=np.int64),
            lo,
            hi,
            np.asarray(arr.precision, dtype=np.int8),
            arr.titles,
            arr.dates,
            days_to_axis(lo),
            days_to_axis(hi + 1),
        )

    def take(self, mask: np.ndarray) -> LaneEvents:
        """The events picked by a boolean mask (their coordinates are not computed again)."""
        index = np.flatnonzero(mask)
        return self._index(
            *(a.take(index) for a in (self.ids, self.lo, self.hi, self.precision)),
            self.titles.take(index),
            self.dates.take(index),
            self.x0.take(index),
            self.x1.take(index),
            self.bucket.take(index),
        )

    @classmethod
    def _index(cls, ids, lo, hi, precision, titles, dates, x0, x1, bucket=None) -> LaneEvents:
        if bucket is None:
            bucket = np.frexp((hi - lo + 1).astype(np.float64))[1]  # == bit_length of the span
            bucket = bucket.astype(np.int8)  # spans of up to 2**127 days
        levels = []
        counts = np.bincount(bucket)
        order = np.argsort(bucket, kind="stable")  # by level, positions ascending within one
        ends = np.cumsum(counts).tolist()
        for level in np.flatnonzero(counts).tolist():
            pos = order[ends[level] - counts[level] : ends[level]]
            levels.append(_Level(level, pos, lo[pos], hi[pos], x0[pos]))
        return cls(ids, lo, hi, precision, titles, dates, x0, x1, tuple(levels), bucket)

    def __len__(self) -> int:
        return len(self.ids)

    def _slices(self, a: float, b: float) -> list[tuple[_Level, int, int]]:
        """Per level, the slice of events starting in [a - 2**level, b] (days). The bounds
        are made integers first: a float key would make numpy convert the whole int array."""
        out = []
        first, last = math.ceil(a), math.floor(b)
        for lv in self.levels:
            i = int(np.searchsorted(lv.lo, first - (1 << lv.level), "left"))
            j = int(np.searchsorted(lv.lo, last, "right"))
            if j > i:
                out.append((lv, i, j))
        return out

    def count_upper(self, a: float, b: float) -> int:
        """At least as many as the events meeting [a, b] (days); cheap, for choosing a mode."""
        return sum(j - i for _, i, j in self._slices(a, b))

    def query(self, a: float, b: float) -> np.ndarray:
        """Positions (ascending, i.e. chronological) of the events meeting [a, b] (days)."""
        parts = [lv.pos[i:j][lv.hi[i:j] >= a] for lv, i, j in self._slices(a, b)]
        if not parts:
            return np.empty(0, dtype=np.int64)
        return np.sort(np.concatenate(parts))

    def extent(self) -> tuple[float, float] | None:
        if not len(self.ids):
            return None
        return float(self.x0[0]), float(self.x1.max())

    def density(self, edges: np.ndarray) -> np.ndarray:
        """Events per bin of `edges` (decimal years, uniform). Events shorter than a bin count
        where they are; longer ones are spread over the bins they cover, so a century-wide
        date does not make a spike at its midpoint."""
        nb = len(edges) - 1
        counts = np.zeros(nb, dtype=np.float64)
        width = (edges[-1] - edges[0]) / nb
        a, b = axis_to_day(float(edges[0])), axis_to_day(float(edges[-1]))
        bin_days = (b - a) / nb
        for lv, i, j in self._slices(a, b):
            span_days = 1 << lv.level
            if span_days <= bin_days:
                shift = span_days / 2 / 365.2425
                cum = np.searchsorted(lv.x0[i:j], edges - shift)
                counts += np.diff(cum)
            else:
                pos = lv.pos[i:j]
                b0 = np.clip(((self.x0[pos] - edges[0]) / width).astype(np.int64), 0, nb - 1)
                b1 = np.clip(((self.x1[pos] - edges[0]) / width).astype(np.int64), 0, nb - 1)
                keep = (self.x1[pos] > edges[0]) & (self.x0[pos] < edges[-1])
                b0, b1 = b0[keep], b1[keep]
                w = 1.0 / (b1 - b0 + 1)
                diff = np.zeros(nb + 1)
                np.add.at(diff, b0, w)
                np.add.at(diff, b1 + 1, -w)
                counts += np.cumsum(diff[:-1])
        return counts


@dataclass(frozen=True, slots=True)
class Lane:
    key: str
    name: str
    color: str  # "#rrggbb"
    events: LaneEvents


# --- frame (what to paint) -------------------------------------------------------------------


class Label(NamedTuple):
    """A title drawn beside (or inside) its event, in device pixels from a view anchor."""

    x: float  # anchor, decimal years
    y: float  # row centre, lane units
    offset: float  # pixels from the anchor to the text's left edge (negative: left of it)
    width: float  # pixels
    text: str
    event_id: int
    emphasis: bool  # a highlighted (search) match: drawn bold


@dataclass(slots=True)
class LaneFrame:
    """Prebuilt drawing of one lane; x relative to `Frame.origin`, y in lane units."""

    color: QColor
    density: bool = False
    count: int = 0  # events meeting the view
    density_path: QPainterPath | None = None  # the outline of the strip
    density_rects: list[QRectF] = field(default_factory=list)
    soft: list[QRectF] = field(default_factory=list)
    solid: list[QRectF] = field(default_factory=list)
    fuzzy: list[list[QRectF]] = field(default_factory=list)
    ticks: QPainterPath | None = None
    points: np.ndarray | None = None  # (n, 2) dot centres
    sel_bars: list[QRectF] = field(default_factory=list)
    sel_ticks: QPainterPath | None = None
    sel_points: np.ndarray | None = None
    match_bars: list[QRectF] = field(default_factory=list)  # highlighted (search) events
    match_ticks: QPainterPath | None = None
    match_points: np.ndarray | None = None
    # hit testing (absolute x, lane units y) of the events drawn individually
    ids: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    xa: np.ndarray = field(default_factory=lambda: np.empty(0))
    xb: np.ndarray = field(default_factory=lambda: np.empty(0))
    y: np.ndarray = field(default_factory=lambda: np.empty(0))
    row_h: float = 1.0
    bins: tuple[np.ndarray, np.ndarray] | None = None  # (edges, counts) for density tooltips


@dataclass(slots=True)
class Frame:
    origin: float
    x_range: tuple[float, float]
    view: tuple[float, float]
    n_lanes: int
    lanes: list[LaneFrame]
    labels: list[Label]
    generation: int = 0


@dataclass(frozen=True, slots=True)
class FrameRequest:
    lanes: tuple[Lane, ...]
    view: tuple[float, float]  # decimal years
    width_px: float
    lane_px: float
    selected: np.ndarray  # sorted int64 event ids
    font: QFont
    generation: int = 0
    highlighted: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))  # sorted


def _rects(xa: np.ndarray, ya: np.ndarray, xb: np.ndarray, yb: np.ndarray) -> list[QRectF]:
    """Rectangles for one drawRects call: Qt's raster engine fills these an order of
    magnitude faster than the same rectangles as one QPainterPath."""
    return [
        QRectF(a, b, c - a, d - b)
        for a, b, c, d in zip(xa.tolist(), ya.tolist(), xb.tolist(), yb.tolist(), strict=True)
    ]


def _ticks_path(x: np.ndarray, ya: np.ndarray, yb: np.ndarray) -> QPainterPath:
    if not len(x):
        return QPainterPath()
    return pg.functions.arrayToQPath(
        np.repeat(x, 2), np.stack([ya, yb], axis=1).ravel(), connect="pairs"
    )


def _points(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.column_stack((x, y)).astype(np.float64)


def member(ids: np.ndarray, sorted_ids: np.ndarray) -> np.ndarray:
    """Mask of `ids` found in `sorted_ids` (binary search: both can be large)."""
    if not len(sorted_ids) or not len(ids):
        return np.zeros(len(ids), dtype=bool)
    k = np.clip(np.searchsorted(sorted_ids, ids), 0, len(sorted_ids) - 1)
    return sorted_ids[k] == ids


@lru_cache(maxsize=1 << 16)
def _shape(dates: str) -> tuple[int, int, int, bool, bool]:
    """(kind, first, last, fuzzy_left, fuzzy_right) of an event from its "start[/end]" ISO
    dates: the certain core of its span (days) and whether each end is a guess (approximate,
    or an open 'before'/'after'): what fades out is lo..first and last..hi."""
    start_text, _, end_text = dates.partition("/")
    start = HistDate.parse_iso(start_text)
    end = HistDate.parse_iso(end_text) if end_text else None
    if end is not None:
        kind = SOLID
    elif start.precision is Precision.DAY and not start.approximate and not start.qualifier:
        kind = POINT
    else:
        kind = SOFT
    first_end = end or start
    plain_start = start.with_(approximate=False)
    plain_last = first_end.with_(approximate=False)
    fuzzy_left = start.approximate or start.qualifier in _OPEN
    fuzzy_right = first_end.approximate or first_end.qualifier is Qualifier.AFTER
    lo = plain_start.earliest_day()
    hi = plain_last.latest_day()
    if start.qualifier in _OPEN:  # the 100 open years before the named date fade out
        lo = lo + (plain_start.latest_day() - lo) * 6 // 10
    if first_end.qualifier is Qualifier.AFTER:
        hi = hi - (hi - plain_last.earliest_day()) * 6 // 10
    return kind, lo, hi, fuzzy_left, fuzzy_right


def _classify(
    lo: np.ndarray, hi: np.ndarray, prec: np.ndarray, dates: TextColumn
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kind of each event and the core span (days) outside which it fades. The day numbers
    tell plain dates apart (a day is a dot, a month or a year a soft bar, a longer span a
    range); the few events with `dates` (approximate, open, ranges) are read from them."""
    span = hi - lo + 1
    kind = np.where(
        (prec == Precision.DAY) & (span == 1),
        POINT,
        np.where(span <= _NOMINAL_DAYS[np.clip(prec, 0, 7)], SOFT, SOLID),
    ).astype(np.int8)
    core_lo, core_hi = lo.copy(), hi.copy()
    for k in np.flatnonzero(dates.nonempty()).tolist():
        try:
            kind[k], c_lo, c_hi, f_left, f_right = _shape(dates[k])
        except ValueError:  # unreadable stored date: draw it from its day numbers
            continue
        if f_left:
            core_lo[k] = min(max(c_lo, lo[k]), hi[k])
        if f_right:
            core_hi[k] = max(min(c_hi, hi[k]), core_lo[k])
    return kind, core_lo, core_hi


def _assign_rows(
    pxa: np.ndarray,
    pxb: np.ndarray,
    label_a: np.ndarray,
    label_b: np.ndarray,
    has_label: np.ndarray,
    n_rows: int,
    ids: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Greedy interval packing, top row first. An event with a label wants its glyph
    [pxa, pxb] and its label [label_a, label_b] (right or left of it, or inside a bar) in one
    row; if no row has room for both, its glyph alone goes to a row with room, or to the row
    that frees first. Returns (row, labelled) per event."""
    n = len(pxa)
    if n > PACK_LIMIT:  # too many to pack in Python in time: spread them evenly instead
        return (ids * 2_654_435_761 % max(n_rows, 1)).astype(np.int64), np.zeros(n, bool)
    lead = np.where(has_label, np.minimum(pxa, label_a), pxa).tolist()
    tail = np.where(has_label, np.maximum(pxb, label_b), pxb).tolist()
    rows = np.zeros(n, dtype=np.int64)
    labelled = np.zeros(n, dtype=bool)
    ends = [-1e18] * n_rows
    row_range = range(n_rows)
    a_list, b_list, want = pxa.tolist(), pxb.tolist(), has_label.tolist()
    for k in range(n):
        a, b = a_list[k], b_list[k]
        if want[k]:
            for r in row_range:
                if ends[r] < lead[k]:
                    ends[r] = tail[k] + 3
                    rows[k] = r
                    labelled[k] = True
                    break
            if labelled[k]:
                continue
        for r in row_range:
            if ends[r] < a:
                ends[r] = b + 3
                rows[k] = r
                break
        else:
            r = ends.index(min(ends))
            ends[r] = max(ends[r], b + 3)
            rows[k] = r
    # an overflowing glyph may have landed on a reserved label: glyphs win, the label goes
    for k in np.flatnonzero(labelled).tolist():
        over = (rows == rows[k]) & (pxa < label_b[k]) & (pxb > label_a[k])
        over[k] = False
        if over.any():
            labelled[k] = False
    return rows, labelled


def _elide(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def label_width(metrics: QFontMetricsF, text: str) -> float:
    """Pixels a title takes as a label (elided as labels are)."""
    return metrics.horizontalAdvance(_elide(text))


def build_frame(req: FrameRequest) -> Frame:
    """Everything `TimelineItem.paint` needs for a view. Pure and thread-safe (numpy, paths)."""
    v0, v1 = req.view
    w = max(v1 - v0, 1e-9)
    bx0, bx1 = v0 - w / 2, v1 + w / 2
    origin = (v0 + v1) / 2
    ppy = req.width_px / w  # pixels per year
    clip0, clip1 = bx0 - w, bx1 + w  # keep device coordinates small however long a bar is
    vd0, vd1 = axis_to_day(v0), axis_to_day(v1)
    bd0, bd1 = axis_to_day(bx0), axis_to_day(bx1)
    top = min(6.0 / req.lane_px, 0.1)  # a little air under the lane boundary
    inner = 1 - top - min(4.0 / req.lane_px, 0.05)
    n_rows = int(np.clip(req.lane_px * inner // ROW_PX, 1, 60))
    row_h = inner / n_rows
    metrics = QFontMetricsF(req.font)
    lanes: list[LaneFrame] = []
    labels: list[Label] = []
    sel, marked = req.selected, req.highlighted

    for li, lane in enumerate(req.lanes):
        ev = lane.events
        lf = LaneFrame(color=QColor(lane.color), row_h=row_h)
        lanes.append(lf)
        upper = ev.count_upper(vd0, vd1)
        count = upper if upper > 4 * DENSITY_THRESHOLD else len(ev.query(vd0, vd1))
        lf.count = count
        if count > DENSITY_THRESHOLD:
            _density_lane(lf, ev, li, req, (bx0, bx1), origin)
            continue

        pos = ev.query(bd0, bd1)
        ids = ev.ids[pos]
        lo, hi = ev.lo[pos], ev.hi[pos]
        xa = np.maximum(ev.x0[pos], clip0)
        xb = np.minimum(ev.x1[pos], clip1)
        kind, core_lo, core_hi = _classify(lo, hi, ev.precision[pos], ev.dates.take(pos))
        in_view = (ev.x1[pos] >= v0) & (ev.x0[pos] <= v1)
        pxa, pxb = (xa - v0) * ppy, (xb - v0) * ppy
        narrow = (pxb - pxa) < 3
        is_point = kind == POINT
        dot = narrow | is_point
        pxm = (pxa + pxb) / 2
        pxa_g = np.where(dot, pxm - 5, pxa)
        pxb_g = np.where(dot, pxm + 5, pxb)

        # labels: lane sparse enough, frame budget left. A label goes right of its event, to
        # the left where the right has no room inside the view, or inside a bar running off
        # the right edge; `lead`/`tail` are what the event then needs of its row.
        label_w = np.zeros(len(pos))
        side = np.zeros(len(pos), dtype=np.int8)  # 1 right, -1 left, 2 inside
        texts: dict[int, str] = {}
        if count <= LABEL_THRESHOLD and len(labels) < MAX_LABELS:
            for k in np.flatnonzero(in_view).tolist():
                texts[k] = _elide(ev.titles[int(pos[k])])
                label_w[k] = metrics.horizontalAdvance(texts[k])
            has = label_w > 0
            vis_a = np.maximum(pxa, 0)
            inside = has & ~dot & (ev.x1[pos] > v1) & (pxb - vis_a > label_w + 8)
            right_room = pxb_g + LABEL_GAP + label_w <= req.width_px
            left_room = pxa_g - LABEL_GAP - label_w >= 0
            side = np.where(
                inside, 2, np.where(has & (right_room | ~left_room), 1, np.where(has, -1, 0))
            ).astype(np.int8)
            # a label with room on neither side is shortened to what the view shows of it,
            # or left out when that would be a few letters
            for k in np.flatnonzero((side == 1) & ~right_room).tolist():
                room = req.width_px - pxb_g[k] - LABEL_GAP - 2
                if room >= MIN_LABEL_PX:
                    texts[k] = metrics.elidedText(texts[k], Qt.TextElideMode.ElideRight, room)
                    label_w[k] = metrics.horizontalAdvance(texts[k])
                elif pxb_g[k] < req.width_px:  # (an event past the edge keeps its label
                    side[k], label_w[k] = 0, 0.0  # for when the view pans to it)
        # where each label goes, in pixels (inside a bar: the bar itself)
        label_a = np.where(side == 1, pxb_g + 1, pxa_g)
        label_a = np.where(side == -1, pxa_g - LABEL_GAP - label_w, label_a)
        label_b = np.where(side == 1, pxb_g + LABEL_GAP + label_w, pxb_g)
        label_b = np.where(side == -1, pxa_g - 1, label_b)
        rows, labelled = _assign_rows(pxa_g, pxb_g, label_a, label_b, side != 0, n_rows, ids)
        yc = li + top + (rows + 0.5) * row_h
        half = row_h * 0.3
        lf.ids, lf.xa, lf.xb, lf.y = ids, ev.x0[pos], ev.x1[pos], yc
        rel_a, rel_b = xa - origin, xb - origin
        mid = (rel_a + rel_b) / 2

        pts = is_point | (narrow & (kind != SOFT) & (kind != SOLID))
        tick = narrow & ~pts
        bar = ~narrow & ~is_point
        lf.points = _points(mid[pts], yc[pts])
        lf.ticks = _ticks_path(mid[tick], yc[tick] - half, yc[tick] + half)
        # bars: core solid or soft, uncertain ends fading outwards
        ca = np.maximum(days_to_axis(core_lo), clip0) - origin
        cb = np.minimum(days_to_axis(core_hi + 1), clip1) - origin
        for k_kind, attr in ((SOLID, "solid"), (SOFT, "soft")):
            m = bar & (kind == k_kind)
            setattr(lf, attr, _rects(ca[m], yc[m] - half, cb[m], yc[m] + half))
        bands: list[list[tuple[np.ndarray, ...]]] = [[] for _ in range(FUZZY_STEPS)]
        for side_a, side_b, outward_left in ((rel_a, ca, True), (cb, rel_b, False)):
            m = bar & (side_b - side_a > 0)
            if not m.any():
                continue
            a, b, y = side_a[m], side_b[m], yc[m]
            step = (b - a) / FUZZY_STEPS
            for s in range(FUZZY_STEPS):
                # band 0 touches the core; the last is the faintest, at the outer end
                if outward_left:
                    ba, bb = b - (s + 1) * step, b - s * step
                else:
                    ba, bb = a + s * step, a + (s + 1) * step
                bands[s].append((ba, y - half, bb, y + half))
        lf.fuzzy = [
            _rects(*(np.concatenate(c) for c in zip(*parts, strict=True))) if parts else []
            for parts in bands
        ]
        if len(sel):
            chosen = member(ids, sel)
            sb = chosen & bar
            lf.sel_bars = _rects(rel_a[sb], yc[sb] - half * 1.5, rel_b[sb], yc[sb] + half * 1.5)
            sp = chosen & (pts | tick)
            lf.sel_points = _points(mid[sp], yc[sp])
        matched = member(ids, marked)
        if matched.any():
            mb = matched & bar
            lf.match_bars = _rects(rel_a[mb], yc[mb] - half * 1.9, rel_b[mb], yc[mb] + half * 1.9)
            mp = matched & (pts | tick)
            lf.match_points = _points(mid[mp], yc[mp])
        for k in np.flatnonzero(labelled).tolist():
            if len(labels) >= MAX_LABELS:
                break
            s_k, lw = int(side[k]), float(label_w[k])
            if s_k == 2:  # inside a bar running off the right edge, from its visible start
                x, off = float(max(xa[k], v0)), 4.0
            elif dot[k]:
                gap = 9.0 if matched[k] else 6.0  # clear of the ring
                x, off = float(mid[k] + origin), (gap if s_k == 1 else -gap - lw)
            elif s_k == 1:
                x, off = float(xb[k]), LABEL_GAP - 2
            else:
                x, off = float(xa[k]), 2 - LABEL_GAP - lw
            labels.append(Label(x, float(yc[k]), off, lw, texts[k], int(ids[k]), bool(matched[k])))

    return Frame(
        origin=origin,
        x_range=(bx0, bx1),
        view=(v0, v1),
        n_lanes=len(req.lanes),
        lanes=lanes,
        labels=labels,
        generation=req.generation,
    )


def _density_lane(
    lf: LaneFrame,
    ev: LaneEvents,
    li: int,
    req: FrameRequest,
    x_range: tuple[float, float],
    origin: float,
) -> None:
    """A lane too crowded to draw event by event: a strip of binned counts, with ticks where
    selected and highlighted events are."""
    v0, v1 = req.view
    bx0, bx1 = x_range
    lf.density = True
    nb = max(int(req.width_px * (bx1 - bx0) / max(v1 - v0, 1e-9) / BIN_PX), 8)
    edges = np.linspace(bx0, bx1, nb + 1)
    counts = ev.density(edges)
    lf.bins = (edges, counts)
    in_view = counts[(edges[:-1] < v1) & (edges[1:] > v0)]
    peak = float(in_view.max()) if len(in_view) and in_view.max() > 0 else 1.0
    h = np.sqrt(np.clip(counts / peak, 0.0, 1.0)) * 0.84
    base = li + 0.95
    xs = np.repeat(edges, 2)[1:-1] - origin
    ys = base - np.repeat(h, 2)
    lf.density_path = pg.functions.arrayToQPath(xs, ys, connect="all")
    filled = h > 0
    lf.density_rects = _rects(
        edges[:-1][filled] - origin,
        base - h[filled],
        edges[1:][filled] - origin,
        np.full(int(filled.sum()), base),
    )
    if not len(req.selected) and not len(req.highlighted):
        return
    pos = ev.query(axis_to_day(v0), axis_to_day(v1))
    ids = ev.ids[pos]
    for sorted_ids, attr, top in (
        (req.selected, "sel_ticks", 0.12),
        (req.highlighted, "match_ticks", 0.05),
    ):
        if not len(sorted_ids):
            continue
        hit = pos[member(ids, sorted_ids)][:20_000]
        xm = (ev.x0[hit] + ev.x1[hit]) / 2 - origin
        setattr(lf, attr, _ticks_path(xm, np.full(len(xm), li + top), np.full(len(xm), li + 0.95)))


# --- the graphics item -----------------------------------------------------------------------


class TimelineItem(pg.GraphicsObject):
    """Paints the current `Frame`: a few prebuilt paths per lane, then labels in pixels."""

    def __init__(self) -> None:
        super().__init__()
        self._frame: Frame | None = None
        self._rect = QRectF(0, 0, 1, 1)
        self._n_lanes = 1
        self._bg = QColor("white")
        self._fg = QColor("black")
        self._highlight = QColor("#F2A900")
        self._match = QColor("#D81B60")
        self._font = QFont()
        self.paint_count = 0

    # configuration
    def set_colors(
        self,
        background: QColor,
        foreground: QColor,
        highlight: QColor,
        match: QColor | None = None,
    ) -> None:
        self._bg, self._fg, self._highlight = background, foreground, highlight
        if match is not None:
            self._match = match
        self.update()

    def set_font(self, font: QFont) -> None:
        self._font = QFont(font)
        self.update()

    def set_lane_count(self, n: int) -> None:
        self._n_lanes = max(n, 1)
        self._update_rect()

    def set_frame(self, frame: Frame | None) -> None:
        self._frame = frame
        self._update_rect()
        self.update()

    @property
    def frame(self) -> Frame | None:
        return self._frame

    def _update_rect(self) -> None:
        x0, x1 = self._frame.x_range if self._frame else (0.0, 1.0)
        rect = QRectF(x0, 0, x1 - x0, self._n_lanes)
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect

    def boundingRect(self) -> QRectF:
        return QRectF(self._rect)

    # painting
    def paint(self, p: QPainter, *args: object) -> None:
        self.paint_count += 1
        frame = self._frame
        if frame is None:
            return
        # Axis-aligned rectangles and steps need no antialiasing, and filling/stroking many
        # subpaths is several times faster without it; only the round dots get it (below).
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        x0, x1 = frame.x_range
        # lane bands and separators
        shade = QColor(self._fg)
        shade.setAlphaF(0.035)
        line = QPen(QColor(self._fg), 0)
        line.setCosmetic(True)
        line_color = QColor(self._fg)
        line_color.setAlphaF(0.18)
        line.setColor(line_color)
        for li in range(frame.n_lanes):
            if li % 2:
                p.fillRect(QRectF(x0, li, x1 - x0, 1), shade)
        p.setPen(line)
        for li in range(1, frame.n_lanes):
            p.drawLine(QPointF(x0, li), QPointF(x1, li))

        p.save()
        p.translate(frame.origin, 0)
        no_pen = QPen(Qt.PenStyle.NoPen)
        for lf in frame.lanes:
            c = lf.color
            if lf.density_path is not None:
                # opaque (pre-blended with the background): solid fills take Qt's fast path
                fill = _blend(c, self._bg, 0.6)
                p.setPen(no_pen)
                p.setBrush(QBrush(fill))
                p.drawRects(lf.density_rects)
                p.setPen(_cosmetic(c, 1.0))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawPath(lf.density_path)
                if lf.match_ticks is not None:
                    p.setPen(_cosmetic(self._match, 2.0))
                    p.drawPath(lf.match_ticks)
                if lf.sel_ticks is not None:
                    p.setPen(_cosmetic(self._highlight, 2.0))
                    p.drawPath(lf.sel_ticks)
                continue
            if lf.match_bars:
                p.setPen(_cosmetic(self._match, 3.0))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRects(lf.match_bars)
            # a ring under the dot or tick: the match colour, then the background inside
            _dots(p, lf.match_points, (self._match, 17.0), (self._bg, 12.0))
            if lf.sel_bars:
                p.setPen(_cosmetic(self._fg, 1.0))
                p.setBrush(QBrush(self._highlight))
                p.drawRects(lf.sel_bars)
            if lf.soft:
                fill = QColor(c)
                fill.setAlpha(80)
                edge = QColor(c)
                edge.setAlpha(170)
                p.setPen(_cosmetic(edge, 1.0))
                p.setBrush(QBrush(fill))
                p.drawRects(lf.soft)
            if lf.solid:
                fill = QColor(c)
                fill.setAlpha(210)
                p.setPen(_cosmetic(c.darker(130), 1.0))
                p.setBrush(QBrush(fill))
                p.drawRects(lf.solid)
            p.setPen(no_pen)
            for s, rects in enumerate(lf.fuzzy):
                if not rects:
                    continue
                fill = QColor(c)
                fill.setAlpha(int(150 * (1 - (s + 0.5) / FUZZY_STEPS)) + 8)
                p.setBrush(QBrush(fill))
                p.drawRects(rects)
            p.setBrush(Qt.BrushStyle.NoBrush)
            if lf.ticks is not None and not lf.ticks.isEmpty():
                p.setPen(_cosmetic(c, 2.0, Qt.PenCapStyle.FlatCap))
                p.drawPath(lf.ticks)
            _dots(p, lf.sel_points, (self._fg, 13.0), (self._highlight, 10.0))
            _dots(p, lf.points, (self._bg, 9.0), (c, 7.0))
        p.restore()
        if frame.labels:
            self._paint_labels(p, frame)

    def _paint_labels(self, p: QPainter, frame: Frame) -> None:
        t = p.transform()
        xs = np.array([lb.x for lb in frame.labels])
        ys = np.array([lb.y for lb in frame.labels])
        px = xs * t.m11() + ys * t.m21() + t.dx()
        py = xs * t.m12() + ys * t.m22() + t.dy()
        p.save()
        p.resetTransform()
        bold = QFont(self._font)
        bold.setBold(True)
        p.setPen(QPen(self._fg))
        asc = QFontMetricsF(self._font).capHeight() / 2
        current = None
        for lb, x, y in zip(frame.labels, px.tolist(), py.tolist(), strict=True):
            font = bold if lb.emphasis else self._font
            if font is not current:
                p.setFont(font)
                current = font
            p.drawText(QPointF(x + lb.offset, y + asc), lb.text)
        p.restore()


_SPRITES: dict[tuple, QPixmap] = {}


def _sprite(layers: tuple[tuple[QColor, float], ...], dpr: float) -> tuple[QPixmap, float]:
    """An antialiased dot (circles of the given colours and diameters, stacked) rendered
    once at the screen's pixel ratio; returns it and its size in pixmap pixels."""
    key = (tuple((c.rgba(), d) for c, d in layers), dpr)
    if key not in _SPRITES:
        if len(_SPRITES) > 256:
            _SPRITES.clear()
        size = math.ceil(max(d for _, d in layers)) + 2
        pm = QPixmap(math.ceil(size * dpr), math.ceil(size * dpr))
        pm.fill(Qt.GlobalColor.transparent)
        q = QPainter(pm)
        q.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        q.scale(dpr, dpr)
        q.setPen(Qt.PenStyle.NoPen)
        for color, d in layers:
            q.setBrush(color)
            q.drawEllipse(QPointF(size / 2, size / 2), d / 2, d / 2)
        q.end()
        _SPRITES[key] = pm
    pm = _SPRITES[key]
    return pm, float(pm.width())


def _dots(p: QPainter, points: np.ndarray | None, *layers: tuple[QColor, float]) -> None:
    """Round dots (stacked circles of (colour, diameter)) at view points, in device pixels.

    One pre-rendered sprite stamped by drawPixmapFragments: an order of magnitude faster
    than antialiased wide points (thousands of dots in 2 ms instead of 30), and it sidesteps
    Qt stroking a wide cosmetic point as a line across the view at large x scales (a
    day-precise event at day zoom became a bar to the edge)."""
    if points is None or not len(points):
        return
    t = p.transform()
    x, y = points[:, 0], points[:, 1]
    dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
    sprite, side = _sprite(layers, dpr)
    frags = np.empty((len(points), 10), dtype=np.float64)  # QPainter::PixmapFragment fields
    frags[:, 0] = x * t.m11() + y * t.m21() + t.dx()
    frags[:, 1] = x * t.m12() + y * t.m22() + t.dy()
    frags[:, 2:6] = (0.0, 0.0, side, side)  # source rectangle
    frags[:, 6:10] = (1 / dpr, 1 / dpr, 0.0, 1.0)  # scale x, scale y, rotation, opacity
    p.save()
    p.resetTransform()
    try:
        first = shiboken6.wrapInstance(frags.ctypes.data, QPainter.PixmapFragment)
        p.drawPixmapFragments(first, len(frags), sprite)
    except (TypeError, AttributeError):  # a binding without the array form: wide points
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        device = QPolygonF([QPointF(a, b) for a, b in frags[:, :2].tolist()])
        for color, width in layers:
            p.setPen(_cosmetic(color, width, Qt.PenCapStyle.RoundCap))
            p.drawPoints(device)
    p.restore()


def _blend(color: QColor, background: QColor, alpha: float) -> QColor:
    return QColor.fromRgbF(
        color.redF() * alpha + background.redF() * (1 - alpha),
        color.greenF() * alpha + background.greenF() * (1 - alpha),
        color.blueF() * alpha + background.blueF() * (1 - alpha),
    )


def _cosmetic(color: QColor, width: float, cap: Qt.PenCapStyle = Qt.PenCapStyle.SquareCap) -> QPen:
    pen = QPen(color, width)
    pen.setCosmetic(True)
    pen.setCapStyle(cap)
    return pen


def lane_at(frame: Frame, y: float) -> int | None:
    li = int(np.floor(y))
    return li if 0 <= li < frame.n_lanes else None


def hits(
    frame: Frame,
    lanes: Sequence[Lane],
    x: float,
    y: float,
    tol_years: float,
    years_per_px: float = 0.0,
) -> list[int]:
    """Event ids under a view point, nearest first: within `tol_years` in time and, for lanes
    drawn event by event, on the same row; else the event whose label is under the point
    (labels are sized in pixels, hence `years_per_px` of the current view)."""
    li = lane_at(frame, y)
    if li is None or li >= len(frame.lanes):
        return []
    lf = frame.lanes[li]
    if lf.density:
        ev = lanes[li].events
        pos = ev.query(axis_to_day(x - tol_years), axis_to_day(x + tol_years))
        if not len(pos):
            return []
        dist = np.maximum(np.maximum(ev.x0[pos] - x, x - ev.x1[pos]), 0)
        return ev.ids[pos[np.argsort(dist, kind="stable")]][:50].tolist()
    near = (lf.xa - tol_years <= x) & (x <= lf.xb + tol_years) & (np.abs(lf.y - y) <= lf.row_h / 2)
    idx = np.flatnonzero(near)
    if len(idx):
        dx = np.maximum(np.maximum(lf.xa[idx] - x, x - lf.xb[idx]), 0)
        return lf.ids[idx[np.argsort(dx, kind="stable")]].tolist()
    if years_per_px > 0:
        for lb in frame.labels:
            left = lb.x + lb.offset * years_per_px
            if (
                abs(lb.y - y) <= lf.row_h / 2
                and left <= x <= left + lb.width * years_per_px
                and lane_at(frame, lb.y) == li
            ):
                return [lb.event_id]
    return []
