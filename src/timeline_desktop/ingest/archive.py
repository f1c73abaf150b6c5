"""Importing our own JSON export ("timeline-desktop/1"): a full round trip.

Sources come back with their text and hash (a source whose hash is already stored is the
same source, so nothing is added twice), people with their aliases, events with their
dates, people, places, origin, category and evidence at the same offsets, categories with
their colours and periods. Importing the same export twice changes nothing: an event is
already there when an event with the same title and dates has the same evidence (or, for
an event without evidence, the same title and dates).

Dates are read from `dates` (the exact ISO/EDTF form, written since this import exists);
older exports only have the span (`start`, `end`, `precision`, `approximate`), from which
the date is rebuilt as closely as it can be. Evidence whose quote no longer matches its
source's text at its offsets is dropped with a message.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from timeline_desktop.domain.dates import DateParseError, HistDate, Precision
from timeline_desktop.domain.model import Document, Origin, Stance
from timeline_desktop.ingest.cells import CellError, parse_cell_date
from timeline_desktop.store.bulk import BulkWriter, event_values, insert_returning_ids
from timeline_desktop.store.names import name_key
from timeline_desktop.store.orm import (
    AliasRow,
    EventPersonRow,
    EventRow,
    EvidenceRow,
    PeriodRow,
    PersonRow,
    SourceRow,
)
from timeline_desktop.store.repository import Store

_PRECISIONS = {p.name.lower(): p for p in Precision}


@dataclass(slots=True)
class ArchiveOutcome:
    source_id: int | None = None
    sources_added: int = 0
    events_added: int = 0
    events_present: int = 0
    people_added: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def nothing_new(self) -> bool:
        return not (self.sources_added or self.events_added or self.people_added)


def restore_archive(store: Store, data: dict[str, Any], file_name: str) -> ArchiveOutcome:
    """Store an export's contents in one transaction; raises ValueError for a broken file."""
    outcome = ArchiveOutcome()
    with BulkWriter(store) as writer:
        texts, source_map = _sources(writer, data, file_name, outcome)
        for category in _list(data.get("categories")):
            if isinstance(category, dict) and str(category.get("name") or "").strip():
                writer.category_id(
                    str(category["name"]), category.get("color"), category.get("parent")
                )
        people_before = writer.people_added
        _people(writer, data)
        for n, event in enumerate(_list(data.get("events")), 1):
            _event(writer, event, n, texts, source_map, outcome)
        _periods(writer, data, source_map)
        outcome.people_added = writer.people_added - people_before
    return outcome


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _sources(
    writer: BulkWriter, data: dict, file_name: str, outcome: ArchiveOutcome
) -> tuple[dict[int, str], dict[Any, int]]:
    texts: dict[int, str] = {}
    mapping: dict[Any, int] = {}
    for n, source in enumerate(_list(data.get("sources")), 1):
        if not isinstance(source, dict) or not isinstance(source.get("text"), str):
            raise ValueError(f"source {n} has no text")
        text = source["text"]
        sha = str(source.get("sha256") or hashlib.sha256(text.encode("utf-8")).hexdigest())
        existing = writer.conn.execute(
            select(SourceRow.id, SourceRow.text).where(SourceRow.sha256 == sha)
        ).first()
        if existing is not None:
            sid, stored_text = existing
        else:
            sid = writer.add_source(
                Document(
                    text=text,
                    title=str(source.get("title") or source.get("file_name") or file_name),
                    file_name=str(source.get("file_name") or file_name),
                    path=str(source.get("path") or ""),
                    format=str(source.get("format") or "text"),
                    encoding=str(source.get("encoding") or "utf-8"),
                    sha256=sha,
                    url=source.get("url"),
                )
            )
            stored_text = text
            outcome.sources_added += 1
        mapping[source.get("id", n)] = sid
        texts[sid] = stored_text
        if outcome.source_id is None:
            outcome.source_id = sid
    return texts, mapping


def _people(writer: BulkWriter, data: dict) -> None:
    """People with all their names: a stored person sharing one of them gets the others."""
    for person in _list(data.get("people")):
        if not isinstance(person, dict) or not str(person.get("name") or "").strip():
            continue
        names = [str(person["name"]), *(str(a) for a in _list(person.get("aliases")))]
        keys = [name_key(n) for n in names]
        owners = writer.conn.execute(
            select(AliasRow.person_id, PersonRow.not_person)
            .join(PersonRow, PersonRow.id == AliasRow.person_id)
            .where(AliasRow.key.in_(keys))
            .order_by(AliasRow.person_id)
        ).all()
        if any(not_person for _, not_person in owners):
            continue  # a name a user marked as not a person
        if owners:
            pid = owners[0][0]
        else:
            [pid] = writer.person_ids(names[:1])
        have = set(writer.conn.scalars(select(AliasRow.key).where(AliasRow.person_id == pid)))
        new = []
        for alias in names[1:]:
            alias = " ".join(alias.split())
            key = name_key(alias)
            if alias and key not in have:
                have.add(key)
                new.append({"person_id": pid, "alias": alias[:300], "key": key[:300]})
        if new:
            insert_returning_ids(writer.conn, AliasRow.__table__, new)


