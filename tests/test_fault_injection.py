"""Killing an import at random moments never damages the database, and importing again
gives exactly what one clean import gives.

A real `timeline-desktop import` runs in a subprocess and is killed with SIGKILL (no clean-up
of any kind, as with a power cut or the OOM killer) after a random delay; several kills land
in one database. After each: SQLite's integrity check, our own check (every passage still
quotes its source), and no half-imported file. Finally the same import runs to the end and
its result must equal a clean import's, event for event.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from timeline_desktop.export.json_export import build_export
from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.store.maintenance import check_database
from timeline_desktop.store.repository import Store

REPO = Path(__file__).resolve().parents[1]
# the documents of two held-out rounds (not their gold annotations)
CORPUS = sorted(
    p
    for folder in ("heldout", "heldout2")
    for p in (REPO / "tests" / "data" / folder).iterdir()
    if p.suffix != ".json"
)
KILLS = 4

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)"),
]


def start_import(db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "timeline_desktop", "--db", str(db), "import", *map(str, CORPUS)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def count_sources(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        try:
            return conn.execute("SELECT count(*) FROM sources").fetchone()[0]
        except sqlite3.OperationalError:  # killed before the schema was created
            return 0


def test_imports_killed_at_random_moments_leave_a_sound_database(tmp_path: Path) -> None:
    seed = int(time.time())
    rng = random.Random(seed)
    db = tmp_path / "killed.db"
    # how long an uninterrupted import takes here, to spread the kills over it
    t0 = time.perf_counter()
    clean = Store.open(tmp_path / "clean.db")
    assert not import_paths(clean, CORPUS).failed
    import_seconds = time.perf_counter() - t0
    total = len(clean.sources())

    counts = []
    for _ in range(KILLS):
        proc = start_import(db)
        # aim inside the import: wait (however slow the machine) until this run has stored
        # something new, then kill after a random part of what a file takes
        before = counts[-1] if counts else 0
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if count_sources(db) > before:
                break
            time.sleep(0.02)
        time.sleep(rng.random() * import_seconds / len(CORPUS))
        killed = proc.poll() is None
        if killed:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",), f"seed {seed}"
        counts.append(count_sources(db))
        if counts[-1]:
            store = Store.open(db)
            report = check_database(store.engine)
            store.close()
            assert report.ok, (seed, report.lines())
    # at least one kill landed in the middle of the import
    assert any(0 < n < total for n in counts), (seed, counts, total)

    proc = start_import(db)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()

    store = Store.open(db)
    try:
        assert build_export(store) == build_export(clean), f"seed {seed}, sources {counts}"
    finally:
        store.close()
        clean.close()
