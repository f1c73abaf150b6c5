"""Command-line upkeep: `backup`, `restore` and `check`.

These work on the database file itself, so they run before (or instead of) opening it as a
store: a backup must not migrate the file it copies, and a damaged file must still be
checkable and restorable. Exit codes as everywhere: 0 done, 1 a failure or a problem found
(one sentence on stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from timeline_desktop.failures import explain
from timeline_desktop.store import maintenance
from timeline_desktop.store.engine import (
    DatabaseOpenError,
    create_store_engine,
    database_url,
    redact,
    refuse_newer_schema,
)
from timeline_desktop.store.repository import Store

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "backup",
        help="copy the database to PATH (a file, or a folder for a dated copy); "
        "safe while the app runs",
    )
    p.add_argument("path", metavar="PATH", type=Path)
    p = sub.add_parser(
        "restore",
        help="replace the database with a backup (close the app first; the current content "
        "is kept beside it); without BACKUP, list the automatic backups",
    )
    p.add_argument("backup", metavar="BACKUP", type=Path, nargs="?")
    p = sub.add_parser(
        "check",
        help="check the database, rebuild its search index and caches, and report passages "
        "that no longer match their source",
    )
    p.add_argument("--quick", action="store_true", help="a faster, less thorough file check")


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} KB"


def _url(target: str) -> URL:
    return make_url(database_url(target))


def _backup(target: str, args: argparse.Namespace) -> int:
    made = maintenance.backup(_url(target), args.path)
    print(f"backed up {target} to {made} ({_size(made.stat().st_size)})")
    return EXIT_OK


def _restore(target: str, args: argparse.Namespace) -> int:
    db = maintenance.require_sqlite_file(_url(target))
    if args.backup is None:
        backups = maintenance.list_backups(db)
        if not backups:
            folder = maintenance.backup_folder(db)
            print(f"no automatic backups of {db} yet (the app keeps them in {folder})")
        for b in backups:
            print(f"{b.made_at:%Y-%m-%d %H:%M}  {_size(b.size):>9}  {b.path}")
        return EXIT_OK
    kept = maintenance.restore(db, args.backup.expanduser())
    Store.open(db).close()  # an older backup is brought up to this version's schema
    print(f"restored {db} from {args.backup}; what it held before is kept as {kept}")
    return EXIT_OK


def _check(target: str, args: argparse.Namespace) -> int:
    engine = create_store_engine(target)
    try:
        problems = maintenance.file_problems(engine, args.quick)
        if not problems:
            refuse_newer_schema(engine)
    finally:
        engine.dispose()
    if problems:
        report = maintenance.CheckReport(integrity=problems)
    else:
        with Store.open(target) as store:
            report = maintenance.check_database(store.engine, args.quick, file_checked=True)
    for line in report.lines():
        print(line, file=sys.stdout if report.ok else sys.stderr)
    return EXIT_OK if report.ok else EXIT_FAILED


COMMANDS = {"backup": _backup, "restore": _restore, "check": _check}


def run(command: str, target: str, args: argparse.Namespace) -> int:
    """Run one of COMMANDS; every failure is one sentence on stderr and exit 1."""
    try:
        return COMMANDS[command](target, args)
    except (maintenance.MaintenanceError, DatabaseOpenError) as exc:
        print(f"timeline-desktop: {command}: {redact(str(exc), target)}", file=sys.stderr)
    except Exception as exc:
        from timeline_desktop.logs import setup_logging

        path = setup_logging()
        logging.getLogger(__name__).exception("'%s' failed", command)
        print(
            f"timeline-desktop: {command} failed: {redact(explain(exc), target)} "
            f"(details in {path})",
            file=sys.stderr,
        )
    return EXIT_FAILED
