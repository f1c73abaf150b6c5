"""What the extractor proposes for a passage a user selected ("New event from selection").

The whole source is extracted, not the passage alone, so that what the passage leaves to its
context ("the next day", "he") is read as in an import; the event whose evidence covers most
of the selection gives the proposal. When the extractor finds no dated event there, the
proposal still names the people in the passage and a title made of its first words, and the
user types the date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import Event, Person, Stance
from timeline_desktop.extract.base import Extractor
from timeline_desktop.ingest.pipeline import default_extractor
from timeline_desktop.ingest.reextract import document_of
from timeline_desktop.store.repository import Store

TITLE_WORDS = 12


@dataclass(frozen=True, slots=True)
class Proposal:
    title: str
    start: HistDate | None
    end: HistDate | None = None
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    date_as_stated: str = ""
    stance: Stance = Stance.SUPPORTS


class _PeopleOnly:
    """The store's people (so names are recognised as in an import), no events to match."""

    def __init__(self, people: Sequence[Person]) -> None:
        self._people = people

    def known_people(self) -> Sequence[Person]:
        return self._people

    def events_overlapping(self, earliest_day: int, latest_day: int) -> Sequence[Event]:
        return ()


def propose(
    store: Store, source_id: int, start: int, end: int, extractor: Extractor | None = None
) -> Proposal:
    """A title, date, people and places for the passage [start, end) of a stored source."""
    source = store.source(source_id)
    if not 0 <= start < end <= len(source.text):
        raise ValueError(
            f"the passage {start}:{end} lies outside source {source_id} "
            f"({len(source.text):,} characters)"
        )
    extractor = extractor or default_extractor()
    extraction = extractor.extract(document_of(source), _PeopleOnly(store.people()))
    best, best_overlap = None, 0
    for found in extraction.events:
        for ev in found.evidence:
            overlap = min(end, ev.end) - max(start, ev.start)
            better = (overlap, ev.stance == Stance.SUPPORTS) > (best_overlap, False)
            if overlap > 0 and better:
                best, best_overlap = (found, ev), overlap
    if best is not None:
        found, ev = best
        return Proposal(
            title=found.title,
            start=found.start,
            end=found.end,
            people=found.people,
            places=found.places,
            date_as_stated=ev.date_as_stated,
            stance=ev.stance,
        )
    inside = tuple(
        p.name for p in extraction.people if any(start <= a and b <= end for a, b in p.spans)
    )
    return Proposal(title=title_from(source.text[start:end]), start=None, people=inside)


def title_from(passage: str) -> str:
    """The passage's first words as a provisional title."""
    sentence = re.split(r"(?<=[.!?])\s", " ".join(passage.split()), maxsplit=1)[0]
    words = sentence.split()
    title = " ".join(words[:TITLE_WORDS]).rstrip(".,;:")
    return title + ("…" if len(words) > TITLE_WORDS else "")
