"""Who an event names when the text says "him" or "he": the object of a verb, a pronoun
opening a paragraph. Invented texts only."""

from __future__ import annotations

from timeline_desktop.domain.model import Document
from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.rules import RuleExtractor

LIFE = (
    "Edmund Varley (1901–1970) was an English lawyer. Varley studied law in Leeds, and "
    "Varley practised there for many years. Varley never married.\n\n"
)


def people_by_year(text: str) -> dict[int, tuple[str, ...]]:
    doc = Document(text, "t", "t.txt", "t.txt", "text", "utf-8", str(hash(text)))
    result = RuleExtractor().extract(doc, EmptyContext())
    return {e.start.year: e.people for e in result.events}


def test_an_object_pronoun_means_the_person_named_before_it_in_the_sentence() -> None:
    text = "Tomas Brandl was asleep upstairs; on 3 May 1702 his cook Anna Leck warned him."
    assert set(people_by_year(text)[1702]) == {"Anna Leck", "Tomas Brandl"}


def test_an_object_pronoun_with_no_one_before_it_means_whom_the_text_is_about() -> None:
    found = people_by_year(LIFE + "In 1961 President Ruth Okafor appointed him to a commission.")
    assert set(found[1961]) == {"Ruth Okafor", "Edmund Varley"}


def test_an_object_pronoun_never_means_the_subject_of_its_verb() -> None:
    found = people_by_year(LIFE + "In 1950 Varley praised him in a letter.")
    assert found[1950] == ("Edmund Varley",)


def test_an_object_pronoun_in_a_quotation_is_the_speakers() -> None:
    found = people_by_year(LIFE + 'In 1962 Ruth Okafor promised "to bring him home".')
    assert found[1962] == ("Ruth Okafor",)


def test_a_paragraph_opening_on_he_means_whom_the_text_is_about() -> None:
    text = (
        LIFE + "I was angry about Carl Brenner and wrote against the likes of Brenner.\n\n"
        "He qualified as a barrister in 1956."
    )
    assert people_by_year(text)[1956] == ("Edmund Varley",)
