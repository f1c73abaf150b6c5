"""A parenthesis that tells a dated happening of its own (invented texts only, none
taken from the corpora)."""

from __future__ import annotations

from timeline_desktop.domain.model import Document
from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.rules import RuleExtractor


def _events(text: str):
    doc = Document(text, "t.txt", "t.txt", "t.txt", "text", "utf-8", str(hash(text)))
    return RuleExtractor().extract(doc, EmptyContext()).events


def test_a_dated_aside_with_its_own_verb_is_its_own_happening_with_its_own_people() -> None:
    text = (
        "The old spelling is seen on maps of the 17th century, notably the chart drawn by "
        "Thomas Carew but cut by the Flemish engraver Pieter Vos in Antwerp in 1611 "
        "(printed in London by Joseph Ashby and Henry Crane in 1627)."
    )
    by_year = {e.start.to_iso(): e for e in _events(text)}
    printed = by_year["1627"]
    ev = printed.evidence[0]
    assert text[ev.start : ev.end].startswith("printed in London")
    assert {"Joseph Ashby", "Henry Crane"} <= set(printed.people)
    assert not {"Joseph Ashby", "Henry Crane"} & set(by_year["1611"].people)
