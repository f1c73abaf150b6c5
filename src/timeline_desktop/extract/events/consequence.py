"""A dated happening may lead to another that its sentence tells after ", so": "Jane
relayed the news that the houses had burned, so he went to the Tower". The second is a
happening of its own at the same date (another source may tell only it, as a diary tells
the walk to the Tower in a sentence of its own), so it gets a draft of its own, and the
first keeps the clause before the comma as its evidence.
"""

from __future__ import annotations

from timeline_desktop.extract.dates import TimeExpr
from timeline_desktop.extract.doc import Doc, Draft
from timeline_desktop.extract.events.clauses import trim
from timeline_desktop.extract.events.drafting import draft_for
from timeline_desktop.extract.events.verbs import verbs
from timeline_desktop.extract.lexicon import Lexicon


class ConsequenceWords:
    def __init__(self, lex: Lexicon) -> None:
        self.led_clause = lex.pattern("led_clause")


def consequence_cut(doc: Doc, t: TimeExpr, cs: int, ce: int) -> tuple[int, int] | None:
    """(comma, start of the led clause) when clause [cs, ce) goes on after date `t` and a
    verb of its own with ", so <subject> <verb>"; else None."""
    text, ew = doc.text, doc.ew
    m = doc.lexicon.compiled(ConsequenceWords).led_clause.search(text, t.end, ce)
    if m is None:
        return None
    before = verbs(ew, text, cs, m.start())
    after = verbs(ew, text, m.end(), ce)
    if not before or not after or not any(v[0] > cs for v in before):
        return None
    return m.start(), m.end()


def consequence_draft(
    doc: Doc, t: TimeExpr, cut: tuple[int, int], ce: int, ss: int, se: int
) -> Draft | None:
    """The draft of the clause after ", so" (`consequence_cut`), dated as the one before."""
    d = draft_for(doc, t, cut[1], ce, ss, se)
    if d is None:
        return None
    s, e = trim(doc.ew, doc.text, cut[1], ce)
    d.evidence[0] = d.evidence[0]._replace(start=s, end=e)
    d.rules.append("drafts:a happening the dated one led to")
    return d
