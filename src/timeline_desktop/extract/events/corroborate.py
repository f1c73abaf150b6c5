"""Corroboration: one event per happening, however many passages and sources report it.

"Same happening?" is a measured decision (`matching.similarity`: how the dates relate plus
what the reports share, weighed by data tuned on labelled pairs of the gold files).

Two reports of one happening at dates that cannot both be right are a conflict: the later
report is attached to the event with stance CONTRADICTS. That takes the same person and
kind of happening (a death, an accession) or the same named happening at incompatible
dates (`conflicts`), or a day slip: two sources a few days apart on one happening they
clearly share, with nothing else near that fits as well (`slip`).

This module finds the facts of drafts (those of stored events are `stored.event_facts`)
and the best match among stored events; the merging stage compares within a document,
the corroboration stage (`corroborate`) against the events already stored, and
structured imports (`ingest.rowmatch`) row by row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from timeline_desktop.domain.model import Event, Stance
from timeline_desktop.extract.base import ExtractionContext
from timeline_desktop.extract.doc import Doc, Draft, Passage
from timeline_desktop.extract.events.claims import Claims
from timeline_desktop.extract.events.group_events import StoredGroups
from timeline_desktop.extract.events.groups import (
    copies_of,
    marked,
    member_copies,
    released,
)
from timeline_desktop.extract.events.matching import (
    DATE_RELATIONS,
    Facts,
    MatchWeights,
    WordUses,
    common_people,
    compatible,
    date_relation,
    names_in,
    others_happening,
    shared_content,
    similarity,
    slip,
    slip_days,
    slip_within,
    weights,
    word_uses,
)
from timeline_desktop.extract.events.record_actor import compared_title
from timeline_desktop.extract.events.stored import (
    NO_SKIP,
    compound_parts,
    event_facts,
    parts_ahead,
    remember,
)
from timeline_desktop.extract.events.words import EventWords
from timeline_desktop.extract.lexicon import Lexicon, load
from timeline_desktop.extract.names import NameWords

__all__ = [  # the matcher, for the stages and imports that use it through this module
    "DATE_RELATIONS",
    "Facts",
    "MatchWeights",
    "WordUses",
    "common_people",
    "compatible",
    "date_relation",
    "event_facts",
    "shared_content",
    "similarity",
    "slip",
    "slip_days",
    "slip_within",
    "weights",
    "word_uses",
]

CONFLICT_WINDOW_DAYS = 3653


def lexical(a: Facts, b: Facts) -> float:
    return len(a.words & b.words) / max(1, min(len(a.words), len(b.words)))


def _words(lex: Lexicon | None) -> EventWords:
    return (lex or load()).compiled(EventWords)


def roles_compatible(a: set[str], b: set[str], lex: Lexicon | None = None) -> bool:
    """Whether two reports' offices may be the same one (generic ones fit any)."""
    return _roles_compatible(_words(lex), a, b)


def _roles_compatible(ew: EventWords, a: set[str], b: set[str]) -> bool:
    sa, sb = a - ew.generic_roles, b - ew.generic_roles
    return not sa or not sb or bool(sa & sb)


def conflicts(a: Facts, b: Facts, lex: Lexicon | None = None) -> bool:
    """Same person, same kind of happening (or the same named battle, treaty...), dates
    that cannot both be right."""
    return _conflicts(_words(lex), a, b)


def _conflicts(ew: EventWords, a: Facts, b: Facts) -> bool:
    if a.is_range or b.is_range:
        return False
    if {n for n in a.named & b.named if ":" in n}:
        gap = max(a.lo - b.hi, b.lo - a.hi)
        return 0 < gap <= CONFLICT_WINDOW_DAYS
    if not a.subject or a.subject not in b.people:
        return False
    if not a.cls or a.cls != b.cls or a.cls not in ew.conflict_classes:
        return False
    if a.lo <= b.hi and b.lo <= a.hi:
        return False
    gap = max(a.lo - b.hi, b.lo - a.hi)
    return gap <= CONFLICT_WINDOW_DAYS and _roles_compatible(ew, a.roles, b.roles)


