"""How the JSON export writes coarse dates for ISO-aware consumers."""

from __future__ import annotations

from timeline_desktop.domain.dates import HistDate, Season, parse_date
from timeline_desktop.export.json_export import iso_span


def test_json_export_writes_a_season_as_its_year_and_keeps_what_was_meant() -> None:
    winter = HistDate.of_season(1812, Season.WINTER)
    assert iso_span(winter, None) == ("1812", "1812")
    assert winter.label() == "winter 1812"
    assert iso_span(parse_date("early March 1853"), None) == ("1853-03", "1853-03")
    assert iso_span(parse_date("late 1920s"), None) == ("1925", "1929")
