"""Historical dates: the one date type of the whole product.

Python's datetime stops at year 1 and cannot say "the late 1920s" or "c. 44 BC", so every date
in Timeline Desktop is a HistDate. Calendar: proleptic Gregorian throughout.

Years
    Astronomical inside (1 BC = 0, 44 BC = -43) so arithmetic has no gap; shown with eras and
    no year zero outside ("44 BC", "AD 14", "1953"). Supported range: MIN_YEAR..MAX_YEAR.

The `year` field for coarse precisions is the astronomical year of the first year of the span:
    DECADE      decades follow their labels, so the two around the era boundary have 9 years:
                "1920s" year=1920 (1920-1929); "AD 0s" year=1 (AD 1-9); "0s BC" year=-8
                (9-1 BC = -8..0); "40s BC" year=-48 (49-40 BC = -48..-39). Valid anchors are
                therefore `y >= 1 and (y % 10 == 0 or y == 1)` or `y <= -8 and y % 10 == 2`.
                `of_decade(y)` accepts any year and returns the decade containing it.
    CENTURY     strict ordinals, always 100 years, anchor % 100 == 1: "20th century" year=1901
                (1901-2000), "1st century BC" year=-99 (-99..0), "5th century BC" year=-499.
    MILLENNIUM  likewise with 1000 years: "2nd millennium" year=1001, "1st millennium BC" -999.

Qualifiers narrow or open the span (offsets run forward in time, also in BC):
    early/mid/late  MONTH days 1-10 / 11-20 / 21-end; YEAR Jan-Apr / May-Aug / Sep-Dec;
                    DECADE years 0-4 / 3-7 / 5-9 ("late 1920s" = 1925-1929; clipped to the
                    9-year decades); CENTURY thirds, years 0-33 / 33-65 / 66-99 of the span
                    ("early 20th century" = 1901-1934, "late 18th century" = 1767-1800);
                    MILLENNIUM 0-299 / 300-699 / 700-999.
                    Not allowed on DAY or SEASON.
    before/by/after open-ended but bounded, so windows and sorting stay finite: "before 1950"
                    is 1850-01-01..1949-12-31, "by 1955" 1855-01-01..1955-12-31, "after 1950"
                    1951-01-01..2050-12-31 (OPEN_YEARS = 100 years from the named span).
Approximate ("c. 1950") widens the span it may mean by APPROX_MARGIN: 7 days for DAY, 15 for
MONTH, 30 for SEASON, 2 years for YEAR, 5 for DECADE, 25 for CENTURY, 100 for MILLENNIUM
("c. 1950" = 1948-1952). With before/by/after only the named boundary moves outwards.
Seasons are meteorological, northern hemisphere: spring Mar-May, summer Jun-Aug, autumn
Sep-Nov, winter Dec of `year` through Feb of the next year.

ISO text (`to_iso`/`parse_iso`, exact round trip), ISO 8601 / EDTF (ISO 8601-2) style:
    "1953", "1953-09", "1953-09-13", "-0043-03-15" (15 March 44 BC), "0000" (1 BC),
    "+12000", "-10000": 4-digit zero padding, sign for negatives and for years > 9999;
    season "1953-21".."1953-24"; AD decade "192X" ("000X" = AD 0s, "+1200X" = 12000s);
    decade BC "D-4" (40s BC; "D-0" = 0s BC) because EDTF's "-004X" would mean astronomical
    -40..-49; century "C20" / "C-5" (5th century BC); millennium "M2" / "M-1";
    approximate is a trailing "~"; a qualifier is a prefix word: "late 192X", "before 1950~".

Day numbers: day_number(1, 1, 1) == 1 == date(1, 1, 1).toordinal(), 0000-12-31 is 0, negative
further back; `earliest_day`/`latest_day` are the sortable, indexable form of a HistDate.
The axis is a continuous decimal astronomical year (0.5 is mid 1 BC, 1953.5 mid 1953).
"""

from __future__ import annotations

import dataclasses
import math
import operator
import re
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from functools import lru_cache
from typing import Self