def may_conflict(f: Facts, lex: Lexicon | None = None) -> bool:
    """Whether a report could contradict an event whose span it does not meet: a dated
    single happening of a person (death, birth, accession...) or a named battle, treaty."""
    if f.is_range:
        return False
    return any(":" in n for n in f.named) or bool(
        f.subject and f.cls in _words(lex).conflict_classes
    )


def conflict_pad(f: Facts, lex: Lexicon | None = None) -> int:
    """How many days around a report's date the events it may contradict lie."""
    if may_conflict(f, lex):
        return CONFLICT_WINDOW_DAYS
    return weights(lex).slip_days if f.lo == f.hi else 0


def best_match(
    f: Facts,
    candidates: Iterable[tuple[int, Facts]],
    derived: bool = False,
    lex: Lexicon | None = None,
    uses: WordUses | None = None,
) -> tuple[int | None, bool]:
    """The stored event a report belongs to: (id, False) when it reports the same happening,
    (id, True) when it contradicts that event's date, (None, False) for neither.

    A day slip counts only when the stored events that fit are of one day: events of two
    days that fit as well are likely happenings of a run of days, and the report a third."""
    target, conflict, _ = matched(f, candidates, derived, lex, uses)
    return target, conflict


def matched(
    f: Facts,
    candidates: Iterable[tuple[int, Facts]],
    derived: bool = False,
    lex: Lexicon | None = None,
    uses: WordUses | None = None,
    taken: Iterable[Facts] = (),
) -> tuple[int | None, bool, float]:
    """`best_match`, with what the report shares with the event it names
    (`shared_content`): how strong its claim to that event is.

    `taken` are events the report may not join (another passage or row of its source has
    them): like a candidate at the report's own date that shares much with it but not
    enough to be it, one means the report tells a neighbouring happening of that day (the
    probe's entry on the day of arrival), not a slipped date of another."""
    ew = _words(lex)
    w = weights(lex)
    best: tuple[float, int, Facts] | None = None
    clash: list[tuple[int, int]] = []
    slips: list[tuple[float, int, int, int]] = []
    sibling = False
    can_conflict = may_conflict(f, lex)
    loose = derived or f.cls in ew.once_classes or bool(f.named)
    for eid, g in candidates:
        # (`similarity`, with what the two share read once: dates that meet can neither
        # conflict nor slip, and dates that do not meet are no sibling)
        relation = date_relation(f, g)
        if relation:
            shared = shared_content(f, g, uses, lex)
            if not others_happening(f, g, lex):
                sc = w.across[relation] + shared
                if sc >= w.threshold:
                    if best is None or sc > best[0]:
                        best = (sc, eid, g)
                    continue
            if not sibling:
                sibling = shared >= w.slip_threshold
        elif can_conflict and _conflicts(ew, f, g) and (loose or lexical(f, g) >= 0.5):
            clash.append((min(abs(g.lo - f.lo), abs(g.hi - f.hi)), eid))
        elif not derived and (near := slip(f, g, uses, lex)) is not None:
            slips.append((near, eid, g.lo, g.sources))
    if slips and not sibling:
        sibling = any(
            compatible(f, g) and shared_content(f, g, uses, lex) >= w.slip_threshold for g in taken
        )
    # one day alone fits (two passages of the stored source on that day may be one
    # happening it told twice; two days are a run of days)
    # (of events of that day, the one more sources support: two that fit are likely one
    # happening the store holds twice, and the report contradicts it, not a stray passage)
    one_slip = (
        max(slips, key=lambda s: (s[3], s[0]))
        if len({s[2] for s in slips}) == 1 and not sibling
        else None
    )
    if best is not None:
        # "left port in October" fits 19 October by its date; "passed the reef on 12
        # October" fits the report "passed the reef on 19 October" by all it says
        strength = shared_content(f, best[2], uses, lex)
        if one_slip is None or one_slip[0] < strength + w.margin:
            return best[1], False, strength
    if clash:
        nearest = min(clash, key=lambda x: x[0])[1]
        return nearest, True, 0.0
    if one_slip is not None:
        return one_slip[1], True, one_slip[0]
    return None, False, 0.0


