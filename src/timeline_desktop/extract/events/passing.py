"""Dates a clause names that date no happening of its own: a date that only modifies a
noun ("the purges of the 1930s") or a caption, a year that names the happening after it
("the 1632 fire"), and the date of a plan ("was scheduled for 1986")."""

from __future__ import annotations

import bisect
import re

from timeline_desktop.domain.dates import Precision
from timeline_desktop.extract.dates import Kind, TimeExpr
from timeline_desktop.extract.dates.context import CueWords
from timeline_desktop.extract.doc import Doc
from timeline_desktop.extract.events.verbs import Verb, states, verbs

_PLAN_REACH = 90  # how far before its date the word of a plan may stand


def in_other_aside(text: str, cs: int, ce: int, pos: int, t: TimeExpr) -> bool:
    """Whether `pos` lies in a parenthesis or a quotation that does not hold the date: an
    aside ("(..., reigned 141-87 BC) around 138 BC") or quoted words ('"that very
    eighteenth century" after "a completely ungrounded way"') tell no happening of it."""
    return _in_other(text, cs, ce, pos, t, "(", ")") or _in_other_quote(text, cs, ce, pos, t)


def _in_other(text: str, cs: int, ce: int, pos: int, t: TimeExpr, op_: str, cp_: str) -> bool:
    op = text.rfind(op_, cs, pos)
    if op < 0 or text.rfind(cp_, op, pos) >= 0:
        return False
    cp = text.find(cp_, pos, ce)
    close = cp if cp >= 0 else ce
    return not (op < t.start and t.end <= close)


def _in_other_quote(text: str, cs: int, ce: int, pos: int, t: TimeExpr) -> bool:
    if _in_other(text, cs, ce, pos, t, "“", "”"):
        return True
    if text.count('"', cs, pos) % 2 == 0:
        return False  # an even number of straight quotes before: not inside one
    qs, qe = text.rfind('"', cs, pos), text.find('"', pos, ce)
    return qe >= 0 and not (qs < t.start and t.end <= qe)


def is_passing(doc: Doc, t: TimeExpr, cs: int, ss: int, se: int) -> bool:
    """Whether the date only modifies a noun ("the purges of the 1930s") or a caption."""
    text, ew = doc.text, doc.ew
    caption = doc.captions.get(ss)
    if caption is None:  # asked once per date: a sentence with several dates asks again
        caption = doc.captions[ss] = ew.caption.search(text, ss, se) is not None
    if caption:
        return True
    before = text[max(cs, t.start - 16) : t.start]
    if ew.edge_of.search(before):
        return False
    if ew.record_of_date.search(text, max(cs, t.start - 40), t.start):
        return False  # "first mentioned in a charter of 1142"
    if ew.comparison_before.search(text, max(cs, t.start - 40), t.start):
        return True  # "the same in 1963 as it had been in 1954": points of a comparison
    if names_body(doc, t):
        return False  # "a member of the 1993 Closure Commission": the appointment is dated
    if ew.of_before.search(before) and t.date is not None and t.date.precision > Precision.DAY:
        head = ew.passing_head.search(text[max(cs, t.start - 40) : t.start])
        named = head is not None and head.group(1)[0].isupper()
        if not named and t.kind is not Kind.RANGE:
            return True
    return False


def names_body(doc: Doc, t: TimeExpr) -> bool:
    """Whether the year names a body or a prize after it ("the 1993 Closure Commission",
    "the 2006 Arendt Prize"), no happening: the clause's verb is what the year dates."""
    if doc.ew.the_year.search(doc.text, max(0, t.start - 5), t.start) is None:
        return False
    named = doc.lexicon.compiled(CueWords).named_by_year.match(doc.text, t.end)
    last = named.group().split()[-1].lower() if named is not None else ""
    return bool(last) and last not in doc.ew.event_nouns


def names_happening(doc: Doc, t: TimeExpr) -> bool:
    """Whether the date names the happening after it ("the 1632 fire")."""
    text = doc.text
    if doc.ew.the_year.search(text, max(0, t.start - 5), t.start) is None:
        return False
    return doc.lexicon.compiled(CueWords).named_by_year.match(text, t.end) is not None


_NAMED_REACH = 120  # how far before its date a happening named before it may begin
_OF_IN_ON = ("of", "in", "on")


def named_before(doc: Doc, t: TimeExpr) -> re.Match[str] | None:
    """ "before the fire of 1666", "until the flyby of the Cassini probe in December 2000":
    the happening the date post-modifies, when the clause's own happening is only told
    relative to it (its group "np" is the happening's noun phrase). Drafting asks it of a
    date from several rules: the answer is kept by the date's position."""
    known = doc.named_before
    if t.start not in known:
        known[t.start] = _named_before(doc, t)
    return known[t.start]


def _named_before(doc: Doc, t: TimeExpr) -> re.Match[str] | None:
    text = doc.text
    before = text[max(0, t.start - 12) : t.start].split()
    if not before or before[-1] not in _OF_IN_ON:
        return None
    lo = max(0, t.start - _NAMED_REACH)
    cues = doc.lexicon.compiled(CueWords)
    # ("The creation of the county force in 1857 put ...": a name opening the sentence)
    return cues.named_before_date.search(text, lo, t.start) or cues.named_subject_date.search(
        text, lo, t.start
    )


def planned(doc: Doc, t: TimeExpr, cs: int, ce: int, verb: Verb | None) -> bool:
    """Whether the date is that of a plan, not of a happening: "its launch was scheduled
    for 1986", "plans called for a launch in January 1982", "designed to orbit it in the
    2020s". A plan participle before a verb of its own after the date ("the deployment
    planned for 11 April was unsuccessful") dates the attempt, which happened."""
    text, ew = doc.text, doc.ew
    plan = ew.plan_before.search(text, max(cs, t.start - _PLAN_REACH), t.start)
    if plan is None:
        return False
    i = bisect.bisect_left(doc.dates, plan.end(), key=lambda x: x.start)
    if i < len(doc.dates) and doc.dates[i].start < t.start:
        return False  # the plan is another date's ("due to open in 2017, with ... from 2016")
    comma = text.find(",", t.end, ce)
    stop = comma if comma >= 0 else ce
    rest = [v for v in verbs(ew, text, t.end, stop) if v[0] >= t.end]
    rest += states(ew, text, t.end, stop)
    return not rest and (verb is None or verb[0] < t.start or verb[0] >= stop)
