"""Structured files (chronology spreadsheets, interchange formats): entries, not prose.

A structured reader does not produce text for the extractor; it states events outright. It
yields a stream of items, consumed once and in order, so a million-row file never has to be
held in memory:

    Entry      one event, with the line of text that is stored for it and quoted as its
               evidence (`line` never contains a newline)
    Problem    a row or event that was skipped (or kept with a warning), and why
    Title      the title the file gives itself (a TimelineJS title slide)
    Category   a category the file defines up front (name, colour, parent)
    Period     a labelled span of time (an era)

The pipeline stores entries in bulk (`store.bulk`) and matches them to events of other
sources by the corroboration rules; entries of one file never merge with each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.ingest.cells import CellDate


@dataclass(frozen=True, slots=True)
class Entry:
    where: str  # "line 12", "event 3": how a message names it
    line: str
    title: str
    date: CellDate
    summary: str = ""
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    category: str | None = None
    date_text: str = ""  # the date as the line shows it


@dataclass(frozen=True, slots=True)
class Problem:
    where: str
    message: str
    skipped: bool = True  # False: a warning about an entry that was kept

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Title:
    text: str


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    color: str | None = None  # "#rrggbb"
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Period:
    name: str
    start: HistDate
    end: HistDate
    color: str | None = None


Item = Entry | Problem | Title | Category | Period


@dataclass(slots=True)
class Chronology:
    """A structured file ready to store: what it says about itself, then its items."""

    title: str
    format: str  # "csv", "timelinejs", "timeline", ...
    encoding: str
    items: Iterator[Item]
    url: str | None = None
    notes: list[str] = field(default_factory=list)  # decoding repairs worth a warning


def render_line(
    date_text: str, title: str, text: str = "", extras: list[tuple[str, str]] | None = None
) -> str:
    """The one line stored for an entry: "date — Title. Text (People: …; Place: …)"."""
    body = title
    if text and text != title:
        if title:
            stop = "" if title[-1:] in ".!?:;…" else "."
            body = f"{title}{stop} {text}"
        else:
            body = text
    notes = "; ".join(f"{label}: {value}" for label, value in extras or () if value)
    if notes:
        body = f"{body} ({notes})" if body else f"({notes})"
    line = f"{date_text} — {body}" if body else date_text
    return " ".join(line.split())
