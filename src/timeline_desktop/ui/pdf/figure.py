"""The dossier's timeline figure: the selection drawn as vectors, one lane per person.

It speaks the app's visual language (see `ui.timeline.items`): the person's colour, a dot for
a day-precise date, a solid bar for a range, a soft translucent bar over the whole span a
coarse date may mean, ends fading out where a date is approximate; the axis uses the app's
tick steps and labels (BC/AD, no year zero). Drawn with QPainter, so it stays sharp and its
labels stay text. Numbers beside the marks refer to the chronology.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QLinearGradient,
    QPainter,
    QPen,
)

from timeline_desktop.domain.dates import Precision, day_to_axis
from timeline_desktop.export.dossier import Dossier, Entry
from timeline_desktop.ui.colors import CONTRADICTS, NEUTRAL, person_color
from timeline_desktop.ui.pdf.fonts import FontSet
from timeline_desktop.ui.pdf.layout import PT
from timeline_desktop.ui.timeline.axis import STEPS, choose_step, tick_positions

MAX_LANES = 10
GUTTER = 78 * PT  # lane names
AXIS_H = 24 * PT
ROW = 8.5 * PT
LABEL_LIMIT = 400  # beyond this many events, marks are not numbered


@dataclass(frozen=True, slots=True)
class FigureLane:
    name: str
    color: QColor
    entries: tuple[Entry, ...]


def lanes_for(dossier: Dossier) -> list[FigureLane]:
    """One lane per person (the most frequent first), 'Other people' and 'No person named'."""
    entries = dossier.entries
    if not dossier.people:
        return [FigureLane("All events", QColor(NEUTRAL), entries)]
    shown = dossier.people[:MAX_LANES]
    lanes = [
        FigureLane(p.name, person_color(p.person_id),
                   tuple(e for e in entries if p.name in e.people))
        for p in shown
    ]  # fmt: skip
    names = {p.name for p in shown}
    rest = tuple(e for e in entries if e.people and not names.intersection(e.people))
    if rest:
        lanes.append(FigureLane(f"{len(dossier.people) - len(shown)} other people",
                                QColor(NEUTRAL), rest))  # fmt: skip
    nobody = tuple(e for e in entries if not e.people)
    if nobody:
        lanes.append(FigureLane("No person named", QColor(NEUTRAL), nobody))
    return lanes


def _extent(entry: Entry) -> tuple[float, float, float, float]:
    """(x0, x1, core0, core1) in decimal years: the whole span and its certain core."""
    lo = entry.start.earliest_day()
    hi = max((entry.end or entry.start).latest_day(), lo)
    start_core = entry.start.with_(approximate=False) if entry.start.approximate else entry.start
    end = entry.end or entry.start
    end_core = end.with_(approximate=False) if end.approximate else end
    c0 = max(start_core.earliest_day(), lo)
    c1 = min(max(end_core.latest_day(), c0), hi)
    return day_to_axis(lo), day_to_axis(hi + 1), day_to_axis(c0), day_to_axis(c1 + 1)


def _x_range(dossier: Dossier) -> tuple[float, float]:
    spans = [_extent(e) for e in dossier.entries]
    x0 = min(s[0] for s in spans)
    x1 = max(s[1] for s in spans)
    pad = max((x1 - x0) * 0.04, 20 / 365.2425)
    return x0 - pad, x1 + pad


def _rows_needed(lane: FigureLane, sx, numbered: bool, limit: int) -> int:
    """Rows the greedy packing uses for a lane (at most `limit`), labels included."""
    ends: list[float] = []
    label_w = 9 * PT if numbered else 0.0
    for entry in lane.entries:
        a, b, _, _ = _extent(entry)
        xa, xb = sx(a), sx(b)
        if entry.end is None and entry.start.precision is Precision.DAY:
            xa, xb = (xa + xb) / 2 - 2.4 * PT, (xa + xb) / 2 + 2.4 * PT
        row = next((r for r, end in enumerate(ends) if end < xa - 1.0 * PT), None)
        if row is None:
            if len(ends) >= limit:
                return limit
            ends.append(xb + label_w)
        else:
            ends[row] = xb + label_w
    return max(len(ends), 1)


def lane_heights(dossier: Dossier, width: float, max_height: float) -> list[float]:
    """Height of each lane: enough rows for its marks, shrunk to fit `max_height`."""
    lanes = lanes_for(dossier)
    if not dossier.entries:
        return [ROW * 3] * len(lanes)
    x0, x1 = _x_range(dossier)
    left, scale = GUTTER, (width - GUTTER) / (x1 - x0)
    numbered = len(dossier.entries) <= LABEL_LIMIT
    rows = [
        max(_rows_needed(lane, lambda x: left + (x - x0) * scale, numbered, 14), 2)
        for lane in lanes
    ]
    heights = [r * ROW + 5 * PT for r in rows]
    room = max_height - AXIS_H
    total = sum(heights)
    if total > room:
        heights = [h * room / total for h in heights]
    return heights


def figure_height(dossier: Dossier, width: float, max_height: float) -> float:
    return AXIS_H + sum(lane_heights(dossier, width, max_height))


def paint_figure(p: QPainter, rect: QRectF, dossier: Dossier, fonts: FontSet) -> None:
    """Draw the figure into `rect` (device units)."""
    if not dossier.entries:
        return
    lanes = lanes_for(dossier)
    heights = lane_heights(dossier, rect.width(), rect.height())
    x0, x1 = _x_range(dossier)
    plot = QRectF(rect.left() + GUTTER, rect.top(), rect.width() - GUTTER,
                  rect.height() - AXIS_H)  # fmt: skip
    scale = plot.width() / (x1 - x0)

    def sx(x: float) -> float:
        return plot.left() + (x - x0) * scale

    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    small = fonts.font(6.5, sans=True, units_per_pt=PT)
    lane_font = fonts.font(7.5, sans=True, bold=True, units_per_pt=PT)
    metrics = QFontMetricsF(small)
    # grid: ticks of the app's axis
    major = choose_step(x1 - x0, plot.width() / PT, 70.0)
    minor = choose_step(x1 - x0, plot.width() / PT, 12.0)
    grid = QColor("#000000")
    grid.setAlphaF(0.08)
    if minor < major:
        p.setPen(QPen(grid, 0.4 * PT))
        for x, _ in tick_positions(STEPS[minor], x0, x1)[:2000]:
            p.drawLine(QPointF(sx(x), plot.bottom()), QPointF(sx(x), plot.bottom() + 2.5 * PT))
    grid.setAlphaF(0.16)
    p.setFont(small)
    for x, label in tick_positions(STEPS[major], x0, x1):
        px = sx(x)
        p.setPen(QPen(grid, 0.5 * PT))
        p.drawLine(QPointF(px, plot.top()), QPointF(px, plot.bottom() + 4 * PT))
        p.setPen(QColor("#333333"))
        w = metrics.horizontalAdvance(label)
        p.drawText(QPointF(min(max(px - w / 2, plot.left()), plot.right() - w),
                           plot.bottom() + 4 * PT + metrics.ascent() + 2 * PT), label)  # fmt: skip
    p.setPen(QPen(QColor("#555555"), 0.7 * PT))
    p.drawLine(plot.bottomLeft(), plot.bottomRight())

    numbered = len(dossier.entries) <= LABEL_LIMIT
    top = plot.top()
    for li, (lane, lane_h) in enumerate(zip(lanes, heights, strict=True)):
        if li % 2 == 0:
            shade = QColor("#000000")
            shade.setAlphaF(0.035)
            p.fillRect(QRectF(rect.left(), top, rect.width(), lane_h), shade)
        p.setFont(lane_font)
        p.setPen(lane.color.darker(115))
        name_rect = QRectF(rect.left() + 3 * PT, top, GUTTER - 8 * PT, lane_h)
        p.drawText(name_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap),
                   f"{lane.name} ({len(lane.entries)})")  # fmt: skip
        _paint_lane(p, lane, top, lane_h, sx, numbered, small, metrics)
        top += lane_h
    p.restore()


def _paint_lane(p, lane: FigureLane, top: float, lane_h: float, sx, numbered: bool, font,
                metrics: QFontMetricsF) -> None:  # fmt: skip
    rows = max(int((lane_h - 4 * PT) // ROW), 1)
    ends = [float("-inf")] * rows  # right edge (incl. label) of the last mark in each row
    color = lane.color
    soft = QColor(color)
    soft.setAlpha(80)
    soft_edge = QColor(color)
    soft_edge.setAlpha(170)
    solid = QColor(color)
    solid.setAlpha(215)
    red = QColor(CONTRADICTS)
    p.setFont(font)
    label_only = numbered and len(lane.entries) <= rows * 40
    for k, entry in enumerate(lane.entries):
        a, b, c0, c1 = _extent(entry)
        xa, xb = sx(a), sx(b)
        point = entry.end is None and entry.start.precision is Precision.DAY
        if point:
            xa, xb = (xa + xb) / 2 - 2.4 * PT, (xa + xb) / 2 + 2.4 * PT
        label = str(entry.number)
        lw = metrics.horizontalAdvance(label) + 2 * PT if label_only else 0.0
        row = next((r for r in range(rows) if ends[r] < xa - 1.0 * PT), None)
        if row is None:
            row, show = k % rows, False
        else:
            show = label_only
        ends[row] = max(ends[row], xb + lw)
        cy = top + 2 * PT + row * ROW + ROW / 2
        outline = QPen(red, 1.1 * PT) if entry.contradicted else None
        if point:
            p.setPen(outline or QPen(color.darker(140), 0.5 * PT))
            p.setBrush(QBrush(solid))
            p.drawEllipse(QPointF((xa + xb) / 2, cy), 2.4 * PT, 2.4 * PT)
        elif xb - xa < 1.2 * PT:
            p.setPen(QPen(red if entry.contradicted else color, 1.2 * PT))
            p.drawLine(QPointF(xa, cy - 3 * PT), QPointF(xa, cy + 3 * PT))
        else:
            h = 5.0 * PT if entry.end is not None else 6.0 * PT
            bar = QRectF(xa, cy - h / 2, xb - xa, h)
            fill = solid if entry.end is not None else soft
            if c0 > a or c1 < b:  # approximate: the uncertain ends fade out
                grad = QLinearGradient(xa, 0, xb, 0)
                faded = QColor(fill)
                faded.setAlpha(12)
                span = max(b - a, 1e-12)
                grad.setColorAt(0.0, faded)
                grad.setColorAt(min(max((c0 - a) / span, 0.0), 1.0), fill)
                grad.setColorAt(min(max((c1 - a) / span, 0.0), 1.0), fill)
                grad.setColorAt(1.0, faded)
                p.setBrush(QBrush(grad))
            else:
                p.setBrush(QBrush(fill))
            edge = color.darker(130) if entry.end is not None else soft_edge
            p.setPen(outline or QPen(edge, 0.5 * PT))
            p.drawRect(bar)
        if show:
            p.setPen(QColor("#B0273A") if entry.contradicted else QColor("#333333"))
            p.drawText(QPointF(xb + 1.2 * PT, cy + metrics.ascent() / 2 - 0.6 * PT), label)


def legend_lines() -> Sequence[str]:
    return (
        "● a date known to the day   ▬ a range from start to end   ▭ a coarser date (month, "
        "year, decade…) drawn over all it may mean; faded ends: approximate",
        "Red outline: at least one source contradicts the event. Numbers refer to the "
        "chronology. Lanes follow the people most often named in the selection.",
    )
