"""CSV in the TimelineJS sheet's columns, plus People, Places and Sources.

The first columns are those of TimelineJS's Google Sheets template, so the file can be
pasted into that template as it is; our CSV reader reads it back with the same dates
(a coarse or qualified date is written as its span with its label in Display Date, as in
`export.interchange`). Periods are written as rows of Type "era".
"""

from __future__ import annotations

import csv
import html
from pathlib import Path

from timeline_desktop.domain.model import EventFilter
from timeline_desktop.export.files import atomic_output
from timeline_desktop.export.interchange import Edge, events_and_sources, span_of
from timeline_desktop.store.repository import Store

COLUMNS = (
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
    "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
    "Media Thumbnail", "Type", "Group", "Background", "People", "Places", "Sources",
)  # fmt: skip


def _cells(edge: Edge | None) -> list[str]:
    if edge is None:
        return ["", "", "", ""]
    return [
        str(edge.historical_year),
        "" if edge.month is None else str(edge.month),
        "" if edge.day is None else str(edge.day),
        "",
    ]


def write_csv(store: Store, out: Path, flt: EventFilter | None = None) -> int:
    events, sources = events_and_sources(store, flt)
    rows = []
    for event in events:
        span = span_of(event)
        cited = dict.fromkeys(
            sources[ev.source_id].title for ev in event.evidence if ev.source_id in sources
        )
        rows.append(
            [
                *_cells(span.start),
                *_cells(span.end),
                "" if span.exact else span.label,
                html.escape(event.title, quote=False),  # the sheet's cells are HTML
                html.escape(event.summary, quote=False) if event.summary != event.title else "",
                "", "", "", "", "",
                event.category or "",
                "",
                "; ".join(event.people),
                "; ".join(event.places),
                "; ".join(cited),
            ]
        )  # fmt: skip
    if events:
        lo = min(e.start.earliest_day() for e in events)
        hi = max((e.end or e.start).latest_day() for e in events)
        for period in store.periods():
            if period.start.earliest_day() > hi or period.end.latest_day() < lo:
                continue
            start = Edge(period.start.year, period.start.month, period.start.day)
            end = Edge(period.end.year, period.end.month, period.end.day)
            rows.append(
                [*_cells(start), *_cells(end), "", period.name, "", "", "", "", "", "era",
                 "", "", "", "", ""]
            )  # fmt: skip
    with atomic_output(out) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return len(events)