def person_keys(doc: Doc) -> list[str]:
    """The transliteration key of every person of the document, by cluster index."""
    key = doc.lexicon.compiled(NameWords).key
    return [key(n) for n in doc.people.names()]


def draft_facts(doc: Doc, d: Draft, keys: Sequence[str]) -> Facts:
    """Facts of a draft; `keys` are `person_keys(doc)`. The title's words count with the
    passage's: a catalogue field's title names what its bare "Time of closest approach :
    2002-11-05" line is about ("Amalthea 34 Encounter")."""
    lo, hi = d.bounds()
    people = {keys[p] for p in d.people}
    if d.extra_people:
        key = doc.lexicon.compiled(NameWords).key
        people |= {key(n) for n in d.extra_people}
    subject = keys[d.subject] if d.subject is not None else None
    title = compared_title(d.title, d.rules)
    roles = doc.ew.roles_of(title) or d.roles
    text = doc.text
    spans = [(e.start, e.end) for e in d.evidence if e.stance == Stance.SUPPORTS]
    passages = " … ".join(text[s:e] for s, e in spans)
    names = names_in(f"{title} … {passages}", people, doc.lexicon)
    skip = {w.lower() for p in d.people for w in doc.people.name(p).split()}
    # the words of its whole passages, as `event_facts` reads the event once stored: a
    # report compared as a draft and as a stored event is one report, whichever source
    # is imported first (the words of a time frame it names left out of both)
    ew = doc.ew
    frame = weights(doc.lexicon).frame
    framed = frame.findall(passages)
    in_frame = ew.passage_facts(" ".join(framed), NO_SKIP) if framed else None
    own = d.words - in_frame[3] if in_frame else d.words
    body = frame.sub(" ", passages) if framed else passages
    facts = None if framed else doc.words.joined_facts(ew, title, spans)
    kind, kinds, _, said = ew.passage_facts(f"{title} {body}", skip, facts)
    words = own | said
    cls, classes = d.cls, d.classes
    if in_frame and (only_framed := in_frame[1] - kinds):
        # a kind named only in the time frame ("during the flyby") is the frame's, not
        # the kind of what the passage reports
        classes = classes - only_framed
        cls = kind if cls in only_framed else cls
    dated_by = frozenset((d.date.start,)) if d.date is not None else frozenset()
    f = Facts(
        lo,
        hi,
        d.end is not None,
        people,
        subject,
        cls,
        classes,
        roles,
        words,
        d.named,
        names,
        dated_by,
        _day_stated(d, text, lo, hi),
    )
    f.parts = compound_parts(words, ew)
    return f


_YEAR = re.compile(r"\d{3,4}")


def _day_stated(d: Draft, text: str, lo: int, hi: int) -> str:
    """How the draft's single day is written in its own sentence (`Facts.day_stated`)."""
    x = d.date
    if x is None or lo != hi or d.derived or d.end is not None or x.heading:
        return ""
    if d.sentence is not None and not d.sentence[0] <= x.start < d.sentence[1]:
        return ""
    if x.rule.startswith("iso-"):
        return "stamp"
    return "prose" if _YEAR.search(text, x.start, x.end) else ""


def contradiction(d: Draft, note: str) -> list[Passage]:
    """`d`'s evidence as contradicting evidence, each naming why."""
    return [
        Passage(e.start, e.end, e.date_as_stated, Stance.CONTRADICTS, e.rules)
        for e in d.stamp(d.evidence, note)
    ]


def _apply(d: Draft, target: int, conflict: bool) -> None:
    d.same_as = target
    if conflict:
        d.stance = Stance.CONTRADICTS
        d.evidence = contradiction(d, f"corroboration:another date for stored event {target}")
    elif d.denied:
        d.stance = Stance.CONTRADICTS
        d.evidence = contradiction(d, f"corroboration:denies stored event {target}")
    else:
        d.rules.append(f"corroboration:same happening as stored event {target}")


