"""The store on a real SQLite file: writes are transactions, queries are right at the edges."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import text

from timeline_desktop.domain.dates import HistDate, parse_date
from timeline_desktop.domain.model import (
    Document,
    EventFilter,
    Extraction,
    FoundEvent,
    FoundEvidence,
    FoundPerson,
    Stance,
)
from timeline_desktop.store.repository import Store, UnknownPersonError

pytestmark = pytest.mark.backends


def make_doc(text_: str, name: str = "doc.txt") -> Document:
    return Document(
        text=text_,
        title=name,
        file_name=name,
        path=f"/tmp/{name}",
        format="text",
        encoding="utf-8",
        sha256=hashlib.sha256(text_.encode()).hexdigest(),
    )


def span(text_: str, quote: str) -> tuple[int, int]:
    i = text_.index(quote)
    return i, i + len(quote)


def found(text_: str, quote: str, date: HistDate, people=(), stance=Stance.SUPPORTS, **kw):
    a, b = span(text_, quote)
    return FoundEvent(
        title=quote[:40],
        summary=quote,
        start=date,
        end=kw.pop("end", None),
        evidence=(FoundEvidence(a, b, date.to_iso(), stance),),
        people=tuple(people),
        **kw,
    )


CAESAR = (
    "Gaius Julius Caesar crossed the Rubicon in January 49 BC. "
    "Caesar was killed in Rome on 15 March 44 BC. "
    "Augustus died in AD 14."
)


@pytest.fixture
def filled(store: Store) -> Store:
    t = CAESAR
    extraction = Extraction(
        people=(
            FoundPerson(
                "Gaius Julius Caesar", ("Caesar", "Julius Caesar"), (span(t, "Caesar was"),)
            ),
            FoundPerson("Augustus", ("Octavian",)),
        ),
        events=(
            found(t, "crossed the Rubicon in January 49 BC", HistDate.of_month(-48, 1), ["Caesar"]),
            found(
                t,
                "Caesar was killed in Rome on 15 March 44 BC",
                HistDate.of_day(-43, 3, 15),
                ["Gaius Julius Caesar"],
                places=("Rome",),
            ),
            found(t, "Augustus died in AD 14", HistDate.of_year(14), ["Augustus"]),
        ),
    )
    assert store.add_document(make_doc(t, "caesar.txt"), extraction) is not None
    return store


def test_sqlite_file_runs_in_wal_mode_with_foreign_keys(db_path) -> None:
    with Store.open(db_path) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_document_and_extraction_are_stored_with_exact_quotes(filled: Store) -> None:
    [source] = filled.sources()
    assert source.text == CAESAR and source.file_name == "caesar.txt"
    events = filled.events()
    assert [e.start.to_iso() for e in events] == ["-0048-01", "-0043-03-15", "0014"]
    for e in events:
        for ev in e.evidence:
            assert ev.quote == source.text[ev.start : ev.end]
    assert events[1].places == ("Rome",)
    assert events[1].people == ("Gaius Julius Caesar",)


def test_same_bytes_are_not_stored_twice(filled: Store) -> None:
    assert filled.add_document(make_doc(CAESAR, "copy.txt"), Extraction()) is None
    assert len(filled.sources()) == 1


def test_bad_extraction_rolls_back_the_whole_document(filled: Store) -> None:
    t = "Something happened in 1900."
    bad = Extraction(
        people=(FoundPerson("Nobody Special"),),
        events=(
            FoundEvent("x", "x", HistDate.of_year(1900), None, (FoundEvidence(5, 999, "1900"),)),
        ),
    )
    before = (len(filled.sources()), filled.count_events(), len(filled.people()))
    with pytest.raises(ValueError, match="outside the text"):
        filled.add_document(make_doc(t, "bad.txt"), bad)
    assert (len(filled.sources()), filled.count_events(), len(filled.people())) == before


def test_window_queries_are_right_across_the_era_boundary(filled: Store) -> None:
    def titles(a: str, b: str) -> list[str]:
        flt = EventFilter(start=parse_date(a), end=parse_date(b))
        return [e.start.to_iso() for e in filled.events(flt)]

    assert titles("50 BC", "1 BC") == ["-0048-01", "-0043-03-15"]
    assert titles("44 BC", "44 BC") == ["-0043-03-15"]
    assert titles("AD 1", "AD 100") == ["0014"]
    assert titles("-0043-03-16", "0013") == []
    # a month-precise event overlaps any window touching that month
    assert titles("-0048-01-31", "-0048-02-10") == ["-0048-01"]


def test_long_events_are_found_by_windows_inside_them(store: Store) -> None:
    t = "The Hundred Years' War lasted from 1337 to 1453."
    ext = Extraction(events=(found(t, t, HistDate.of_year(1337), end=HistDate.of_year(1453)),))
    store.add_document(make_doc(t), ext)
    flt = EventFilter(start=parse_date("1400"), end=parse_date("1400"))
    assert [e.title for e in store.events(flt)] == [t[:40]]
    assert store.events(EventFilter(start=parse_date("1454"))) == []


def test_person_filter_matches_aliases_case_insensitively(filled: Store) -> None:
    for name in ("caesar", "JULIUS CAESAR", "Gaius Julius Caesar"):
        events = filled.events(EventFilter(people=(name,)))
        assert [e.start.to_iso() for e in events] == ["-0048-01", "-0043-03-15"]
    assert len(filled.events(EventFilter(people=("Caesar", "octavian")))) == 3
    assert filled.events(EventFilter(people=("Caesar", "octavian"), all_people=True)) == []
    with pytest.raises(UnknownPersonError):
        filled.events(EventFilter(people=("Cleopatra",)))


def test_people_are_merged_by_alias_and_take_the_fullest_name(filled: Store) -> None:
    t = "Julius Caesar wrote about Gaul."
    filled.add_document(make_doc(t), Extraction(people=(FoundPerson("Julius Caesar"),)))
    caesars = [p for p in filled.people() if "Caesar" in p.name]
    assert len(caesars) == 1 and caesars[0].name == "Gaius Julius Caesar"
    assert caesars[0].event_count == 2


def test_full_text_search_over_events_and_sources(filled: Store) -> None:
    assert [e.start.to_iso() for e in filled.events(EventFilter(search="rubicon"))] == ["-0048-01"]
    # "Octavian" appears in no event title but "augustus" does; prefix search works
    assert len(filled.events(EventFilter(search="augus"))) == 1
    # source texts are searched separately: "Gaius" is in the text but in no event
    assert filled.events(EventFilter(search="Gaius")) == []
    assert [s.file_name for s in filled.search_sources("gaius jul")] == ["caesar.txt"]
    assert filled.search_sources("Cleopatra") == []
    assert filled.events(EventFilter(search='"); DROP TABLE events; --')) == []


def test_rename_and_merge_people(filled: Store) -> None:
    people = {p.name: p for p in filled.people()}
    filled.rename_person(people["Augustus"].id, "Caesar Augustus")
    renamed = {p.name: p for p in filled.people()}["Caesar Augustus"]
    assert "Augustus" in renamed.aliases
    filled.merge_people(people["Gaius Julius Caesar"].id, renamed.id)
    [merged] = filled.people()
    assert merged.name == "Gaius Julius Caesar" and "Octavian" in merged.aliases
    assert merged.event_count == 3


def test_corroborating_evidence_refines_the_date(store: Store) -> None:
    a = "The treaty was signed in 1648."
    store.add_document(
        make_doc(a, "a.txt"), Extraction(events=(found(a, a, HistDate.of_year(1648)),))
    )
    [event] = store.events()
    b = "On 24 October 1648 the treaty was signed at Münster."
    more = found(b, b, HistDate.of_day(1648, 10, 24), same_as=event.id)
    store.add_document(make_doc(b, "b.txt"), Extraction(events=(more,)))
    [event] = store.events()
    assert event.start.to_iso() == "1648-10-24"
    assert [ev.date_as_stated for ev in event.evidence] == ["1648", "1648-10-24"]
    c = "Some say the treaty was only signed in 1650."
    against = found(c, c, HistDate.of_year(1650), stance=Stance.CONTRADICTS, same_as=event.id)
    store.add_document(make_doc(c, "c.txt"), Extraction(events=(against,)))
    [event] = store.events()
    assert event.start.to_iso() == "1648-10-24"  # a contradiction does not move the date
    assert [ev.stance for ev in event.evidence][-1] == Stance.CONTRADICTS


def test_deleting_a_source_is_blocked_or_cascades_consistently(filled: Store) -> None:
    with filled.engine.begin() as conn:
        conn.execute(text("DELETE FROM sources"))
        assert conn.execute(text("SELECT count(*) FROM evidence")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM mentions")).scalar() == 0


def test_in_memory_url_is_usable_across_threads() -> None:
    import threading

    store = Store.open("sqlite://")
    store.add_person("Hypatia")
    seen: list[int] = []
    thread = threading.Thread(target=lambda: seen.append(len(store.people())))
    thread.start()
    thread.join()
    assert seen == [1]


def test_ordered_ids_and_link_arrays(filled: Store) -> None:
    events = filled.events()
    by_title = sorted(events, key=lambda e: e.title.lower())
    assert list(filled.ordered_ids(order="title")) == [e.id for e in by_title]
    assert list(filled.ordered_ids(order="date", descending=True)) == [e.id for e in events][::-1]
    assert len(filled.ordered_ids(EventFilter(people=("Augustus",)), order="sources")) == 1
    event_ids, person_ids = filled.event_people_pairs()
    assert len(event_ids) == len(person_ids) == sum(len(e.people) for e in events)
    ev_ids, source_ids = filled.event_source_pairs()
    assert set(source_ids) == {filled.sources()[0].id} and set(ev_ids) == {e.id for e in events}
    with pytest.raises(ValueError):
        filled.ordered_ids(order="colour")
