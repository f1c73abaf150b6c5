"""A passage whose subject is a group ("the two Kestrels arrived", "Brenz and Feld fled")
tells a happening of each member: it supports each member's event, whichever source is
imported first, and stays one event of the group when no member has one. Texts are the
team's own, short and invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import Document, Event, Evidence, Extraction, Origin, Stance
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


class _Stored:
    """Stored events as the import offers them, counting how often they are asked for."""

    def __init__(self, *events: Event) -> None:
        self.events, self.asked = list(events), 0

    def known_people(self) -> list:
        return []

    def events_overlapping(self, earliest_day: int, latest_day: int) -> list[Event]:
        self.asked += 1
        return [
            e
            for e in self.events
            if e.start.earliest_day() <= latest_day and e.start.latest_day() >= earliest_day
        ]


def _stored(eid: int, title: str, date: HistDate, quote: str) -> Event:
    ev = Evidence(eid * 10, eid, 1, 0, len(quote), quote, date.to_iso(), Stance.SUPPORTS)
    return Event(eid, title, quote, date, None, (), (), Origin.EXTRACTED, (ev,))


def _extract(text: str, context: _Stored) -> Extraction:
    document = Document(text, "t.txt", "t.txt", "t.txt", "text", "utf-8", "x")
    return RuleExtractor().extract(document, context)


def test_a_members_report_the_group_event_gives_way_to_is_matched_again() -> None:
    # two reports of Kestrel 2 fit the group's event; the one that fits it less gives way
    # (each member's reports contest its part in the event) and is matched again, here
    # with the event of that month it tells
    group = _stored(
        1,
        "The two Kestrels arrived at Neptune",
        HistDate(1991),
        "the two Kestrels arrived at Neptune in 1991",
    )
    month = _stored(
        2,
        "Kestrel 2 neared Neptune",
        HistDate.of_month(1991, 10),
        "In October 1991 Kestrel 2 neared Neptune.",
    )
    text = (
        "Log\n\nKestrel 1 reached Neptune on 14 May 1991.\n\n"
        "The Kestrel 2 flyby of Neptune took place on 2 October 1991.\n\n"
        "The ground station at Tarvo opened in 1985.\n\n"
        "On 20 December 1991 Kestrel 2 arrived at Neptune again and passed close to Triton.\n"
    )
    found = {e.title: e for e in _extract(text, _Stored(group, month)).events}
    assert found["Kestrel 2 arrived at Neptune"].same_as == 1
    assert found["The Kestrel 2 flyby of Neptune took place"].same_as == 2
    assert found["Kestrel 1 reached Neptune"].shares == (10,)  # the group's passage


def test_the_stored_events_near_a_group_are_looked_up_once() -> None:
    context = _Stored(
        _stored(
            1, "Kestrel 1 reached Neptune", HistDate.of_day(1991, 5, 14), "Kestrel 1 reached it."
        ),
        _stored(
            2, "Kestrel 2 reached Neptune", HistDate.of_day(1991, 10, 2), "Kestrel 2 reached it."
        ),
    )
    found = _extract("Notes\n\nKestrel 1 and Kestrel 2 reached Neptune in 1991.\n", context)
    assert sorted(e.same_as for e in found.events) == [1, 2]  # a copy per member matched
    assert context.asked == 1  # for the group's draft, not again for each member's copy


def test_a_members_reports_that_hold_its_part_together_make_one_event() -> None:
    # (as `Claims` lets two reports of one happening, each stating its date, hold a stored
    # event together): the strongest takes the group's passage and the other's passages
    from timeline_desktop.extract.doc import Draft, Passage
    from timeline_desktop.extract.events.group_events import StoredGroups

    text = "Log\n\nKestrel 1 reached Neptune.\n\nKestrel 2 reached it.\n\nKestrel 2 came.\n"
    document = Document(text, "t.txt", "t.txt", "t.txt", "text", "utf-8", "x")
    doc = RuleExtractor().run(document, EmptyContext())
    group = _stored(
        1, "The two Kestrels arrived at Neptune", HistDate(1991), "the two Kestrels arrived"
    )
    stored = StoredGroups(doc)
    k1, k2 = stored.members(group)
    drafts = [
        Draft(text[a:b], "", HistDate(1991), None, [Passage(a, b, "1991", Stance.SUPPORTS)])
        for a, b in ((5, 31), (33, 54), (56, 71))
    ]
    stored.labels = {0: {1: k1}, 1: {1: k2}, 2: {1: k2}}
    found = {i: (1, False) for i in range(3)}
    merged = stored.share(drafts, found, {0: 9.0, 1: 7.0, 2: 6.9})
    assert merged == {2} and list(found) == [0]  # Kestrel 1 takes the group's event
    assert drafts[1].shares == [10]
    assert [(p.start, p.end) for p in drafts[1].evidence] == [(33, 54), (56, 71)]
