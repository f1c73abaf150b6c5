"""States are no happenings: a narrator's states of mind (what was thought, felt, feared
or observed of oneself), and a state held since a date (invented texts only, none taken
from the corpora)."""

from __future__ import annotations

from diary import DAY2, extract_events, in_diary


def _titles_of_day(body: str, day: str = DAY2) -> list[str]:
    text, at = in_diary(body)
    return [
        e.title
        for e in extract_events(text)
        if e.start.to_iso() == day and e.evidence[0].start >= at > e.evidence[0].start - 2
    ]


def test_a_narrators_feeling_is_no_event() -> None:
    assert _titles_of_day("Mightily vexed at the miller's answer.") == []
    assert _titles_of_day("They seemed much grieved at it.") == []


def test_an_opinion_or_a_look_inward_is_no_event() -> None:
    assert _titles_of_day("I observed that hardly one wagon in four was loaded.") == []
    assert _titles_of_day("I never did observe such patience in myself.") == []
    assert _titles_of_day("I held my tongue and let the bailiff rant.") == []


def test_a_feeling_gives_way_to_the_happening_joined_to_it() -> None:
    got = _titles_of_day("They seemed much troubled, and the squire sent me to the mayor.")
    assert len(got) == 1 and got[0].startswith("The squire sent me")
    got = _titles_of_day("But I was much frighted and kept awake in my bed by the dogs.")
    assert got and "kept awake" in got[0] and "frighted" not in got[0]


def test_a_feeling_at_a_sight_and_a_going_still_tell_a_happening() -> None:
    assert _titles_of_day("We were frighted to see the ferryman come in drunk.")
    assert _titles_of_day("So to bed mightily contented with the day.") == ["I went to bed"]


def test_a_history_that_tells_an_observation_keeps_it() -> None:
    text = "In 1781 Herschel observed a new planet from his garden in Bath."
    assert [e.start.to_iso() for e in extract_events(text)] == ["1781"]


def test_a_state_held_since_a_date_is_not_the_clause_s_happening() -> None:
    text = (
        "A respected surgeon in Leeds since 1952, Margaret Holt was awarded the Lister "
        "Medal in 1971."
    )
    by_year = {e.start.to_iso(): e for e in extract_events(text)}
    assert "awarded" in by_year["1971"].title
    state = by_year["1952"]
    assert "awarded" not in state.title and "surgeon in Leeds" in state.title
    ev = state.evidence[0]
    assert text[ev.start : ev.end] == "A respected surgeon in Leeds since 1952"


def test_what_a_feeling_or_a_hope_is_about_is_no_happening() -> None:
    assert _titles_of_day("He hopes we shall have no trouble from the mob.") == []
    assert _titles_of_day("He fears we shall see a riot upon this news.") == []
    assert _titles_of_day("I am eased at my heart to have my plate so well hidden.") == []
