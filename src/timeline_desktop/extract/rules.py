"""The rule-based extractor: the stages of `stages.PIPELINE` over one document.

No statistical model is involved, so results are explainable and fast: every event points at
the clause that states it, and every piece of evidence names the rules that found it
(`FoundEvidence.rules`); `run` returns the whole `Doc` for `explain`.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from timeline_desktop.domain.model import (
    Document,
    Extraction,
    FoundEvent,
    FoundEvidence,
    Stance,
)
from timeline_desktop.extract.base import ExtractionContext
from timeline_desktop.extract.doc import Doc, Draft
from timeline_desktop.extract.events.drafting import says_nothing
from timeline_desktop.extract.lexicon import Lexicon, load
from timeline_desktop.extract.names import PeopleFound
from timeline_desktop.extract.names.finder import KnownLookups
from timeline_desktop.extract.pipeline import Pipeline
from timeline_desktop.extract.stages import PIPELINE


class RuleExtractor:
    """Finds dated events, people and places in one document (see the module docs)."""

    def __init__(self, lexicon: Lexicon | None = None, pipeline: Pipeline = PIPELINE) -> None:
        self.lexicon = lexicon or load("en")
        self.pipeline = pipeline

    def run(self, document: Document, context: ExtractionContext) -> Doc:
        """The document after every stage: its layers and final drafts (for `explain`)."""
        with _collector_paused():
            return self.pipeline(Doc(document, self.lexicon, context))

    def extract(self, document: Document, context: ExtractionContext) -> Extraction:
        with _collector_paused():
            return _extraction(self.pipeline(Doc(document, self.lexicon, context)))

    # --- a document taken part way ahead of its turn (`ingest.prepare`) --------------------

    # where `start` may be told to stop short, from the most work left to the finishing
    # side to the least (a helper that falls behind hands over more: `ingest.readahead`)
    SHORT_STOPS = ("drafts", "merging")

    def start(self, document: Document, context: ExtractionContext, stop: str | None = None) -> Doc:
        """`document` through the stages that do not need the store as it will be when the
        document's turn comes: up to the first one that reads the context on this document
        (or up to `stop`, not included).

        The people stage is taken although it reads the known people: it notes the lookups
        it makes among them (`KnownLookups`), so its result can be checked against the
        people stored since instead of being redone."""
        with _collector_paused():
            doc = Doc(document, self.lexicon, context, known_asked=KnownLookups())
            for s in self.pipeline.stages:
                if s.name == stop or (s.name not in _CHECKED_LATER and s.reads_context(doc)):
                    break
                s.run(doc)
                doc.stages.append(s.name)
            return doc

    def still_holds(self, doc: Doc, context: ExtractionContext) -> bool:
        """Whether what `start` found is what it would find against `context`: the stages
        that read the context on the way (the people stage) are run again, and must find
        the same."""
        for s in self.pipeline.stages:
            if s.name not in _CHECKED_LATER or s.name not in doc.stages:
                continue
            before = [getattr(doc, name) for name in s.provides]
            doc.context = context
            s.run(doc)
            if [getattr(doc, name) for name in s.provides] != before:
                return False
        return True

    def finish(self, doc: Doc, context: ExtractionContext) -> Extraction:
        """What `extract` gives, for a document `start` took part way."""
        with _collector_paused():
            doc.context = context
            names = self.pipeline.pipe_names
            done = len(doc.stages)
            if doc.stages != names[:done]:
                raise ValueError(f"not a document this pipeline started: {doc.stages}")
            if done < len(names):
                self.pipeline(doc, start=names[done])
            return _extraction(doc)


_CHECKED_LATER = frozenset(["people"])  # stages whose use of the context `start` notes


def _extraction(doc: Doc) -> Extraction:
    # a draft whose title names nothing ("But", "And everything") tells no happening,
    # whichever stage made it
    return Extraction(
        events=tuple(
            found_event(d, doc.people) for d in doc.drafts if not says_nothing(doc, d.title)
        ),
        people=doc.people.found(),
        places=tuple(dict.fromkeys(p for _, _, p in doc.places)),
    )


def found_event(d: Draft, people: PeopleFound) -> FoundEvent:
    """A final draft as the store takes it, every piece of evidence naming its rules."""
    rules = tuple(d.rules)
    names = [people.name(p) for p in d.people] + d.extra_people
    if d.stance is Stance.CONTRADICTS:
        names = [people.name(d.subject)] if d.subject is not None else []
    return FoundEvent(
        title=d.title,
        summary=d.summary,
        start=d.start,
        end=d.end,
        evidence=tuple(
            [
                FoundEvidence(e.start, e.end, e.date_as_stated, e.stance, e.rules or rules)
                for e in d.evidence
            ]
        ),
        people=tuple(dict.fromkeys(names)),
        places=tuple(d.places),
        same_as=d.same_as,
        shares=tuple(d.shares),
    )


_pause_lock = threading.Lock()
_pauses = 0


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a document is extracted.

    Extraction allocates hundreds of thousands of small, short-lived, acyclic objects
    (matches, spans, drafts); reference counting frees them, but each allocation burst also
    makes the cyclic collector rescan every live object, which cost 10-20% of extraction time.
    Nested or concurrent extractions keep it paused until the last one ends.
    """
    global _pauses
    with _pause_lock:
        owner = _pauses > 0 or gc.isenabled()  # off by someone else's choice: leave it alone
        if owner:
            _pauses += 1
            gc.disable()
    try:
        yield
    finally:
        if owner:
            with _pause_lock:
                _pauses -= 1
                if _pauses == 0:
                    gc.enable()
