"""Segments cut apart once a text's runs are read: two names a translation writes side by
side ("On the acquittal of Dolabella Caesar determined"), a noun closing a phrase before
a cued name ("in the Forum Furius Leptinus, a man of ..."), and the holder named after an
office of a place ("President of the United States Lyndon B. Johnson")."""

from __future__ import annotations

import re
from collections import defaultdict

from timeline_desktop.extract.names.runs import Seg
from timeline_desktop.extract.names.scoring import score_mention
from timeline_desktop.extract.names.words import NameWords

_CLAUSE_AFTER = re.compile(r"[ \t]+[a-z]")
_WORD_BEFORE = re.compile(r"\b([a-z]+)\s+$")
# "President of the", "King of": an office of a place written right before a run
_OFFICE_OF = re.compile(r"(?:^|(?<=\s))([A-Z][a-z]+)\s+of\s+(?:the\s+)?$")
_OFFICE_REACH = 40


def noun_before_name(w: NameWords, text: str, segs: list[Seg]) -> list[Seg]:
    """ "in the Forum Furius Leptinus, a man of praetorian stock, fought": a run after "the"
    whose first word is no first name, then a full name (a first name, or a Roman gentile
    name in -ius, and a surname) with a cue only a person has, is a noun closing a phrase
    and the name after it (a translation that puts the subject after the place)."""
    out = segs
    for i, seg in enumerate(segs):
        toks = seg.tokens
        if len(toks) < 3 or seg.title or seg.thing or not text.endswith("the ", 0, seg.start):
            continue
        second = toks[1]
        if w.given(toks[0]) or not (w.given(second) or _nomen(second)):
            continue
        if not toks[2][:1].isupper() or w.fold(toks[0]) in w.titles:
            continue
        start = text.find(second, seg.start + len(toks[0]), seg.end)
        if start < 0:
            continue
        rest = Seg(start, seg.end, toks[1:])
        score_mention(w, text, rest)
        if not rest.strong:
            continue  # "the Heavy Ion Counter": nothing says a person follows
        if out is segs:
            out = list(segs)
        out[i] = Seg(start, seg.end, toks[1:])
    return out


def _nomen(tok: str) -> bool:
    """Whether a word has the shape of a Roman gentile name ("Furius", "Tullius")."""
    return len(tok) > 4 and tok.endswith("ius") and tok[:1].isupper()


def split_joined_names(w: NameWords, text: str, segs: list[Seg]) -> list[Seg]:
    """ "On the acquittal of Dolabella Caesar determined ...": two names the text writes
    alone elsewhere, side by side once, the first the object of a preposition and the
    second the subject of a verb right after, are two names (a translation with no
    comma), not one name of two words."""
    alone: dict[str, int] = defaultdict(int)
    pairs: dict[str, int] = defaultdict(int)
    for seg in segs:
        if len(seg.tokens) == 1:
            alone[seg.tokens[0]] += 1
        elif len(seg.tokens) == 2:
            pairs[seg.text] += 1
    out: list[Seg] = []
    for seg in segs:
        toks = seg.tokens
        if (
            len(toks) == 2
            and not seg.title
            and not seg.thing
            and pairs[seg.text] == 1
            and alone[toks[0]] >= 2
            and alone[toks[1]] >= 2
            and not w.given(toks[0])
            and _CLAUSE_AFTER.match(text, seg.end) is not None
            and (before := _WORD_BEFORE.search(text, max(0, seg.start - 20), seg.start))
            and before.group(1) in w.object_prepositions
        ):
            second = text.index(toks[1], seg.start + len(toks[0]))
            out.append(Seg(seg.start, seg.start + len(toks[0]), (toks[0],)))
            out.append(Seg(second, second + len(toks[1]), (toks[1],)))
            continue
        out.append(seg)
    return out


def holder_after_office(w: NameWords, text: str, segs: list[Seg]) -> list[Seg]:
    """ "counsel to President of the United States Lyndon B. Johnson", "the King of France
    Louis XIV": after an office of a place ("President of", a title and "of"), a run that
    opens on the place's name and goes on with a first name and more capitalised words
    holds the place, then the office holder's name. The name is cut out of the run and
    carries the office as its title, as "Secretary of Defense Clark Clifford" does."""
    out: list[Seg] | None = None
    for i, seg in enumerate(segs):
        toks = seg.tokens
        if not seg.thing or seg.title or len(toks) < 3:
            if out is not None:
                out.append(seg)
            continue
        office = _OFFICE_OF.search(text, max(0, seg.start - _OFFICE_REACH), seg.start)
        k = next((j for j in range(1, len(toks) - 1) if w.given(toks[j])), 0)
        if (
            office is None
            or w.fold(office.group(1)) not in w.titles
            or not k
            or not any(w.is_place(t) or w.is_thing(t) for t in toks[:k])
            or not toks[k + 1][:1].isupper()
        ):
            if out is not None:
                out.append(seg)
            continue
        pos = seg.start
        for t in toks[:k]:
            pos = text.index(t, pos) + len(t)
        start = text.index(toks[k], pos)
        title = " ".join(text[office.start(1) : start].split())
        place = Seg(seg.start, pos, toks[:k], thing=True)
        holder = Seg(start, seg.end, toks[k:], title, office.start(1))
        if out is None:
            out = list(segs[:i])
        out += [place, holder]
    return segs if out is None else out


_NEXT_WORD = re.compile(r"[ \t]+([a-z]+)\b")


def pronoun_after_name(w: NameWords, text: str, segs: list[Seg]) -> list[Seg]:
    """ "Mr. Hale I hear is ill": an "I" closing a name before a verb in the present that
    only the pronoun takes ("hear", "suppose") is the narrator speaking, not a regnal
    numeral ("Edward I held a council"); the name ends before it."""
    out: list[Seg] | None = None
    for i, seg in enumerate(segs):
        toks = seg.tokens
        nxt = _NEXT_WORD.match(text, seg.end) if len(toks) >= 2 and toks[-1] == "I" else None
        if nxt is None or nxt.group(1) not in w.pronoun_i_verbs:
            if out is not None:
                out.append(seg)
            continue
        end = text.rfind("I", seg.start, seg.end)
        end = len(text[seg.start : end].rstrip()) + seg.start
        cut = Seg(seg.start, end, toks[:-1], seg.title, seg.title_start, seg.thing)
        if out is None:
            out = list(segs[:i])
        out.append(cut)
    return segs if out is None else out
