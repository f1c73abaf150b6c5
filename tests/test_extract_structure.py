"""Document structure the dating stages read: wrapped paragraphs, diary entries, catalogue
fields (invented texts only, none taken from the corpora)."""

from __future__ import annotations

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import Document
from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.lexicon import load
from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.extract.sentences import lines, sentences


def doc(text: str, name: str = "t.txt") -> Document:
    return Document(text, name, name, name, "text", "utf-8", str(hash(text)))


def extract(text: str):
    return RuleExtractor().extract(doc(text), EmptyContext())


def said(text: str) -> list[str]:
    return [" ".join(text[s:e].split()) for s, e in sentences(text, lines(text), load("en"))]


WRAPPED = (
    "    The survey ship left the northern harbour in good order and\n"
    "    reached the outer islands after a calm crossing.  The landing\n"
    "    party went ashore on the western beach and raised a flag\n"
    "    on March 3, 1874.  Two sailors stayed behind with the boats.\n"
)


def test_a_hard_wrapped_paragraph_is_read_as_sentences_not_lines() -> None:
    assert said(WRAPPED) == [
        "The survey ship left the northern harbour in good order and reached the outer "
        "islands after a calm crossing.",
        "The landing party went ashore on the western beach and raised a flag on March 3, 1874.",
        "Two sailors stayed behind with the boats.",
    ]


def test_a_wrapped_sentence_dates_the_happening_stated_on_the_line_before() -> None:
    res = extract(WRAPPED)
    assert [e.start for e in res.events] == [HistDate.of_day(1874, 3, 3)]
    ev = res.events[0].evidence[0]
    assert "raised a flag" in WRAPPED[ev.start : ev.end]


def test_short_lines_lists_and_fields_stay_lines_of_their_own() -> None:
    text = (
        "Harbour works\n"
        "- dredging of the channel in the first year\n"
        "- a new mole built of granite blocks\n"
        "Vessel name          : SEAGULL\n"
        "Date of launch       : 1874-03-03\n"
    )
    assert said(text) == [
        "Harbour works",
        "- dredging of the channel in the first year",
        "- a new mole built of granite blocks",
        "Vessel name : SEAGULL",
        "Date of launch : 1874-03-03",
    ]
