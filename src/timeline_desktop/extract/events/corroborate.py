"""Corroboration: one event per happening, however many passages and sources report it.

Two reports are the same happening when their dates are compatible (one contains the other;
two ranges mostly overlap) and they agree on who and what: shared people with the same kind
of happening or similar wording, or clearly similar wording alone. A report of the same kind
of happening for the same person at an incompatible date, close in time, is a conflict: it
is attached to the existing event with stance CONTRADICTS. This module compares (`Facts`);
the merging stage applies it within a document, the corroboration stage (`corroborate`)
against the events already stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from timeline_desktop.domain.model import Event, Stance
from timeline_desktop.extract.doc import Doc, Draft, Passage
from timeline_desktop.extract.events.words import EventWords
from timeline_desktop.extract.lexicon import Lexicon, load
from timeline_desktop.extract.names import NameWords

CONFLICT_WINDOW_DAYS = 3653
_CONFLICT_PAD_DAYS = 3653


@dataclass(slots=True)
class Facts:
    """What comparisons need of an event, drafted here or stored earlier."""

    lo: int
    hi: int
    is_range: bool
    people: set[str]
    subject: str | None
    cls: str
    classes: set[str]
    roles: set[str]
    words: set[str]
    named: set[str] = field(default_factory=set)


def compatible(a: Facts, b: Facts) -> bool:
    """Whether two dates may name the same happening."""
    if a.is_range or b.is_range:
        if not (a.is_range and b.is_range):
            return False
        inter = min(a.hi, b.hi) - max(a.lo, b.lo)
        union = max(a.hi, b.hi) - min(a.lo, b.lo)
        return union > 0 and inter / union >= 0.5
    return (a.lo <= b.lo and b.hi <= a.hi) or (b.lo <= a.lo and a.hi <= b.hi)


def similarity(a: Facts, b: Facts) -> float | None:
    """How alike two reports are (None: not the same happening)."""
    shared = len(a.people & b.people)
    small = min(len(a.words), len(b.words))
    lex = len(a.words & b.words) / max(1, small)
    cls_match = bool(a.classes & b.classes)
    cls_conflict = bool(a.classes) and bool(b.classes) and not cls_match
    primary = bool(a.cls) and a.cls == b.cls
    ok = (shared and (cls_match or lex >= 0.25)) or (cls_match and lex >= 0.3) or lex >= 0.5
    if cls_conflict and lex < 0.5:
        ok = False
    if a.people and b.people and not shared and lex < 0.5:
        ok = False
    if shared and a.lo == a.hi == b.lo == b.hi and not cls_conflict:
        ok = True  # the same person on the same named day, however worded
    named = a.named & b.named
    one_off = {n for n in named if ":" not in n}
    if named - one_off:
        ok = True  # "the Battle of Towton" in both: one battle, whoever is named
    elif one_off and (shared or not a.people or not b.people) and not cls_conflict:
        ok = True  # "the coronation" of the same person, or of someone only one names
    if not ok:
        return None
    weight = min(1.0, small / 4)  # two or three words say little
    return (
        1.5 * min(shared, 2)
        + 3 * lex * weight
        + (1 if cls_match else 0)
        + (3 if primary else 0)
        + 2 * len(named)
    )


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


def best_match(
    f: Facts,
    candidates: Iterable[tuple[int, Facts]],
    derived: bool = False,
    lex: Lexicon | None = None,
) -> tuple[int | None, bool]:
    """The stored event a report belongs to: (id, False) when it reports the same happening,
    (id, True) when it contradicts that event's date, (None, False) for neither."""
    ew = _words(lex)
    best, best_score = None, 0.0
    clash: list[tuple[int, int]] = []
    can_conflict = may_conflict(f, lex)
    loose = derived or f.cls in ew.once_classes or bool(f.named)
    for eid, g in candidates:
        if compatible(f, g):
            sc = similarity(f, g)
            if sc is not None and sc > best_score:
                best, best_score = eid, sc
        elif can_conflict and _conflicts(ew, f, g) and (loose or lexical(f, g) >= 0.5):
            clash.append((min(abs(g.lo - f.lo), abs(g.hi - f.hi)), eid))
    if best is not None:
        return best, False
    if clash:
        return min(clash, key=lambda x: x[0])[1], True
    return None, False


def person_keys(doc: Doc) -> list[str]:
    """The transliteration key of every person of the document, by cluster index."""
    key = doc.lexicon.compiled(NameWords).key
    return [key(n) for n in doc.people.names()]