__all__ = [
    "APPROX_MARGIN",
    "MAX_YEAR",
    "MIN_YEAR",
    "OPEN_YEARS",
    "DateParseError",
    "HistDate",
    "Precision",
    "Qualifier",
    "Season",
    "axis_to_day",
    "day_number",
    "day_to_axis",
    "days_in_month",
    "from_day_number",
    "is_leap_year",
    "parse_date",
    "year_label",
]

MIN_YEAR = -999_999
MAX_YEAR = 999_999
OPEN_YEARS = 100


class Precision(IntEnum):
    """How fine a date is; a smaller value is finer."""

    DAY = 1
    MONTH = 2
    SEASON = 3
    YEAR = 4
    DECADE = 5
    CENTURY = 6
    MILLENNIUM = 7


class Qualifier(StrEnum):
    """Narrows (early/mid/late) or opens (before/after/by) the span a date names."""

    NONE = ""
    EARLY = "early"
    MID = "mid"
    LATE = "late"
    BEFORE = "before"
    AFTER = "after"
    BY = "by"


class Season(IntEnum):
    """Meteorological seasons (northern hemisphere), valued by their EDTF codes."""

    SPRING = 21
    SUMMER = 22
    AUTUMN = 23
    WINTER = 24


class DateParseError(ValueError):
    """Text that is not a date this module understands."""


# Local aliases: attribute lookups on the enum classes are measurable in the hot paths.
_DAY, _MONTH, _SEASON, _YEAR = Precision.DAY, Precision.MONTH, Precision.SEASON, Precision.YEAR
_DECADE, _CENTURY, _MILLENNIUM = Precision.DECADE, Precision.CENTURY, Precision.MILLENNIUM
_NONE, _EARLY, _MID, _LATE = Qualifier.NONE, Qualifier.EARLY, Qualifier.MID, Qualifier.LATE
_BEFORE, _AFTER, _BY = Qualifier.BEFORE, Qualifier.AFTER, Qualifier.BY
_NARROWING = frozenset((_EARLY, _MID, _LATE))

# (days, years) an approximate date may stray on each side.
APPROX_MARGIN: dict[Precision, tuple[int, int]] = {
    _DAY: (7, 0),
    _MONTH: (15, 0),
    _SEASON: (30, 0),
    _YEAR: (0, 2),
    _DECADE: (0, 5),
    _CENTURY: (0, 25),
    _MILLENNIUM: (0, 100),
}
# early/mid/late as (first, last) offsets in a span: months of a year, years of the rest.
_YEAR_PARTS = {_EARLY: (1, 4), _MID: (5, 8), _LATE: (9, 12)}
_SPAN_PARTS = {
    _DECADE: {_EARLY: (0, 4), _MID: (3, 7), _LATE: (5, 9)},
    # thirds of a century, as historians read them: early 1901-1934, mid 1934-1966, late 1967-2000
    _CENTURY: {_EARLY: (0, 33), _MID: (33, 65), _LATE: (66, 99)},
    _MILLENNIUM: {_EARLY: (0, 299), _MID: (300, 699), _LATE: (700, 999)},
}
_SEASON_START = {Season.SPRING: 3, Season.SUMMER: 6, Season.AUTUMN: 9, Season.WINTER: 12}
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
_SEASON_NAMES = {
    Season.SPRING: "spring",
    Season.SUMMER: "summer",
    Season.AUTUMN: "autumn",
    Season.WINTER: "winter",
}

# --- calendar arithmetic -------------------------------------------------------------------

# Hinnant's algorithms count from 1970-01-01; this shifts them onto date.toordinal().
_EPOCH = 719_163


