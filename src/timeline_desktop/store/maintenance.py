"""Backups, restores and the database check: what keeps hours of curation safe.

Copies use SQLite's online backup API, never a file copy: it reads a consistent snapshot
while the app (or an import) keeps writing, and it knows about the write-ahead log, which a
plain copy of `timeline.db` alone would miss. A copy is written to `NAME.part` and renamed
when complete and checked, so a full disk or a crash never leaves a half backup that looks
whole. PostgreSQL has its own tools (pg_dump); we say how to use them instead.

The check (`check_database`) runs SQLite's integrity and foreign-key checks, rebuilds what is
derived (the full-text index, the timeline snapshot) and reports rows that no longer agree
with their source text. Plain Python, no Qt: the CLI and the app share it.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select, text
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from timeline_desktop.store.engine import write_session
from timeline_desktop.store.orm import (
    CurationMarkRow,
    EventRow,
    EvidenceRow,
    MentionRow,
    SnapshotRow,
    SourceRow,
    SourceVersionRow,
)
from timeline_desktop.store.snapshot import bump_revision

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
BACKUP_FOLDER = "backups"
DEFAULT_KEEP = 10
_STEP_PAGES = 4096  # pages copied per step of the backup API (16 MB at 4 KB pages)
_STAMP = "%Y-%m-%d-%H%M%S"


class MaintenanceError(Exception):
    """A backup, restore or check that cannot be done, said in one sentence."""


def sqlite_file(where: Engine | URL) -> Path | None:
    """The database file behind an engine or URL; None for servers and in-memory ones."""
    url = where.url if isinstance(where, Engine) else where
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def require_sqlite_file(where: Engine | URL) -> Path:
    """The database file, or MaintenanceError saying how this kind of database is backed up."""
    path = sqlite_file(where)
    if path is not None:
        return path
    url = where.url if isinstance(where, Engine) else where
    if url.get_backend_name() == "sqlite":
        raise MaintenanceError("an in-memory database has no file to back up or restore")
    shown = url.render_as_string(hide_password=True)
    plain = url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)
    raise MaintenanceError(
        f"a {url.get_backend_name()} database ({shown}) is backed up with the server's own "
        f"tools, not by Timeline Desktop: run pg_dump --format=custom --file=BACKUP.dump "
        f"'{plain}', and pg_restore --clean --dbname='{plain}' BACKUP.dump to restore it"
    )


# --- copies -------------------------------------------------------------------------------------


def copy_database(src: Path, dest: Path, progress: Progress | None = None) -> Path:
    """Copy the SQLite database `src` to `dest` (a single self-contained file), safely.

    Written to `dest.part` first and renamed once complete and quick-checked; the `.part`
    file is removed on any failure. Returns `dest`.
    """
    if not src.is_file():
        raise MaintenanceError(f"there is no database file at {src}")
    if dest.is_dir():
        raise MaintenanceError(f"cannot write the backup {dest}: there is a folder of that name")
    if not dest.parent.is_dir():
        raise MaintenanceError(f"cannot write the backup {dest}: the folder does not exist")
    part = dest.with_name(dest.name + ".part")
    part.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(part)
            try:
                source.backup(target, pages=_STEP_PAGES, progress=_pages(progress))
                target.execute("PRAGMA journal_mode = DELETE")  # one file, no -wal beside it
                problem = target.execute("PRAGMA quick_check").fetchone()[0]
                if problem != "ok":
                    raise MaintenanceError(f"the copy of {src} did not check out ({problem})")
            finally:
                target.close()
        finally:
            source.close()
        _fsync(part)
        os.replace(part, dest)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return dest


def _pages(progress: Progress | None) -> Callable[[int, int, int], None] | None:
    if progress is None:
        return None

    def report(_status: int, remaining: int, total: int) -> None:
        progress(total - remaining, total, "Copying")

    return report


def _fsync(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def backup(where: Engine | URL, dest: Path, progress: Progress | None = None) -> Path:
    """Back the database up to `dest` (a file, or a folder to put a dated file in)."""
    src = require_sqlite_file(where)
    dest = Path(dest).expanduser()
    if dest.is_dir():
        dest = dest / _backup_name(src, datetime.now())
    if dest.resolve() == src.resolve():
        raise MaintenanceError("the backup cannot be the database itself; choose another file")
    return copy_database(src, dest, progress)


def validate_backup(path: Path) -> None:
    """Refuse, in one sentence, a file that is not a sound Timeline Desktop database."""
    if not path.is_file():
        raise MaintenanceError(f"there is no backup file at {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            problem = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise MaintenanceError(f"{path} is not a Timeline Desktop backup ({exc})") from exc
    if not {"alembic_version", "sources", "events"} <= tables:
        raise MaintenanceError(f"{path} is not a Timeline Desktop backup")
    if problem != "ok":
        raise MaintenanceError(f"the backup {path} is damaged ({problem}); choose another one")


def restore(db: Path, backup_file: Path, progress: Progress | None = None) -> Path:
    """Put a backup's content into the database file `db`; returns the copy kept of `db`.

    Nothing may use `db` meanwhile (the app closes its store first). The current content
    is first saved as `DB.before-restore-<time>`, so a restore can itself be undone.
    """
    validate_backup(backup_file)
    kept = db.with_name(f"{db.name}.before-restore-{datetime.now().strftime(_STAMP)}")
    if db.is_file():
        copy_database(db, kept)
    source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(db)
        try:
            before = _data_revision(target)
            source.backup(target, pages=_STEP_PAGES, progress=_pages(progress))
            # a newer revision than either, so no cache keyed by revision mistakes the
            # restored data for what it held before
            if before is not None:
                after = _data_revision(target) or 0
                target.execute(
                    "UPDATE meta SET value = ? WHERE key = 'revision'", (max(before, after) + 1,)
                )
                target.commit()
        finally:
            target.close()
    finally:
        source.close()
    return kept


def _data_revision(conn: sqlite3.Connection) -> int | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


# --- automatic rolling backups ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    made_at: datetime  # local time, from the name
    size: int


def backup_folder(db: Path) -> Path:
    return db.parent / BACKUP_FOLDER


def _backup_name(db: Path, at: datetime) -> str:
    return f"{db.stem}-{at.strftime(_STAMP)}.db"


def list_backups(db: Path) -> list[BackupFile]:
    """The automatic (and dated manual) backups of `db`, newest first."""
    folder = backup_folder(db)
    pattern = re.compile(rf"^{re.escape(db.stem)}-(\d{{4}}-\d\d-\d\d-\d{{6}})\.db$")
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = pattern.match(path.name)
            if match and path.is_file():
                at = datetime.strptime(match.group(1), _STAMP)
                found.append(BackupFile(path, at, path.stat().st_size))
    found.sort(key=lambda b: b.made_at, reverse=True)
    return found


def auto_backup(
    engine: Engine,
    keep: int = DEFAULT_KEEP,
    every: timedelta = timedelta(days=1),
    now: datetime | None = None,
) -> Path | None:
    """A rolling backup of the database, if the newest is older than `every`.

    Keeps the newest `keep` backups and deletes older ones. Returns the new backup's path,
    or None when none was due (or the database is not a SQLite file).
    """
    db = sqlite_file(engine)
    if db is None or not db.is_file() or keep < 1:
        return None
    now = now or datetime.now()
    existing = list_backups(db)
    if existing and now - existing[0].made_at < every:
        return None
    folder = backup_folder(db)
    folder.mkdir(parents=True, exist_ok=True)
    made = copy_database(db, folder / _backup_name(db, now))
    prune_backups(db, keep)
    log.info("automatic backup of %s written to %s", db, made)
    return made


def prune_backups(db: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups; returns what was deleted."""
    gone = []
    for old in list_backups(db)[max(keep, 1) :]:
        old.path.unlink(missing_ok=True)
        gone.append(old.path)
    return gone


