"""What a shared (PostgreSQL) database needs, checked on SQLite too: dates far BC, ids from the
database, one person per folded name, sorts that do not depend on the server, and the seeds
plus BC sources giving the same export on both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import DEMO, REPO
from timeline_desktop.cli import main
from timeline_desktop.domain.dates import MAX_YEAR, MIN_YEAR, HistDate, parse_date
from timeline_desktop.domain.model import EventFilter
from timeline_desktop.store import engine as engine_mod
from timeline_desktop.store.repository import Store

pytestmark = pytest.mark.backends


def starts(store: Store, flt: EventFilter) -> list[str]:
    return [e.start.to_iso() for e in store.events(flt, with_evidence=False)]


def test_windows_reach_back_to_the_earliest_dates(store: Store) -> None:
    """Window bounds before AD 1 overflowed 32-bit parameters on PostgreSQL: every BC window
    and every --to without --from failed."""
    store.add_event("Pyramid", HistDate.of_year(-2560))
    store.add_event("Ides of March", HistDate.of_day(-43, 3, 15))
    store.add_event("Augustus dies", HistDate.of_year(14))
    store.add_event("Deep past", HistDate.of_year(MIN_YEAR + 1))
    store.add_event("Far future", HistDate.of_year(MAX_YEAR - 1))
    store.add_event("Long age", HistDate.of_year(-9000), end=HistDate.of_year(1000))
    assert starts(store, EventFilter(end=parse_date("1 BC"))) == [
        "-999998",
        "-9000",
        "-2560",
        "-0043-03-15",
    ]
    assert starts(store, EventFilter(start=parse_date("3000 BC"), end=parse_date("2000 BC"))) == [
        "-9000",
        "-2560",
    ]
    assert starts(store, EventFilter(start=parse_date("AD 10"))) == ["-9000", "0014", "+999998"]
    everything = EventFilter(window_days=(-(10**15), 10**15))
    assert len(store.events(everything)) == 6
    assert store.count_events(EventFilter(end=parse_date("5th millennium BC"))) == 2


def test_bulk_inserts_take_their_ids_from_the_database(store: Store) -> None:
    """A bulk insert wrote its own ids and left PostgreSQL's sequence behind: the next insert
    failed with a duplicate key."""
    person = store.add_person("Cicero")
    store.bulk_add_events((f"e{i}", HistDate.of_year(i + 1), None, [person]) for i in range(50))
    added = store.add_event("After the bulk", HistDate.of_year(100), people=["Cicero"])
    store.bulk_add_events((f"f{i}", HistDate.of_year(i + 1), None, []) for i in range(10))
    ids = list(store.event_ids())
    assert len(ids) == len(set(ids)) == 61 and added in ids
    assert len(store.events(EventFilter(people=("Cicero",)))) == 51


def test_a_person_exists_once_per_folded_name(store: Store) -> None:
    first = store.add_person("Napoléon Bonaparte")
    assert store.add_person("NAPOLEON  bonaparte", aliases=["Boney"]) == first
    [napoleon] = store.people()
    assert napoleon.name == "Napoléon Bonaparte" and "Boney" in napoleon.aliases
    josephine = store.add_person("Joséphine")
    with pytest.raises(ValueError, match="merge"):
        store.rename_person(josephine, "napoleon bonaparte")
    store.rename_person(first, "Napoleon I")
    store.rename_person(josephine, "Napoléon Bonaparte")  # the name is free again
    assert sorted(p.name for p in store.people()) == ["Napoleon I", "Napoléon Bonaparte"]


TITLES = ["apple", "Banana", "banana split", "Ápple pie", "a b", "ab", "Zebra", "_under", "10", "9"]


def test_user_visible_sorts_do_not_depend_on_the_server(store: Store) -> None:
    """Titles sort by code point with ASCII case folded, names by code point, on both
    databases (a server's linguistic collation would put "a b" after "ab" and "_under" first)."""
    ids = {store.add_event(t, HistDate.of_year(1900), people=["émile", "Zed", "adam"]): t
           for t in TITLES}
    by_title = [ids[int(i)] for i in store.ordered_ids(order="title")]
    assert by_title == ["10", "9", "_under", "a b", "ab", "apple", "Banana", "banana split",
                        "Zebra", "Ápple pie"]  # fmt: skip
    assert store.events()[0].people == ("Zed", "adam", "émile")


def test_upgrading_merges_people_that_share_a_folded_name(db_target: str) -> None:
    engine = engine_mod.create_store_engine(db_target)
    engine_mod.upgrade(engine, "0003")
    with engine.begin() as conn:

        def insert(sql: str, **values) -> int:
            return conn.execute(text(sql + " RETURNING id"), values).scalar_one()

        people = [
            insert("INSERT INTO people (name) VALUES (:n)", n=n)
            for n in ("Nikita Khrushchev", "Nikita  KHRUSHCHEV", "Stalin")
        ]
        for pid, alias in zip(people, ("Nikita Khrushchev", "Khrushchev", "Stalin"), strict=True):
            conn.execute(
                text("INSERT INTO person_aliases (person_id, alias, key) VALUES (:p, :a, :k)"),
                {"p": pid, "a": alias, "k": alias.lower()},
            )
        event = insert(
            'INSERT INTO events (title, summary, start, "end", precision, approximate, lo_day, '
            "hi_day, span_level, places, origin) VALUES ('Elected', '', '1953', NULL, 3, false, "
            "712953, 713317, 9, '', 'extracted')"
        )
        for pid in people:
            conn.execute(text("INSERT INTO event_people VALUES (:e, :p)"), {"e": event, "p": pid})
    engine.dispose()
    with Store.open(db_target) as store:
        people = {p.name: p for p in store.people()}
        assert sorted(people) == ["Nikita Khrushchev", "Stalin"]
        assert people["Nikita Khrushchev"].aliases == ("Khrushchev",)
        assert people["Nikita Khrushchev"].event_count == 1
        assert store.events()[0].people == ("Nikita Khrushchev", "Stalin")
        engine_mod.upgrade(store.engine, "0003")  # and back, and forth again
        engine_mod.upgrade(store.engine)
        assert len(store.people()) == 2


def export(target: str, out: Path) -> dict:
    assert main(["--db", target, "export", "--json", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    for source in data["sources"]:
        source.pop("imported_at", None)
        source.pop("path", None)
    return data


@pytest.mark.backends("postgresql")  # compared with SQLite
def test_seeds_and_bc_sources_export_alike_on_both_databases(
    db_target: str, seeds: Path, tmp_path: Path, capsys
) -> None:
    bc = [DEMO, REPO / "tests" / "data" / "heldout2" / "cyrus-the-great-biography.txt"]
    reference = tmp_path / "reference.db"
    for target in (reference, db_target):
        assert main(["--db", str(target), "import", str(seeds), *map(str, bc)]) == 0
    assert "0 failed" in capsys.readouterr().out
    here = export(db_target, tmp_path / "here.json")
    assert here == export(str(reference), tmp_path / "reference.json")
    assert any(e["start"].startswith("-") for e in here["events"])
    capsys.readouterr()
    assert main(["--db", db_target, "events", "--json", "--to", "1 BC"]) == 0
    before_ad = json.loads(capsys.readouterr().out)
    assert before_ad and all(e["start"].startswith("-") for e in before_ad)
