"""What the interchange exporters share: an event's dates as the numbers other tools use.

Other tools know days, months and years. A date finer than that or exactly that is written
as it is; a coarser or qualified one ("1920s", "late 1920s", "5th century BC") as the first
and last day, month or year it may mean, with its label beside it, so a reader of ours gets
it back (`ingest.cells.with_display`) and another tool still places it right. An
approximate date is written as its core with a flag or a "c." label.
"""

from __future__ import annotations

from dataclasses import dataclass

from timeline_desktop.domain.dates import HistDate, Precision, Qualifier, from_day_number
from timeline_desktop.domain.model import Event, EventFilter, Source
from timeline_desktop.store.repository import Store

_EXACT = (Precision.DAY, Precision.MONTH, Precision.YEAR)


@dataclass(frozen=True, slots=True)
class Edge:
    """One end of an event as numbers: an astronomical year, and a month and day if known."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def historical_year(self) -> int:
        """The year as TimelineJS writes it: 44 BC is -44 (astronomical -43), no year 0."""
        return self.year - 1 if self.year <= 0 else self.year


@dataclass(frozen=True, slots=True)
class Span:
    start: Edge
    end: Edge | None  # None: a single day, month or year
    label: str  # the date in words ("late 1920s", "c. 1350", "15 March 44 BC")
    exact: bool  # the numbers say all the label says
    approximate: bool


def _exact(date: HistDate) -> bool:
    return date.precision in _EXACT and date.qualifier is Qualifier.NONE


def _edge_of(date: HistDate) -> Edge:
    return Edge(date.year, date.month, date.day)


def _first(date: HistDate) -> Edge:
    if _exact(date):
        return _edge_of(date)
    year, month, day = from_day_number(date.with_(approximate=False).earliest_day())
    if date.precision in (Precision.DAY, Precision.MONTH, Precision.SEASON):
        return Edge(year, month, day if date.precision is Precision.DAY else None)
    return Edge(year)


def _last(date: HistDate) -> Edge:
    if _exact(date):
        return _edge_of(date)
    year, month, day = from_day_number(date.with_(approximate=False).latest_day())
    if date.precision in (Precision.DAY, Precision.MONTH, Precision.SEASON):
        return Edge(year, month, day if date.precision is Precision.DAY else None)
    return Edge(year)


def span_of(event: Event) -> Span:
    start, end = event.start, event.end
    label = start.label() + (f" – {end.label()}" if end else "")
    approximate = start.approximate or bool(end and end.approximate)
    exact = _exact(start) and (end is None or _exact(end)) and not approximate
    core = start.with_(approximate=False)
    if end is None and _exact(core):
        return Span(_edge_of(core), None, label, exact, approximate)
    first = _first(core)
    last = _last(end.with_(approximate=False) if end else core)
    return Span(first, None if last == first else last, label, exact, approximate)


def events_and_sources(
    store: Store, flt: EventFilter | None
) -> tuple[list[Event], dict[int, Source]]:
    events = store.events(flt)
    cited = {ev.source_id for e in events for ev in e.evidence}
    sources = {s.id: s for s in store.sources(with_text=False) if s.id in cited}
    return events, sources


_PALETTE = (
    (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
    (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
)  # fmt: skip


def palette_color(index: int) -> tuple[int, int, int]:
    return _PALETTE[index % len(_PALETTE)]


def rgb_of(color: str | None, fallback: tuple[int, int, int]) -> tuple[int, int, int]:
    """ "#rrggbb" as numbers, or the fallback."""
    if color and len(color) == 7 and color.startswith("#"):
        try:
            return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)
        except ValueError:
            pass
    return fallback
