"""Whether a cluster of names is a person's: the evidence a historian would ask for.

A capitalised name is a person's only when the text gives a reason to think so: a title
("Dr.", "Admiral", "King"), a cue only a person has ("said", "married", "was born", ", the
astronomer", "X's widow"), a first name of a known given-name list ("Carl Sagan"), an
initial between names ("Donald E. Williams"), the shape of a Roman name ("Servilius
Caepio"), a stated alias, a pronoun taking it up ("Kepler moved to Prague. He ..."), or the
database knowing the person already. Spacecraft, ships, awards and buildings named after
people ("the Galileo spacecraft") are things in the document that says so.
"""

from __future__ import annotations

import re
from itertools import pairwise

from timeline_desktop.extract.names.clusters import Cluster, Mention
from timeline_desktop.extract.names.runs import Seg
from timeline_desktop.extract.names.words import ROMAN_OK, NameWords, plain

_INITIAL = re.compile(r"[A-Z]\.$")
_LIST_GAP = re.compile(r"(?:,?\s*[JS]r\.?)?\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)")
_SENTENCE_OPEN = re.compile(r"(?:^|[.!?][\"”’)]*\s+|\n\s*)$")

# the rules `explain` names for the evidence a cluster had
GIVEN_NAME = "first name of a person"
INITIAL = "name with an initial"
ROMAN = "Roman name"
FAMILY_FIRST = "family name first (East Asian)"
REGNAL = "name with a regnal number"
PATRONYMIC = "name with a patronymic (ibn, ap)"
TITLE_AFTER = "name with a title after it (Khan)"
PRONOUN = "name taken up by he/she"
EPITHET = "name with an epithet (the Elder)"
PARTICLE = "family name with its particle (De Ruyter)"
_SURNAME_PARTICLES = frozenset(["de", "van", "von", "di", "da"])
# what `character_before` needs in a text to match at all (most texts name no character)
_FICTION_HINTS = frozenset(
    {"protagonist", "protagonists", "antagonist", "antagonists", "character", "characters"}
    | {"heroine", "heroines", "fictional"}
)


def things_named(w: NameWords, text: str, segs: list[Seg]) -> set[str]:
    """Forms written right before a thing noun ("the Galileo spacecraft"): in this document
    the form names that thing, wherever it stands alone."""
    out: set[str] = set()
    after = w.thing_noun_after
    for seg in segs:
        if seg.title or seg.thing:
            continue
        if after.match(text, seg.end) is not None:
            out.add(plain(seg.text))
    return out


def mark_characters(w: NameWords, text: str, segs: list[Seg], lower: frozenset[str]) -> None:
    """A name right after "the protagonist(s) of <a work>", "the heroine", "a fictional
    detective" names a character of fiction ("one of the protagonists of Possessions,
    Stephanie Delacour"), not a person of history: its segment is a thing."""
    if lower.isdisjoint(_FICTION_HINTS):
        return  # (`lower`: the words the text writes in lower case)
    starts = {m.end() for m in w.character_before.finditer(text)}
    for seg in segs:
        if not seg.title and seg.start in starts:
            seg.thing = True


def only_roles(w: NameWords, tokens: tuple[str, ...]) -> bool:
    """Whether every word of a segment is a role or a title ("Treasurer", "Vice-Chamberlain"):
    an office standing for its holder, no name (memoised per lexicon: names recur)."""
    return w.only_roles(tokens)


