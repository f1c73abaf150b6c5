"""Import speed end to end: a big CSV chronology and a mixed prose corpus, through the CLI.

Each import runs `timeline-desktop import` in a fresh process on a fresh database, as a user
would, so the figures include process start-up, reading, extraction, corroboration and
storing; peak memory is that process's maximum resident set size. As on a user's machine,
Python keeps its bytecode cache (a first small import writes it).

- CSV: `--rows` rows (default 1,000,000) of `date,end,event,people,place,group`, 20 people,
  1800-2000, every title distinct; reported as rows/s. Every row must become its own event.
- Prose: `--prose-mb` megabytes (default 20) of the team's documents and the shared corpus
  (plain text, HTML, Markdown, wiki), as distinct files: one copy in four as it is (so it
  corroborates the others), the rest with their years shifted, so the store keeps growing
  with new history as a large import does. Reported as KB/s of file bytes.

With `--reimport N` the CSV is then changed (N rows rewritten, N/2 removed, N/2 added, spread
over the file) and imported again into the same database: the new version of its source
(issue #18), which should take about as long as the first import.

Targets (issue #15): 100,000 rows <= 60 s, 1,000,000 rows <= 10 min, both <= 1.5 GB;
prose >= 500 KB/s end to end.

    .venv/bin/python benchmarks/import_speed.py [--rows 1000000] [--prose-mb 20]
                                                [--skip-csv] [--skip-prose] [--keep DIR]
                                                [--reimport N]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROSE_SOURCES = [
    REPO.parent / "shared" / "corpus" / "seeds",
    REPO.parent / "shared" / "corpus" / "real",
    REPO / "tests" / "data" / "heldout",
    REPO / "tests" / "data" / "heldout2",
    REPO / "tests" / "data" / "heldout3",
    REPO / "resources" / "demo",
]
PROSE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".wiki")
_YEAR = re.compile(r"(?<![\d.,])(1[0-9]{3})(?![\d])")


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    people = [f"{first} {last}" for first, last in zip(
        ("Ana", "Boris", "Chen", "Dara", "Emil", "Farah", "Goran", "Hana", "Ivo", "Jana",
         "Kofi", "Lena", "Marek", "Nadia", "Otto", "Petra", "Quinn", "Rosa", "Sven", "Tariq"),
        ("Reyes", "Volkov", "Wei", "Okafor", "Lund", "Haddad", "Ilic", "Sato", "Marin", "Novak",
         "Mensah", "Berg", "Kral", "Aziz", "Brandt", "Horvat", "Doyle", "Luna", "Dahl", "Khan"),
        strict=True,
    )]  # fmt: skip
    places = ["Manila", "Boston", "Lisbon", "Odessa", "Lagos", "Lima", "Kyoto", "Cairo"]
    kinds = ["Arrest", "Trial", "Strike", "Election", "Flood", "Treaty", "Fire", "Founding"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("date,end,event,people,place,group\n")
        for i in range(rows):
            year, month, day = rng.randint(1800, 2000), rng.randint(1, 12), rng.randint(1, 25)
            end = f"{year}-{month:02d}-{day + rng.randint(1, 3):02d}" if i % 5 == 0 else ""
            who = ";".join(rng.sample(people, rng.randint(1, 3)))
            kind = rng.choice(kinds)
            fh.write(
                f"{year}-{month:02d}-{day:02d},{end},{kind} in {rng.choice(places)} #{i},"
                f"{who},{rng.choice(places)},{kind}s\n"
            )


def change_csv(path: Path, changed: Path, rows: int, seed: int = 11) -> None:
    """A copy of the chronology with `rows` rows rewritten, rows/2 removed and rows/2 added,
    at random places."""
    rng = random.Random(seed)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    picked = rng.sample(range(len(body)), min(len(body), rows + rows // 2))
    for n, i in enumerate(picked[:rows]):
        date, rest = body[i].split(",", 1)
        body[i] = f"{date},{rest.replace(' in ', f' near (edit {n}) ', 1)}"
    for i in sorted(picked[rows:], reverse=True):
        del body[i]
    for n in range(rows // 2):
        at = rng.randrange(len(body))
        body.insert(at, f"1901-01-{1 + n % 25:02d},,Added event {n},Ana Reyes,Lima,Foundings\n")
    changed.write_text(header + "".join(body), encoding="utf-8")


def count_sources(db: Path) -> tuple[int, int]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return (
            conn.execute("SELECT count(*) FROM sources").fetchone()[0],
            conn.execute("SELECT count(*) FROM source_versions").fetchone()[0],
        )


def prose_documents() -> list[tuple[str, str]]:
    docs = []
    for folder in PROSE_SOURCES:
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.suffix in PROSE_SUFFIXES:
                    docs.append((path.name, path.read_text(encoding="utf-8", errors="replace")))
    if not docs:
        raise SystemExit("no prose documents found (tests/data, resources/demo, ../shared)")
    return docs


def write_prose(folder: Path, megabytes: float) -> int:
    """Distinct files of about `megabytes` in all; returns their total size in bytes."""
    docs = prose_documents()
    total = 0
    copy = 0
    while total < megabytes * 1024 * 1024:
        for name, text in docs:
            shift = 0 if copy % 4 == 0 else 3 * copy + 11
            if shift:
                text = _YEAR.sub(lambda m, s=shift: str(int(m[1]) + s), text)
            text += f"\n\n(copy {copy})\n"
            path = folder / f"{copy:03d}-{name}"
            path.write_text(text, encoding="utf-8")
            total += path.stat().st_size
            if total >= megabytes * 1024 * 1024:
                break
        copy += 1
    return total


def _user_env() -> dict[str, str]:
    """The environment of a user's start: Python may keep its bytecode cache (a sandbox's
    PYTHONDONTWRITEBYTECODE would make every start compile the sources again)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def warm_up(scratch: Path) -> None:
    """One small import first, as a user's first start would, so the bytecode is cached."""
    note = scratch / "warm-up.txt"
    note.write_text("On 4 May 1901 the new bridge opened to traffic.\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "timeline_desktop", "--db", str(scratch / "warm.db"), "import"]
    subprocess.run([*cmd, str(note)], capture_output=True, env=_user_env(), check=False)


def run_import(db: Path, target: Path) -> tuple[float, float, str]:
    """(seconds, peak MB, last output line) of one CLI import in a fresh process."""
    cmd = [sys.executable, "-m", "timeline_desktop", "--db", str(db), "import", str(target)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_user_env()
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    out = proc.stdout.read() if proc.stdout else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"import failed ({proc.returncode}): {out}")
    return seconds, usage.ru_maxrss / 1024, out.strip().splitlines()[-1] if out else ""


def extraction_only(folder: Path) -> float:
    """KB/s of the extractor alone on the same files (read beforehand, no store): the
    yardstick for how much reading, corroboration and storing add."""
    from timeline_desktop.extract.base import EmptyContext
    from timeline_desktop.extract.rules import RuleExtractor
    from timeline_desktop.ingest.readers import read_file

    docs = [read_file(p) for p in sorted(folder.iterdir())]
    size = sum(p.stat().st_size for p in folder.iterdir())
    extractor, context = RuleExtractor(), EmptyContext()
    t0 = time.perf_counter()
    for doc in docs:
        extractor.extract(doc, context)
    return size / 1024 / (time.perf_counter() - t0)


def count_events(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--prose-mb", type=float, default=20.0)
    parser.add_argument("--skip-csv", action="store_true")
    parser.add_argument("--skip-prose", action="store_true")
    parser.add_argument("--keep", type=Path, help="build the inputs and databases here")
    parser.add_argument(
        "--reimport", type=int, default=0, metavar="N",
        help="CSV: then change N rows and import the file again (a new version)",
    )  # fmt: skip
    parser.add_argument(
        "--runs", type=int, default=1, help="prose: alternate import and extraction-only runs"
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="import-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        warm_up(work)
        if not args.skip_csv:
            csv_path = work / f"chronology-{args.rows}.csv"
            if not csv_path.exists():
                write_csv(csv_path, args.rows)
            db = work / "csv.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            seconds, peak, line = run_import(db, csv_path)
            events = count_events(db)
            size = csv_path.stat().st_size / 1024 / 1024
            print(f"CSV {args.rows:,} rows ({size:.0f} MB): {seconds:.1f} s, "
                  f"{args.rows / seconds:,.0f} rows/s, peak {peak:,.0f} MB, {events:,} events"
                  f"{'' if events == args.rows else '  <-- NOT one event per row'}")  # fmt: skip
            print(f"    {line}")
            if args.reimport:
                original = csv_path.with_suffix(".orig")
                shutil.copyfile(csv_path, original)
                change_csv(original, csv_path, args.reimport)
                try:
                    seconds, peak, line = run_import(db, csv_path)
                finally:
                    shutil.copyfile(original, csv_path)
                    original.unlink()
                events = count_events(db)
                expected = args.rows  # as many rows removed as added
                sources, versions = count_sources(db)
                print(f"CSV again, {args.reimport:,} rows changed: {seconds:.1f} s, "
                      f"peak {peak:,.0f} MB, {events:,} events, {sources} sources, "
                      f"{versions} earlier versions"
                      f"{'' if events == expected else '  <-- NOT one event per row'}")  # fmt: skip
                print(f"    {line}")
        if not args.skip_prose:
            folder = work / "prose"
            if not folder.is_dir():
                folder.mkdir()
                write_prose(folder, args.prose_mb)
            size = sum(p.stat().st_size for p in folder.iterdir())
            db = work / "prose.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            files = len(list(folder.iterdir()))
            for _ in range(max(1, args.runs)):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
                seconds, peak, line = run_import(db, folder)
                print(f"prose {size / 1024 / 1024:.1f} MB in {files} files: {seconds:.1f} s, "
                      f"{size / 1024 / seconds:,.0f} KB/s end to end, peak {peak:,.0f} MB, "
                      f"{count_events(db):,} events")  # fmt: skip
                print(f"    {line}")
                if args.runs > 1:
                    print(
                        f"    extractor alone on the same files: "
                        f"{extraction_only(folder):,.0f} KB/s"
                    )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
