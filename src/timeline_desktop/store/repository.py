"""The store: every read and write of the database goes through `Store`.

Callers get plain dataclasses from `timeline_desktop.domain.model` (or numpy arrays for bulk
timeline data); ORM rows never leave this module, so results can cross threads. Each public
write is one transaction, which takes the database's write lock before it reads what it acts
on and is retried while other clients hold that lock (`engine.write`); the little that differs
between SQLite and PostgreSQL is asked of `backends.backend`.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sqlalchemy import (
    CompoundSelect,
    Select,
    bindparam,
    delete,
    exists,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from timeline_desktop.domain.dates import MAX_YEAR, MIN_YEAR, HistDate, Precision, day_number
from timeline_desktop.domain.model import (
    Category,
    Document,
    Event,
    EventFilter,
    Evidence,
    Extraction,
    FoundEvent,
    Origin,
    Period,
    Person,
    Source,
    SourceInfo,
    Stance,
)
from timeline_desktop.failures import explain
from timeline_desktop.store import engine as engine_mod
from timeline_desktop.store.backends import UnsupportedDatabaseError, backend
from timeline_desktop.store.columns import TextColumn
from timeline_desktop.store.curation import Curation, add_aliases
from timeline_desktop.store.fulltext import search_terms
from timeline_desktop.store.names import name_key, one_name_for_both
from timeline_desktop.store.orm import (
    PASSAGE_COLUMNS,
    AliasRow,
    CategoryRow,
    CurationMarkRow,
    EventPersonRow,
    EventRow,
    EvidenceRow,
    MentionRow,
    PeriodRow,
    PersonRow,
    SourceRow,
    rules_of,
    rules_text,
)
from timeline_desktop.store.snapshot import (
    TIMELINE_COLUMNS,
    SnapshotCache,
    bump_revision,
    current_revision,
)

log = logging.getLogger(__name__)

_CHUNK = 900  # stays under SQLite's bound-parameter limit in IN (...) lists
_PLACE_SEP = "\n"


@dataclass(frozen=True, slots=True)
class StoredImport:
    """What one document's import transaction wrote."""

    source_id: int
    events_added: int
    events_corroborated: int
    evidence_added: int
    people_added: int


@dataclass(frozen=True, slots=True)
class TimelineArrays:
    """Columnar event data for drawing: sorted by `lo` (earliest day).

    Titles travel with the numbers so the timeline labels what it draws without a second
    fetch; `dates` gives the ISO "start[/end]" of the events the numbers do not describe fully
    (approximate, "before"/"after", ranges), and "" for plain dates.
    """

    ids: np.ndarray  # int64
    lo: np.ndarray  # int64, earliest day number
    hi: np.ndarray  # int64, latest day number
    precision: np.ndarray  # int8, Precision values
    titles: TextColumn
    dates: TextColumn

    def take(self, index: np.ndarray) -> TimelineArrays:
        """The events picked by a boolean mask or positions, in that order."""
        if index.dtype == bool:  # one scan of the mask, not one per column
            index = np.flatnonzero(index)
        return TimelineArrays(
            self.ids.take(index),
            self.lo.take(index),
            self.hi.take(index),
            self.precision.take(index),
            self.titles.take(index),
            self.dates.take(index),
        )


class UnknownPersonError(LookupError):
    pass


class StaleExtractionError(RuntimeError):
    """The database changed between an extraction's reads and its write."""


MAX_SPAN_LEVEL = 31
SOURCE_BY_SHA256 = select(SourceRow.id).where(SourceRow.sha256 == bindparam("sha256"))
"""The source holding these bytes (param `sha256`): asked for every imported file."""
# Window bounds stay within the days dates can mean (and so within 32 bits, whatever the column).
FIRST_DAY = day_number(MIN_YEAR, 1, 1) - 1
LAST_DAY = day_number(MAX_YEAR, 12, 31) + 1


def span_level(lo_day: int, hi_day: int) -> int:
    """Bucket of an event's length: events of level L last fewer than 2**L days."""
    return min((hi_day - lo_day + 1).bit_length(), MAX_SPAN_LEVEL)


