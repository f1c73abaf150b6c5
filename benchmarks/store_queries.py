"""Benchmark: window and person queries on a database of 1,000,000 synthetic events.

    .venv/bin/python benchmarks/store_queries.py [--events 1000000] [--db PATH_OR_URL] [--keep]

`--db` takes a SQLite file or a database URL, such as an empty PostgreSQL database
(postgresql://user@host/bench; the password from ~/.pgpass or PGPASSFILE). Fills the database,
unless it holds events already, with events spread over 3000 BC - AD 2000 at mixed precisions
(day, month, year, decade, multi-year ranges), each linked to one to three of 500 people with
a skewed (Zipf-like) popularity, then times the queries the timeline and the person filter
make. Prints the median and 95th percentile of repeated runs. Targets: a window returning
about 10,000 events and a person filter, each under 50 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import text

from timeline_desktop.domain.dates import HistDate, from_day_number
from timeline_desktop.domain.model import EventFilter
from timeline_desktop.store.engine import display_target, is_url
from timeline_desktop.store.repository import Store

FIRST_DAY = HistDate.of_year(-2999).earliest_day()
LAST_DAY = HistDate.of_year(2000).latest_day()


def synthetic_events(
    n: int, person_ids: list[int], rng: random.Random
) -> Iterator[tuple[str, HistDate, HistDate | None, list[int]]]:
    weights = [1 / (rank + 1) for rank in range(len(person_ids))]
    for i in range(n):
        y, m, d = from_day_number(rng.randint(FIRST_DAY, LAST_DAY))
        kind = rng.random()
        end = None
        if kind < 0.60:
            start = HistDate.of_day(y, m, d)
        elif kind < 0.80:
            start = HistDate.of_month(y, m)
        elif kind < 0.95:
            start = HistDate.of_year(y)
        elif kind < 0.99:
            start = HistDate.of_decade(y)
        else:
            start = HistDate.of_year(y)
            end = HistDate.of_year(y + rng.randint(1, 30))
        people = set(rng.choices(person_ids, weights, k=rng.randint(1, 3)))
        yield f"Synthetic event {i}", start, end, sorted(people)


def timed(fn: Callable[[], object], repeat: int = 15) -> tuple[float, float, object]:
    fn()  # warm the page cache and SQLAlchemy's statement cache
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], result


def database_size(store: Store, target: str) -> int:
    if not is_url(target):
        return Path(target).stat().st_size
    with store.engine.connect() as conn:
        if store.engine.dialect.name == "postgresql":
            return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar())
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--people", type=int, default=500)
    ap.add_argument("--db", help="database file or URL (default: a temporary SQLite file)")
    ap.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = ap.parse_args()

    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory()
        args.db = str(Path(tmp.name) / "bench.db")
    rng = random.Random(1953)
    store = Store.open(args.db)
    if store.count_events() == 0:
        t0 = time.perf_counter()
        person_ids = [store.add_person(f"Person {i:03d}") for i in range(args.people)]
        store.bulk_add_events(synthetic_events(args.events, person_ids, rng))
        print(
            f"filled {args.events:,} events in {time.perf_counter() - t0:.1f} s "
            f"({database_size(store, args.db) / 1e6:.0f} MB)"
        )
    total = store.count_events()
    t0 = time.perf_counter()
    store.timeline()
    snapshot_build = (time.perf_counter() - t0) * 1000
    fresh = Store.open(args.db)  # a new process-like start: reads the stored snapshot
    t0 = time.perf_counter()
    fresh.timeline()
    snapshot_load = (time.perf_counter() - t0) * 1000
    fresh.close()
    people = store.people()
    by_count = sorted(people, key=lambda p: p.event_count)

    rows: list[tuple[str, float, float, int]] = [
        ("whole timeline, snapshot built", snapshot_build, snapshot_build, total),
        ("whole timeline, stored snapshot read", snapshot_load, snapshot_load, total),
    ]

    def bench(label: str, flt: EventFilter) -> None:
        med, p95, arrays = timed(lambda: store.timeline(flt))
        rows.append((label, med, p95, len(arrays.ids)))  # type: ignore[attr-defined]

    # a window sized to hold about 10,000 events
    span_days = int((LAST_DAY - FIRST_DAY) * 10_000 / total)
    mid = (FIRST_DAY + LAST_DAY) // 2
    lo, hi = from_day_number(mid), from_day_number(mid + span_days)
    window = EventFilter(start=HistDate.of_day(*lo), end=HistDate.of_day(*hi))
    bench("window, ~10,000 events", window)
    med, p95, found = timed(lambda: store.event_ids(window))
    rows.append(("  the same, ids only (lists, search)", med, p95, len(found)))  # type: ignore[arg-type]
    bc_lo, bc_hi = from_day_number(FIRST_DAY + 1000), from_day_number(FIRST_DAY + 1000 + span_days)
    bench(
        "window in BC years",
        EventFilter(start=HistDate.of_day(*bc_lo), end=HistDate.of_day(*bc_hi)),
    )
    median_person = by_count[len(by_count) // 2]
    bench(
        f"person filter ({median_person.event_count:,} events)",
        EventFilter(people=(median_person.name,)),
    )
    top = by_count[-1]
    bench(f"person filter, busiest ({top.event_count:,} events)", EventFilter(people=(top.name,)))
    bench("3 people, any of", EventFilter(people=tuple(p.name for p in by_count[-12:-9])))
    bench(
        "3 people, all of",
        EventFilter(people=tuple(p.name for p in by_count[-3:]), all_people=True),
    )
    bench(
        "person filter in the window",
        EventFilter(people=(top.name,), start=window.start, end=window.end),
    )
    med, p95, count = timed(lambda: store.count_events(window))
    rows.append(("count in the window", med, p95, count))  # type: ignore[arg-type]
    ids = [int(i) for i in store.timeline(window).ids[:200]]
    med, p95, _ = timed(lambda: store.events_by_id(ids))
    rows.append(("200 events with evidence (a list page)", med, p95, len(ids)))

    kind = store.engine.dialect.name
    print(f"{total:,} events, {len(people)} people, {kind} database {display_target(args.db)}")
    print(f"{'query':<42} {'median ms':>10} {'p95 ms':>8} {'rows':>9}")
    for label, med, p95, n in rows:
        print(f"{label:<42} {med:>10.1f} {p95:>8.1f} {n:>9,}")
    store.close()
    if tmp is not None and not args.keep:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
