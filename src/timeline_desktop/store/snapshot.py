"""A columnar snapshot of the whole timeline, so a large database opens and filters fast.

Reading a million events row by row takes seconds; the timeline needs only four integer
columns, the titles (its labels), the dates of events whose day numbers do not tell their
shape, and the event-person links. The store keeps them as numpy arrays in memory and, for
large databases, as one binary blob in the `snapshots` table, valid while the database's
revision (bumped by every write) is unchanged. Person filters without other conditions are
then answered in numpy, whatever the number of matching events.

Saving a snapshot is a cache write: it is skipped, never waited for and never an error, when
another client is writing, when two clients save at once (an upsert, so no duplicate key),
or when the database is read-only (a read-only role browses without it).
"""

from __future__ import annotations

import io
import logging
import threading
from dataclasses import dataclass

import numpy as np
from sqlalchemy import case, func, literal, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from timeline_desktop.store.backends import WRITE_OPTION, backend
from timeline_desktop.store.columns import TextColumn
from timeline_desktop.store.orm import EventPersonRow, EventRow, MetaRow
from timeline_desktop.store.orm import SnapshotRow as SnapshotRow  # where snapshots are kept

log = logging.getLogger(__name__)

NAME = "timeline"
PERSIST_FROM = 20_000  # below this many events a snapshot is cheap to rebuild: keep it in memory
FORMAT = 2  # 2: titles and dates travel with the arrays

# "start[/end]" (ISO/EDTF) of the events whose day numbers alone do not tell how to draw them:
# approximate, qualified ("before 1950", a prefix word) or ranges; "" for all the others.
SHAPE_DATES = case(
    (
        or_(EventRow.approximate.is_(True), EventRow.end.is_not(None), EventRow.start.like("% %")),
        EventRow.start.concat(func.coalesce(literal("/").concat(EventRow.end), "")),
    ),
    else_="",
)
# What the timeline gets per event: ints first, then texts (see sqlite.int_text_columns).
TIMELINE_COLUMNS = (
    EventRow.id,
    EventRow.lo_day,
    EventRow.hi_day,
    EventRow.precision,
    EventRow.title,
    SHAPE_DATES,
)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Arrays shared by every caller of one Store: read-only so nobody edits the cache."""

    revision: int
    ids: np.ndarray  # sorted by (lo, id)
    lo: np.ndarray
    hi: np.ndarray
    precision: np.ndarray
    pair_events: np.ndarray  # event-person links, sorted by person
    pair_people: np.ndarray
    titles: TextColumn  # aligned with ids
    dates: TextColumn  # aligned with ids; see SHAPE_DATES

    _ARRAYS = ("ids", "lo", "hi", "precision", "pair_events", "pair_people")

    def __post_init__(self) -> None:
        for name in self._ARRAYS:
            getattr(self, name).flags.writeable = False

    def mask_for_people(self, groups: list[list[int]]) -> np.ndarray:
        """Boolean mask over `ids`: events linked to someone from every group.

        Works on dense per-id flags rather than sorting id sets, so even a person linked to a
        quarter of a million events filters in milliseconds.
        """
        # links may name events the snapshot leaves out (rejected ones): size for both
        size = 1 + max(
            int(self.ids.max()) if len(self.ids) else 0,
            int(self.pair_events.max()) if len(self.pair_events) else 0,
        )
        hits = None
        for group in groups:
            member = np.zeros(size, dtype=bool)
            for person in group:
                lo = np.searchsorted(self.pair_people, person)
                hi = np.searchsorted(self.pair_people, person, side="right")
                member[self.pair_events[lo:hi]] = True
            if len(groups) == 1:  # the usual case: one person (or one name's people)
                return member[self.ids]
            if hits is None:
                hits = np.zeros(size, dtype=np.int16)
            hits += member
        if hits is None:
            return np.ones(len(self.ids), dtype=bool)
        return hits[self.ids] == len(groups)

    def encode(self) -> bytes:
        buffer = io.BytesIO()
        texts = {}
        for name in ("titles", "dates"):
            column: TextColumn = getattr(self, name)
            texts[f"{name}_data"] = np.frombuffer(column.data, dtype=np.uint8)
            texts[f"{name}_start"], texts[f"{name}_end"] = column.start, column.end
        np.savez(
            buffer,
            format=np.array(FORMAT),
            **{name: getattr(self, name) for name in self._ARRAYS},
            **texts,
        )
        return buffer.getvalue()

    @classmethod
    def decode(cls, revision: int, data: bytes) -> Snapshot | None:
        """The snapshot, or None if it was saved in an older format (then it is rebuilt)."""
        with np.load(io.BytesIO(data)) as arrays:
            if "format" not in arrays or int(arrays["format"]) != FORMAT:
                return None
            texts = {
                name: TextColumn(
                    arrays[f"{name}_data"].tobytes(), arrays[f"{name}_start"], arrays[f"{name}_end"]
                )
                for name in ("titles", "dates")
            }
            return cls(revision, **{name: arrays[name] for name in cls._ARRAYS}, **texts)


# built once: every imported file runs both
_BUMP = update(MetaRow).where(MetaRow.key == "revision").values(value=MetaRow.value + 1)
_REVISION = select(MetaRow.value).where(MetaRow.key == "revision")


def bump_revision(bind: Session | Connection) -> None:
    """Mark the data as changed; call inside every write transaction."""
    bind.execute(_BUMP)


def current_revision(conn: Connection) -> int:
    return conn.scalar(_REVISION) or 0


def build(conn: Connection, revision: int) -> Snapshot:
    int_matrix = backend(conn).int_matrix
    rows, (titles, dates) = backend(conn).int_text_columns(
        conn, select(*TIMELINE_COLUMNS).where(EventRow.rejected.is_(False)), 2
    )
    order = np.lexsort((rows[:, 0], rows[:, 1]))
    rows = rows[order]
    pairs = int_matrix(conn, select(EventPersonRow.event_id, EventPersonRow.person_id))
    pairs = pairs[np.argsort(pairs[:, 1], kind="stable")]
    return Snapshot(
        revision,
        ids=rows[:, 0].copy(),
        lo=rows[:, 1].copy(),
        hi=rows[:, 2].copy(),
        precision=rows[:, 3].astype(np.int8),
        pair_events=pairs[:, 0].copy(),
        pair_people=pairs[:, 1].copy(),
        titles=titles.take(order),
        dates=dates.take(order),
    )


class SnapshotCache:
    """The newest snapshot, shared by the threads that use one Store."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._current: Snapshot | None = None

    def get(self) -> Snapshot:
        with self._lock:
            with self._engine.connect() as conn:
                revision = current_revision(conn)
                if self._current is not None and self._current.revision == revision:
                    return self._current
                stored = backend(conn).load_snapshot(conn, NAME, revision)
                if stored is not None:
                    decoded = Snapshot.decode(revision, stored)
                    if decoded is not None:
                        self._current = decoded
                        return decoded
                snapshot = build(conn, revision)
            if len(snapshot.ids) >= PERSIST_FROM:
                self._persist(snapshot)
            self._current = snapshot
            return snapshot

    def _persist(self, snapshot: Snapshot) -> None:
        """Save for the next start, unless someone is writing or the database is read-only."""
        try:
            with self._engine.execution_options(**{WRITE_OPTION: "try"}).begin() as conn:
                if not conn.info.get("write_lock") or current_revision(conn) != snapshot.revision:
                    return
                backend(conn).save_snapshot(conn, NAME, snapshot.revision, snapshot.encode())
        except DBAPIError as exc:
            log.debug("timeline snapshot not saved: %s", exc.orig)
