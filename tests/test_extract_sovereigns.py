"""A sovereign a text calls by the office alone ("the King", "his Majesty") is a person:
the king it named with that title before, else one person called so (invented texts)."""

from __future__ import annotations

from diary import extract_events, in_diary
from timeline_desktop.domain.model import Document
from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.mask import mask_of
from timeline_desktop.extract.names import find_people
from timeline_desktop.extract.rules import RuleExtractor


def people(text: str) -> dict[str, set[str]]:
    mask = mask_of(text)[0]
    return {p.name: set(p.aliases) for p in find_people(text, mask, (), []).found()}


def events(text: str) -> list[tuple[str, tuple[str, ...]]]:
    doc = Document(text, "notes", "notes.txt", "", "text", "utf-8", "1")
    found = RuleExtractor().extract(doc, EmptyContext())
    return [(e.title, tuple(sorted(e.people))) for e in found.events]


def test_the_king_of_a_diary_is_one_person_his_majesty_too() -> None:
    text = (
        "March 3, 1702. Called to Whitehall, and there did tell the King and the Earl of "
        "Wendmoor what I saw at the yards. His Majesty was much troubled.\n\n"
        "March 4, 1702. The King commanded the gates to be shut before noon."
    )
    found = people(text)
    assert "the King" in found and "Earl of Wendmoor" in found
    titles = events(text)
    assert any("King" in t and "the King" in who for t, who in titles), titles
    assert any(t.startswith("The King commanded") and who == ("the King",) for t, who in titles)


def test_the_office_of_a_named_king_is_that_king() -> None:
    text = (
        "In 1488 King Oswin III granted the town its charter. The next year the King "
        "visited the town and knighted its mayor."
    )
    assert "the King" not in people(text)
    assert ("Oswin III visited the town", ("Oswin III",)) in events(text)


def test_a_place_a_possession_or_a_story_king_is_no_one() -> None:
    text = (
        "In 1702 the inn called the King's Arms burned down, and the King of Sardinia sent "
        "his regrets. In the tale the king rode out alone."
    )
    assert people(text) == {}


def test_a_she_never_means_the_king() -> None:
    text, _ = in_diary(
        "Mrs. Quarle came to the office, where the King was expected. The King rode to "
        "Kew. She bought a gown of silk at the Exchange."
    )
    gown = [e for e in extract_events(text) if "gown" in e.title]
    assert [(e.title, e.people) for e in gown] == [("Quarle bought a gown of silk", ("Quarle",))]
