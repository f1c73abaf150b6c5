"""What the safety net costs: a new version of a large source, a backup, a database check.

1. A text of about --kb KB (the held-out and demo documents, joined) is imported, a user
   corrects events throughout it, a paragraph is inserted near the top and one removed
   lower down, and the file is imported again. Printed: the time of the first import, and of
   the second (extraction + storing the version: the old text kept, every passage and every
   history image re-anchored, untouched events re-derived), with the re-anchoring step alone.
2. A database of --events events (bulk-inserted) is backed up with the online backup API
   and checked (integrity check, spans, search index rebuild). Printed: MB and seconds.

Each figure is the median of --runs runs. The machine is shared, so compare runs made close
together rather than against numbers from another day.

    .venv/bin/python benchmarks/reliability.py [--kb 400] [--events 200000] [--runs 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from statistics import median

from sqlalchemy.orm import Session

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.ingest.pipeline import FileStatus, import_paths
from timeline_desktop.store import maintenance
from timeline_desktop.store.repository import Store
from timeline_desktop.store.versions import reanchor

REPO = Path(__file__).resolve().parents[1]
SOURCES = [REPO / "tests" / "data" / d for d in ("heldout", "heldout2", "heldout3")]
SOURCES.append(REPO / "resources" / "demo")


def corpus_text(kb: int) -> str:
    parts: list[str] = []
    files = sorted(p for d in SOURCES for p in d.glob("*.txt"))
    while sum(len(p) for p in parts) < kb * 1000:
        for path in files:
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n\n".join(parts)[: kb * 1000]


def version_run(folder: Path, kb: int) -> tuple[float, float, float, int]:
    text = corpus_text(kb)
    notes = folder / "notes.txt"
    notes.write_text(text, encoding="utf-8")
    store = Store.open(folder / "v.db")
    t0 = time.perf_counter()
    assert import_paths(store, [notes]).files[0].status == FileStatus.IMPORTED
    first = time.perf_counter() - t0
    events = store.events()
    for event in events[::10]:  # a user corrects one event in ten
        store.curation.edit_event(event.id, title=event.title + " (checked)")
    cut = text.index("\n\n", len(text) // 2)
    end = text.index("\n\n", cut + 2)
    changed = "A paragraph added at the top, dated 1 May 1707.\n\n" + text[:cut] + text[end:]
    notes.write_text(changed, encoding="utf-8")

    # the re-anchoring step alone, in a transaction that is rolled back
    [source] = store.sources()
    with Session(store.engine) as s, s.begin():
        t0 = time.perf_counter()
        reanchor(s, source.id, source.text, changed, 1)
        anchoring = time.perf_counter() - t0
        s.rollback()

    t0 = time.perf_counter()
    assert import_paths(store, [notes]).files[0].status == FileStatus.UPDATED
    second = time.perf_counter() - t0
    store.close()
    return first, second, anchoring, len(events)


def backup_run(folder: Path, n: int) -> tuple[float, float, float]:
    store = Store.open(folder / "big.db")
    store.bulk_add_events(
        (f"Event {i}", HistDate.of_year(1000 + i % 900), None, ()) for i in range(n)
    )
    t0 = time.perf_counter()
    out = maintenance.backup(store.engine, folder / "copy.db")
    backup_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = maintenance.check_database(store.engine)
    check_s = time.perf_counter() - t0
    assert report.ok, report.lines()
    size = out.stat().st_size / 1e6
    store.close()
    return size, backup_s, check_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=400)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    versions, backups = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            versions.append(version_run(Path(tmp), args.kb))
        with tempfile.TemporaryDirectory() as tmp:
            backups.append(backup_run(Path(tmp), args.events))
    first, second, anchoring, events = (median(x) for x in zip(*versions, strict=True))
    print(
        f"{args.kb} KB source, {events:.0f} events, one in ten corrected: first import "
        f"{first:.2f} s; changed file imported again {second:.2f} s "
        f"(re-anchoring {anchoring * 1000:.0f} ms)"
    )
    size, backup_s, check_s = (median(x) for x in zip(*backups, strict=True))
    print(
        f"{args.events:,} events, {size:.1f} MB: backup {backup_s:.2f} s "
        f"({size / backup_s:.0f} MB/s), check {check_s:.2f} s"
    )


if __name__ == "__main__":
    main()
