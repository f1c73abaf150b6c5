"""Timeline (thetimelineproj) `.timeline` XML, written the way Timeline's reader needs it.

Timeline's reader matches elements strictly in order and rejects unknown ones, so the file
has exactly its elements, in its order: version, timetype, eras, categories, events, view;
and per event start, end, text, fuzzy, locked, ends_today, category, description. Times
are `YYYY-MM-DD HH:MM:SS` with astronomical, unpadded years. A day is a point event; a
coarser date runs from the first moment of its first day to the last of its last, which
our reader turns back into the year or month. Each event's category is its own category,
or else its first person, so a Timeline user sees the same groups; a title starting with
"(" or "[" gets the leading space Timeline uses to tell it from a container.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from timeline_desktop.domain.dates import days_in_month
from timeline_desktop.domain.model import Event, EventFilter, Source
from timeline_desktop.export.files import atomic_output
from timeline_desktop.export.interchange import (
    Edge,
    events_and_sources,
    palette_color,
    rgb_of,
    span_of,
)
from timeline_desktop.store.repository import Store

VERSION = "2.4.0"


def _time(edge: Edge, last: bool) -> str:
    """A Timeline time: the first moment of an edge, or the last of a month's or year's."""
    month = edge.month or (12 if last else 1)
    day = edge.day or (days_in_month(edge.year, month) if last else 1)
    clock = "23:59:59" if last and edge.day is None else "00:00:00"
    return f"{edge.year}-{month:02d}-{day:02d} {clock}"


def _bounds(event: Event) -> tuple[str, str]:
    span = span_of(event)
    start = _time(span.start, last=False)
    if span.end is None and span.start.day is not None:
        return start, start  # a point event: start == end
    return start, _time(span.end or span.start, last=True)


def _rgb(rgb: tuple[int, int, int]) -> str:
    return ",".join(str(c) for c in rgb)


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def _description(event: Event, sources: dict[int, Source]) -> str:
    parts = []
    if event.summary and event.summary != event.title:
        parts.append(event.summary)
    span = span_of(event)
    if not span.exact:
        parts.append(f"Date: {span.label}")
    if event.people:
        parts.append("People: " + ", ".join(event.people))
    for ev in event.evidence:
        source = sources.get(ev.source_id)
        parts.append(f"“{ev.quote}” — {source.title if source else f'source {ev.source_id}'}")
    return "\n\n".join(parts)


def build_timeline(store: Store, flt: EventFilter | None = None) -> ET.ElementTree:
    events, sources = events_and_sources(store, flt)
    stored = {c.name: c for c in store.categories()}
    root = ET.Element("timeline")
    _sub(root, "version", VERSION)
    _sub(root, "timetype", "gregoriantime")
    periods = store.periods()
    if events and periods:
        lo = min(e.start.earliest_day() for e in events)
        hi = max((e.end or e.start).latest_day() for e in events)
        periods = [p for p in periods if p.start.earliest_day() <= hi and p.end.latest_day() >= lo]
    if periods:
        eras = _sub(root, "eras")
        for n, period in enumerate(periods):
            era = _sub(eras, "era")
            _sub(era, "name", period.name)
            first = Edge(period.start.year, period.start.month, period.start.day)
            last = Edge(period.end.year, period.end.month, period.end.day)
            _sub(era, "start", _time(first, False))
            _sub(era, "end", _time(last, True))
            _sub(era, "color", _rgb(rgb_of(period.color, palette_color(n + 5))))
    names = [e.category or (e.people[0] if e.people else None) for e in events]
    used = list(dict.fromkeys(n for n in names if n))
    wanted = list(used)
    for name in used:  # parents are written before their children
        parent = stored[name].parent if name in stored else None
        while parent and parent not in wanted:
            wanted.insert(wanted.index(name), parent)
            parent = stored[parent].parent if parent in stored else None
    categories = _sub(root, "categories")
    for n, name in enumerate(wanted):
        known = stored.get(name)
        category = _sub(categories, "category")
        _sub(category, "name", name)
        _sub(category, "color", _rgb(rgb_of(known.color if known else None, palette_color(n))))
        _sub(category, "font_color", "0,0,0")
        if known is not None and known.parent:
            _sub(category, "parent", known.parent)
    events_element = _sub(root, "events")
    for event, category_name in zip(events, names, strict=True):
        element = _sub(events_element, "event")
        start, end = _bounds(event)
        _sub(element, "start", start)
        _sub(element, "end", end)
        title = event.title
        if title.startswith(("(", "[")):
            title = " " + title  # Timeline's way to say: not a container
        _sub(element, "text", title)
        _sub(element, "fuzzy", "True" if span_of(event).approximate else "False")
        _sub(element, "locked", "False")
        _sub(element, "ends_today", "False")
        if category_name:
            _sub(element, "category", category_name)
        description = _description(event, sources)
        if description:
            _sub(element, "description", description)
    view = _sub(root, "view")
    if events:
        period = _sub(view, "displayed_period")
        first = min(events, key=lambda e: e.start.earliest_day())
        last = max(events, key=lambda e: (e.end or e.start).latest_day())
        _sub(period, "start", _bounds(first)[0])
        _sub(period, "end", _bounds(last)[1])
    _sub(view, "hidden_categories")
    ET.indent(root, space="  ")
    return ET.ElementTree(root)


def write_timeline(store: Store, out: Path, flt: EventFilter | None = None) -> int:
    tree = build_timeline(store, flt)
    with atomic_output(out) as tmp:
        tree.write(tmp, encoding="utf-8", xml_declaration=True)
    return len(tree.getroot().findall("events/event"))
