"""Re-extraction: run the current extractor again over stored sources.

Needed whenever extraction improves. Each source is one transaction (`Store.replace_extraction`):
the events the extractor made and nobody touched are replaced by the new extraction's, while
every user correction is kept. The extractor reads the stored text (the evidence offsets
point into it); the original file is read again only to recover what its reader knew beyond
the text (a CSV's rows), and only when its text is still exactly the stored one.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from timeline_desktop.domain.model import Document, Event, Person, Source
from timeline_desktop.extract.base import Extractor
from timeline_desktop.failures import explain
from timeline_desktop.ingest.pipeline import (
    CancelCheck,
    ProgressCallback,
    StoreContext,
    default_extractor,
)
from timeline_desktop.ingest.readers import ReadError, is_structured_source, read_file
from timeline_desktop.store.bulk import EventPatch
from timeline_desktop.store.majority import settled
from timeline_desktop.store.repository import Store

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ReextractReport:
    sources: int = 0
    events_added: int = 0
    events_corroborated: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)  # (source id, reason)
    cancelled: bool = False


class ReplacingContext(StoreContext):
    """The store as it will be once this source's replaceable events are gone.

    Without this the extractor would find the source's own previous events and take them for
    other sources reporting the same happenings.
    """

    def __init__(self, store: Store, source_id: int) -> None:
        super().__init__(store)
        self._source_id = source_id
        # each stored event as shown, by id (with the event it was made from): an extraction
        # asks for the events near each of its dates, and the same ones come back often
        self._shown_as: dict[int, tuple[Event, Event | None]] = {}
        self._own_people: set[int] | None = None

    def known_people(self) -> Sequence[Person]:
        """The people known without this source: those only its text mentions were not
        known when it was first read, and must not change how it is read again (its
        "Augustus" would become the "Octavian" it named itself)."""
        if self._own_people is None:
            self._own_people = self._store.people_found_only_in(self._source_id)
        people = super().known_people()
        if not self._own_people:
            return people
        return [p for p in people if p.id not in self._own_people]

    def _shown(self, events: list[Event]) -> list[Event]:
        kept = []
        for event in events:
            seen = self._shown_as.get(event.id)
            if seen is None or seen[0] is not event:
                seen = self._shown_as[event.id] = (event, self._without_source(event))
            if seen[1] is not None:
                kept.append(seen[1])
        return kept

    def _without_source(self, event: Event) -> Event | None:
        """The event as it will be once this source's passages are gone (None: it goes).
        One this source alone supported takes the date of the sources that contradicted
        it, as `majority.settle` will date it: a date this source gave must not be what
        its own new reading counts from."""
        if event.origin != "extracted":
            return event
        evidence = tuple(
            e  # (the copies its extraction made go too: `Evidence.shared_by`)
            for e in event.evidence
            if self._source_id not in (e.source_id, e.shared_by)
        )
        if not evidence:
            return None
        if len(evidence) == len(event.evidence):
            return event
        event = dataclasses.replace(event, evidence=evidence)
        redated = None if event.edited_fields else settled(list(evidence))
        if redated is None:
            return event
        return EventPatch(start=redated.start, end=redated.end, stances=redated.stances).applied(
            event
        )


def document_of(source: Source) -> Document:
    """The document to extract from a stored source (see the module docstring)."""
    path = Path(source.path)
    try:
        if path.is_file():
            document = read_file(path)
            if document.sha256 == source.sha256 and document.text == source.text:
                return document
    except (ReadError, OSError) as exc:
        log.info("re-extracting %s from the stored text: %s", source.file_name, exc)
    return Document(
        text=source.text,
        title=source.title,
        file_name=source.file_name,
        path=source.path,
        format=source.format,
        encoding=source.encoding,
        sha256=source.sha256,
        url=source.url,
    )


def reextract(
    store: Store,
    source_ids: Sequence[int] | None = None,
    extractor: Extractor | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ReextractReport:
    """Re-extract the given sources (all of them by default), oldest first."""
    extractor = extractor or default_extractor()
    known = [s.id for s in store.sources(with_text=False)]
    if source_ids is None:
        ids = known
    else:
        missing = [i for i in source_ids if i not in set(known)]
        if missing:
            raise KeyError(f"no source with id {', '.join(map(str, missing))}")
        ids = sorted(dict.fromkeys(source_ids))
    report = ReextractReport()
    for done, source_id in enumerate(ids):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        source = store.source(source_id)
        if progress is not None:
            progress(done, len(ids), source.file_name)
        if is_structured_source(source):
            continue  # its events were stated by the file, not extracted: nothing to redo
        try:
            extraction = extractor.extract(document_of(source), ReplacingContext(store, source_id))
            stored = store.replace_extraction(source_id, extraction)
        except Exception as exc:  # one bad source must not end the run; it keeps its events
            log.exception("could not re-extract source %s", source_id)
            report.failed.append((source_id, f"{source.file_name}: {explain(exc)}"))
            continue
        report.sources += 1
        report.events_added += stored.events_added
        report.events_corroborated += stored.events_corroborated
    if progress is not None:
        progress(report.sources + len(report.failed), len(ids), "")
    return report
