"""When more sources contradict an event's date than support it, the event takes their date.

Corroboration keeps the first date a happening was stored at and records a later source at
another date as contradicting evidence. That depends on the order of import: a chronology
imported first with a wrong day would keep it against any number of texts that agree on
another. After each file's writes, `settle` looks at the events that file contradicted:
when the sources agreeing on one contradicting date outnumber those supporting the event's
date, the event is re-dated to it and the stances swap (its old supporters now contradict).
Ties keep the stored date. Events a user made or corrected are never re-dated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, bindparam, select, update

from timeline_desktop.domain.dates import DateParseError, HistDate
from timeline_desktop.domain.model import Origin, Stance
from timeline_desktop.store.bulk import bounds, date_columns
from timeline_desktop.store.orm import EventRow, EvidenceRow

_SETTLED_ORIGINS = (Origin.EXTRACTED.value, Origin.IMPORTED.value)


@dataclass(slots=True)
class Redated:
    """An event `settle` re-dated: its new date and the evidence whose stance changed."""

    start: HistDate
    end: HistDate | None
    stances: dict[int, Stance] = field(default_factory=dict)  # evidence id -> new stance


def stated_date(text: str) -> tuple[HistDate, HistDate | None] | None:
    """An evidence's `date_as_stated` as (start, end), or None when it is no ISO date
    ("early 1970s" and other wordings are left alone)."""
    first, _, last = text.partition("/")
    try:
        start = HistDate.parse_iso(first)
        end = HistDate.parse_iso(last) if last else None
    except DateParseError:
        return None
    if end is not None and bounds(start, end)[1] < bounds(start, None)[0]:
        return None
    return start, end


def settle(conn: Connection, event_ids: Iterable[int]) -> dict[int, Redated]:
    """Re-date the events among `event_ids` whose contradicting sources outnumber their
    supporting ones on one date; returns what changed, by event id."""
    ids = sorted(set(event_ids))
    if not ids:
        return {}
    rows = list(
        conn.scalars(
            select(EventRow.id).where(
                EventRow.id.in_(ids),
                EventRow.origin.in_(_SETTLED_ORIGINS),
                EventRow.edited_fields == "",  # (an imported row a user corrected stays)
            )
        )
    )
    evidence: dict[int, list] = defaultdict(list)
    for ev in conn.execute(
        select(
            EvidenceRow.id,
            EvidenceRow.event_id,
            EvidenceRow.source_id,
            EvidenceRow.stance,
            EvidenceRow.date_as_stated,
        ).where(EvidenceRow.event_id.in_(rows))
    ):
        evidence[ev.event_id].append(ev)
    out: dict[int, Redated] = {}
    for eid in rows:
        changed = settled(evidence[eid])
        if changed is not None:
            out[eid] = changed
    _write(conn, out)
    return out


def settled(evidence: list) -> Redated | None:
    """The new date and stances of one event, or None when its date stands (`settle` for
    one event's evidence: rows or `Evidence`, each with id, source_id, stance and
    date_as_stated)."""
    supporters: set[int] = set()
    by_date: dict[tuple[int, int], set[int]] = defaultdict(set)
    dates: dict[tuple[int, int], tuple[HistDate, HistDate | None]] = {}
    read: dict[int, tuple[int, int] | None] = {}
    for ev in evidence:
        stated = stated_date(ev.date_as_stated or "")
        span = bounds(*stated) if stated is not None else None
        read[ev.id] = span
        if ev.stance == Stance.SUPPORTS.value:
            supporters.add(ev.source_id)
        elif ev.stance == Stance.CONTRADICTS.value and stated is not None and span is not None:
            by_date[span].add(ev.source_id)
            dates[span] = stated
    if not by_date:
        return None
    span, sources = max(by_date.items(), key=lambda kv: (len(kv[1]), -kv[0][0]))
    if len(sources) <= len(supporters - sources):
        return None
    redated = Redated(*dates[span])
    for ev in evidence:
        got = read[ev.id]
        if got is None:
            continue
        agrees = got[0] <= span[1] and span[0] <= got[1]
        stance = Stance.SUPPORTS if agrees else Stance.CONTRADICTS
        if ev.stance in (Stance.SUPPORTS.value, Stance.CONTRADICTS.value) and (
            stance.value != ev.stance
        ):
            redated.stances[ev.id] = stance
    return redated


def _write(conn: Connection, changes: dict[int, Redated]) -> None:
    for eid, r in changes.items():
        values = date_columns(r.start, r.end)
        conn.execute(update(EventRow).where(EventRow.id == eid).values(**values))
    stances = [
        {"eid_": evid, "stance_": stance.value}
        for r in changes.values()
        for evid, stance in r.stances.items()
    ]
    if stances:
        conn.execute(
            update(EvidenceRow)
            .where(EvidenceRow.id == bindparam("eid_"))
            .values(stance=bindparam("stance_")),
            stances,
        )
