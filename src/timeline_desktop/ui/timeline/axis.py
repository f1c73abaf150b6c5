"""A time axis for history: millennia down to days, BC/AD, no year zero.

pyqtgraph's DateAxisItem works in Unix seconds and goes blank before AD 1, so this axis reads
the view's decimal astronomical years (see `coords`) and chooses ticks itself. Year ticks sit
on years a historian would label: on the BC side at multiples of the step counted in BC years
("500 BC" is astronomical -499), on the AD side at multiples of the step, and at the era
boundary "AD 1" stands in for the year zero that does not exist.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyqtgraph as pg

from timeline_desktop.domain.dates import day_number, from_day_number, year_label
from timeline_desktop.ui.timeline.coords import axis_to_day, day_to_axis

_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_YEAR_DAYS = 365.2425


@dataclass(frozen=True, slots=True)
class TickStep:
    """One candidate tick spacing: `count` units of `unit` ("day", "month" or "year")."""

    unit: str
    count: int

    @property
    def years(self) -> float:
        """Approximate length in years, to compare with the space available."""
        if self.unit == "day":
            return self.count / _YEAR_DAYS
        if self.unit == "month":
            return self.count / 12
        return float(self.count)


def fmt_year(year: int) -> str:
    """`year_label` with thousands separators from 10,000 on ("10,000 BC")."""
    label = year_label(year)
    number = 1 - year if year <= 0 else year
    return label.replace(str(number), f"{number:,}") if number >= 10_000 else label


def _steps() -> list[TickStep]:
    steps = [TickStep("day", n) for n in (1, 2, 5, 10)]
    steps += [TickStep("month", n) for n in (1, 2, 3, 6)]
    steps += [TickStep("year", m * 10**k) for k in range(7) for m in (1, 2, 5)]
    return steps


STEPS: tuple[TickStep, ...] = tuple(_steps())


def choose_step(span_years: float, size_px: float, min_px: float) -> int:
    """Index into STEPS of the finest step whose ticks are at least `min_px` apart."""
    px_per_year = size_px / max(span_years, 1e-12)
    for i, step in enumerate(STEPS):
        if step.years * px_per_year >= min_px:
            return i
    return len(STEPS) - 1


def tick_positions(step: TickStep, x0: float, x1: float) -> list[tuple[float, str]]:
    """(x, label) of every tick of `step` inside [x0, x1] (decimal astronomical years)."""
    if step.unit == "year":
        return _year_ticks(step.count, x0, x1)
    if step.unit == "month":
        return _month_ticks(step.count, x0, x1)
    return _day_ticks(step.count, x0, x1)


def _year_ticks(s: int, x0: float, x1: float) -> list[tuple[float, str]]:
    first, last = math.ceil(x0), math.floor(x1)
    out: list[tuple[float, str]] = []
    if first <= 0:  # BC: ticks at n BC (astronomical 1 - n) with n a multiple of s
        n_hi = (1 - first) // s * s  # furthest back
        n_lo = max(s, -(-(1 - min(last, 0)) // s) * s)
        for n in range(n_hi, n_lo - 1, -s):
            out.append((float(1 - n), fmt_year(1 - n)))
    if first <= 1 <= last and s > 1:
        out.append((1.0, fmt_year(1)))  # the era boundary, in place of a year zero
    if last >= 1:
        start = max(first, 1)
        y = -(-start // s) * s
        if s == 1:
            y = start
        while y <= last:
            if s == 1 or y - 1 >= 0.6 * s:  # keep clear of the "AD 1" tick
                out.append((float(y), fmt_year(y)))
            y += s
    return out


def _month_ticks(s: int, x0: float, x1: float) -> list[tuple[float, str]]:
    y, m, _ = from_day_number(math.floor(axis_to_day(x0)))
    out: list[tuple[float, str]] = []
    while True:
        if (m - 1) % s == 0:
            x = day_to_axis(day_number(y, m, 1))
            if x > x1:
                break
            if x >= x0:
                out.append((x, f"{_MONTHS[m]} {year_label(y)}"))
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def _day_ticks(s: int, x0: float, x1: float) -> list[tuple[float, str]]:
    n = math.ceil(axis_to_day(x0))
    last = math.floor(axis_to_day(x1))
    out: list[tuple[float, str]] = []
    while n <= last:
        y, m, d = from_day_number(n)
        month_len = day_number(y, m % 12 + 1, 1) - day_number(y, m, 1) if m < 12 else 31
        # days 1, 1+s, 1+2s...; drop one crowding the next month's 1st. Every label names
        # its year: the axis hides a label running past its end, so "the first tick says the
        # year" left day views with none.
        if (d - 1) % s == 0 and (s == 1 or month_len - d + 1 >= 0.6 * s):
            out.append((day_to_axis(n), f"{d} {_MONTHS[m]} {year_label(y)}"))
        n += 1
    return out


class HistoricalAxis(pg.AxisItem):
    """Bottom axis over decimal astronomical years with historian's labels.

    Major ticks are labelled; one finer level is drawn as unlabelled minor ticks. The labels
    are computed together with the positions (tickValues) and looked up in tickStrings, so
    the two always agree.
    """

    MIN_LABEL_PX = 96.0

    def __init__(self, orientation: str = "bottom", **kwargs: object) -> None:
        super().__init__(orientation, **kwargs)
        self.enableAutoSIPrefix(False)
        self._labels: dict[float, str] = {}

    def ticks_for(self, x0: float, x1: float, size_px: float) -> list[tuple[float, str]]:
        """Labelled (major) ticks for a view; public so tests can check labels directly."""
        major = STEPS[choose_step(x1 - x0, size_px, self.MIN_LABEL_PX)]
        ticks = tick_positions(major, x0, x1)
        if not ticks:  # cannot happen above a day and a half, but never leave the axis bare
            mid = (x0 + x1) / 2
            y, m, d = from_day_number(math.floor(axis_to_day(mid)))
            ticks = [(mid, f"{d} {_MONTHS[m]} {year_label(y)}")]
        return ticks

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:
        if not (math.isfinite(minVal) and math.isfinite(maxVal)) or maxVal <= minVal or size <= 0:
            return []
        index = choose_step(maxVal - minVal, size, self.MIN_LABEL_PX)
        major = self.ticks_for(minVal, maxVal, size)
        self._labels = dict(major)
        levels = [(STEPS[index].years, [x for x, _ in major])]
        minor_index = choose_step(maxVal - minVal, size, 12.0)
        if minor_index < index:
            minor = tick_positions(STEPS[minor_index], minVal, maxVal)
            if len(minor) < 1000:
                levels.append((STEPS[minor_index].years, [x for x, _ in minor]))
        return levels

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [self._labels.get(v, "") for v in values]
