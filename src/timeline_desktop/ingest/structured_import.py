"""Storing a structured file: its entries as events, in one transaction, part by part.

The file's lines are stored as source text in parts of about `PART_CHARS` characters (one
source per part, titled with the file lines it holds when there is more than one), so that
memory stays flat for any number of rows and a source's text stays small enough to show.
Each part is written as soon as it is full: its source row, its entries matched against
earlier events (`rowmatch`), then the events and evidence in batches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from timeline_desktop.domain.model import Document, Origin, Stance
from timeline_desktop.ingest.rowmatch import RowMatcher
from timeline_desktop.ingest.structured import (
    Category,
    Chronology,
    Entry,
    Period,
    Problem,
    Title,
)
from timeline_desktop.store.bulk import BulkWriter, NewEvent, event_values
from timeline_desktop.store.repository import Store

if TYPE_CHECKING:
    from timeline_desktop.extract.names.clusters import PeopleFound

#: Characters of source text per stored part: about 12,000 typical rows.
PART_CHARS = 1_000_000
#: Problems kept per file for the report (all are counted).
MAX_PROBLEMS_KEPT = 1000


class Cancelled(Exception):
    """The user cancelled while the file was being stored; nothing of it is kept."""


@dataclass(slots=True)
class SourceInfo:
    file_name: str
    path: str
    sha256: str
    encoding: str


@dataclass(slots=True)
class StructuredOutcome:
    source_id: int | None = None  # the first part's
    duplicate: bool = False
    parts: int = 0
    entries: int = 0
    events_added: int = 0
    events_matched: int = 0
    people_added: int = 0
    periods: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped_count: int = 0
    warning_count: int = 0
    # a changed file already stored: the new version of its source parts
    version: int = 0  # 0: a new file; else the version it became
    same_as_version: int = 0  # the bytes of that earlier version (a duplicate)
    kept: int = 0  # rows whose events stayed as they were
    removed: int = 0  # events of rows no longer in the file, deleted
    lost: int = 0  # the user's passages no longer in the file (kept in their old version)

    def note(self, problem: Problem) -> None:
        if problem.skipped:
            self.skipped_count += 1
            if len(self.skipped) < MAX_PROBLEMS_KEPT:
                self.skipped.append(str(problem))
        else:
            self.warning_count += 1
            if len(self.warnings) < MAX_PROBLEMS_KEPT:
                self.warnings.append(str(problem))


def _people_in_lines(
    text: str, offsets: Sequence[int], entries: Sequence[Entry]
) -> list[tuple[str, ...]]:
    """The persons each row's own words name ("Execution of Walter Raleigh"), as the
    people finder reads them in the text the rows make (a chronology with no people
    column still names its actors)."""
    from timeline_desktop.extract.mask import mask_of  # the extractor, loaded on demand
    from timeline_desktop.extract.names import find_people

    found = find_people(text, mask_of(text)[0], first_names_join=False)
    out: list[tuple[str, ...]] = []
    for entry, offset in zip(entries, offsets, strict=True):
        ms = found.within(offset, offset + len(entry.line))
        out.append(tuple(dict.fromkeys(_row_name(found, m.person) for m in ms)))
    return out


def _row_name(found: PeopleFound, person: int) -> str:
    """A person's name for a row: a name of one word with its title when the text gives
    one ("Prince Albert", not "Albert")."""
    name = found.name(person)
    titled = found.clusters[person].titled
    if " " in name or not titled:
        return name
    return min(titled, key=len)


def _with_named(listed: Sequence[str], found: Sequence[str]) -> tuple[str, ...]:
    """A row's people as its columns list them, then those its words name that are not
    one of them written shorter ("Anton Varga" for a listed "Dr. Anton Varga")."""
    words = [set(name.lower().split()) for name in listed]
    extra = [n for n in found if not any(set(n.lower().split()) <= w for w in words)]
    return tuple(dict.fromkeys([*listed, *extra]))


class Part:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.entries: list[Entry] = []
        self.offsets: list[int] = []
        self.size = 0

    def add(self, entry: Entry) -> None:
        self.offsets.append(self.size)
        self.lines.append(entry.line)
        self.entries.append(entry)
        self.size += len(entry.line) + 1

    @property
    def full(self) -> bool:
        return self.size >= PART_CHARS


def store_chronology(
    store: Store,
    chronology: Chronology,
    info: SourceInfo,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int], None] | None = None,
) -> StructuredOutcome:
    """Store a structured file's entries; raises ValueError when it has none."""
    from timeline_desktop.ingest.structured_versions import previous_version  # builds on this

    outcome = StructuredOutcome()
    with BulkWriter(store) as writer:
        if writer.has_sha256(info.sha256):
            outcome.duplicate = True
            return outcome
        run = previous_version(writer, chronology, info, outcome)
        if outcome.duplicate:
            return outcome
        run = run or Run(writer, chronology, info, outcome)
        part = Part()
        for item in chronology.items:
            if isinstance(item, Entry):
                if part.entries and run.complete(part):
                    if cancelled is not None and cancelled():
                        raise Cancelled
                    run.flush(part, final=False)
                    if progress is not None:
                        progress(outcome.entries)
                    part = Part()
                part.add(item)
            elif isinstance(item, Problem):
                outcome.note(item)
            elif isinstance(item, Title):
                if item.text:
                    run.title = item.text
            elif isinstance(item, Category):
                writer.category_id(item.name, item.color, item.parent)
            elif isinstance(item, Period):
                run.periods.append(item)
        if not part.entries and not outcome.parts:
            reasons = "; ".join(outcome.skipped[:3])
            raise ValueError("no events could be read" + (f" ({reasons})" if reasons else ""))
        if part.entries:
            run.flush(part, final=True)
        run.finish()
        run.write_periods()
        outcome.people_added = writer.people_added
    return outcome


