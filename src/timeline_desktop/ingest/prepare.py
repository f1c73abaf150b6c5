"""Extracting the next files ahead, in a second process, while this one stores.

Most of the extractor reads only the text of a document: its sentences, dates, clauses,
drafts and their merging. Only corroboration, and anchoring when the text counts a date
from a named happening, need the store as it is when the document's turn comes. On a
machine with a second core, a helper process reads each coming file and takes it as far as
it can (`RuleExtractor.start`), so this process only finishes it and stores it: the two
halves of a prose import run side by side.

The people stage is among the early ones although it reads the known people: the helper
keeps its own copy of them, brought up to date before each file (`PeopleSync`), and notes
every lookup it makes among them (`KnownLookups`). When the document's turn comes, the
people stored since it was prepared are checked against those lookups; if any could have
answered one, the document is extracted again here. The result is therefore always what
extracting it in turn would give.

This module's functions run in the helper process; `readahead.ReadAhead` drives them.
"""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass
from pathlib import Path

from timeline_desktop.domain.model import Document, Event, Person
from timeline_desktop.extract.doc import Doc
from timeline_desktop.extract.events.corroborate import facts_ahead
from timeline_desktop.extract.lexicon import load
from timeline_desktop.extract.names.finder import KnownLookups
from timeline_desktop.extract.names.words import NameWords
from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.extract.transfer import pack
from timeline_desktop.ingest.collect import IMPORT_THRESHOLDS
from timeline_desktop.ingest.readers import ReadError, read_file
from timeline_desktop.store.names import name_key

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PeopleSync:
    """What the helper must learn of the known people before its next file.

    `base` None: `people` is the whole list at `version`; otherwise `people` are those
    created or changed from version `base` to `version`.
    """

    version: int
    base: int | None
    people: tuple[Person, ...]


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file read, and taken part way through the extractor when `packed` is set."""

    document: Document | ReadError
    packed: bytes | None = None  # `transfer.pack` of the Doc `RuleExtractor.start` gave
    people_version: int = -1  # the known people it was prepared with
    asked: KnownLookups | None = None

    def still_holds(self, changed: list[tuple[Person | None, Person]] | None, w: NameWords) -> bool:
        """Whether the early stages' result stands, given the people stored since it was
        prepared (each as it was before and after; None: not known)."""
        if self.packed is None or self.asked is None or changed is None:
            return False
        asked = self.asked
        return not any(asked.touched_by(p, w) for pair in changed for p in pair if p is not None)


def read_for_import(path: str) -> Document | ReadError:
    """What `read_file` gives, or its error as a value."""
    try:
        return read_file(path)
    except ReadError as exc:
        return exc
    except OSError as exc:
        return ReadError(path, exc.strerror or str(exc))


def _lighten(doc: Doc) -> None:
    """Leave out the layers nothing reads once only corroboration is left: it reads the
    drafts (which keep their own dates and clauses), and the people stage, run again when
    people were stored meanwhile, reads the mask, citations and sentences. Unpacking a
    document is some 6% of the importing process's work on it, and this a sixth of that."""
    doc.dates, doc.clauses, doc.lines, doc.consumed = [], [], [], []


class _Helper:
    """The helper process's state: its extractor and its copy of the known people."""

    def __init__(self, code: str) -> None:
        gc.set_threshold(*IMPORT_THRESHOLDS)  # (a process that only extracts: `collect`)
        self.extractor = RuleExtractor(load(code))
        self.version = -1  # -1: out of step with the importing process, prepare nothing
        self.people: dict[int, Person] = {}
        self.sorted: list[Person] | None = None

    def sync(self, update: PeopleSync | None) -> None:
        if update is None:
            return
        if update.base is None:
            self.people = {p.id: p for p in update.people}
        elif update.base == self.version:
            self.people.update((p.id, p) for p in update.people)
        else:  # a change was missed: stay out of step until the next whole list
            self.version = -1
            return
        self.version, self.sorted = update.version, None

    # the ExtractionContext protocol, as far as the early stages use it
    def known_people(self) -> list[Person]:
        if self.sorted is None:  # in the order StoreContext gives
            self.sorted = sorted(self.people.values(), key=lambda p: (name_key(p.name), p.id))
        return self.sorted

    def events_overlapping(self, earliest_day: int, latest_day: int) -> list[Event]:
        raise RuntimeError("stored events are only read when the document's turn comes")


_helper: _Helper | None = None


def prepare_file(
    path: str, update: PeopleSync | None, code: str, stop: str | None = None
) -> Prepared:
    """Read `path` and take it through the early stages, not further than `stop` (runs in
    the helper process)."""
    global _helper
    if not code:  # reading only
        return Prepared(read_for_import(path))
    if _helper is None or _helper.extractor.lexicon.code != code:
        _helper = _Helper(code)
    _helper.sync(update)
    read = read_for_import(path)
    if isinstance(read, ReadError) or _helper.version < 0:
        return Prepared(read)
    try:
        extractor = _helper.extractor
        doc = extractor.start(read, _helper, stop)
        if extractor.pipeline.pipe_names[len(doc.stages) :] == ["corroboration"]:
            facts_ahead(doc)  # all but comparing with the stored events
            _lighten(doc)
        return Prepared(read, pack(doc), _helper.version, doc.known_asked)
    except Exception:  # extracting it in turn will report what is wrong
        log.exception("could not prepare %s", Path(path).name)
        return Prepared(read)
