"""A work cited with its year ("In Desire in Language (1980), Lind describes ...", "what she
calls in Black Sun (1989) melancholia"): the year is the work's publication, a happening of
its own, and the people whose argument the sentence reports are its authors. Without this
reading the work's title with its "In" became a heading-like title ("In Black Sun")."""

from __future__ import annotations

from timeline_desktop.domain.dates import Precision
from timeline_desktop.extract.dates import TimeExpr
from timeline_desktop.extract.doc import Doc, Draft
from timeline_desktop.extract.events.clauses import MAX_EVIDENCE, trim
from timeline_desktop.extract.events.drafting import draft_span
from timeline_desktop.extract.events.verbs import verbs
from timeline_desktop.extract.events.words import PAST

_WORK_REACH = 90  # how far before its year a cited work's "in" may stand
_AUTHOR_REACH = 120  # how far past the year the authors may be named
_ARGUMENT_REACH = 60  # how far from the citation the verb reporting its argument may be
CITED = "drafts:a work cited with its year: its publication"


def cited_work_draft(doc: Doc, t: TimeExpr, ss: int, se: int) -> Draft | None:
    """The publication of a work cited as "in <Title> (<year>)" in a sentence that reports
    an argument of it ("describes", "argues", "refers to"), else None."""
    text, ew = doc.text, doc.ew
    if t.date is None or t.end_date is not None or t.date.precision is not Precision.YEAR:
        return None
    if text[t.end : t.end + 1] != ")":
        return None
    m = ew.cited_work.search(text, max(ss, t.start - _WORK_REACH), t.start)
    if m is None:
        return None
    near = (max(ss, m.start() - _ARGUMENT_REACH), min(se, t.end + _ARGUMENT_REACH))
    if not ew.argument_verb.search(text, *near):
        return None
    told = [v for v in verbs(ew, text, ss, m.start()) if ew.verb_kinds[v[2]][1] == PAST]
    if told:
        return None  # "she made a famous distinction in Women's Time (1993)": that is told
    work = m.group("work")
    ws, we = m.span("work")
    place = any(p[0] < we and ws < p[1] for p in doc.places) and " " not in work
    if place or doc.people.within(ws, we):
        return None  # "wrote of his years in Paris (1850)", "in Anna Lind (1990)": no work
    opening = not text[ss : m.start()].strip(" ,")  # "In Black Sun (1989), she ..."
    authors = _authors(doc, m.start(), t.end, ss, se, opening)
    s, e = trim(ew, text, ss, min(se, ss + MAX_EVIDENCE))
    d = draft_span(doc, t, s, e, CITED)
    names = [doc.people.name(p) for p in authors]
    by = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    d.title = f"{by} published {work}" if by else f"{work} was published"
    d.people = authors or d.people  # the people the argument is about wrote nothing
    d.subject = authors[0] if authors else None
    d.rules.append(CITED)
    return d


def _authors(doc: Doc, ws: int, te: int, ss: int, se: int, opening: bool) -> list[int]:
    """Who the sentence says argues in the work: after a citation opening the sentence, the
    people named after its year before the next verb ("In X (1997), Sokal and Bricmont
    devote"), else the one named last before it ("what Lind refers to in Black Sun");
    never a possessor ("to Lind's use")."""
    text = doc.text
    if opening:
        found = verbs(doc.ew, text, te, min(se, te + _AUTHOR_REACH))
        stop = found[0][0] if found else min(se, te + _AUTHOR_REACH)
        after = [m for m in doc.people.within(te, stop) if not _possessor(text, m.end)]
        return list(dict.fromkeys(m.person for m in after))
    before = [m for m in doc.people.within(ss, ws) if not _possessor(text, m.end)]
    return [before[-1].person] if before else []


def _possessor(text: str, end: int) -> bool:
    return text[end : end + 2] in ("'s", "’s")