class Run:
    """The state of one file's import between parts."""

    def __init__(
        self,
        writer: BulkWriter,
        chronology: Chronology,
        info: SourceInfo,
        outcome: StructuredOutcome,
    ) -> None:
        self.writer = writer
        self.chronology = chronology
        self.info = info
        self.outcome = outcome
        self.title = chronology.title
        self.matcher = RowMatcher(writer)
        self.periods: list[Period] = []
        self.first_source: int | None = None

    def _sha256(self, number: int) -> str:
        if number == 1:
            return self.info.sha256
        return hashlib.sha256(f"{self.info.sha256}:part {number}".encode()).hexdigest()

    def complete(self, part: Part) -> bool:
        """Whether `part` is full, before the next entry is added to it."""
        return part.full

    def document(self, part: Part, number: int, final: bool) -> Document:
        """The source row of one part: its text, and its title naming the lines it holds."""
        title = self.title
        if number > 1 or not final:
            first, last = part.entries[0].where, part.entries[-1].where
            title = f"{self.title} ({first}–{last.split()[-1]})"
        return Document(
            text="\n".join(part.lines),
            title=title,
            file_name=self.info.file_name,
            path=self.info.path,
            format=self.chronology.format,
            encoding=self.info.encoding,
            sha256=self._sha256(number),
            url=self.chronology.url,
        )

    def flush(self, part: Part, final: bool) -> None:
        number = self.outcome.parts + 1
        document = self.document(part, number, final)
        source_id = self.writer.add_source(document)
        if self.first_source is None:
            self.first_source = source_id
            self.outcome.source_id = source_id
        self.write_entries(source_id, document.text, part.entries, part.offsets)
        self.outcome.parts = number
        self.outcome.entries += len(part.entries)

    def write_entries(
        self, source_id: int, text: str, entries: Sequence[Entry], offsets: Sequence[int]
    ) -> None:
        """Entries as new events of one part (or evidence for events of other sources)."""
        matches = self.matcher.match(entries)
        named = _people_in_lines(text, offsets, entries)
        pending = []
        for entry, offset, (same_as, conflict), found in zip(
            entries, offsets, matches, named, strict=True
        ):
            pending.append(
                NewEvent(
                    values=self.values(entry),
                    quote_start=offset,
                    quote_end=offset + len(entry.line),
                    date_as_stated=entry.date.stated,
                    people=_with_named(entry.people, found),
                    same_as=same_as,
                    stance=Stance.CONTRADICTS if conflict else Stance.SUPPORTS,
                    start=entry.date.start,
                    end=entry.date.end,
                    places=entry.places,
                )
            )
        result = self.writer.write_part(source_id, text, pending)
        self.outcome.events_added += result.events_added
        self.outcome.events_matched += result.events_matched

    def values(self, entry: Entry) -> dict:
        """The event row an entry states."""
        category = self.writer.category_id(entry.category) if entry.category else None
        return event_values(
            entry.title,
            entry.summary,
            entry.date.start,
            entry.date.end,
            entry.places,
            Origin.IMPORTED,
            category,
        )

    def finish(self) -> None:
        """After the last part (a new version settles its rows here)."""

    def write_periods(self) -> None:
        for period in self.periods:
            self.writer.add_period(
                period.name, period.start, period.end, period.color, self.first_source
            )
        self.outcome.periods = len(self.periods)