# --- the check --------------------------------------------------------------------------------


@dataclass(slots=True)
class CheckReport:
    """What `check_database` found and did."""

    integrity: list[str] = field(default_factory=list)  # SQLite's findings; empty when sound
    foreign_keys: int = 0  # rows pointing at a row that does not exist
    orphaned_evidence: list[int] = field(default_factory=list)  # evidence ids
    orphaned_events: list[int] = field(default_factory=list)  # extracted, no evidence left
    mismatched_spans: list[tuple[int, int, int]] = field(default_factory=list)  # (ev, event, src)
    mismatched_marks: list[int] = field(default_factory=list)
    mentions_outside: int = 0
    search_index_rebuilt: bool = False
    search_index_was_stale: bool = False
    snapshot_dropped: bool = False

    @property
    def ok(self) -> bool:
        return not (
            self.integrity
            or self.foreign_keys
            or self.orphaned_evidence
            or self.mismatched_spans
            or self.mismatched_marks
            or self.mentions_outside
        )

    def lines(self) -> list[str]:
        """The findings in words, one line each (the problems first)."""
        out = []
        if self.integrity:
            out.append(
                "The database file is damaged: "
                + "; ".join(self.integrity[:5])
                + (f" (and {len(self.integrity) - 5} more)" if len(self.integrity) > 5 else "")
                + ". Restore a backup (File > Restore Backup…, or timeline-desktop restore)."
            )
        if self.foreign_keys:
            out.append(f"{self.foreign_keys} rows point at rows that no longer exist.")
        if self.orphaned_evidence:
            out.append(
                f"{len(self.orphaned_evidence)} evidence passages belong to no event or no "
                f"source (ids {_ids(self.orphaned_evidence)})."
            )
        if self.mismatched_spans:
            spans = [f"evidence {e} of event {v}" for e, v, _ in self.mismatched_spans[:8]]
            out.append(
                f"{len(self.mismatched_spans)} evidence passages no longer match their source "
                f"text ({', '.join(spans)}{', …' if len(self.mismatched_spans) > 8 else ''})."
            )
        if self.mismatched_marks:
            out.append(
                f"{len(self.mismatched_marks)} detached-passage marks no longer match their "
                "source text."
            )
        if self.mentions_outside:
            out.append(f"{self.mentions_outside} person mentions lie outside their source text.")
        if self.orphaned_events:
            out.append(
                f"{len(self.orphaned_events)} extracted events have no evidence left "
                f"(ids {_ids(self.orphaned_events)}); re-extraction removes them."
            )
        if self.search_index_rebuilt:
            state = "was out of date and " if self.search_index_was_stale else ""
            out.append(f"The search index {state}has been rebuilt.")
        if self.snapshot_dropped:
            out.append("The timeline cache has been cleared (it is rebuilt when needed).")
        if self.ok:
            out.insert(0, "The database is sound: every passage matches its source text.")
        return out


