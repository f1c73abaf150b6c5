"""The content of a PDF dossier, decided once in plain Python and typeset elsewhere.

Why a separate, Qt-free module: what a dossier says (which events, which quotes, which
sources, how a disagreement is worded) must be testable without fonts or pages, and the same
content could later feed another format. `timeline_desktop.ui.pdf` only lays it out.

Numbering: chronology entries are numbered 1..N in chronological order; sources are numbered
S1..Sk in order of first citation, so a reader meets S1 first. Only cited sources are listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from timeline_desktop.domain.dates import HistDate, Precision, Qualifier, from_day_number
from timeline_desktop.domain.model import Event, EventFilter, Evidence, Source, Stance
from timeline_desktop.store.repository import Store

_PRECISION_WORDS = {
    Precision.DAY: "to the day",
    Precision.MONTH: "to the month",
    Precision.SEASON: "to the season",
    Precision.YEAR: "to the year",
    Precision.DECADE: "to the decade",
    Precision.CENTURY: "to the century",
    Precision.MILLENNIUM: "to the millennium",
}


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A cited source as the chronology and the list of sources name it."""

    number: int  # S<number>
    source_id: int
    title: str
    file_name: str
    url: str | None

    @property
    def label(self) -> str:
        return f"S{self.number}"

    def citation(self) -> str:
        """ "Title, file.txt, https://…": what a reader needs to find the passage again."""
        parts = [self.title or self.file_name]
        if self.file_name and self.file_name != parts[0]:
            parts.append(self.file_name)
        if self.url:
            parts.append(self.url)
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Quote:
    """One passage of evidence: the exact words, where they are, and how they stand."""

    text: str
    source: SourceRef
    start: int
    end: int
    date_as_stated: str
    stance: Stance
    in_version: int | None = None  # only in this earlier version of the source's text

    @property
    def contradicts(self) -> bool:
        return self.stance is Stance.CONTRADICTS


@dataclass(frozen=True, slots=True)
class Entry:
    """One event of the chronology."""

    number: int
    event_id: int
    title: str
    summary: str
    date_label: str  # as precise as known: "5 March 1953", "late 1920s – 1931"
    precision: str  # "to the day", "to the decade", ... (of the start)
    start: HistDate
    end: HistDate | None
    people: tuple[str, ...]
    places: tuple[str, ...]
    stated_dates: tuple[tuple[str, SourceRef], ...]  # each source's own wording of the date
    quotes: tuple[Quote, ...]
    disagreements: tuple[str, ...]  # in words, one per contradicting source
    origin: str = "extracted"  # "extracted", "edited" or "manual"
    edited_fields: tuple[str, ...] = ()

    @property
    def contradicted(self) -> bool:
        return bool(self.disagreements)

    @property
    def provenance(self) -> str:
        """Who made the entry, when a person did: the reader must be able to tell."""
        if self.origin == "manual":
            return "entered by hand"
        if self.origin == "edited":
            fields = ", ".join(self.edited_fields)
            return f"extracted, then edited by hand ({fields})" if fields else "edited by hand"
        return ""


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """A cited source for the list of sources (and, optionally, its full text)."""

    ref: SourceRef
    format: str
    encoding: str
    sha256: str
    imported_at: datetime
    path: str
    quote_count: int
    entry_numbers: tuple[int, ...]  # chronology entries citing it
    text: str = ""  # only with full texts
    spans: tuple[tuple[int, int], ...] = ()  # quoted passages (offsets into `text`)


@dataclass(frozen=True, slots=True)
class PersonRef:
    person_id: int  # for the person's colour (0 if unknown)
    name: str
    events: int  # in the selection


