"""Tests for the product's date type: eras, precisions, qualifiers, text forms and ordering."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline_desktop.domain.dates import (
    OPEN_YEARS,
    DateParseError,
    HistDate,
    Precision,
    Qualifier,
    Season,
    _bounds,
    axis_to_day,
    day_number,
    day_to_axis,
    days_in_month,
    from_day_number,
    is_leap_year,
    parse_date,
    year_label,
)

P, Q = Precision, Qualifier

# --- strategies -------------------------------------------------------------------------------

years = st.integers(-99_999, 99_999)


@st.composite
def plain_dates(draw: st.DrawFn, precision: Precision | None = None) -> HistDate:
    """A valid HistDate of the given (or any) precision, without qualifier or approximation."""
    p = precision if precision is not None else draw(st.sampled_from(Precision))
    y = draw(years)
    if p is P.DAY:
        m = draw(st.integers(1, 12))
        return HistDate.of_day(y, m, draw(st.integers(1, days_in_month(y, m))))
    if p is P.MONTH:
        return HistDate.of_month(y, draw(st.integers(1, 12)))
    if p is P.SEASON:
        return HistDate.of_season(y, draw(st.sampled_from(Season)))
    if p is P.YEAR:
        return HistDate.of_year(y)
    if p is P.DECADE:
        return HistDate.of_decade(y)
    if p is P.CENTURY:
        return HistDate.of_century(draw(st.integers(1, 1000)), bc=draw(st.booleans()))
    return HistDate.of_millennium(draw(st.integers(1, 100)), bc=draw(st.booleans()))


@st.composite
def hist_dates(draw: st.DrawFn) -> HistDate:
    """Any valid HistDate: every precision, qualifier and approximation it allows."""
    base = draw(plain_dates())
    allowed = [Q.NONE, Q.BEFORE, Q.AFTER, Q.BY]
    if base.precision not in (P.DAY, P.SEASON):
        allowed += [Q.EARLY, Q.MID, Q.LATE]
    return base.with_(qualifier=draw(st.sampled_from(allowed)), approximate=draw(st.booleans()))


def ymd_bounds(d: HistDate) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    return from_day_number(d.earliest_day()), from_day_number(d.latest_day())


# --- calendar arithmetic ----------------------------------------------------------------------


def test_day_number_anchors() -> None:
    assert day_number(1, 1, 1) == 1 == dt.date(1, 1, 1).toordinal()
    assert day_number(0, 12, 31) == 0
    assert day_number(0, 1, 1) == -365  # 1 BC is a leap year (366 days)
    assert from_day_number(0) == (0, 12, 31)
    assert from_day_number(1) == (1, 1, 1)
    assert day_number(9999, 12, 31) == dt.date.max.toordinal()


@given(st.dates())
def test_day_number_matches_toordinal(d: dt.date) -> None:
    assert day_number(d.year, d.month, d.day) == d.toordinal()
    assert from_day_number(d.toordinal()) == (d.year, d.month, d.day)


@given(st.integers(-400_000_000, 400_000_000))
def test_from_day_number_is_inverse(n: int) -> None:
    y, m, d = from_day_number(n)
    assert day_number(y, m, d) == n  # day_number validates, so the triple is a real date


@settings(max_examples=300)
@given(st.integers(-40_000_000, 40_000_000))
def test_consecutive_day_numbers_are_consecutive_days(n: int) -> None:
    y, m, d = from_day_number(n)
    if d < days_in_month(y, m):
        expected = (y, m, d + 1)
    elif m < 12:
        expected = (y, m + 1, 1)
    else:
        expected = (y + 1, 1, 1)
    assert from_day_number(n + 1) == expected


@pytest.mark.parametrize(
    ("year", "leap"),
    [
        (2000, True), (1900, False), (1996, True), (1953, False), (0, True), (-4, True),
        (-1, False), (-3, False), (-100, False), (-400, True), (-396, True), (-2000, True),
    ],
)  # fmt: skip
def test_leap_years(year: int, leap: bool) -> None:
    assert is_leap_year(year) is leap
    assert days_in_month(year, 2) == (29 if leap else 28)
    assert (day_number(year + 1, 1, 1) - day_number(year, 1, 1)) == (366 if leap else 365)
    if leap:
        assert HistDate.of_day(year, 2, 29).earliest_day() == day_number(year, 3, 1) - 1
    else:
        with pytest.raises(ValueError):
            HistDate.of_day(year, 2, 29)
        with pytest.raises(ValueError):
            day_number(year, 2, 29)


def test_leap_day_parsing_in_bc_years() -> None:
    # astronomical 0 = 1 BC and -4 = 5 BC are leap years; -1 = 2 BC is not
    assert parse_date("29 February 1 BC") == HistDate.of_day(0, 2, 29)
    assert parse_date("29 February 5 BC") == HistDate.of_day(-4, 2, 29)
    assert parse_date("-0004-02-29") == HistDate.of_day(-4, 2, 29)
    for text in ("29 February 2 BC", "-0001-02-29", "29 February 101 BC", "1900-02-29"):
        with pytest.raises(DateParseError):
            parse_date(text)


def test_iso_dates_with_unpadded_years_parse() -> None:
    assert parse_date("476-09-04") == HistDate.of_day(476, 9, 4)
    assert parse_date("-43-03-15") == HistDate.of_day(-43, 3, 15)
    assert parse_date("476-09") == HistDate.of_month(476, 9)
    with pytest.raises(DateParseError, match="'41-45'"):
        parse_date("41-45")  # not a month: the message names what the user typed


@pytest.mark.parametrize(("year", "month", "day"), [(1953, 0, 1), (1953, 13, 1), (1953, 4, 31)])
def test_day_number_rejects_invalid_dates(year: int, month: int, day: int) -> None:
    with pytest.raises(ValueError):
        day_number(year, month, day)


# --- the era boundary -------------------------------------------------------------------------


def test_1_bc_to_ad_1_is_consecutive() -> None:
    last_bc, first_ad = HistDate.of_day(0, 12, 31), HistDate.of_day(1, 1, 1)
    assert first_ad.earliest_day() - last_bc.latest_day() == 1
    assert last_bc.label() == "31 December 1 BC"
    assert first_ad.label() == "1 January AD 1"
    assert HistDate.of_year(0).latest_day() + 1 == HistDate.of_year(1).earliest_day()
    assert last_bc.sort_key() < first_ad.sort_key()
    assert last_bc.axis() < 1.0 < first_ad.axis()


def test_44_bc_round_trips() -> None:
    d = parse_date("44 BC")
    assert d == HistDate.of_year(-43)
    assert d.to_iso() == "-0043"
    assert d.label() == "44 BC"
    assert parse_date(d.to_iso()) == d
    assert parse_date("15 March 44 BC").to_iso() == "-0043-03-15"


@pytest.mark.parametrize(
    ("year", "label"),
    [(-43, "44 BC"), (0, "1 BC"), (-1, "2 BC"), (1, "AD 1"), (14, "AD 14"), (999, "AD 999"),
     (1000, "1000"), (1953, "1953"), (-99_999, "100000 BC"), (12_000, "12000")],
)  # fmt: skip
def test_year_label(year: int, label: str) -> None:
    assert year_label(year) == label


_YEAR_ZERO = re.compile(r"\b0 BC|\bAD 0\b")


def test_year_labels_never_show_year_zero() -> None:
    for y in range(-2000, 2001):
        label = year_label(y)
        assert not _YEAR_ZERO.search(label)
        assert not label.startswith("0")


@given(hist_dates())
def test_labels_never_show_year_zero(d: HistDate) -> None:
    assert not _YEAR_ZERO.search(d.label())


# --- spans of every precision and qualifier ---------------------------------------------------

SPANS = [
    # day, month, season
    ("15 March 44 BC", (-43, 3, 15), (-43, 3, 15)),
    ("13 September 1953", (1953, 9, 13), (1953, 9, 13)),
    ("March 1953", (1953, 3, 1), (1953, 3, 31)),
    ("February 1952", (1952, 2, 1), (1952, 2, 29)),
    ("February 1 BC", (0, 2, 1), (0, 2, 29)),
    ("December 1953", (1953, 12, 1), (1953, 12, 31)),
    ("spring 1953", (1953, 3, 1), (1953, 5, 31)),
    ("summer 1953", (1953, 6, 1), (1953, 8, 31)),
    ("autumn 1953", (1953, 9, 1), (1953, 11, 30)),
    ("fall 1953", (1953, 9, 1), (1953, 11, 30)),
    ("winter 1953", (1953, 12, 1), (1954, 2, 28)),
    ("winter 1955", (1955, 12, 1), (1956, 2, 29)),
    ("winter 1 BC", (0, 12, 1), (1, 2, 28)),
    # year and coarser
    ("1953", (1953, 1, 1), (1953, 12, 31)),
    ("1920s", (1920, 1, 1), (1929, 12, 31)),
    ("AD 10s", (10, 1, 1), (19, 12, 31)),
    ("AD 0s", (1, 1, 1), (9, 12, 31)),
    ("0s BC", (-8, 1, 1), (0, 12, 31)),
    ("the 40s BC", (-48, 1, 1), (-39, 12, 31)),
    ("20th century", (1901, 1, 1), (2000, 12, 31)),
    ("1st century", (1, 1, 1), (100, 12, 31)),
    ("1st century BC", (-99, 1, 1), (0, 12, 31)),
    ("5th century BC", (-499, 1, 1), (-400, 12, 31)),
    ("2nd millennium", (1001, 1, 1), (2000, 12, 31)),
    ("1st millennium BC", (-999, 1, 1), (0, 12, 31)),
    # early / mid / late
    ("early 1920s", (1920, 1, 1), (1924, 12, 31)),
    ("mid 1920s", (1923, 1, 1), (1927, 12, 31)),
    ("late 1920s", (1925, 1, 1), (1929, 12, 31)),
    ("early 40s BC", (-48, 1, 1), (-44, 12, 31)),  # 49-45 BC
    ("late 40s BC", (-43, 1, 1), (-39, 12, 31)),  # 44-40 BC
    ("early AD 0s", (1, 1, 1), (4, 12, 31)),
    ("late 0s BC", (-3, 1, 1), (0, 12, 31)),
    ("early 1953", (1953, 1, 1), (1953, 4, 30)),
    ("mid-1953", (1953, 5, 1), (1953, 8, 31)),
    ("late 1953", (1953, 9, 1), (1953, 12, 31)),
    ("early March 1953", (1953, 3, 1), (1953, 3, 10)),
    ("mid-March 1953", (1953, 3, 11), (1953, 3, 20)),
    ("late February 1952", (1952, 2, 21), (1952, 2, 29)),
    ("early 20th century", (1901, 1, 1), (1934, 12, 31)),
    ("mid-20th century", (1934, 1, 1), (1966, 12, 31)),
    ("late 20th century", (1967, 1, 1), (2000, 12, 31)),
    ("late 18th century", (1767, 1, 1), (1800, 12, 31)),
    ("late 5th century BC", (-433, 1, 1), (-400, 12, 31)),
    ("early 2nd millennium", (1001, 1, 1), (1300, 12, 31)),
    ("mid 2nd millennium", (1301, 1, 1), (1700, 12, 31)),
    # before / by / after: bounded at OPEN_YEARS
    ("before 1950", (1850, 1, 1), (1949, 12, 31)),
    ("by 1955", (1855, 1, 1), (1955, 12, 31)),
    ("after 1950", (1951, 1, 1), (2050, 12, 31)),
    ("before 15 March 44 BC", (-143, 1, 1), (-43, 3, 14)),
    ("after the 1920s", (1930, 1, 1), (2029, 12, 31)),
    ("before the 5th century BC", (-599, 1, 1), (-500, 12, 31)),
    ("after winter 1953", (1954, 3, 1), (2054, 12, 31)),
    # approximate widens by APPROX_MARGIN
    ("c. 1950", (1948, 1, 1), (1952, 12, 31)),
    ("c. 13 September 1953", (1953, 9, 6), (1953, 9, 20)),
    ("c. March 1953", (1953, 2, 14), (1953, 4, 15)),
    ("c. 1920s", (1915, 1, 1), (1934, 12, 31)),
    ("c. 20th century", (1876, 1, 1), (2025, 12, 31)),
    ("c. late 1953", (1951, 9, 1), (1955, 12, 31)),
    ("before c. 1950", (1850, 1, 1), (1951, 12, 31)),
    ("by c. 1955", (1855, 1, 1), (1957, 12, 31)),
    ("after c. 1950", (1949, 1, 1), (2050, 12, 31)),
]


@pytest.mark.parametrize(("text", "first", "last"), SPANS)
def test_spans(text: str, first: tuple[int, int, int], last: tuple[int, int, int]) -> None:
    d = parse_date(text)
    assert ymd_bounds(d) == (first, last)
    assert d.sort_key() == (day_number(*first), day_number(*last))


def test_open_qualifiers_use_open_years() -> None:
    assert OPEN_YEARS == 100
    d = HistDate.of_year(1950)
    before, after = d.with_(qualifier=Q.BEFORE), d.with_(qualifier=Q.AFTER)
    assert before.latest_day() + 1 == d.earliest_day()
    assert after.earliest_day() - 1 == d.latest_day()
    assert not before.overlaps(d) and not after.overlaps(d)


def test_decades_centuries_millennia_tile_time() -> None:
    """Each coarse span ends the day before the next one starts, across the era boundary."""
    decades = sorted({HistDate.of_decade(y) for y in range(-300, 300)}, key=HistDate.sort_key)
    for coarse in (
        decades,
        [HistDate.of_century(n, bc=True) for n in range(30, 0, -1)]
        + [HistDate.of_century(n) for n in range(1, 31)],
        [HistDate.of_millennium(n, bc=True) for n in range(5, 0, -1)]
        + [HistDate.of_millennium(n) for n in range(1, 6)],
    ):
        for a, b in itertools.pairwise(coarse):
            assert a.latest_day() + 1 == b.earliest_day(), (a.label(), b.label())
    i = decades.index(HistDate.of_decade(0))
    assert [d.label() for d in decades[i - 1 : i + 3]] == ["10s BC", "0s BC", "AD 0s", "AD 10s"]


def test_of_decade_accepts_any_year_of_the_decade() -> None:
    assert HistDate.of_decade(1925) == HistDate(1920, precision=P.DECADE)
    assert HistDate.of_decade(-43) == HistDate(-48, precision=P.DECADE)  # 44 BC: the 40s BC
    assert HistDate.of_decade(-39) == HistDate(-48, precision=P.DECADE)  # 40 BC: the 40s BC
    assert HistDate.of_decade(-38).label() == "30s BC"
    assert HistDate.of_decade(0) == HistDate(-8, precision=P.DECADE)  # 1 BC: the 0s BC
    assert HistDate.of_decade(5) == HistDate(1, precision=P.DECADE)


@given(years)
def test_of_decade_contains_its_year(y: int) -> None:
    assert HistDate.of_decade(y).contains(HistDate.of_year(y))


def test_century_and_millennium_anchors() -> None:
    assert HistDate.of_century(20).year == 1901
    assert HistDate.of_century(1).year == 1
    assert HistDate.of_century(1, bc=True).year == -99
    assert HistDate.of_century(5, bc=True).year == -499
    assert HistDate.of_millennium(2).year == 1001
    assert HistDate.of_millennium(1, bc=True).year == -999
    with pytest.raises(ValueError):
        HistDate.of_century(0)
    with pytest.raises(ValueError):
        HistDate.of_millennium(0, bc=True)


# --- labels -----------------------------------------------------------------------------------

LABELS = [
    (HistDate.of_day(-43, 3, 15), "15 March 44 BC"),
    (HistDate.of_day(1953, 9, 13), "13 September 1953"),
    (HistDate.of_month(1953, 9), "September 1953"),
    (HistDate.of_month(14, 3), "March AD 14"),
    (HistDate.of_year(1953), "1953"),
    (HistDate.of_year(14), "AD 14"),
    (HistDate.of_year(0), "1 BC"),
    (HistDate.of_year(1950).with_(approximate=True), "c. 1950"),
    (HistDate.of_day(-43, 3, 15).with_(approximate=True), "c. 15 March 44 BC"),
    (HistDate.of_decade(1920).with_(qualifier=Q.LATE), "late 1920s"),
    (HistDate.of_decade(1920).with_(qualifier=Q.EARLY), "early 1920s"),
    (HistDate.of_decade(1920).with_(qualifier=Q.MID), "mid-1920s"),
    (HistDate.of_decade(1920).with_(qualifier=Q.MID, approximate=True), "c. mid-1920s"),
    (HistDate.of_decade(1920), "1920s"),
    (HistDate.of_decade(1000), "1000s"),
    (HistDate.of_decade(990), "AD 990s"),
    (HistDate.of_decade(-48), "40s BC"),
    (HistDate.of_decade(-8), "0s BC"),
    (HistDate.of_decade(1), "AD 0s"),
    (HistDate.of_century(5, bc=True), "5th century BC"),
    (HistDate.of_century(20), "20th century"),
    (HistDate.of_century(21), "21st century"),
    (HistDate.of_century(22), "22nd century"),
    (HistDate.of_century(23), "23rd century"),
    (HistDate.of_century(11), "11th century"),
    (HistDate.of_century(12, bc=True), "12th century BC"),
    (HistDate.of_century(111), "111th century"),
    (HistDate.of_century(20).with_(qualifier=Q.EARLY), "early 20th century"),
    (HistDate.of_millennium(2), "2nd millennium"),
    (HistDate.of_millennium(1, bc=True), "1st millennium BC"),
    (HistDate.of_millennium(3), "3rd millennium"),
    (HistDate.of_season(1953, Season.SPRING), "spring 1953"),
    (HistDate.of_season(-43, Season.WINTER), "winter 44 BC"),
    (HistDate.of_season(1953, Season.AUTUMN), "autumn 1953"),
    (HistDate.of_year(1950).with_(qualifier=Q.BEFORE), "before 1950"),
    (HistDate.of_year(1950).with_(qualifier=Q.AFTER), "after 1950"),
    (HistDate.of_year(1955).with_(qualifier=Q.BY), "by 1955"),
    (HistDate.of_year(1950).with_(qualifier=Q.BEFORE, approximate=True), "before c. 1950"),
    (HistDate.of_month(1953, 3).with_(qualifier=Q.MID), "mid-March 1953"),
]


@pytest.mark.parametrize(("date", "label"), LABELS)
def test_label(date: HistDate, label: str) -> None:
    assert date.label() == label
    assert parse_date(label) == date


# --- ISO / EDTF text --------------------------------------------------------------------------

ISO = [
    (HistDate.of_year(1953), "1953"),
    (HistDate.of_month(1953, 9), "1953-09"),
    (HistDate.of_day(1953, 9, 13), "1953-09-13"),
    (HistDate.of_day(-43, 3, 15), "-0043-03-15"),
    (HistDate.of_year(0), "0000"),
    (HistDate.of_year(-1), "-0001"),
    (HistDate.of_year(9999), "9999"),
    (HistDate.of_year(10_000), "+10000"),
    (HistDate.of_year(12_000), "+12000"),
    (HistDate.of_year(-10_000), "-10000"),
    (HistDate.of_year(-99_999), "-99999"),
    (HistDate.of_year(99_999), "+99999"),
    (HistDate.of_season(1953, Season.SPRING), "1953-21"),
    (HistDate.of_season(1953, Season.WINTER), "1953-24"),
    (HistDate.of_season(-43, Season.SUMMER), "-0043-22"),
    (HistDate.of_decade(1920), "192X"),
    (HistDate.of_decade(1), "000X"),
    (HistDate.of_decade(10), "001X"),
    (HistDate.of_decade(12_000), "+1200X"),
    (HistDate.of_decade(-48), "D-4"),
    (HistDate.of_decade(-8), "D-0"),
    (HistDate.of_decade(-1928), "D-192"),
    (HistDate.of_century(20), "C20"),
    (HistDate.of_century(1), "C1"),
    (HistDate.of_century(1, bc=True), "C-1"),
    (HistDate.of_century(5, bc=True), "C-5"),
    (HistDate.of_millennium(2), "M2"),
    (HistDate.of_millennium(1, bc=True), "M-1"),
    (HistDate.of_year(1950).with_(approximate=True), "1950~"),
    (HistDate.of_day(-43, 3, 15).with_(approximate=True), "-0043-03-15~"),
    (HistDate.of_decade(1920).with_(qualifier=Q.LATE), "late 192X"),
    (HistDate.of_year(1950).with_(qualifier=Q.BEFORE), "before 1950"),
    (HistDate.of_year(1950).with_(qualifier=Q.BEFORE, approximate=True), "before 1950~"),
    (HistDate.of_month(1953, 3).with_(qualifier=Q.EARLY), "early 1953-03"),
    (HistDate.of_century(5, bc=True).with_(qualifier=Q.LATE, approximate=True), "late C-5~"),
]


@pytest.mark.parametrize(("date", "iso"), ISO)
def test_to_iso(date: HistDate, iso: str) -> None:
    assert date.to_iso() == iso
    assert HistDate.parse_iso(iso) == date
    assert parse_date(iso) == date


def test_parse_iso_is_case_insensitive_and_strips() -> None:
    assert HistDate.parse_iso(" 192x ") == HistDate.of_decade(1920)
    assert HistDate.parse_iso("c20") == HistDate.of_century(20)
    assert HistDate.parse_iso("Before 1950") == HistDate.of_year(1950).with_(qualifier=Q.BEFORE)


@pytest.mark.parametrize(
    "text",
    ["", "1953-13", "1953-00", "1953-25", "1953-21-01", "1953-02-29", "53", "1953-9", "C0",
     "M-0", "D+4", "-192X", "early 1953-09-13", "early 1953-21", "1953 BC", "1953~~", "44 BC"],
)  # fmt: skip
def test_parse_iso_rejects(text: str) -> None:
    with pytest.raises(DateParseError, match=re.escape(repr(text))):
        HistDate.parse_iso(text)


@settings(max_examples=400)
@given(hist_dates())
def test_iso_round_trip(d: HistDate) -> None:
    iso = d.to_iso()
    assert HistDate.parse_iso(iso) == d
    assert parse_date(iso) == d


@settings(max_examples=400)
@given(hist_dates())
def test_label_round_trip(d: HistDate) -> None:
    assert parse_date(d.label()) == d


# --- parse_date -------------------------------------------------------------------------------

PARSES = [
    ("44 BC", "-0043"),
    ("44 BCE", "-0043"),
    ("44 B.C.", "-0043"),
    ("44 B.C.E.", "-0043"),
    ("44BC", "-0043"),
    ("AD 14", "0014"),
    ("A.D. 14", "0014"),
    ("14 AD", "0014"),
    ("14 CE", "0014"),
    ("953", "0953"),
    ("1953", "1953"),
    ("15 March 44 BC", "-0043-03-15"),
    ("March 15, 44 BC", "-0043-03-15"),
    ("15th of March, 44 BC", "-0043-03-15"),
    ("13 Sept. 1953", "1953-09-13"),
    ("September 13th, 1953", "1953-09-13"),
    ("March 1953", "1953-03"),
    ("Sept 1953", "1953-09"),
    ("sep 1953", "1953-09"),
    ("MAY 1953", "1953-05"),
    ("1920s", "192X"),
    ("1920's", "192X"),
    ("the 1920s", "192X"),
    ("late 1920s", "late 192X"),
    ("the late 1920s", "late 192X"),
    ("mid-1920s", "mid 192X"),
    ("the 40s BC", "D-4"),
    ("40s BCE", "D-4"),
    ("c. 1950", "1950~"),
    ("c 1950", "1950~"),
    ("ca. 1950", "1950~"),
    ("circa 1950", "1950~"),
    ("about 1950", "1950~"),
    ("Circa 44 BC", "-0043~"),
    ("1950~", "1950~"),
    ("c. 1953-09", "1953-09~"),
    ("5th century BC", "C-5"),
    ("the 5th century BCE", "C-5"),
    ("20th century", "C20"),
    ("20th-century", "C20"),
    ("20th c.", "C20"),
    ("the early 20th century", "early C20"),
    ("2nd millennium", "M2"),
    ("1st millennium BC", "M-1"),
    ("spring 1953", "1953-21"),
    ("summer of 1953", "1953-22"),
    ("fall 1953", "1953-23"),
    ("Winter 44 BC", "-0043-24"),
    ("before 1950", "before 1950"),
    ("Before 1950", "before 1950"),
    ("after 15 March 44 BC", "after -0043-03-15"),
    ("by 1955", "by 1955"),
    ("before c. 1950", "before 1950~"),
    ("c. before 1950", "before 1950~"),
    ("before 1953-09-13", "before 1953-09-13"),
    ("  1953  ", "1953"),
]


@pytest.mark.parametrize(("text", "iso"), PARSES)
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text).to_iso() == iso


@pytest.mark.parametrize(
    "text",
    ["", "   ", "hello", "0", "0 BC", "AD 0", "year 0", "0000 BC", "1953-13", "1953-02-29",
     "31 February 1953", "29 February 1900", "31 April 1953", "0 March 1953", "March",
     "15 March", "Smarch 1953", "1953-9", "0th century", "20th cent BC AD", "44 BC AD",
     "1920s 1930s", "early 15 March 1953", "early spring 1953", "late 1953-21",
     "early late 1920s", "c. c. 1950", "before after 1950", "1000000", "C-5 BC",
     "192Y", "1925s", "spring", "13 September 1953 1954"],
)  # fmt: skip
def test_parse_date_errors(text: str) -> None:
    with pytest.raises(DateParseError, match=re.escape(repr(text))) as info:
        parse_date(text)
    assert isinstance(info.value, ValueError)


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"year": 1953, "month": 13, "day": 1, "precision": P.DAY},
        {"year": 1953, "month": 0, "day": 1, "precision": P.DAY},
        {"year": 1953, "month": 2, "day": 29, "precision": P.DAY},
        {"year": 1953, "month": 2, "day": 0, "precision": P.DAY},
        {"year": 1953, "precision": P.DAY},
        {"year": 1953, "month": 9, "precision": P.DAY},
        {"year": 1953, "precision": P.MONTH},
        {"year": 1953, "month": 9, "day": 1, "precision": P.MONTH},
        {"year": 1953, "month": 9},
        {"year": 1953, "season": Season.SPRING},
        {"year": 1953, "month": 9, "day": 1, "precision": P.DAY, "season": Season.AUTUMN},
        {"year": 1953, "precision": P.SEASON},
        {"year": 1953, "month": 3, "precision": P.SEASON, "season": Season.SPRING},
        {"year": 1925, "precision": P.DECADE},
        {"year": 0, "precision": P.DECADE},
        {"year": -40, "precision": P.DECADE},
        {"year": -50, "precision": P.DECADE},
        {"year": 1900, "precision": P.CENTURY},
        {"year": -500, "precision": P.CENTURY},
        {"year": 1000, "precision": P.MILLENNIUM},
        {"year": 1953, "month": 9, "day": 13, "precision": P.DAY, "qualifier": Q.EARLY},
        {"year": 1953, "precision": P.SEASON, "season": Season.SPRING, "qualifier": Q.LATE},
        {"year": 1_000_000},
        {"year": -1_000_000},
        {"year": 1953, "precision": 9},
        {"year": 1953, "qualifier": "sometime"},
        {"year": 1953, "precision": P.SEASON, "season": 25},
    ],
)
def test_invalid_dates_raise(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        HistDate(**kwargs)  # type: ignore[arg-type]


def test_plain_values_are_coerced() -> None:
    d = HistDate(1953, precision=4, qualifier="late", approximate=1)  # type: ignore[arg-type]
    assert d == HistDate.of_year(1953).with_(qualifier=Q.LATE, approximate=True)
    assert d.precision is P.YEAR and d.qualifier is Q.LATE and d.approximate is True
    s = HistDate(1953, precision=P.SEASON, season=21)  # type: ignore[arg-type]
    assert s.season is Season.SPRING
    assert hash(s) == hash(HistDate.of_season(1953, Season.SPRING))
    for bad in ("1953", 1953.0, True):
        with pytest.raises(TypeError):
            HistDate(bad)  # type: ignore[arg-type]


def test_with_and_immutability() -> None:
    d = HistDate.of_year(1953)
    assert d.with_(approximate=True).approximate
    assert not d.approximate
    with pytest.raises(AttributeError):
        d.year = 1954  # type: ignore[misc]
    with pytest.raises(ValueError):
        d.with_(month=2)  # a YEAR date has no month


# --- conversions agree with each other ----------------------------------------------------------


@settings(max_examples=300)
@given(hist_dates())
def test_bounds_invariants(d: HistDate) -> None:
    first, last = d.earliest_day(), d.latest_day()
    assert first <= last
    assert (first, last) == _bounds(d) == d.sort_key()  # fast paths agree with the general one
    assert d.contains(d) and d.overlaps(d)
    assert first <= axis_to_day(d.axis()) <= last + 1
    plain = d.with_(qualifier=Q.NONE, approximate=False)
    if d.qualifier is Q.NONE:
        assert d.contains(plain)  # approximate only widens
    elif d.qualifier in (Q.EARLY, Q.MID, Q.LATE):
        assert plain.contains(d.with_(approximate=False))
    elif d.qualifier is Q.BEFORE:
        assert last < plain.earliest_day() or d.approximate
    elif d.qualifier is Q.AFTER:
        assert first > plain.latest_day() or d.approximate


def test_overlaps_and_contains() -> None:
    c20, y1953 = parse_date("20th century"), parse_date("1953")
    assert c20.contains(y1953) and not y1953.contains(c20)
    assert c20.overlaps(y1953) and y1953.overlaps(c20)
    assert parse_date("1920s").contains(parse_date("late 1920s"))
    assert not parse_date("early 1920s").overlaps(parse_date("late 1920s"))
    assert parse_date("early 1920s").overlaps(parse_date("mid 1920s"))
    assert not parse_date("before 1950").overlaps(parse_date("1950"))
    assert parse_date("by 1950").contains(parse_date("1950"))
    assert parse_date("c. 1950").contains(parse_date("1951"))
    assert parse_date("winter 1953").contains(parse_date("January 1954"))
    assert parse_date("1st millennium BC").contains(parse_date("15 March 44 BC"))
    assert not parse_date("1st millennium BC").overlaps(parse_date("AD 1"))


# --- ordering and the axis --------------------------------------------------------------------


def test_sorting_follows_chronology() -> None:
    """By first possible day; of two with the same first day the narrower comes first."""
    chronological = [
        "2nd millennium BC", "5th century BC", "early 40s BC", "40s BC", "44 BC",
        "15 March 44 BC", "31 December 1 BC", "1 January AD 1", "AD 1", "AD 0s", "AD 14",
        "before 1950", "early 20th century", "20th century", "early 1920s", "1920s",
        "late 1920s", "1950", "spring 1953", "September 1953", "13 September 1953",
        "winter 1953", "after 1960",
    ]  # fmt: skip
    dates = [parse_date(t) for t in chronological]
    shuffled = dates[:]
    random.Random(44).shuffle(shuffled)
    assert [d.label() for d in sorted(shuffled, key=HistDate.sort_key)] == [
        d.label() for d in dates
    ]


@given(st.lists(st.tuples(years, st.integers(1, 12), st.integers(1, 28)), max_size=30))
def test_sort_key_agrees_with_calendar_order(triples: list[tuple[int, int, int]]) -> None:
    dates = [HistDate.of_day(*t) for t in triples]
    assert sorted(dates, key=HistDate.sort_key) == [HistDate.of_day(*t) for t in sorted(triples)]
    year_dates = [HistDate.of_year(t[0]) for t in triples]
    assert [d.year for d in sorted(year_dates, key=HistDate.sort_key)] == sorted(
        t[0] for t in triples
    )


def test_axis_values() -> None:
    assert HistDate.of_year(1953).axis() == pytest.approx(1953.5)
    assert HistDate.of_day(1953, 1, 1).axis() == pytest.approx(1953 + 0.5 / 365)
    assert HistDate.of_year(0).axis() == pytest.approx(0.5)  # 1 BC sits between 0 and 1
    assert HistDate.of_year(-43).axis() == pytest.approx(-42.5)
    assert parse_date("20th century").axis() == pytest.approx(1951.0, abs=0.01)
    for y in range(-5, 6):
        assert day_to_axis(day_number(y, 1, 1)) == y  # continuous at every year start
        assert axis_to_day(float(y)) == day_number(y, 1, 1)


@settings(max_examples=300)
@given(st.integers(-40_000_000, 40_000_000), st.integers(1, 100_000))
def test_axis_is_strictly_monotonic(n: int, gap: int) -> None:
    a, b = HistDate.of_day(*from_day_number(n)), HistDate.of_day(*from_day_number(n + gap))
    assert a.axis() < b.axis()
    assert day_to_axis(n) < day_to_axis(n + 0.5) < day_to_axis(n + 1)
    assert axis_to_day(day_to_axis(n + 0.25)) == pytest.approx(n + 0.25, abs=1e-6)


def test_axis_is_monotonic_across_the_era_boundary() -> None:
    days = range(day_number(-2, 12, 1), day_number(2, 2, 1))
    axes = [HistDate.of_day(*from_day_number(n)).axis() for n in days]
    assert all(a < b for a, b in itertools.pairwise(axes))
    steps = [b - a for a, b in itertools.pairwise(axes)]
    assert max(steps) < 1.01 / 365 and min(steps) > 0.99 / 366  # no jump at year 0


def test_dates_survive_pickling_with_every_field() -> None:
    # documents carry their dates to a helper process pickled as plain tuples: a field added
    # to HistDate must be added to that tuple too, or it would be lost on the way
    import dataclasses
    import pickle

    from timeline_desktop.domain import dates

    names = tuple(f.name for f in dataclasses.fields(HistDate))
    assert names == dates._HISTDATE_FIELDS
    for text in ("c. 15 March 44 BC", "spring 1066", "the 1340s", "before 1200", "1805"):
        d = parse_date(text)
        again = pickle.loads(pickle.dumps(d))
        assert again == d and hash(again) == hash(d)
        assert [getattr(again, n) for n in names] == [getattr(d, n) for n in names]