def _ids(ids: list[int], limit: int = 8) -> str:
    shown = ", ".join(map(str, ids[:limit]))
    return shown + (", …" if len(ids) > limit else "")


_FTS_TABLES = ("events_fts", "sources_fts")


def file_problems(engine: Engine, quick: bool = False) -> list[str]:
    """SQLite's integrity check of the file (empty when sound, and for other databases).

    Runs on any schema, so a damaged or old file can be checked before it is opened.
    """
    if engine.dialect.name != "sqlite":
        return []
    try:
        with engine.connect() as conn:
            pragma = "quick_check" if quick else "integrity_check"
            found = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
    except DBAPIError as exc:  # too damaged to be checked at all
        if isinstance(exc.orig, sqlite3.DatabaseError) and not isinstance(
            exc.orig, sqlite3.OperationalError
        ):
            return [str(exc.orig)]
        raise
    return [] if found == ["ok"] else found


def check_database(
    engine: Engine,
    quick: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    file_checked: bool = False,
) -> CheckReport:
    """Check the database and rebuild what is derived from it (see the module docstring).

    `file_checked`: the caller already ran `file_problems` and found none.
    """
    report = CheckReport()
    steps = 5
    step = _stepper(progress, steps)
    sqlite = engine.dialect.name == "sqlite"
    step(0, "Checking the file")
    if not file_checked:
        report.integrity = file_problems(engine, quick)
    if report.integrity:
        return report  # on a damaged file the rest could fail or mislead
    if sqlite:
        with engine.connect() as conn:
            report.foreign_keys = len(conn.exec_driver_sql("PRAGMA foreign_key_check").all())
    _check_cancel(cancelled)
    step(1, "Checking evidence")
    _check_rows(engine, report)
    _check_cancel(cancelled)
    step(2, "Checking passages against the source texts")
    _check_spans(engine, report, cancelled)
    step(3, "Rebuilding the search index")
    with write_session(engine) as s:
        if sqlite:
            report.search_index_was_stale = _fts_stale(s)
            for table in _FTS_TABLES:
                s.execute(text(f"INSERT INTO {table}({table}) VALUES ('rebuild')"))
            report.search_index_rebuilt = True
        elif engine.dialect.name == "postgresql":
            from timeline_desktop.store.postgres import FTS_BACKFILL

            for statement in FTS_BACKFILL:  # each row indexed again (upserts)
                s.execute(text(statement))
            report.search_index_rebuilt = True
        step(4, "Clearing the timeline cache")
        s.execute(delete(SnapshotRow))
        report.snapshot_dropped = True
        bump_revision(s)  # every open window reloads what it shows
    step(5, "")
    return report


