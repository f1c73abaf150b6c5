"""Folding stored events that a new source shows to be one happening.

Corroboration compares a new source's reports with the stored events, never stored events
with each other. So the order of import matters: when two sources report a happening too
differently to be matched ("The Probe separated from the Orbiter" and "The Probe was
released", or a chronology's row at another day), a third that shares enough with each is
matched to one of them and the other stays apart, while imported first, that third source
would have drawn both to its event.

After a file's writes, `fold_bridged` looks again at the events the file gave a supporting
passage: each now says more (its facts are those of all its passages). A stored event near
it that would now be matched to it as a report, by the corroboration rules
(`corroborate.matched`, sharing at least the matcher's threshold with it, as the new
source's own passages must with the stored event: the matcher already kept the two apart
once), is folded into it: its passages join the event, as supporting
ones when they report the same happening and as contradicting ones when the two give
incompatible dates (then the sources' majority dates the event, `majority.settle`).

Never folded: events a user made, corrected or rejected; two events that a chronology's
rows support (rows of one file are never one happening); an event the new file supports
(its own passages were compared with each other when it was read).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy import Connection, delete, select, update

from timeline_desktop.domain.model import Event, Origin, Stance
from timeline_desktop.store.bulk import bounds, load_events
from timeline_desktop.store.majority import settle, stated_date
from timeline_desktop.store.orm import (
    CurationMarkRow,
    EventPersonRow,
    EventRow,
    EvidenceRow,
    SourceRow,
)

_FOLDABLE = (Origin.EXTRACTED.value, Origin.IMPORTED.value)
_ROWS_FORMATS = ("csv", "timelinejs", "timeline")
"""Source formats whose entries are one event each (`ingest.readers.STRUCTURED_FORMATS`)."""
_NEAR_LIMIT = 400
"""At most this many stored events are compared with one event (a crowded day)."""


def fold_bridged(conn: Connection, source_id: int, event_ids: Iterable[int]) -> dict[int, int]:
    """Fold into the events `event_ids` (those source `source_id` just gave a passage) the
    stored events that now report the same happening; returns {folded id: survivor id}."""
    from timeline_desktop.extract.events.corroborate import conflict_pad, matched, weights
    from timeline_desktop.extract.events.stored import event_facts

    bridged = [
        e
        for e in load_events(conn, sorted(set(event_ids)))
        if _foldable(e) and _supported_by(e, source_id) and len(_supporters(e)) > 1
    ]
    if not bridged:
        return {}
    rows_sources = set(
        conn.scalars(select(SourceRow.id).where(SourceRow.format.in_(_ROWS_FORMATS)))
    )
    bar = weights().threshold
    folded: dict[int, int] = {}
    for event in bridged:
        if event.id in folded:
            continue
        facts = event_facts(event)
        pad = conflict_pad(facts)
        near = _near(conn, facts.lo - pad, facts.hi + pad, event.id)
        others = [e for e in load_events(conn, near) if e.id not in folded]
        pool = [(event.id, facts)]
        pool += [(e.id, event_facts(e)) for e in others if _foldable(e)]
        for other in others:
            if not _may_fold(event, other, source_id, rows_sources):
                continue
            own = [(i, f) for i, f in pool if i != other.id]
            other_facts = event_facts(other)
            # the matcher compared them when the later of their sources came (or that
            # source's merging did): only much in common now overturns that
            target, conflict, strength = matched(other_facts, own)
            if target != event.id or strength < bar:
                continue
            if not _bridges(event, other, other_facts, source_id, bar):
                continue
            keep, gone = _survivor(event, other)
            _fold(conn, keep, gone, conflict)
            folded[gone.id] = keep.id
            if keep is other:  # the event itself went: what it bridged is now `other`'s
                break
    for gone, keep in list(folded.items()):  # (a chain: folded into one that went too)
        while keep in folded:
            keep = folded[keep]
        folded[gone] = keep
    return folded


def _foldable(e: Event) -> bool:
    return e.origin.value in _FOLDABLE and not e.edited_fields and not e.rejected


def _supporters(e: Event) -> set[int]:
    return {ev.source_id for ev in e.evidence if ev.stance is Stance.SUPPORTS}


def _supported_by(e: Event, source_id: int) -> bool:
    return source_id in _supporters(e)


def _may_fold(event: Event, other: Event, source_id: int, rows_sources: set[int]) -> bool:
    """Whether `other` may be folded into `event` at all (before the matcher is asked)."""
    if not _foldable(other) or _supported_by(other, source_id):
        return False
    return not (_supporters(event) & _supporters(other) & rows_sources)


def _near(conn: Connection, lo: int, hi: int, not_id: int) -> list[int]:
    """Ids of the unrejected stored events meeting the days [lo, hi], nearest first."""
    return list(
        conn.scalars(
            select(EventRow.id)
            .where(
                EventRow.rejected.is_(False),
                EventRow.lo_day <= hi,
                EventRow.hi_day >= lo,
                EventRow.id != not_id,
            )
            .order_by(EventRow.lo_day, EventRow.id)
            .limit(_NEAR_LIMIT)
        )
    )


def _bridges(event: Event, other: Event, other_facts, source_id: int, bar: float) -> bool:
    """Whether the new source's own passages on `event` report `other`'s happening too
    (the passages it added are what joined the two), and each source that tells both
    apart dates each in its own words.

    A source that gave the two events a passage each told them as two happenings. Its
    restatement in another section (a catalogue's field beside its prose) is one happening
    told twice, each passage with its own date; sentences dated only by one heading (a
    diary's day) are happenings of that day, which another source quoting them at length
    would otherwise join."""
    from timeline_desktop.extract.events.corroborate import matched
    from timeline_desktop.extract.events.stored import event_facts

    new = [ev for ev in event.evidence if ev.source_id == source_id]
    report = replace(event, title="", evidence=tuple(new))
    target, _, strength = matched(event_facts(report), [(other.id, other_facts)])
    if target != other.id or strength < bar:
        return False
    shared = _supporters(event) & _supporters(other)
    return all(
        _dates_itself(ev.quote, ev.date_as_stated)
        for e in (event, other)
        for ev in e.evidence
        if ev.source_id in shared and ev.stance is Stance.SUPPORTS
    )


def _dates_itself(quote: str, stated: str) -> bool:
    """Whether a passage writes the year of its date (not dated by a heading or context)."""
    year = stated[:4].lstrip("-")
    return len(year) == 4 and year.isdigit() and year in quote


def _survivor(event: Event, other: Event) -> tuple[Event, Event]:
    """(the event kept, the one folded into it): the one more sources support, else the
    event the new source gave a passage (its date is the one it and others agree on)."""
    if len(_supporters(other)) > len(_supporters(event)):
        return other, event
    return event, other


def _fold(conn: Connection, keep: Event, gone: Event, conflict: bool) -> None:
    """Move `gone`'s passages, people and curation marks to `keep` and delete `gone`.

    On a conflict, `gone`'s passages contradict `keep`'s date, except those whose stated
    date agrees with it (a contradiction `gone` held against that very date)."""
    span = bounds(keep.start, keep.end)
    have = {(ev.source_id, ev.start, ev.end) for ev in keep.evidence}
    stances: dict[int, str] = {}
    moved: list[int] = []
    dropped: list[int] = []
    for ev in gone.evidence:
        if (ev.source_id, ev.start, ev.end) in have:
            dropped.append(ev.id)
            continue
        have.add((ev.source_id, ev.start, ev.end))
        moved.append(ev.id)
        if conflict and ev.stance in (Stance.SUPPORTS, Stance.CONTRADICTS):
            stated = stated_date(ev.date_as_stated or "")
            agrees = stated is not None and _meets(bounds(*stated), span)
            stance = Stance.SUPPORTS if agrees else Stance.CONTRADICTS
            if stance is not ev.stance:
                stances[ev.id] = stance.value
    if dropped:
        conn.execute(delete(EvidenceRow).where(EvidenceRow.id.in_(dropped)))
    if moved:
        conn.execute(update(EvidenceRow).where(EvidenceRow.id.in_(moved)).values(event_id=keep.id))
    by_stance: dict[str, list[int]] = defaultdict(list)
    for evid, stance in stances.items():
        by_stance[stance].append(evid)
    for stance, ids in by_stance.items():
        conn.execute(update(EvidenceRow).where(EvidenceRow.id.in_(ids)).values(stance=stance))
    if not conflict:  # (the people and places of a contradicting report are not the event's)
        places = list(dict.fromkeys((*keep.places, *gone.places)))
        if len(places) > len(keep.places):
            conn.execute(
                update(EventRow).where(EventRow.id == keep.id).values(places="\n".join(places))
            )
        linked = set(
            conn.scalars(select(EventPersonRow.person_id).where(EventPersonRow.event_id == keep.id))
        )
        new = [
            pid
            for pid in conn.scalars(
                select(EventPersonRow.person_id).where(EventPersonRow.event_id == gone.id)
            )
            if pid not in linked
        ]
        if new:
            conn.execute(
                EventPersonRow.__table__.insert(),
                [{"event_id": keep.id, "person_id": pid} for pid in new],
            )
    conn.execute(
        update(CurationMarkRow).where(CurationMarkRow.event_id == gone.id).values(event_id=keep.id)
    )
    conn.execute(delete(EventPersonRow).where(EventPersonRow.event_id == gone.id))
    conn.execute(delete(EventRow).where(EventRow.id == gone.id))
    if conflict:
        settle(conn, [keep.id])


def _meets(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]
