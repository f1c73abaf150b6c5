"""The contract between the import pipeline and an extractor.

An extractor reads one document and reports what it found. It may consult what the store
already knows (people and their aliases, events near a date) so that names learned in one
source are recognised in the next and the same happening reported twice becomes one event.
It never writes: the pipeline stores its result in the source's import transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from timeline_desktop.domain.model import Document, Event, Extraction, Person


class ExtractionContext(Protocol):
    """Read-only view of the store offered to extractors during an import."""

    def known_people(self) -> Sequence[Person]:
        """Every stored person with their aliases."""
        ...

    def events_overlapping(self, earliest_day: int, latest_day: int) -> Sequence[Event]:
        """Stored events whose date may fall between the two day numbers (with evidence)."""
        ...


class EmptyContext:
    """A context for extracting a document on its own (tests, benchmarks)."""

    def known_people(self) -> Sequence[Person]:
        return ()

    def events_overlapping(self, earliest_day: int, latest_day: int) -> Sequence[Event]:
        return ()


class Extractor(Protocol):
    def extract(self, document: Document, context: ExtractionContext) -> Extraction:
        """Find events, people and places in `document.text` (offsets index into it)."""
        ...
