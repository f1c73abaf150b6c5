"""The mentions stage: undated sentences about a happening the document dates elsewhere
("Khrushchev's appointment marked the beginning of a wave of reform") become evidence with
stance "mentions".

A sentence qualifies only when its first happening word is of the kind of exactly one dated
event of the document and is tied to that event's subject by the grammar: "X's appointment",
"the death of X", "X was appointed". A name elsewhere in the sentence is not enough ("His
horse died soon after, and Alexander named a city after him" is not Alexander's death).
"""

from __future__ import annotations

import bisect
import re

from timeline_desktop.domain.model import Stance
from timeline_desktop.extract.doc import Doc, Draft, Passage
from timeline_desktop.extract.events.clauses import MAX_EVIDENCE
from timeline_desktop.extract.events.words import WORD

_POSSESSIVE = re.compile(r"['’]s?\s+(?:[a-z-]+\s+)?$")  # "Stalin’s death", "X's sudden death"
MENTION = "mentions:an undated sentence about this happening"


def attach_mentions(doc: Doc) -> None:
    """Append "mentions" evidence to the drafts (in place) from the undated sentences."""
    drafts = doc.drafts
    if not drafts:
        return
    text, sentences = doc.text, doc.sentences
    starts = sentences.starts
    dated = {_index(starts, t.start) for t in doc.dates}
    covered = sorted((e.start, e.end) for d in drafts for e in d.evidence)
    cover_starts = [s for s, _ in covered]
    by_kind: dict[tuple[str, int], list[Draft]] = {}
    for d in drafts:
        if d.stance is Stance.SUPPORTS and d.cls and d.subject is not None:
            by_kind.setdefault((d.cls, d.subject), []).append(d)
    seen: set[int] = set()
    for m in doc.people.mentions:
        i = _index(starts, m.start)
        if i < 0 or i in seen or i in dated:
            continue
        seen.add(i)
        ss, se = sentences[i]
        if se <= m.start or doc.mask.covers(ss, se) or _overlaps(covered, cover_starts, ss, se):
            continue
        found = _happening(doc, ss, se)
        if found is None:
            continue
        matches = by_kind.get(found, [])
        if len(matches) == 1:
            end = min(se, ss + MAX_EVIDENCE)
            while end > ss and text[end - 1].isspace():
                end -= 1
            rule = f"people:{doc.people.rule_of(found[1], ss, se)}"
            matches[0].evidence.append(Passage(ss, end, "", Stance.MENTIONS, (MENTION, rule)))


def _happening(doc: Doc, ss: int, se: int) -> tuple[str, int] | None:
    """(event class, person) of the sentence's first happening word, when a person is its
    subject or owner by the grammar; None otherwise."""
    text, ew = doc.text, doc.ew
    for w in WORD.finditer(text, ss, se):
        cls = ew.event_classes.get(w.group().lower())
        if not cls:
            continue
        if w.group()[0].isupper() and w.start() > ss:
            return None  # "the film The Death of Stalin": a title, not a happening
        for m in doc.people.within(ss, se):
            if m.end <= w.start():
                gap = text[m.end : w.start()]
                if _POSSESSIVE.fullmatch(gap) or (gap and ew.verb_gap.fullmatch(gap)):
                    return cls, m.person
            elif m.start >= w.end():
                of = ew.of_after.match(text, w.end())
                if of is not None and of.end() == m.start:
                    return cls, m.person
        return None
    return None


def _index(starts: list[int], pos: int) -> int:
    return bisect.bisect_right(starts, pos) - 1


def _overlaps(covered: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    """Whether [s, e) overlaps any evidence span already drafted."""
    lo = bisect.bisect_left(starts, s - 2 * MAX_EVIDENCE)  # no span is longer than that
    hi = bisect.bisect_left(starts, e)
    return any(s < ce for _, ce in covered[lo:hi])
