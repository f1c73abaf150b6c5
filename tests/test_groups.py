"""A passage whose subject is a group ("the two Kestrels arrived", "Brenz and Feld fled")
tells a happening of each member: it supports each member's event, whichever source is
imported first, and stays one event of the group when no member has one. Texts are the
team's own, short and invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import Document
from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.events.groups import members_of
from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.store.repository import Store

MISSION_LOG = (
    "Mission log\n\n"
    "The Kestrel 1 flyby of Neptune took place on 14 May 1991, returning images of its rings.\n\n"
    "The Kestrel 2 flyby of Neptune took place on 2 October 1991, mapping its moons.\n"
)
COUNTED = (
    "A history of the lander\n\n"
    "Much of the work on the lander was done before the two Kestrels arrived at Neptune "
    "in 1991.\n"
)
JOINED = "Notes\n\nKestrel 1 and Kestrel 2 reached Neptune in 1991, after a long cruise.\n"
LETTERS = (
    "Letters\n\n"
    "On 3 June 1712 Aldo Brenz fled Varenna with his brother. "
    "On 9 September 1712 Marco Feld fled Varenna in disguise.\n"
)
CHRONICLE = "Chronicle\n\nIn 1712 Aldo Brenz and Marco Feld fled Varenna by night.\n"


def _import(store: Store, folder: Path, *texts: tuple[str, str]) -> None:
    for name, text in texts:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        import_paths(store, [path])


def _holding(store: Store, words: str):
    return [e for e in store.events() if any(words in ev.quote for ev in e.evidence)]


@pytest.mark.parametrize("group", [COUNTED, JOINED], ids=["counted", "joined"])
@pytest.mark.parametrize("order", ["members first", "group first"])
def test_a_group_passage_supports_each_members_event(
    store: Store, tmp_path: Path, group: str, order: str
) -> None:
    texts = [("log.txt", MISSION_LOG), ("group.txt", group)]
    _import(store, tmp_path, *(texts if order == "members first" else texts[::-1]))
    passage = group.split("\n\n")[1].strip()[:40]
    events = _holding(store, passage)
    assert len(events) == 2
    assert sorted(e.start.to_iso() for e in events) == ["1991-05-14", "1991-10-02"]
    assert all(any("flyby" in ev.quote for ev in e.evidence) for e in events)
    assert len(store.events()) == 2  # no third event of the group


@pytest.mark.parametrize("order", ["members first", "group first"])
def test_people_joined_as_a_subject_each_get_the_passage(
    store: Store, tmp_path: Path, order: str
) -> None:
    texts = [("letters.txt", LETTERS), ("chronicle.txt", CHRONICLE)]
    _import(store, tmp_path, *(texts if order == "members first" else texts[::-1]))
    events = _holding(store, "Brenz and Marco Feld")
    assert sorted(e.start.to_iso() for e in events) == ["1712-06-03", "1712-09-09"]
    for e in events:  # each with its own member (the group's event, stored first,
        # keeps the people it was stored with)
        [own] = [ev for ev in e.evidence if "fled Varenna" in ev.quote and " and " not in ev.quote]
        assert ("Aldo Brenz" if "Brenz" in own.quote else "Marco Feld") in e.people


def test_a_group_with_no_member_events_stays_one_event(store: Store, tmp_path: Path) -> None:
    other = "Log\n\nOn 14 May 1991 the Kestrel ground station opened at Tarvo.\n"
    _import(store, tmp_path, ("other.txt", other), ("group.txt", COUNTED))
    [group] = _holding(store, "two Kestrels")
    assert group.start == HistDate(1991)
    assert len(group.evidence) == 1
    assert len(store.events()) == 2


def test_a_group_of_people_with_no_member_events_stays_one_event(
    store: Store, tmp_path: Path
) -> None:
    _import(store, tmp_path, ("chronicle.txt", CHRONICLE))
    [group] = store.events()
    assert set(group.people) == {"Aldo Brenz", "Marco Feld"}


def _members(text: str) -> list[str]:
    doc = RuleExtractor().run(
        Document(text, "t.txt", "t.txt", "t.txt", "text", "utf-8", "x"), EmptyContext()
    )
    return next([m.name for m in members_of(doc, d)] for d in doc.drafts)


def test_the_members_a_subject_joins_or_counts() -> None:
    # names joined, a bare number naming the first name's stem, a list of three
    assert _members("Notes\n\nKestrel 1 and 2 reached Neptune in 1991.\n") == [
        "Kestrel 1",
        "Kestrel 2",
    ]
    led = "Notes\n\nIn 1991 the Kestrel 1 and the Kestrel 2 passed Neptune.\n"
    assert _members(led) == ["Kestrel 1", "Kestrel 2"]
    # a counted plural: the numbered names of its stem elsewhere in the text
    counted = (
        "Notes\n\nBoth Plovers landed on the ice in 1931. Plover 3 was lost later. "
        "Plover 4 came home.\n"
    )
    assert _members(counted) == ["Plover 3", "Plover 4"]
    # people joined as the subject, not as the object of another's deed
    assert _members(CHRONICLE) == ["Aldo Brenz", "Marco Feld"]
    met = "Chronicle\n\nIn 1712 Aldo Brenz met Marco Feld and Ilse Korr at Varenna.\n"
    assert _members(met) == []
    assert _members("Notes\n\nIn 1712 the two ships fled Varenna by night.\n") == []


def test_a_member_both_reports_name_weighs_beside_a_shared_name() -> None:
    from timeline_desktop.extract.events.corroborate import Facts, shared_content, weights

    def f() -> Facts:
        day = HistDate(1991).earliest_day()
        return Facts(day, day + 364, False, set(), None, "", set(), set(), {"neptune"})

    plain, member = f(), f()
    plain.names, member.names = {"kestrel"}, {"member:kestrel 1"}
    w = weights()
    assert shared_content(member, member) - shared_content(plain, plain) == pytest.approx(w.member)


def test_within_one_text_the_group_passage_goes_to_each_members_event(
    store: Store, tmp_path: Path
) -> None:
    _import(store, tmp_path, ("log.txt", MISSION_LOG + "\n" + COUNTED.split("\n\n")[1]))
    events = _holding(store, "two Kestrels")
    assert sorted(e.start.to_iso() for e in events) == ["1991-05-14", "1991-10-02"]
    assert len(store.events()) == 2
    # ... but only when every member has its own: one alone keeps the group apart
    text = (
        "Log\n\nKestrel 1 photographed the rings of Triton on 14 May 1991.\n\n"
        "The two Kestrels arrived at Triton in 1991. Kestrel 2 was launched in 1990.\n"
    )
    found = RuleExtractor().extract(
        Document(text, "t.txt", "t.txt", "t.txt", "text", "utf-8", "x"), EmptyContext()
    )
    [group] = [e for ev in found.events for e in [ev] if "two Kestrels" in e.title]
    assert len(group.evidence) == 1
    assert not any("groups:" in r for e in found.events for ev in e.evidence for r in ev.rules)
