"""Folding stored events a new source shows to be one happening (`store.fold`).

Corroboration compares a new source with the stored events, never stored events with each
other; without the fold, which events end up joined depends on the order of import. The
stores here are real SQLite files written through both write paths (`Store.add_document`
and the importer's `bulk.write_document`); the extractions are written out by hand so each
test states exactly which stored event a passage was matched to.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import (
    Document,
    Event,
    EventFilter,
    Extraction,
    FoundEvent,
    FoundEvidence,
    Stance,
)
from timeline_desktop.store.bulk import write_document
from timeline_desktop.store.repository import Store

REPORT = (
    "HERON MISSION SUMMARY\n\nCRUISE\n\n"
    "The lander separated from the carrier on July 13, 1995.\n\n"
    "ARRIVAL\n\n"
    "The lander was released from the carrier on July 13, 1995 at 05:30 UTC, some 150 days "
    "before orbit insertion.\n"
)
ARTICLE = (
    "Heron was a planetary carrier. After releasing its lander from the carrier on July 13, "
    "1995, it became the first satellite of the planet in December.\n"
)


def _doc(text: str, file_name: str, fmt: str = "text") -> Document:
    return Document(text=text, title=file_name, file_name=file_name,
                    path=f"/corpus/{file_name}", format=fmt, encoding="utf-8",
                    sha256=hashlib.sha256(text.encode()).hexdigest())  # fmt: skip


def _found(text: str, quote: str, title: str, day: tuple[int, int, int], **kw) -> FoundEvent:
    i = text.index(quote)
    stated = HistDate.of_day(*day).to_iso()
    stance = kw.pop("stance", Stance.SUPPORTS)
    return FoundEvent(title, "", HistDate.of_day(*day), None,
                      (FoundEvidence(i, i + len(quote), stated, stance),), **kw)  # fmt: skip


Writer = Callable[[Store, Document, Extraction], None]


def _add(store: Store, doc: Document, ex: Extraction) -> None:
    store.add_document(doc, ex)


def _bulk(store: Store, doc: Document, ex: Extraction) -> None:
    write_document(store, doc, ex)


@pytest.fixture(params=[_add, _bulk], ids=["add_document", "write_document"])
def write(request) -> Writer:
    return request.param


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "fold.db")
    yield s
    s.close()


def _the(store: Store, words: str) -> Event:
    return next(e for e in store.events() if words in e.title)


def _store_report(store: Store, write: Writer) -> tuple[int, int]:
    separated = "The lander separated from the carrier on July 13, 1995."
    released = "The lander was released from the carrier on July 13, 1995 at 05:30 UTC"
    write(store, _doc(REPORT, "report.txt"), Extraction(events=(
        _found(REPORT, separated, "The lander separated from the carrier", (1995, 7, 13),
               places=("Deep space",)),
        _found(REPORT, released, "The lander was released", (1995, 7, 13)),
    )))  # fmt: skip
    return _the(store, "separated").id, _the(store, "released").id


def test_a_restatement_bridged_by_a_new_source_becomes_one_event(store, write):
    # the report tells the release twice, in two sections, and kept them apart; the article
    # matched one: imported first, it would have drawn both to its event
    _, released = _store_report(store, write)
    quote = "After releasing its lander from the carrier on July 13, 1995"
    write(store, _doc(ARTICLE, "article.md", "markdown"), Extraction(events=(
        _found(ARTICLE, quote, "Heron released its lander", (1995, 7, 13), same_as=released),
    )))  # fmt: skip
    events = store.events()
    assert [e.id for e in events] == [released]
    (event,) = events
    assert sorted((store.source(ev.source_id).file_name, ev.stance) for ev in event.evidence) == [
        ("article.md", Stance.SUPPORTS),
        ("report.txt", Stance.SUPPORTS),
        ("report.txt", Stance.SUPPORTS),
    ]
    assert event.places == ("Deep space",)  # what the folded event knew, the survivor keeps
    # the search index follows: the folded event's title is no longer found
    assert store.events(EventFilter(search="separated")) == []
    assert [e.id for e in store.events(EventFilter(search="released"))] == [released]


def test_a_chronology_row_at_another_day_becomes_a_contradiction(store, write):
    row_text = "1991-10-21,First asteroid flyby (Mira; closest approach 1600 km),Heron\n"
    row = "First asteroid flyby (Mira; closest approach 1600 km)"
    write(store, _doc(row_text, "chronology.csv", "csv"), Extraction(events=(
        _found(row_text, row, row, (1991, 10, 21)),
    )))  # fmt: skip
    report = "On 29 October 1991 Heron passed Mira at a distance of about 1,600 km.\n"
    write(store, _doc(report, "report.txt"), Extraction(events=(
        _found(report, report.strip(), "Heron passed Mira", (1991, 10, 29)),
    )))  # fmt: skip
    passed = _the(store, "passed Mira").id
    article = (
        "On October 29, 1991, Heron performed the first asteroid flyby by a spacecraft, "
        "passing Mira at a distance of 1,600 km.\n"
    )
    write(store, _doc(article, "article.md", "markdown"), Extraction(events=(
        _found(article, article.strip(), "Heron performed the first asteroid flyby",
               (1991, 10, 29), same_as=passed),
    )))  # fmt: skip
    (event,) = store.events()
    assert event.id == passed and event.start == HistDate.of_day(1991, 10, 29)
    stances = {store.source(ev.source_id).file_name: ev.stance for ev in event.evidence}
    assert stances == {
        "chronology.csv": Stance.CONTRADICTS,
        "report.txt": Stance.SUPPORTS,
        "article.md": Stance.SUPPORTS,
    }


def test_happenings_of_one_diary_day_stay_apart(store, write):
    # sentences dated only by the day's heading are that day's happenings; another source
    # quoting both at length is no reason to join them
    diary = (
        "September 2nd.\n\nUp early and to the office. Jane came and told me the fire was "
        "spreading along the bridge and many houses burned.\n\nThen I went to the river to "
        "see the houses burning on the bridge.\n"
    )
    told = "Jane came and told me the fire was spreading along the bridge and many houses burned."
    went = "Then I went to the river to see the houses burning on the bridge."
    write(store, _doc(diary, "diary.txt"), Extraction(events=(
        _found(diary, told, "Jane told me of the fire", (1666, 9, 2)),
        _found(diary, went, "I went to the river", (1666, 9, 2)),
    )))  # fmt: skip
    for ev in _the(store, "Jane").evidence:
        assert "1666" not in ev.quote
    essay = (
        "On 2 September 1666 the diarist heard that the fire was spreading along the bridge, "
        "and went to the river to see the houses burning.\n"
    )
    first = _the(store, "Jane").id
    write(store, _doc(essay, "essay.md", "markdown"), Extraction(events=(
        _found(essay, essay.strip(), "The diarist heard of the fire", (1666, 9, 2),
               same_as=first),
    )))  # fmt: skip
    assert len(store.events()) == 2


def test_an_event_a_user_corrected_is_never_folded(store, write):
    separated, released = _store_report(store, write)
    store.curation.edit_event(separated, title="The lander left the carrier")
    quote = "After releasing its lander from the carrier on July 13, 1995"
    write(store, _doc(ARTICLE, "article.md", "markdown"), Extraction(events=(
        _found(ARTICLE, quote, "Heron released its lander", (1995, 7, 13), same_as=released),
    )))  # fmt: skip
    assert {e.id for e in store.events()} == {separated, released}


def test_rows_of_one_chronology_are_never_folded(store, write):
    rows = (
        "1995-07-13,The lander was released from the carrier\n"
        "1995-07-13,The lander separated from the carrier\n"
    )
    released = "The lander was released from the carrier"
    separated = "The lander separated from the carrier"
    write(store, _doc(rows, "chronology.csv", "csv"), Extraction(events=(
        _found(rows, released, released, (1995, 7, 13)),
        _found(rows, separated, separated, (1995, 7, 13)),
    )))  # fmt: skip
    first = _the(store, "released").id
    quote = "After releasing its lander from the carrier on July 13, 1995"
    write(store, _doc(ARTICLE, "article.md", "markdown"), Extraction(events=(
        _found(ARTICLE, quote, "Heron released its lander", (1995, 7, 13), same_as=first),
    )))  # fmt: skip
    assert len(store.events()) == 2
