"""Joining names into people: lone names, stated aliases, birth names, partial names.

"Khrushchev" after "Nikita Khrushchev" is him; "X, better known as Y" and "Augustus (born
Gaius Octavius)" are one person; "Marie Curie" beside "Marie Skłodowska-Curie" too. (A lone
name listed among people is one of them: `listed`.)
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

from timeline_desktop.extract.names.clusters import Cluster, Mention
from timeline_desktop.extract.names.evidence import cluster_gender
from timeline_desktop.extract.names.runs import Seg
from timeline_desktop.extract.names.words import NameWords, plain

PART = "part of a full name"
STATED = "stated alias (born, known as)"
BIRTH_NAME = "name before (born ...)"
SAME_NAME = "same name again"
LISTED = "listed with people"


def on_heading(text: str, pos: int) -> bool:
    """Whether `pos` is on a short line that does not end like a sentence (a heading)."""
    ls = text.rfind("\n", max(0, pos - 80), pos) + 1
    if ls == 0 and pos >= 80:
        return False  # no line break in the 80 characters before: a long line
    le = text.find("\n", pos, ls + 81)
    if le < 0:
        if ls + 80 < len(text):
            return False
        le = len(text)
    line = text[ls:le]
    return len(line) < 80 and not line.rstrip().endswith((".", "!", "?"))


def after_of(w: NameWords, text: str, pos: int) -> bool:
    """Whether a word such as "of" or "the" stands right before `pos` ("the court of Spain")."""
    return w.after_of.search(text[max(0, pos - 8) : pos]) is not None


def resolve_single(
    w: NameWords,
    key: str,
    seg: Seg,
    by_key: dict[str, int],
    by_token: dict[str, list[int]],
    by_first: dict[str, list[int]],
    mentions: list[Mention],
    clusters: list[Cluster],
) -> tuple[int | None, str]:
    """The person a lone name refers to, and the rule that found it (`PART`, `SAME_NAME`).

    A surname (or a later part of a name) means the person of that name mentioned last
    before it, unless their titles or first names say another sex ("Madame Curie" is not
    "Pierre Curie"); a first name alone ("Galileo" beside "Galileo Galilei") means that
    person only where the words around it show a person."""
    words = key.split()
    pkey = w.one_person.get(key, key)  # "Octavian" after "Augustus"
    if len(words) > 1 and pkey in by_key:
        return by_key[pkey], SAME_NAME
    having = by_token.get(words[-1])  # "Kristeva", or "Julia Kristeva" by its surname
    if not having and len(words) == 1:
        # a first name alone ("Marie" after "Marie Curie") is the one person of the
        # document with that first name; shared by two, it names neither
        having = by_first.get(words[0])
        if having and len(set(having)) > 1 and not _one_name(w, [clusters[i] for i in having]):
            return None, PART
    if not having:
        idx = by_key.get(pkey)
        return idx, SAME_NAME
    cands = set(having)
    gender = w.gender(seg.title) if seg.title else ""
    if gender:
        cands = {c for c in cands if cluster_gender(w, clusters[c]) in ("", gender)}
        if not cands:
            return None, PART
    if seg.title:  # "Mrs. Ellison" is not "Miss Clara Ellison"
        status = w.marital(seg.title)
        if status:
            cands = {c for c in cands if w.marital_of(clusters[c].titled) in ("", status)}
            if not cands:
                return None, PART
    if len(cands) == 1:
        return next(iter(cands)), PART
    best, best_pos = None, -1
    for m in mentions:
        if m.person in cands and m.start < seg.start and m.start > best_pos:
            best, best_pos = m.person, m.start
    if best is None:
        best = min(cands)
    return best, PART


def _one_name(w: NameWords, cands: list[Cluster]) -> bool:
    """Whether the clusters are forms of one name ("Marie Curie", "Marie Skłodowska-Curie"):
    the words of each are within the words of the fullest."""
    sets = [frozenset().union(*(w.name_words(f) for f in c.forms)) for c in cands]
    fullest = max(sets, key=len)
    return all(s <= fullest for s in sets)


def stated_aliases(
    w: NameWords,
    text: str,
    segs: list[Seg],
    mentions: list[Mention],
    clusters: list[Cluster],
    by_key: dict[str, int],
) -> None:
    """Join "X, born Y", "X, also known as Y", "Y, better known as X" into one person."""
    # the indexes are built at the first cue (most texts state no alias); nothing changes
    # `mentions` before it
    starts: dict[int, Mention] = {}
    seg_at: dict[int, Seg] = {}
    seg_starts: list[int] = []
    opening, alias_cue = w.alias_opening, w.alias_cue
    for m in list(mentions):
        first = text[m.end : m.end + 12].lstrip()[:1]
        if first and first not in opening:
            continue  # no cue can start here: the regex is not tried
        cue = alias_cue.match(text, m.end)
        if not cue:
            continue
        word = cue.group("cue").lower()
        if word in _VERB_CUES and not _SET_OFF.search(text, m.end, cue.start("cue")):
            continue  # "McPherson called Johnson a giant": a verb, no alias
        if not seg_at:
            starts = {m.start: m for m in mentions}
            seg_at = {s.start: s for s in segs}
            seg_starts = sorted(seg_at)
        j = bisect.bisect_left(seg_starts, cue.end())
        if j >= len(seg_starts) or seg_starts[j] - cue.end() > 12:
            continue
        chain = [seg_at[seg_starts[j]]]
        while True:  # "also known as Kautilya or Vishnugupta": each is an alias
            k = bisect.bisect_left(seg_starts, chain[-1].end)
            if k >= len(seg_starts):
                break
            nxt = seg_at[seg_starts[k]]
            if _ALIAS_OR.fullmatch(text, chain[-1].end, nxt.start) is None:
                break
            chain.append(nxt)
        for other in chain:
            _join_alias(w, text, m, other, cue, starts, mentions, clusters, by_key)
    mentions.sort(key=lambda x: x.start)


# alias cues that are verbs too: an alias only set off by a comma, dash or parenthesis
_VERB_CUES = frozenset(["called", "named", "nicknamed", "known as", "formerly", "originally"])
_SET_OFF = re.compile(r"[,(—–]")
_ALIAS_OR = re.compile(r"\s*,?\s+or\s+")


def _join_alias(
    w: NameWords,
    text: str,
    m: Mention,
    other: Seg,
    cue: re.Match[str],
    starts: dict[int, Mention],
    mentions: list[Mention],
    clusters: list[Cluster],
    by_key: dict[str, int],
) -> None:
    """Make `other` a stated alias of the person of mention `m` (`stated_aliases`)."""
    if other.thing:
        return
    name = other.text
    full = f"{other.title} {name}".strip() if other.title else name
    c = clusters[m.person]
    word = cue.group("cue").lower()
    target = starts.get(other.title_start if other.title else other.start)
    if target is not None and target.person != m.person:
        merge(clusters, mentions, keep=m.person, other=target.person)
    elif target is None:
        mentions.append(Mention(other.start, other.end, m.person, STATED))
    c.stated.add(name)
    if other.title:
        c.titled.add(full)
    if w.preferred_cue.search(word):
        c.preferred = name
        c.stated.discard(name)
        c.forms.setdefault(name, 1)
    by_key.setdefault(w.person_key(name), m.person)


_SUBORDINATE = re.compile(r"\b(?:when|while|after|before|as|until|where|which|who|whom|whose)\b")
_PRONOUN_OPEN = re.compile(r"\s*(?:He|She|His|Her)\b")


def names_taken(
    w: NameWords,
    text: str,
    segs: list[Seg],
    mentions: list[Mention],
    clusters: list[Cluster],
    by_key: dict[str, int],
) -> None:
    """ "She published under the married name X", "the Senate granted Octavian the name X":
    X is another name of the person the sentence is about (named before it in the
    sentence, or the person the text is about when the sentence opens on he or she)."""
    seg_at = {g.start: g for g in segs}
    for cue in w.name_taken.finditer(text):
        g = seg_at.get(cue.end())
        if g is None or g.thing:
            continue
        ss = max(text.rfind(". ", 0, cue.start()) + 2, text.rfind("\n", 0, cue.start()) + 1)
        before = [m for m in mentions if ss <= m.start and m.end <= cue.start()]
        if before and "," not in text[before[-1].end : cue.start()]:
            owner = before[-1].person  # "the Senate granted Octavian the name ..."
        elif before and not _SUBORDINATE.search(text, before[0].end, cue.start()):
            owner = before[0].person  # "X, a son of Y, took the name ...": the subject
        elif _PRONOUN_OPEN.match(text, ss):
            counts: dict[int, int] = defaultdict(int)
            for m in mentions:
                counts[m.person] += 1
            if not counts:
                continue
            owner = max(counts, key=lambda p: counts[p])
        else:
            continue
        target = next((m for m in mentions if m.start == g.start), None)
        if target is not None and target.person != owner:
            merge(clusters, mentions, keep=owner, other=target.person)
        elif target is None:
            mentions.append(Mention(g.start, g.end, owner, STATED))
        clusters[owner].stated.add(g.text)
        by_key.setdefault(w.person_key(g.text), owner)
    mentions.sort(key=lambda x: x.start)


def regnal_names(w: NameWords, text: str, mentions: list[Mention], clusters: list[Cluster]) -> None:
    """ "Warbeck was proclaimed King Richard IV": the titled name is another name of the
    person named right before the cue, its subject."""
    ends = {m.end: m for m in mentions}
    for i, m in enumerate(mentions):
        if not text.startswith(" ", m.start - 1) or m.start < 20:
            continue
        title = text[m.start : m.end].split()[0]
        if w.fold(title.rstrip(".")) not in w.sovereign_titles:
            continue
        cue = w.proclaimed.search(text, max(0, m.start - 40), m.start)
        if cue is None:
            continue
        k = cue.start()
        while k > 0 and text[k - 1] in " \t":
            k -= 1
        subject = ends.get(k)
        if subject is None or subject.person == m.person:
            continue
        merge(clusters, mentions, keep=subject.person, other=mentions[i].person)


def born_in_parenthesis(
    w: NameWords,
    text: str,
    segs: list[Seg],
    mentions: list[Mention],
    clusters: list[Cluster],
    by_key: dict[str, int],
) -> None:
    """ "Augustus (born Gaius Octavius; ...)": the name heading a biography is the person's,
    even with no other cue, when the birth name after it is a person; it is the name the
    text goes by, the birth name an alias."""
    by_start = {m.start: m for m in mentions}
    seg_at = {g.start: g for g in segs}
    added: dict[str, int] = {}  # name key -> person
    for g in segs:
        if g.start in by_start or g.thing:
            continue
        cue = w.alias_cue.match(text, g.end)
        if cue is None or cue.group("cue").lower() not in w.birth_name_cues:
            continue
        if "(" not in text[g.end : cue.start("cue")]:
            continue  # "X, born Y" with X no person: no cue that X is one
        target = seg_at.get(cue.end())
        m = by_start.get(cue.end()) if target is not None else None
        if m is None or target is None:
            continue
        c = clusters[m.person]
        mentions.append(Mention(g.start, g.end, m.person, BIRTH_NAME))
        c.forms[g.text] = c.forms.get(g.text, 0) + 1
        c.stated.add(target.text)
        if not c.preferred:
            c.preferred = g.text
        key = w.key(plain(g.text))
        by_key.setdefault(w.person_key(g.text), m.person)
        added[key] = m.person
    if not added:
        return
    # the name recurs alone later on ("Augustus died at Nola"): those are the person too
    taken = {m.start for m in mentions}
    for g in segs:
        p = added.get(w.key(plain(g.text))) if g.start not in taken else None
        if p is not None and not g.thing:
            mentions.append(Mention(g.start, g.end, p, SAME_NAME))
            clusters[p].forms[g.text] = clusters[p].forms.get(g.text, 0) + 1
    mentions.sort(key=lambda x: x.start)


def merge_partial_names(w: NameWords, clusters: list[Cluster], mentions: list[Mention]) -> None:
    """A person named only by part of a fuller name of this document ("Lucien", "Ibn
    Battuta" beside "Lucien Bonaparte", "Muhammad ibn Battuta") is that person, when exactly
    one fuller name contains all the words: two candidates leave the short name alone."""
    words = [[w.name_words(f) for f in c.forms] for c in clusters]
    fullest = [max(ws, key=len, default=frozenset()) for ws in words]
    # the first names of each cluster's full forms (a lone first name is no partial name)
    firsts = [
        frozenset(
            w.key(plain(f).split()[0])
            for f in c.forms
            if len(plain(f).split()) > 1 and w.given(plain(f).split()[0])
        )
        for c in clusters
    ]
    # a host holds every word of the short name, so one of them finds all the candidates
    # (a fullest name only ever empties, so the index stays a superset)
    having: dict[str, list[int]] = defaultdict(list)
    for a, full in enumerate(fullest):
        for word in full:
            having[word].append(a)
    for b, c in enumerate(clusters):
        if not c.forms or c.known is not None:
            continue
        mine = set().union(*words[b]) if words[b] else set()
        if not mine:
            continue
        hosts = [
            a
            for a in having[next(iter(mine))]
            if a != b and clusters[a].forms and len(fullest[a]) > len(mine) and mine <= fullest[a]
        ]
        if len(hosts) != 1:
            continue
        a = hosts[0]
        if len(mine) == 1 and mine <= firsts[a]:
            continue  # "Neil" beside "Neil Armstrong": a shared first name joins no one
        g = cluster_gender(w, c)
        if g and cluster_gender(w, clusters[a]) not in ("", g):
            continue  # "Madame Curie" beside "Pierre Curie"
        host = clusters[a]
        for f, n in c.forms.items():
            host.forms[f] = host.forms.get(f, 0) + n
        host.titled |= c.titled
        host.n_titled += c.n_titled
        host.stated |= c.stated
        c.forms = {}
        words[b] = []
        fullest[b] = frozenset()
        for i, m in enumerate(mentions):
            if m.person == b:
                mentions[i] = m.to(a)


def merge_variants(w: NameWords, clusters: list[Cluster], mentions: list[Mention]) -> None:
    """ "Lyndon B. Johnson", "Lyndon Baines Johnson", "Lyndon Johnson": one person, when
    the first names and the surnames agree and the middle names or initials do not clash."""
    shapes: dict[tuple[str, str], list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    for i, c in enumerate(clusters):
        if not c.forms or c.known is not None:
            continue
        for f in c.forms:
            words = [x for x in plain(f).replace(",", " ").split() if x[:1].isupper()]
            words = [x for x in words if x not in ("Jr.", "Jr", "Sr.", "Sr")]
            if len(words) >= 2 and w.given(words[0]):
                key = (w.key(words[0]), w.key(words[-1]))
                shapes[key].append((i, tuple(x[0] for x in words[1:-1])))
    for group in shapes.values():
        people = sorted({i for i, _ in group})
        if len(people) < 2:
            continue
        middles = {i: {m for j, m in group if j == i and m} for i in people}
        keep = people[0]
        for other in people[1:]:
            a, b = middles[keep], middles[other]
            if a and b and not (a & b):
                continue  # "John Quincy Adams" is not "John Adams Jr."'s namesake John Q.
            merge(clusters, mentions, keep=keep, other=other)
            middles[keep] = a | b


def merge(clusters: list[Cluster], mentions: list[Mention], keep: int, other: int) -> None:
    """Fold person `other` into person `keep` (a stated alias joined them)."""
    a, b = clusters[keep], clusters[other]
    for f, n in b.forms.items():
        a.forms[f] = a.forms.get(f, 0) + n
    a.titled |= b.titled
    a.n_titled += b.n_titled
    a.stated |= set(b.forms) | b.stated
    a.known = a.known or b.known
    a.famous = a.famous or b.famous
    b.forms = {}
    for i, m in enumerate(mentions):
        if m.person == other:
            mentions[i] = m.to(keep)
