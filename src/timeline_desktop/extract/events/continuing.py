"""A state that continues from a date ("a lawyer in Washington since 1969, she was given
...") dates the state's beginning, not the happening of the clause it stands before: a
verbless phrase ending on "since DATE" and set off by a comma before its subject's verb is
its own statement, titled with the subject and the state, never with that verb.
"""

from __future__ import annotations

from timeline_desktop.extract.dates import TimeExpr
from timeline_desktop.extract.doc import Doc
from timeline_desktop.extract.events.verbs import Verb
from timeline_desktop.extract.lexicon import Lexicon


class SinceWords:
    def __init__(self, lex: Lexicon) -> None:
        self.since_before = lex.pattern("since_before")


def since_phrase(doc: Doc, t: TimeExpr, cs: int, verb: Verb | None) -> tuple[int, int] | None:
    """(start, end) of the phrase "a lawyer in Washington since 1969" when date `t` ends a
    verbless phrase opening clause [cs, ...) and the clause's verb comes after its comma;
    else None."""
    if verb is None or verb[0] < t.end:
        return None
    text = doc.text
    sw = doc.lexicon.compiled(SinceWords)
    m = sw.since_before.search(text, max(cs, t.start - 12), t.start)
    if m is None or m.end() != t.start:
        return None
    if not text[t.end : verb[0]].lstrip().startswith(","):
        return None  # "since 1969 he has lived": the date opens the clause of the verb
    if m.start() - cs < 3:
        return None
    return cs, t.end


def state_title(doc: Doc, subject: str, span: tuple[int, int]) -> str:
    """ "McPherson, a prominent lawyer since 1969": the subject and the state it is in."""
    phrase = " ".join(doc.text[span[0] : span[1]].split())
    return f"{subject}, {phrase[0].lower()}{phrase[1:]}" if subject else phrase