def match_store(
    doc: Doc,
    d: Draft,
    keys: Sequence[str],
    stored: Sequence[Event],
    avoid: set[int],
    facts_of: Callable[[Event], Facts],
    uses: WordUses | None = None,
) -> None:
    """Point `d` at a stored event reporting the same happening, or mark a conflict with one.

    `avoid` holds events a relative date counts from ("later that year"): the text reports
    another happening than the one it takes its date from. `facts_of` may be a caching
    version of `event_facts` (an import keeps the facts of stored events between drafts);
    `uses` are the document's word uses (`word_uses`).
    """
    f = draft_facts(doc, d, keys)
    candidates = ((e.id, facts_of(e)) for e in stored if e.id not in avoid)
    target, conflict = best_match(f, candidates, d.derived, doc.lexicon, uses)
    if target is not None:
        _apply(d, target, conflict)


def corroborate(doc: Doc) -> None:
    """The corroboration stage: match drafts to stored events; relative dates last, never
    onto the event they count from. A date the text only denies is no event of its own.
    A group's passage goes to each member's stored event (`groups`)."""
    drafts, context, lex = list(doc.drafts), doc.context, doc.lexicon
    facts_of: Callable[[Event], Facts] = getattr(context, "event_facts", None) or (
        lambda e: event_facts(e, lex)
    )  # an import's cache of stored events' facts, if it has one
    keys = person_keys(doc)
    ready = {id(d): f for d, f in doc.draft_facts or ()}  # (`facts_ahead`)
    if doc.event_parts is not None:
        remember(lex, doc.event_parts)
        doc.event_parts = None
    nears: dict[int, Sequence[Event]] = {}  # each draft's stored events, looked up once

    def near_of(i: int) -> Sequence[Event]:
        if i not in nears:
            nears[i] = _stored_near(context, drafts[i], keys, lex)
        return nears[i]

    # copy index -> (the group's index, the member, its events); groups whose members'
    # copies are matched first (a copy compares with its group's stored events)
    copies = member_copies(doc, drafts, near_of, facts_of)
    held = {g for g, _, _ in copies.values()}
    stored_groups, strength_of = StoredGroups(doc), {}  # (members' reports of group events)
    uses: WordUses | None = None
    claims = Claims(weights(lex).margin)
    found: dict[int, tuple[int, bool]] = {}
    for relative in (False, True):
        queue = [
            i
            for i, d in enumerate(drafts)
            if (d.ref_span is not None) == relative and i not in held
        ]
        lost: dict[int, set[int]] = {}
        candidates: dict[int, tuple[Facts, list[tuple[int, Facts]]]] = {}
        while queue or (queue := released(drafts, copies, held, found, relative)):
            i = queue.pop(0)
            d = drafts[i]
            if i not in candidates:
                near = near_of(copies[i][0] if i in copies else i)
                if not near:
                    continue  # nothing stored near its date (an empty store: no work)
                if uses is None:
                    uses = document_uses(doc)
                f = ready.get(id(d)) or draft_facts(doc, d, keys)
                pairs = [(e.id, facts_of(e)) for e in near]
                if i in copies:  # a member's report: only its events, both naming it
                    _, member, allowed = copies[i]
                    f = marked(f, member, lex)
                    pairs = [(eid, marked(g, member, lex)) for eid, g in pairs if eid in allowed]
                else:
                    f, pairs = stored_groups.mark(i, d, f, near, pairs)
                candidates[i] = (f, pairs)
            f, near_facts = candidates[i]
            avoid = lost.get(i, set()) | (_counted_from(drafts, d, found) if relative else set())
            pool = [(eid, g) for eid, g in near_facts if eid not in avoid]
            others = [g for eid, g in near_facts if eid in avoid]
            target, conflict, strength = matched(f, pool, d.derived, lex, uses, others)
            if target is None:
                found.pop(i, None)
                continue
            claim = stored_groups.claim(i, target, conflict)  # (a member's part: `share`)
            taken, pushed = claims.contest(claim, strength, i, f.dated_by)
            if not taken:
                lost.setdefault(i, set()).add(target)
                queue.insert(0, i)
                continue
            found[i], strength_of[i] = (target, conflict), strength
            for j in pushed:
                lost.setdefault(j, set()).add(target)
                found.pop(j, None)
                queue.append(j)
    merged = stored_groups.share(drafts, found, strength_of)
    for i, (target, conflict) in found.items():
        _apply(drafts[i], target, conflict)
    # a group's report stays one only where none of its members' copies found an event
    drop = {c for c in copies if c not in found} | merged
    drop |= {g for g in held if any(c in found for c in copies_of(copies, g))}
    drafts = [d for i, d in enumerate(drafts) if i not in drop]
    # a date the text rejects is no event of its own, only a claim against a stored one;
    # a date with nothing said of it ("two years later", then a stray ".") is none at all
    doc.drafts = [d for d in drafts if (not d.denied or d.same_as is not None) and d.title.strip()]


