"""Versions of a source: the same file imported again after it changed.

Users re-import their notes and re-save web pages. Stored as a second source, the changed
file would "corroborate" every event of its own earlier copy, which is false evidence. So a
changed file whose path (or, for a saved web page, whose URL) is already stored replaces that
source's text as its next version, in one transaction:

1. the old text is kept in `source_versions`;
2. every passage of the source that a row points at (evidence, detached-passage marks, and
   the row images of the edit history, so undo and redo stay valid) is looked up in the new
   text by its quote (`store.anchor`) and moved there; a passage that is gone keeps its
   offsets into the old text and says so (`in_version`);
3. the extraction of the new text replaces the events nobody touched, exactly as
   re-extraction does (`repository.replace_extraction_in`), so every correction is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from timeline_desktop.domain.model import Document, Extraction, Origin, SourceVersion
from timeline_desktop.store import edits
from timeline_desktop.store.anchor import OffsetMap, locate
from timeline_desktop.store.engine import write_session
from timeline_desktop.store.orm import (
    CurationMarkRow,
    EditRow,
    EventRow,
    EvidenceRow,
    SourceRow,
    SourceVersionRow,
)
from timeline_desktop.store.repository import (
    Store,
    StoredImport,
    replace_extraction_in,
    source_columns,
)
from timeline_desktop.store.snapshot import bump_revision


class Previous(StrEnum):
    """How a document being imported relates to what is stored."""

    NEW_VERSION = "new version"  # same file (or page), changed content
    OLD_VERSION = "old version"  # the bytes of a version that has since been replaced


@dataclass(frozen=True, slots=True)
class Match:
    kind: Previous
    source_id: int
    version: int


@dataclass(frozen=True, slots=True)
class VersionImport:
    """What storing a new version did."""

    stored: StoredImport
    version: int  # the new current version's number
    kept: int  # the user's passages (evidence and marks) found again in the new text
    lost: int  # the user's passages no longer in it (kept, marked with the old version)


def previous_source(store: Store, document: Document) -> Match | None:
    """The stored source `document` is a version of, if any.

    Same path: the same file, so a new version (even when its bytes equal an older version's:
    the user went back to it). Otherwise bytes equal to a replaced version: an old copy,
    which adds nothing. Otherwise a saved web page with the same URL as a stored page: the
    page saved again. Checking for identical current bytes is the caller's (a duplicate).
    """
    with store.engine.connect() as conn:
        if document.path:
            row = conn.execute(_BY_PATH, {"path": document.path}).first()
            if row is not None:
                return Match(Previous.NEW_VERSION, row.id, row.version)
        row = conn.execute(_BY_OLD_SHA256, {"sha256": document.sha256}).first()
        if row is not None:
            return Match(Previous.OLD_VERSION, row.source_id, row.version)
        if document.url and document.format == "html":
            row = conn.execute(_BY_PAGE_URL, {"url": document.url}).first()
            if row is not None:
                return Match(Previous.NEW_VERSION, row.id, row.version)
    return None


# built once: every imported file asks them
_BY_PATH = (
    select(SourceRow.id, SourceRow.version)
    .where(SourceRow.path == bindparam("path"))
    .order_by(SourceRow.id.desc())
    .limit(1)
)
_BY_OLD_SHA256 = (
    select(SourceVersionRow.source_id, SourceVersionRow.version)
    .where(SourceVersionRow.sha256 == bindparam("sha256"))
    .limit(1)
)
_BY_PAGE_URL = (
    select(SourceRow.id, SourceRow.version)
    .where(SourceRow.url == bindparam("url"), SourceRow.format == "html")
    .order_by(SourceRow.id.desc())
    .limit(1)
)


def kept_version_row(row: SourceRow, now: datetime) -> dict:
    """The `source_versions` row that keeps a source's current version (`row`) when a newer
    one replaces it at `now`: the same for prose and for structured files."""
    return {
        "source_id": row.id,
        "version": row.version,
        "title": row.title,
        "file_name": row.file_name,
        "path": row.path,
        "format": row.format,
        "encoding": row.encoding,
        "sha256": row.sha256,
        "url": row.url,
        "imported_at": row.imported_at,
        "replaced_at": now,
        "text": row.text,
    }


def store_version(
    store: Store, source_id: int, document: Document, extraction: Extraction
) -> VersionImport | None:
    """Make `document` the next version of source `source_id` (see the module docstring).

    None, writing nothing, when a source holds these bytes by the time the write lock is
    taken (another client imported the same file meanwhile). Raises ValueError, writing
    nothing, when the extraction points outside the new text; KeyError when the source is
    gone.
    """
    now = datetime.now(UTC).replace(tzinfo=None)
    with write_session(store.engine) as s:  # takes the write lock first (retrying if busy)
        row = s.get(SourceRow, source_id)
        if row is None:
            raise KeyError(f"no source with id {source_id}")
        if s.scalar(select(SourceRow.id).where(SourceRow.sha256 == document.sha256)):
            return None
        old_text, old_version = row.text, row.version
        s.add(SourceVersionRow(**kept_version_row(row, now)))
        for name, value in source_columns(document, now).items():
            setattr(row, name, value)
        row.version = old_version + 1
        s.flush()
        kept, lost = reanchor(s, source_id, old_text, document.text, old_version)
        stored = replace_extraction_in(s, source_id, extraction)
        bump_revision(s)
    return VersionImport(stored, old_version + 1, kept, lost)


# --- re-anchoring ---------------------------------------------------------------------------


@dataclass(slots=True)
class Anchorer:
    """Moves one source's passages from its old text to its new one."""

    old_text: str
    new_text: str
    old_version: int
    offsets: OffsetMap

    def move(self, start: int, end: int, quote: str, in_version: int | None) -> dict | None:
        """New values for a passage row: offsets (and quote) in the new text, or the old
        version it stays in. None when nothing changes."""
        hint = self.offsets(start) if in_version is None else start
        found = locate(quote, self.new_text, hint)
        if found is not None:
            quote_now = self.new_text[found[0] : found[1]]
            if (found[0], found[1], quote_now, in_version) == (start, end, quote, None):
                return None
            return {"start": found[0], "end": found[1], "quote": quote_now, "in_version": None}
        if in_version is None:
            return {"in_version": self.old_version}
        return None  # still only in the earlier version it came from


