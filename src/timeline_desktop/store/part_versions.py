"""Versions of a structured file's source parts: the reads and writes.

A structured file is stored as one source per part of about a megabyte of text
(`ingest.structured_import`). When the changed file is imported again, each part becomes the
next version of its own source in place (`keep_version`: the old text goes to
`source_versions`), and the passages that point into it are moved, kept or dropped. Which
of them goes where is decided row by row in `ingest.structured_versions`; this module only
reads and writes, on the file's one connection (a `BulkWriter`'s transaction).

A passage is *derived* when a row of the file made it: the evidence line of an event that
nobody touched (one of the file's own events, or another source's event the row
corroborated). Everything else pointing into a part is the user's: evidence of edited,
manual or rejected events and detached-passage marks; it is never dropped, only moved, or
kept in the version it came from (`in_version`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from timeline_desktop.domain.model import Document, Origin
from timeline_desktop.store.orm import (
    CurationMarkRow,
    EventPersonRow,
    EventRow,
    EvidenceRow,
    PeriodRow,
    SourceRow,
    SourceVersionRow,
)
from timeline_desktop.store.repository import source_columns
from timeline_desktop.store.versions import kept_version_row

_CHUNK = 900  # under SQLite's bound-parameter limit in IN (...) lists
_DERIVED_ORIGINS = (Origin.EXTRACTED.value, Origin.IMPORTED.value)


def _chunks(items: Sequence, size: int = _CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _untouched():
    """Events nobody corrected: what a new version may replace."""
    return and_(
        EventRow.origin.in_(_DERIVED_ORIGINS),
        EventRow.edited_fields == "",
        EventRow.rejected.is_(False),
    )


@dataclass(frozen=True, slots=True)
class StoredPart:
    source_id: int
    version: int


def stored_parts(
    conn: Connection, path: str, url: str | None, formats: Iterable[str]
) -> list[StoredPart]:
    """The stored parts of the structured file at `path` (else of the one with this URL),
    in order; empty when the file is new."""
    formats = tuple(formats)
    for column, value in ((SourceRow.path, path), (SourceRow.url, url)):
        if not value:
            continue
        rows = conn.execute(
            select(SourceRow.id, SourceRow.version)
            .where(column == value, SourceRow.format.in_(formats))
            .order_by(SourceRow.id)
        ).all()
        if rows:
            return [StoredPart(r.id, r.version) for r in rows]
    return []


def replaced_version(conn: Connection, sha256: str) -> tuple[int, int] | None:
    """(source id, version) of an earlier version with these bytes, if any."""
    row = conn.execute(
        select(SourceVersionRow.source_id, SourceVersionRow.version)
        .where(SourceVersionRow.sha256 == sha256)
        .limit(1)
    ).first()
    return (row.source_id, row.version) if row is not None else None


def last_line(conn: Connection, source_id: int) -> str:
    text = conn.scalar(select(SourceRow.text).where(SourceRow.id == source_id)) or ""
    return text[text.rfind("\n") + 1 :]


def keep_version(
    conn: Connection, part: StoredPart, document: Document, version: int, now: datetime
) -> str:
    """Make `document` the current text of the part's source as `version`, keeping the text
    it replaces in `source_versions`; returns that text. The title and text columns are only
    written when they change (each write re-indexes the text for search)."""
    row = conn.execute(select(SourceRow).where(SourceRow.id == part.source_id)).one()
    conn.execute(insert(SourceVersionRow).values(**kept_version_row(row, now)))
    values = {"version": version, **source_columns(document, now)}
    for name in ("title", "text"):
        if values[name] == getattr(row, name):
            del values[name]
    conn.execute(update(SourceRow).where(SourceRow.id == row.id).values(**values))
    return row.text


# --- passages -------------------------------------------------------------------------------


@dataclass(slots=True)
class Passage:
    """A row pointing into a part: evidence or a detached-passage mark (`table`)."""

    table: str  # "evidence" or "marks"
    id: int
    event_id: int
    source_id: int
    start: int
    end: int
    quote: str
    in_version: int | None
    derived: bool  # a row's evidence for an event nobody touched (see the module doc)


def passages(conn: Connection, source_id: int) -> list[Passage]:
    """Every passage pointing into this source (its current text or an earlier version)."""
    out: list[Passage] = []
    for r in conn.execute(
        select(
            EvidenceRow.id, EvidenceRow.event_id, EvidenceRow.start, EvidenceRow.end,
            EvidenceRow.quote, EvidenceRow.in_version, EventRow.origin, EventRow.edited_fields,
            EventRow.rejected,
        )
        .join(EventRow, EventRow.id == EvidenceRow.event_id)
        .where(EvidenceRow.source_id == source_id)
    ):  # fmt: skip
        derived = (
            r.in_version is None
            and r.origin in _DERIVED_ORIGINS
            and not r.edited_fields
            and not r.rejected
        )
        out.append(
            Passage(
                "evidence", r.id, r.event_id, source_id, r.start, r.end, r.quote,
                r.in_version, derived,
            )
        )  # fmt: skip
    for r in conn.execute(
        select(
            CurationMarkRow.id, CurationMarkRow.event_id, CurationMarkRow.start,
            CurationMarkRow.end, CurationMarkRow.quote, CurationMarkRow.in_version,
        ).where(CurationMarkRow.source_id == source_id)
    ):  # fmt: skip
        out.append(
            Passage(
                "marks", r.id, r.event_id, source_id, r.start, r.end, r.quote, r.in_version,
                False,
            )
        )  # fmt: skip
    return out


def save_passages(conn: Connection, changed: Sequence[Passage]) -> None:
    """Write back where these passages now point."""
    for table, model in (("evidence", EvidenceRow), ("marks", CurationMarkRow)):
        rows = [
            {
                "pid": p.id, "new_source": p.source_id, "new_start": p.start,
                "new_end": p.end, "new_quote": p.quote, "new_version": p.in_version,
            }
            for p in changed
            if p.table == table
        ]  # fmt: skip
        if not rows:
            continue
        stmt = (
            update(model)
            .where(model.id == bindparam("pid"))
            .values(
                source_id=bindparam("new_source"),
                start=bindparam("new_start"),
                end=bindparam("new_end"),
                quote=bindparam("new_quote"),
                in_version=bindparam("new_version"),
            )
        )
        for chunk in _chunks(rows, 5000):
            conn.execute(stmt, list(chunk))


def move_evidence(conn: Connection, moves: Sequence[tuple[int, int, int, int]]) -> None:
    """(evidence id, source id, start, end) for row lines that moved; the quote is the same."""
    stmt = (
        update(EvidenceRow)
        .where(EvidenceRow.id == bindparam("eid"))
        .values(source_id=bindparam("sid"), start=bindparam("s"), end=bindparam("e"))
    )
    rows = [{"eid": i, "sid": sid, "s": s, "e": e} for i, sid, s, e in moves]
    for chunk in _chunks(rows, 5000):
        conn.execute(stmt, list(chunk))


def drop_evidence(conn: Connection, evidence_ids: Sequence[int]) -> int:
    """Delete derived evidence whose row is gone, and the events nobody touched that are
    left without any evidence; returns how many events were deleted."""
    if not evidence_ids:
        return 0
    events: set[int] = set()
    for chunk in _chunks(sorted(evidence_ids)):
        events.update(conn.scalars(select(EvidenceRow.event_id).where(EvidenceRow.id.in_(chunk))))
        conn.execute(delete(EvidenceRow).where(EvidenceRow.id.in_(chunk)))
    deleted = 0
    for chunk in _chunks(sorted(events)):
        still = select(EvidenceRow.event_id).where(EvidenceRow.event_id.in_(chunk))
        result = conn.execute(
            delete(EventRow).where(EventRow.id.in_(chunk), _untouched(), EventRow.id.not_in(still))
        )
        deleted += result.rowcount or 0
    return deleted


@dataclass(frozen=True, slots=True)
class OwnEvent:
    """One of the file's own imported events, with what identifies its row."""

    id: int
    key: tuple[str, str | None, str, str]  # start, end, title, summary


