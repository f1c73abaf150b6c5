"""Stored group events: a group's passage stored before any member's own event.

"The two Kestrels arrived at Neptune in 1991" imported first is one event of the group.
When a later document reports a member's happening ("The Kestrel 1 flyby of Neptune took
place on 14 May 1991"), its draft is compared with that event as a report of that member
(both read as naming it, `groups.marked`), without contest from the reports of the other
members (`StoredGroups.mark`). Of the members whose reports match it, one takes the event
(the member it already names alone, else the best match), and each other member's report
becomes its own event carrying the group's passages (`Draft.shares`): the group told each
member's happening (`share`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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

    def share(
        self, drafts: list[Draft], found: dict[int, tuple[int, bool]], strength: dict[int, float]
    ) -> None:
        """One member takes each group event its reports matched; the reports of the other
        members leave it (`found`) and carry its group passages instead (`Draft.shares`)."""
        by_event: dict[int, list[int]] = {}
        for i, (target, conflict) in found.items():
            if not conflict and self.label(i, target) is not None:
                by_event.setdefault(target, []).append(i)
        for eid, reports in by_event.items():
            e, group = self.events[eid], self.groups[eid]
            texts, people = event_texts(e), {self.key(n) for n in e.people}
            owner = next((m for m in group if names_alone(texts, people, m, group, self.key)), None)
            if owner is None:
                owner = self.label(max(reports, key=lambda i: (strength.get(i, 0.0), -i)), eid)
            passages = _group_passages(e, group, self.key)
            best: dict[Member, int] = {}  # each member's one report of the group
            for i in sorted(reports, key=lambda i: (-strength.get(i, 0.0), i)):
                best.setdefault(self.label(i, eid), i)  # type: ignore[arg-type]
            for i in reports:
                if best.get(self.label(i, eid)) != i:
                    del found[i]  # another report of that member tells more of it
                elif self.label(i, eid) != owner and passages:
                    del found[i]
                    drafts[i].shares = [*drafts[i].shares, *passages]
                    drafts[i].rules.append(
                        f"groups:one of the group stored event {eid} tells of, its passages"
                    )


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