def _chunks(items: Sequence[int], size: int = _CHUNK) -> Iterator[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Store:
    """A database of sources, people, events and evidence."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._snapshots = SnapshotCache(engine)

    # --- lifecycle ----------------------------------------------------------------------------

    @classmethod
    def open(cls, target: str | Path) -> Store:
        """Open (creating if needed) a database file or URL, upgrading its schema to head."""
        try:
            engine = engine_mod.create_store_engine(target)
        except UnsupportedDatabaseError:  # already a sentence, and a type callers test for
            raise
        except Exception as exc:  # a malformed URL, a path under a file
            raise engine_mod.DatabaseOpenError(explain(exc)) from exc
        try:
            engine_mod.upgrade(engine)
        except engine_mod.DatabaseOpenError:
            engine.dispose()
            raise
        except Exception as exc:  # the reason in words; the traceback goes to the log
            engine.dispose()
            shown = engine_mod.display_target(target)  # never a password in the log
            log.info("cannot open the database %s", shown, exc_info=True)
            file = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
            message = engine_mod.redact(explain(exc, file or None), target)
            raise engine_mod.DatabaseOpenError(message) from exc
        return cls(engine)

    @property
    def url(self) -> str:
        """The database's URL as people may see it (no password)."""
        return engine_mod.display_target(self.engine.url.render_as_string(hide_password=False))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _session(self) -> Session:
        """A session for reading; writes go through `_write`."""
        return Session(self.engine, expire_on_commit=False)

    def _write[T](self, work: Callable[[Session], T]) -> T:
        """Run `work` in one write transaction (write lock first, retried while busy)."""
        return engine_mod.write(self.engine, work)

    def revision(self) -> int:
        """A counter every write transaction increments."""
        with self.engine.connect() as conn:
            return current_revision(conn)

    @property
    def curation(self) -> Curation:
        """The user's edit operations (undoable, recorded in the history)."""
        return Curation(self)

    # --- sources ------------------------------------------------------------------------------

    def source_id_for_sha256(self, sha256: str) -> int | None:
        with self.engine.connect() as conn:
            return conn.scalar(SOURCE_BY_SHA256, {"sha256": sha256})

    def sources(self, with_text: bool = True) -> list[Source]:
        with self._session() as s:
            rows = s.scalars(select(SourceRow).order_by(SourceRow.id)).all()
            return [self._source(r, with_text) for r in rows]

    def source_infos(self) -> list[SourceInfo]:
        """Every source with its size and number of events, without reading the texts."""
        with self.engine.connect() as conn:
            counts = dict(
                conn.execute(
                    select(EvidenceRow.source_id, func.count(func.distinct(EvidenceRow.event_id)))
                    .join(EventRow, EventRow.id == EvidenceRow.event_id)
                    .where(EventRow.rejected.is_(False))
                    .group_by(EvidenceRow.source_id)
                ).all()
            )
            rows = conn.execute(
                select(
                    SourceRow.id,
                    SourceRow.title,
                    SourceRow.file_name,
                    SourceRow.format,
                    SourceRow.imported_at,
                    func.length(SourceRow.text),
                    SourceRow.version,
                ).order_by(SourceRow.id)
            ).all()
        return [
            SourceInfo(r[0], r[1], r[2], r[3], r[4], int(r[5] or 0), int(counts.get(r[0], 0)), r[6])
            for r in rows
        ]

    def remove_source(self, source_id: int) -> int:
        """Delete a source with its evidence and the extracted (or imported) events only it
        supported.

        Events a user made or edited stay (without this source's passages). Returns the
        number of events deleted.
        """
        with self._session() as s, s.begin():
            if s.get(SourceRow, source_id) is None:
                raise KeyError(f"no source with id {source_id}")
            # (the copies it made go with it, as its passages do: `EvidenceRow.shared_by`)
            cited = select(EvidenceRow.event_id).where(made_by(source_id))
            elsewhere = select(EvidenceRow.event_id).where(
                EvidenceRow.source_id != source_id,
                or_(EvidenceRow.shared_by.is_(None), EvidenceRow.shared_by != source_id),
            )
            doomed = list(
                s.scalars(
                    select(EventRow.id).where(
                        EventRow.id.in_(cited),
                        EventRow.id.not_in(elsewhere),
                        or_(
                            EventRow.origin.in_((Origin.EXTRACTED.value, Origin.IMPORTED.value)),
                            EventRow.rejected,
                        ),
                    )
                )
            )
            for chunk in _chunks(doomed):
                s.execute(delete(EventRow).where(EventRow.id.in_(chunk)))
            s.execute(delete(SourceRow).where(SourceRow.id == source_id))
            bump_revision(s)
        return len(doomed)

    def source(self, source_id: int) -> Source:
        with self._session() as s:
            row = s.get(SourceRow, source_id)
            if row is None:
                raise KeyError(f"no source with id {source_id}")
            return self._source(row, True)

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return conn.scalar(select(SourceRow.id).limit(1)) is None

    @staticmethod
    def _source(row: SourceRow, with_text: bool) -> Source:
        return Source(
            id=row.id,
            title=row.title,
            file_name=row.file_name,
            path=row.path,
            format=row.format,
            encoding=row.encoding,
            sha256=row.sha256,
            url=row.url,
            imported_at=row.imported_at,
            text=row.text if with_text else "",
            version=row.version,
        )

    # --- import -------------------------------------------------------------------------------

    def add_document(self, document: Document, extraction: Extraction) -> StoredImport | None:
        """Store a document and what was extracted from it, in one transaction.

        Returns None (and writes nothing) when a source with the same bytes is already stored.
        Raises ValueError, writing nothing, when the extraction points outside the text.
        """
        return self._write(lambda s: self._store_document(s, document, extraction, None))

    def import_document(
        self, document: Document, extract: Callable[[], Extraction]
    ) -> StoredImport | None:
        """Extract (`extract()` reads the store) and store a document, so that what it stored is
        exactly what a one-at-a-time import would have stored, even with other writers.

        The extraction first runs outside any lock; if another client wrote in the meantime,
        its matches of people and events may be out of date, so it runs again while this
        transaction holds the write lock (other writers wait, readers do not). Returns None
        when the same bytes are already stored, also when another client stored them first.
        """
        seen = self.revision()
        if self.source_id_for_sha256(document.sha256) is not None:
            return None
        extraction = extract()
        try:
            return self._write(lambda s: self._store_document(s, document, extraction, seen))
        except StaleExtractionError:
            log.info("%s: the database changed during extraction; extracting again", document.path)
        if engine_mod.is_memory(self.engine):
            # one shared connection: the extractor cannot read beside a writing transaction
            return self.import_document(document, extract)

        def locked(s: Session) -> StoredImport | None:
            if s.scalar(select(SourceRow.id).where(SourceRow.sha256 == document.sha256)):
                return None
            return self._store_document(s, document, extract(), None)

        return self._write(locked)

    @staticmethod
    def _store_document(
        s: Session, document: Document, extraction: Extraction, expect_revision: int | None
    ) -> StoredImport | None:
        if expect_revision is not None and current_revision(s.connection()) != expect_revision:
            raise StaleExtractionError(document.path)
        sources = SourceRow.__table__
        source_id = s.scalar(
            backend(s)
            .upsert(sources)
            .values(**source_columns(document))
            .on_conflict_do_nothing(index_elements=[sources.c.sha256])
            .returning(sources.c.id)
        )
        if source_id is None:  # the same bytes are stored already
            return None
        result = _ExtractionWriter(s, source_id, document.text).write(extraction)
        bump_revision(s)
        return result

    def replace_extraction(self, source_id: int, extraction: Extraction) -> StoredImport:
        """Swap a stored source's extracted events for a new extraction, in one transaction.

        Only what the extractor made and nobody touched is replaced: this source's evidence
        leaves untouched extracted events (which go when no evidence is left), its person
        mentions go, and the new extraction is written as an import would write it, so every
        user correction (edits, manual events, rejections, detached passages, people marked
        as things, split names) is kept and respected.
        """
        with engine_mod.write_session(self.engine) as s:
            result = replace_extraction_in(s, source_id, extraction)
            bump_revision(s)
        return result

    # --- people -------------------------------------------------------------------------------

    def people_found_only_in(self, source_id: int) -> set[int]:
        """Ids of the people only this source's text mentions: re-extracting it must not
        find them known already (its first reading did not), or it would read differently
        each time (`ReplacingContext`)."""
        other = select(MentionRow.person_id).where(MentionRow.source_id != source_id)
        query = select(MentionRow.person_id).where(
            MentionRow.source_id == source_id, MentionRow.person_id.not_in(other)
        )
        with self.engine.connect() as conn:
            return set(conn.scalars(query.distinct()))

    def people(self, not_people: bool = False) -> list[Person]:
        """Everyone, with aliases and the number of events they take part in, by name.

        Names a user marked as not a person are left out; `not_people=True` lists only those.
        """
        with self.engine.connect() as conn:
            counts = dict(
                conn.execute(
                    select(EventPersonRow.person_id, func.count()).group_by(
                        EventPersonRow.person_id
                    )
                ).all()
            )
            aliases: dict[int, list[str]] = defaultdict(list)
            for pid, alias in conn.execute(
                select(AliasRow.person_id, AliasRow.alias).order_by(AliasRow.id)
            ):
                aliases[pid].append(alias)
            rows = conn.execute(
                select(PersonRow.id, PersonRow.name).where(PersonRow.not_person.is_(not_people))
            ).all()
        people = [
            Person(
                id=pid,
                name=name,
                aliases=tuple(a for a in aliases[pid] if a != name),
                event_count=counts.get(pid, 0),
                not_person=not_people,
            )
            for pid, name in rows
        ]
        people.sort(key=lambda p: name_key(p.name))
        return people

    def rename_person(self, person_id: int, new_name: str) -> None:
        """Change the canonical name; the old one stays as an alias (an undoable edit)."""
        self.curation.rename_person(person_id, new_name)

    def merge_people(self, keep_id: int, other_id: int) -> None:
        """Fold `other` into `keep`: aliases, event links and mentions follow (undoable)."""
        if keep_id != other_id:
            self.curation.merge_people(keep_id, other_id)

    # --- events -------------------------------------------------------------------------------

    def add_event(
        self,
        title: str,
        start: HistDate,
        end: HistDate | None = None,
        summary: str = "",
        people: Sequence[str] = (),
        places: Sequence[str] = (),
    ) -> int:
        """An event entered by a user (no evidence yet; an undoable edit)."""
        return self.curation.add_event(title, start, end, summary, people, places)

    def bulk_add_events(
        self,
        rows: Iterable[tuple[str, HistDate, HistDate | None, Sequence[int]]],
        batch: int = 20_000,
    ) -> int:
        """Insert many (title, start, end, person ids) events fast; for large chronologies.

        Uses Core executemany in batches inside one write transaction; ids come from the
        database (`reserve_ids`). Returns the count.
        """
        events_t, links_t = EventRow.__table__, EventPersonRow.__table__
        with engine_mod.write_connection(self.engine) as conn:
            be = backend(conn)
            count = 0
            ev_batch: list[dict] = []
            link_batch: list[dict] = []

            def flush() -> None:
                ids = be.reserve_ids(conn, events_t, len(ev_batch))
                for row, new_id in zip(ev_batch, ids, strict=True):
                    row["id"] = new_id
                conn.execute(events_t.insert(), ev_batch)
                links = [
                    {"event_id": ids[i], "person_id": p} for i, people in link_batch for p in people
                ]
                if links:
                    conn.execute(links_t.insert(), links)
                ev_batch.clear()
                link_batch.clear()

            for title, start, end, person_ids in rows:
                lo, hi = event_bounds(start, end)
                ev_batch.append(
                    {
                        "title": title,
                        "summary": "",
                        "start": start.to_iso(),
                        "end": end.to_iso() if end else None,
                        "precision": int(start.precision),
                        "approximate": start.approximate,
                        "lo_day": lo,
                        "hi_day": hi,
                        "span_level": span_level(lo, hi),
                        "places": "",
                        "origin": Origin.MANUAL.value,
                    }
                )
                if person_ids:
                    link_batch.append((len(ev_batch) - 1, person_ids))
                count += 1
                if len(ev_batch) >= batch:
                    flush()
            if ev_batch:
                flush()
            be.after_bulk_load(conn, [events_t, links_t])
            bump_revision(conn)
        return count

    def add_person(self, name: str, aliases: Sequence[str] = ()) -> int:
        """The person called `name` (created if nobody is), with these aliases added."""
        name = " ".join(name.split())
        if not name:
            raise ValueError("a person's name cannot be empty")

        def work(s: Session) -> int:
            person = s.scalar(select(PersonRow).where(PersonRow.key == name_key(name)))
            if person is None:
                person = PersonRow(name=name)
                s.add(person)
            add_aliases(person, [name, *aliases])
            s.flush()
            bump_revision(s)
            return person.id

        return self._write(work)

    def count_events(self, flt: EventFilter | None = None) -> int:
        with self.engine.connect() as conn:
            if flt is None or flt == EventFilter():
                return (
                    conn.scalar(
                        select(func.count())
                        .select_from(EventRow)
                        .where(EventRow.rejected.is_(False))
                    )
                    or 0
                )
            matches = self._matching(flt, conn, EventRow.id).subquery()
            return conn.scalar(select(func.count()).select_from(matches)) or 0

    def event_ids(self, flt: EventFilter | None = None) -> np.ndarray:
        """Ids of the matching events in chronological order, as an int64 array.

        Only the indexed columns are read (no titles), so lists, searches and exports that
        need ids alone stay as fast as the window index allows.
        """
        flt = flt or EventFilter()
        if _snapshot_answers(flt):
            return self._timeline_from_snapshot(flt).ids
        with self.engine.connect() as conn:
            arr = backend(conn).int_matrix(
                conn, self._matching(flt, conn, EventRow.id, EventRow.lo_day)
            )
        return arr[np.lexsort((arr[:, 0], arr[:, 1])), 0].copy()  # by earliest day, then id

    def timeline(self, flt: EventFilter | None = None) -> TimelineArrays:
        """Columnar data of matching events, sorted by earliest day: what the timeline draws.

        Everything, or a person filter alone, is answered from the columnar snapshot; windows
        and searches use the indexes.
        """
        flt = flt or EventFilter()
        if _snapshot_answers(flt):
            return self._timeline_from_snapshot(flt)
        with self.engine.connect() as conn:
            arr, (titles, dates) = backend(conn).int_text_columns(
                conn, self._matching(flt, conn, *TIMELINE_COLUMNS), 2
            )
        order = np.lexsort((arr[:, 0], arr[:, 1]))  # by earliest day, then id
        arr = arr[order]
        return TimelineArrays(
            ids=arr[:, 0].copy(),
            lo=arr[:, 1].copy(),
            hi=arr[:, 2].copy(),
            precision=arr[:, 3].astype(np.int8),
            titles=titles.take(order),
            dates=dates.take(order),
        )

    def _timeline_from_snapshot(self, flt: EventFilter) -> TimelineArrays:
        everything, mask = self._snapshot_picks(flt)
        return everything if mask is None else everything.take(mask)

    def timeline_picks(
        self, flt: EventFilter | None = None
    ) -> tuple[TimelineArrays, np.ndarray | None] | None:
        """Everything's timeline arrays (the read-only snapshot, the same object until the
        data change) and the mask of the events `flt` keeps (None: all of them), when the
        snapshot answers the filter; None when only `timeline(flt)` can.

        A caller that keeps derived data of everything (the timeline's coordinates) can then
        take the filtered rows from it instead of deriving them again for each filter."""
        flt = flt or EventFilter()
        return self._snapshot_picks(flt) if _snapshot_answers(flt) else None

    def _snapshot_picks(self, flt: EventFilter) -> tuple[TimelineArrays, np.ndarray | None]:
        snap = self._snapshots.get()
        everything = TimelineArrays(
            snap.ids, snap.lo, snap.hi, snap.precision, snap.titles, snap.dates
        )
        if not flt.people:
            return everything, None
        with self.engine.connect() as conn:
            groups = self._person_groups(flt, conn)
        return everything, snap.mask_for_people(groups)

    def ordered_ids(
        self, flt: EventFilter | None = None, order: str = "date", descending: bool = False
    ) -> np.ndarray:
        """Ids of matching events sorted for a list: by "date", "title" or "sources" (count)."""
        if order == "date":
            ids = self.event_ids(flt)
            return ids[::-1].copy() if descending else ids
        with self.engine.connect() as conn:
            matches = self._matching(flt or EventFilter(), conn, EventRow.id).subquery()
            if order == "title":
                key = backend(conn).text_order(EventRow.title)
                stmt = select(EventRow.id).where(EventRow.id.in_(select(matches.c.id)))
            elif order == "sources":
                key = func.count(func.distinct(EvidenceRow.source_id))
                stmt = (
                    select(EventRow.id)
                    .outerjoin(EvidenceRow, EvidenceRow.event_id == EventRow.id)
                    .where(EventRow.id.in_(select(matches.c.id)))
                    .group_by(EventRow.id)
                )
            else:
                raise ValueError(f"cannot sort events by {order!r}")
            key = key.desc() if descending else key.asc()
            rows = conn.execute(stmt.order_by(key, EventRow.lo_day, EventRow.id)).all()
        return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

    def event_people_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """(event ids, person ids) of every event-person link, for lanes and colours."""
        snap = self._snapshots.get()
        return snap.pair_events, snap.pair_people

    def event_source_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """(event ids, source ids) of events and the sources that give evidence for them."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(EvidenceRow.event_id, EvidenceRow.source_id)
                .distinct()
                .order_by(EvidenceRow.event_id)
            ).all()
        arr = np.array([tuple(r) for r in rows], dtype=np.int64).reshape(-1, 2)
        return arr[:, 0].copy(), arr[:, 1].copy()

    def events(self, flt: EventFilter | None = None, with_evidence: bool = True) -> list[Event]:
        """Matching events, chronological, with people, places and (optionally) evidence."""
        ids = [int(i) for i in self.event_ids(flt)]
        return self.events_by_id(ids, with_evidence)

    def event(self, event_id: int) -> Event:
        found = self.events_by_id([event_id])
        if not found:
            raise KeyError(f"no event with id {event_id}")
        return found[0]

    def events_by_id(self, ids: Sequence[int], with_evidence: bool = True) -> list[Event]:
        """Events for these ids, in the order given (missing ids are skipped)."""
        out: dict[int, Event] = {}
        with self.engine.connect() as conn:
            categories = dict(conn.execute(select(CategoryRow.id, CategoryRow.name)).all())
            for chunk in _chunks(list(ids)):
                rows = conn.execute(select(EventRow).where(EventRow.id.in_(chunk))).all()
                names: dict[int, list[str]] = defaultdict(list)
                for eid, name in conn.execute(
                    select(EventPersonRow.event_id, PersonRow.name)
                    .join(PersonRow, PersonRow.id == EventPersonRow.person_id)
                    .where(EventPersonRow.event_id.in_(chunk))
                    .order_by(backend(conn).binary(PersonRow.name))
                ):
                    names[eid].append(name)
                evidence: dict[int, list[Evidence]] = defaultdict(list)
                if with_evidence:
                    for ev in conn.execute(
                        select(EvidenceRow)
                        .where(EvidenceRow.event_id.in_(chunk))
                        .order_by(EvidenceRow.id)
                    ):
                        evidence[ev.event_id].append(
                            Evidence(
                                id=ev.id,
                                event_id=ev.event_id,
                                source_id=ev.source_id,
                                start=ev.start,
                                end=ev.end,
                                quote=ev.quote,
                                date_as_stated=ev.date_as_stated,
                                stance=Stance(ev.stance),
                                in_version=ev.in_version,
                                rules=rules_of(ev.rules),
                                shared_by=ev.shared_by,
                            )
                        )
                for r in rows:
                    out[r.id] = Event(
                        id=r.id,
                        title=r.title,
                        summary=r.summary,
                        start=HistDate.parse_iso(r.start),
                        end=HistDate.parse_iso(r.end) if r.end else None,
                        places=tuple(p for p in r.places.split(_PLACE_SEP) if p),
                        people=tuple(names[r.id]),
                        origin=Origin(r.origin),
                        evidence=tuple(evidence[r.id]),
                        edited_fields=tuple(f for f in r.edited_fields.split(",") if f),
                        rejected=bool(r.rejected),
                        category=categories.get(r.category_id),
                    )
        return [out[i] for i in ids if i in out]

    def events_overlapping(self, earliest_day: int, latest_day: int) -> list[Event]:
        """Events whose span meets [earliest_day, latest_day] (with evidence)."""
        ids = self.event_ids(EventFilter(window_days=(earliest_day, latest_day)))
        return self.events_by_id([int(i) for i in ids])

    # --- categories and periods -------------------------------------------------------------

    def categories(self) -> list[Category]:
        """Every category, with its colour, parent and number of events, by name."""
        with self.engine.connect() as conn:
            counts = dict(
                conn.execute(
                    select(EventRow.category_id, func.count())
                    .where(EventRow.category_id.is_not(None))
                    .group_by(EventRow.category_id)
                ).all()
            )
            rows = conn.execute(
                select(CategoryRow.id, CategoryRow.name, CategoryRow.color, CategoryRow.parent_id)
            ).all()
        names = {r.id: r.name for r in rows}
        out = [
            Category(r.id, r.name, r.color, names.get(r.parent_id), counts.get(r.id, 0))
            for r in rows
        ]
        return sorted(out, key=lambda c: name_key(c.name))

    def event_category_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """(event ids, category ids) of the events that have a category, for lanes."""
        with self.engine.connect() as conn:
            arr = backend(conn).int_matrix(
                conn,
                select(EventRow.id, EventRow.category_id).where(EventRow.category_id.is_not(None)),
            )
        return arr[:, 0].copy(), arr[:, 1].copy()

    def category_names(self) -> list[str]:
        return [c.name for c in self.categories()]

    def periods(self) -> list[Period]:
        """Labelled spans of time (eras), in order of their start."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(PeriodRow).order_by(PeriodRow.lo_day, PeriodRow.id)).all()
        return [
            Period(
                r.id, r.name, HistDate.parse_iso(r.start), HistDate.parse_iso(r.end), r.color,
                r.source_id,
            )
            for r in rows
        ]  # fmt: skip

    # --- query building -----------------------------------------------------------------------

    def _matching(self, flt: EventFilter, conn, *columns) -> Select | CompoundSelect:
        """SELECT `columns` of the events matching the filter (unordered).

        A time window becomes one part per span level: an event of level L lasts under 2**L
        days, so it can only overlap [lo, hi] if it starts after lo - 2**L. Each part is then
        a short scan of the covering index ix_events_level_lo, with the other conditions
        (people, search, ids) applied inside it; empty levels cost one index probe.
        """
        window = _window_days(flt)
        conditions = []
        rejected = EventRow.rejected.is_(flt.rejected)
        if flt.people:
            conditions.extend(self._people_condition(flt, conn, windowed=window is not None))
        if flt.search:
            conditions.append(self._search_condition(flt.search, conn))
        if flt.ids is not None:
            conditions.append(EventRow.id.in_(list(flt.ids)))
        if flt.sources:
            conditions.append(
                EventRow.id.in_(
                    select(EvidenceRow.event_id).where(EvidenceRow.source_id.in_(flt.sources))
                )
            )
        if flt.categories:  # few categories: matched here, case-folded beyond ASCII
            wanted = {" ".join(c.split()).casefold() for c in flt.categories}
            ids = [
                cid
                for cid, name in conn.execute(select(CategoryRow.id, CategoryRow.name))
                if name.casefold() in wanted
            ]
            conditions.append(EventRow.category_id.in_(ids))
        if window is None:
            return select(*columns).where(rejected, *conditions)
        lo, hi = window
        return union_all(
            *(
                select(*columns).where(
                    rejected,
                    EventRow.span_level == level,
                    EventRow.lo_day.between(max(FIRST_DAY, lo - (1 << level) + 1), hi),
                    EventRow.hi_day >= lo,
                    *conditions,
                )
                for level in range(1, MAX_SPAN_LEVEL + 1)
            )
        )

    @staticmethod
    def _person_groups(flt: EventFilter, conn) -> list[list[int]]:
        """For each name asked for, the ids of the people it may mean (names are not unique)."""
        groups: list[list[int]] = []
        for name in flt.people:
            ids = conn.scalars(
                select(AliasRow.person_id)
                .join(PersonRow, PersonRow.id == AliasRow.person_id)
                .where(AliasRow.key == name_key(name), PersonRow.not_person.is_(False))
                .distinct()
            ).all()
            if not ids:
                raise UnknownPersonError(f"no person is called {name!r}")
            groups.append(list(ids))
        if not flt.all_people:
            groups = [sorted({pid for group in groups for pid in group})]
        return groups

    def _people_condition(self, flt: EventFilter, conn, windowed: bool) -> list:
        """Conditions on EventRow.id for the person filter (one per group, all must hold).

        Inside a time window the few candidate events are checked one by one against the
        event_people primary key; without a window the person index drives the query.
        """
        conditions = []
        for group in self._person_groups(flt, conn):
            if windowed:
                conditions.append(
                    exists().where(
                        EventPersonRow.event_id == EventRow.id,
                        EventPersonRow.person_id.in_(group),
                    )
                )
            else:
                conditions.append(
                    EventRow.id.in_(
                        select(EventPersonRow.event_id).where(EventPersonRow.person_id.in_(group))
                    )
                )
        return conditions

    @staticmethod
    def _search_condition(query: str, conn: Connection):
        """Events whose title or summary match what was typed (see `fulltext`)."""
        if not search_terms(query):
            return false()
        return EventRow.id.in_(backend(conn).search("events", query))

    def search_sources(self, query: str) -> list[Source]:
        """Sources whose title or text match (without their text), best match first."""
        if not search_terms(query):
            return []
        with self.engine.connect() as conn:
            ids = list(conn.scalars(backend(conn).search("sources", query, ranked=True)))
        by_id = {s.id: s for s in self.sources(with_text=False) if s.id in set(ids)}
        return [by_id[i] for i in ids if i in by_id]


def _snapshot_answers(flt: EventFilter) -> bool:
    """Whether the columnar snapshot alone answers a filter (everything, or people only)."""
    return (
        flt.search is None
        and flt.ids is None
        and not flt.rejected
        and not flt.sources
        and not flt.categories
        and _window_days(flt) is None
    )


def _window_days(flt: EventFilter) -> tuple[int, int] | None:
    """The window as day numbers, kept within [FIRST_DAY, LAST_DAY] (open ends reach them)."""
    if flt.window_days is not None:
        lo, hi = flt.window_days
    elif flt.start is None and flt.end is None:
        return None
    else:
        lo = flt.start.earliest_day() if flt.start else FIRST_DAY
        hi = flt.end.latest_day() if flt.end else LAST_DAY
    return min(max(lo, FIRST_DAY), LAST_DAY), min(max(hi, FIRST_DAY), LAST_DAY)


# --- writing an extraction ----------------------------------------------------------------------


def source_columns(document: Document, imported_at: datetime | None = None) -> dict:
    """The columns of a `sources` row holding `document` (every writer of a source, new or
    a new version, stores the same fields the same way; the title is cut to its column)."""
    return {
        "title": document.title[:500],
        "file_name": document.file_name,
        "path": document.path,
        "format": document.format,
        "encoding": document.encoding,
        "sha256": document.sha256,
        "url": document.url,
        "imported_at": imported_at or datetime.now(UTC).replace(tzinfo=None),
        "text": document.text,
    }


def event_bounds(start: HistDate, end: HistDate | None) -> tuple[int, int]:
    lo = start.earliest_day()
    hi = end.latest_day() if end is not None else start.latest_day()
    return lo, max(lo, hi)


def new_event_row(
    title: str,
    summary: str,
    start: HistDate,
    end: HistDate | None,
    places: Sequence[str],
    origin: Origin,
) -> EventRow:
    lo, hi = event_bounds(start, end)
    return EventRow(
        title=title[:500],
        summary=summary,
        start=start.to_iso(),
        end=end.to_iso() if end is not None else None,
        precision=int(start.precision),
        approximate=start.approximate or bool(end and end.approximate),
        lo_day=lo,
        hi_day=hi,
        span_level=span_level(lo, hi),
        places=_PLACE_SEP.join(dict.fromkeys(p.strip() for p in places if p.strip())),
        origin=origin.value,
    )


def replace_extraction_in(s: Session, source_id: int, extraction: Extraction) -> StoredImport:
    """`Store.replace_extraction` inside the caller's transaction (a new source version uses
    it in the transaction that stores the new text)."""
    text = s.scalar(select(SourceRow.text).where(SourceRow.id == source_id))
    if text is None:
        raise KeyError(f"no source with id {source_id}")
    untouched = select(EventRow.id).where(
        EventRow.origin == Origin.EXTRACTED.value, EventRow.rejected.is_(False)
    )
    made = made_by(source_id)  # its passages, and the copies its extraction made
    affected = list(
        s.scalars(
            select(EvidenceRow.event_id).where(made, EvidenceRow.event_id.in_(untouched)).distinct()
        )
    )
    reuse = _passage_keys(s, source_id, affected)
    gone: set[int] = set()
    for chunk in _chunks(affected):
        s.execute(delete(EvidenceRow).where(made, EvidenceRow.event_id.in_(chunk)))
        still = select(EvidenceRow.event_id).where(EvidenceRow.event_id.in_(chunk))
        s.execute(delete(EventRow).where(EventRow.id.in_(chunk), EventRow.id.not_in(still)))
        kept = s.scalars(select(EventRow.id).where(EventRow.id.in_(chunk)))
        gone |= set(chunk) - set(kept)
    s.execute(delete(MentionRow).where(MentionRow.source_id == source_id))
    if len(gone) < len(affected):
        from timeline_desktop.store.majority import settle  # (it builds on store.bulk)

        # an event this source alone supported is dated by the sources that contradicted it,
        # as the extraction was shown it (`ReplacingContext`)
        settle(s.connection(), set(affected) - gone)
    writer = _ExtractionWriter(s, source_id, text)
    writer.reuse = {key: eid for key, eid in reuse.items() if eid in gone}
    return writer.write(extraction)


def made_by(source_id: int):
    """The evidence a source's extraction wrote: its passages (on any event, copies of them
    included) and the copies of other sources' passages it made (`EvidenceRow.shared_by`)."""
    return or_(EvidenceRow.source_id == source_id, EvidenceRow.shared_by == source_id)


def _person_id_named(s: Session, key: str) -> int | None:
    """The person whose canonical name folds to `key` (at most one: people.key is unique)."""
    return s.scalar(select(PersonRow.id).where(PersonRow.key == key))


def _passage_keys(
    s: Session, source_id: int, event_ids: Sequence[int]
) -> dict[frozenset[tuple[int, int]], int]:
    """Each event's passages in one source, as a key to recognise it when found again."""
    spans: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for chunk in _chunks(list(event_ids)):
        for event_id, start, end in s.execute(
            select(EvidenceRow.event_id, EvidenceRow.start, EvidenceRow.end).where(
                EvidenceRow.source_id == source_id,
                EvidenceRow.shared_by.is_(None),  # (a copy is another event's passage)
                EvidenceRow.event_id.in_(chunk),
            )
        ):
            spans[event_id].add((start, end))
    return {frozenset(v): k for k, v in spans.items()}


def _fuller(candidate: str, current: str) -> bool:
    """Whether `candidate` is a fuller form of a name than `current` (more words, then longer)."""
    return (len(candidate.split()), len(candidate)) > (len(current.split()), len(current))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two spans of one text state the same passage: they share at least half the shorter."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and 2 * shared >= min(a[1] - a[0], b[1] - b[0])


@dataclass(frozen=True, slots=True)
class _Claim:
    """A passage of this source that a user's event already owns (or a rejected one)."""

    start: int
    end: int
    event_id: int
    rejected: bool


class _ExtractionWriter:
    """Writes one source's extraction inside the caller's transaction.

    The user's corrections win over what the extractor found: a found event whose passage
    belongs to a rejected event is dropped; one whose passage belongs to an edited or manual
    event joins that event without changing it; a passage detached from an event is never
    attached to it again; a name marked "not a person" is skipped.
    """

    def __init__(self, session: Session, source_id: int, text: str) -> None:
        self.s = session
        self.source_id = source_id
        self.text = text
        self.person_by_name: dict[str, int | None] = {}
        self.people_added = 0
        self.skipped = 0
        # ids of replaced events, by their passages: the same event found again keeps its id
        self.reuse: dict[frozenset[tuple[int, int]], int] = {}
        self._next_id: int | None = None
        self._claims = self._load_claims()
        self._detached = self._load_detached()

    def _load_claims(self) -> list[_Claim]:
        rows = self.s.execute(
            select(EvidenceRow.start, EvidenceRow.end, EventRow.id, EventRow.rejected)
            .join(EventRow, EventRow.id == EvidenceRow.event_id)
            .where(
                EvidenceRow.source_id == self.source_id,
                EvidenceRow.in_version.is_(None),  # offsets into the current text only
                or_(EventRow.rejected.is_(True), EventRow.origin != Origin.EXTRACTED.value),
            )
        ).all()
        return [_Claim(r[0], r[1], r[2], bool(r[3])) for r in rows]

    def _load_detached(self) -> dict[int, list[tuple[int, int]]]:
        marks: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for event_id, start, end in self.s.execute(
            select(CurationMarkRow.event_id, CurationMarkRow.start, CurationMarkRow.end).where(
                CurationMarkRow.source_id == self.source_id, CurationMarkRow.in_version.is_(None)
            )
        ):
            marks[event_id].append((start, end))
        return marks

    def write(self, extraction: Extraction) -> StoredImport:
        for found in extraction.people:
            pid = self._upsert_person(found.name, found.aliases)
            for start, end in found.spans:
                self._check_span(start, end)
                if pid is not None:
                    self.s.add(
                        MentionRow(person_id=pid, source_id=self.source_id, start=start, end=end)
                    )
        added = corroborated = evidence = 0
        contested: set[int] = set()
        joined: set[int] = set()  # stored events it gave a supporting passage (`store.fold`)
        for found in extraction.events:
            for ev in found.evidence:
                self._check_span(ev.start, ev.end)
            target = self._event_for(found)
            if target is None:
                self.skipped += 1
                continue
            event_id, is_new, curated = target
            added += is_new
            corroborated += not is_new
            evidence += self._write_evidence(event_id, found, curated)
            if not curated:
                self._link_people(event_id, found.people)
                self._share_passages(event_id, found.shares)
            if not is_new and any(e.stance is Stance.CONTRADICTS for e in found.evidence):
                contested.add(event_id)
            if not is_new and any(e.stance is Stance.SUPPORTS for e in found.evidence):
                joined.add(event_id)
        if contested:
            from timeline_desktop.store.majority import settle  # (it builds on store.bulk)

            self.s.flush()
            settle(self.s.connection(), contested)
        if joined:
            from timeline_desktop.store.fold import fold_bridged  # (it builds on store.bulk)

            self.s.flush()
            fold_bridged(self.s.connection(), self.source_id, joined)
        return StoredImport(self.source_id, added, corroborated, evidence, self.people_added)

    def _check_span(self, start: int, end: int) -> None:
        if not (0 <= start < end <= len(self.text)):
            raise ValueError(
                f"extractor produced a span {start}:{end} outside the text ({len(self.text)} chars)"
            )

    def _upsert_person(self, name: str, aliases: Sequence[str]) -> int | None:
        """The stored person for a found name (created if new); None for a non-person."""
        if name_key(name) in self.person_by_name:
            return self.person_by_name[name_key(name)]
        keys = [name_key(n) for n in (name, *aliases)]
        rows = self.s.execute(
            select(AliasRow.key, AliasRow.person_id, PersonRow.not_person, PersonRow.name)
            .join(PersonRow, PersonRow.id == AliasRow.person_id)
            .where(AliasRow.key.in_(keys))
            .order_by(AliasRow.person_id)
        ).all()
        owners = [
            (key, pid, not_person)
            for key, pid, not_person, owner in rows
            # a full name joins no other full name through a bare surname
            if " " in key or " " not in keys[0] or one_name_for_both(name, owner)
        ]
        things = {key for key, _, not_person in owners if not_person}
        if keys[0] in things:
            for key in keys:
                self.person_by_name.setdefault(key, None)
            return None
        pid = next((p for _, p, not_person in owners if not not_person), None)
        if pid is None:
            pid = _person_id_named(self.s, keys[0])
        if pid is None:
            person = PersonRow(name=name)
            self.s.add(person)
            self.people_added += 1
        else:
            person = self.s.get_one(PersonRow, pid)
            if _fuller(name, person.name) and _person_id_named(self.s, keys[0]) in (None, pid):
                person.name = name
        # a name another person owns (a user split it off) or a thing's name is not added
        taken = things | {key for key, p, _ in owners if p != pid}
        add_aliases(
            person, [n for n, k in zip((name, *aliases), keys, strict=True) if k not in taken]
        )
        self.s.flush()
        for key in keys:
            if key not in taken:
                self.person_by_name.setdefault(key, person.id)
        return person.id

    def _claim_of(self, found: FoundEvent) -> _Claim | None:
        """The user's event that already owns one of this event's passages, if any."""
        if not self._claims:
            return None
        ordered = sorted(found.evidence, key=lambda e: e.stance != Stance.SUPPORTS)
        for ev in ordered:
            for claim in self._claims:
                if _overlap((ev.start, ev.end), (claim.start, claim.end)):
                    return claim
        return None

    def _event_for(self, found: FoundEvent) -> tuple[int, bool, bool] | None:
        """(event id, whether new, whether the user's) for a found event; None to drop it."""
        claim = self._claim_of(found)
        if claim is not None:
            return None if claim.rejected else (claim.event_id, False, True)
        supports = any(e.stance == Stance.SUPPORTS for e in found.evidence)
        if found.same_as is not None:
            row = self.s.get(EventRow, found.same_as)
            if row is not None and not row.rejected:
                if row.origin != Origin.EXTRACTED.value:
                    return row.id, False, True
                if supports:
                    self._refine_date(row, found)
                if found.places:
                    places = [p for p in row.places.split(_PLACE_SEP) if p]
                    row.places = _PLACE_SEP.join(dict.fromkeys([*places, *found.places]))
                return row.id, False, False
        row = new_event_row(
            found.title, found.summary, found.start, found.end, found.places, Origin.EXTRACTED
        )
        if self.reuse:
            old_id = self.reuse.pop(frozenset((e.start, e.end) for e in found.evidence), None)
            # a new event must not take an id kept for one still to be found again
            row.id = old_id if old_id is not None else self._fresh_id()
        self.s.add(row)
        self.s.flush()
        return row.id, True, False

    def _fresh_id(self) -> int:
        """An event id above every stored one and every id kept for reuse."""
        if self._next_id is None:
            stored = self.s.scalar(select(func.max(EventRow.id))) or 0
            self._next_id = max(stored, *self.reuse.values()) + 1
        self._next_id += 1
        return self._next_id - 1

    @staticmethod
    def _refine_date(row: EventRow, found: FoundEvent) -> None:
        """Adopt the newly found date when it is more precise and lies within the stored one."""
        if found.end is not None or row.end is not None:
            return
        current = HistDate.parse_iso(row.start)
        new = found.start
        finer = new.precision < current.precision or (
            new.precision == current.precision and current.approximate and not new.approximate
        )
        if finer and current.contains(new) and new.precision != Precision.SEASON:
            lo, hi = event_bounds(new, None)
            row.start = new.to_iso()
            row.precision = int(new.precision)
            row.approximate = new.approximate
            row.lo_day, row.hi_day, row.span_level = lo, hi, span_level(lo, hi)

    def _share_passages(self, event_id: int, ids: Sequence[int]) -> None:
        """Copies of stored passages (`FoundEvent.shares`) as evidence of the event, made
        by this source (`EvidenceRow.shared_by`)."""
        if not ids:
            return
        t = EvidenceRow.__table__
        columns = [t.c[c] for c in PASSAGE_COLUMNS]
        self.s.execute(
            insert(t).from_select(
                ["event_id", *PASSAGE_COLUMNS, "shared_by"],
                select(literal(event_id), *columns, literal(self.source_id)).where(
                    t.c.id.in_(sorted(set(ids))), t.c.in_version.is_(None)
                ),
            )
        )

    def _write_evidence(self, event_id: int, found: FoundEvent, curated: bool) -> int:
        """Evidence rows for a found event; on a user's event only passages it lacks."""
        skip = list(self._detached.get(event_id, ()))
        if curated:
            skip += [
                (r.start, r.end)
                for r in self.s.execute(
                    select(EvidenceRow.start, EvidenceRow.end).where(
                        EvidenceRow.event_id == event_id,
                        EvidenceRow.source_id == self.source_id,
                        EvidenceRow.in_version.is_(None),
                    )
                )
            ]
        written = 0
        for ev in found.evidence:
            if any(_overlap((ev.start, ev.end), span) for span in skip):
                continue
            self.s.add(
                EvidenceRow(
                    event_id=event_id,
                    source_id=self.source_id,
                    start=ev.start,
                    end=ev.end,
                    quote=self.text[ev.start : ev.end],
                    date_as_stated=ev.date_as_stated,
                    stance=ev.stance.value,
                    rules=rules_text(ev.rules),
                )
            )
            written += 1
        return written

    def _link_people(self, event_id: int, names: Sequence[str]) -> None:
        if not names:
            return
        linked = set(
            self.s.scalars(
                select(EventPersonRow.person_id).where(EventPersonRow.event_id == event_id)
            )
        )
        for name in names:
            key = name_key(name)
            if key in self.person_by_name:
                pid = self.person_by_name[key]  # None: a name marked as not a person
            else:
                pid = self._upsert_person(name, ())
            if pid is not None and pid not in linked:
                self.s.add(EventPersonRow(event_id=event_id, person_id=pid))
                linked.add(pid)
