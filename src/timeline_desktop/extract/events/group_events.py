"""Stored group events: a group's passage stored before any member's own event.

"The two Kestrels arrived at Neptune in 1991" imported first is one event of the group.
When a later document reports a member's happening ("The Kestrel 1 flyby of Neptune took
place on 14 May 1991"), its draft is compared with that event as a report of that member
(both read as naming it, `groups.marked`), without contest from the reports of the other
members (`StoredGroups.mark`): each member's reports contest that member's part in it
(`StoredGroups.claim`, `Claims`), a report pushed out is matched again without it. Of the
members whose reports match it, one takes the event (the member it already names alone,
else the best match), and each other member's report becomes its own event carrying the
group's passages (`Draft.shares`): the group told each member's happening (`share`).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence

from timeline_desktop.domain.model import Event, Stance
from timeline_desktop.extract.doc import Doc, Draft
from timeline_desktop.extract.events.groups import (
    GroupWords,
    Member,
    event_texts,
    marked,
    names_alone,
    title_members,
)
from timeline_desktop.extract.events.matching import Facts
from timeline_desktop.extract.names import NameWords

PERSON = -1  # a member that is a person of a stored event (no cluster of the document)


class StoredGroups:
    """The groups of the stored events one import compares its drafts with, read once."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.gw = doc.lexicon.compiled(GroupWords)
        self.key = doc.lexicon.compiled(NameWords).key
        self.groups: dict[int, list[Member]] = {}
        self.events: dict[int, Event] = {}
        self.labels: dict[int, dict[int, Member]] = {}  # draft -> group event -> member

    def members(self, e: Event) -> list[Member]:
        """The members of the group event `e` reports ([] when it is no group's)."""
        got = self.groups.get(e.id)
        if got is None:
            got = self.groups[e.id] = _stored_members(self.gw, e, self.doc.text)
            self.events[e.id] = e
        return got

    def mark(
        self, i: int, d: Draft, f: Facts, near: Sequence[Event], pairs: list[tuple[int, Facts]]
    ) -> tuple[Facts, list[tuple[int, Facts]]]:
        """Draft `i`'s facts and candidates with the group events of which it reports a
        member's happening read as naming that member (`labels` records them)."""
        found: dict[int, Member] = {}
        for e in near:
            group = self.members(e)
            if not group:
                continue
            text = self.doc.text
            texts = [
                d.title,
                *(text[p.start : p.end] for p in d.evidence if p.stance == Stance.SUPPORTS),
            ]
            for m in group:
                if names_alone(texts, f.people, m, group, self.key):
                    found[e.id] = m
                    break
        if not found:
            return f, pairs
        self.labels[i] = found
        lex = self.doc.lexicon
        for m in set(found.values()):
            f = marked(f, m, lex)
        pairs = [(eid, marked(g, found[eid], lex) if eid in found else g) for eid, g in pairs]
        return f, pairs

    def label(self, i: int, event: int) -> Member | None:
        """The member draft `i` reports of group event `event`, if it does."""
        return self.labels.get(i, {}).get(event)

    def claim(self, i: int, event: int, conflict: bool) -> Hashable:
        """What draft `i` claims matching `event` (`Claims.contest`): the event, or its
        member's part in it when it reports a member's happening of the group event."""
        member = None if conflict else self.label(i, event)
        return event if member is None else (event, member)

    def share(
        self, drafts: list[Draft], found: dict[int, tuple[int, bool]], strength: dict[int, float]
    ) -> set[int]:
        """One member takes each group event its reports matched (each member's reports
        contested its part in `Claims`); the reports of the other members leave it (`found`)
        and carry its group passages instead (`Draft.shares`). A member's reports that held
        its part together are one report of it: the strongest takes the others' passages,
        and they are returned (to drop)."""
        by_event: dict[int, list[int]] = {}
        for i, (target, conflict) in found.items():
            if not conflict and self.label(i, target) is not None:
                by_event.setdefault(target, []).append(i)
        merged: set[int] = set()
        for eid, reports in by_event.items():
            e, group = self.events[eid], self.groups[eid]
            passages = _group_passages(e, group, self.key)
            if not passages:
                continue  # nothing to carry: its members' reports stay with it
            texts, people = event_texts(e), {self.key(n) for n in e.people}
            reports.sort(key=lambda i: (-strength.get(i, 0.0), i))
            owner = next((m for m in group if names_alone(texts, people, m, group, self.key)), None)
            owner = owner or self.label(reports[0], eid)
            taker: dict[Member, int] = {}
            for i in reports:
                m = self.label(i, eid)
                if m == owner or m is None:
                    continue
                del found[i]
                t = taker.setdefault(m, i)
                if t == i:
                    drafts[i].shares = [*drafts[i].shares, *passages]
                    drafts[i].rules.append(
                        f"groups:one of the group stored event {eid} tells of, its passages"
                    )
                else:
                    d = drafts[i]
                    drafts[t].evidence = [
                        *drafts[t].evidence,
                        *d.stamp(
                            d.evidence, f"groups:{m.name} told again, beside stored event {eid}"
                        ),
                    ]
                    merged.add(i)
        return merged


def _stored_members(gw: GroupWords, e: Event, text: str) -> list[Member]:
    """`groups.members_of` for a stored event: the names its title's subject joins or
    counts, or people of it that one of its passages joins ("Brenz and Feld fled")."""
    quotes = [ev.quote for ev in e.evidence if ev.stance == Stance.SUPPORTS]
    got = title_members(gw, e.title, (text, *quotes))
    if got or len(e.people) < 2:
        return got
    for q in quotes:
        places = sorted(
            (m.start(), m.end(), n)
            for n in e.people
            if (m := re.search(rf"(?<!\w){re.escape(n)}(?!\w)", q)) is not None
        )
        for k in range(len(places) - 1):
            run = [places[k]]
            for nxt in places[k + 1 :]:
                if not gw.between.match(q[run[-1][1] : nxt[0]]):
                    break
                run.append(nxt)
            if len(run) >= 2:
                return [Member(n, PERSON) for _, _, n in run]
    return []


def _group_passages(e: Event, group: list[Member], key) -> list[int]:
    """The ids of a group event's supporting passages that tell of the group, not of one
    member alone."""
    return [
        ev.id
        for ev in e.evidence
        if ev.stance == Stance.SUPPORTS
        and not any(names_alone([ev.quote], set(), m, group, key) for m in group)
    ]
