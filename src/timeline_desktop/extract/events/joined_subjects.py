"""A subject of several people joined by "and": "Ann Hale and Tom Reed met in Paris".

The clause's first name alone would say one of them did what both did ("Ann Hale met in
Paris"); its people list names both, its title should too.
"""

from __future__ import annotations

from collections.abc import Sequence

from timeline_desktop.extract.doc import Doc
from timeline_desktop.extract.events.words import EventWords
from timeline_desktop.extract.names.clusters import Mention


def joined_names(doc: Doc, found: Sequence[Mention], at: int, end: int) -> str:
    """ "Ann Hale and Tom Reed", "Ann Hale and her brother" when the subject words [at,
    end) are a person's name and another's, or a short phrase of a relative, joined by
    "and" (after dates and function words only): both did it ("Ann Hale and Tom Reed met
    in Paris", not "Ann Hale met"). "" otherwise."""
    if not 1 <= len(found) <= 2 or (len(found) == 2 and found[0].person == found[1].person):
        return ""
    text, ew = doc.text, doc.ew
    a = found[0]
    if not ew.only_lead(text[at : a.start]):
        return ""
    first = doc.people.name(a.person)
    if len(found) == 2:
        b = found[1]
        after = text[b.end : end].replace(",", " ").split()
        if text[a.end : b.start].strip() not in ("and", "&") or not _auxiliaries(ew, after):
            return ""
        listed = _listed_before(doc, a.start, {a.person, b.person})
        if listed is None:
            return ""  # a longer list than a title holds
        return f"{''.join(n + ', ' for n in listed)}{first} and {doc.people.name(b.person)}"
    rest = text[a.end : end].split()
    while rest and rest[-1].lower() in ew.auxiliaries:
        rest.pop()  # "and her brother were": the auxiliary is the verb's
    if len(rest) < 3 or len(rest) > 4 or rest[0] != "and" or rest[1] not in _KIN_LEAD:
        return ""
    if not all(w.isalpha() and w.islower() for w in rest[1:]):
        return ""
    return f"{first} {' '.join(rest)}"


_MOST_LISTED = 3  # "Borman, Lovell and Anders": a title names at most three


def _listed_before(doc: Doc, pos: int, seen: set[int]) -> list[str] | None:
    """The names listed with commas right before `pos` ("Frank Borman, | Jim Lovell and
    William Anders"), in order; None when the list is longer than a title holds."""
    out: list[str] = []
    for m in doc.people.before(pos, 200):
        if doc.text[m.end : pos].strip() != "," or m.person in seen:
            break
        if len(out) + len(seen) >= _MOST_LISTED:
            return None
        out.insert(0, doc.people.name(m.person))
        seen.add(m.person)
        pos = m.start
    return out


def _auxiliaries(ew: EventWords, words: list[str]) -> bool:
    return all(w.lower() in ew.auxiliaries for w in words)


_KIN_LEAD = {"his", "her", "their", "the"}  # "and her brother", "and the queen"
