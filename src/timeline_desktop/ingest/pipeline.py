"""The import pipeline: source file -> Document -> extraction -> store, one file at a time.

Each file is read, extracted and written in its own transaction, so a bad file is reported
with its name and the reason while everything stored before stays as it was. Progress and
cancellation are plain callables so the GUI can drive a progress dialog from a worker thread.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from timeline_desktop.domain.model import Document, Event, Person
from timeline_desktop.extract.base import Extractor
from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.failures import explain
from timeline_desktop.ingest.readers import SUPPORTED_SUFFIXES, ReadError, read_file
from timeline_desktop.store.repository import Store

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]
"""Called as progress(done, total, file_name) before each file and once at the end."""

CancelCheck = Callable[[], bool]


class FileStatus(StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UPDATED = "updated"  # a changed file already stored: a new version of its source


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    status: FileStatus
    source_id: int | None = None
    events: int = 0
    people: int = 0
    error: str = ""
    warnings: tuple[str, ...] = ()  # from the reader, e.g. bytes that were not UTF-8


@dataclass(slots=True)
class ImportReport:
    files: list[FileResult] = field(default_factory=list)
    cancelled: bool = False

    def count(self, status: FileStatus) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == FileStatus.FAILED]

    @property
    def warned(self) -> list[FileResult]:
        return [f for f in self.files if f.warnings]

    @property
    def events_added(self) -> int:
        return sum(f.events for f in self.files)

    @property
    def people_added(self) -> int:
        return sum(f.people for f in self.files)


class StoreContext:
    """What an extractor may ask of the store while a file is imported."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._people: list[Person] | None = None

    def known_people(self) -> Sequence[Person]:
        if self._people is None:
            self._people = self._store.people()
        return self._people

    def events_overlapping(self, earliest_day: int, latest_day: int) -> Sequence[Event]:
        return self._store.events_overlapping(earliest_day, latest_day)


def default_extractor() -> Extractor:
    return RuleExtractor()


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files to import: given files as they are, folders searched recursively.

    Inside folders only supported formats are taken and hidden entries skipped, in a stable
    (sorted) order so imports are reproducible. A named file that does not exist is kept, so
    it gets reported as an error rather than silently ignored.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                        found.append(Path(root) / name)
        else:
            found.append(path)
    return list(dict.fromkeys(p.resolve() for p in found))


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    extractor: Extractor | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportReport:
    """Import files and folders; never raises for a bad file (it is reported instead)."""
    extractor = extractor or default_extractor()
    files = discover(paths)
    report = ImportReport()
    for done, path in enumerate(files):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        if progress is not None:
            progress(done, len(files), path.name)
        report.files.append(import_file(store, path, extractor))
    if progress is not None:
        progress(len(report.files), len(files), "")
    return report


def import_file(store: Store, path: Path, extractor: Extractor) -> FileResult:
    """Read, extract and store one file in one transaction."""
    try:
        document = read_file(path)
    except ReadError as exc:
        return FileResult(str(path), FileStatus.FAILED, error=str(exc))
    except OSError as exc:
        return FileResult(str(path), FileStatus.FAILED, error=f"{path.name}: {exc.strerror or exc}")
    existing = store.source_id_for_sha256(document.sha256)
    if existing is not None:
        return FileResult(str(path), FileStatus.DUPLICATE, source_id=existing)
    from timeline_desktop.ingest.versions import import_version  # it builds on this module

    return import_version(store, path, document, extractor) or _extract_and_store(
        store, path, document, extractor
    )


def _extract_and_store(
    store: Store, path: Path, document: Document, extractor: Extractor
) -> FileResult:
    try:
        # matched against the store as it is when this file's transaction commits, even when
        # other clients import at the same time (the extraction may then run twice)
        stored = store.import_document(
            document, lambda: extractor.extract(document, StoreContext(store))
        )
    except Exception as exc:  # an extractor bug must not end the whole import
        log.exception("could not import %s", path)
        return FileResult(str(path), FileStatus.FAILED, error=f"{path.name}: {explain(exc)}")
    if stored is None:
        return FileResult(str(path), FileStatus.DUPLICATE)
    return FileResult(
        str(path),
        FileStatus.IMPORTED,
        source_id=stored.source_id,
        events=stored.events_added,
        people=stored.people_added,
        warnings=document.warnings,
    )
