"""The import pipeline: source files to stored sources, events and evidence, file by file.

Each file is read and stored in its own transaction, so a bad file is reported with its
name and the reason while everything stored before stays as it was. Progress and
cancellation are plain callables so the GUI can drive a progress dialog from a worker thread.

Two paths:

- Structured files (CSV/TSV chronologies) state their events outright: their entries are
  streamed into the store in bulk (`structured_import`), each row one event with its row
  as evidence, bad rows skipped and reported by line.
- Prose goes through the extractor. One `StoreContext` serves a whole import run: it keeps
  an in-memory index of stored events' day spans and caches events, their comparison facts
  and the known people between files, updated from what each file wrote, so matching a
  draft costs no database round trip once the events near it have been read. The
  extraction is written in batches (`store.bulk.write_document`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import numpy as np

from timeline_desktop.domain.model import Document, Event, Extraction, Person
from timeline_desktop.extract.base import ExtractionContext, Extractor
from timeline_desktop.extract.events.corroborate import Facts, event_facts
from timeline_desktop.extract.lexicon import load
from timeline_desktop.extract.names import NameWords
from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.extract.stages import PIPELINE
from timeline_desktop.extract.transfer import unpack
from timeline_desktop.failures import explain
from timeline_desktop.ingest.archive import restore_archive
from timeline_desktop.ingest.collect import fewer_collections
from timeline_desktop.ingest.prepare import Prepared
from timeline_desktop.ingest.readahead import ReadAhead
from timeline_desktop.ingest.readers import (
    SUPPORTED_SUFFIXES,
    ReadError,
    is_structured_path,
    might_be_timeline,
    open_structured,
    read_file,
)
from timeline_desktop.ingest.structured_import import (
    Cancelled,
    SourceInfo,
    store_chronology,
)
from timeline_desktop.store.bulk import (
    StaleExtractionError,
    StoredIndex,
    WrittenExtraction,
    bounds,
    events_citing,
    linked_events,
    load_events,
    load_people,
    people_names,
    write_document,
)
from timeline_desktop.store.names import name_key
from timeline_desktop.store.repository import Store

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]
"""Called as progress(done, total, file_name) before each file and once at the end; a big
structured file also reports how many rows it has stored, in the name."""

CancelCheck = Callable[[], bool]


class FileStatus(StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UNSUPPORTED = "unsupported"  # inside a folder, a file of a type no reader takes
    UPDATED = "updated"  # a changed file already stored: a new version of its source


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    status: FileStatus
    source_id: int | None = None
    events: int = 0
    people: int = 0
    error: str = ""
    skipped: tuple[str, ...] = ()  # "line 12: reason" for rows not imported (first 1,000)
    # the reader's repairs (bytes that were not UTF-8) and rows imported with a repair
    warnings: tuple[str, ...] = ()
    skipped_count: int = 0
    warning_count: int = 0
    corroborated: int = 0  # entries that became evidence of events stored before

    @property
    def name(self) -> str:
        return Path(self.path).name


@dataclass(slots=True)
class ImportReport:
    files: list[FileResult] = field(default_factory=list)  # every file an import was tried on
    cancelled: bool = False
    unsupported: list[FileResult] = field(default_factory=list)  # skipped inside folders

    def count(self, status: FileStatus) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == FileStatus.FAILED]

    @property
    def warned(self) -> list[FileResult]:
        return [f for f in self.files if f.warnings]

    @property
    def with_skipped_rows(self) -> list[FileResult]:
        return [f for f in self.files if f.skipped_count or f.warning_count]

    @property
    def events_added(self) -> int:
        return sum(f.events for f in self.files)

    @property
    def people_added(self) -> int:
        return sum(f.people for f in self.files)

    @property
    def rows_skipped(self) -> int:
        return sum(f.skipped_count for f in self.files)


# --- what the extractor may ask of the store ----------------------------------------------------


class StoreContext:
    """The store as extractors see it during one import run (see the module doc).

    Events and their facts are cached by id; `stored(...)` tells it what each file wrote
    (new events, events given evidence or a finer date, people created or renamed), so no
    cache ever serves an event or a person as it was before a write.
    """

    # changed spans kept aside before the index is rebuilt with them: every query scans
    # them and every file's write copies them, while a rebuild costs in the size of the
    # index, so a small store's index is rebuilt more often
    _MERGE_MIN, _MERGE_MAX = 256, 5_000
    _EVENT_CACHE = 200_000

    def __init__(self, store: Store) -> None:
        self._store = store
        self._people: dict[int, Person] | None = None
        self._people_sorted: list[Person] | None = None
        self._index: StoredIndex | None = None
        self._recent: dict[int, tuple[int, int]] = {}  # spans written since the index
        # the spans written since the index: ids, lo, hi, and the ids sorted
        self._recent_arrays: tuple[np.ndarray, ...] | None = None
        self._events: dict[int, Event] = {}
        self._facts: dict[int, tuple[Event, Facts]] = {}  # the facts of that version
        # every change of the known people, for a helper that prepares files ahead
        self._people_version = 0
        self._people_since = 0  # changes before this version are not known
        self._people_log: list[tuple[int, Person | None, Person]] = []  # version, before, after
        # ids of the people (those marked not a person too) by `NameWords.key` of their name
        self._ids_by_key: dict[str, set[int]] | None = None
        self._key_of: dict[int, str] = {}
        self._person_events: dict[int, list[int]] = {}  # person id -> event ids
        self._by_id: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # index by id

    # --- the ExtractionContext protocol ---------------------------------------------------

    def known_people(self) -> Sequence[Person]:
        if self._people is None:
            with self._store.engine.connect() as conn:
                self._people = {p.id: p for p in load_people(conn)}
            self._people_sorted = None
        if self._people_sorted is None:  # in the order Store.people() gives
            self._people_sorted = sorted(
                self._people.values(), key=lambda p: (name_key(p.name), p.id)
            )
        return self._people_sorted

    def events_overlapping(self, earliest_day: int, latest_day: int) -> Sequence[Event]:
        return self._shown(self._cached(self._ids_overlapping(earliest_day, latest_day)))

    def _shown(self, events: list[Event]) -> list[Event]:
        """Stored events as the extractor is to see them: all of them, as they are (a
        context for re-extracting a source hides that source's passages)."""
        return events

    def events_naming(self, key: str, earliest_day: int, latest_day: int) -> Sequence[Event]:
        """Stored events meeting [earliest_day, latest_day] that name a person whose name
        reads as `key` (`NameWords.key`), by earliest day then id: a report of a death is
        compared with that person's events for years around it, not with every event of
        those years."""
        people = self._people_keyed().get(key)
        if not people:
            return []
        ids = [i for p in people for i in self._events_of(p)]
        if not ids:
            return []
        asked = np.array(ids, dtype=np.int64)
        lo, hi, held = self._spans(asked)
        meet = held & (lo <= latest_day) & (hi >= earliest_day)
        found = sorted(set(asked[meet].tolist()))
        events = sorted(self._cached(found), key=lambda e: (e.start.earliest_day(), e.id))
        return self._shown(events)

    def _events_of(self, person_id: int) -> list[int]:
        """Ids of the events a person takes part in (rejected ones too), read once and
        then kept up with the links each write makes (`stored`)."""
        events = self._person_events.get(person_id)
        if events is None:
            with self._store.engine.connect() as conn:
                events = self._person_events[person_id] = linked_events(conn, [person_id])
        return events

    def _spans(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(earliest days, latest days, held) of these events as the index knows them;
        `held` is False for an event it does not hold (a rejected one)."""
        if self._index is None:
            self._ids_overlapping(0, 0)  # (reads the index)
        assert self._index is not None
        if self._by_id is None:
            order = np.argsort(self._index.ids, kind="stable")
            index = self._index
            self._by_id = (index.ids[order], index.lo[order], index.hi[order])
        known, known_lo, known_hi = self._by_id
        lo = np.zeros(len(ids), dtype=np.int64)
        hi = np.zeros(len(ids), dtype=np.int64)
        held = np.zeros(len(ids), dtype=bool)
        if len(known):
            at = np.minimum(known.searchsorted(ids), len(known) - 1)
            held = known[at] == ids
            lo[held], hi[held] = known_lo[at[held]], known_hi[at[held]]
        for n, i in enumerate(ids.tolist()):
            moved = self._recent.get(i)
            if moved is not None:
                lo[n], hi[n] = moved
                held[n] = True
        return lo, hi, held

    def _cached(self, ids: list[int]) -> list[Event]:
        """These events, read from the database when this context does not hold them."""
        missing = [i for i in ids if i not in self._events]
        if missing:
            if len(self._events) + len(missing) > self._EVENT_CACHE:
                self._events.clear()
                self._facts.clear()
                missing = ids
            with self._store.engine.connect() as conn:
                for event in load_events(conn, missing):
                    self._events[event.id] = event
        return [self._events[i] for i in ids if i in self._events]

    def _people_keyed(self) -> dict[str, set[int]]:
        if self._ids_by_key is None:
            self._ids_by_key, self._key_of = {}, {}
            with self._store.engine.connect() as conn:
                self._keyed(people_names(conn))
        return self._ids_by_key

    def _keyed(self, people: Iterable[tuple[int, str]]) -> None:
        """Key these people (id, name) anew, replacing the keys of their earlier names."""
        assert self._ids_by_key is not None
        key = load().compiled(NameWords).key
        for pid, name in people:
            old = self._key_of.get(pid)
            if old is not None:
                self._ids_by_key[old].discard(pid)
            self._key_of[pid] = k = key(name)
            self._ids_by_key.setdefault(k, set()).add(pid)

    def event_facts(self, event: Event) -> Facts:
        """`corroborate.event_facts`, computed once per version of a stored event."""
        cached = self._facts.get(event.id)
        if cached is not None:
            if cached[0] is event:
                return cached[1]
            if cached[0] == event:  # the same event read again after `forget`
                self._facts[event.id] = (event, cached[1])
                return cached[1]
        facts = event_facts(event)
        self._facts[event.id] = (event, facts)
        return facts

    # --- how the known people changed (`readahead.PeopleLog`) ------------------------------

    _LOG_LIMIT = 10_000

    def people_version(self) -> int:
        return self._people_version

    def people_changed_since(self, version: int) -> list[tuple[Person | None, Person]] | None:
        """The people changed after `version`, as they were and are; None: not known (the
        people were read again from the database since)."""
        if version < self._people_since:
            return None
        log_ = self._people_log
        i = len(log_)
        while i > 0 and log_[i - 1][0] > version:
            i -= 1
        return [(before, after) for _, before, after in log_[i:]]

    def _people_log_restart(self) -> None:
        """From now on, changes before now are not known."""
        self._people_version += 1
        self._people_since = self._people_version
        self._people_log.clear()

    # --- keeping up with the writes -------------------------------------------------------

    def stored(self, written: WrittenExtraction) -> None:
        """Bring the caches up to date with what one prose file wrote."""
        if written.folded:  # events went and others took their passages: read them again
            self.forget()
            return
        if written.renamed_people or written.people_ids:
            with self._store.engine.connect() as conn:
                for i in linked_events(conn, written.renamed_people):
                    self._events.pop(i, None)  # they show the old name
                wanted = self._people is not None or self._ids_by_key is not None
                changed = load_people(conn, written.people_ids) if wanted else []
                if changed and self._people is not None:
                    for person in changed:
                        self._people_version += 1
                        before = self._people.get(person.id)
                        self._people_log.append((self._people_version, before, person))
                        self._people[person.id] = person
                    self._people_sorted = None
                    if len(self._people_log) > self._LOG_LIMIT:
                        self._people_log_restart()  # a helper this far behind starts again
                if self._ids_by_key is not None:
                    self._keyed((p.id, p.name) for p in changed)
                    # (those marked not a person are not among the known people)
                    unknown = set(written.people_ids) - {p.id for p in changed}
                    if unknown:
                        self._keyed(people_names(conn, sorted(unknown)))
        spans = {e.id: bounds(e.start, e.end) for e in written.new_events}
        for eid, patch in written.touched.items():
            event = self._events.get(eid)
            if event is not None:
                self._events[eid] = patch.applied(event)
            if patch.start is not None:  # a finer date (a day, or a range in a century)
                spans[eid] = bounds(patch.start, patch.end)
        for event in written.new_events:
            self._events[event.id] = event
        for eid, pid in written.links:
            events = self._person_events.get(pid)
            if events is not None:
                events.append(eid)
        if self._index is not None and spans:
            self._recent.update(spans)
            self._recent_arrays = None
            size = self._index.size
            if len(self._recent) > min(self._MERGE_MAX, max(self._MERGE_MIN, size // 16)):
                ids = np.fromiter(self._recent, dtype=np.int64, count=len(self._recent))
                lohi = np.array(list(self._recent.values()), dtype=np.int64).reshape(-1, 2)
                self._index = self._index.replaced(ids, lohi[:, 0], lohi[:, 1])
                self._by_id = None
                self._recent, self._recent_arrays = {}, None

    def cached_events(self) -> list[Event]:
        """The events this context holds (tests compare them with the database)."""
        return list(self._events.values())

    def source_replaced(self, source_id: int) -> None:
        """After a new version of a source was stored (`store.versions.store_version`): drop
        what it may have changed, not everything.

        Such a write changes only events with a passage of that source (before or after: its
        passages move, its old events go, its new ones and those it corroborates get
        passages) and, through renamed people, the events of those people; every other
        stored event is as this context holds it.
        """
        if self._people is None:
            self.forget()
            return
        with self._store.engine.connect() as conn:
            stale = set(events_citing(conn, source_id))
            people = {p.id: p for p in load_people(conn)}
            renamed = [
                pid
                for pid, old in self._people.items()
                if pid not in people or people[pid].name != old.name
            ]
            stale.update(linked_events(conn, renamed))
        stale.update(
            eid
            for eid, event in self._events.items()
            if any(source_id in (ev.source_id, ev.shared_by) for ev in event.evidence)
        )
        for eid in stale:
            self._events.pop(eid, None)
        self._log_people(self._people, people)
        self._people, self._people_sorted = people, None
        self._ids_by_key = None
        self._index = self._by_id = None  # spans moved and events went: read them again
        self._person_events.clear()
        self._recent, self._recent_arrays = {}, None

    def _log_people(self, before: dict[int, Person], after: dict[int, Person]) -> None:
        """Log how the known people went from `before` to `after`, so files prepared ahead
        are checked against the people that changed, not read again whole. A person gone
        (merged away, or marked not a person) cannot be told as a change: from then on,
        earlier changes are not known (`people_changed_since` gives None)."""
        if before.keys() - after.keys():
            self._people_log_restart()
            return
        for pid, person in after.items():
            old = before.get(pid)
            if old != person:
                self._people_version += 1
                self._people_log.append((self._people_version, old, person))
        if len(self._people_log) > self._LOG_LIMIT:
            self._people_log_restart()

    def forget(self) -> None:
        """Drop every cache (after a bulk write this context did not follow in detail);
        the facts are kept, as they are only served for an event equal to theirs."""
        self._people = self._people_sorted = self._index = self._by_id = None
        self._person_events.clear()
        self._ids_by_key = None
        self._people_log_restart()
        self._recent, self._recent_arrays = {}, None
        self._events.clear()  # facts stay: an event read again and unchanged keeps its own

    def _ids_overlapping(self, lo: int, hi: int) -> list[int]:
        """Ids of stored events meeting [lo, hi], by earliest day then id (as the store
        orders them)."""
        if self._index is None:
            with self._store.engine.connect() as conn:
                self._index = StoredIndex.load(conn)
            self._by_id = None
            self._recent, self._recent_arrays = {}, None
        ids, los = self._index.query(lo, hi)
        if self._recent:
            if self._recent_arrays is None:
                recent = self._recent
                keys = np.fromiter(recent, dtype=np.int64, count=len(recent))
                spans = np.array(list(recent.values()), dtype=np.int64).reshape(-1, 2)
                self._recent_arrays = (keys, spans[:, 0], spans[:, 1], np.sort(keys))
            r_ids, r_lo, r_hi, r_sorted = self._recent_arrays
            if len(ids):  # leave out those moved since the index was built
                at = np.minimum(r_sorted.searchsorted(ids), len(r_sorted) - 1)
                moved = r_sorted[at] == ids
                if moved.any():
                    ids, los = ids[~moved], los[~moved]
            hit = (r_lo <= hi) & (r_hi >= lo)
            if hit.any():
                ids = np.concatenate((ids, r_ids[hit]))
                los = np.concatenate((los, r_lo[hit]))
        if len(ids) < 2:
            return ids.tolist()
        return ids[np.lexsort((ids, los))].tolist()


def default_extractor() -> Extractor:
    return RuleExtractor()


# --- which files ------------------------------------------------------------------------------


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files to import: given files as they are, folders searched recursively.

    Inside folders only supported formats are taken and hidden entries skipped, in a stable
    (sorted) order so imports are reproducible. A named file that does not exist is kept, so
    it gets reported as an error rather than silently ignored.
    """
    return discover_all(paths)[0]


def discover_all(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """(files to import, files inside the folders that no reader supports)."""
    found: list[Path] = []
    unsupported: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    file = Path(root) / name
                    supported = file.suffix.lower() in SUPPORTED_SUFFIXES
                    if supported and not might_be_timeline(file):
                        supported = False  # a package.json or a sitemap.xml, not a timeline
                    (found if supported else unsupported).append(file)
        else:
            found.append(path)
    return (
        list(dict.fromkeys(p.resolve() for p in found)),
        list(dict.fromkeys(p.resolve() for p in unsupported)),
    )


# --- importing --------------------------------------------------------------------------------


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    extractor: Extractor | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportReport:
    """Import files and folders; never raises for a bad file (it is reported instead)."""
    extractor = extractor or default_extractor()
    files, unsupported = discover_all(paths)
    report = ImportReport()
    context = StoreContext(store)
    code = _ahead_code(extractor)
    stops = (None, *reversed(RuleExtractor.SHORT_STOPS))
    with (
        fewer_collections(),
        ReadAhead(files, lambda p: not is_structured_path(p), code, context, stops) as ahead,
    ):
        for done, path in enumerate(files):
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            if progress is not None:
                progress(done, len(files), path.name)
            rows_progress = None
            if progress is not None:
                rows_progress = _rows_reporter(progress, done, len(files), path.name)
            result = import_file(
                store, path, extractor, context, cancelled, rows_progress, ahead.take(done)
            )
            report.files.append(result)
            if result.status == FileStatus.CANCELLED:
                report.cancelled = True
                break
    for path in unsupported:
        suffix = path.suffix.lower()
        kind = f"file type '{suffix}'" if suffix else "file without a suffix"
        report.unsupported.append(
            FileResult(str(path), FileStatus.UNSUPPORTED, error=f"{path.name}: unsupported {kind}")
        )
    if progress is not None:
        progress(len(files), len(files), "")
    return report


def _ahead_code(extractor: Extractor) -> str | None:
    """The language a helper process can prepare files in for `extractor`: only the
    standard extractor, whose lexicon and stages the helper has too."""
    if type(extractor) is not RuleExtractor or extractor.pipeline is not PIPELINE:
        return None
    code = extractor.lexicon.code
    return code if extractor.lexicon is load(code) else None


def _rows_reporter(
    progress: ProgressCallback, done: int, total: int, name: str
) -> Callable[[int], None]:
    return lambda rows: progress(done, total, f"{name} ({rows:,} rows)")


def import_file(
    store: Store,
    path: Path,
    extractor: Extractor,
    context: StoreContext | None = None,
    cancelled: CancelCheck | None = None,
    rows_progress: Callable[[int], None] | None = None,
    prepared: Prepared | None = None,
) -> FileResult:
    """Read and store one file in one transaction (`prepared`: the file already read, and
    maybe taken part way through the extractor, by `readahead`)."""
    context = context or StoreContext(store)
    try:
        if prepared is not None and isinstance(prepared.document, ReadError):
            raise prepared.document
        if prepared is not None:
            document = prepared.document
        else:
            opened = open_structured(path)
            if opened is not None:
                return _store_structured(store, path, opened, context, cancelled, rows_progress)
            document = read_file(path)
    except ReadError as exc:
        return FileResult(str(path), FileStatus.FAILED, error=str(exc))
    except OSError as exc:
        return FileResult(str(path), FileStatus.FAILED, error=f"{path.name}: {exc.strerror or exc}")
    existing = store.source_id_for_sha256(document.sha256)
    if existing is not None:
        return FileResult(str(path), FileStatus.DUPLICATE, source_id=existing)
    from timeline_desktop.ingest.versions import import_version  # it builds on this module

    versioned = import_version(
        store,
        path,
        document,
        extractor,
        lambda replacing: _extract(path, document, extractor, context, prepared, replacing),
    )
    if versioned is not None:
        if versioned.status == FileStatus.UPDATED and versioned.source_id is not None:
            context.source_replaced(versioned.source_id)  # its events, behind the caches
        elif versioned.status != FileStatus.DUPLICATE:  # (a duplicate wrote nothing)
            context.forget()
        return versioned
    return _extract_and_store(store, path, document, extractor, context, prepared)


def _store_structured(
    store: Store,
    path: Path,
    opened,
    context: StoreContext,
    cancelled: CancelCheck | None,
    rows_progress: Callable[[int], None] | None,
) -> FileResult:
    if opened.archive is not None:
        return _restore(store, path, opened.archive, context)
    info = SourceInfo(path.name, str(path.absolute()), opened.sha256, opened.encoding)
    try:
        outcome = store_chronology(store, opened.chronology, info, cancelled, rows_progress)
    except Cancelled:
        return FileResult(str(path), FileStatus.CANCELLED, error=f"{path.name}: cancelled")
    except ReadError as exc:
        return FileResult(str(path), FileStatus.FAILED, error=str(exc))
    except ValueError as exc:
        return FileResult(str(path), FileStatus.FAILED, error=f"{path.name}: {exc}")
    except Exception as exc:  # a reader or store bug must not end the whole import
        log.exception("could not import %s", path)
        return FileResult(str(path), FileStatus.FAILED, error=f"{path.name}: {explain(exc)}")
    if outcome.duplicate:
        notes = ()
        if outcome.same_as_version:
            notes = (
                f"the same as version {outcome.same_as_version} of source {outcome.source_id}",
            )
        return FileResult(
            str(path), FileStatus.DUPLICATE, source_id=outcome.source_id, warnings=notes
        )
    context.forget()
    notes = []
    if outcome.lost:
        n = outcome.lost
        notes.append(
            f"{n} passage{'s' * (n != 1)} you attached, corrected or detached "
            f"{'are' if n != 1 else 'is'} no longer in the changed file; kept and marked "
            f"as only in version {outcome.version - 1}"
        )
    return FileResult(
        str(path),
        FileStatus.UPDATED if outcome.version else FileStatus.IMPORTED,
        source_id=outcome.source_id,
        events=outcome.events_added,
        people=outcome.people_added,
        skipped=tuple(outcome.skipped),
        warnings=tuple(opened.chronology.notes) + tuple(notes) + tuple(outcome.warnings),
        skipped_count=outcome.skipped_count,
        warning_count=outcome.warning_count,
        corroborated=outcome.events_matched,
    )


def _restore(store: Store, path: Path, data: dict, context: StoreContext) -> FileResult:
    """One of our own exports: its sources, people and events as they were."""
    try:
        outcome = restore_archive(store, data, path.name)
    except ValueError as exc:
        return FileResult(str(path), FileStatus.FAILED, error=f"{path.name}: {exc}")
    except Exception as exc:  # a bug must not end the whole import
        log.exception("could not import %s", path)
        return FileResult(str(path), FileStatus.FAILED, error=f"{path.name}: {explain(exc)}")
    context.forget()
    status = FileStatus.DUPLICATE if outcome.nothing_new else FileStatus.IMPORTED
    return FileResult(
        str(path),
        status,
        source_id=outcome.source_id,
        events=outcome.events_added,
        people=outcome.people_added,
        skipped=tuple(outcome.skipped),
        skipped_count=len(outcome.skipped),
    )


def _extract_and_store(
    store: Store,
    path: Path,
    document: Document,
    extractor: Extractor,
    context: StoreContext,
    prepared: Prepared | None = None,
) -> FileResult:
    stored = None  # write_document gives None when another client stored the bytes first
    try:
        seen = store.revision()
        extraction = _extract(path, document, extractor, context, prepared)
        try:
            written = write_document(store, document, extraction, seen)
        except StaleExtractionError:
            # another client wrote meanwhile: what this run keeps in memory may be out of
            # date, so extract again against the store as it is when this file commits
            log.info("%s: the database changed during extraction; extracting again", path)
            context.forget()
            stored = store.import_document(
                document, lambda: extractor.extract(document, StoreContext(store))
            )
            written = None
            if stored is None:
                return FileResult(str(path), FileStatus.DUPLICATE)
    except Exception as exc:  # an extractor bug must not end the whole import
        log.exception("could not import %s", path)
        return FileResult(str(path), FileStatus.FAILED, error=f"{path.name}: {explain(exc)}")
    if written is not None:
        stored = written.stored
        context.stored(written)
    elif stored is None:
        return FileResult(str(path), FileStatus.DUPLICATE)
    return FileResult(
        str(path),
        FileStatus.IMPORTED,
        source_id=stored.source_id,
        events=stored.events_added,
        people=stored.people_added,
        corroborated=stored.events_corroborated,
        warnings=document.warnings,
    )


def _extract(
    path: Path,
    document: Document,
    extractor: Extractor,
    context: StoreContext,
    prepared: Prepared | None,
    target: ExtractionContext | None = None,
) -> Extraction:
    """The extraction of `document` against `target` (default: `context`, the run's, which
    knows how the people changed), finished from what the helper prepared when that still
    holds, else whole.

    It holds when no person stored since it was prepared answers one of the people stage's
    lookups; failing that, when the people stage run again here finds the same people
    (a person stored since who shares a word with a name of the text, mostly)."""
    target = target or context
    if (
        prepared is not None
        and prepared.packed is not None
        and isinstance(extractor, RuleExtractor)
    ):
        w = extractor.lexicon.compiled(NameWords)
        try:
            doc = unpack(prepared.packed, extractor.lexicon)
        except Exception:  # a helper out of step with this process: extract it here
            log.warning("%s: the helper's work could not be read", path.name, exc_info=True)
            return extractor.extract(document, target)
        changed = context.people_changed_since(prepared.people_version)
        if prepared.still_holds(changed, w) or extractor.still_holds(doc, target):
            return extractor.finish(doc, target)
        log.debug("%s: people stored since it was prepared; extracting again", path.name)
    return extractor.extract(document, target)
