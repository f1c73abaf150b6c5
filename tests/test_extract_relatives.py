"""The narrator's kin named only by kinship ("my wife") are people of a diary, and the
narrator's clauses stay the narrator's (invented texts)."""

from __future__ import annotations

from diary import extract_events, in_diary


def _events(body: str) -> list[tuple[str, tuple[str, ...]]]:
    text, at = in_diary(body)
    return [
        (e.title, tuple(sorted(e.people)))
        for e in extract_events(text)
        if at <= e.evidence[0].start < at + len(body)
    ]


def test_my_wife_of_a_diary_is_a_person_and_she_is_her() -> None:
    got = _events("My wife went to the Exchange. She bought a gown of silk there.")
    assert ("My wife went to the Exchange", ("my wife",)) in got, got
    assert ("My wife bought a gown of silk", ("my wife",)) in got, got


def test_kin_with_the_narrator_take_part_but_do_not_do_the_narrators_deeds() -> None:
    got = _events("Thence to the quay by coach, my brother with me, and saw the ships burn.")
    assert got and got[0][0].startswith("I saw the ships"), got
    assert got[0][1] == ("my brother",), got


def test_whom_the_narrator_did_something_to_did_not_do_it() -> None:
    got = _events("So to the office, and take leave of Tom Hale, whom I sent back this noon.")
    assert any(t.startswith("I sent back") for t, _ in got), got
    assert all(not t.startswith("Tom Hale sent") for t, _ in got), got


def test_kin_in_a_quotation_of_a_third_person_text_is_no_one() -> None:
    text = 'Notes\n\nIn 1802 Tom Hale told the court: "my wife was at home that night."\n'
    people = {p for e in extract_events(text) for p in e.people}
    assert people == {"Tom Hale"}, people
