"""The historical axis: labels a historian expects at every zoom, never a year zero."""

from __future__ import annotations

import numpy as np
import pytest

from timeline_desktop.domain.dates import day_to_axis
from timeline_desktop.ui.timeline.axis import HistoricalAxis
from timeline_desktop.ui.timeline.coords import days_to_axis


@pytest.fixture
def axis(qtbot) -> HistoricalAxis:
    return HistoricalAxis("bottom")


def labels(axis: HistoricalAxis, x0: float, x1: float, px: float = 900) -> list[str]:
    return [text for _, text in axis.ticks_for(x0, x1, px)]


def test_vectorised_coordinates_match_the_domain_mapping() -> None:
    days = np.arange(-4_000_000, 1_200_000, 1009)
    expected = np.array([day_to_axis(int(d)) for d in days])
    assert np.array_equal(days_to_axis(days), expected)


def test_years_across_the_era_boundary_have_no_year_zero(axis) -> None:
    assert labels(axis, -3, 4) == [
        "4 BC", "3 BC", "2 BC", "1 BC", "AD 1", "AD 2", "AD 3", "AD 4",
    ]  # fmt: skip
    for x0, x1 in ((-30, 30), (-120, 130), (-600, 700)):
        shown = labels(axis, x0, x1)
        assert "AD 1" in shown and "0" not in shown and "AD 0" not in shown
        assert all(label != "0 BC" for label in shown)
    assert labels(axis, -30, 30) == ["30 BC", "20 BC", "10 BC", "AD 1", "AD 10", "AD 20", "AD 30"]


def test_tick_positions_are_where_the_labelled_years_start(axis) -> None:
    ticks = dict((label, x) for x, label in axis.ticks_for(-600, 700, 900))
    assert ticks["400 BC"] == -399.0  # astronomical year of 400 BC
    assert ticks["AD 1"] == 1.0


def test_millennia_and_the_ten_thousand_bc_limit(axis) -> None:
    assert labels(axis, -5000, 2000) == [
        "5000 BC", "4000 BC", "3000 BC", "2000 BC", "1000 BC", "AD 1", "1000", "2000",
    ]  # fmt: skip
    assert labels(axis, -9999, 3001)[0] == "10,000 BC"
    assert labels(axis, -14000, -9000)  # a view past the clamp still has ticks


def test_months_and_days(axis) -> None:
    assert labels(axis, 1952.9, 1953.6)[1:4] == ["Jan 1953", "Feb 1953", "Mar 1953"]
    days = labels(axis, 1953.2, 1953.25)
    assert days[0] == "15 Mar 1953" and "17 Mar 1953" in days
    assert labels(axis, -43.8, -43.75)[0] == "15 Mar 45 BC"
    new_year = labels(axis, -0.03, 0.03)
    assert "1 Jan 1 BC" in new_year


@pytest.mark.parametrize("span", [1e4, 1e3, 100, 10, 1, 0.1, 0.01, 0.005])
@pytest.mark.parametrize("center", [-9000, -500, 0.5, 1, 1500, 2990])
def test_never_blank(axis, span: float, center: float) -> None:
    x0, x1 = center - span / 2, center + span / 2
    levels = axis.tickValues(x0, x1, 900)
    assert levels and levels[0][1]
    strings = axis.tickStrings(levels[0][1], 1.0, levels[0][0])
    assert all(strings) and not any(s in ("0", "AD 0") for s in strings)