def own_events(
    conn: Connection, event_ids: Sequence[int], source_ids: Sequence[int]
) -> list[OwnEvent]:
    """Those of these events, untouched and imported, whose first evidence comes from one of
    `source_ids`: the file's own rows (a row that corroborated another source's event gave
    it later evidence)."""
    out = []
    parts = set(source_ids)
    for chunk in _chunks(sorted(set(event_ids))):
        first = (
            select(EvidenceRow.event_id, func.min(EvidenceRow.id).label("first"))
            .where(EvidenceRow.event_id.in_(chunk))
            .group_by(EvidenceRow.event_id)
            .subquery()
        )
        for r in conn.execute(
            select(
                EventRow.id, EventRow.start, EventRow.end, EventRow.title, EventRow.summary,
                EvidenceRow.source_id,
            )
            .join(first, first.c.event_id == EventRow.id)
            .join(EvidenceRow, EvidenceRow.id == first.c.first)
            .where(EventRow.id.in_(chunk), _untouched(), EventRow.origin == Origin.IMPORTED.value)
        ):  # fmt: skip
            if r.source_id in parts:
                out.append(OwnEvent(r.id, (r.start, r.end, r.title, r.summary)))
    return out


@dataclass(slots=True)
class Restated:
    """One of the file's events as its changed row now states it (same date, title, text)."""

    event_id: int
    evidence_id: int
    values: dict  # `bulk.event_values` of the row (its origin is not changed)
    evidence: dict  # source_id, start, end, quote, date_as_stated of the row's line
    person_ids: Sequence[int]


