"""Groups: a passage whose subject is two or more tells a happening of each of them.

"Kestrel 1 and Kestrel 2 reached Neptune in 1991", "the two Kestrels arrived at Neptune in
1991", "Brenz and Feld fled Varenna in 1712": when the store holds a separate event of a
member ("The Kestrel 1 flyby of Neptune took place on 14 May 1991"), the group's passage
is evidence of that event, and of each other member's, rather than a third event of its
own. The corroboration stage matches a copy of the draft per member (`member_copy`), each
only against the stored events naming that member and no other of the group
(`names_member`); copies that match nothing are dropped, and the group's draft is kept
(and matched as before) only when no copy matched.

The members of "A and B" (or "A, B and C") are A and B; those of a counted plural ("the
two Kestrels", "both Pioneers") are the names of the document or of the stored events
near its date that are the plural's stem and a number ("Kestrel 1", "Pioneer 11").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from timeline_desktop.domain.model import Event, Stance
from timeline_desktop.extract.doc import Doc, Draft
from timeline_desktop.extract.events.matching import MEMBER, Facts, WordUses, similarity
from timeline_desktop.extract.lexicon import Lexicon
from timeline_desktop.extract.names import NameWords

_NAME = r"[A-Z][\w'’.-]*(?:[ \t]+(?:[A-Z][\w'’.-]*|\d{1,3}))*"
_ORDINAL = r"(?:\d{1,3}|[IVX]{1,4})"  # "Kestrel 2", "Mariner IV"


@dataclass(frozen=True, slots=True)
class Member:
    """One of a group: its name as written, and its person (cluster index), if one."""

    name: str
    person: int | None = None


class GroupWords:
    """The lexicon's words for groups (`Lexicon.compiled`)."""

    def __init__(self, lex: Lexicon) -> None:
        counts = "|".join(sorted(lex.words("group_counts"), key=len, reverse=True))
        leads = "|".join(sorted(lex.words("group_leads"), key=len, reverse=True))
        joins = "|".join(sorted(lex.words("group_joins"), key=len, reverse=True))
        # "the two Kestrels", "both Pioneers", "all three Kestrel probes"
        self.counted = re.compile(
            rf"^(?:(?:{leads})[ \t]+)*(?:{counts})[ \t]+(?:(?:{leads})[ \t]+)*"
            rf"(?P<word>[A-Z][\w-]*)\b",
            re.IGNORECASE,
        )
        # "Kestrel 1 and Kestrel 2 reached", "Aldo, Berta and Carl fled", "the Kestrel 1
        # and the Kestrel 2 passed" (a later one may be a bare number: "Kestrel 1 and 2")
        between = rf"[ \t]*,[ \t]*(?:(?:{joins})[ \t]+)?|[ \t]+(?:{joins})[ \t]+"
        join = rf"(?:{between})(?:(?i:{leads})[ \t]+)?"
        last = rf",?[ \t]+(?:{joins})[ \t]+(?:(?i:{leads})[ \t]+)?"
        later = rf"(?:{_NAME}|\d{{1,3}})"
        self.joined = re.compile(
            rf"^(?:(?i:{leads})[ \t]+)*(?P<run>{_NAME}(?:{join}{later})*{last}{later})[ \t]+[a-z]"
        )
        self.split = re.compile(join)
        self.between = re.compile(rf"^(?:{between})$")
        self.leads = re.compile(rf"^(?:{leads})$", re.IGNORECASE)


def members_of(doc: Doc, d: Draft, texts: Iterable[str] = ()) -> list[Member]:
    """The members of the group the draft's subject is ([] when it is one): the people
    its passage joins as its subject, the names its title's subject joins, or the names
    (in the document or `texts`) that a counted plural's stem numbers."""
    gw = doc.lexicon.compiled(GroupWords)
    people = _joined_people(doc, d, gw)
    if people:
        return people
    return title_members(gw, d.title, (doc.text, *texts))


