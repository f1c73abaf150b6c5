"""A changed structured file imported again: the next version of its source parts.

A CSV chronology, TimelineJS or Timeline file whose path is already stored (or whose URL,
for a format that names one) is the same file changed, not a second source: stored as a
second source, every row it kept would corroborate its own earlier copy. So, in the file's
one transaction, each stored part becomes its next version in place (the old text kept in
`source_versions`) and the rows are settled one by one:

- a row whose line is still in the file keeps its event (the same id, people and any other
  source's evidence), its evidence moved to where the line now is;
- a row whose line changed but whose date, title and text did not (its people, places or
  group did) keeps its event id, restated as the row now says;
- a row no longer in the file takes its evidence with it, and its event when no other source
  supports it; a new row becomes an event, or evidence of another source's event, by the
  usual rules, never of an event of this file (versions never corroborate each other);
- the user's corrections stay: evidence of edited, manual and rejected events and detached
  passages are found again in the new text (`store.anchor`), and a row whose line a user's
  event owns, or that was detached, is not stored again. A passage that left the file is
  kept in the version it came from (`in_version`).

It has to stay fast for a large file with a few changed rows: the new parts are cut where
the old ones ended (at the same lines), so a part whose rows did not change has the same
text and costs only its version row. Rows are told apart by their whole line, so a moved
row is found in any part.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections import defaultdict, deque
from collections.abc import Sequence
from datetime import UTC, datetime

from timeline_desktop.domain.model import Document
from timeline_desktop.ingest import structured_import
from timeline_desktop.ingest.readers import STRUCTURED_FORMATS
from timeline_desktop.ingest.structured import Chronology, Entry
from timeline_desktop.ingest.structured_import import (
    Part,
    Run,
    SourceInfo,
    StructuredOutcome,
)
from timeline_desktop.store.anchor import OffsetMap, locate
from timeline_desktop.store.bulk import BulkWriter
from timeline_desktop.store.part_versions import (
    Passage,
    Restated,
    StoredPart,
    drop_evidence,
    drop_periods,
    file_events,
    keep_version,
    last_line,
    move_evidence,
    own_events,
    passages,
    replaced_version,
    restate_events,
    save_passages,
    stored_parts,
)
from timeline_desktop.store.versions import Anchorer, reanchor_history

RowKey = tuple[str, str | None, str, str]


def previous_version(
    writer: BulkWriter, chronology: Chronology, info: SourceInfo, outcome: StructuredOutcome
) -> VersionRun | None:
    """The run that stores the file as a new version of its stored parts, or None when it is
    a new file. An old copy (the bytes of a replaced version, from elsewhere) sets
    `outcome.duplicate`, as it adds nothing."""
    parts = stored_parts(writer.conn, info.path, chronology.url, STRUCTURED_FORMATS)
    if parts:
        return VersionRun(writer, chronology, info, outcome, parts)
    old = replaced_version(writer.conn, info.sha256)
    if old is not None:
        outcome.duplicate = True
        outcome.source_id, outcome.same_as_version = old
    return None


def _key(entry: Entry) -> RowKey:
    """What makes two rows the same row for its event: its date, title and text."""
    date = entry.date
    return (
        date.start.to_iso(),
        date.end.to_iso() if date.end is not None else None,
        entry.title[:500],
        entry.summary,
    )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two spans state the same passage: they share at least half the shorter (as the
    store's claims on prose do)."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and 2 * shared >= min(a[1] - a[0], b[1] - b[0])


class VersionRun(Run):
    """Stores the file part by part as the next version of `parts` (see the module doc)."""

    def __init__(
        self,
        writer: BulkWriter,
        chronology: Chronology,
        info: SourceInfo,
        outcome: StructuredOutcome,
        parts: list[StoredPart],
    ) -> None:
        super().__init__(writer, chronology, info, outcome)
        conn = writer.conn
        self.now = datetime.now(UTC).replace(tzinfo=None)
        self.version = max(p.version for p in parts) + 1
        self.sources = [p.source_id for p in parts]  # every part's, old and new
        # the parts that have text (a part a shrinking file emptied stays empty); the last
        # line of each but the last is where a new part ends, so unchanged parts line up
        ends = [(p, last_line(conn, p.source_id)) for p in parts]
        ends = [(p, line) for p, line in ends if line] or ends[:1]
        self.old = [p for p, _ in ends]
        self.markers: dict[str, list[int]] = defaultdict(list)
        for i, (_, line) in enumerate(ends[:-1]):
            self.markers[line].append(i)
        self.first_source = self.old[0].source_id
        outcome.source_id = self.first_source
        outcome.version = self.version
        self.next_old = 0  # the stored part the next new part replaces
        self.cut_at: int | None = None  # the stored part whose last line ended this part
        self.surplus: list[int] = []  # stored parts a new part took over with another
        # derived evidence whose line is not (yet) found in the new file, by its line
        self.pool: dict[str, deque[Passage]] = defaultdict(deque)
        self.used: set[int] = set()  # pool entries taken by a restated row
        self.lost: list[tuple[Passage, int]] = []  # user's passages gone from their part
        self.waiting: dict[int, list[tuple[Entry, int]]] = defaultdict(list)  # new rows
        self.texts: dict[int, str] = {}  # the new text of each part with waiting rows

    # --- cutting the new file where the old one was cut -------------------------------------

    def complete(self, part: Part) -> bool:
        if self.next_old >= len(self.old) - 1:
            return part.full  # past the last stored cut: cut as a new file is
        size = structured_import.PART_CHARS
        if part.size >= size * 5 // 2:
            return True  # a part that grew a lot, or lost the line it ended with
        if part.size < size // 4:
            return False
        for i in self.markers.get(part.lines[-1], ()):
            if i >= self.next_old:
                self.cut_at = i
                return True
        return False

    # --- each part as it is read ------------------------------------------------------------

    def flush(self, part: Part, final: bool) -> None:
        number = self.outcome.parts + 1
        document = self.document(part, number, final)
        index = self.next_old
        last = self.cut_at if self.cut_at is not None else index
        self.surplus.extend(range(index + 1, last + 1))  # their rows are in this part now
        self.next_old, self.cut_at = last + 1, None
        if index < len(self.old):
            stored = self.old[index]
            old_text = keep_version(self.writer.conn, stored, document, self.version, self.now)
            if old_text == document.text:
                self.outcome.kept += len(part.entries)  # every passage stays where it is
            else:
                self.settle(stored, old_text, document.text, part.entries, part.offsets)
        else:
            source_id = self.writer.add_source(document, self.version)
            self.sources.append(source_id)
            self.wait(source_id, document.text, part.entries, part.offsets)
        self.outcome.parts = number
        self.outcome.entries += len(part.entries)

    def settle(
        self,
        stored: StoredPart,
        old_text: str,
        new_text: str,
        entries: Sequence[Entry],
        offsets: Sequence[int],
    ) -> None:
        """Match the passages of one changed part to its new rows (see the module doc)."""
        conn = self.writer.conn
        source_id = stored.source_id
        lines: dict[str, deque[int]] = defaultdict(deque)
        for i, entry in enumerate(entries):
            lines[entry.line].append(i)
        done = [False] * len(entries)
        moves = []
        users = []
        for p in sorted(passages(conn, source_id), key=lambda p: (p.start, p.id)):
            if not p.derived:
                users.append(p)
                continue
            slots = lines.get(p.quote)
            if not slots:
                self.pool[p.quote].append(p)
                continue
            i = slots.popleft()
            done[i] = True
            self.outcome.kept += 1
            if offsets[i] != p.start:
                moves.append((p.id, source_id, offsets[i], offsets[i] + len(p.quote)))
        move_evidence(conn, moves)
        if users:
            anchorer = Anchorer(old_text, new_text, stored.version, OffsetMap(old_text, new_text))
            changed = []
            for p in users:
                change = anchorer.move(p.start, p.end, p.quote, p.in_version)
                if change is not None and "start" not in change:
                    self.lost.append((p, stored.version))  # maybe in another part
                    continue
                if change is not None:
                    p.start, p.end, p.quote, p.in_version = (
                        change["start"], change["end"], change["quote"], None,
                    )  # fmt: skip
                    changed.append(p)
                if p.in_version is None:  # a row a user's event owns, or that was detached
                    for i in _overlapping(offsets, entries, p.start, p.end):
                        done[i] = True
            save_passages(conn, changed)
            reanchor_history(conn, source_id, anchorer)
        self.wait(source_id, new_text, entries, offsets, [i for i, d in enumerate(done) if not d])

    def wait(
        self,
        source_id: int,
        text: str,
        entries: Sequence[Entry],
        offsets: Sequence[int],
        which: Sequence[int] | None = None,
    ) -> None:
        """Rows not settled by their own part: settled once every part has been read."""
        indices = range(len(entries)) if which is None else which
        if indices:
            self.texts[source_id] = text
            self.waiting[source_id].extend((entries[i], offsets[i]) for i in indices)

    # --- after the last part ----------------------------------------------------------------

    def finish(self) -> None:
        conn = self.writer.conn
        for index in [*self.surplus, *range(self.next_old, len(self.old))]:
            stored = self.old[index]
            empty = Document(
                text="",
                title=f"{self.title} (part {index + 1}, no longer in the file)",
                file_name=self.info.file_name,
                path=self.info.path,
                format=self.chronology.format,
                encoding=self.info.encoding,
                sha256=hashlib.sha256(
                    f"{self.info.sha256}:emptied {stored.source_id}".encode()
                ).hexdigest(),
                url=self.chronology.url,
            )
            old_text = keep_version(conn, stored, empty, self.version, self.now)
            self.settle(stored, old_text, "", [], [])
        self._place_lost()
        self._moved_rows()
        self._restated_rows()
        gone = [p.id for q in self.pool.values() for p in q if p.id not in self.used]
        self.outcome.removed += drop_evidence(conn, gone)
        self.pool.clear()
        drop_periods(conn, self.sources)
        if not any(self.waiting.values()):
            return
        # no row of the file may corroborate the file's own events, of any version
        self.writer.not_candidates = file_events(conn, self.sources)
        for source_id, items in self.waiting.items():
            if items:
                entries = [entry for entry, _ in items]
                self.write_entries(source_id, self.texts[source_id], entries, [o for _, o in items])

    def _place_lost(self) -> None:
        """The user's passages not found in their own part: in another part, or else kept
        in the version they came from."""
        changed = []
        for p, version in self.lost:
            for source_id, text in self.texts.items():
                span = locate(p.quote, text, 0)
                if span is not None:
                    p.source_id, p.in_version = source_id, None
                    p.start, p.end = span
                    p.quote = text[span[0] : span[1]]
                    self.waiting[source_id] = [
                        (e, o)
                        for e, o in self.waiting[source_id]
                        if not _overlap((o, o + len(e.line)), span)
                    ]
                    break
            else:
                p.in_version = version
                self.outcome.lost += 1
            changed.append(p)
        save_passages(self.writer.conn, changed)

    def _moved_rows(self) -> None:
        """Rows whose line moved to another part keep their evidence, moved with them."""
        if not self.pool:
            return
        moves = []
        for source_id, items in self.waiting.items():
            rest = []
            for entry, offset in items:
                slots = self.pool.get(entry.line)
                if not slots:
                    rest.append((entry, offset))
                    continue
                p = slots.popleft()
                if not slots:
                    del self.pool[entry.line]
                moves.append((p.id, source_id, offset, offset + len(entry.line)))
                self.outcome.kept += 1
            self.waiting[source_id] = rest
        move_evidence(self.writer.conn, moves)

    def _restated_rows(self) -> None:
        """A changed row with the same date, title and text keeps its event's id."""
        left = {p.event_id: p for q in self.pool.values() for p in q}
        if not left or not any(self.waiting.values()):
            return
        conn = self.writer.conn
        by_key: dict[RowKey, deque[int]] = defaultdict(deque)
        for own in own_events(conn, list(left), self.sources):
            by_key[own.key].append(own.id)
        if not by_key:
            return
        restated = []
        for source_id, items in self.waiting.items():
            rest = []
            for entry, offset in items:
                ids = by_key.get(_key(entry))
                if not ids:
                    rest.append((entry, offset))
                    continue
                event_id = ids.popleft()
                p = left[event_id]
                self.used.add(p.id)
                line = {
                    "source_id": source_id,
                    "start": offset,
                    "end": offset + len(entry.line),
                    "quote": entry.line,
                    "date_as_stated": entry.date.stated[:80],
                }
                people = self.writer.person_ids(entry.people)
                restated.append(Restated(event_id, p.id, self.values(entry), line, people))
            self.waiting[source_id] = rest
        restate_events(conn, restated)
        self.outcome.kept += len(restated)


def _overlapping(
    offsets: Sequence[int], entries: Sequence[Entry], start: int, end: int
) -> list[int]:
    """Indices of the rows (sorted by offset) whose lines overlap [start, end)."""
    out = []
    i = max(0, bisect_left(offsets, start) - 1)
    while i < len(offsets) and offsets[i] < end:
        if _overlap((offsets[i], offsets[i] + len(entries[i].line)), (start, end)):
            out.append(i)
        i += 1
    return out
