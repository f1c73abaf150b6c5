"""Matching entries of a structured file to events stored from other sources.

The corroboration rules are those of prose (`extract.events.corroborate`): an entry reporting the
same happening as a stored event becomes evidence for it, and one that contradicts a stored
event's date (the same person's death two years later) becomes contradicting evidence.
Entries of one file never merge with each other: each stored event takes at most one entry
of the file, and the file's own events are not candidates.

Matching is batched per source part: one numpy search finds, for thousands of entries, the
stored events near their dates; only entries that have such neighbours cost anything more,
so a chronology imported into an empty or distant store pays nothing for it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from timeline_desktop.domain.model import Event, Evidence, Origin, Stance
from timeline_desktop.extract.events.corroborate import (
    CONFLICT_WINDOW_DAYS,
    Facts,
    conflict_pad,
    event_facts,
    matched,
    slip_days,
    word_uses,
)
from timeline_desktop.extract.names import translit_key
from timeline_desktop.ingest.structured import Entry
from timeline_desktop.store.bulk import BulkWriter, StoredIndex, bounds

_FACTS_CACHE = 50_000


def entry_facts(entry: Entry) -> Facts:
    """Facts of an entry, read the way a stored event's are (title plus its evidence line)."""
    as_event = Event(
        id=0,
        title=entry.title,
        summary=entry.summary,
        start=entry.date.start,
        end=entry.date.end,
        places=entry.places,
        people=entry.people,
        origin=Origin.IMPORTED,
        evidence=(Evidence(0, 0, 0, 0, len(entry.line), entry.line, "", Stance.SUPPORTS),),
    )
    facts = event_facts(as_event)
    facts.subject = translit_key(entry.people[0]) if entry.people else None
    return facts


class RowMatcher:
    """Finds, for each entry of a part, the stored event it corroborates or contradicts."""

    def __init__(self, writer: BulkWriter) -> None:
        self._writer = writer
        self._index: StoredIndex | None = None
        self._facts: dict[int, Facts] = {}
        self._claimed: set[int] = set()

    def match(self, entries: Sequence[Entry]) -> list[tuple[int | None, bool]]:
        """Per entry: (stored id, is a contradiction) or (None, False)."""
        out: list[tuple[int | None, bool]] = [(None, False)] * len(entries)
        if self._writer.events_before == 0 or not entries:
            return out
        if self._index is None:
            self._index = self._writer.stored_index()
        if not self._index.size:
            return out
        spans = np.array([bounds(e.date.start, e.date.end) for e in entries], dtype=np.int64)
        lo, hi = spans[:, 0], spans[:, 1]
        wide = self._index.overlapping(lo - CONFLICT_WINDOW_DAYS, hi + CONFLICT_WINDOW_DAYS)
        slip = slip_days()
        near = {
            0: self._index.overlapping(lo, hi),
            slip: self._index.overlapping(lo - slip, hi + slip),
        }
        uses = None
        for i in sorted(wide):
            f = entry_facts(entries[i])
            pad = conflict_pad(f)
            found = wide[i] if pad >= CONFLICT_WINDOW_DAYS else near[pad].get(i)
            if found is None:
                continue
            ids = [int(x) for x in found if int(x) not in self._claimed]
            if not ids:
                continue
            if uses is None:  # the part's own word uses, as a document's
                uses = word_uses("\n".join(e.line for e in entries))
            # events other rows took: a row may not join them, nor slip past one of its day
            taken = [g for x in found if int(x) in self._claimed for g in self._facts_of(int(x))]
            target, conflict, _ = matched(f, self._facts_for(ids), uses=uses, taken=taken)
            if target is not None:
                self._claimed.add(target)
                out[i] = (target, conflict)
        return out

    def _facts_of(self, event_id: int) -> list[Facts]:
        return [f for _, f in self._facts_for([event_id])]

    def _facts_for(self, ids: list[int]) -> list[tuple[int, Facts]]:
        missing = [i for i in ids if i not in self._facts]
        if missing:
            if len(self._facts) + len(missing) > _FACTS_CACHE:
                self._facts.clear()
            for event in self._writer.load_events(missing):
                self._facts[event.id] = event_facts(event)
        return [(i, self._facts[i]) for i in ids if i in self._facts]
