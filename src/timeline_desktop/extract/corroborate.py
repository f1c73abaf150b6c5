"""Corroboration: one event per happening, however many passages and sources report it.

Two reports are the same happening when their dates are compatible (one contains the other;
two ranges mostly overlap) and they agree on who and what: shared people with the same kind
of happening or similar wording, or clearly similar wording alone. The merged event keeps
the most precise date the reports agree on; every passage keeps its own stated date. A
report of the same kind of happening for the same person at an incompatible date, close in
time, is a conflict: it is attached to the existing event with stance CONTRADICTS.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from timeline_desktop.domain.dates import from_day_number
from timeline_desktop.domain.model import Event, FoundEvidence, Stance
from timeline_desktop.extract.events import (
    _GENERIC_ROLES,
    Draft,
    named_happenings,
    passage_facts,
    roles_of,
)
from timeline_desktop.extract.people import translit_key

CONFLICT_CLASSES = frozenset(("death", "birth", "accession", "removal", "founding", "marriage"))
CONFLICT_WINDOW_DAYS = 3653


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


def _lex(a: Facts, b: Facts) -> float:
    return len(a.words & b.words) / max(1, min(len(a.words), len(b.words)))


def roles_compatible(a: set[str], b: set[str]) -> bool:
    sa, sb = a - _GENERIC_ROLES, b - _GENERIC_ROLES
    return not sa or not sb or bool(sa & sb)


_ONCE_CLASSES = frozenset(("death", "birth"))  # a person is born and dies once


def conflicts(a: Facts, b: Facts) -> bool:
    """Same person, same kind of happening (or the same named battle, treaty...), dates
    that cannot both be right."""
    if a.is_range or b.is_range:
        return False
    if {n for n in a.named & b.named if ":" in n}:
        gap = max(a.lo - b.hi, b.lo - a.hi)
        return 0 < gap <= CONFLICT_WINDOW_DAYS
    if not a.subject or a.subject not in b.people:
        return False
    if not a.cls or a.cls != b.cls or a.cls not in CONFLICT_CLASSES:
        return False
    if a.lo <= b.hi and b.lo <= a.hi:
        return False
    gap = max(a.lo - b.hi, b.lo - a.hi)
    return gap <= CONFLICT_WINDOW_DAYS and roles_compatible(a.roles, b.roles)


def draft_facts(d: Draft, names: Sequence[str]) -> Facts:
    lo, hi = d.bounds()
    people = {translit_key(names[p]) for p in d.people} | {translit_key(n) for n in d.extra_people}
    subject = translit_key(names[d.subject]) if d.subject is not None else None
    roles = roles_of(d.title) or d.roles
    return Facts(
        lo, hi, d.end is not None, people, subject, d.cls, d.classes, roles, d.words, d.named
    )


def event_facts(e: Event) -> Facts:
    """Facts of a stored event, from its title and supporting quotes.

    Read with `passage_facts`, whose per-word facts are cached: the same as running
    `event_class`, `classes_of`, `roles_of` and `signature` on the texts, in a third of
    the time (imports compare each draft with every stored event near its date).
    """
    lo = e.start.earliest_day()
    hi = (e.end or e.start).latest_day()
    quotes = " ".join(ev.quote for ev in e.evidence if ev.stance == Stance.SUPPORTS)
    body = f"{e.title} {quotes}"
    people = {translit_key(n) for n in e.people}
    skip = {w.lower() for n in e.people for w in n.split()}
    title_cls, _, title_roles, _ = passage_facts(e.title, _NO_SKIP)
    quotes_cls, _, quotes_roles, _ = passage_facts(quotes, _NO_SKIP)
    _, classes, _, words = passage_facts(body, skip)
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
        named_happenings(body),
    )


_NO_SKIP: frozenset[str] = frozenset()


def _absorb(keep: Draft, other: Draft) -> None:
    """Fold `other` into `keep`: evidence, people, places, the finer compatible date."""
    keep.evidence += other.evidence
    for p in other.people:
        if p not in keep.people:
            keep.people.append(p)
    keep.places = list(dict.fromkeys([*keep.places, *other.places]))
    keep.extra_people = list(dict.fromkeys([*keep.extra_people, *other.extra_people]))
    keep.words |= other.words
    keep.classes |= other.classes
    keep.roles |= other.roles
    keep.named |= other.named
    if keep.end is None and other.end is None and other.start.precision < keep.start.precision:
        keep.start = other.start
        if not other.derived:
            keep.title, keep.summary = (
                (other.title, other.summary)
                if len(other.title) >= 8
                else (keep.title, keep.summary)
            )
    if not keep.cls:
        keep.cls = other.cls


def _years(f: Facts) -> range:
    y0 = from_day_number(f.lo)[0]
    y1 = from_day_number(f.hi)[0]
    if y1 - y0 > 3:
        return range(y0, y0 + 1)
    return range(y0, y1 + 1)


def _holds(d: Draft, span: tuple[int, int] | None) -> bool:
    return span is not None and any(e.start <= span[0] and span[1] <= e.end for e in d.evidence)


def merge_within(drafts: list[Draft], names: Sequence[str]) -> list[Draft]:
    """One draft per happening in a document; conflicting derived reports become contradictions."""
    kept: list[Draft] = []
    facts: list[Facts] = []
    by_year: dict[int, list[int]] = defaultdict(list)
    for d in drafts:
        f = draft_facts(d, names)
        best, best_score = None, 0.0
        cands: set[int] = set()
        for y in _years(f):
            cands.update(by_year.get(y, ()))
        for i in sorted(cands) if not d.derived else ():
            if not compatible(f, facts[i]):
                continue
            sc = similarity(f, facts[i])
            if sc is not None and sc > best_score:
                best, best_score = i, sc
        if best is not None and d.denied:
            # "The Act was not passed in 1666": a source rejecting that date for it
            kept[best].evidence += [
                FoundEvidence(e.start, e.end, e.date_as_stated, Stance.CONTRADICTS)
                for e in d.evidence
            ]
            continue
        if best is not None:
            _absorb(kept[best], d)
            facts[best] = draft_facts(kept[best], names)
            continue
        if d.denied:
            kept.append(d)  # may still deny an event stored from another source
            facts.append(f)
            continue
        if d.derived:
            # "three weeks later ...": a date counted from a happening is not a second
            # claim about that happening's date
            clash = [
                i
                for i in range(len(kept))
                if conflicts(f, facts[i]) and not _holds(kept[i], d.ref_span)
            ]
            if clash:
                target = min(clash, key=lambda i: abs(facts[i].lo - f.lo))
                kept[target].evidence += [
                    FoundEvidence(e.start, e.end, e.date_as_stated, Stance.CONTRADICTS)
                    for e in d.evidence
                ]
                continue
        kept.append(d)
        facts.append(f)
        for y in _years(f):
            by_year[y].append(len(kept) - 1)
    return kept


def may_conflict(f: Facts) -> bool:
    """Whether a report could contradict an event whose span it does not meet: a dated
    single happening of a person (death, birth, accession...) or a named battle, treaty."""
    if f.is_range:
        return False
    return any(":" in n for n in f.named) or bool(f.subject and f.cls in CONFLICT_CLASSES)


def best_match(
    f: Facts, candidates: Iterable[tuple[int, Facts]], derived: bool = False
) -> tuple[int | None, bool]:
    """The stored event a report belongs to: (id, False) when it reports the same happening,
    (id, True) when it contradicts that event's date, (None, False) for neither."""
    best, best_score = None, 0.0
    clash: list[tuple[int, int]] = []
    can_conflict = may_conflict(f)
    loose = derived or f.cls in _ONCE_CLASSES or bool(f.named)
    for eid, g in candidates:
        if compatible(f, g):
            sc = similarity(f, g)
            if sc is not None and sc > best_score:
                best, best_score = eid, sc
        elif can_conflict and conflicts(f, g) and (loose or _lex(f, g) >= 0.5):
            clash.append((min(abs(g.lo - f.lo), abs(g.hi - f.hi)), eid))
    if best is not None:
        return best, False
    if clash:
        return min(clash, key=lambda x: x[0])[1], True
    return None, False


def match_store(
    d: Draft,
    names: Sequence[str],
    stored: Sequence[Event],
    avoid: set[int] = frozenset(),
    facts_of: Callable[[Event], Facts] = event_facts,
) -> None:
    """Point `d` at a stored event reporting the same happening, or mark a conflict with one.

    `avoid` holds events a relative date counts from ("later that year"): the text reports
    another happening than the one it takes its date from. `facts_of` may be a caching
    version of `event_facts` (an import keeps the facts of stored events between drafts).
    """
    f = draft_facts(d, names)
    candidates = ((e.id, facts_of(e)) for e in stored if e.id not in avoid)
    target, conflict = best_match(f, candidates, d.derived)
    if target is None:
        return
    d.same_as = target
    if conflict or d.denied:
        d.stance = Stance.CONTRADICTS
        d.evidence = [
            FoundEvidence(e.start, e.end, e.date_as_stated, Stance.CONTRADICTS) for e in d.evidence
        ]
