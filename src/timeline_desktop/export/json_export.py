"""The JSON interchange format "timeline-desktop/1" (documented in the README).

Dates are ISO 8601 with astronomical years ("-0043" is 44 BC). Day, month and year dates are
written as they are; coarser or qualified dates ("late 1920s", "5th century BC") are written
as the years they span, in `start` and `end`, with `precision` saying what was meant and
`label` giving the human form, so any ISO-aware consumer can place them. A season is written
as its year: where its months begin and end depends on the hemisphere and the convention
(meteorological or astronomical), so naming months would claim more than the text says.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from timeline_desktop.domain.dates import HistDate, Precision, Qualifier, from_day_number
from timeline_desktop.domain.model import Event, EventFilter
from timeline_desktop.export.files import check_writable, write_text_atomically
from timeline_desktop.store.repository import Store

FORMAT = "timeline-desktop/1"
_EXACT = (Precision.DAY, Precision.MONTH, Precision.YEAR)


def _is_exact(date: HistDate) -> bool:
    return date.precision in _EXACT and date.qualifier == Qualifier.NONE


def _edge(date: HistDate, first: bool) -> str:
    """ISO text of a date, or of the first/last month or year a coarse date may mean."""
    if _is_exact(date):
        return date.with_(approximate=False).to_iso()
    year, month, _ = from_day_number(date.earliest_day() if first else date.latest_day())
    if date.precision < Precision.SEASON:
        return HistDate.of_month(year, month).to_iso()
    if date.precision == Precision.SEASON:
        return HistDate.of_year(date.year).to_iso()  # a winter's months run into the next year
    return HistDate.of_year(year).to_iso()


def iso_span(start: HistDate, end: HistDate | None) -> tuple[str, str | None]:
    """The exported (start, end) strings for an event's dates."""
    if end is None and _is_exact(start):
        return _edge(start, True), None
    return _edge(start, True), _edge(end or start, False)


def event_dict(event: Event) -> dict[str, Any]:
    start, end = iso_span(event.start, event.end)
    label = event.start.label() + (f" – {event.end.label()}" if event.end else "")
    return {
        "id": event.id,
        "title": event.title,
        "summary": event.summary,
        "start": start,
        "end": end,
        "precision": event.start.precision.name.lower(),
        "approximate": event.start.approximate or bool(event.end and event.end.approximate),
        "label": label,
        "places": list(event.places),
        "people": list(event.people),
        "origin": event.origin.value,
        "edited_fields": list(event.edited_fields),
        "category": event.category,
        # the dates exactly (ISO/EDTF, qualifiers included), so an import gets them back
        "dates": {
            "start": event.start.to_iso(),
            "end": event.end.to_iso() if event.end is not None else None,
        },
        "evidence": [
            {
                "id": ev.id,
                "source_id": ev.source_id,
                "start": ev.start,
                "end": ev.end,
                "quote": ev.quote,
                "date_as_stated": ev.date_as_stated,
                "stance": ev.stance.value,
                **({"in_version": ev.in_version} if ev.in_version is not None else {}),
                "rules": list(ev.rules),
                **({"shared_by": ev.shared_by} if ev.shared_by is not None else {}),
            }
            for ev in event.evidence
        ],
    }


def build_export(store: Store, flt: EventFilter | None = None) -> dict[str, Any]:
    """The export document for the events matching `flt`, their sources and their people."""
    events = store.events(flt)
    source_ids = {ev.source_id for e in events for ev in e.evidence}
    names = {n for e in events for n in e.people}
    categories = {e.category for e in events if e.category}
    everything = flt is None or flt == EventFilter()
    sources = [s for s in store.sources() if everything or s.id in source_ids]
    people = [p for p in store.people() if everything or p.name in names]
    return {
        "format": FORMAT,
        "sources": [
            {
                "id": s.id,
                "title": s.title,
                "file_name": s.file_name,
                "format": s.format,
                "encoding": s.encoding,
                "sha256": s.sha256,
                "url": s.url,
                "version": s.version,
                "text": s.text,
            }
            for s in sources
        ],
        "people": [{"id": p.id, "name": p.name, "aliases": list(p.aliases)} for p in people],
        "categories": [
            {"name": c.name, "color": c.color, "parent": c.parent}
            for c in store.categories()
            if everything or c.name in categories
        ],
        "periods": [
            {
                "name": p.name,
                "start": p.start.to_iso(),
                "end": p.end.to_iso(),
                "color": p.color,
                "source_id": p.source_id,
            }
            for p in store.periods()
            if everything or p.source_id in source_ids
        ],
        "events": [event_dict(e) for e in events],
    }


def write_json(store: Store, out: Path, flt: EventFilter | None = None) -> dict[str, Any]:
    check_writable(out)
    data = build_export(store, flt)
    write_text_atomically(out, json.dumps(data, ensure_ascii=False, indent=1))
    return data
