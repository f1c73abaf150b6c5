"""Importing a changed file again: a new version of its source, not a second source.

See `store.versions` for what a new version keeps. Here the new text is extracted as
re-extraction does it (`ReplacingContext`: the source's own earlier events are not taken for
other sources reporting the same happenings), and the outcome is put in words for the report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from timeline_desktop.domain.model import Document, Extraction
from timeline_desktop.extract.base import ExtractionContext, Extractor
from timeline_desktop.failures import explain
from timeline_desktop.ingest.pipeline import FileResult, FileStatus
from timeline_desktop.ingest.reextract import ReplacingContext
from timeline_desktop.store.repository import Store
from timeline_desktop.store.versions import Previous, previous_source, store_version

log = logging.getLogger(__name__)


def import_version(
    store: Store,
    path: Path,
    document: Document,
    extractor: Extractor,
    extract: Callable[[ExtractionContext], Extraction] | None = None,
) -> FileResult | None:
    """Store `document` as a version of a stored source; None when it is a new source.
    `extract`, when given, extracts `document` against a context (from what a helper
    prepared, when that still holds)."""
    match = previous_source(store, document)
    if match is None:
        return None
    if match.kind == Previous.OLD_VERSION:
        return FileResult(
            str(path),
            FileStatus.DUPLICATE,
            source_id=match.source_id,
            warnings=(f"the same as version {match.version} of source {match.source_id}",),
        )
    try:
        context = ReplacingContext(store, match.source_id)
        if extract is not None:
            extraction = extract(context)
        else:
            extraction = extractor.extract(document, context)
        result = store_version(store, match.source_id, document, extraction)
    except Exception as exc:  # one bad file must not end the import
        log.exception("could not store %s as a new version of source %s", path, match.source_id)
        return FileResult(str(path), FileStatus.FAILED, error=f"{path.name}: {explain(exc)}")
    if result is None:  # another client stored these bytes meanwhile
        return FileResult(str(path), FileStatus.DUPLICATE, source_id=match.source_id)
    notes = list(document.warnings)
    if result.lost:
        n = result.lost
        notes.append(
            f"{n} passage{'s' * (n != 1)} you attached, corrected or detached "
            f"{'are' if n != 1 else 'is'} no longer in the changed file; kept and marked "
            f"as only in version {result.version - 1}"
        )
    return FileResult(
        str(path),
        FileStatus.UPDATED,
        source_id=match.source_id,
        events=result.stored.events_added,
        people=result.stored.people_added,
        warnings=tuple(notes),
    )