def is_leap_year(year: int) -> bool:
    """Proleptic Gregorian leap year; works for astronomical years (0 and -4 are leap)."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and is_leap_year(year):
        return 29
    return _MONTH_DAYS[month]


def _dn(y: int, m: int, d: int) -> int:
    """day_number without validation (Howard Hinnant's days_from_civil; floor division makes
    it correct for negative years). Day 32 or month 13 simply count on into the next ones."""
    if m <= 2:
        y -= 1
        m += 9
    else:
        m -= 3
    era = y // 400
    yoe = y - era * 400
    doe = yoe * 365 + yoe // 4 - yoe // 100 + (153 * m + 2) // 5 + d - 1
    return era * 146_097 + doe - 719_468 + _EPOCH


def day_number(year: int, month: int, day: int) -> int:
    """Proleptic Gregorian day number: 0001-01-01 is 1 (as date.toordinal), 0000-12-31 is 0."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1-12")
    if not 1 <= day <= days_in_month(year, month):
        raise ValueError(f"day {day} is not in {year:04d}-{month:02d}")
    return _dn(year, month, day)


def from_day_number(n: int) -> tuple[int, int, int]:
    """Inverse of day_number: (astronomical year, month, day) (Hinnant's civil_from_days)."""
    z = n - _EPOCH + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    if mp < 10:
        return yoe + era * 400, mp + 3, d
    return yoe + era * 400 + 1, mp - 9, d


def day_to_axis(day: float) -> float:
    """Decimal astronomical year of a moment given as a day number (`n` = start of day n).

    Linear within each calendar year, so it is continuous and strictly increasing, also
    across the era boundary (year 0 runs from 0.0 to 1.0)."""
    y = from_day_number(math.floor(day))[0]
    start = _dn(y, 1, 1)
    return y + (day - start) / (_dn(y + 1, 1, 1) - start)


def axis_to_day(axis: float) -> float:
    """Inverse of day_to_axis: the (fractional) day number at a decimal year."""
    y = math.floor(axis)
    start = _dn(y, 1, 1)
    return start + (axis - y) * (_dn(y + 1, 1, 1) - start)


def _shift_years(n: int, years: int) -> int:
    """The same calendar day `years` later (29 Feb becomes 28 Feb in common years)."""
    y, m, d = from_day_number(n)
    y += years
    if m == 2 and d == 29 and not is_leap_year(y):
        d = 28
    return _dn(y, m, d)


# --- anchors and labels --------------------------------------------------------------------


def _decade_anchor(year: int) -> int:
    """First year of the labelled decade containing `year` (see module doc)."""
    if year >= 1:
        return year - year % 10 or 1
    bc = 1 - year
    return -(bc - bc % 10 + 8)


def _is_decade_anchor(year: int) -> bool:
    return (year >= 1 and (year % 10 == 0 or year == 1)) or (year <= -8 and year % 10 == 2)


def _span_years(precision: Precision, year: int) -> tuple[int, int]:
    """(first, last) astronomical year of a DECADE/CENTURY/MILLENNIUM."""
    if precision is _DECADE:
        if year < 0:
            return year, min(year + 9, 0)
        return year, year - year % 10 + 9
    if precision is _CENTURY:
        return year, year + 99
    return year, year + 999


def year_label(year: int) -> str:
    """Astronomical year -> "44 BC", "AD 14" (years 1-999) or "1953"; never year zero."""
    if year <= 0:
        return f"{1 - year} BC"
    if year < 1000:
        return f"AD {year}"
    return str(year)


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _iso_year(year: int) -> str:
    if year < 0:
        return f"-{-year:04d}"
    if year > 9999:
        return f"+{year}"
    return f"{year:04d}"


# --- the date type -------------------------------------------------------------------------


_HISTDATE_FIELDS = ("year", "month", "day", "precision", "season", "approximate", "qualifier")