def title_members(gw: GroupWords, title: str, texts: Iterable[str]) -> list[Member]:
    """The members of the group a title's subject names: the names it joins ("Kestrel 1
    and Kestrel 2 reached"), or those of `texts` a counted plural's stem numbers ("the
    two Kestrels arrived": "Kestrel 1", "Kestrel 2")."""
    title = title.strip()
    m = gw.joined.match(title)
    if m is not None:
        names = _expand([n for n in gw.split.split(m.group("run")) if n and not gw.leads.match(n)])
        if len(names) >= 2:
            return [Member(n) for n in dict.fromkeys(names)]
    m = gw.counted.match(title)
    if m is None:
        return []
    word = m.group("word")
    stems = {word}
    if word.lower().endswith("s") and len(word) > 3:
        stems |= {word[:-1], word[:-2] if word.lower().endswith("es") else word[:-1]}
    alternatives = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    found = re.compile(rf"\b(?:{alternatives})[ \t-]{_ORDINAL}\b(?![ \t-]?\d)")
    names: dict[str, None] = {}
    for text in texts:
        for x in found.finditer(text):
            names[" ".join(x.group().replace("-", " ").split())] = None
    return [Member(n) for n in names] if len(names) >= 2 else []


def _expand(names: list[str]) -> list[str]:
    """ "Kestrel 1 and 2": the bare number names the first name's stem with it."""
    out: list[str] = []
    for n in names:
        if n.isdigit() and out and (stem := re.match(r"^(.*\S)[ \t]+\d{1,3}$", out[0])):
            n = f"{stem.group(1)} {n}"
        out.append(n)
    return out


def _joined_people(doc: Doc, d: Draft, gw: GroupWords) -> list[Member]:
    """The people the draft's passage names one after another ("Brenz and Feld") starting
    with its subject: the subject is all of them."""
    if d.subject is None or len(set(d.people)) < 2 or not d.evidence:
        return []
    ev = d.evidence[0]
    mentions = doc.people.within(ev.start, ev.end)
    text = doc.text
    for k, first in enumerate(mentions):
        if first.person != d.subject:
            continue
        run = [first]
        for nxt in mentions[k + 1 :]:
            if not gw.between.match(text[run[-1].end : nxt.start]):
                break
            run.append(nxt)
        persons = list(dict.fromkeys(x.person for x in run))
        if len(persons) >= 2 and text[run[-1].end : run[-1].end + 2].strip(" \t")[:1].islower():
            return [Member(doc.people.name(p), p) for p in persons]
        return []
    return []


def _mentions(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-]|[ \t]\d)")


def event_texts(e: Event) -> list[str]:
    """A stored event's title and supporting quotes."""
    return [e.title, *(ev.quote for ev in e.evidence if ev.stance == Stance.SUPPORTS)]


def names_alone(
    texts: Sequence[str], people: set[str], m: Member, group: Sequence[Member], key
) -> bool:
    """Whether a report (its `texts`, its `people` as keys) names member `m` of `group`
    and no other of it."""

    def named(x: Member) -> bool:
        if x.person is not None and people:
            return key(x.name) in people
        pattern = _mentions(x.name)
        return any(pattern.search(t) for t in texts)

    return named(m) and not any(named(x) for x in group if x != m)


def names_member(e: Event, f: Facts, m: Member, group: Sequence[Member], key) -> bool:
    """Whether stored event `e` (facts `f`) names member `m` and no other of its group."""
    return names_alone(event_texts(e), f.people, m, group, key)


def member_copy(d: Draft, m: Member, group: Sequence[Member]) -> Draft:
    """The draft as the report of member `m`'s happening: its passages, its people less
    the group's other members."""
    others = {x.person for x in group if x is not m and x.person is not None}
    people = [p for p in d.people if p not in others]
    return replace(
        d,
        people=people,
        subject=m.person if m.person is not None else d.subject,
        evidence=list(d.evidence),
        places=list(d.places),
        words=set(d.words),
        classes=set(d.classes),
        roles=set(d.roles),
        named=set(d.named),
        extra_people=list(d.extra_people),
        rules=[*d.rules, f"groups:one of the group its subject names ({m.name})"],
    )


