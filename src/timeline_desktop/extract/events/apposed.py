"""A participle set off by commas after a noun, with its own date ("a grand theatre, built in
1850 and demolished in 1960, which ..."; "the Rules, imposed by the FCC in 1970 and abolished
in 1993,"): the date is what happened to that noun, not the main clause's happening ("The
town had a grand theatre"), and the title says so ("The grand theatre was demolished")."""

from __future__ import annotations

import bisect
import re

from timeline_desktop.extract.dates import TimeExpr
from timeline_desktop.extract.doc import Doc, Draft
from timeline_desktop.extract.events.clauses import trim
from timeline_desktop.extract.events.drafting import draft_span
from timeline_desktop.extract.events.subject_parts import thing_before, with_be
from timeline_desktop.extract.events.titles import predicate
from timeline_desktop.extract.events.verbs import verbs
from timeline_desktop.extract.events.words import PAST

_REACH = 70  # how far before its date the participle may stand
_NOUN_WORDS = 8  # words back from the comma to the noun phrase's determiner
_EVIDENCE = 300  # a longer sentence is quoted from a little before the noun
# ", built in" / " and demolished by the town in": the participle, an agent, a preposition
_PARTICIPLE = re.compile(
    r"(?P<join>,|\band)\s+(?P<part>[a-z]+)\s+(?:(?:down|up|out|off|over|back|away)\s+)?"
    r"(?:by\s+(?:the\s+)?[\w’'.-]+(?:\s+[\w’'.-]+){0,3}?\s+)?"
    r"(?:in|on|at|during|around|about|c\.|circa)?\s*$"
)
_PAREN_END = re.compile(r"\s*\([^()]{0,80}\)\s*$")
APPOSED = "drafts:a participle set off after a noun"


def apposed_draft(doc: Doc, t: TimeExpr, ss: int, se: int) -> Draft | None:
    """The draft of a participle set off by commas after a noun phrase and dated on its own,
    titled by that noun ("The theatre was built"), else None."""
    text, ew = doc.text, doc.ew
    if t.date is None:
        return None
    m = _PARTICIPLE.search(text, max(ss, t.start - _REACH), t.start)
    if m is None or not _participle(doc, m.group("part")):
        return None
    comma = m.start()
    if m.group("join") == "and":  # "built in 1850 and | demolished in 1960": back to ", built"
        first = text.rfind(", ", ss, comma)
        if first < 0 or not _participle(doc, text[first + 2 :].split(" ", 1)[0]):
            return None
        comma = first
    head_end = comma
    paren = _PAREN_END.search(text, ss, comma)  # "the Rules (the “fin-syn” rule), imposed"
    if paren is not None:
        head_end = paren.start()
    if doc.people.within(max(ss, head_end - 60), head_end):
        return None  # a person's participle ("Lind, elected in 1820,") is told elsewhere
    after = text[t.end : t.end + 6].lstrip()
    if not after.startswith((",", ")", "and ")) and not (
        after[:1] in ".;" and verbs(ew, text, ss, head_end)
    ):
        return None  # "Sagan, a supporter of it, said in 1989 that ...": the main verb
    thing = thing_before(doc, ss, head_end, _NOUN_WORDS)
    if not thing:
        return None
    ps = m.start("part")
    comma = text.find(",", t.end, se)
    pe = comma if comma >= 0 else se
    joined = text.find(" and ", t.end, pe)
    later = bisect.bisect_right(doc.dates, joined, key=lambda x: x.start) if joined >= 0 else 0
    if joined >= 0 and later < len(doc.dates) and doc.dates[later].start < pe:
        pe = joined  # "built in 1850 | and demolished in 1960" (not "and planned for")
    start = ss if pe - ss <= _EVIDENCE else text.rfind(" ", ss, max(ss, head_end - 80)) + 1
    d = draft_span(doc, t, *trim(ew, text, start, pe), APPOSED)
    d.title = f"{with_be(thing)} {predicate(ew, text, ps, pe, t)}"
    d.rules = [r for r in d.rules if not r.startswith(("subjects:", "titles:"))]
    d.rules.append("titles:the noun before the participle")
    return d


def _participle(doc: Doc, word: str) -> bool:
    """A past (participle) by the verb tests, not an event noun ("the split")."""
    lw, kind = doc.ew.verb_kinds[word]
    return kind == PAST and lw not in doc.ew.event_nouns
