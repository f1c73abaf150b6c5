"""The merging stage: one draft per happening within a document.

Reports of one happening (`corroborate.similarity` with the bonuses for one document: it
takes more for two passages of one text to be one happening than for two sources) fold
into the first; the merged draft keeps the most precise date
they agree on, and every passage keeps its own stated date and rules. A date the text denies
("the Act was not passed in 1666") becomes a contradiction of the happening it denies, and a
relative date ("three weeks later") that clashes with a happening of the same kind becomes
a contradiction of it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict

from timeline_desktop.domain.dates import from_day_number
from timeline_desktop.extract.doc import Doc, Draft
from timeline_desktop.extract.events.corroborate import (
    Facts,
    WordUses,
    conflicts,
    contradiction,
    document_uses,
    draft_facts,
    person_keys,
    shared_content,
    similarity,
    slip_days,
    slip_within,
    weights,
)
from timeline_desktop.extract.events.groups import spread_within


def _absorb(keep: Draft, other: Draft) -> None:
    """Fold `other` into `keep`: evidence, people, places, the finer compatible date."""
    keep.evidence += other.stamp(other.evidence, "merging:same happening as another passage")
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
        keep.rules.append("merging:finer date from another passage")
        if not other.derived:
            keep.title, keep.summary = (
                (other.title, other.summary)
                if len(other.title) >= 8
                else (keep.title, keep.summary)
            )
    elif keep.end is None and other.end is not None and _narrower_inside(other, keep):
        # "dated 1469–72" within "in the 15th century": the years the other passage gives
        keep.start, keep.end = other.start, other.end
        keep.rules.append("merging:finer date from another passage")
    if not keep.cls:
        keep.cls = other.cls


def _narrower_inside(inner: Draft, outer: Draft) -> bool:
    lo, hi = inner.bounds()
    olo, ohi = outer.bounds()
    return olo <= lo and hi <= ohi and hi - lo < ohi - olo


_WIDE_YEARS = 3  # a span of more years is looked up by every year it covers, up to ...
_MAX_YEARS = 400  # ... this many; a wider one is compared with every draft kept


def _years(lo: int, hi: int) -> range:
    return range(from_day_number(lo)[0], from_day_number(hi)[0] + 1)


class _KeptFacts:
    """The facts of the drafts kept so far, each worked out when a comparison first needs
    it: a draft dated apart from every other (many of a chronicle's) is never compared, and
    its facts (`draft_facts`, the dearest part of merging) would be read for nothing.

    A kept draft changes only by absorbing another (its facts are then read afresh when
    next needed) or by gaining contradicting evidence, which its facts do not read; its
    facts are read before either all the same (`settle`, `absorbed`), so a fact read later
    is the one that would have been read at once."""

    def __init__(self, doc: Doc, keys: list[str]) -> None:
        self.doc, self.keys = doc, keys
        self.drafts: list[Draft] = []
        self.facts: list[Facts | None] = []
        self.dated_by: dict[int, frozenset[int]] = {}  # of drafts that absorbed others

    def append(self, d: Draft, f: Facts | None) -> None:
        self.drafts.append(d)
        self.facts.append(f)

    def __getitem__(self, i: int) -> Facts:
        f = self.facts[i]
        if f is None:
            f = self.facts[i] = draft_facts(self.doc, self.drafts[i], self.keys)
            if i in self.dated_by:
                f.dated_by = self.dated_by[i]
        return f

    def settle(self, i: int) -> None:
        self[i]  # worked out before the draft changes

    def absorbed(self, i: int, f: Facts) -> None:
        """Draft `i` (its facts read) has absorbed the draft of facts `f`: its facts are
        read afresh when next needed, dated by the expressions of both."""
        self.dated_by[i] = self[i].dated_by | f.dated_by
        self.facts[i] = None


def _holds(d: Draft, span: tuple[int, int] | None) -> bool:
    return span is not None and any(e.start <= span[0] and span[1] <= e.end for e in d.evidence)


def _slip_candidates(lo: int, hi: int, by_year: dict[int, list[int]], doc: Doc) -> list[int]:
    """The kept drafts of the years a few days (`slip_days`) around days lo..hi."""
    pad = slip_days(doc.lexicon)
    years = range(from_day_number(lo - pad)[0], from_day_number(hi + pad)[0] + 1)
    return sorted({i for y in years for i in by_year.get(y, ())})


def _slipped(
    d: Draft,
    f: Facts,
    kept: list[Draft],
    facts: _KeptFacts,
    candidates: list[int],
    uses: WordUses | None,
    doc: Doc,
) -> int | None:
    """The kept draft that `d` dates again a few days off (`slip_within`), if one day alone
    fits, nothing kept at `d`'s own day shares as much (then it tells a neighbouring
    happening) and the text has told of other times in between: a narrative's run of days
    ("on 3 May the fire spread ... on 4 May it reached the quay") follows on, while a text
    telling one happening twice does so in another part (an overview, then a section)."""
    pad = slip_days(doc.lexicon)
    fits: list[tuple[float, int]] = []
    threshold = weights(doc.lexicon).slip_within
    for i in candidates:
        g = facts[i]
        if g.lo == f.lo == g.hi:
            if shared_content(f, g, uses, doc.lexicon) >= threshold:
                return None
            continue
        score = slip_within(f, g, uses, doc.lexicon)
        if score is not None:
            fits.append((score, i))
    if not fits or len({facts[i].lo for _, i in fits}) > 1:
        return None
    target = max(fits)[1]
    other = kept[target].date
    if d.date is None or other is None:
        return None
    lo, hi = min(f.lo, facts[target].lo) - pad, max(f.hi, facts[target].hi) + pad
    return target if _told_of_other_times(doc, other.end, d.date.start, lo, hi) else None


def _told_of_other_times(doc: Doc, start: int, end: int, lo: int, hi: int) -> bool:
    """Whether the text between `start` and `end` dates something outside days lo..hi."""
    dates = doc.dates
    i = bisect_left(dates, start, key=lambda x: x.start)
    while i < len(dates) and dates[i].start < end:
        x = dates[i]
        if x.date is not None:
            a, b = x.bounds()
            if b < lo or a > hi:
                return True
        i += 1
    return False


def merge_within(doc: Doc) -> None:
    """One draft per happening in a document (`doc.drafts`, in text order, is replaced)."""
    drafts = sorted(doc.drafts, key=lambda d: d.evidence[0].start)
    keys = person_keys(doc)
    uses = document_uses(doc) if len(drafts) > 1 else None
    kept: list[Draft] = []
    facts = _KeptFacts(doc, keys)
    by_year: dict[int, list[int]] = defaultdict(list)  # kept drafts of a few years
    wide: list[int] = []  # kept drafts spanning decades or centuries
    for d in drafts:
        lo, hi = d.bounds()  # as in its facts
        years = _years(lo, hi)
        if d.derived:
            cands: set[int] = set()
        elif len(years) > _MAX_YEARS:
            cands = set(range(len(kept)))
        else:
            cands = set(wide)
            for y in years:
                cands.update(by_year.get(y, ()))
        slips = _slip_candidates(lo, hi, by_year, doc) if not d.derived and not d.denied else []
        # its own facts only when it is compared with a kept draft (else when one is with it)
        f = draft_facts(doc, d, keys) if cands or slips or (d.derived and kept) else None
        best, best_score = None, 0.0
        for i in sorted(cands):
            assert f is not None
            sc = similarity(f, facts[i], True, uses, doc.lexicon)
            if sc is not None and sc > best_score:
                best, best_score = i, sc
        if best is not None and d.denied:
            # "The Act was not passed in 1666": a source rejecting that date for it
            facts.settle(best)
            kept[best].evidence += contradiction(d, "merging:denies the date of a happening")
            continue
        if best is not None:
            assert f is not None
            facts.absorbed(best, f)
            _absorb(kept[best], d)
            continue
        if slips and f is not None and f.day_stated:
            target = _slipped(d, f, kept, facts, slips, uses, doc)
            if target is not None:
                facts.settle(target)
                kept[target].evidence += contradiction(
                    d, "merging:the same happening dated a few days apart"
                )
                continue
        if d.denied:
            kept.append(d)  # may still deny an event stored from another source
            facts.append(d, f)
            continue
        if d.derived and f is not None:
            # "three weeks later ...": a date counted from a happening is not a second
            # claim about that happening's date
            clash = [
                i
                for i in range(len(kept))
                if conflicts(f, facts[i], doc.lexicon) and not _holds(kept[i], d.ref_span)
            ]
            if clash:
                target = min(clash, key=lambda i: abs(facts[i].lo - f.lo))
                facts.settle(target)
                kept[target].evidence += contradiction(
                    d, "merging:a relative date that clashes with this happening"
                )
                continue
        kept.append(d)
        facts.append(d, f)
        if len(years) > _WIDE_YEARS:
            wide.append(len(kept) - 1)
        else:
            for y in years:
                by_year[y].append(len(kept) - 1)
    doc.drafts = spread_within(doc, kept, facts.__getitem__, uses)