def marked(f: Facts, m: Member, lex: Lexicon) -> Facts:
    """Facts that name member `m` (a copy): a member's report and its stored event share
    the member's name, read as a name both give."""
    name = " ".join(lex.compiled(NameWords).key(w) or w for w in m.name.split())
    return replace(f, names=f.names | {f"{MEMBER}{name}"})


def copies_of(copies: dict[int, tuple[int, Member, set[int]]], group: int) -> list[int]:
    return [c for c, (g, _, _) in copies.items() if g == group]


def member_copies(
    doc: Doc,
    drafts: list[Draft],
    near_of: Callable[[int], Sequence[Event]],
    facts_of: Callable[[Event], Facts],
) -> dict[int, tuple[int, Member, set[int]]]:
    """A copy of each group's draft (`groups.members_of`) per member with a stored event
    of its own near the draft's date (appended to `drafts`): copy index -> (the group's
    index, the member, the stored events naming it and no other member); `near_of` gives
    the stored events to compare the draft of an index with (a copy's are its group's)."""
    key = doc.lexicon.compiled(NameWords).key
    out: dict[int, tuple[int, Member, set[int]]] = {}
    for i in range(len(drafts)):
        d = drafts[i]
        if d.denied or not may_be_group(doc, d):
            continue
        near = near_of(i)
        if not near:
            continue
        texts = [t for e in near for t in (e.title, *(ev.quote for ev in e.evidence))]
        group = members_of(doc, d, texts)
        for m in group:
            allowed = {e.id for e in near if names_member(e, facts_of(e), m, group, key)}
            if allowed:
                drafts.append(member_copy(d, m, group))
                out[len(drafts) - 1] = (i, m, allowed)
    return out


def may_be_group(doc: Doc, d: Draft) -> bool:
    """A quick look: whether the draft's subject may be a group (`members_of` tells)."""
    gw = doc.lexicon.compiled(GroupWords)
    title = d.title.strip()
    return len(set(d.people)) >= 2 or bool(gw.counted.match(title) or gw.joined.match(title))


def released(
    drafts: list[Draft],
    copies: dict[int, tuple[int, Member, set[int]]],
    held: set[int],
    found: dict[int, tuple[int, bool]],
    relative: bool,
) -> list[int]:
    """Groups (of this pass) none of whose members' copies matched: matched as they are,
    now that the copies are (`held` loses them)."""
    out = [
        g
        for g in sorted(held)
        if (drafts[g].ref_span is not None) == relative
        and not any(c in found for c in copies_of(copies, g))
    ]
    held.difference_update(out)
    return out


def spread_within(
    doc: Doc, kept: list[Draft], facts_of: Callable[[int], Facts], uses: WordUses | None
) -> list[Draft]:
    """Within one document: a group's draft whose members each have a draft of their own
    that is the same happening (`similarity` within a text, both read as naming the
    member) gives its passages to those drafts and is no event of its own. Every member
    needs one: a diary's "with Osk and Lind to the quay" beside another passage of Osk
    that day is the outing of both, not Osk's other happening."""
    lex, text = doc.lexicon, doc.text
    key = lex.compiled(NameWords).key
    drop: set[int] = set()
    for gi, g in enumerate(kept):
        if g.denied or not may_be_group(doc, g):
            continue
        group = members_of(doc, g)
        targets = []
        for m in group:
            best: tuple[float, int] | None = None
            for j, d in enumerate(kept):
                if j == gi or j in drop or d.denied:
                    continue
                said = [text[p.start : p.end] for p in d.evidence if p.stance == Stance.SUPPORTS]
                fd = facts_of(j)
                if not names_alone([d.title, *said], fd.people, m, group, key):
                    continue
                sc = similarity(marked(facts_of(gi), m, lex), marked(fd, m, lex), True, uses, lex)
                if sc is not None and (best is None or sc > best[0]):
                    best = (sc, j)
            if best is not None:
                targets.append(best[1])
        if group and len(targets) == len(group):  # each member's (one text is strict)
            drop.add(gi)
            for j in dict.fromkeys(targets):
                kept[j].evidence += g.stamp(
                    g.evidence, "groups:one of the group its subject names, told apart"
                )
    return [d for i, d in enumerate(kept) if i not in drop]
