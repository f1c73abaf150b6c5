"""Bulk writes: one imported file in one transaction, in batched Core statements.

The ORM flushes row by row, which made a 10,000-row chronology take minutes. Here rows go
in batches (executemany; events with RETURNING, so ids come from the database and
PostgreSQL sequences stay right) on the one connection of the file's transaction:

- `BulkWriter` holds that transaction for a structured file (source parts, events with
  their evidence line, people, categories, periods) and answers the reads that matching
  its rows against earlier events needs (`StoredIndex`, `load_events`), on the same
  connection, so it sees exactly what was stored before this file.
- `write_extraction` stores one prose document's `Extraction` with the same meaning as
  `Store.add_document`, in a handful of statements instead of one flush per event.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from types import TracebackType
from typing import Any

import numpy as np
from sqlalchemy import Table, bindparam, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.sql.dml import Insert

from timeline_desktop.domain.dates import HistDate, Precision
from timeline_desktop.domain.model import (
    Document,
    Event,
    Evidence,
    Extraction,
    FoundEvidence,
    Origin,
    Person,
    Stance,
)
from timeline_desktop.store import engine as engine_mod
from timeline_desktop.store.backends import backend
from timeline_desktop.store.names import name_key, one_name_for_both
from timeline_desktop.store.orm import (
    PASSAGE_COLUMNS,
    AliasRow,
    CategoryRow,
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
from timeline_desktop.store.repository import (
    MAX_SPAN_LEVEL,
    SOURCE_BY_SHA256,
    Store,
    StoredImport,
    source_columns,
    span_level,
)
from timeline_desktop.store.snapshot import bump_revision, current_revision

_CHUNK = 900  # under SQLite's bound-parameter limit in IN (...) lists
_PLACE_SEP = "\n"  # as the store keeps places


def _chunks(items: Sequence, size: int = _CHUNK) -> Iterator[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def bounds(start: HistDate, end: HistDate | None) -> tuple[int, int]:
    lo = start.earliest_day()
    hi = end.latest_day() if end is not None else start.latest_day()
    return lo, max(lo, hi)


def event_values(
    title: str,
    summary: str,
    start: HistDate,
    end: HistDate | None,
    places: Sequence[str],
    origin: Origin,
    category_id: int | None = None,
) -> dict:
    """The column values of a new event row."""
    lo, hi = bounds(start, end)
    return {
        "title": title[:500],
        "summary": summary,
        "start": start.to_iso(),
        "end": end.to_iso() if end is not None else None,
        "precision": int(start.precision),
        "approximate": start.approximate or bool(end and end.approximate),
        "lo_day": lo,
        "hi_day": hi,
        "span_level": span_level(lo, hi),
        "places": _PLACE_SEP.join(dict.fromkeys(p.strip() for p in places if p.strip())),
        "origin": origin.value,
        "category_id": category_id,
    }


def insert_returning_ids(conn: Connection, table, rows: list[dict]) -> list[int]:
    """Insert rows with ids reserved for them (`Backend.reserve_ids`: SQLite's next ids,
    PostgreSQL's sequence), in batches; the ids in the order of the rows. The caller's
    transaction holds the write lock (`engine.write_connection`)."""
    if not rows:
        return []
    ids = backend(conn).reserve_ids(conn, table, len(rows))
    for chunk, chunk_ids in zip(_chunks(rows, 5000), _chunks(ids, 5000), strict=True):
        conn.execute(
            _insert(table), [{**row, "id": i} for row, i in zip(chunk, chunk_ids, strict=True)]
        )
    return ids


@cache
def _insert(table) -> Insert:
    """INSERT into `table` (a Table or a mapped class), built once: imports run them per file."""
    return insert(table)


class _Driver:
    """Statements run on the database driver's connection under `conn`, in its transaction.

    A prose import writes each file's rows with a dozen statements, and SQLAlchemy's work per
    statement (compiling, expanding IN lists, converting each row's parameters) costs
    several times what the database does; these statements take plain values (numbers,
    text, None, booleans) and need none of it. The SQL is written with `?` marks, which
    become the driver's own (`%s` for psycopg).
    """

    def __init__(self, conn: Connection) -> None:
        self.raw = conn.connection.driver_connection
        self.qmark = conn.dialect.paramstyle == "qmark"

    def _sql(self, sql: str) -> str:
        return sql if self.qmark else sql.replace("?", "%s")

    def rows(self, sql: str, params: Sequence[Any]) -> list[tuple]:
        cur = self.raw.cursor()  # type: ignore[union-attr]
        try:
            cur.execute(self._sql(sql), params)
            return cur.fetchall()
        finally:
            cur.close()

    def insert(self, table: Table, rows: list[dict], ids: Sequence[int] | None = None) -> None:
        """Insert rows that all have the same keys (`ids`, when given, as their ids)."""
        if not rows:
            return
        columns = tuple(rows[0])
        if ids is None:
            values = [tuple(r.values()) for r in rows]
        else:
            columns += ("id",)
            values = [(*r.values(), i) for r, i in zip(rows, ids, strict=True)]
        cur = self.raw.cursor()  # type: ignore[union-attr]
        try:
            cur.executemany(self._sql(_insert_sql(table.name, columns)), values)
        finally:
            cur.close()


@cache
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def refined_date(
    start_iso: str, end_iso: str | None, new: HistDate, new_end: HistDate | None
) -> tuple[HistDate, HistDate | None] | None:
    """The finer date (start, end) to adopt for a stored event, as corroboration does, or
    None.

    A more precise date that lies within the stored one is taken, and so is a range that
    lies within a stored single coarse date (1346–1353 within "the mid 14th century"); a
    stored range or season is never changed this way.
    """
    if end_iso is not None:
        return None
    current = HistDate.parse_iso(start_iso)
    if new_end is not None:
        lo, hi = bounds(new, new_end)
        inside = current.earliest_day() <= lo and hi <= current.latest_day()
        narrower = hi - lo < current.latest_day() - current.earliest_day()
        if inside and narrower and current.precision != Precision.SEASON:
            return new, new_end
        return None
    finer = new.precision < current.precision or (
        new.precision == current.precision and current.approximate and not new.approximate
    )
    if finer and current.contains(new) and new.precision != Precision.SEASON:
        return new, None
    return None


def date_columns(date: HistDate, end: HistDate | None = None) -> dict:
    lo, hi = bounds(date, end)
    return {
        "start": date.to_iso(),
        "end": end.to_iso() if end is not None else None,
        "precision": int(date.precision),
        "approximate": date.approximate or bool(end and end.approximate),
        "lo_day": lo,
        "hi_day": hi,
        "span_level": span_level(lo, hi),
    }


def _evidence(ev) -> Evidence:
    return Evidence(
        ev.id, ev.event_id, ev.source_id, ev.start, ev.end, ev.quote, ev.date_as_stated,
        Stance(ev.stance), in_version=ev.in_version, rules=rules_of(ev.rules),
        shared_by=ev.shared_by,
    )  # fmt: skip


# Statements run once per chunk of ids, built once: building a select (coercing its
# clauses, then finding it in the compiled cache) costs more than running it on SQLite.
_IDS = bindparam("ids", expanding=True)
_EVENT_NAMES = (
    select(EventPersonRow.event_id, PersonRow.name)
    .join(PersonRow, PersonRow.id == EventPersonRow.person_id)
    .where(EventPersonRow.event_id.in_(_IDS))
    .order_by(PersonRow.name)
)
_EVENT_EVIDENCE = select(EvidenceRow).where(EvidenceRow.event_id.in_(_IDS)).order_by(EvidenceRow.id)
_EVENT_ROWS = select(EventRow).where(EventRow.id.in_(_IDS))
_SOURCE_ID = bindparam("source_id")
_EVENTS_CITING = (  # (with the copies its extraction made: `EvidenceRow.shared_by`)
    select(EvidenceRow.event_id)
    .where(or_(EvidenceRow.source_id == _SOURCE_ID, EvidenceRow.shared_by == _SOURCE_ID))
    .distinct()
)
_EVENT_IDS_OF_PEOPLE = select(EventPersonRow.event_id).where(EventPersonRow.person_id.in_(_IDS))


def load_events(conn: Connection, ids: Sequence[int], with_evidence: bool = True) -> list[Event]:
    """Events (with people and evidence) read on an open connection, in the order given."""
    out: dict[int, Event] = {}
    for chunk in _chunks(list(ids)):
        bound = {"ids": list(chunk)}
        names: dict[int, list[str]] = defaultdict(list)
        for eid, name in conn.execute(_EVENT_NAMES, bound):
            names[eid].append(name)
        evidence: dict[int, list[Evidence]] = defaultdict(list)
        if with_evidence:
            for ev in conn.execute(_EVENT_EVIDENCE, bound):
                evidence[ev.event_id].append(_evidence(ev))
        for r in conn.execute(_EVENT_ROWS, bound):
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
            )
    return [out[i] for i in ids if i in out]


# --- finding earlier events near many dates at once --------------------------------------------


class StoredIndex:
    """Day spans of stored events, bucketed by span level like the store's window queries,
    so the events overlapping thousands of spans are found with a few numpy searches.

    For one span at a time (`query`), levels with few events are kept together and scanned
    whole: a search costs about the same whatever the size of the array, and an import asks
    once per drafted event. Many spans at once (`overlapping`) search every level."""

    SMALL_LEVEL = 256  # events in a level below which it joins the scanned ones

    def __init__(self, ids: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
        self.ids, self.lo, self.hi = ids, lo, hi
        self.size = len(ids)
        self._all_levels: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = []
        self._levels: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = []  # the big
        empty = np.empty(0, dtype=np.int64)
        self._scanned: tuple[np.ndarray, np.ndarray, np.ndarray] = (empty, empty, empty)
        if not self.size:
            return
        # span_level, vectorised: the bit length of the day count is frexp's exponent
        levels = np.minimum(np.frexp((hi - lo + 1).astype(np.float64))[1], MAX_SPAN_LEVEL)
        small = np.zeros(len(ids), dtype=bool)
        found, counts = np.unique(levels, return_counts=True)
        for level, count in zip(found, counts, strict=True):
            mask = levels == level
            order = np.argsort(lo[mask], kind="stable")
            entry = (int(level), lo[mask][order], hi[mask][order], ids[mask][order])
            self._all_levels.append(entry)
            if count < self.SMALL_LEVEL:
                small |= mask
            else:
                self._levels.append(entry)
        if small.any():
            self._scanned = (lo[small], hi[small], ids[small])

    def replaced(self, ids: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> StoredIndex:
        """A new index with these events added, or moved to their new spans."""
        keep = ~np.isin(self.ids, ids)
        return StoredIndex(
            np.concatenate((self.ids[keep], ids)),
            np.concatenate((self.lo[keep], lo)),
            np.concatenate((self.hi[keep], hi)),
        )

    @classmethod
    def load(cls, conn: Connection, up_to_id: int | None = None) -> StoredIndex:
        """The index of the events not rejected (up to `up_to_id`, when given)."""
        stmt = select(EventRow.id, EventRow.lo_day, EventRow.hi_day).where(
            EventRow.rejected.is_(False)
        )
        if up_to_id is not None:  # (no huge bound instead: PostgreSQL's ids are 32-bit)
            stmt = stmt.where(EventRow.id <= up_to_id)
        arr = backend(conn).int_matrix(conn, stmt)
        return cls(arr[:, 0].copy(), arr[:, 1].copy(), arr[:, 2].copy())

    def query(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        """(ids, earliest days) of the events meeting [lo, hi]."""
        ids: list[np.ndarray] = []
        los: list[np.ndarray] = []
        for level, lv_lo, lv_hi, lv_ids in self._levels:
            # (the array's own method: numpy's function of it costs three times as much)
            a = int(lv_lo.searchsorted(lo - (1 << level) + 1))
            b = int(lv_lo.searchsorted(hi, "right"))
            if b > a:
                keep = lv_hi[a:b] >= lo
                if keep.all():
                    ids.append(lv_ids[a:b])
                    los.append(lv_lo[a:b])
                else:
                    ids.append(lv_ids[a:b][keep])
                    los.append(lv_lo[a:b][keep])
        sc_lo, sc_hi, sc_ids = self._scanned
        if len(sc_ids):
            keep = (sc_lo <= hi) & (sc_hi >= lo)
            if keep.any():
                ids.append(sc_ids[keep])
                los.append(sc_lo[keep])
        if not ids:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty
        return np.concatenate(ids), np.concatenate(los)

    def overlapping(self, lo: np.ndarray, hi: np.ndarray) -> dict[int, np.ndarray]:
        """For each span i that meets stored events, the ids of those events."""
        found: dict[int, list[np.ndarray]] = defaultdict(list)
        if not self.size or not len(lo):
            return {}
        for level, lv_lo, lv_hi, lv_ids in self._all_levels:
            first = np.searchsorted(lv_lo, lo - (1 << level) + 1, side="left")
            last = np.searchsorted(lv_lo, hi, side="right")
            for i in np.nonzero(last > first)[0]:
                a, b = first[i], last[i]
                hits = lv_ids[a:b][lv_hi[a:b] >= lo[i]]
                if len(hits):
                    found[int(i)].append(hits)
        return {i: np.concatenate(parts) for i, parts in found.items()}


def linked_events(conn: Connection, person_ids: Sequence[int]) -> list[int]:
    """Ids of the events these people take part in."""
    out: list[int] = []
    for chunk in _chunks(sorted(set(person_ids))):
        out.extend(conn.scalars(_EVENT_IDS_OF_PEOPLE, {"ids": list(chunk)}))
    return out


def people_names(conn: Connection, ids: Sequence[int] | None = None) -> list[tuple[int, str]]:
    """(id, name) of every person, or of these ids, those marked not a person included: an
    event still shows them (`load_events`)."""
    stmt = select(PersonRow.id, PersonRow.name)
    if ids is None:
        return [(i, n) for i, n in conn.execute(stmt)]
    out: list[tuple[int, str]] = []
    for chunk in _chunks(sorted(set(ids))):
        out.extend((i, n) for i, n in conn.execute(stmt.where(PersonRow.id.in_(list(chunk)))))
    return out


def events_citing(conn: Connection, source_id: int) -> list[int]:
    """Ids of the events with a passage of this source."""
    return list(conn.scalars(_EVENTS_CITING, {"source_id": source_id}))


def load_people(conn: Connection, ids: Sequence[int] | None = None) -> list[Person]:
    """People with their aliases (without event counts): all of them, or these ids; names
    a user marked as not a person are left out, as `Store.people` leaves them out."""
    people: dict[int, str] = {}
    aliases: dict[int, list[str]] = defaultdict(list)
    groups = [None] if ids is None else list(_chunks(sorted(set(ids))))
    for chunk in groups:
        stmt = select(PersonRow.id, PersonRow.name).where(PersonRow.not_person.is_(False))
        alias_stmt = select(AliasRow.person_id, AliasRow.alias).order_by(AliasRow.id)
        if chunk is not None:
            stmt = stmt.where(PersonRow.id.in_(chunk))
            alias_stmt = alias_stmt.where(AliasRow.person_id.in_(chunk))
        people.update((pid, name) for pid, name in conn.execute(stmt))
        for pid, alias in conn.execute(alias_stmt):
            aliases[pid].append(alias)
    return [
        Person(pid, name, tuple(a for a in aliases[pid] if a != name))
        for pid, name in people.items()
    ]


# --- a structured file's transaction -----------------------------------------------------------


@dataclass(slots=True)
class NewEvent:
    """One entry to store: a new event, or evidence for a stored one (`same_as`)."""

    values: dict  # event_values(...) for a new event
    quote_start: int
    quote_end: int
    date_as_stated: str
    people: tuple[str, ...] = ()
    same_as: int | None = None
    stance: Stance = Stance.SUPPORTS
    start: HistDate | None = None  # the entry's dates, to refine a stored event's
    end: HistDate | None = None
    places: tuple[str, ...] = ()


@dataclass(slots=True)
class PartResult:
    events_added: int = 0
    events_matched: int = 0
    new_ids: list[int] = field(default_factory=list)


class BulkWriter:
    """One structured file's transaction: commit on a clean exit, roll back on an error."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._cm = None
        self.conn: Connection
        self.events_before = 0
        self.people_added = 0
        self._person_by_key: dict[str, int | None] = {}
        self._person_by_name: dict[str, int | None] = {}  # names as written, to skip the folding
        self._category_by_name: dict[str, int] = {}
        # events rows of this file must not be matched to: those of its own earlier versions
        self.not_candidates: frozenset[int] = frozenset()

    def __enter__(self) -> BulkWriter:
        self._cm = engine_mod.write_connection(self._store.engine)  # the write lock first
        self.conn = self._cm.__enter__()
        self.events_before = self.conn.scalar(select(func.max(EventRow.id))) or 0
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool | None:
        assert self._cm is not None
        if exc_type is None:
            bump_revision(self.conn)
        return self._cm.__exit__(exc_type, exc, tb)

    # --- reads ------------------------------------------------------------------------------

    def has_sha256(self, sha256: str) -> bool:
        return self.conn.scalar(select(SourceRow.id).where(SourceRow.sha256 == sha256)) is not None

    def stored_index(self) -> StoredIndex:
        index = StoredIndex.load(self.conn, self.events_before)
        if not self.not_candidates:
            return index
        keep = ~np.isin(index.ids, np.fromiter(self.not_candidates, dtype=np.int64))
        return StoredIndex(index.ids[keep], index.lo[keep], index.hi[keep])

    def load_events(self, ids: Sequence[int]) -> list[Event]:
        return load_events(self.conn, ids)

    # --- writes -----------------------------------------------------------------------------

    def add_source(self, document: Document, version: int = 1) -> int:
        """A source row for (a part of) the file; `document.records` are ignored."""
        row = {"version": version, **source_columns(document)}
        return insert_returning_ids(self.conn, SourceRow.__table__, [row])[0]

    def person_ids(self, names: Iterable[str]) -> list[int]:
        """Ids for these names (matched by any alias, else created), in order, deduplicated."""
        names = list(names)
        known = self._person_by_name
        if all(n in known for n in names):  # the usual case after the first rows
            return list(dict.fromkeys(known[n] for n in names if known[n] is not None))
        cleaned = {n: " ".join(n.split()) for n in names}
        wanted = {name_key(c): c for c in cleaned.values() if c}
        missing = [k for k in wanted if k not in self._person_by_key]
        for chunk in _chunks(missing):
            owners: dict[str, list[tuple[int, bool]]] = defaultdict(list)
            for key, pid, not_person in self.conn.execute(
                select(AliasRow.key, AliasRow.person_id, PersonRow.not_person)
                .join(PersonRow, PersonRow.id == AliasRow.person_id)
                .where(AliasRow.key.in_(chunk))
            ):
                owners[key].append((pid, bool(not_person)))
            for key, found in owners.items():
                # a name a user marked as not a person links to no one
                things = any(not_person for _, not_person in found)
                self._person_by_key[key] = None if things else min(pid for pid, _ in found)
            for pid, key in self.conn.execute(
                select(PersonRow.id, PersonRow.key).where(PersonRow.key.in_(chunk))
            ):  # a person so named, without that alias (people.key is unique)
                self._person_by_key.setdefault(key, pid)
        new = [k for k in missing if k not in self._person_by_key]
        if new:
            ids = insert_returning_ids(
                self.conn,
                PersonRow.__table__,
                [{"name": wanted[k][:300], "key": k[:300]} for k in new],
            )
            self.conn.execute(
                _insert(AliasRow),
                [
                    {"person_id": pid, "alias": wanted[k][:300], "key": k[:300]}
                    for k, pid in zip(new, ids, strict=True)
                ],
            )
            self._person_by_key.update(zip(new, ids, strict=True))
            self.people_added += len(new)
        if len(known) > 100_000:
            known.clear()
        for raw, clean in cleaned.items():
            if clean:
                known[raw] = self._person_by_key[name_key(clean)]
        return list(dict.fromkeys(known[n] for n in names if cleaned[n] and known[n] is not None))

    def category_id(self, name: str, color: str | None = None, parent: str | None = None) -> int:
        """The category of this name, created if new; a colour fills in a missing one."""
        name = " ".join(name.split())[:200]
        cid = self._category_by_name.get(name)
        if cid is not None and color is None and parent is None:
            return cid
        parent_id = self.category_id(parent) if parent and parent != name else None
        row = self.conn.execute(
            select(CategoryRow.id, CategoryRow.color, CategoryRow.parent_id).where(
                CategoryRow.name == name
            )
        ).first()
        if row is None:
            cid = insert_returning_ids(
                self.conn,
                CategoryRow.__table__,
                [{"name": name, "color": color, "parent_id": parent_id}],
            )[0]
        else:
            cid = row.id
            changes = {}
            if color and not row.color:
                changes["color"] = color
            if parent_id and not row.parent_id:
                changes["parent_id"] = parent_id
            if changes:
                self.conn.execute(
                    update(CategoryRow).where(CategoryRow.id == cid).values(**changes)
                )
        self._category_by_name[name] = cid
        return cid

    def add_period(
        self,
        name: str,
        start: HistDate,
        end: HistDate,
        color: str | None,
        source_id: int | None,
    ) -> None:
        lo, hi = bounds(start, end)
        self.conn.execute(
            _insert(PeriodRow),
            [
                {
                    "name": name[:500],
                    "start": start.to_iso(),
                    "end": end.to_iso(),
                    "lo_day": lo,
                    "hi_day": hi,
                    "color": color,
                    "source_id": source_id,
                }
            ],
        )

    def write_part(self, source_id: int, text: str, entries: Sequence[NewEvent]) -> PartResult:
        """Events and evidence for one source part; quotes are cut from `text`."""
        result = PartResult()
        new = [e for e in entries if e.same_as is None]
        ids = insert_returning_ids(self.conn, EventRow.__table__, [e.values for e in new])
        result.new_ids = ids
        result.events_added = len(ids)
        event_ids: list[int] = []
        it = iter(ids)
        for e in entries:
            event_ids.append(next(it) if e.same_as is None else e.same_as)
        evidence = []
        links = []
        matched = [(e, eid) for e, eid in zip(entries, event_ids, strict=True) if e.same_as]
        linked = self._links_of([eid for _, eid in matched])
        # a user's (or another file's) event takes the evidence but keeps its date and people
        curated = {
            eid
            for chunk in _chunks(sorted({eid for _, eid in matched}))
            for eid in self.conn.scalars(
                select(EventRow.id).where(
                    EventRow.id.in_(chunk), EventRow.origin != Origin.EXTRACTED.value
                )
            )
        }
        for e, eid in zip(entries, event_ids, strict=True):
            if not 0 <= e.quote_start < e.quote_end <= len(text):
                raise ValueError(f"an entry's line {e.quote_start}:{e.quote_end} is outside")
            evidence.append(
                {
                    "event_id": eid,
                    "source_id": source_id,
                    "start": e.quote_start,
                    "end": e.quote_end,
                    "quote": text[e.quote_start : e.quote_end],
                    "date_as_stated": e.date_as_stated[:80],
                    "stance": e.stance.value,
                }
            )
            if e.people and e.stance is not Stance.CONTRADICTS and eid not in curated:
                have = linked.setdefault(eid, set())
                for pid in self.person_ids(e.people):
                    if pid not in have:
                        have.add(pid)
                        links.append({"event_id": eid, "person_id": pid})
        for chunk in _chunks(evidence, 5000):
            self.conn.execute(_insert(EvidenceRow), list(chunk))
        for chunk in _chunks(links, 5000):
            self.conn.execute(_insert(EventPersonRow), list(chunk))
        self._update_matched([e for e, eid in matched if eid not in curated])
        from timeline_desktop.store.majority import settle  # (it builds on this module)

        settle(self.conn, {eid for e, eid in matched if e.stance is Stance.CONTRADICTS})
        result.events_matched = len(matched)
        return result

    def _links_of(self, event_ids: Sequence[int]) -> dict[int, set[int]]:
        linked: dict[int, set[int]] = defaultdict(set)
        for chunk in _chunks(sorted(set(event_ids))):
            for eid, pid in self.conn.execute(
                select(EventPersonRow.event_id, EventPersonRow.person_id).where(
                    EventPersonRow.event_id.in_(chunk)
                )
            ):
                linked[eid].add(pid)
        return linked

    def _update_matched(self, matched: Sequence[NewEvent]) -> None:
        """Finer dates and new places for stored events this file corroborates."""
        if not matched:
            return
        rows = {}
        for chunk in _chunks(sorted({e.same_as for e in matched if e.same_as is not None})):
            for r in self.conn.execute(
                select(EventRow.id, EventRow.start, EventRow.end, EventRow.places).where(
                    EventRow.id.in_(chunk)
                )
            ):
                rows[r.id] = {"start": r.start, "end": r.end, "places": r.places, "dates": None}
        for e in matched:
            row = rows.get(e.same_as)
            if row is None:
                continue
            if e.stance is Stance.SUPPORTS and e.start is not None:
                finer = refined_date(row["start"], row["end"], e.start, e.end)
                if finer is not None:
                    row["start"] = finer[0].to_iso()
                    row["end"] = finer[1].to_iso() if finer[1] is not None else None
                    row["dates"] = date_columns(*finer)
            if e.places:
                places = [p for p in row["places"].split(_PLACE_SEP) if p]
                merged = _PLACE_SEP.join(dict.fromkeys([*places, *e.places]))
                if merged != row["places"]:
                    row["places"] = merged
                    row["places_changed"] = True
        for eid, row in rows.items():
            values = dict(row["dates"] or {})
            if row.get("places_changed"):
                values["places"] = row["places"]
            if values:
                self.conn.execute(update(EventRow).where(EventRow.id == eid).values(**values))


# --- a prose document's extraction -------------------------------------------------------------


@dataclass(slots=True)
class EventPatch:
    """How one stored event changed when a document corroborated it."""

    start: HistDate | None = None  # a finer date it took ...
    end: HistDate | None = None  # ... and its end, when that is a range
    places: tuple[str, ...] | None = None  # all its places, when some were added
    evidence: tuple[Evidence, ...] = ()  # appended
    people: tuple[str, ...] = ()  # names newly linked
    # evidence (by id) whose stance changed: sources outnumbering the event's supporters
    # re-dated it (`store.majority`)
    stances: dict[int, Stance] = field(default_factory=dict)

    def applied(self, event: Event) -> Event:
        evidence = event.evidence + self.evidence
        if self.stances:
            evidence = tuple(
                replace(e, stance=self.stances[e.id]) if e.id in self.stances else e
                for e in evidence
            )
        return replace(
            event,
            start=self.start or event.start,
            end=self.end if self.start is not None else event.end,
            places=event.places if self.places is None else self.places,
            people=tuple(sorted(event.people + self.people)) if self.people else event.people,
            evidence=evidence,
        )


@dataclass(frozen=True, slots=True)
class WrittenExtraction:
    """What storing one document's extraction did, down to the rows, for caches to follow."""

    stored: StoredImport
    new_events: tuple[Event, ...]  # as `load_events` would read them
    touched: dict[int, EventPatch]  # stored events that got evidence, a date or places
    people_ids: tuple[int, ...] = ()  # people created, renamed or given new aliases
    renamed_people: tuple[int, ...] = ()  # their events now show another name
    links: tuple[tuple[int, int], ...] = ()  # (event id, person id) linked by this write
    folded: dict[int, int] | None = None  # events folded into others (`store.fold`): id -> into

    @property
    def new_event_ids(self) -> tuple[int, ...]:
        return tuple(e.id for e in self.new_events)

    @property
    def touched_event_ids(self) -> tuple[int, ...]:
        return tuple(self.touched)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two spans of one text state the same passage: they share at least half the shorter."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and 2 * shared >= min(a[1] - a[0], b[1] - b[0])


def _fuller(candidate: str, current: str) -> bool:
    """Whether `candidate` is a fuller form of a name than `current` (more words, then longer)."""
    return (len(candidate.split()), len(candidate)) > (len(current.split()), len(current))


_TEMP = 1 << 60  # ids handed out before the rows exist; above every real id, in order

# the reads of every document's batch, built once (see `_EVENT_ROWS`)
_KEYS = bindparam("keys", expanding=True)
# (the people who own a name, by its key; the stored events a file corroborates, and their
# people: read per file with `_Driver`, their IN lists filled in per call)
_OWNERS_SQL = (
    'SELECT a.person_id, a."key", p.name, p."key", p.not_person '
    "FROM person_aliases a JOIN people p ON p.id = a.person_id "
    'WHERE a.person_id IN (SELECT person_id FROM person_aliases WHERE "key" IN ({marks})) '
    'OR a.person_id IN (SELECT id FROM people WHERE "key" IN ({marks}))'
)
_NAMED_SQL = 'SELECT id, "key", name, not_person FROM people WHERE "key" IN ({marks})'
_STORED_ROWS_SQL = (
    'SELECT id, start, "end", places, origin, rejected FROM events WHERE id IN ({marks})'
)
_LINKS_SQL = "SELECT event_id, person_id FROM event_people WHERE event_id IN ({marks})"


class _ExtractionBatch:
    """Stores one document's extraction with the meaning of `Store.add_document`.

    People are matched by any of their names' keys (the lowest person id wins), a fuller
    name replaces the stored one, new names become aliases; events pointing at a stored one
    (`same_as`) add evidence to it, refine its date and merge places. Everything is worked
    out in memory first, with temporary ids for new rows, and then written in batches.
    """

    def __init__(self, conn: Connection, source_id: int, text: str) -> None:
        self.conn = conn
        self.driver = _Driver(conn)
        self.source_id = source_id
        self.text = text
        self.key_owners: dict[str, list[int]] = defaultdict(list)  # people with the key
        self.not_person: set[int] = set()  # people a user marked as not a person
        self.canonical: dict[str, int] = {}  # folded canonical name -> the one person so named
        self.person_keys: dict[int, set[str]] = defaultdict(set)
        self.person_name: dict[int, str] = {}
        self.person_by_name: dict[str, int | None] = {}
        self.new_people: list[str] = []
        self.renamed: dict[int, str] = {}
        self.new_aliases: list[tuple[int, str, str]] = []

    def write(self, extraction: Extraction) -> WrittenExtraction:
        self._prefetch_people(extraction)
        mentions = []
        for found in extraction.people:
            pid = self._upsert_person(found.name, found.aliases)
            for start, end in found.spans:
                self._check_span(start, end)
                if pid is not None:
                    mentions.append((pid, start, end))
        stored_rows = self._stored_rows({e.same_as for e in extraction.events if e.same_as})
        new_events: list[dict] = []
        evidence: list[tuple[int, FoundEvidence]] = []
        links: list[tuple[int, int]] = []
        linked = self._links_of(list(stored_rows))
        written_to: dict[int, list[tuple[int, int]]] = defaultdict(list)  # user's events
        added = corroborated = evidence_count = 0
        shared: list[dict] = []  # stored passages copied to events (`FoundEvent.shares`)
        for found in extraction.events:
            for ev in found.evidence:
                self._check_span(ev.start, ev.end)
            row = stored_rows.get(found.same_as) if found.same_as is not None else None
            curated = False
            if row is not None and not row["rejected"]:
                event_id = found.same_as
                curated = row["origin"] != Origin.EXTRACTED.value
                if not curated:
                    if any(e.stance == Stance.SUPPORTS for e in found.evidence):
                        finer = refined_date(row["start"], row["end"], found.start, found.end)
                        if finer is not None:
                            row["start"] = finer[0].to_iso()
                            row["end"] = finer[1].to_iso() if finer[1] is not None else None
                            row["dates"] = date_columns(*finer)
                    if found.places:
                        places = [p for p in row["places"].split(_PLACE_SEP) if p]
                        merged = _PLACE_SEP.join(dict.fromkeys([*places, *found.places]))
                        if merged != row["places"]:
                            row["places"], row["places_changed"] = merged, True
                corroborated += 1
            else:
                event_id = _TEMP + len(new_events)
                new_events.append(
                    event_values(
                        found.title,
                        found.summary,
                        found.start,
                        found.end,
                        found.places,
                        Origin.EXTRACTED,
                    )
                )
                added += 1
            for ev in found.evidence:
                if curated:  # a user's event takes only passages it does not have yet
                    span = (ev.start, ev.end)
                    if any(_overlap(span, other) for other in written_to[event_id]):
                        continue
                    written_to[event_id].append(span)
                evidence.append((event_id, ev))
                evidence_count += 1
            if curated:
                continue
            shared += self._passages(found.shares, event_id)
            have = linked[event_id]
            for name in found.people:
                key = name_key(name)
                if key in self.person_by_name:
                    pid = self.person_by_name[key]  # None: a name marked as not a person
                else:
                    pid = self._upsert_person(name, ())
                if pid is not None and pid not in have:
                    have.add(pid)
                    links.append((event_id, pid))
        counts = (added, corroborated, evidence_count)
        return self._flush(mentions, stored_rows, new_events, evidence, links, counts, shared)

    def _passages(self, ids: Sequence[int], event_id: int) -> list[dict]:
        """Stored passages (in their sources' current texts) as evidence rows of `event_id`,
        in the columns' order of the rows `_flush` writes: copies this source made."""
        if not ids:
            return []
        t = EvidenceRow.__table__
        rows = self.conn.execute(
            select(*(t.c[c] for c in PASSAGE_COLUMNS)).where(
                t.c.id.in_(sorted(set(ids))), t.c.in_version.is_(None)
            )
        )
        return [
            {
                "event_id": event_id,
                **dict(zip(PASSAGE_COLUMNS, r, strict=True)),
                "shared_by": self.source_id,
            }
            for r in rows
        ]

    def _check_span(self, start: int, end: int) -> None:
        if not (0 <= start < end <= len(self.text)):
            raise ValueError(
                f"extractor produced a span {start}:{end} outside the text ({len(self.text)} chars)"
            )

    # --- people ---------------------------------------------------------------------------

    def _prefetch_people(self, extraction: Extraction) -> None:
        """Everyone who owns one of the names this extraction uses (as an alias, or as the
        folded canonical name, which is unique), with all their keys, names and marks."""
        names = [n for p in extraction.people for n in (p.name, *p.aliases)]
        names += [n for e in extraction.events for n in e.people]
        keys = sorted({name_key(n) for n in names})
        wanted = set(keys)
        for chunk in _chunks(keys):
            marks = _marks(len(chunk))
            owners = self.driver.rows(_OWNERS_SQL.format(marks=marks), [*chunk, *chunk])
            for pid, key, name, person_key, not_person in owners:
                self.person_keys[pid].add(key)
                self.person_name[pid] = name
                if person_key in wanted:
                    self.canonical[person_key] = pid
                if not_person:
                    self.not_person.add(pid)
                if key in wanted and pid not in self.key_owners[key]:
                    self.key_owners[key].append(pid)
            for pid, person_key, name, not_person in self.driver.rows(
                _NAMED_SQL.format(marks=marks), chunk
            ):
                # people without any alias row still own their canonical name
                self.canonical[person_key] = pid
                self.person_name.setdefault(pid, name)
                if not_person:
                    self.not_person.add(pid)
        for pids in self.key_owners.values():
            pids.sort()

    def _upsert_person(self, name: str, aliases: Sequence[str]) -> int | None:
        """The stored person for a found name (created if new); None for a non-person.

        As the store does it: the lowest-numbered owner of any of the names that is a
        person wins; a name another person owns (a user split it off) or a thing's name
        is not added to its aliases.
        """
        if name_key(name) in self.person_by_name:
            return self.person_by_name[name_key(name)]
        keys = [name_key(n) for n in (name, *aliases)]
        pairs = [(k, p) for k in keys for p in self.key_owners.get(k, ())]
        if " " in keys[0]:  # a full name joins no other full name through a bare surname
            pairs = [
                (k, p) for k, p in pairs if " " in k or one_name_for_both(name, self.person_name[p])
            ]
        things = {k for k, p in pairs if p in self.not_person}
        if keys[0] in things:
            for key in keys:
                self.person_by_name.setdefault(key, None)
            return None
        pid = min((p for _, p in pairs if p not in self.not_person), default=None)
        if pid is None:
            pid = self.canonical.get(keys[0])  # the person so named (people.key is unique)
        if pid is None:
            pid = _TEMP + len(self.new_people)
            self.new_people.append(name)
            self.person_name[pid] = name
            self.canonical[keys[0]] = pid
        elif _fuller(name, self.person_name[pid]) and self.canonical.get(keys[0]) in (None, pid):
            old_key = name_key(self.person_name[pid])
            if self.canonical.get(old_key) == pid:
                del self.canonical[old_key]
            self.canonical[keys[0]] = pid
            self.person_name[pid] = name
            if pid < _TEMP:
                self.renamed[pid] = name
            else:
                self.new_people[pid - _TEMP] = name
        taken = things | {k for k, p in pairs if p != pid}
        have = self.person_keys[pid]
        for alias, key in zip((name, *aliases), keys, strict=True):
            alias = " ".join(alias.split())
            if alias and key not in taken and key not in have:
                have.add(key)
                self.new_aliases.append((pid, alias, key))
                owners = self.key_owners[key]
                owners.append(pid)
                owners.sort()
        for key in keys:
            if key not in taken:
                self.person_by_name.setdefault(key, pid)
        return pid

    # --- events -----------------------------------------------------------------------------

    def _stored_rows(self, ids: set[int]) -> dict[int, dict]:
        rows: dict[int, dict] = {}
        for chunk in _chunks(sorted(ids)):
            sql = _STORED_ROWS_SQL.format(marks=_marks(len(chunk)))
            for eid, start, end, places, origin, rejected in self.driver.rows(sql, chunk):
                rows[eid] = {
                    "start": start, "end": end, "places": places, "dates": None,
                    "origin": origin, "rejected": bool(rejected),
                }  # fmt: skip
        return rows

    def _links_of(self, event_ids: Sequence[int]) -> dict[int, set[int]]:
        linked: dict[int, set[int]] = defaultdict(set)
        for chunk in _chunks(sorted(event_ids)):
            for eid, pid in self.driver.rows(_LINKS_SQL.format(marks=_marks(len(chunk))), chunk):
                linked[eid].add(pid)
        return linked

    # --- writing ----------------------------------------------------------------------------

    def _insert_new(self, table: Table, rows: list[dict]) -> list[int]:
        """`insert_returning_ids`, the rows going through the driver (`_Driver`)."""
        if not rows:
            return []
        ids = backend(self.conn).reserve_ids(self.conn, table, len(rows))
        self.driver.insert(table, rows, ids)
        return ids

    def _flush(
        self,
        mentions: list[tuple[int, int, int]],
        stored_rows: dict[int, dict],
        new_events: list[dict],
        evidence: list[tuple[int, FoundEvidence]],
        links: list[tuple[int, int]],
        counts: tuple[int, int, int],
        shared: Sequence[dict],
    ) -> WrittenExtraction:
        added_count, corroborated, evidence_count = counts
        conn = self.conn
        person_ids = self._insert_new(
            PersonRow.__table__, [{"name": n, "key": name_key(n)} for n in self.new_people]
        )

        def person(pid: int) -> int:
            return person_ids[pid - _TEMP] if pid >= _TEMP else pid

        if self.renamed:
            conn.execute(
                update(PersonRow)
                .where(PersonRow.id == bindparam("pid"))
                .values(name=bindparam("new_name"), key=bindparam("new_key")),
                [
                    {"pid": pid, "new_name": name, "new_key": name_key(name)}
                    for pid, name in self.renamed.items()
                ],
            )
        self.driver.insert(
            AliasRow.__table__,
            [{"person_id": person(p), "alias": a, "key": k} for p, a, k in self.new_aliases],
        )
        self.driver.insert(
            MentionRow.__table__,
            [
                {"person_id": person(p), "source_id": self.source_id, "start": s, "end": e}
                for p, s, e in mentions
            ],
        )
        event_ids = self._insert_new(EventRow.__table__, new_events)

        def event(eid: int) -> int:
            return event_ids[eid - _TEMP] if eid >= _TEMP else eid

        touched: dict[int, EventPatch] = {}
        updates: dict[tuple[str, ...], list[dict]] = defaultdict(list)  # by the columns set
        for eid, row in stored_rows.items():
            if row["rejected"]:
                continue  # never matched: the found event became a new one
            values = dict(row["dates"] or {})
            if row.get("places_changed"):
                values["places"] = row["places"]
            if values:
                updates[tuple(values)].append(
                    {"eid": eid, **{f"v_{k}": v for k, v in values.items()}}
                )
            touched[eid] = EventPatch(
                start=HistDate.parse_iso(row["start"]) if row["dates"] else None,
                end=HistDate.parse_iso(row["end"]) if row["dates"] and row["end"] else None,
                places=_split_places(row["places"]) if row.get("places_changed") else None,
            )
        for columns, params in updates.items():
            conn.execute(_event_update(columns), params)
        evidence_rows = [
            {
                "event_id": event(eid),
                "source_id": self.source_id,
                "start": ev.start,
                "end": ev.end,
                "quote": self.text[ev.start : ev.end],
                "date_as_stated": ev.date_as_stated,
                "stance": ev.stance.value,
                "rules": rules_text(ev.rules),
                "shared_by": None,
            }
            for eid, ev in evidence
        ]
        evidence_rows += [{**r, "event_id": event(r["event_id"])} for r in shared]
        evidence_ids = self._insert_new(EvidenceRow.__table__, evidence_rows)
        self.driver.insert(
            EventPersonRow.__table__,
            [{"event_id": event(e), "person_id": person(p)} for e, p in links],
        )
        # what was written, as the events now read: so a cache need not read them again
        added: dict[int, list[Evidence]] = defaultdict(list)
        for row, evidence_id in zip(evidence_rows, evidence_ids, strict=True):
            added[row["event_id"]].append(
                Evidence(
                    evidence_id, row["event_id"], row["source_id"], row["start"], row["end"],
                    row["quote"], row["date_as_stated"], Stance(row["stance"]),
                    rules=rules_of(row["rules"]), shared_by=row["shared_by"],
                )
            )  # fmt: skip
        names: dict[int, list[str]] = defaultdict(list)
        for e, p in links:
            names[event(e)].append(self.person_name[p])
        events = tuple(
            Event(
                id=eid,
                title=values["title"],
                summary=values["summary"],
                start=HistDate.parse_iso(values["start"]),
                end=HistDate.parse_iso(values["end"]) if values["end"] else None,
                places=_split_places(values["places"]),
                people=tuple(sorted(names[eid])),
                origin=Origin(values["origin"]),
                evidence=tuple(added[eid]),
            )
            for eid, values in zip(event_ids, new_events, strict=True)
        )
        for eid, patch in touched.items():
            patch.evidence = tuple(added[eid])
            patch.people = tuple(names[eid])
        stored = StoredImport(
            self.source_id, added_count, corroborated, evidence_count, len(self.new_people)
        )
        changed = {person(p) for p, _, _ in self.new_aliases} | set(self.renamed)
        changed.update(person_ids)
        return WrittenExtraction(
            stored,
            events,
            touched,
            tuple(sorted(changed)),
            tuple(sorted(self.renamed)),
            tuple((event(e), person(p)) for e, p in links),
        )


@cache
def _event_update(columns: tuple[str, ...]):
    """An UPDATE of these event columns by id, for executemany (params eid, v_<column>)."""
    return (
        update(EventRow)
        .where(EventRow.id == bindparam("eid"))
        .values({c: bindparam(f"v_{c}") for c in columns})
    )


def _split_places(text: str) -> tuple[str, ...]:
    return tuple(p for p in text.split(_PLACE_SEP) if p)


class StaleExtractionError(RuntimeError):
    """Another client wrote between the extraction and its storing: extract again."""


def write_document(
    store: Store, document: Document, extraction: Extraction, seen_revision: int | None = None
) -> WrittenExtraction | None:
    """`Store.add_document` in batches: None (nothing written) when the bytes are stored.

    With `seen_revision` (the store's revision when the extraction began) it raises
    StaleExtractionError, writing nothing, if another client wrote in the meantime: the
    extraction's matches may then be out of date (`Store.import_document` does the same).
    """
    with engine_mod.write_connection(store.engine) as conn:  # the write lock first
        if seen_revision is not None and current_revision(conn) != seen_revision:
            raise StaleExtractionError(document.path)
        if conn.scalar(SOURCE_BY_SHA256, {"sha256": document.sha256}):
            return None
        source_id = insert_returning_ids(
            conn,
            SourceRow.__table__,
            [source_columns(document)],
        )[0]
        written = _ExtractionBatch(conn, source_id, document.text).write(extraction)
        _settle_contested(conn, extraction, written)
        from timeline_desktop.store.fold import fold_bridged  # (it builds on this module)

        folded = fold_bridged(conn, source_id, written.touched)
        if folded:
            written = replace(written, folded=folded)
        bump_revision(conn)
    return written


def _settle_contested(conn: Connection, extraction: Extraction, written: WrittenExtraction) -> None:
    """Re-date the stored events this document contradicted where the contradicting
    sources now outnumber the supporting ones (`store.majority`), and say so in the
    patches the caches follow."""
    from timeline_desktop.store.majority import settle  # (it builds on this module)

    contested = {
        found.same_as
        for found in extraction.events
        if found.same_as in written.touched
        and any(e.stance is Stance.CONTRADICTS for e in found.evidence)
    }
    for eid, redated in settle(conn, contested).items():
        patch = written.touched[eid]
        patch.start, patch.end, patch.stances = redated.start, redated.end, redated.stances