def reanchor(
    s: Session, source_id: int, old_text: str, new_text: str, old_version: int
) -> tuple[int, int]:
    """Re-anchor the source's passages; returns (kept, lost) for the user's passages."""
    anchorer = Anchorer(old_text, new_text, old_version, OffsetMap(old_text, new_text))
    users = set(
        s.scalars(
            select(EventRow.id).where(
                or_(EventRow.origin != Origin.EXTRACTED.value, EventRow.rejected.is_(True))
            )
        )
    )
    kept = lost = 0
    for model in (EvidenceRow, CurationMarkRow):
        for row in s.scalars(select(model).where(model.source_id == source_id)):
            was_current = row.in_version is None
            change = anchorer.move(row.start, row.end, row.quote, row.in_version)
            for key, value in (change or {}).items():
                setattr(row, key, value)
            if model is CurationMarkRow or row.event_id in users:
                if row.in_version is None:
                    kept += 1
                elif was_current:
                    lost += 1
    reanchor_history(s, source_id, anchorer)
    return kept, lost


def reanchor_history(s: Session | Connection, source_id: int, anchorer: Anchorer) -> None:
    """Rewrite the row images of past edits that point into this source, so undoing or
    redoing an edit made on the old text writes passages of the new one (on the caller's
    session or connection: a structured file's versions are written in Core)."""
    needle = f'%"source_id":{source_id}%'
    found = s.execute(select(EditRow.id, EditRow.changes).where(EditRow.changes.like(needle)))
    for edit_id, encoded in found.all():
        changes = edits.decode(encoded)
        changed = False
        for table in ("evidence", "curation_marks", "mentions"):
            rows = changes.get(table)
            if not rows:
                continue
            kept_rows = []
            for entry in rows:
                moved = _move_entry(entry, source_id, anchorer, table == "mentions")
                changed |= moved is not entry
                if moved is not None:
                    kept_rows.append(moved)
            changes[table] = kept_rows
        if changed:
            s.execute(
                update(EditRow)
                .where(EditRow.id == edit_id)
                .values(changes=edits.encode({k: v for k, v in changes.items() if v}))
            )


def _move_entry(entry: list, source_id: int, anchorer: Anchorer, mention: bool) -> list | None:
    """One [key, before, after] history entry with its rows moved to the new text.

    Mentions carry no quote: theirs is read from the old text, and a mention whose words are
    gone is dropped from the history (re-extraction derives mentions anyway).
    """
    sides: list = [entry[0], entry[1], entry[2]]
    changed = False
    for side in (1, 2):
        row = sides[side]
        if not row or row.get("source_id") != source_id:
            continue
        if mention:
            quote = anchorer.old_text[row["start"] : row["end"]]
            found = locate(quote, anchorer.new_text, anchorer.offsets(row["start"]))
            if found is None:
                return None
            sides[side] = {**row, "start": found[0], "end": found[1]}
            changed = True
            continue
        change = anchorer.move(row["start"], row["end"], row["quote"], row.get("in_version"))
        if change:
            sides[side] = {**row, **change}
            changed = True
    return sides if changed else entry


# --- reading versions -----------------------------------------------------------------------


def source_versions(store: Store, source_id: int, with_text: bool = True) -> list[SourceVersion]:
    """Every version of a source, oldest first, the current one last."""
    with Session(store.engine) as s:
        current = s.get(SourceRow, source_id)
        if current is None:
            raise KeyError(f"no source with id {source_id}")
        rows = s.scalars(
            select(SourceVersionRow)
            .where(SourceVersionRow.source_id == source_id)
            .order_by(SourceVersionRow.version)
        ).all()
        out = [
            SourceVersion(
                source_id=source_id,
                version=r.version,
                title=r.title,
                file_name=r.file_name,
                sha256=r.sha256,
                imported_at=r.imported_at,
                replaced_at=r.replaced_at,
                text=r.text if with_text else "",
            )
            for r in rows
        ]
        out.append(
            SourceVersion(
                source_id=source_id,
                version=current.version,
                title=current.title,
                file_name=current.file_name,
                sha256=current.sha256,
                imported_at=current.imported_at,
                replaced_at=current.imported_at,
                text=current.text if with_text else "",
            )
        )
    return out


def version_text(store: Store, source_id: int, version: int) -> str:
    """The text of one version of a source (the current one included)."""
    with store.engine.connect() as conn:
        text = conn.scalar(
            select(SourceVersionRow.text).where(
                SourceVersionRow.source_id == source_id, SourceVersionRow.version == version
            )
        )
        if text is None:
            text = conn.scalar(
                select(SourceRow.text).where(
                    SourceRow.id == source_id, SourceRow.version == version
                )
            )
    if text is None:
        raise KeyError(f"source {source_id} has no version {version}")
    return text