@dataclass(frozen=True, slots=True)
class Dossier:
    """Everything a dossier shows, in reading order."""

    title: str
    selection: tuple[str, ...]  # the filter in words, one clause per line
    period: str  # "15 March 44 BC – AD 14", or "" without events
    people: tuple[PersonRef, ...]
    exported_at: datetime
    database: str
    entries: tuple[Entry, ...]
    sources: tuple[SourceEntry, ...]
    full_text: bool
    counts: dict[str, int] = field(default_factory=dict)

    def count_line(self) -> str:
        c = self.counts
        return (
            f"{_n(c.get('events', 0), 'event')}, {_n(c.get('quotes', 0), 'quoted passage')} "
            f"from {_n(c.get('sources', 0), 'source')}, "
            f"{_n(c.get('contradicted', 0), 'event')} with contradicting sources"
        )


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def date_label(start: HistDate, end: HistDate | None) -> str:
    """The event's dates as precisely as they are known, as the app shows them."""
    return start.label() + (f" – {end.label()}" if end is not None else "")


def _span_days(events: Sequence[Event]) -> tuple[HistDate, HistDate] | None:
    """The dates of the earliest start and of the latest end among `events`."""
    if not events:
        return None
    first = min(events, key=lambda e: e.start.sort_key())
    last = max(events, key=lambda e: (e.end or e.start).latest_day())
    return first.start, last.end or last.start


def describe_filter(flt: EventFilter | None) -> tuple[str, ...]:
    """The filter as a reader would say it, one clause per line."""
    flt = flt or EventFilter()
    lines: list[str] = []
    if flt.ids is not None:
        lines.append(f"{_n(len(flt.ids), 'event')} selected by hand")
    if flt.people:
        names = [f"“{p}”" for p in flt.people]
        if len(names) == 1:
            lines.append(f"Involving {names[0]}")
        elif flt.all_people:
            lines.append(f"Involving all of {_join(names, 'and')}")
        else:
            lines.append(f"Involving any of {_join(names, 'or')}")
    if flt.window_days is not None:
        lo = HistDate.of_day(*from_day_number(flt.window_days[0]))
        hi = HistDate.of_day(*from_day_number(flt.window_days[1]))
        lines.append(f"Falling between {lo.label()} and {hi.label()}")
    elif flt.start is not None and flt.end is not None:
        lines.append(f"Falling between {flt.start.label()} and {flt.end.label()}")
    elif flt.start is not None:
        lines.append(f"Falling on or after {flt.start.label()}")
    elif flt.end is not None:
        lines.append(f"Falling on or before {flt.end.label()}")
    if flt.search:
        lines.append(f"Matching the search “{flt.search}”")
    if not lines:
        lines.append("All events in the database")
    return tuple(lines)