def form_evidence(w: NameWords, form: str) -> str:
    """The evidence a written form holds by its shape alone (a first name, an initial, a
    Roman nomen, an East Asian family name first), as the name of a rule; "" if none."""
    head = plain(form)
    tail = False
    for sep in w.name_tail_breaks:  # "Alexander the Great", "Croesus of Lydia"
        if sep in head:
            head, tail = head.split(sep)[0], True
    if tail and head and w.epithet_tail.search(plain(form)):
        return EPITHET  # "Zeno the Stoic", "Pliny the Elder": a byname only people bear
    toks = [t for t in head.split() if t[:1].isupper()]
    if not toks or (len(toks) < 2 and not tail):
        return ""
    if len(toks) >= 2 and any(_INITIAL.match(t) for t in toks):
        return INITIAL
    if len(toks) >= 2 and ROMAN_OK.match(toks[-1]) and not w.is_thing(toks[0]):
        return REGNAL
    first, last = toks[0], toks[-1]
    words = [w.fold(t) for t in head.split()]
    if any(p in w.patronymics for p in words[1:-1]) or (
        words[0] in w.patronymics and len(toks) > 1
    ):
        return PATRONYMIC  # "Muhammad ibn Battuta", "Ibn Battuta"
    if len(toks) >= 2 and w.fold(last) in w.titles and w.fold(first) not in w.titles:
        return TITLE_AFTER  # "Kublai Khan", "the Hongwu Emperor"
    if len(toks) >= 2 and w.is_thing(last):
        return ""
    if w.given(first):
        return GIVEN_NAME
    if len(toks) == 2 and w.fold(first) in _SURNAME_PARTICLES and len(words) == 2:
        return PARTICLE  # "De Ruyter", "Van Dyck": a family name with its particle
    if len(toks) >= 2 and w.fold(first) in w.family_first:
        return FAMILY_FIRST
    if len(toks) >= 2 and len(first) > 4 and first.endswith("ius"):
        return ROMAN
    return ""


def taken_up(w: NameWords, text: str, mentions: list[Mention]) -> bool:
    """Whether a sentence opening on one of `mentions` is followed by one opening on "He",
    "She", "His" or "Her"."""
    for m in mentions:
        if _SENTENCE_OPEN.search(text, max(0, m.start - 4), m.start) is None:
            continue
        if w.pronoun_next.match(text, m.end) is not None:
            return True
    return False


def has_evidence(
    w: NameWords,
    text: str,
    c: Cluster,
    own: list[Mention],
    strong_forms: set[str],
    sure_rules: frozenset[str],
) -> bool:
    """Whether the text (or the database) says that cluster `c` is a person."""
    if c.titled or c.stated or c.preferred:
        return True
    if c.known is not None and len(plain(c.known.name).split()) > 1:
        return True  # a person with a full name in the database (not a lone word joined)
    if any(m.rule in sure_rules for m in own):
        return True
    for f in c.forms:
        if plain(f) in strong_forms or form_evidence(w, f):
            return True
    return taken_up(w, text, own)


def drop_unproven(
    w: NameWords,
    text: str,
    clusters: list[Cluster],
    mentions: list[Mention],
    strong_forms: set[str],
    sure_rules: frozenset[str],
) -> None:
    """Forget the clusters nothing shows to be people (their mentions go too)."""
    own: dict[int, list[Mention]] = {}
    for m in mentions:
        own.setdefault(m.person, []).append(m)
    dropped = set()
    for i, c in enumerate(clusters):
        if c.forms and not has_evidence(w, text, c, own.get(i, []), strong_forms, sure_rules):
            dropped.add(i)
    if not dropped:
        return
    # a name listed with people ("with Ann Lee, Berl Odo and Tom Fry") is one of them
    ordered = sorted(mentions, key=lambda m: m.start)
    changed = True
    while changed:
        changed = False
        for a, b in pairwise(ordered):
            if (a.person in dropped) == (b.person in dropped):
                continue
            if _LIST_GAP.fullmatch(text, a.end, b.start) is None:
                continue
            dropped.discard(a.person)
            dropped.discard(b.person)
            changed = True
    for i in dropped:
        clusters[i].forms = {}
    mentions[:] = [m for m in mentions if m.person not in dropped]


def cluster_gender(w: NameWords, c: Cluster) -> str:
    """ "m" or "f" when the titles or first names of a cluster agree on it; "" otherwise."""
    if c.sex:
        return c.sex
    seen = set()
    for t in c.titled:
        words = t.split()
        g = w.gender(" ".join(words[:-1]))
        if g:
            seen.add(g)
    for f in c.forms:
        toks = plain(f).split()
        if len(toks) >= 2:
            g = w.gender("", toks[0])
            if g:
                seen.add(g)
    return next(iter(seen)) if len(seen) == 1 else ""