def draft_facts(doc: Doc, d: Draft, keys: Sequence[str]) -> Facts:
    """Facts of a draft; `keys` are `person_keys(doc)`."""
    lo, hi = d.bounds()
    people = {keys[p] for p in d.people}
    if d.extra_people:
        key = doc.lexicon.compiled(NameWords).key
        people |= {key(n) for n in d.extra_people}
    subject = keys[d.subject] if d.subject is not None else None
    roles = doc.ew.roles_of(d.title) or d.roles
    return Facts(
        lo, hi, d.end is not None, people, subject, d.cls, d.classes, roles, d.words, d.named
    )


def event_facts(e: Event, lex: Lexicon | None = None) -> Facts:
    """Facts of a stored event, from its title and supporting quotes.

    Read with `passage_facts`, whose per-word facts are cached: the same as running
    `event_class`, `classes_of`, `roles_of` and `signature` on the texts, in a third of
    the time (imports compare each draft with every stored event near its date).
    """
    ew, key = _words(lex), (lex or load()).compiled(NameWords).key
    lo = e.start.earliest_day()
    hi = (e.end or e.start).latest_day()
    quotes = " ".join(ev.quote for ev in e.evidence if ev.stance == Stance.SUPPORTS)
    body = f"{e.title} {quotes}"
    people = {key(n) for n in e.people}
    skip = {w.lower() for n in e.people for w in n.split()}
    title_cls, _, title_roles, _ = ew.passage_facts(e.title, _NO_SKIP)
    quotes_cls, _, quotes_roles, _ = ew.passage_facts(quotes, _NO_SKIP)
    _, classes, _, words = ew.passage_facts(body, skip)
    return Facts(
        lo,
        hi,
        e.end is not None,
        people,
        None,
        title_cls or quotes_cls,
        classes,
        title_roles or quotes_roles,
        words,
        ew.named_happenings(body),
    )


_NO_SKIP: set[str] = set()


def contradiction(d: Draft, note: str) -> list[Passage]:
    """`d`'s evidence as contradicting evidence, each naming why."""
    return [
        Passage(e.start, e.end, e.date_as_stated, Stance.CONTRADICTS, e.rules)
        for e in d.stamp(d.evidence, note)
    ]


def match_store(
    doc: Doc,
    d: Draft,
    keys: Sequence[str],
    stored: Sequence[Event],
    avoid: set[int],
    facts_of: Callable[[Event], Facts],
) -> None:
    """Point `d` at a stored event reporting the same happening, or mark a conflict with one.

    `avoid` holds events a relative date counts from ("later that year"): the text reports
    another happening than the one it takes its date from. `facts_of` may be a caching
    version of `event_facts` (an import keeps the facts of stored events between drafts).
    """
    f = draft_facts(doc, d, keys)
    candidates = ((e.id, facts_of(e)) for e in stored if e.id not in avoid)
    target, conflict = best_match(f, candidates, d.derived, doc.lexicon)
    if target is None:
        return
    d.same_as = target
    if conflict:
        d.stance = Stance.CONTRADICTS
        d.evidence = contradiction(d, f"corroboration:another date for stored event {target}")
    elif d.denied:
        d.stance = Stance.CONTRADICTS
        d.evidence = contradiction(d, f"corroboration:denies stored event {target}")
    else:
        d.rules.append(f"corroboration:same happening as stored event {target}")


def corroborate(doc: Doc) -> None:
    """The corroboration stage: match drafts to stored events; relative dates last, never
    onto the event they count from. A date the text only denies is no event of its own."""
    drafts, context, lex = doc.drafts, doc.context, doc.lexicon
    facts_of: Callable[[Event], Facts] = getattr(context, "event_facts", None) or (
        lambda e: event_facts(e, lex)
    )  # an import's cache of stored events' facts, if it has one
    keys = person_keys(doc)
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
        pad = _CONFLICT_PAD_DAYS if may_conflict(draft_facts(doc, d, keys), lex) else 0
        stored = context.events_overlapping(lo - pad, hi + pad)
        if stored:
            match_store(doc, d, keys, stored, avoid, facts_of)
    # a date the text rejects is no event of its own, only a claim against a stored one;
    # a date with nothing said of it ("two years later", then a stray ".") is none at all
    doc.drafts = [d for d in drafts if (not d.denied or d.same_as is not None) and d.title.strip()]
