"""Versions of structured files: a changed CSV, TimelineJS or Timeline file imported again is
the next version of its source, never a second source corroborating the first; rows that did
not change keep their events, and the user's corrections survive."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from timeline_desktop.domain.dates import parse_date
from timeline_desktop.domain.model import Event
from timeline_desktop.ingest import structured_import
from timeline_desktop.ingest.pipeline import FileResult, FileStatus, import_paths
from timeline_desktop.store.curation import Passage
from timeline_desktop.store.repository import Store
from timeline_desktop.store.versions import source_versions, version_text

pytestmark = pytest.mark.backends  # the same on SQLite and PostgreSQL

Row = tuple[str, str, str]  # date (ISO), title, text

ROWS: list[Row] = [
    ("1066-10-14", "Battle of Hastings", "William of Normandy defeats Harold Godwinson."),
    ("1215-06-15", "Magna Carta sealed", "King John seals the charter at Runnymede."),
    ("1455-05-22", "First Battle of St Albans", "The Wars of the Roses begin."),
    ("1588-08-08", "Armada defeated", "The Spanish fleet is beaten off Gravelines."),
    ("1666-09-02", "Great Fire of London", "The fire starts in Pudding Lane."),
    ("1707-05-01", "Acts of Union", "England and Scotland become one kingdom."),
]
CHANGED: list[Row] = [
    ROWS[0],
    ROWS[1],
    ("1455-05-22", "First Battle of St Albans", "The Wars of the Roses break out."),  # text
    ROWS[3],
    # the Great Fire row is gone
    ROWS[5],
    ("1815-06-18", "Battle of Waterloo", "Napoleon is defeated in Belgium."),  # new
]


def write_csv(path: Path, rows: list[Row]) -> None:
    lines = ["date,title,text"] + [f'{d},{t},"{x}"' for d, t, x in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_timelinejs(path: Path, rows: list[Row]) -> None:
    def date(iso: str) -> dict:
        y, m, d = iso.split("-")
        return {"year": y, "month": str(int(m)), "day": str(int(d))}

    events = [{"start_date": date(d), "text": {"headline": t, "text": x}} for d, t, x in rows]
    data = {"title": {"text": {"headline": "English history"}}, "events": events}
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def write_timeline(path: Path, rows: list[Row]) -> None:
    events = "".join(
        f"<event><start>{d} 00:00:00</start><end>{d} 00:00:00</end><text>{t}</text>"
        f"<fuzzy>False</fuzzy><locked>False</locked><ends_today>False</ends_today>"
        f"<description>{x}</description></event>"
        for d, t, x in rows
    )
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<timeline><version>2.4.0</version>'
        f"<timetype>gregoriantime</timetype><categories></categories><events>{events}"
        "</events><view><displayed_period><start>1000-01-01 00:00:00</start>"
        "<end>1900-01-01 00:00:00</end></displayed_period></view></timeline>\n",
        encoding="utf-8",
    )


WRITERS: dict[str, tuple[str, Callable[[Path, list[Row]], None]]] = {
    "csv": ("history.csv", write_csv),
    "timelinejs": ("history.json", write_timelinejs),
    "timeline": ("history.timeline", write_timeline),
}


def import_one(store: Store, path: Path) -> FileResult:
    [result] = import_paths(store, [path]).files
    return result


def by_title(store: Store) -> dict[str, Event]:
    events = store.events()
    counts = Counter(e.title for e in events)
    assert all(n == 1 for n in counts.values()), counts  # no duplicate events
    return {e.title: e for e in events}


def assert_sound(store: Store) -> None:
    """Every quote is the text it points at, and no event is supported by two versions of
    one file, nor by two rows of it."""
    for event in store.events():
        for ev in event.evidence:
            if ev.in_version is None:
                text = store.source(ev.source_id).text
            else:
                text = version_text(store, ev.source_id, ev.in_version)
            assert text[ev.start : ev.end] == ev.quote, (event.title, ev)
        current = [ev for ev in event.evidence if ev.in_version is None]
        assert len({ev.source_id for ev in current}) == len(current), event.title


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_a_changed_structured_file_is_a_new_version(store: Store, tmp_path: Path, fmt: str) -> None:
    name, write = WRITERS[fmt]
    path = tmp_path / name
    write(path, ROWS)
    assert import_one(store, path).status == FileStatus.IMPORTED
    first = by_title(store)
    edited = first["Magna Carta sealed"]
    store.curation.edit_event(edited.id, title="Magna Carta")

    write(path, CHANGED)
    result = import_one(store, path)

    assert result.status == FileStatus.UPDATED, result
    assert result.events == 2  # the changed row and the new one
    [source] = store.sources()
    assert source.format == fmt and source.version == 2
    assert "Waterloo" in source.text and "Pudding Lane" not in source.text
    [old, current] = source_versions(store, source.id)
    assert "Pudding Lane" in old.text and current.text == source.text
    now = by_title(store)
    assert set(now) == {
        "Battle of Hastings", "Magna Carta", "First Battle of St Albans", "Armada defeated",
        "Acts of Union", "Battle of Waterloo",
    }  # fmt: skip
    # unchanged rows keep their events; the user's edit of one of them is kept
    for title in ("Battle of Hastings", "Armada defeated", "Acts of Union"):
        assert now[title].id == first[title].id
    assert now["Magna Carta"].id == edited.id and now["Magna Carta"].origin == edited.origin
    assert [ev.in_version for ev in now["Magna Carta"].evidence] == [None]
    assert "The Wars of the Roses break out." in now["First Battle of St Albans"].summary
    for event in now.values():  # one source, one row each: nothing corroborates itself
        assert [ev.source_id for ev in event.evidence] == [source.id], event.title
    assert_sound(store)

    # the old file again is a third version (as for prose), the same bytes a duplicate
    write(path, ROWS)
    assert import_one(store, path).status == FileStatus.UPDATED
    [source] = store.sources()
    assert source.version == 3
    again = by_title(store)
    assert set(again) == set(first) - {"Magna Carta sealed"} | {"Magna Carta"}
    assert again["Acts of Union"].id == first["Acts of Union"].id
    assert again["Magna Carta"].id == edited.id
    assert_sound(store)
    assert import_one(store, path).status == FileStatus.DUPLICATE
    assert [v.version for v in source_versions(store, source.id)] == [1, 2, 3]


def test_an_old_copy_elsewhere_adds_nothing(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    write_csv(path, ROWS)
    import_one(store, path)
    write_csv(path, CHANGED)
    import_one(store, path)
    copy = tmp_path / "copy of history.csv"
    write_csv(copy, ROWS)
    result = import_one(store, copy)
    assert result.status == FileStatus.DUPLICATE
    assert "version 1" in result.warnings[0]
    assert len(store.sources()) == 1


def test_a_changed_row_keeps_its_event_when_only_its_people_changed(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text("date,event,people\n1066-10-14,Battle of Hastings,William\n")
    import_one(store, path)
    [event] = store.events()
    path.write_text("date,event,people\n1066-10-14,Battle of Hastings,William;Harold\n")
    assert import_one(store, path).status == FileStatus.UPDATED
    [now] = store.events()
    assert now.id == event.id and sorted(now.people) == ["Harold", "William"]
    assert_sound(store)


def test_corrections_survive_a_new_version(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    write_csv(path, ROWS)
    import_one(store, path)
    [source] = store.sources()
    c = store.curation
    events = by_title(store)
    c.reject([events["Armada defeated"].id])
    # a passage of the Great Fire row (which the new file drops) as a new event's evidence
    start = source.text.index("The fire starts")
    end = source.text.index("Pudding Lane.") + len("Pudding Lane.")
    manual = c.add_event(
        "The fire begins", parse_date("2 September 1666"),
        passages=[Passage(source.id, start, end)],
    )  # fmt: skip
    # the Hastings line detached from its event (the user says it is not evidence of it)
    hastings = events["Battle of Hastings"]
    [line] = hastings.evidence
    c.detach(line.id)
    history = len(c.history())

    write_csv(path, [("1000-01-01", "Millennium", "A new first row."), *CHANGED])
    result = import_one(store, path)

    assert result.status == FileStatus.UPDATED
    assert any("no longer in the changed file" in w for w in result.warnings)
    # the rejected row stays rejected and is not imported again
    assert store.event(events["Armada defeated"].id).rejected
    assert "Armada defeated" not in by_title(store)
    # the manual event keeps its passage, in the version it came from
    [kept] = store.event(manual).evidence
    assert kept.in_version == 1 and "Pudding Lane" in kept.quote
    # the detached line is not attached again, nor made an event of its own
    assert store.event(hastings.id).evidence == ()
    assert not [e for e in store.events() if any("Hastings" in ev.quote for ev in e.evidence)]
    assert_sound(store)
    assert len(c.history()) == history  # a new version is not a user edit
    c.undo()  # the detach, recorded on the old text: the line comes back where it now is
    [back] = store.event(hastings.id).evidence
    assert store.source(source.id).text[back.start : back.end] == back.quote
    assert back.start > 0  # moved below the new first row
    assert_sound(store)


def test_a_new_version_never_corroborates_the_old_but_still_corroborates_others(
    store: Store, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("The Battle of Waterloo was fought on 18 June 1815 near Brussels.\n")
    import_one(store, notes)
    [waterloo] = store.events()
    path = tmp_path / "history.csv"
    write_csv(path, ROWS)
    import_one(store, path)
    # the new version's Waterloo row supports the notes' event, as a new file's would
    write_csv(path, CHANGED)
    result = import_one(store, path)
    assert result.status == FileStatus.UPDATED and result.corroborated == 1
    supported = store.event(waterloo.id)
    assert len({ev.source_id for ev in supported.evidence}) == 2
    # re-importing with a reworded row: the rows of one file still never merge
    reworded = [*CHANGED, ("1066-10-14", "Hastings", "The Normans win at Hastings.")]
    write_csv(path, reworded)
    import_one(store, path)
    hastings = [e for e in store.events() if e.start == parse_date("14 October 1066")]
    assert len(hastings) == 2
    assert_sound(store)


def test_a_large_file_in_parts(store: Store, tmp_path: Path, monkeypatch) -> None:
    """Parts that did not change stay as they are; rows that moved keep their events."""
    monkeypatch.setattr(structured_import, "PART_CHARS", 600)
    rows = [
        (f"{1800 + i}-01-{1 + i % 28:02d}", f"Event {i}", f"Row number {i}.") for i in range(90)
    ]
    path = tmp_path / "big.csv"
    write_csv(path, rows)
    import_one(store, path)
    parts = store.sources()
    assert len(parts) > 4
    first = by_title(store)
    texts = {s.id: s.text for s in parts}

    changed = [*rows[1:45], rows[0], *rows[45:]]  # the first row moved to the middle
    reworded = changed[60][1]
    changed[60] = (changed[60][0], reworded, "Reworded.")
    del changed[70]
    changed.insert(30, ("1950-05-05", "Inserted", "A new row."))
    changed.insert(50, ("1999-12-31", "Also new", "Another new row."))
    write_csv(path, changed)
    result = import_one(store, path)

    assert result.status == FileStatus.UPDATED
    now = by_title(store)
    assert set(now) == {t for _, t, _ in changed}
    for title, event in now.items():
        if title in first and title != reworded:
            assert event.id == first[title].id, title
    assert now["Event 0"].id == first["Event 0"].id  # moved into another part
    assert now[reworded].id != first[reworded].id  # its text changed: a new event
    after = store.sources()
    assert {s.id for s in parts} <= {s.id for s in after}
    assert {s.version for s in after} == {2}
    untouched = [s for s in after if s.id in texts and s.text == texts[s.id]]
    assert untouched  # the parts after the last change are cut where they were
    assert_sound(store)
    assert len(store.events()) == len(changed)
