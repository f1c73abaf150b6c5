"""A full disk: exports and imports fail with one sentence, leave no `.part` file behind,
keep the file they would have replaced, and leave the database intact.

The disk is a real, small file system (a tmpfs of a few MB mounted for the test), filled
to within a few KB of its end. Mounting needs root and a kernel that allows it; elsewhere
these tests are skipped, saying why.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from timeline_desktop.cli import main
from timeline_desktop.export.json_export import build_export
from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.store.repository import Store

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "resources" / "demo"
SIZE = "4m"

pytestmark = pytest.mark.slow


def _mount_small_disk(where: Path) -> str | None:
    """Mount a SIZE tmpfs at `where`; the reason it cannot be done, or None."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "mounting a small file system needs root"
    if shutil.which("mount") is None:
        return "no mount command"
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE}", f"tdfull-{uuid.uuid4().hex[:8]}", where],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return f"mount refused: {done.stderr.strip() or done.returncode}"
    return None


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "small"
    reason = _mount_small_disk(where)
    if reason is not None:
        pytest.skip(f"no small file system to fill: {reason}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill the disk up to `leave` free bytes; returns the filler (delete it to free space)."""
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    filler = disk / "filler.bin"
    with filler.open("wb") as fh:
        remaining = max(free - leave, 0)
        block = b"\0" * (1 << 16)
        while remaining > 0:
            n = fh.write(block[: min(len(block), remaining)])
            remaining -= n
    return filler


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "demo.db"
    store = Store.open(db)
    assert not import_paths(store, [DEMO]).failed
    store.close()
    return db


def test_a_json_export_onto_a_full_disk(small_disk: Path, demo_db: Path, capsys) -> None:
    out = small_disk / "timeline.json"
    out.write_text('{"old": true}', encoding="utf-8")
    fill(small_disk, leave=8 * 1024)

    code = main(["--db", str(demo_db), "export", "--json", str(out)])

    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "disk is full" in err and "timeline.json" in err and ".part" not in err
    assert leftovers(small_disk) == []
    assert out.read_text(encoding="utf-8") == '{"old": true}'  # the old export is untouched


def test_a_pdf_export_onto_a_full_disk(qapp, small_disk: Path, demo_db: Path, capsys) -> None:
    # qapp: the QApplication the Qt tests share, made before the export would make a
    # QGuiApplication of its own (which widgets in later tests cannot use)
    out = small_disk / "dossier.pdf"
    fill(small_disk, leave=8 * 1024)

    code = main(["--db", str(demo_db), "export", "--pdf", str(out)])

    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "dossier.pdf" in err and "disk" in err
    assert leftovers(small_disk) == [] and not out.exists()


def test_an_import_onto_a_full_disk_fails_cleanly_and_can_be_redone(
    small_disk: Path, tmp_path: Path, capsys
) -> None:
    db = small_disk / "timeline.db"
    first = DEMO / "caesar-ides-of-march.txt"
    assert main(["--db", str(db), "import", str(first)]) == 0
    capsys.readouterr()
    filler = fill(small_disk, leave=4 * 1024)
    # too full to open the database (SQLite needs room for its shared-memory file)
    assert main(["--db", str(db), "import", str(DEMO)]) == 1
    err = capsys.readouterr().err
    assert "cannot open database" in err and "the disk is full" in err, err
    filler.unlink()
    filler = fill(small_disk, leave=80 * 1024)  # room to open it, not to import everything

    code = main(["--db", str(db), "import", str(DEMO)])

    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    failures = [line for line in err.splitlines() if line.startswith("error:")]
    assert failures and all("the disk is full" in line for line in failures), err
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] < len(
            list(DEMO.iterdir())
        )

    filler.unlink()  # space again: the same import now completes
    assert main(["--db", str(db), "import", str(DEMO)]) == 0
    clean = Store.open(tmp_path / "clean.db")
    import_paths(clean, [first])
    import_paths(clean, [DEMO])
    store = Store.open(db)
    try:
        assert build_export(store) == build_export(clean)
    finally:
        store.close()
        clean.close()
