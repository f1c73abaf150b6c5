"""The rule-based extractor: temporal tagger + people + places + events + corroboration.

No statistical model is involved, so results are explainable and fast: every event points at
the clause that states it, and every decision is a rule in one of the sibling modules.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from timeline_desktop.domain.dates import HistDate, day_number
from timeline_desktop.domain.model import Document, Extraction, FoundEvent, Stance
from timeline_desktop.extract.base import ExtractionContext
from timeline_desktop.extract.corroborate import (
    draft_facts,
    event_facts,
    match_store,
    may_conflict,
    merge_within,
)
from timeline_desktop.extract.events import (
    Draft,
    _Ctx,
    _sentence_of,
    classes_of,
    draft_for,
    sentence_drafts,
    structured_drafts,
)
from timeline_desktop.extract.events import _clause as clause_of
from timeline_desktop.extract.lexicon import EVENT_CLASSES
from timeline_desktop.extract.mentions import attach_mentions
from timeline_desktop.extract.people import PeopleFound, find_people, translit_key
from timeline_desktop.extract.places import find_places
from timeline_desktop.extract.temporal import Kind, TimeExpr, resolve_anchored, tag
from timeline_desktop.extract.text import lines, mask_of, sentences

_YEAR_DAYS = 366
_ANCHOR_WINDOW_DAYS = 150 * 366
_CONFLICT_PAD_DAYS = 3653


class RuleExtractor:
    """Finds dated events, people and places in one document (see the module docs)."""

    def extract(self, document: Document, context: ExtractionContext) -> Extraction:
        with _collector_paused():
            return self._extract(document, context)

    def _extract(self, document: Document, context: ExtractionContext) -> Extraction:
        text = document.text
        mask, cites = mask_of(text)
        people = find_people(text, mask, context.known_people(), [c[2] for c in cites])
        person_spans = [(m.start, m.end) for m in people.mentions]
        places = find_places(text, mask, person_spans)
        tags = tag(text, mask)
        line_spans = lines(text)
        ctx = _Ctx(document, text, mask, people, places, sentences(text, line_spans))
        drafts = structured_drafts(ctx, tags, line_spans)
        drafts += sentence_drafts(ctx, tags)
        drafts += _anchored_drafts(ctx, tags, drafts, context)
        drafts.sort(key=lambda d: d.evidence[0].start)
        names = [c.name() for c in people.clusters]
        drafts = merge_within(drafts, names)
        attach_mentions(ctx, drafts, tags)
        _corroborate(drafts, names, context)
        # a date the text rejects is no event of its own, only a claim against a stored one
        drafts = [d for d in drafts if not d.denied or d.same_as is not None]
        # a date with nothing said of it ("two years later." then a stray ".") is no event
        drafts = [d for d in drafts if d.title.strip()]
        events = tuple(_found(d, people) for d in drafts)
        return Extraction(
            events=events,
            people=people.found(),
            places=tuple(dict.fromkeys(p for _, _, p in places)),
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


def _found(d: Draft, people: PeopleFound) -> FoundEvent:
    names = [people.name(p) for p in d.people] + d.extra_people
    if d.stance is Stance.CONTRADICTS:
        names = [people.name(d.subject)] if d.subject is not None else []
    return FoundEvent(
        title=d.title,
        summary=d.summary,
        start=d.start,
        end=d.end,
        evidence=tuple(d.evidence),
        people=tuple(dict.fromkeys(names)),
        places=tuple(d.places),
        same_as=d.same_as,
    )


def _corroborate(drafts: list[Draft], names: list[str], context: ExtractionContext) -> None:
    """Match drafts to stored events; relative dates last, never onto their reference."""
    facts_of = getattr(context, "event_facts", event_facts)  # an import's cache, if it has one
    for d in sorted(drafts, key=lambda x: x.ref_span is not None):
        avoid: set[int] = set()
        if d.ref_span is not None:
            rs, re_ = d.ref_span
            avoid = {
                o.same_as
                for o in drafts
                if o.same_as is not None and any(e.start <= rs and re_ <= e.end for e in o.evidence)
            }
        lo, hi = d.bounds()
        # only a report that may contradict an event needs the events around its date
        pad = _CONFLICT_PAD_DAYS if may_conflict(draft_facts(d, names)) else 0
        stored = context.events_overlapping(lo - pad, hi + pad)
        if stored:
            match_store(d, names, stored, avoid, facts_of)


# --- anchored dates ("two years after Stalin's death") ----------------------------------------

_ANCHOR_NOUN = re.compile(r"([A-Za-z]+)\W*$")


def _anchor_date(
    ctx: _Ctx,
    span: tuple[int, int],
    drafts: list[Draft],
    context: ExtractionContext,
    window: tuple[int, int] | None,
) -> HistDate | None:
    """The date of the happening an anchor phrase names, from this document or the store."""
    phrase = ctx.text[span[0] : span[1]]
    noun = _ANCHOR_NOUN.search(phrase)
    cls = EVENT_CLASSES.get(noun.group(1).lower()) if noun else None
    if not cls:
        return None
    who = {m.person for m in ctx.people.within(*span)}
    keys = {translit_key(ctx.people.name(p)) for p in who}
    best: HistDate | None = None
    for d in drafts:
        if (
            d.cls == cls
            and (not who or who & set(d.people))
            and d.end is None
            and (best is None or d.start.precision < best.precision)
        ):
            best = d.start
    if best is not None or window is None:
        return best
    for e in context.events_overlapping(*window):
        if e.end is not None or cls not in classes_of(e.title):
            continue
        if keys and not keys & {translit_key(n) for n in e.people}:
            continue
        if best is None or e.start.precision < best.precision:
            best = e.start
    return best


def _anchored_drafts(
    ctx: _Ctx, tags: list[TimeExpr], drafts: list[Draft], context: ExtractionContext
) -> list[Draft]:
    out: list[Draft] = []
    anchored = [t for t in tags if t.kind is Kind.ANCHORED and t.date is None and t.anchor]
    if not anchored:
        return out
    bounds = [d.bounds() for d in drafts]
    window = (
        (
            min(b[0] for b in bounds) - _ANCHOR_WINDOW_DAYS,
            max(b[1] for b in bounds) + _ANCHOR_WINDOW_DAYS,
        )
        if bounds
        else (day_number(-9999, 1, 1), day_number(9999, 12, 31))
    )
    for t in anchored:
        assert t.anchor is not None
        base = _anchor_date(ctx, t.anchor, drafts, context, window)
        resolved = resolve_anchored(t, base)
        if resolved.date is None:
            continue
        sent = _sentence_of(ctx.sentences, t.start)
        if sent is None:
            continue
        cs, ce, _ = clause_of(ctx.text, sent[0], sent[1], resolved)
        ce = max(ce, min(sent[1], t.anchor[1]))
        first = ctx.people.within(*sent)
        d = draft_for(ctx, resolved, cs, ce, sent[0], sent[1], first[0].person if first else None)
        if d is not None:
            d.derived = True
            out.append(d)
    return out
