"""The columnar snapshot answers like the SQL path, survives reopening and goes stale on writes."""

from __future__ import annotations

import random

import numpy as np
import pytest
from sqlalchemy import select

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import EventFilter
from timeline_desktop.store import snapshot as snapshot_mod
from timeline_desktop.store.orm import SnapshotRow
from timeline_desktop.store.repository import Store

pytestmark = pytest.mark.backends


@pytest.fixture
def big(db_target: str, monkeypatch) -> Store:
    monkeypatch.setattr(snapshot_mod, "PERSIST_FROM", 100)
    store = Store.open(db_target)
    people = [store.add_person(f"Person {i}") for i in range(6)]
    rng = random.Random(7)
    rows = [
        (
            f"e{i}",
            HistDate.of_year(rng.randint(-500, 2000)),
            None,
            rng.sample(people, rng.randint(0, 3)),
        )
        for i in range(600)
    ]
    store.bulk_add_events(rows)
    return store


def sql_ids(store: Store, flt: EventFilter) -> list[int]:
    """The same filter answered by SQL: a window covering everything forces that path."""
    wide = EventFilter(people=flt.people, all_people=flt.all_people, window_days=(-(10**8), 10**8))
    return [int(i) for i in store.timeline(wide).ids]


@pytest.mark.parametrize("all_people", [False, True])
def test_person_filters_from_the_snapshot_match_sql(big: Store, all_people: bool) -> None:
    for names in [("Person 0",), ("person 1", "Person 2"), ("Person 3", "Person 4", "Person 5")]:
        flt = EventFilter(people=names, all_people=all_people)
        from_snapshot = big.timeline(flt)
        assert list(from_snapshot.ids) == sql_ids(big, flt)
        assert np.all(np.diff(from_snapshot.lo) >= 0)


def test_snapshot_is_persisted_and_reused_until_a_write(big: Store, db_target: str) -> None:
    everything = big.timeline()
    assert len(everything.ids) == 600
    with big.engine.connect() as conn:
        assert conn.scalar(select(SnapshotRow.revision)) is not None
    reopened = Store.open(db_target)
    assert list(reopened.timeline().ids) == list(everything.ids)
    reopened.add_event("A new one", HistDate.of_year(1066), people=["Person 0"])
    assert len(reopened.timeline().ids) == 601  # the write made the snapshot stale
    assert len(big.timeline().ids) == 601  # also for another Store on the same file
    assert 1066 in [
        HistDate.parse_iso(e.start.to_iso()).year
        for e in reopened.events(EventFilter(people=("Person 0",)))
    ]


def test_shared_arrays_are_read_only(big: Store) -> None:
    arrays = big.timeline()
    with pytest.raises(ValueError):
        arrays.ids[0] = 1
