"""A columnar snapshot of the whole timeline, so a large database opens and filters fast.

Reading a million events row by row takes seconds; the timeline needs only four integer
columns and the event-person links. The store keeps them as numpy arrays in memory and, for
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
from sqlalchemy import select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from timeline_desktop.store.backends import WRITE_OPTION, backend
from timeline_desktop.store.orm import EventPersonRow, EventRow, MetaRow

log = logging.getLogger(__name__)

NAME = "timeline"
PERSIST_FROM = 20_000  # below this many events a snapshot is cheap to rebuild: keep it in memory


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

    def __post_init__(self) -> None:
        for name in ("ids", "lo", "hi", "precision", "pair_events", "pair_people"):
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
        hits = np.zeros(size, dtype=np.int16)
        for group in groups:
            member = np.zeros(size, dtype=bool)
            for person in group:
                lo = np.searchsorted(self.pair_people, person)
                hi = np.searchsorted(self.pair_people, person, side="right")
                member[self.pair_events[lo:hi]] = True
            hits += member
        return hits[self.ids] == len(groups)

    def encode(self) -> bytes:
        buffer = io.BytesIO()
        np.savez(
            buffer,
            ids=self.ids,
            lo=self.lo,
            hi=self.hi,
            precision=self.precision,
            pair_events=self.pair_events,
            pair_people=self.pair_people,
        )
        return buffer.getvalue()

    @classmethod
    def decode(cls, revision: int, data: bytes) -> Snapshot:
        with np.load(io.BytesIO(data)) as arrays:
            return cls(
                revision,
                *(
                    arrays[k]
                    for k in ("ids", "lo", "hi", "precision", "pair_events", "pair_people")
                ),
            )


def bump_revision(bind: Session | Connection) -> None:
    """Mark the data as changed; call inside every write transaction."""
    bind.execute(update(MetaRow).where(MetaRow.key == "revision").values(value=MetaRow.value + 1))


def current_revision(conn: Connection) -> int:
    return conn.scalar(select(MetaRow.value).where(MetaRow.key == "revision")) or 0


def build(conn: Connection, revision: int) -> Snapshot:
    int_matrix = backend(conn).int_matrix
    rows = int_matrix(
        conn,
        select(EventRow.id, EventRow.lo_day, EventRow.hi_day, EventRow.precision).where(
            EventRow.rejected.is_(False)
        ),
    )
    rows = rows[np.lexsort((rows[:, 0], rows[:, 1]))]
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
                    self._current = Snapshot.decode(revision, stored)
                    return self._current
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
