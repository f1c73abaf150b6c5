"""Several clients writing one database at once store exactly what one client would.

Clients are real processes running the command line (as two app windows, or the app and a
script, would be), on a SQLite file and on a PostgreSQL database. Imports can commit in any
order, and what a file adds depends on what is stored before it, so each result is compared
with a one-at-a-time import of the same files in the order they were committed (the order of
their source ids). In-process tests pin down the individual races deterministically.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from conftest import DEMO
from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import Document, Extraction
from timeline_desktop.export.json_export import build_export
from timeline_desktop.extract.base import ExtractionContext
from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.ingest.pipeline import FileStatus, import_file, import_paths
from timeline_desktop.store import engine as engine_mod
from timeline_desktop.store import snapshot as snapshot_mod
from timeline_desktop.store.orm import SnapshotRow
from timeline_desktop.store.repository import Store

pytestmark = pytest.mark.backends

SUMMARY = re.compile(r"(\d+) files: (\d+) imported, (\d+) already stored, (\d+) failed")


def corpus(seeds: Path) -> list[Path]:
    """Documents that share people and events (Khrushchev's rise; Caesar, Augustus, Napoleon)."""
    demo = [DEMO / n for n in ("caesar-ides-of-march.txt", "roman-republic-end.md")]
    return sorted(seeds.glob("*.txt")) + demo + [DEMO / "napoleon-cp1252.txt"]


def canonical(store: Store) -> dict[str, Any]:
    """Everything stored, without the ids (which depend on who committed first)."""
    data = build_export(store)
    names = {s["id"]: s["file_name"] for s in data["sources"]}
    events = sorted(
        (
            e["start"],
            e["end"] or "",
            e["title"],
            e["summary"],
            e["precision"],
            e["approximate"],
            tuple(e["places"]),
            tuple(sorted(e["people"])),
            tuple(
                sorted(
                    (names[ev["source_id"]], ev["start"], ev["end"], ev["quote"], ev["stance"])
                    for ev in e["evidence"]
                )
            ),
        )
        for e in data["events"]
    )
    people = sorted((p.name, tuple(sorted(p.aliases)), p.event_count) for p in store.people())
    return {"sources": sorted(names.values()), "people": people, "events": events}


def commit_order(store: Store) -> list[str]:
    return [Path(s.path).name for s in store.sources(with_text=False)]


_reference_cache: dict[tuple[str, ...], dict[str, Any]] = {}


def one_at_a_time(files: list[Path], order: list[str], tmp_path: Path) -> dict[str, Any]:
    """What importing `files` one by one in `order` stores (cached: orders repeat)."""
    key = tuple(order)
    if key not in _reference_cache:
        by_name = {p.name: p for p in files}
        with Store.open(tmp_path / f"reference-{len(_reference_cache)}.db") as ref:
            report = import_paths(ref, [by_name[n] for n in order])
            assert not report.failed
            _reference_cache[key] = canonical(ref)
    return _reference_cache[key]


def run_clients(target: str, file_lists: list[list[Path]]) -> list[tuple[int, int, int]]:
    """Start one command-line import per list at once; (imported, already stored, failed)."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "timeline_desktop", "--db", target, "import", *map(str, files)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        for files in file_lists
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        found = SUMMARY.search(out)
        assert found, out
        results.append((int(found[2]), int(found[3]), int(found[4])))
    return results


@pytest.mark.parametrize("run", range(3))
def test_two_clients_importing_different_files(
    db_target: str, seeds: Path, tmp_path: Path, run: int
) -> None:
    files = corpus(seeds)
    halves = [files[run % 2 :: 2], files[1 - run % 2 :: 2]]
    results = run_clients(db_target, halves)
    assert [r[0] for r in results] == [len(h) for h in halves]
    with Store.open(db_target) as store:
        assert canonical(store) == one_at_a_time(files, commit_order(store), tmp_path)


@pytest.mark.parametrize("run", range(2))
def test_two_clients_importing_the_same_files(
    db_target: str, seeds: Path, tmp_path: Path, run: int
) -> None:
    files = corpus(seeds)
    lists = [files, files if run == 0 else files[::-1]]
    results = run_clients(db_target, lists)
    # every file stored once: by one client, "already stored" for the other, none failed
    assert sum(r[0] for r in results) == len(files)
    assert all(r[0] + r[1] == len(files) and r[2] == 0 for r in results)
    with Store.open(db_target) as store:
        assert canonical(store) == one_at_a_time(files, commit_order(store), tmp_path)


def test_four_clients_on_a_new_database(db_target: str, seeds: Path, tmp_path: Path) -> None:
    """Four imports at once (the first migrating the new database): nothing fails, nothing is
    stored twice, and the result is a one-at-a-time import's."""
    files = corpus(seeds)
    lists = [files[i:] + files[:i] for i in (0, 2, 4, 6)]
    results = run_clients(db_target, lists)
    assert sum(r[0] for r in results) == len(files)
    assert all(r[2] == 0 for r in results)
    with Store.open(db_target) as store:
        assert canonical(store) == one_at_a_time(files, commit_order(store), tmp_path)


# --- the races, one at a time ---------------------------------------------------------------------


class PausingExtractor:
    """The real extractor, which waits after its first extraction until told to go on."""

    def __init__(self) -> None:
        self.calls = 0
        self.extracted = threading.Event()
        self.go_on = threading.Event()

    def extract(self, document: Document, context: ExtractionContext) -> Extraction:
        self.calls += 1
        result = RuleExtractor().extract(document, context)
        if self.calls == 1:
            self.extracted.set()
            assert self.go_on.wait(60)
        return result


def race(store_a: Store, path_a: Path, store_b: Store, path_b: Path) -> tuple[Any, Any, int]:
    """Import `path_a` through `store_a`, and `path_b` through `store_b` while A extracts."""
    extractor = PausingExtractor()
    result: list[Any] = []
    thread = threading.Thread(
        target=lambda: result.append(import_file(store_a, path_a, extractor))  # type: ignore[arg-type]
    )
    thread.start()
    assert extractor.extracted.wait(60)
    b = import_file(store_b, path_b, RuleExtractor())
    extractor.go_on.set()
    thread.join(60)
    return result[0], b, extractor.calls


ELECTED = "On 7 September 1953 Nikita Khrushchev was elected First Secretary of the party.\n"


def test_an_import_that_raced_another_matches_what_that_one_stored(
    db_target: str, tmp_path: Path
) -> None:
    """B stores the same happening and person while A extracts: A's extraction is redone
    against B's commit, so Khrushchev exists once and the election is one event with two
    sources (before, A created a second Khrushchev and a second election on PostgreSQL)."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(ELECTED + "Nikita Khrushchev later denounced Stalin in February 1956.\n")
    b.write_text("Nikita Khrushchev was elected First Secretary on 7 September 1953.\n")
    with Store.open(db_target) as one, Store.open(db_target) as two:
        result_a, result_b, calls = race(one, a, two, b)
        assert (result_a.status, result_b.status) == (FileStatus.IMPORTED, FileStatus.IMPORTED)
        assert calls == 2  # extracted again, under the write lock
        assert [p.name for p in one.people() if "Khrushchev" in p.name] == ["Nikita Khrushchev"]
        [elected] = [e for e in one.events() if e.start.to_iso() == "1953-09-07"]
        assert len({ev.source_id for ev in elected.evidence}) == 2


def test_the_loser_of_a_race_on_the_same_file_reports_it_already_stored(
    db_target: str, tmp_path: Path
) -> None:
    path = tmp_path / "elected.txt"
    path.write_text(ELECTED)
    with Store.open(db_target) as one, Store.open(db_target) as two:
        result_a, result_b, _ = race(one, path, two, path)
        assert result_b.status == FileStatus.IMPORTED
        assert result_a.status == FileStatus.DUPLICATE and not result_a.error
        assert len(one.sources()) == 1


def hold_write_lock(target: str, seconds: float, held: threading.Event) -> None:
    engine = engine_mod.create_store_engine(target)
    with engine_mod.writer(engine).begin() as conn:
        conn.execute(text("SELECT 1"))
        held.set()
        time.sleep(seconds)
    engine.dispose()


def test_a_writer_waits_for_another_instead_of_failing(
    db_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lock is held far longer than the driver waits once (SQLite's busy timeout,
    PostgreSQL's lock timeout): the write retries and succeeds ("database is locked" before)."""
    from timeline_desktop.store import postgres, sqlite

    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(postgres, "LOCK_TIMEOUT_MS", 100)
    with Store.open(db_target) as store:
        held = threading.Event()
        holder = threading.Thread(target=hold_write_lock, args=(db_target, 1.5, held))
        holder.start()
        assert held.wait(30)
        t0 = time.monotonic()
        store.add_person("Hypatia")
        waited = time.monotonic() - t0
        holder.join()
        assert waited > 1.0
        assert [p.name for p in store.people()] == ["Hypatia"]


@pytest.mark.parametrize("run", range(3))
def test_clients_opening_a_new_database_at_once_migrate_it_once(db_target: str, run: int) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def open_and_write(i: int) -> None:
        try:
            start.wait()
            with Store.open(db_target) as store:
                store.add_person(f"Person {i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_and_write, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    with Store.open(db_target) as store:
        assert engine_mod.current_revision(store.engine) == engine_mod.head_revision()
        assert sorted(p.name for p in store.people()) == [f"Person {i}" for i in range(4)]


def test_concurrent_snapshot_saves_do_not_collide(
    db_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot_mod, "PERSIST_FROM", 10)
    with Store.open(db_target) as first:
        first.bulk_add_events((f"e{i}", HistDate.of_year(1000 + i), None, []) for i in range(50))
    stores = [Store.open(db_target) for _ in range(4)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(stores))

    def build(store: Store) -> None:
        try:
            start.wait()
            assert len(store.timeline().ids) == 50
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=build, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with stores[0].engine.connect() as conn:
        [(revision, data)] = conn.execute(select(SnapshotRow.revision, SnapshotRow.data)).all()
    assert len(snapshot_mod.Snapshot.decode(revision, data).ids) == 50
    for s in stores:
        s.close()