def restate_events(conn: Connection, restated: Sequence[Restated]) -> None:
    """Write these events' columns, evidence lines and people as their rows now give them
    (the ids and any other source's evidence stay), in batches."""
    if not restated:
        return
    columns = [k for k in restated[0].values if k != "origin"]
    event_stmt = (
        update(EventRow)
        .where(EventRow.id == bindparam("eid"))
        .values(**{k: bindparam(f"v_{k}") for k in columns})
    )
    evidence_stmt = (
        update(EvidenceRow)
        .where(EvidenceRow.id == bindparam("evid"))
        .values(**{k: bindparam(f"v_{k}") for k in restated[0].evidence})
    )
    for chunk in _chunks(restated, 5000):
        conn.execute(
            event_stmt,
            [{"eid": r.event_id, **{f"v_{k}": r.values[k] for k in columns}} for r in chunk],
        )
        conn.execute(
            evidence_stmt,
            [
                {"evid": r.evidence_id, **{f"v_{k}": v for k, v in r.evidence.items()}}
                for r in chunk
            ],
        )
    for chunk in _chunks(restated):
        ids = [r.event_id for r in chunk]
        conn.execute(delete(EventPersonRow).where(EventPersonRow.event_id.in_(ids)))
    links = [{"event_id": r.event_id, "person_id": pid} for r in restated for pid in r.person_ids]
    for chunk in _chunks(links, 5000):
        conn.execute(insert(EventPersonRow), list(chunk))


def file_events(conn: Connection, source_ids: Sequence[int]) -> frozenset[int]:
    """Events with any evidence or mark in these sources, in any version: a row of the file
    must never corroborate them (they are its own, or already have its evidence)."""
    out: set[int] = set()
    for chunk in _chunks(sorted(set(source_ids))):
        for model in (EvidenceRow, CurationMarkRow):
            out.update(conn.scalars(select(model.event_id).where(model.source_id.in_(chunk))))
    return frozenset(out)


def drop_periods(conn: Connection, source_ids: Sequence[int]) -> None:
    """The eras an earlier version of the file gave (the new version gives its own)."""
    for chunk in _chunks(sorted(set(source_ids))):
        conn.execute(delete(PeriodRow).where(PeriodRow.source_id.in_(chunk)))