@dataclass(frozen=True, slots=True)
class HistDate:
    """A possibly BCE, coarse, approximate or qualified date (see the module doc).

    Compare and sort by `sort_key()` / the day numbers, not by the fields."""

    year: int
    month: int | None = None
    day: int | None = None
    precision: Precision = Precision.YEAR
    season: Season | None = None
    approximate: bool = False
    qualifier: Qualifier = Qualifier.NONE

    # (pickled as a plain tuple: dataclasses' own pickling reads the list of fields for every
    # date, and a document passed to another process carries hundreds of them)
    def __getstate__(self) -> tuple:
        return (
            self.year, self.month, self.day, self.precision, self.season, self.approximate,
            self.qualifier,
        )  # fmt: skip

    def __setstate__(self, state: tuple) -> None:
        for name, value in zip(_HISTDATE_FIELDS, state, strict=True):
            object.__setattr__(self, name, value)

    def __post_init__(self) -> None:
        # Coerce plain values (from a database row, say) so equality and hashing are reliable.
        p, q, s, y = self.precision, self.qualifier, self.season, self.year
        if type(p) is not Precision:
            p = Precision(p)
            object.__setattr__(self, "precision", p)
        if type(q) is not Qualifier:
            q = Qualifier(q)
            object.__setattr__(self, "qualifier", q)
        if s is not None and type(s) is not Season:
            s = Season(s)
            object.__setattr__(self, "season", s)
        if type(y) is not int:
            if isinstance(y, bool):
                raise TypeError("year must be an integer, not a bool")
            y = operator.index(y)  # accepts numpy integers, rejects floats and strings
            object.__setattr__(self, "year", y)
        if type(self.approximate) is not bool:
            object.__setattr__(self, "approximate", bool(self.approximate))
        if not MIN_YEAR <= y <= MAX_YEAR:
            raise ValueError(f"year {y} is outside {MIN_YEAR}..{MAX_YEAR}")
        m, d = self.month, self.day
        if p is _DAY or p is _MONTH:
            if m is None or not 1 <= m <= 12:
                raise ValueError(f"{p.name} precision needs a month 1-12, got {m!r}")
            if p is _DAY:
                if d is None or not 1 <= d <= days_in_month(y, m):
                    raise ValueError(f"day {d!r} is not a day of {_iso_year(y)}-{m:02d}")
            elif d is not None:
                raise ValueError("MONTH precision takes no day")
            if s is not None:
                raise ValueError(f"{p.name} precision takes no season")
        else:
            if m is not None or d is not None:
                raise ValueError(f"{p.name} precision takes no month or day")
            if p is _SEASON:
                if s is None:
                    raise ValueError("SEASON precision needs a season")
            elif s is not None:
                raise ValueError(f"{p.name} precision takes no season")
            if p is _DECADE and not _is_decade_anchor(y):
                raise ValueError(f"{y} is not the first year of a decade (use of_decade)")
            if p is _CENTURY and y % 100 != 1:
                raise ValueError(f"{y} is not the first year of a century (use of_century)")
            if p is _MILLENNIUM and y % 1000 != 1:
                raise ValueError(f"{y} is not the first year of a millennium (of_millennium)")
        if q in _NARROWING and (p is _DAY or p is _SEASON):
            raise ValueError(f"qualifier {q.value!r} cannot narrow a {p.name} date")

    # --- convenience constructors --------------------------------------------------------

    @classmethod
    def of_day(cls, year: int, month: int, day: int) -> Self:
        return cls(year, month, day, _DAY)

    @classmethod
    def of_month(cls, year: int, month: int) -> Self:
        return cls(year, month, None, _MONTH)

    @classmethod
    def of_year(cls, year: int) -> Self:
        return cls(year)

    @classmethod
    def of_season(cls, year: int, season: Season | int) -> Self:
        return cls(year, precision=_SEASON, season=Season(season))

    @classmethod
    def of_decade(cls, first_year: int) -> Self:
        """The labelled decade containing `first_year` (any astronomical year is accepted)."""
        return cls(_decade_anchor(first_year), precision=_DECADE)

    @classmethod
    def of_century(cls, n: int, bc: bool = False) -> Self:
        """The n-th century (strict ordinal: the 20th is 1901-2000), BC if `bc`."""
        if n < 1:
            raise ValueError(f"there is no century {n}")
        return cls(1 - 100 * n if bc else 100 * n - 99, precision=_CENTURY)

    @classmethod
    def of_millennium(cls, n: int, bc: bool = False) -> Self:
        """The n-th millennium (the 2nd is 1001-2000), BC if `bc`."""
        if n < 1:
            raise ValueError(f"there is no millennium {n}")
        return cls(1 - 1000 * n if bc else 1000 * n - 999, precision=_MILLENNIUM)

    def with_(self, **changes: object) -> HistDate:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    # --- conversions ---------------------------------------------------------------------

    def earliest_day(self) -> int:
        """Day number of the first day this date may mean."""
        if self.qualifier is _NONE and not self.approximate:  # fast path for plain dates
            p = self.precision
            if p is _DAY:
                return _dn(self.year, self.month, self.day)  # type: ignore[arg-type]
            if p is _MONTH:
                return _dn(self.year, self.month, 1)  # type: ignore[arg-type]
            if p is not _SEASON:
                return _dn(self.year, 1, 1)
        return _bounds(self)[0]

    def latest_day(self) -> int:
        """Day number of the last day this date may mean."""
        if self.qualifier is _NONE and not self.approximate:  # fast path for plain dates
            p = self.precision
            if p is _DAY:
                return _dn(self.year, self.month, self.day)  # type: ignore[arg-type]
            if p is _MONTH:
                return _dn(self.year, self.month + 1, 1) - 1  # type: ignore[operator]
            if p is _YEAR:
                return _dn(self.year + 1, 1, 1) - 1
        return _bounds(self)[1]

    def sort_key(self) -> tuple[int, int]:
        """(earliest_day, latest_day): chronological, and the wider of two equal starts last."""
        if self.precision is _DAY and self.qualifier is _NONE and not self.approximate:
            n = _dn(self.year, self.month, self.day)  # type: ignore[arg-type]
            return n, n
        return self.earliest_day(), self.latest_day()

    def axis(self) -> float:
        """Decimal astronomical year of the midpoint, for placing the date on the timeline."""
        first, last = self.sort_key()
        return day_to_axis((first + last + 1) / 2)

    def overlaps(self, other: HistDate) -> bool:
        """Whether the two may mean a common day."""
        a0, a1 = self.sort_key()
        b0, b1 = other.sort_key()
        return a0 <= b1 and b0 <= a1

    def contains(self, other: HistDate) -> bool:
        """Whether every day `other` may mean is one this date may mean."""
        a0, a1 = self.sort_key()
        b0, b1 = other.sort_key()
        return a0 <= b0 and b1 <= a1

    def to_iso(self) -> str:
        """ISO 8601 / EDTF style text truncated to the precision (forms in the module doc)."""
        p, y = self.precision, self.year
        if p is _YEAR:
            core = _iso_year(y)
        elif p is _DAY:
            core = f"{_iso_year(y)}-{self.month:02d}-{self.day:02d}"
        elif p is _MONTH:
            core = f"{_iso_year(y)}-{self.month:02d}"
        elif p is _SEASON:
            core = f"{_iso_year(y)}-{int(self.season):02d}"  # type: ignore[arg-type]
        elif p is _DECADE:
            sign = "+" if y > 9999 else ""
            core = f"D-{-(y + 8) // 10}" if y < 0 else f"{sign}{y // 10:03d}X"
        elif p is _CENTURY:
            core = f"C-{(1 - y) // 100}" if y < 0 else f"C{(y + 99) // 100}"
        else:
            core = f"M-{(1 - y) // 1000}" if y < 0 else f"M{(y + 999) // 1000}"
        if self.approximate:
            core += "~"
        if self.qualifier is not _NONE:
            core = f"{self.qualifier.value} {core}"
        return core

    @classmethod
    def parse_iso(cls, text: str) -> HistDate:
        """Inverse of to_iso (exact round trip); raises DateParseError."""
        return _parse_iso(text)

    def label(self) -> str:
        """Human text: "15 March 44 BC", "c. 1950", "late 1920s", "5th century BC"."""
        p, y = self.precision, self.year
        if p is _YEAR:
            core = year_label(y)
        elif p is _DAY:
            core = f"{self.day} {_MONTH_NAMES[self.month]} {year_label(y)}"  # type: ignore[index]
        elif p is _MONTH:
            core = f"{_MONTH_NAMES[self.month]} {year_label(y)}"  # type: ignore[index]
        elif p is _SEASON:
            core = f"{_SEASON_NAMES[self.season]} {year_label(y)}"  # type: ignore[index]
        elif p is _DECADE:
            if y < 0:
                core = f"{-(y + 8)}s BC"
            else:
                start = y - y % 10
                core = f"{start}s" if start >= 1000 else f"AD {start}s"
        elif p is _CENTURY:
            n, era = ((1 - y) // 100, " BC") if y < 0 else ((y + 99) // 100, "")
            core = f"{_ordinal(n)} century{era}"
        else:
            n, era = ((1 - y) // 1000, " BC") if y < 0 else ((y + 999) // 1000, "")
            core = f"{_ordinal(n)} millennium{era}"
        q = self.qualifier
        if q is _NONE:
            return f"c. {core}" if self.approximate else core
        if q is _BEFORE or q is _AFTER or q is _BY:
            return f"{q.value} c. {core}" if self.approximate else f"{q.value} {core}"
        core = f"mid-{core}" if q is _MID else f"{q.value} {core}"
        return f"c. {core}" if self.approximate else core


# --- day bounds ----------------------------------------------------------------------------


def _bounds(d: HistDate) -> tuple[int, int]:
    """(earliest, latest) day numbers. Not cached: hashing a HistDate costs about as much as
    this arithmetic, and the common plain dates take the fast paths in the methods."""
    p, y, q = d.precision, d.year, d.qualifier
    narrow = q in _NARROWING
    last_year = y
    if p is _DAY:
        first = last = _dn(y, d.month, d.day)  # type: ignore[arg-type]
    elif p is _MONTH:
        m: int = d.month  # type: ignore[assignment]
        first = _dn(y, m, 1)
        last = first + days_in_month(y, m) - 1
        if narrow:
            if q is _EARLY:
                last = first + 9
            elif q is _MID:
                first, last = first + 10, first + 19
            else:
                first += 20
    elif p is _SEASON:
        m = _SEASON_START[d.season]  # type: ignore[index]
        first = _dn(y, m, 1)
        if m == 12:
            last_year = y + 1
            last = _dn(y + 1, 3, 1) - 1
        else:
            last = _dn(y, m + 3, 1) - 1
    elif p is _YEAR:
        if narrow:
            m0, m1 = _YEAR_PARTS[q]
            first = _dn(y, m0, 1)
            last = _dn(y, m1 + 1, 1) - 1 if m1 < 12 else _dn(y + 1, 1, 1) - 1
        else:
            first, last = _dn(y, 1, 1), _dn(y + 1, 1, 1) - 1
    else:
        y0, y1 = _span_years(p, y)
        last_year = y1
        if narrow:
            lo, hi = _SPAN_PARTS[p][q]
            base = y - y % 10 if p is _DECADE and y > 0 else y  # AD 0s count from year 0
            y0, y1 = max(y0, base + lo), min(y1, base + hi)
        first, last = _dn(y0, 1, 1), _dn(y1 + 1, 1, 1) - 1

    if q is _NONE or narrow:
        if d.approximate:
            days, years = APPROX_MARGIN[p]
            if years:
                return _shift_years(first, -years), _shift_years(last + 1, years) - 1
            return first - days, last + days
        return first, last

    # before / by / after: bounded open end; approximate moves only the named boundary
    if d.approximate:
        days, years = APPROX_MARGIN[p]
        if q is _AFTER:
            last = _shift_years(last + 1, -years) - 1 if years else last - days
        elif years:
            first, last = _shift_years(first, years), _shift_years(last + 1, years) - 1
        else:
            first, last = first + days, last + days
    if q is _AFTER:
        return last + 1, _dn(last_year + OPEN_YEARS + 1, 1, 1) - 1
    far = _dn(y - OPEN_YEARS, 1, 1)
    return far, (first - 1 if q is _BEFORE else last)


# --- parsing -------------------------------------------------------------------------------

_ISO_RE = re.compile(
    r"""
    (?:(?P<q>early|mid|late|before|after|by)\s+)?
    (?:
        (?P<y>[+-]?\d{4,})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?
      | (?P<dec>\+?\d{3,})X
      | D(?P<dsign>-?)(?P<dn>\d+)
      | C(?P<csign>-?)(?P<cn>\d+)
      | M(?P<msign>-?)(?P<mn>\d+)
    )
    (?P<a>~)?
    """,
    re.VERBOSE | re.IGNORECASE,
)


@lru_cache(maxsize=1 << 14)
def _parse_iso(text: str) -> HistDate:
    match = _ISO_RE.fullmatch(text.strip())
    if match is None:
        raise DateParseError(f"not an ISO/EDTF date: {text!r}")
    g = match.groupdict()
    q = Qualifier((g["q"] or "").lower())
    approx = g["a"] is not None
    try:
        if g["y"] is not None:
            y = int(g["y"])
            if g["m"] is None:
                core = HistDate(y)
            else:
                m = int(g["m"])
                if g["d"] is not None:
                    core = HistDate(y, m, int(g["d"]), _DAY)
                elif 21 <= m <= 24:
                    core = HistDate(y, precision=_SEASON, season=Season(m))
                else:
                    core = HistDate(y, m, None, _MONTH)
        elif g["dec"] is not None:
            core = HistDate(int(g["dec"]) * 10 or 1, precision=_DECADE)
        elif g["dn"] is not None:
            n0 = int(g["dn"]) * 10
            y = -(n0 + 8) if g["dsign"] else n0 or 1
            core = HistDate(y, precision=_DECADE)
        elif g["cn"] is not None:
            core = HistDate.of_century(int(g["cn"]), bc=bool(g["csign"]))
        else:
            core = HistDate.of_millennium(int(g["mn"]), bc=bool(g["msign"]))
        if q is _NONE and not approx:
            return core
        return core.with_(qualifier=q, approximate=approx)
    except ValueError as exc:
        raise DateParseError(f"invalid date {text!r}: {exc}") from None


_MONTHS = {
    name: i for i, full in enumerate(_MONTH_NAMES) if i for name in (full.lower(), full[:3].lower())
} | {"sept": 9}
_SEASON_WORDS = {
    "spring": Season.SPRING,
    "summer": Season.SUMMER,
    "autumn": Season.AUTUMN,
    "fall": Season.AUTUMN,
    "winter": Season.WINTER,
}
_APPROX_WORDS = frozenset(
    ("c", "c.", "ca", "ca.", "circa", "about", "around", "approx", "approx.", "approximately")
)
_QUALIFIER_WORDS = {
    "early": _EARLY,
    "mid": _MID,
    "middle": _MID,
    "late": _LATE,
    "before": _BEFORE,
    "after": _AFTER,
    "by": _BY,
}
_CENTURY_WORDS = frozenset(("century", "cent", "cent.", "c", "c."))
_MILLENNIUM_WORDS = frozenset(("millennium", "millenium", "mill", "mill."))
_ERA_WORDS = {"bc": "bc", "bce": "bc", "ad": "ad", "ce": "ad"}
_GLUED_ERA_RE = re.compile(r"(\d)(bce|bc|ad|ce)\b|\b(ad)(\d)")
_HYPHEN_RE = re.compile(r"\b(early|mid|late)-|(\d(?:st|nd|rd|th))-(?=century|millennium)")
_INT_RE = re.compile(r"\d+")
_DAY_RE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")
_ORDINAL_RE = re.compile(r"(\d+)(?:st|nd|rd|th)")
_DECADE_RE = re.compile(r"(\d*0)'?s")


_SHORT_ISO_RE = re.compile(r"(-?)(\d{1,3})(-\d{2}(?:-\d{2})?)")


def parse_date(text: str) -> HistDate:
    """Parse user or CLI input: the ISO/EDTF forms, labels, and common prose forms such as
    "44 BCE", "14 CE", "March 15, 44 BC", "Sept 1953", "the 1920s", "circa 1950",
    "mid-20th century", "summer of 1953", "before 1950". Raises DateParseError."""
    try:
        return _parse_iso(text)
    except DateParseError:
        pass
    short = _SHORT_ISO_RE.fullmatch(text.strip())
    if short is not None:  # "476-09-04": an ISO date whose writer did not pad the year
        sign, y, rest = short.groups()
        try:
            return _parse_iso(f"{sign}{int(y):04d}{rest}")
        except DateParseError:
            pass
    try:
        return _parse_prose(text)
    except DateParseError:
        raise
    except ValueError as exc:
        raise DateParseError(f"invalid date {text!r}: {exc}") from None


def _parse_prose(text: str) -> HistDate:
    fail = DateParseError(f"cannot parse date {text!r}")
    s = text.strip().lower().replace(",", " ").replace("\u2019", "'")
    s = _HYPHEN_RE.sub(lambda mo: f"{mo[1]} " if mo[1] else f"{mo[2]} ", s)
    s = _GLUED_ERA_RE.sub(lambda mo: f"{mo[1]} {mo[2]}" if mo[1] else f"{mo[3]} {mo[4]}", s)
    approx = False
    if s.endswith("~"):
        approx, s = True, s[:-1]
    tokens = s.split()
    qualifier = _NONE
    while tokens:
        word = tokens[0]
        if word in _APPROX_WORDS and not approx:
            approx = True
        elif word in _QUALIFIER_WORDS and qualifier is _NONE:
            qualifier = _QUALIFIER_WORDS[word]
        elif word != "the":
            break
        del tokens[0]
    era = None
    core_tokens = []
    for word in tokens:
        e = _ERA_WORDS.get(word.replace(".", ""))
        if e is not None:
            if era is not None:
                raise fail
            era = e
        elif word != "of":
            core_tokens.append(word)
    core = _parse_core(core_tokens, era == "bc", text, fail)
    if qualifier is not _NONE:
        if core.qualifier is not _NONE:
            raise fail
        core = core.with_(qualifier=qualifier)
    if approx and not core.approximate:
        core = core.with_(approximate=True)
    return core


def _parse_core(tokens: list[str], bc: bool, text: str, fail: DateParseError) -> HistDate:
    def year(word: str) -> int:
        if not _INT_RE.fullmatch(word):
            raise fail
        n = int(word)
        if n < 1:
            raise DateParseError(f"there is no year 0: {text!r}")
        return 1 - n if bc else n

    def month(word: str) -> int:
        m = _MONTHS.get(word.rstrip("."))
        if m is None:
            raise fail
        return m

    def day(word: str) -> int:
        mo = _DAY_RE.fullmatch(word)
        if mo is None:
            raise fail
        return int(mo[1])

    if len(tokens) == 1:
        word = tokens[0]
        if _INT_RE.fullmatch(word):
            return HistDate(year(word))
        mo = _DECADE_RE.fullmatch(word)
        if mo:
            n0 = int(mo[1])
            return HistDate(-(n0 + 8) if bc else n0 or 1, precision=_DECADE)
        if not bc:  # "c. 1953-09", "before 1953-09-13": an ISO core inside prose
            try:
                return _parse_iso(word)
            except DateParseError:
                pass
        raise fail
    if len(tokens) == 2:
        first, second = tokens
        mo = _ORDINAL_RE.fullmatch(first)
        if mo and second in _CENTURY_WORDS:
            return HistDate.of_century(int(mo[1]), bc)
        if mo and second in _MILLENNIUM_WORDS:
            return HistDate.of_millennium(int(mo[1]), bc)
        if first in _SEASON_WORDS:
            return HistDate.of_season(year(second), _SEASON_WORDS[first])
        return HistDate.of_month(year(second), month(first))
    if len(tokens) == 3:
        first, second, third = tokens
        if first.rstrip(".") in _MONTHS:
            return HistDate.of_day(year(third), month(first), day(second))
        return HistDate.of_day(year(third), month(second), day(first))
    raise fail