def _dates(event: dict) -> tuple[HistDate, HistDate | None]:
    exact = event.get("dates")
    if isinstance(exact, dict) and exact.get("start"):
        start = HistDate.parse_iso(str(exact["start"]))
        end = HistDate.parse_iso(str(exact["end"])) if exact.get("end") else None
        return start, end
    start = parse_cell_date(str(event.get("start") or "")).start
    end = parse_cell_date(str(event["end"])).start if event.get("end") else None
    precision = _PRECISIONS.get(str(event.get("precision") or ""))
    approximate = bool(event.get("approximate"))
    if precision in (Precision.DECADE, Precision.CENTURY, Precision.MILLENNIUM) and end:
        coarse = {
            Precision.DECADE: HistDate.of_decade(start.year),
            Precision.CENTURY: HistDate.of_century(
                (start.year + 99) // 100 if start.year > 0 else (1 - start.year) // 100 + 1,
                bc=start.year <= 0,
            ),
            Precision.MILLENNIUM: HistDate.of_millennium(
                (start.year + 999) // 1000 if start.year > 0 else (1 - start.year) // 1000 + 1,
                bc=start.year <= 0,
            ),
        }[precision]
        if (coarse.earliest_day(), coarse.latest_day()) == (start.earliest_day(), end.latest_day()):
            start, end = coarse, None
    if approximate:
        start = start.with_(approximate=True)
    return start, end


def _event(
    writer: BulkWriter,
    event: Any,
    n: int,
    texts: dict[int, str],
    source_map: dict[Any, int],
    outcome: ArchiveOutcome,
) -> None:
    where = f"event {n}"
    if not isinstance(event, dict) or not str(event.get("title") or "").strip():
        outcome.skipped.append(f"{where}: no title")
        return
    title = str(event["title"])
    try:
        start, end = _dates(event)
    except (CellError, DateParseError, ValueError) as exc:
        outcome.skipped.append(f"{where} ({title[:60]}): {exc}")
        return
    evidence = []
    for ev in _list(event.get("evidence")):
        sid = source_map.get(ev.get("source_id")) if isinstance(ev, dict) else None
        if sid is None:
            outcome.skipped.append(f"{where} ({title[:60]}): evidence from an unknown source")
            continue
        s, e = int(ev.get("start", -1)), int(ev.get("end", -1))
        text = texts[sid]
        if not (0 <= s < e <= len(text)) or (ev.get("quote") not in (None, text[s:e])):
            outcome.skipped.append(
                f"{where} ({title[:60]}): a quote does not match its source at {s}:{e}"
            )
            continue
        try:
            stance = Stance(str(ev.get("stance") or "supports"))
        except ValueError:
            stance = Stance.SUPPORTS
        evidence.append((sid, s, e, str(ev.get("date_as_stated") or "")[:80], stance))
    if _present(writer, title, start, end, evidence):
        outcome.events_present += 1
        return
    try:
        origin = Origin(str(event.get("origin") or "imported"))
    except ValueError:
        origin = Origin.IMPORTED
    category = str(event.get("category") or "").strip()
    values = event_values(
        title,
        str(event.get("summary") or ""),
        start,
        end,
        [str(p) for p in _list(event.get("places"))],
        origin,
        writer.category_id(category) if category else None,
    )
    edited = [str(f) for f in _list(event.get("edited_fields"))]
    if edited:
        values["edited_fields"] = ",".join(edited)
    [event_id] = insert_returning_ids(writer.conn, EventRow.__table__, [values])
    if evidence:
        insert_returning_ids(
            writer.conn,
            EvidenceRow.__table__,
            [
                {
                    "event_id": event_id, "source_id": sid, "start": s, "end": e,
                    "quote": texts[sid][s:e], "date_as_stated": stated, "stance": stance.value,
                }
                for sid, s, e, stated, stance in evidence
            ],
        )  # fmt: skip
    people = writer.person_ids([str(p) for p in _list(event.get("people"))])
    if people:
        writer.conn.execute(
            EventPersonRow.__table__.insert(),
            [{"event_id": event_id, "person_id": pid} for pid in people],
        )
    outcome.events_added += 1


def _present(
    writer: BulkWriter,
    title: str,
    start: HistDate,
    end: HistDate | None,
    evidence: list[tuple[int, int, int, str, Stance]],
) -> bool:
    """Whether this event is stored already (see the module doc)."""
    same = select(EventRow.id).where(
        EventRow.title == title[:500],
        EventRow.start == start.to_iso(),
        EventRow.end.is_(None) if end is None else EventRow.end == end.to_iso(),
    )
    if not evidence:
        return writer.conn.scalar(same.limit(1)) is not None
    sid, s, e = evidence[0][:3]
    hit = writer.conn.scalar(
        select(EvidenceRow.event_id)
        .where(
            EvidenceRow.source_id == sid,
            EvidenceRow.start == s,
            EvidenceRow.end == e,
            EvidenceRow.event_id.in_(same),
        )
        .limit(1)
    )
    return hit is not None


def _periods(writer: BulkWriter, data: dict, source_map: dict[Any, int]) -> None:
    for period in _list(data.get("periods")):
        if not isinstance(period, dict) or not period.get("name"):
            continue
        try:
            start = HistDate.parse_iso(str(period["start"]))
            end = HistDate.parse_iso(str(period["end"]))
        except (DateParseError, KeyError):
            continue
        exists = writer.conn.scalar(
            select(PeriodRow.id).where(
                PeriodRow.name == str(period["name"])[:500],
                PeriodRow.start == start.to_iso(),
                PeriodRow.end == end.to_iso(),
            )
        )
        if exists is None:
            writer.add_period(
                str(period["name"]), start, end, period.get("color"),
                source_map.get(period.get("source_id")),
            )  # fmt: skip
