"""TimelineJS JSON (version 3, and the older version 2 layout): slides become entries.

A slide's `start_date` / `end_date` objects give the date (year required; month, day; the
hour and minute are shown in the line, the date type's finest precision being a day). Years
are written as TimelineJS writes them: -500 is 500 BCE, there is no year 0. `display_date`
is shown as given, and when it names a coarser date covering exactly the same span ("1920s",
"c. 1350") that date is kept, so our own exports come back unchanged. `text.headline` is the
title (or the text's first sentence), `text.text` the summary, HTML read as plain text;
`group` is the category; `media` is kept in the summary; `eras` become periods; the title
slide gives the source's title.

Years beyond what the date type holds (TimelineJS's cosmological scale, -13,800,000,000)
are skipped, each with a message naming the slide; the other slides import.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from timeline_desktop.ingest.cells import (
    CellDate,
    CellError,
    check_year,
    date_of,
    first_sentence,
    historical_year,
    plain_text,
    with_display,
)
from timeline_desktop.ingest.readers.errors import FormatError
from timeline_desktop.ingest.structured import (
    Chronology,
    Entry,
    Item,
    Period,
    Problem,
    Title,
    render_line,
)


def looks_like_timelinejs(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("events"), list):
        return True
    old = data.get("timeline")
    return isinstance(old, dict) and isinstance(old.get("date"), list)


def read_timelinejs(data: dict, stem: str, encoding: str) -> Chronology:
    """The chronology of a parsed TimelineJS document (see `looks_like_timelinejs`)."""
    if "events" not in data and isinstance(data.get("timeline"), dict):
        return _read_v2(data["timeline"], stem, encoding)
    title = stem
    slide = data.get("title")
    if isinstance(slide, dict):
        text = _text(slide)
        title = (
            plain_text(text.get("headline", ""))
            or first_sentence(plain_text(text.get("text", "")))
            or stem
        )
    return Chronology(title, "timelinejs", encoding, _items(data))


def _items(data: dict) -> Iterator[Item]:
    for n, era in enumerate(_list(data.get("eras")), 1):
        where = f"era {n}"
        try:
            start = _date(era.get("start_date"), "start date")
            end = _date(era.get("end_date"), "end date")
        except CellError as exc:
            yield Problem(where, str(exc))
            continue
        name = plain_text(_text(era).get("headline", "")) or f"Era {n}"
        yield Period(name, start.start, (end.end or end.start))
    for n, event in enumerate(_list(data.get("events")), 1):
        yield _entry(event, n)


def _entry(event: Any, n: int) -> Entry | Problem:
    text = _text(event) if isinstance(event, dict) else {}
    headline = plain_text(str(text.get("headline", "") or ""))
    where = f"event {n}" + (f" ({headline[:60]})" if headline else "")
    if not isinstance(event, dict):
        return Problem(where, "not a JSON object")
    body = plain_text(str(text.get("text", "") or ""))
    try:
        start = _date(event.get("start_date"), "start date")
        end = _date(event.get("end_date"), "end date") if event.get("end_date") else None
    except CellError as exc:
        return Problem(where, str(exc))
    date = start if end is None or end.start == start.start else CellDate(start.start, end.start)
    if date.end is not None and date.end.latest_day() < date.start.earliest_day():
        return Problem(where, "the end date is before the start date")
    shown = _shown(event.get("start_date"), start) + (
        f" – {_shown(event.get('end_date'), end)}" if date.end is not None and end else ""
    )
    display = str(
        event.get("display_date") or (event.get("start_date") or {}).get("display_date") or ""
    )
    date = with_display(display, date)
    title = headline or first_sentence(body)
    if not title:
        return Problem(where, "the slide has neither a headline nor a text")
    category = " ".join(str(event.get("group") or event.get("tag") or "").split()) or None
    summary = body
    extras: list[tuple[str, str]] = []
    if category:
        extras.append(("Group", category))
    media = _media(event.get("media") or event.get("asset"))
    if media:
        extras.append(("Media", media))
        summary = f"{summary}\nMedia: {media}" if summary else f"Media: {media}"
    line = render_line(" ".join(display.split()) or shown, headline, body, extras)
    return Entry(where, line, title[:500], date, summary, (), (), category, display or shown)


# --- pieces --------------------------------------------------------------------------------------


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _text(obj: dict) -> dict:
    text = obj.get("text")
    if isinstance(text, dict):
        return text
    # TimelineJS 2 and hand-made files put headline and text on the slide itself
    return {"headline": obj.get("headline", ""), "text": text if isinstance(text, str) else ""}


_NUMBER = re.compile(r"[-+]?\d+")


def _number(value: Any, what: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(f"unreadable {what} {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).replace(",", "").replace(" ", "").strip()
    if not _NUMBER.fullmatch(text):
        raise CellError(f"unreadable {what} {value!r}")
    return int(text)


def _date(obj: Any, what: str) -> CellDate:
    if not isinstance(obj, dict):
        raise CellError(f"no {what}" if obj in (None, "") else f"the {what} is not an object")
    year = _number(obj.get("year"), "year")
    if year is None:
        raise CellError(f"the {what} has no year")
    month = _number(obj.get("month"), "month")
    day = _number(obj.get("day"), "day")
    astro = check_year(historical_year(year), year)
    return CellDate(date_of(astro, month, day if month is not None else None, what))


def _shown(obj: Any, date: CellDate | None) -> str:
    if date is None:
        return ""
    label = date.start.label()
    if isinstance(obj, dict) and date.start.day is not None:
        hour, minute = obj.get("hour"), obj.get("minute")
        if hour not in (None, ""):
            label += (
                f", {int(_number(hour, 'hour') or 0):02d}:{int(_number(minute, 'minute') or 0):02d}"
            )
    return label


def _media(media: Any) -> str:
    if not isinstance(media, dict):
        return ""
    url = str(media.get("url") or media.get("media") or "").strip()
    caption = plain_text(str(media.get("caption") or ""))
    credit = plain_text(str(media.get("credit") or ""))
    parts = [p for p in (url, caption, f"credit: {credit}" if credit else "") if p]
    return " — ".join(parts)


# --- TimelineJS 2 ------------------------------------------------------------------------------

_V2_DATE = re.compile(r"\s*(-?\d+)(?:\s*,\s*(\d{1,2}))?(?:\s*,\s*(\d{1,2}))?")


def _read_v2(timeline: dict, stem: str, encoding: str) -> Chronology:
    title = plain_text(str(timeline.get("headline") or "")) or stem

    def items() -> Iterator[Item]:
        for n, slide in enumerate(_list(timeline.get("date")), 1):
            if not isinstance(slide, dict):
                yield Problem(f"event {n}", "not a JSON object")
                continue
            converted = dict(slide)
            try:
                converted["start_date"] = _v2_date(slide.get("startDate"))
                if slide.get("endDate"):
                    converted["end_date"] = _v2_date(slide.get("endDate"))
            except CellError as exc:
                yield Problem(f"event {n}", str(exc))
                continue
            converted["text"] = {
                "headline": slide.get("headline", ""),
                "text": slide.get("text", ""),
            }
            converted["group"] = slide.get("tag")
            yield _entry(converted, n)

    if title:

        def with_title() -> Iterator[Item]:
            yield Title(title)
            yield from items()

        return Chronology(title, "timelinejs", encoding, with_title())
    return Chronology(stem, "timelinejs", encoding, items())


def _v2_date(value: Any) -> dict:
    match = _V2_DATE.fullmatch(str(value or ""))
    if match is None:
        raise CellError(f"unreadable date {value!r}")
    year, month, day = match.groups()
    return {"year": year, "month": month, "day": day}


def parse_error(exc: ValueError) -> FormatError:
    return FormatError(f"not valid JSON ({exc})")
