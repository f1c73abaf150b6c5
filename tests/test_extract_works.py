"""A work cited with its year in a sentence about its argument: the year dates the work's
publication by the people whose argument it is (invented texts only)."""

from __future__ import annotations

from timeline_desktop.domain.model import Document
from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.rules import RuleExtractor


def events(text: str) -> list[tuple[int, str, tuple[str, ...]]]:
    doc = Document(text, "t.txt", "t.txt", "t.txt", "text", "utf-8", str(hash(text)))
    found = RuleExtractor().extract(doc, EmptyContext()).events
    return [(e.start.year, e.title, e.people) for e in found]


def test_a_work_opening_the_sentence_was_published_by_those_who_argue_in_it() -> None:
    got = events(
        "Anna Lind was a critic of the novel.\n\nIn Learned Frauds (1997), the physicists "
        "Tom Berg and Nils Holm devote a chapter to Lind's use of algebra."
    )
    assert got == [
        (1997, "Tom Berg and Nils Holm published Learned Frauds", ("Tom Berg", "Nils Holm"))
    ]


def test_a_work_cited_inside_the_sentence_is_the_last_named_persons() -> None:
    got = events(
        "Anna Lind was a critic of the novel.\n\nThis may end in what Lind calls in Pale "
        "Harbour (1989) the quiet grief."
    )
    assert got == [(1989, "Anna Lind published Pale Harbour", ("Anna Lind",))]


def test_a_place_or_a_told_happening_is_no_cited_work() -> None:
    assert events("Anna Lind wrote of her years in Riga (1850) and of the sea.")[0][1] != (
        "Anna Lind published Riga"
    )
    got = events("Anna Lind made a famous claim in Pale Harbour (1989) about grief.")
    assert got and got[0][1].startswith("Anna Lind made a famous claim"), got
