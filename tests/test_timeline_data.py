"""What the store hands the timeline: titles and the dates of irregular events travel with the
arrays, aligned with the ids on every path (snapshot, persisted snapshot, SQL queries)."""

from __future__ import annotations

import numpy as np
import pytest

from timeline_desktop.domain.dates import HistDate, Qualifier
from timeline_desktop.domain.model import EventFilter
from timeline_desktop.store import snapshot as snapshot_mod
from timeline_desktop.store.columns import TextColumn
from timeline_desktop.store.repository import Store, TimelineArrays

pytestmark = pytest.mark.backends  # the titles travel alike from both databases

PLAIN = HistDate.of_day(1953, 3, 5)
APPROX = HistDate.of_year(1950).with_(approximate=True)
BEFORE = HistDate.of_year(1800).with_(qualifier=Qualifier.BEFORE)


@pytest.fixture
def mixed(db_target: str):
    store = Store.open(db_target)
    stalin = store.add_person("Joseph Stalin")
    store.bulk_add_events(
        [
            ("Stalin dies", PLAIN, None, [stalin]),
            ("About 1950", APPROX, None, []),
            ("Before 1800, with a \x1f separator", BEFORE, None, []),
            ("War years", HistDate.of_year(1941), HistDate.of_year(1945), [stalin]),
            ("Ünïcödé title – with dashes", HistDate.of_month(1917, 11), None, [stalin]),
            ("", HistDate.of_year(1924), None, []),
        ]
    )
    yield store
    store.close()


def as_dict(arr: TimelineArrays) -> dict[int, tuple[str, str]]:
    assert len(arr.titles) == len(arr.dates) == len(arr.ids)
    return {int(i): (arr.titles[k], arr.dates[k]) for k, i in enumerate(arr.ids)}


def expected(store: Store) -> dict[int, tuple[str, str]]:
    out = {}
    for ev in store.events(with_evidence=False):
        regular = ev.end is None and not ev.start.approximate and not ev.start.qualifier
        dates = "" if regular else ev.start.to_iso() + (f"/{ev.end.to_iso()}" if ev.end else "")
        out[ev.id] = (ev.title.replace("\x1f", " "), dates)
    return out


def test_titles_and_dates_are_aligned_on_every_path(mixed: Store) -> None:
    want = expected(mixed)
    assert sorted(d for _, d in want.values() if d) == ["1941/1945", "1950~", "before 1800"]
    everything = mixed.timeline()
    assert as_dict(everything) == want
    assert list(everything.lo) == sorted(everything.lo)
    person = mixed.timeline(EventFilter(people=("Joseph Stalin",)))  # snapshot, masked
    assert as_dict(person) == {i: want[i] for i in person.ids.tolist()} and len(person.ids) == 3
    searched = mixed.timeline(EventFilter(search="dies"))  # SQL with full-text search
    assert [t for t, _ in as_dict(searched).values()] == ["Stalin dies"]
    window = mixed.timeline(EventFilter(start=HistDate.of_year(1900), end=HistDate.of_year(1960)))
    assert as_dict(window) == {i: want[i] for i in window.ids.tolist()} and len(window.ids) == 5
    assert mixed.timeline(EventFilter(ids=())).titles.tolist() == []


def test_a_persisted_snapshot_keeps_titles_and_an_old_one_is_rebuilt(
    mixed: Store, monkeypatch
) -> None:
    monkeypatch.setattr(snapshot_mod, "PERSIST_FROM", 1)
    want = as_dict(mixed.timeline())
    reopened = Store(mixed.engine)  # a new cache: reads the persisted blob
    assert as_dict(reopened.timeline()) == want

    with mixed.engine.connect() as conn:
        snap = snapshot_mod.build(conn, snapshot_mod.current_revision(conn))
    old = snap.encode().replace(b"format", b"xormat")  # as written before titles travelled
    assert snapshot_mod.Snapshot.decode(snap.revision, old) is None
    with mixed.engine.begin() as conn:
        conn.execute(snapshot_mod.SnapshotRow.__table__.update().values(data=old))
    assert as_dict(Store(mixed.engine).timeline()) == want


def test_text_column_slices_like_numpy() -> None:
    col = TextColumn.from_strings(["a", "", "ß\x1fx", "last"])
    assert col.tolist() == ["a", "", "ß x", "last"]
    assert col.take(np.array([True, False, True, False])).tolist() == ["a", "ß x"]
    assert col.take(np.array([3, 0])).tolist() == ["last", "a"]
    assert list(col.nonempty()) == [True, False, True, True]
    assert TextColumn.from_joined("", 1).tolist() == [""]  # one empty row, not none
    assert len(TextColumn.from_joined(None, 0)) == 0
    with pytest.raises(ValueError):
        TextColumn.from_joined("a\x1fb", 3)


def test_a_person_filter_picks_the_same_rows_as_its_query(mixed: Store) -> None:
    """The timeline indexes everything once and takes a person's rows from it: those rows must
    be exactly what the store's own filtered query returns, titles and coordinates included."""
    from timeline_desktop.ui.state import LaneMode
    from timeline_desktop.ui.timeline.lanes import load_lanes

    flt = EventFilter(people=("Joseph Stalin",))
    everything, mask = mixed.timeline_picks(flt)
    assert mask is not None and int(mask.sum()) == 3
    assert mixed.timeline_picks(EventFilter(search="Stalin")) is None  # a search needs SQL
    queried = mixed.timeline(flt)
    (lane,) = load_lanes(mixed, flt, LaneMode.SINGLE, {}).lanes
    assert list(lane.events.ids) == list(queried.ids) == list(everything.ids[mask])
    assert [lane.events.titles[k] for k in range(3)] == [queried.titles[k] for k in range(3)]
    whole = load_lanes(mixed, EventFilter(), LaneMode.SINGLE, {}).lanes[0].events
    assert np.array_equal(lane.events.x0, whole.x0[mask])
