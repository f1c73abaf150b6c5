"""Saints: "St. Petroc founded a monastery" names a person, "St Albans" a town.

"St" and "Saint" open the names of towns, churches and wells as often as they title a
person, so a run opening on them is a thing unless the words around the name say that
someone acts or is acted upon there: a verb only a person does in the active voice ("St.
Petroc took the site as his"), the agent of a passive ("a cell instituted by St.
Guron"), or a noun of what befalls a person before "of" ("the arrival of St. Augustine").
Then "St." is the person's title, and the name alone later on is that person.
"""

from __future__ import annotations

import bisect
import re

from timeline_desktop.extract.names.runs import Seg
from timeline_desktop.extract.names.scoring import score_mention, word_before
from timeline_desktop.extract.names.words import NameWords

# (the capital first and the word boundary after it: the regex engine then skips to each "S")
_SAINT = re.compile(r"S(?<!\wS)(?:t\.?|aint)[ \t]+(?=[A-Z])")
_SAINT_BEFORE = re.compile(r"(?:\bSt\.?|\bSaint)[ \t]+$")
_PASSIVE = re.compile(r"\b(?:was|were|is|are|be|been|being)\b")


def mark_saints(w: NameWords, text: str, segs: list[Seg]) -> list[Seg]:
    """`segs` with "St X" (or "X" after a "St." the run left out) read as the title "St."
    and the name X wherever the words around it show a person; the others unchanged."""
    # where a saint's title opens, and where the name after it does (one scan of the text)
    opens, names = set(), set()
    for m in _SAINT.finditer(text):
        opens.add(m.start())
        names.add(m.end())
    if not opens:
        return segs
    out = segs
    # segments come in text order: find the few that start at those places
    for pos in sorted(opens | names):
        i = bisect.bisect_left(segs, pos, key=_start)
        if i == len(segs) or segs[i].start != pos or segs[i].title:
            continue
        saint = _as_saint(w, text, segs[i])
        if saint is not None and _acts(w, text, saint):
            if out is segs:
                out = list(segs)
            out[i] = saint
    return out


def _start(seg: Seg) -> int:
    return seg.start


def _as_saint(w: NameWords, text: str, seg: Seg) -> Seg | None:
    """The segment read as a saint's title and name, if it opens on one or follows one."""
    toks = seg.tokens
    if seg.thing and len(toks) >= 2 and w.fold(toks[0].rstrip(".")) in w.saint_titles:
        name = toks[1:]
        if not name[0][:1].isupper() or any(w.is_thing(t) or w.is_place(t) for t in name):
            return None
        start = text.find(name[0], seg.start + len(toks[0]), seg.end)
        if start < 0:
            return None
        title = text[seg.start : start].strip()
        return Seg(start, seg.end, name, title, seg.start)
    if seg.thing or seg.start < 3 or text[seg.start - 1] not in " \t":
        return None
    before = _SAINT_BEFORE.search(text, max(0, seg.start - 8), seg.start)
    if before is None or any(w.is_thing(t) or w.is_place(t) for t in toks):
        return None
    title = text[before.start() : seg.start].strip()
    return Seg(seg.start, seg.end, toks, title, before.start())


def _acts(w: NameWords, text: str, saint: Seg) -> bool:
    """Whether the words around the saint's name show a person (read without the title)."""
    bare = Seg(saint.start, saint.end, saint.tokens)
    score_mention(w, text, bare)
    if bare.thing:
        return False
    if bare.strong:
        return True
    verb = w.verb_after.match(text, saint.end, saint.end + 120)
    if verb is not None:
        v = verb.group("verb")
        if (
            v in w.person_verbs
            and v not in w.function_words
            and _PASSIVE.search(text, saint.end, verb.start("verb")) is None
        ):
            return True  # "St. Petroc founded", not "St Ives was founded"
    prep = word_before(text, saint.title_start, 8)
    if prep is None or text[prep[1] : saint.title_start].strip():
        return False
    word = word_before(text, prep[0], 20)
    if word is None:
        return False
    before = text[word[0] : word[1]].lower()
    if text[prep[0] : prep[1]] == "by":
        return before.endswith("ed")  # "a cell instituted by St. Guron": the agent
    return text[prep[0] : prep[1]] == "of" and before in w.saint_nouns
