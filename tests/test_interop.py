"""Interchange with other timeline tools: TimelineJS JSON and sheets, Timeline's .timeline
files, our own JSON; exports that those tools (and we) read back with the same dates."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from timeline_desktop.cli import main
from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import EventFilter, Origin
from timeline_desktop.export.csv_export import write_csv
from timeline_desktop.export.json_export import write_json
from timeline_desktop.export.timeline_export import write_timeline
from timeline_desktop.export.timelinejs_export import build_timelinejs, write_timelinejs
from timeline_desktop.ingest.pipeline import FileStatus, import_paths
from timeline_desktop.store.repository import Store

REPO = Path(__file__).resolve().parents[1]
INTEROP = REPO.parent / "shared" / "corpus" / "interop"
DEMO = REPO / "resources" / "demo"


def interop(name: str) -> Path:
    path = INTEROP / name
    if not path.is_file():
        pytest.skip("the shared interop corpus is not beside the repository")
    return path


def import_one(store: Store, path: Path):
    [result] = import_paths(store, [path]).files
    return result


def key(event) -> tuple:
    return (event.title, event.start.to_iso(), event.end.to_iso() if event.end else None)


# --- the real files ----------------------------------------------------------------------------


def _tjs_date(obj: dict) -> HistDate:
    year = int(str(obj["year"]).replace(",", ""))
    year = year + 1 if year < 0 else year
    if obj.get("month") in (None, ""):
        return HistDate(year)
    if obj.get("day") in (None, ""):
        return HistDate.of_month(year, int(obj["month"]))
    return HistDate.of_day(year, int(obj["month"]), int(obj["day"]))


@pytest.mark.parametrize(
    "name", ["timelinejs3-houston.json", "timelinejs3-eras.json", "timelinejs3-cosmo.json"]
)
def test_timelinejs_files_import_every_event_with_its_exact_date(store: Store, name: str) -> None:
    path = interop(name)
    data = json.loads(path.read_text(encoding="utf-8"))
    result = import_one(store, path)
    assert result.status == FileStatus.IMPORTED, result.error
    stored = sorted(store.events(), key=lambda e: e.id)
    expected, beyond = [], []
    for slide in data["events"]:
        year = int(slide["start_date"]["year"])
        if abs(year) > 999_999:  # cosmological scale: skipped, each named (see README)
            beyond.append(slide["text"]["headline"])
            continue
        start = _tjs_date(slide["start_date"])
        end = _tjs_date(slide["end_date"]) if slide.get("end_date") else None
        expected.append((start, None if end == start else end))
    assert [(e.start, e.end) for e in stored] == expected
    assert all(e.origin == Origin.IMPORTED for e in stored)
    assert result.skipped_count == len(beyond)
    for headline, message in zip(beyond, result.skipped, strict=True):
        assert headline in message and "beyond the supported range" in message
    [source] = store.sources()
    assert source.format == "timelinejs"
    for event in stored:
        [evidence] = event.evidence
        assert source.text[evidence.start : evidence.end] == evidence.quote


def test_timelinejs_details_title_media_eras(store: Store) -> None:
    import_one(store, interop("timelinejs3-houston.json"))
    assert store.sources()[0].title == "Whitney Houston 1963 - 2012"
    heritage = store.events(EventFilter(search="Musical Heritage"))[0]
    assert heritage.start == HistDate.of_day(1963, 8, 9)
    assert heritage.summary.startswith("Born in New Jersey on August 9th, 1963")
    assert "Media: /static/img/examples/houston/family.jpg" in heritage.summary
    import_one(store, interop("timelinejs3-eras.json"))
    assert [(p.name, p.start, p.end) for p in store.periods()] == [
        ("Era Test 600-650", HistDate(600), HistDate(650)),
        ("Era Test 650-700", HistDate(650), HistDate(700)),
        ("Era Test 700-720", HistDate(700), HistDate(720)),
    ]


def _timeline_day(text: str) -> HistDate:
    y, m, d = re.match(r"(-?\d+)-(\d+)-(\d+)", text).groups()  # type: ignore[union-attr]
    return HistDate.of_day(int(y), int(m), int(d))


@pytest.mark.parametrize(
    "name", ["yw-timeline-normal.timeline", "timelinejs-gregorian-sample.timeline"]
)
def test_timeline_files_import_every_event_with_its_exact_date(store: Store, name: str) -> None:
    path = interop(name)
    root = ET.fromstring(path.read_bytes())
    result = import_one(store, path)
    assert result.status == FileStatus.IMPORTED and result.skipped == ()
    stored = sorted(store.events(), key=lambda e: e.id)
    raw = root.findall("events/event")
    assert len(stored) == len(raw)
    for event, element in zip(stored, raw, strict=True):
        first = _timeline_day(element.findtext("start"))
        last = _timeline_day(element.findtext("end"))
        assert event.start == first
        assert event.end == (None if last == first else last)
    categories = {c.name: c for c in store.categories()}
    assert set(categories) == {c.findtext("name") for c in root.iterfind("categories/category")}


def test_timeline_containers_categories_and_eras(store: Store) -> None:
    import_one(store, interop("yw-timeline-normal.timeline"))
    titles = [e.title for e in sorted(store.events(), key=lambda e: e.id)]
    assert titles[0] == "Containy"  # "[2]Containy": a container
    assert "(3)Die <zweite> Szene" in titles  # " (3)…": an ordinary title
    assert "Termin" in titles  # no text: its description
    containy = store.events(EventFilter(search="Containy"))[0]
    assert containy.start == HistDate.of_day(-473, 3, 15)  # 474 BC
    bird = store.events(EventFilter(search="Bird"))[0]
    assert bird.category == "Item" and store.categories()[0].color == "#a0e6fa"

    import_one(store, interop("timelinejs-gregorian-sample.timeline"))
    barfoo = store.events(EventFilter(search="BarFoo"))[0]
    assert "Part of: Container" in barfoo.summary and barfoo.category == "Välkommen"
    assert [p.name for p in store.periods()] == ["Sample Era1", "Sample Era3"]
    assert store.periods()[0].color == "#eedbf0"


# --- refusals ----------------------------------------------------------------------------------

NUMERIC = """<?xml version="1.0" encoding="utf-8"?>
<timeline><version>2.4.0</version><timetype>numtime</timetype><categories/>
<events><event><start>1</start><end>5</end><text>A number</text></event></events>
<view/></timeline>"""
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<timeline><version>2.4.0</version><categories/><events><event><start>2000-01-01 00:00:00</start>
<end>2000-01-01 00:00:00</end><text>&lol2;</text></event></events><view/></timeline>"""


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("numbers.timeline", NUMERIC, "a numeric timeline (numtime)"),
        ("bomb.timeline", BOMB, "declares a document type (DOCTYPE)"),
        ("broken.timeline", "<timeline><events><event></timeline>", "not well-formed XML"),
        ("other.xml", "<html><body/></html>", "not a Timeline file"),
        ("broken.json", '{"events": [{"start_date": {"year": 1}}', "not valid JSON"),
        ("other.json", '{"rows": []}', "neither TimelineJS"),
    ],
)
def test_bad_interchange_files_are_refused_and_store_nothing(
    store: Store, tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = import_one(store, path)
    assert result.status == FileStatus.FAILED
    assert result.error.startswith(f"{name}: ") and message in result.error
    assert store.is_empty()


def test_interchange_files_are_recognised_by_content(store: Store, tmp_path: Path) -> None:
    copy = tmp_path / "houston-notes.txt"
    copy.write_bytes(interop("timelinejs3-houston.json").read_bytes())
    timeline = tmp_path / "scenes.xml"
    timeline.write_bytes(interop("yw-timeline-normal.timeline").read_bytes())
    report = import_paths(store, [copy, timeline])
    assert [f.status for f in report.files] == [FileStatus.IMPORTED] * 2
    assert sorted(s.format for s in store.sources()) == ["timeline", "timelinejs"]


# --- exports and round trips -------------------------------------------------------------------


@pytest.fixture
def filled(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "filled.db")
    paths = [DEMO]
    if INTEROP.is_dir():
        paths += [INTEROP / n for n in (
            "timelinejs3-houston.json", "timelinejs3-eras.json", "yw-timeline-normal.timeline",
            "timelinejs-gregorian-sample.timeline",
        )]  # fmt: skip
    report = import_paths(store, paths)
    assert not report.failed
    yield store
    store.close()


@pytest.mark.parametrize(
    ("suffix", "writer"),
    [(".json", write_timelinejs), (".timeline", write_timeline), (".csv", write_csv)],
)
def test_export_then_import_gives_the_same_events_and_dates(
    filled: Store, tmp_path: Path, suffix: str, writer
) -> None:
    out = tmp_path / f"out{suffix}"
    writer(filled, out)
    again = Store.open(tmp_path / "again.db")
    result = import_one(again, out)
    assert result.status == FileStatus.IMPORTED and result.skipped == (), result.skipped
    assert sorted(map(key, again.events())) == sorted(map(key, filled.events()))
    grouped = Counter((*key(e), e.category) for e in filled.events() if e.category)
    assert Counter((*key(e), e.category) for e in again.events()) >= grouped
    again.close()


def test_our_json_round_trip_keeps_everything_and_twice_changes_nothing(
    filled: Store, tmp_path: Path
) -> None:
    out = tmp_path / "ours.json"
    write_json(filled, out)
    again = Store.open(tmp_path / "again.db")
    assert import_one(again, out).status == FileStatus.IMPORTED

    def content(store: Store) -> list[tuple]:
        return sorted(
            (
                *key(e), e.people, e.places, e.origin, e.category,
                tuple((ev.quote, ev.stance, ev.start, ev.end) for ev in e.evidence),
            )
            for e in store.events()
        )  # fmt: skip

    assert content(again) == content(filled)
    assert {s.sha256: s.text for s in again.sources()} == {
        s.sha256: s.text for s in filled.sources()
    }
    assert {p.name: set(p.aliases) for p in again.people()} == {
        p.name: set(p.aliases) for p in filled.people()
    }
    assert [(p.name, p.start, p.end) for p in again.periods()] == [
        (p.name, p.start, p.end) for p in filled.periods()
    ]
    before = (again.count_events(), len(again.sources()), len(again.people()))
    assert import_one(again, out).status == FileStatus.DUPLICATE
    assert (again.count_events(), len(again.sources()), len(again.people())) == before
    # and into the store it came from: nothing new either
    assert import_one(filled, out).status == FileStatus.DUPLICATE
    again.close()


def test_timelinejs_export_has_the_structure_timelinejs_reads(filled: Store) -> None:
    doc = build_timelinejs(filled)
    json.dumps(doc)  # plain JSON
    assert set(doc) <= {"title", "events", "eras", "scale"}
    assert isinstance(doc["title"]["text"]["headline"], str)

    def check_date(obj: dict) -> None:
        assert set(obj) <= {"year", "month", "day", "hour", "minute", "second", "display_date"}
        assert all(isinstance(v, str) for v in obj.values())  # as TimelineJS's files write
        assert re.fullmatch(r"-?[1-9]\d*", obj["year"])  # no year 0, no commas
        if "month" in obj:
            assert 1 <= int(obj["month"]) <= 12
        if "day" in obj:
            assert "month" in obj and 1 <= int(obj["day"]) <= 31

    assert len(doc["events"]) == filled.count_events()
    for slide in doc["events"]:
        assert set(slide) <= {
            "start_date", "end_date", "text", "media", "group", "display_date", "background",
            "autolink", "unique_id",
        }  # fmt: skip
        check_date(slide["start_date"])
        if "end_date" in slide:
            check_date(slide["end_date"])
        assert set(slide["text"]) == {"headline", "text"}
        assert all(isinstance(v, str) for v in slide["text"].values())
        for key_ in ("group", "display_date", "unique_id"):
            assert isinstance(slide.get(key_, ""), str)
    for era in doc.get("eras", []):
        check_date(era["start_date"])
        check_date(era["end_date"])
        assert isinstance(era["text"]["headline"], str)
    ides = [
        s for s in doc["events"] if s["start_date"] == {"year": "-44", "month": "3", "day": "15"}
    ]
    assert ides and all("<blockquote>" in s["text"]["text"] for s in ides)  # 15 March 44 BC


TIMELINE_ORDER = ["version", "timetype", "eras", "categories", "events", "view", "now"]
EVENT_ORDER = [
    "start", "end", "text", "progress", "fuzzy", "fuzzy_start", "fuzzy_end", "locked",
    "ends_today", "category", "categories", "description", "labels", "alert", "hyperlink",
    "icon", "default_color", "milestone",
]  # fmt: skip
CATEGORY_ORDER = ["name", "color", "progress_color", "done_color", "font_color", "parent"]
TIME = re.compile(r"-?\d+-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")


def in_order(children: list[str], order: list[str]) -> bool:
    positions = [order.index(c) for c in children]  # unknown tags raise
    return positions == sorted(positions) and len(set(children)) == len(children)


def test_timeline_export_keeps_the_order_and_types_timeline_reads(
    filled: Store, tmp_path: Path
) -> None:
    out = tmp_path / "out.timeline"
    write_timeline(filled, out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(out.read_bytes())
    assert root.tag == "timeline"
    assert in_order([c.tag for c in root], TIMELINE_ORDER)
    assert root.findtext("version").startswith("2.")
    assert root.findtext("timetype") == "gregoriantime"
    defined: list[str] = []
    for category in root.iterfind("categories/category"):
        assert in_order([c.tag for c in category], CATEGORY_ORDER)
        assert re.fullmatch(r"\d{1,3},\d{1,3},\d{1,3}", category.findtext("color"))
        parent = category.findtext("parent")
        assert parent is None or parent in defined  # parents come first
        defined.append(category.findtext("name"))
    events = root.findall("events/event")
    assert len(events) == filled.count_events()
    for event in events:
        assert in_order([c.tag for c in event], EVENT_ORDER)
        assert [c.tag for c in event][:3] == ["start", "end", "text"]
        assert TIME.fullmatch(event.findtext("start")) and TIME.fullmatch(event.findtext("end"))
        for flag in ("fuzzy", "locked", "ends_today"):
            assert event.findtext(flag) in ("True", "False")
        category = event.findtext("category")
        assert category is None or category in defined
    for era in root.iterfind("eras/era"):
        assert [c.tag for c in era][:3] == ["name", "start", "end"]
    ides = filled.count_events(
        EventFilter(start=HistDate.of_day(-43, 3, 15), end=HistDate.of_day(-43, 3, 15))
    )
    starts = [e.findtext("start") for e in events]
    assert starts.count("-43-03-15 00:00:00") >= 1 and ides  # 44 BC: astronomical, unpadded


GROUPED = {  # a small TimelineJS file of our own, with a group, for filter tests
    "title": {"text": {"headline": "Swedish kings"}},
    "events": [
        {"start_date": {"year": "1523", "month": "6", "day": "6"},
         "text": {"headline": "Gustav Vasa is elected king"}, "group": "Välkommen"},
        {"start_date": {"year": "1611"},
         "text": {"headline": "Gustavus Adolphus comes to the throne"}, "group": "Välkommen"},
    ],
}  # fmt: skip


def test_exports_honour_the_filters(filled: Store, tmp_path: Path, capsys) -> None:
    grouped = tmp_path / "kings.json"
    grouped.write_text(json.dumps(GROUPED), encoding="utf-8")
    assert not import_paths(filled, [grouped]).failed
    db = filled.url.removeprefix("sqlite:///")
    out = tmp_path / "battles.csv"
    code = main(["--db", db, "export", "--csv", str(out), "--from", "1700", "--to", "1800"])
    assert code == 0
    rows = out.read_text(encoding="utf-8").splitlines()[1:]
    expected = filled.count_events(EventFilter(start=HistDate(1700), end=HistDate(1800)))
    assert len([r for r in rows if not r.endswith(",era,,,,,")]) == expected > 0
    out = tmp_path / "group.json"
    assert main(["--db", db, "export", "--timelinejs", str(out), "--category", "välkommen"]) == 0
    slides = json.loads(out.read_text(encoding="utf-8"))["events"]
    assert slides and all(s.get("group") == "Välkommen" for s in slides)
    capsys.readouterr()
    assert main(["--db", db, "events", "--json", "--category", "Välkommen"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == len(slides) and {e["category"] for e in listed} == {"Välkommen"}


def test_a_folder_skips_json_and_xml_files_that_are_no_timelines(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "package.json").write_text('{"name": "x", "version": "1.0.0"}')
    (folder / "sitemap.xml").write_text("<urlset><url><loc>https://x</loc></url></urlset>")
    (folder / "houston.json").write_bytes(interop("timelinejs3-houston.json").read_bytes())
    report = import_paths(store, [folder])
    assert [f.name for f in report.files] == ["houston.json"]
    assert sorted(f.name for f in report.unsupported) == ["package.json", "sitemap.xml"]
    assert not report.failed
