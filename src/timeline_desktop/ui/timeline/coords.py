"""The timeline's x coordinate: decimal astronomical years, vectorised.

Why decimal years rather than day numbers: tick labels are about years (and the view spans
12,000 of them), and `dates.day_to_axis` already defines the mapping (linear inside each
calendar year, continuous across the era boundary: year 0 = 1 BC runs from 0.0 to 1.0).
These numpy versions give exactly the same values for whole arrays of day numbers, so a
million events convert in tens of milliseconds.
"""

from __future__ import annotations

import numpy as np

from timeline_desktop.domain.dates import axis_to_day, day_to_axis

__all__ = ["MAX_X", "MIN_X", "MIN_X_RANGE", "axis_to_day", "day_to_axis", "days_to_axis"]

MIN_X = -9999.0  # 1 January 10,000 BC (astronomical -9999)
MAX_X = 3001.0  # end of AD 3000
MIN_X_RANGE = 1.5 / 365.2425  # about a day and a half: always one midnight tick in view

_EPOCH = 719_163  # as in dates.py: Hinnant's day 0 is 1970-01-01, ours is date.toordinal()


def _year_start(y: np.ndarray) -> np.ndarray:
    """Day number of 1 January of astronomical year(s) `y` (Hinnant's days_from_civil)."""
    y = y - 1  # January counts as month 10 of the previous March-based year
    era = y // 400
    yoe = y - era * 400
    doe = yoe * 365 + yoe // 4 - yoe // 100 + 306
    return era * 146_097 + doe - 719_468 + _EPOCH


def _year_of(n: np.ndarray) -> np.ndarray:
    """Astronomical year containing day number(s) `n` (Hinnant's civil_from_days)."""
    z = n - _EPOCH + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    return yoe + era * 400 + (mp >= 10)


# 1 January of every year the view can show (and a margin): converting a day number is then
# a guess of its year from the mean year length, corrected by one step, and two lookups.
_TABLE_FIRST_YEAR = -10_100
_YEAR_STARTS = _year_start(np.arange(_TABLE_FIRST_YEAR, 3_102, dtype=np.int64))
_MEAN_YEAR = 365.2425


def days_to_axis(days: np.ndarray) -> np.ndarray:
    """Vectorised `day_to_axis`: day numbers (int or fractional) -> decimal years.

    A million days convert in about 20 ms through the table of year starts; days outside it
    take the arithmetic of `_year_of` (five times slower)."""
    days = np.asarray(days)
    whole = days if days.dtype.kind in "iu" else np.floor(days).astype(np.int64)
    starts = _YEAR_STARTS
    if (
        len(whole.shape) != 1
        or not len(whole)
        or not (starts[0] <= whole.min() and whole.max() < starts[-1])
    ):
        y = _year_of(whole)
        start = _year_start(y)
        return y + (days - start) / (_year_start(y + 1) - start)
    k = ((whole - starts[0]) / _MEAN_YEAR).astype(np.int64)
    np.clip(k, 1, len(starts) - 3, out=k)  # the table has a year of margin at both ends
    k -= whole < starts.take(k)
    k += whole >= starts.take(k + 1)
    start, end = starts.take(k), starts.take(k + 1)
    return (k + _TABLE_FIRST_YEAR) + (days - start) / (end - start)