def _stepper(progress: Progress | None, steps: int) -> Callable[[int, str], None]:
    def step(done: int, label: str) -> None:
        if progress is not None:
            progress(done, steps, label)

    return step


def _check_cancel(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise MaintenanceError("the check was cancelled before it finished")


def _check_rows(engine: Engine, report: CheckReport) -> None:
    with engine.connect() as conn:
        report.orphaned_evidence = list(
            conn.scalars(
                select(EvidenceRow.id)
                .outerjoin(EventRow, EventRow.id == EvidenceRow.event_id)
                .outerjoin(SourceRow, SourceRow.id == EvidenceRow.source_id)
                .where((EventRow.id.is_(None)) | (SourceRow.id.is_(None)))
                .order_by(EvidenceRow.id)
            )
        )
        has_evidence = select(EvidenceRow.event_id).where(EvidenceRow.event_id == EventRow.id)
        report.orphaned_events = list(
            conn.scalars(
                select(EventRow.id)
                .where(
                    EventRow.origin == "extracted",
                    EventRow.rejected.is_(False),
                    ~has_evidence.exists(),
                )
                .order_by(EventRow.id)
            )
        )


class _Texts:
    """The texts of one source by version (None: the current one), each read once."""

    def __init__(self, conn: Connection, source_id: int, current: str) -> None:
        self._conn = conn
        self._source_id = source_id
        self._texts: dict[int | None, str | None] = {None: current}

    def __call__(self, version: int | None) -> str | None:
        if version not in self._texts:
            self._texts[version] = self._conn.scalar(
                select(SourceVersionRow.text).where(
                    SourceVersionRow.source_id == self._source_id,
                    SourceVersionRow.version == version,
                )
            )
        return self._texts[version]


def _check_spans(
    engine: Engine, report: CheckReport, cancelled: Callable[[], bool] | None
) -> None:
    """Each passage's quote against its text (the current one, or its version's)."""
    with engine.connect() as conn:
        source_ids = list(conn.scalars(select(SourceRow.id).order_by(SourceRow.id)))
        for source_id in source_ids:
            _check_cancel(cancelled)
            current = conn.scalar(select(SourceRow.text).where(SourceRow.id == source_id)) or ""
            text_of = _Texts(conn, source_id, current)
            for ev_id, event_id, start, end, quote, version in conn.execute(
                select(
                    EvidenceRow.id,
                    EvidenceRow.event_id,
                    EvidenceRow.start,
                    EvidenceRow.end,
                    EvidenceRow.quote,
                    EvidenceRow.in_version,
                ).where(EvidenceRow.source_id == source_id)
            ):
                body = text_of(version)
                if body is None or not 0 <= start < end or body[start:end] != quote:
                    report.mismatched_spans.append((ev_id, event_id, source_id))
            for mark_id, start, end, quote, version in conn.execute(
                select(
                    CurationMarkRow.id,
                    CurationMarkRow.start,
                    CurationMarkRow.end,
                    CurationMarkRow.quote,
                    CurationMarkRow.in_version,
                ).where(CurationMarkRow.source_id == source_id)
            ):
                body = text_of(version)
                if quote and (body is None or body[start:end] != quote):
                    report.mismatched_marks.append(mark_id)
            report.mentions_outside += (
                conn.scalar(
                    select(func.count())
                    .select_from(MentionRow)
                    .where(
                        MentionRow.source_id == source_id,
                        (MentionRow.start < 0)
                        | (MentionRow.end > len(current))
                        | (MentionRow.start >= MentionRow.end),
                    )
                )
                or 0
            )


def _fts_stale(s: Session) -> bool:
    """Whether the full-text index disagrees with the tables it indexes."""
    for table in _FTS_TABLES:
        try:
            with s.begin_nested():
                s.execute(text(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)"))
        except Exception:  # SQLite says "database disk image is malformed" for a stale index
            return True
    return False