def _join(items: Sequence[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def _disagreement(ev: Evidence, ref: SourceRef, supporting: Sequence[tuple[str, SourceRef]]) -> str:
    """One contradicting source's disagreement in words."""
    who = f"{ref.label} ({ref.title or ref.file_name})"
    stated = ev.date_as_stated.strip()
    others = [(d, r) for d, r in supporting if d and r.number != ref.number]
    if stated and others and all(d.strip().casefold() != stated.casefold() for d, _ in others):
        said = _join([f"{r.label} states “{d}”" for d, r in others], "and")
        return f"{who} contradicts this account: it gives the date as “{stated}”, where {said}."
    if stated:
        return f"{who} contradicts this account (its date: “{stated}”); see the passage below."
    return f"{who} contradicts this account; see the passage below."


def build_dossier(
    store: Store,
    flt: EventFilter | None = None,
    full_text: bool = False,
    title: str | None = None,
    now: datetime | None = None,
) -> Dossier:
    """Gather a dossier's content: the events matching `flt` with their evidence, and only the
    sources they cite. `flt=None` or an empty filter means every event."""
    flt = flt or EventFilter()
    events = store.events(flt)
    refs: dict[int, SourceRef] = {}
    stored = {s.id: s for s in store.sources(with_text=full_text)}
    for e in events:
        for ev in e.evidence:
            if ev.source_id not in refs and ev.source_id in stored:
                s = stored[ev.source_id]
                refs[ev.source_id] = SourceRef(len(refs) + 1, s.id, s.title, s.file_name, s.url)

    entries = tuple(_entry(i, e, refs) for i, e in enumerate(events, start=1))
    sources = tuple(
        _source_entry(stored[sid], ref, entries, full_text) for sid, ref in refs.items()
    )

    ids_by_name: dict[str, int] = {}
    for p in store.people():
        ids_by_name.setdefault(p.name, p.id)
    counts: dict[str, int] = {}
    for e in entries:
        for name in e.people:
            counts[name] = counts.get(name, 0) + 1
    people = tuple(
        PersonRef(ids_by_name.get(name, 0), name, n)
        for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    )
    span = _span_days(events)
    period = ""
    if span is not None:
        first, last = span
        period = first.label() if first == last else f"{first.label()} – {last.label()}"
    selection = describe_filter(flt)
    return Dossier(
        title=title or _default_title(flt, people),
        selection=selection,
        period=period,
        people=people,
        exported_at=now or datetime.now(UTC),
        database=store.url,
        entries=entries,
        sources=sources,
        full_text=full_text,
        counts={
            "events": len(entries),
            "quotes": sum(len(e.quotes) for e in entries),
            "sources": len(sources),
            "contradicted": sum(e.contradicted for e in entries),
        },
    )


def _default_title(flt: EventFilter, people: Sequence[PersonRef]) -> str:
    if flt.people:
        return f"Dossier: {_join(list(flt.people), '&')}"
    if 0 < len(people) <= 3:
        return f"Dossier: {_join([p.name for p in people], '&')}"
    return "Timeline dossier"


def _entry(number: int, e: Event, refs: dict[int, SourceRef]) -> Entry:
    quotes = tuple(
        Quote(
            ev.quote,
            refs[ev.source_id],
            ev.start,
            ev.end,
            ev.date_as_stated,
            ev.stance,
            ev.in_version,
        )
        for ev in e.evidence
        if ev.source_id in refs
    )
    stated: dict[tuple[str, int], tuple[str, SourceRef]] = {}
    for q in quotes:
        if q.date_as_stated.strip():
            stated.setdefault(
                (q.date_as_stated.strip(), q.source.number), (q.date_as_stated.strip(), q.source)
            )
    supporting = [(q.date_as_stated, q.source) for q in quotes if not q.contradicts]
    seen: set[int] = set()
    disagreements: list[str] = []
    for ev in e.evidence:
        if ev.stance is Stance.CONTRADICTS and ev.source_id in refs and ev.source_id not in seen:
            seen.add(ev.source_id)
            disagreements.append(_disagreement(ev, refs[ev.source_id], supporting))
    precision = _PRECISION_WORDS[e.start.precision]
    if e.start.approximate:
        precision = f"approximately, {precision}"
    if e.start.qualifier in (Qualifier.BEFORE, Qualifier.AFTER, Qualifier.BY):
        precision = f"open-ended, {precision}"
    return Entry(
        number=number,
        event_id=e.id,
        title=e.title,
        summary=e.summary,
        date_label=date_label(e.start, e.end),
        precision=precision,
        start=e.start,
        end=e.end,
        people=e.people,
        places=e.places,
        stated_dates=tuple(stated.values()),
        quotes=quotes,
        disagreements=tuple(disagreements),
        origin=e.origin.value,
        edited_fields=e.edited_fields,
    )


def _source_entry(
    s: Source, ref: SourceRef, entries: Sequence[Entry], full_text: bool
) -> SourceEntry:
    quotes = [(q, e.number) for e in entries for q in e.quotes if q.source.number == ref.number]
    # a passage only in an earlier version has offsets into that text, not this one
    current = [q for q, _ in quotes if q.in_version is None]
    spans = tuple(sorted({(q.start, q.end) for q in current})) if full_text else ()
    return SourceEntry(
        ref=ref,
        format=s.format,
        encoding=s.encoding,
        sha256=s.sha256,
        imported_at=s.imported_at,
        path=s.path,
        quote_count=len(quotes),
        entry_numbers=tuple(dict.fromkeys(n for _, n in quotes)),
        text=s.text if full_text else "",
        spans=spans,
    )
