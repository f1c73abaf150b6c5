"""Plain, immutable records exchanged between the layers.

The store hands these (never ORM objects) to callers, so they can cross threads freely and
the Qt layer never depends on SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from timeline_desktop.domain.dates import HistDate


class Stance(StrEnum):
    """How a passage relates to the event it is attached to."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    MENTIONS = "mentions"


class Origin(StrEnum):
    """Where an event came from: found by the extractor, corrected by a user, made by one,
    or stated outright by a structured file (a chronology row, another timeline tool's event).

    Re-extraction replaces only `EXTRACTED` events; the others survive it.
    """

    EXTRACTED = "extracted"
    EDITED = "edited"
    MANUAL = "manual"
    IMPORTED = "imported"


@dataclass(frozen=True, slots=True)
class StructuredRecord:
    """A dated entry a reader found in a structured document (a CSV row, a card header).

    Offsets point into the document text; people and places are as the document states them.
    """

    date_text: str
    start: int
    end: int
    title: str = ""
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A source file turned into the text a reader sees, before it is stored."""

    text: str
    title: str
    file_name: str
    path: str
    format: str
    encoding: str
    sha256: str
    url: str | None = None
    records: tuple[StructuredRecord, ...] = ()
    #: Whom the file's metadata names as its author (HTML `<meta name="author">`, Dublin
    #: Core `dc:creator`, a Markdown front matter's `author:`): a first-person text's "I".
    author: str = ""
    #: What a user should know about how the file was read ("3 bytes that are not UTF-8
    #: were replaced (first at byte 1234)"); shown in the import report.
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    id: int
    title: str
    file_name: str
    path: str
    format: str
    encoding: str
    sha256: str
    url: str | None
    imported_at: datetime
    text: str
    version: int = 1  # the current version's number: how many texts the source has had


@dataclass(frozen=True, slots=True)
class SourceVersion:
    """An earlier text of a source, replaced when its file was imported again changed."""

    source_id: int
    version: int
    title: str
    file_name: str
    sha256: str
    imported_at: datetime  # when this version was imported
    replaced_at: datetime  # when the next one replaced it
    text: str


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A stored source as the Sources list shows it: no text, but what it holds."""

    id: int
    title: str
    file_name: str
    format: str
    imported_at: datetime
    characters: int
    events: int  # events it gives evidence for (rejected ones not counted)
    version: int = 1  # the current version's number (the file was imported again, changed)


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str
    aliases: tuple[str, ...] = ()
    event_count: int = 0
    not_person: bool = False  # a user said this "person" is a thing: hidden, never re-linked


@dataclass(frozen=True, slots=True)
class Evidence:
    id: int
    event_id: int
    source_id: int
    start: int
    end: int
    quote: str
    date_as_stated: str
    stance: Stance
    #: None while the passage is in the source's current text; else the earlier version whose
    #: text the offsets and quote belong to (the passage left the source when it changed).
    in_version: int | None = None
    rules: tuple[str, ...] = ()  # the named extraction rules that found it ("stage:rule")
    #: a copy of another event's passage (`FoundEvent.shares`): the source whose extraction
    #: made it (re-extracting or removing that source removes the copy); None otherwise
    shared_by: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    title: str
    summary: str
    start: HistDate
    end: HistDate | None
    places: tuple[str, ...]
    people: tuple[str, ...]
    origin: Origin
    evidence: tuple[Evidence, ...] = ()
    edited_fields: tuple[str, ...] = ()  # what a user changed: "title", "date", "people", ...
    rejected: bool = False
    category: str | None = None  # the group or category a timeline file put it in


@dataclass(frozen=True, slots=True)
class Category:
    """A named group of events (TimelineJS `group`, Timeline `category`); colour "#rrggbb"."""

    id: int
    name: str
    color: str | None = None
    parent: str | None = None
    event_count: int = 0


@dataclass(frozen=True, slots=True)
class Period:
    """A labelled span of time drawn along the axis (an era)."""

    id: int
    name: str
    start: HistDate
    end: HistDate
    color: str | None = None
    source_id: int | None = None


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What the user asked to see; shared by the CLI, the timeline, the list and exports.

    `people` are names or aliases (case-insensitive). With `all_people` an event must involve
    every listed person, otherwise any of them. `start`/`end` bound the time window by overlap.
    `window_days` gives the same window as day numbers (the timeline's own coordinates).
    `categories` keeps events in any of the named categories (case-insensitive).
    """

    people: tuple[str, ...] = ()
    all_people: bool = False
    start: HistDate | None = None
    end: HistDate | None = None
    search: str | None = None
    ids: tuple[int, ...] | None = None
    window_days: tuple[int, int] | None = None  # [earliest, latest] day numbers; wins over dates
    rejected: bool = False  # True: only the events a user rejected (the "Rejected" view)
    sources: tuple[int, ...] = ()  # only events with evidence in one of these sources
    categories: tuple[str, ...] = ()


# --- what an extractor returns for one source (offsets into that source's text) -------------


@dataclass(frozen=True, slots=True)
class FoundPerson:
    """A person named in a source: the fullest name seen, the other forms, and the mentions."""

    name: str
    aliases: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class FoundEvidence:
    """A passage of the source stating an event; `rules` names the extraction rules that
    found it, as "stage:rule" ("dates:day-month-year", "people:title+name")."""

    start: int
    end: int
    date_as_stated: str
    stance: Stance = Stance.SUPPORTS
    rules: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FoundEvent:
    """A dated happening found in one source.

    `people` are names as `FoundPerson.name` gives them. When the extractor recognises a stored
    event (from `ExtractionContext.events_overlapping`) as the same happening, `same_as` is its
    id: the evidence is attached to that event instead of creating a new one, and the event's
    date becomes this one when this one is more precise and compatible.
    """

    title: str
    summary: str
    start: HistDate
    end: HistDate | None
    evidence: tuple[FoundEvidence, ...]
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    same_as: int | None = None
    # ids of stored passages (of other sources) the event carries too: a group's passage
    # ("the two probes arrived") stored as one member's evidence tells each member's
    # happening, so each other member's event gets a copy of it
    shares: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything found in one source text."""

    events: tuple[FoundEvent, ...] = ()
    people: tuple[FoundPerson, ...] = ()
    places: tuple[str, ...] = field(default=())


# --- curation: what a user changed ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One edit in the database's persistent history ("merged 12 into 4")."""

    id: int
    at: datetime  # UTC
    kind: str  # "edit", "merge", "split", "reject", ...
    description: str
    event_ids: tuple[int, ...]
    undone: bool
    undoable: bool = True