def facts_ahead(doc: Doc) -> None:
    """Work out the facts of the document's drafts before the corroboration stage, which
    then only compares them with stored events: a helper process that takes a document
    up to that stage does this part of the stage's work (`doc.draft_facts`)."""
    keys = person_keys(doc)
    doc.draft_facts = [(d, draft_facts(doc, d, keys)) for d in doc.drafts]
    document_uses(doc)
    # and the texts its events will be compared by once stored
    text = doc.text
    quotes = {
        text[e.start : e.end] for d in doc.drafts for e in d.evidence if e.stance == Stance.SUPPORTS
    }
    titles = {compared_title(d.title, d.rules) for d in doc.drafts}
    doc.event_parts = parts_ahead(doc.lexicon, titles, quotes)


def _stored_near(
    context: ExtractionContext, d: Draft, keys: Sequence[str], lex: Lexicon
) -> Sequence[Event]:
    """The stored events to compare a draft with, by earliest day then id: those around
    its date, and for a report that may contradict an event (`_pad`), those within
    `CONFLICT_WINDOW_DAYS`. Of those only the events that could be contradicted count
    (`_conflicts`: the same person, or the same named happening); a context that can find
    a person's events (`events_naming`) gives those alone beyond the draft's own dates."""
    lo, hi = d.bounds()
    pad = _pad(d, lo, hi, lex)
    naming = getattr(context, "events_naming", None)
    if (
        pad != CONFLICT_WINDOW_DAYS
        or naming is None
        or d.subject is None
        or any(":" in n for n in d.named)  # a named battle: any event may name it
    ):
        return context.events_overlapping(lo - pad, hi + pad)
    # a date slipped by a few days (`slip`) is the widest a report's own dates reach
    reach = slip_days(lex) if lo == hi else 0
    near = list(context.events_overlapping(lo - reach, hi + reach))
    seen = {e.id for e in near}
    far = [e for e in naming(keys[d.subject], lo - pad, hi + pad) if e.id not in seen]
    if not far:
        return near
    return sorted(near + far, key=lambda e: (e.start.earliest_day(), e.id))


def _pad(d: Draft, lo: int, hi: int, lex: Lexicon) -> int:
    """`conflict_pad` of a draft, read off the draft itself (before its facts are needed)."""
    if d.end is None and (
        any(":" in n for n in d.named)
        or (d.subject is not None and d.cls in _words(lex).conflict_classes)
    ):
        return CONFLICT_WINDOW_DAYS
    return slip_days(lex) if lo == hi else 0


def document_uses(doc: Doc) -> WordUses:
    """`word_uses` of the document, counted once for the merging and corroboration stages
    (kept on the document, so it travels with it to the process that finishes it)."""
    if doc.word_uses is None:
        doc.word_uses = word_uses(doc.text, doc.lexicon, doc.words.facts)
    return doc.word_uses


def _counted_from(drafts: list[Draft], d: Draft, found: dict[int, tuple[int, bool]]) -> set[int]:
    """The stored events that the passages a relative date counts from were matched to."""
    assert d.ref_span is not None
    rs, re_ = d.ref_span
    return {
        found[j][0]
        for j, o in enumerate(drafts)
        if j in found and any(e.start <= rs and re_ <= e.end for e in o.evidence)
    }
