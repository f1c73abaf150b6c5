"""Undated sentences about a happening the document dates elsewhere ("Khrushchev's appointment
marked the beginning of a wave of reform") become evidence with stance "mentions".

A sentence qualifies only when its first happening word is of the kind of exactly one dated
event of the document and is tied to that event's subject by the grammar: "X's appointment",
"the death of X", "X was appointed". A name elsewhere in the sentence is not enough ("His
horse died soon after, and Alexander named a city after him" is not Alexander's death).
"""

from __future__ import annotations

import bisect
import re

from timeline_desktop.domain.model import FoundEvidence, Stance
from timeline_desktop.extract.dates import TimeExpr
from timeline_desktop.extract.events import _WORD, MAX_EVIDENCE, Draft, _Ctx
from timeline_desktop.extract.legacy_words import EVENT_CLASSES

_POSSESSIVE = re.compile(r"['’]s?\s+(?:[a-z-]+\s+)?$")  # "Stalin’s death", "X's sudden death"
_OF_AFTER = re.compile(r"\s+of\s+(?:the\s+)?")  # "the death of Stalin"
_VERB_GAP = re.compile(
    r"\s+(?:(?:was|were|had|has|been|then|later|soon|finally|also|duly|formally)\s+){0,3}$"
)  # "Khrushchev was formally appointed"


def attach_mentions(ctx: _Ctx, drafts: list[Draft], tags: list[TimeExpr]) -> None:
    """Append "mentions" evidence to `drafts` (in place) from the undated sentences."""
    if not drafts:
        return
    text = ctx.text
    starts = [s for s, _ in ctx.sentences]
    dated = {_index(starts, t.start) for t in tags}
    covered = sorted((e.start, e.end) for d in drafts for e in d.evidence)
    cover_starts = [s for s, _ in covered]
    by_kind: dict[tuple[str, int], list[Draft]] = {}
    for d in drafts:
        if d.stance is Stance.SUPPORTS and d.cls and d.subject is not None:
            by_kind.setdefault((d.cls, d.subject), []).append(d)
    seen: set[int] = set()
    for m in ctx.people.mentions:
        i = _index(starts, m.start)
        if i < 0 or i in seen or i in dated:
            continue
        seen.add(i)
        ss, se = ctx.sentences[i]
        if se <= m.start or ctx.mask.covers(ss, se) or _overlaps(covered, cover_starts, ss, se):
            continue
        found = _happening(ctx, ss, se)
        if found is None:
            continue
        matches = by_kind.get(found, [])
        if len(matches) == 1:
            end = min(se, ss + MAX_EVIDENCE)
            while end > ss and text[end - 1].isspace():
                end -= 1
            matches[0].evidence.append(FoundEvidence(ss, end, "", Stance.MENTIONS))


def _happening(ctx: _Ctx, ss: int, se: int) -> tuple[str, int] | None:
    """(event class, person) of the sentence's first happening word, when a person is its
    subject or owner by the grammar; None otherwise."""
    text = ctx.text
    for w in _WORD.finditer(text, ss, se):
        cls = EVENT_CLASSES.get(w.group().lower())
        if not cls:
            continue
        if w.group()[0].isupper() and w.start() > ss:
            return None  # "the film The Death of Stalin": a title, not a happening
        for m in ctx.people.within(ss, se):
            if m.end <= w.start():
                gap = text[m.end : w.start()]
                if _POSSESSIVE.fullmatch(gap) or (gap and _VERB_GAP.fullmatch(gap)):
                    return cls, m.person
            elif m.start >= w.end():
                of = _OF_AFTER.match(text, w.end())
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
