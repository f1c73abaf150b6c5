"""Timeline (thetimelineproj) `.timeline` files: events, categories, eras, containers.

Only Gregorian timelines have dates; a numeric (`numtime`) or other-calendar timeline is
refused as a whole, before anything is stored. Times are `YYYY-MM-DD HH:MM:SS` with
astronomical years (-473 is 474 BC); the date type's finest precision is a day, so the
time is shown in the event's line only, and bounds that cover whole years or months exactly
(as our exports write coarse dates) come back as those years or months. `fuzzy` makes a
date approximate. A container (`[7]Title`) is an event of its own and its sub-events
(`(7)Title`) name it in their summary; a title starting with a space before "(" or "[" is an
ordinary title. Categories keep their colour and parent; eras become periods. The XML is
parsed without any DTD (see `safexml`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from timeline_desktop.domain.dates import HistDate, Precision
from timeline_desktop.ingest.cells import (
    CellDate,
    CellError,
    check_year,
    collapse_span,
    first_sentence,
    with_display,
)
from timeline_desktop.ingest.readers.errors import FormatError
from timeline_desktop.ingest.readers.safexml import parse_xml
from timeline_desktop.ingest.structured import (
    Category,
    Chronology,
    Entry,
    Item,
    Period,
    Problem,
    render_line,
)

_TIME = re.compile(r"\s*(-?\d+)-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?\s*")
_CONTAINER = re.compile(r"\[(\d+)\](.*)", re.DOTALL)
_SUB_EVENT = re.compile(r"\((\d+)\)(.*)", re.DOTALL)
_DATE_NOTE = re.compile(r"^Date: (.+)$", re.MULTILINE)


def looks_like_timeline_xml(head: bytes) -> bool:
    return b"<timeline" in head[:4096]


def read_timeline_xml(data: bytes, stem: str, encoding: str) -> Chronology:
    root = parse_xml(data)
    if root.tag != "timeline":
        raise FormatError(
            f"an XML file, but not a Timeline file (its root element is <{root.tag}>)"
        )
    timetype = (root.findtext("timetype") or "gregoriantime").strip()
    if timetype != "gregoriantime":
        kind = "a numeric timeline (numtime)" if timetype == "numtime" else f"a {timetype} timeline"
        raise FormatError(
            f"{kind}: its events are placed on a number line, not on dates, so it cannot be "
            "imported (only Gregorian Timeline files can); nothing was stored"
        )
    if root.find("events") is None:
        raise FormatError("a Timeline file without an <events> element")
    return Chronology(stem, "timeline", encoding, _items(root))


def _color(text: str | None) -> str | None:
    parts = (text or "").split(",")
    try:
        r, g, b = (max(0, min(255, int(p))) for p in parts)
    except ValueError:
        return None
    return f"#{r:02x}{g:02x}{b:02x}"


def _items(root: Element) -> Iterator[Item]:
    for element in root.iterfind("categories/category"):
        name = " ".join((element.findtext("name") or "").split())
        if name:
            parent = " ".join((element.findtext("parent") or "").split()) or None
            yield Category(name, _color(element.findtext("color")), parent)
    for n, era in enumerate(root.iterfind("eras/era"), 1):
        name = (era.findtext("name") or "").strip() or f"Era {n}"
        try:
            first, _ = _time(era.findtext("start"), "start")
            last, _ = _time(era.findtext("end"), "end")
        except CellError as exc:
            yield Problem(f"era {n} ({name})", str(exc))
            continue
        span = collapse_span(first, last)
        yield Period(name, span.start, span.end or span.start, _color(era.findtext("color")))
    containers: dict[str, str] = {}
    for n, event in enumerate(root.iterfind("events/event"), 1):
        yield _entry(event, n, containers)


def _entry(event: Element, n: int, containers: dict[str, str]) -> Entry | Problem:
    raw = event.findtext("text") or ""
    title, part_of = raw, None
    if raw.startswith(" ") and raw[1:2] in ("(", "["):
        title = raw[1:]  # an ordinary title that happens to start with a bracket
    elif match := _CONTAINER.fullmatch(raw):
        title = match[2]
        containers[match[1]] = " ".join(title.split())
    elif match := _SUB_EVENT.fullmatch(raw):
        title = match[2]
        part_of = containers.get(match[1], f"container {match[1]}")
    title = " ".join(title.split())
    description = (event.findtext("description") or "").strip()
    where = f"event {n}" + (f" ({title[:60]})" if title else "")
    fuzzy = _flag(event, "fuzzy")
    try:
        first, first_time = _time(event.findtext("start"), "start")
        last, last_time = _time(event.findtext("end") or event.findtext("start"), "end")
    except CellError as exc:
        return Problem(where, str(exc))
    if last.latest_day() < first.earliest_day():
        return Problem(where, "the end is before the start")
    date = collapse_span(first, last)
    fuzzy_start = fuzzy or _flag(event, "fuzzy_start")
    fuzzy_end = fuzzy or _flag(event, "fuzzy_end")
    if fuzzy_start or fuzzy_end:
        date = CellDate(
            date.start.with_(approximate=True) if fuzzy_start else date.start,
            (date.end.with_(approximate=True) if fuzzy_end else date.end) if date.end else None,
        )
    stated = _DATE_NOTE.search(description)
    if stated:  # our exports note a coarse date in words ("Date: 1340s")
        date = with_display(stated[1], date)
    if not title:
        title = first_sentence(" ".join(description.split())) or "(untitled)"
    category = " ".join((event.findtext("category") or "").split()) or None
    summary_parts = [" ".join(description.split())] if description else []
    if part_of:
        summary_parts.append(f"Part of: {part_of}")
    link = (event.findtext("hyperlink") or "").strip()
    if link:
        summary_parts.append(f"Source: {link}")
    if date.start.precision is Precision.DAY:
        shown = _label(first, first_time) + (
            f" – {_label(last, last_time)}" if date.end is not None else ""
        )
    else:  # whole years or months
        shown = date.start.label() + (f" – {date.end.label()}" if date.end else "")
    if date.start.approximate:
        shown = f"c. {shown}"
    extras = [("Group", category or ""), ("Part of", part_of or ""), ("Source", link)]
    if _flag(event, "milestone"):
        extras.append(("Milestone", "yes"))
    labels = " ".join((event.findtext("labels") or "").split())
    if labels:
        extras.append(("Labels", labels))
    line = render_line(shown, title, " ".join(description.split()), extras)
    return Entry(where, line, title[:500], date, "\n".join(summary_parts), (), (), category, shown)


def _flag(event: Element, name: str) -> bool:
    return (event.findtext(name) or "").strip().lower() == "true"


def _time(text: str | None, what: str) -> tuple[HistDate, str]:
    match = _TIME.fullmatch(text or "")
    if match is None:
        raise CellError(f"unreadable {what} time {text!r}" if text else f"no {what} time")
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    check_year(year)
    try:
        date = HistDate.of_day(year, month, day)
    except ValueError as exc:
        raise CellError(f"invalid {what} time {text!r} ({exc})") from None
    hour, minute, second = (int(g) if g else 0 for g in match.groups()[3:])
    clock = (
        f"{hour:02d}:{minute:02d}"
        if (hour, minute, second) not in ((0, 0, 0), (23, 59, 59))
        else ""
    )
    return date, clock


def _label(date: HistDate, clock: str) -> str:
    return f"{date.label()} {clock}" if clock else date.label()
