"""TimelineJS JSON: the events, their evidence and their sources, as TimelineJS reads them.

Values are strings, as TimelineJS's own files write them; years are historical (-44 is
44 BC). `text.text` holds the summary, every quoted passage and the title of the source it
comes from, as escaped HTML; `group` is the event's category; periods become `eras`. Dates
coarser than a year or qualified ones carry their label in `display_date` (see
`export.interchange`).
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from timeline_desktop.domain.model import Event, EventFilter, Source
from timeline_desktop.export.files import write_text_atomically
from timeline_desktop.export.interchange import Edge, events_and_sources, span_of
from timeline_desktop.store.repository import Store


def _date(edge: Edge) -> dict[str, str]:
    out = {"year": str(edge.historical_year)}
    if edge.month is not None:
        out["month"] = str(edge.month)
        if edge.day is not None:
            out["day"] = str(edge.day)
    return out


def _text(event: Event, sources: dict[int, Source]) -> str:
    parts = []
    if event.summary and event.summary != event.title:
        parts.append(f"<p>{html.escape(event.summary)}</p>")
    if event.people:
        parts.append(f"<p>People: {html.escape(', '.join(event.people))}</p>")
    for ev in event.evidence:
        source = sources.get(ev.source_id)
        cite = html.escape(source.title if source else f"source {ev.source_id}")
        note = "" if ev.stance.value == "supports" else f" ({ev.stance.value})"
        parts.append(f"<blockquote>{html.escape(ev.quote)}</blockquote><p>— {cite}{note}</p>")
    return "".join(parts)


def slide(event: Event, sources: dict[int, Source]) -> dict[str, Any]:
    span = span_of(event)
    out: dict[str, Any] = {"start_date": _date(span.start)}
    if span.end is not None:
        out["end_date"] = _date(span.end)
    if not span.exact:
        out["display_date"] = span.label
    out["text"] = {"headline": html.escape(event.title), "text": _text(event, sources)}
    if event.category:
        out["group"] = event.category
    out["unique_id"] = f"event-{event.id}"
    return out


def build_timelinejs(
    store: Store, flt: EventFilter | None = None, title: str = "Timeline Desktop"
) -> dict[str, Any]:
    events, sources = events_and_sources(store, flt)
    cited = ", ".join(s.title for s in list(sources.values())[:5])
    more = f" and {len(sources) - 5} more" if len(sources) > 5 else ""
    doc: dict[str, Any] = {
        "title": {
            "text": {
                "headline": html.escape(title),
                "text": f"<p>{len(events)} events from {len(sources)} sources"
                + (f": {html.escape(cited)}{more}" if cited else "")
                + "</p>",
            }
        },
        "events": [slide(e, sources) for e in events],
    }
    if events:
        lo = min(e.start.earliest_day() for e in events)
        hi = max((e.end or e.start).latest_day() for e in events)
        eras = [
            {
                "start_date": _date(Edge(p.start.year, p.start.month, p.start.day)),
                "end_date": _date(Edge(p.end.year, p.end.month, p.end.day)),
                "text": {"headline": html.escape(p.name)},
            }
            for p in store.periods()
            if p.start.earliest_day() <= hi and p.end.latest_day() >= lo
        ]
        if eras:
            doc["eras"] = eras
    return doc


def write_timelinejs(store: Store, out: Path, flt: EventFilter | None = None) -> dict[str, Any]:
    doc = build_timelinejs(store, flt)
    write_text_atomically(out, lambda: json.dumps(doc, ensure_ascii=False, indent=1))
    return doc
