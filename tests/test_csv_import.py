"""CSV/TSV chronologies at scale: column detection by header, tolerant rows, one event per
row with its row as evidence, bounded parts, corroboration with other sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline_desktop.cli import main
from timeline_desktop.domain.dates import HistDate, Precision
from timeline_desktop.domain.model import EventFilter, Origin, Stance
from timeline_desktop.ingest import structured_import
from timeline_desktop.ingest.pipeline import FileStatus, import_paths
from timeline_desktop.ingest.readers import stream
from timeline_desktop.store.repository import Store


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def import_one(store: Store, path: Path):
    report = import_paths(store, [path])
    [result] = report.files
    return result


def assert_evidence_exact(store: Store) -> None:
    texts = {s.id: s.text for s in store.sources()}
    for event in store.events():
        for ev in event.evidence:
            assert texts[ev.source_id][ev.start : ev.end] == ev.quote
            assert "\n" not in ev.quote


# --- header layouts ----------------------------------------------------------------------------


LAYOUTS = {
    "plain": (
        "date,event,people,place\n"
        "1953-03-05,Stalin dies,Joseph Stalin,Moscow\n"
        "c. 1350,Black Death reaches Norway,,Bergen\n",
        ["1953-03-05", "1350~"],
        ["Stalin dies", "Black Death reaches Norway"],
    ),
    "upper case, semicolons, title and text": (
        "DATE;TITLE;DESCRIPTION;PERSONS\n"
        "44 BC;Caesar killed;Stabbed in the theatre of Pompey;Julius Caesar, Brutus\n"
        "1340s;Plague years;Across Europe;\n",
        ["-0043", "134X"],
        ["Caesar killed", "Plague years"],
    ),
    "synonyms": (
        "When,What,Who,Where,Category,URL\n"
        "5 May 1789,Estates-General opens,Louis XVI;Jacques Necker,Versailles,Politics,"
        "https://example.org/eg\n",
        ["1789-05-05"],
        ["Estates-General opens"],
    ),
    "start and end date (old sheets)": (
        "Start Date,End Date,Headline,Text\n"
        "1618,1648,Thirty Years' War,<p>A war in <b>central Europe</b></p>\n",
        ["1618"],
        ["Thirty Years' War"],
    ),
    "only a description": (
        "year,description\n1492,Columbus reaches the Bahamas. He thinks it is Asia.\n",
        ["1492"],
        ["Columbus reaches the Bahamas."],
    ),
    "index column and unknown columns": (
        ",Date,Event,Country,Researcher/Mission\n"
        "0,1610,First telescopic observation of the sky,Venice,Galileo Galilei\n",
        ["1610"],
        ["First telescopic observation of the sky"],
    ),
    "fuzzy column names with a fallback date": (
        "label,hdate,hdate_end,approx_year\n"
        "London founded,Between 47 and 50,,50\n"
        "Some battle,sometime,,-55\n",
        ["0047", "-0054"],
        ["London founded", "Some battle"],
    ),
}


@pytest.mark.parametrize("name", LAYOUTS)
def test_header_layouts(store: Store, tmp_path: Path, name: str) -> None:
    text, starts, titles = LAYOUTS[name]
    result = import_one(store, write(tmp_path, "chronology.csv", text))
    assert result.status == FileStatus.IMPORTED, result.error
    assert result.skipped == ()
    events = sorted(store.events(), key=lambda e: e.title)
    assert sorted(e.title for e in events) == sorted(titles)
    by_title = {e.title: e for e in events}
    assert [by_title[t].start.to_iso() for t in titles] == starts
    assert all(e.origin == Origin.IMPORTED for e in events)
    assert_evidence_exact(store)


def test_layout_details_people_places_category_end_and_extras(store: Store, tmp_path: Path) -> None:
    import_one(store, write(tmp_path, "a.csv", LAYOUTS["synonyms"][0]))
    [event] = store.events()
    assert event.people == ("Jacques Necker", "Louis XVI")
    assert event.places == ("Versailles",)
    assert "Source: https://example.org/eg" in event.summary
    assert event.evidence[0].quote == (
        "5 May 1789 — Estates-General opens (People: Louis XVI, Jacques Necker; "
        "Place: Versailles; Group: Politics; Source: https://example.org/eg)"
    )
    assert store.category_names() == ["Politics"]

    import_one(store, write(tmp_path, "b.csv", LAYOUTS["start and end date (old sheets)"][0]))
    war = store.events(EventFilter(search="Thirty"))[0]
    assert (war.start, war.end) == (HistDate(1618), HistDate(1648))
    assert war.summary == "A war in central Europe"  # HTML read as text

    import_one(store, write(tmp_path, "c.csv", LAYOUTS["index column and unknown columns"][0]))
    sky = store.events(EventFilter(search="telescopic"))[0]
    assert sky.evidence[0].quote.endswith("(Place: Venice; Researcher/Mission: Galileo Galilei)")


# --- a precise date beside an approximate one, and who did it ---------------------------------


@pytest.mark.parametrize(
    "header, row",
    [
        ("label,approx_year,hdate,hdate_end", "Harbour wall rebuilt,1790,3 May 1788,9 Jun 1791"),
        ("label,hdate,hdate_end,approx_year", "Harbour wall rebuilt,3 May 1788,9 Jun 1791,1790"),
        ("Approximate date,Exact date,Exact date end,What",
         "1790,3 May 1788,9 Jun 1791,Harbour wall rebuilt"),
        ("title,circa year,date,end date", "Harbour wall rebuilt,1790,3 May 1788,9 Jun 1791"),
    ],
)  # fmt: skip
def test_the_precise_date_column_wins_over_an_approximate_one(
    store: Store, tmp_path: Path, header: str, row: str
) -> None:
    result = import_one(store, write(tmp_path, "wall.csv", f"{header}\n{row}\n"))
    assert result.status == FileStatus.IMPORTED, result.error
    [event] = store.events()
    assert (event.start, event.end) == (HistDate.of_day(1788, 5, 3), HistDate.of_day(1791, 6, 9))
    assert_evidence_exact(store)


def test_an_approximate_date_serves_when_the_precise_cell_is_empty(
    store: Store, tmp_path: Path
) -> None:
    text = "label,approx_year,hdate\nHarbour wall rebuilt,1790,\n"
    import_one(store, write(tmp_path, "wall.csv", text))
    [event] = store.events()
    assert event.start == HistDate(1790)


@pytest.mark.parametrize(
    "header", ["Researcher/Mission", "Author", "Actor", "Lead scientist", "Inventor"]
)
def test_a_column_of_who_did_it_feeds_the_events_people(
    store: Store, tmp_path: Path, header: str
) -> None:
    text = (
        f"date,event,{header}\n"
        "1901,First sounding of the Vardo trench,Marta Ilves\n"
        '1902,Second sounding of the trench,"Dr. Anton Varga, Lise Moreau"\n'
        "1903,Trench mapped from the air,Kestrel 2 probe\n"
    )
    result = import_one(store, write(tmp_path, "soundings.csv", text))
    assert result.status == FileStatus.IMPORTED, result.error
    people = {e.start.year: set(e.people) for e in store.events()}
    assert people[1901] == {"Marta Ilves"}
    assert people[1902] == {"Anton Varga", "Lise Moreau"}
    assert people[1903] == set()  # a probe is no person
    assert "Kestrel 2 probe" not in {p.name for p in store.people()}
    assert_evidence_exact(store)


@pytest.mark.parametrize("header", ["People", "Who", "Person(s)", "Persons"])
def test_a_column_of_people_is_taken_as_written_but_for_things(
    store: Store, tmp_path: Path, header: str
) -> None:
    text = (
        f"date,event,{header}\n"
        '1902,Second sounding of the trench,"Dr. Anton Varga; Lise Moreau"\n'
        "1903,Trench station opened,Vardo Research Station\n"
    )
    import_one(store, write(tmp_path, "soundings.csv", text))
    people = {e.start.year: set(e.people) for e in store.events()}
    assert people == {1902: {"Dr. Anton Varga", "Lise Moreau"}, 1903: set()}


def test_a_mixed_column_shows_as_the_sheet_writes_it(store: Store, tmp_path: Path) -> None:
    text = ",Date,Event,Researcher/Mission\n0,1903,Trench mapped from the air,Kestrel 2\n"
    import_one(store, write(tmp_path, "soundings.csv", text))
    [event] = store.events()
    assert (
        event.evidence[0].quote
        == "1903 — Trench mapped from the air (Researcher/Mission: Kestrel 2)"
    )


TIMELINEJS_SHEET = (
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,"
    "Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"
    ",,,,,,,,,Napoleonic Wars,A <i>sheet</i> timeline,,,,,title,,\n"
    "1815,12,10,,,,,,,Ada Lovelace born,Daughter of Lord Byron,"
    "https://example.org/ada.jpg,Portrait,A painting,,,People,\n"
    "1815,6,18,14:30,1815,6,18,20:00,,Battle of Waterloo,,,,,,,Battles,#ff0000\n"
    "1803,5,,,1815,11,,,,Napoleonic era,,,,,,era,,\n"
    "-500,,,,,,,,,Five hundred BC,,,,,,,,\n"
    "1812,06,24,,1812,12,14,,summer and autumn 1812,Invasion of Russia,,,,,,,Battles,\n"
)


def test_timelinejs_sheet_keeps_day_precision_groups_title_and_eras(
    store: Store, tmp_path: Path
) -> None:
    result = import_one(store, write(tmp_path, "sheet.csv", TIMELINEJS_SHEET))
    assert result.status == FileStatus.IMPORTED and result.skipped == ()
    events = {e.title: e for e in store.events()}
    assert set(events) == {
        "Ada Lovelace born", "Battle of Waterloo", "Five hundred BC", "Invasion of Russia",
    }  # fmt: skip
    ada = events["Ada Lovelace born"]
    assert ada.start == HistDate.of_day(1815, 12, 10) and ada.start.precision is Precision.DAY
    assert "Media: https://example.org/ada.jpg — A painting — credit: Portrait" in ada.summary
    waterloo = events["Battle of Waterloo"]
    assert waterloo.start == HistDate.of_day(1815, 6, 18) and waterloo.end is None
    assert waterloo.evidence[0].quote.startswith("18 June 1815, 14:30 — Battle of Waterloo")
    assert events["Five hundred BC"].start == HistDate(-499)  # TimelineJS years: no year 0
    russia = events["Invasion of Russia"]
    assert (russia.start, russia.end) == (
        HistDate.of_day(1812, 6, 24),
        HistDate.of_day(1812, 12, 14),
    )
    assert russia.evidence[0].quote.startswith("summer and autumn 1812 — ")  # Display Date
    [source] = store.sources()
    assert source.title == "Napoleonic Wars"
    assert sorted(store.category_names()) == ["Battles", "People"]
    battles = store.events(EventFilter(categories=("battles",)))
    assert [e.title for e in battles] == ["Invasion of Russia", "Battle of Waterloo"]
    assert {e.category for e in battles} == {"Battles"}
    [era] = store.periods()
    assert (era.name, era.start, era.end) == (
        "Napoleonic era", HistDate.of_month(1803, 5), HistDate.of_month(1815, 11),
    )  # fmt: skip


# --- bad rows ----------------------------------------------------------------------------------

GOOD = "1789-07-14,Bastille stormed,Bernard-René de Launay\n"
BAD_ROWS = {
    "too few fields": ("1790,only two\n", "line 3: expected 3 fields as in the header, found 2"),
    "too many fields, ambiguous": (
        "1790,a,b,c,d\n", "line 3: expected 3 fields as in the header, found 5",
    ),
    "unreadable date": ("the day after,Something,\n", "line 3: unreadable date 'the day after'"),
    "no date": (",A row without a date,\n", "line 3: no date"),
    "unclosed quote": (
        '1791,"Flight to Varennes,Louis XVI\n',
        "line 3: a quoted field opened on this line is never closed",
    ),
    "end before start": ("", ""),
    "year beyond the date type": (
        "-13800000000,Big Bang,\n",
        "line 3: year -13,800,000,000 is beyond the supported range",
    ),
    "ambiguous day and month": (
        "03/04/1953,Something,\n", "line 3: ambiguous date '03/04/1953'",
    ),
}  # fmt: skip


@pytest.mark.parametrize("kind", [k for k in BAD_ROWS if BAD_ROWS[k][0]])
def test_a_bad_row_is_skipped_and_named_the_good_rows_import(
    store: Store, tmp_path: Path, kind: str
) -> None:
    bad, message = BAD_ROWS[kind]
    text = "date,event,people\n" + GOOD + bad + "1792-09-21,Republic proclaimed,\n" + GOOD
    result = import_one(store, write(tmp_path, "broken.csv", text))
    assert result.status == FileStatus.IMPORTED
    assert result.skipped_count == 1
    assert result.skipped[0].startswith(message), result.skipped
    assert result.events == 3  # the two copies of the Bastille row stay two events
    titles = sorted(e.title for e in store.events())
    assert titles == ["Bastille stormed", "Bastille stormed", "Republic proclaimed"]
    assert_evidence_exact(store)


def test_end_date_before_start_and_unreadable_end_are_skipped(store: Store, tmp_path: Path) -> None:
    text = (
        "date,end,event\n1950,1940,Backwards\n1950,soon,Vague end\n1950,1955,Fine\n"
        "1960-1950,,Backwards range\n"
    )
    result = import_one(store, write(tmp_path, "ends.csv", text))
    assert result.skipped == (
        "line 2: the end date '1940' is before the start '1950'",
        "line 3: end date: unreadable date 'soon'",
        "line 5: the date range 1960 – 1950 ends before it starts",
    )
    assert [e.title for e in store.events()] == ["Fine"]


def test_one_surplus_field_is_joined_into_the_text_with_a_warning(
    store: Store, tmp_path: Path
) -> None:
    text = (
        "date,end,event,people\n"
        "1898-08-13,,Arrest in Manila, after the siege,Emilio Aguinaldo;George Dewey\n"
        "1899-02-04,1899-02-05,Battle of Manila,Arthur MacArthur\n"
    )
    result = import_one(store, write(tmp_path, "manila.csv", text))
    assert result.skipped == ()
    assert result.warnings == (
        "line 2: one field more than the header; the extra comma was taken as part of the "
        "'event' text",
    )
    arrest = store.events(EventFilter(search="arrest"))[0]
    assert arrest.title == "Arrest in Manila, after the siege"
    assert arrest.people == ("Emilio Aguinaldo", "George Dewey")
    assert arrest.start == HistDate.of_day(1898, 8, 13)


def test_surplus_field_when_two_text_columns_disagree_is_skipped(
    store: Store, tmp_path: Path
) -> None:
    text = "date,title,people,description\n1900,A, b,Someone,Text\n1901,Fine,,Text\n"
    result = import_one(store, write(tmp_path, "two.csv", text))
    assert result.skipped == ("line 2: expected 4 fields as in the header, found 5",)
    assert [e.title for e in store.events()] == ["Fine"]


def test_quoted_multiline_cells_and_a_stray_quote_later(store: Store, tmp_path: Path) -> None:
    text = (
        'date,event\n1914,"War begins\nin August"\n1918,Armistice\n'
        '1919,"Treaty of Versailles\n1920,League of Nations\n1921,Something else\n'
    )
    result = import_one(store, write(tmp_path, "ww1.csv", text))
    assert result.skipped == ("line 5: a quoted field opened on this line is never closed",)
    titles = [e.title for e in store.events()]
    assert titles == ["War begins in August", "Armistice", "League of Nations", "Something else"]
    assert_evidence_exact(store)


def test_a_file_of_only_bad_rows_fails_naming_them(store: Store, tmp_path: Path) -> None:
    result = import_one(store, write(tmp_path, "bad.csv", "date,event\nsoon,x\nlater,y\n"))
    assert result.status == FileStatus.FAILED
    assert "no events could be read" in result.error and "line 2: unreadable date" in result.error
    assert store.is_empty()


def test_preamble_above_the_header_is_a_warning(store: Store, tmp_path: Path) -> None:
    text = "Timeline of the space race\n\ndate,event\n1957-10-04,Sputnik 1 launched\n"
    result = import_one(store, write(tmp_path, "space.csv", text))
    assert result.warnings == ("line 1: not part of the table (above its header)",)
    assert [e.start for e in store.events()] == [HistDate.of_day(1957, 10, 4)]


# --- one event per row, parts, duplicates, cancelling -------------------------------------------


def test_rows_never_merge_with_each_other(store: Store, tmp_path: Path) -> None:
    rows = [
        "1899-03-01,Arrest in Manila #1,Person A;Person B",
        "1899-03-01,Arrest in Manila #2,Person A;Person B",
        "1899-03-01,Arrest in Manila #2,Person A;Person B",
        "1899,Arrest in Boston #3,Person A",
        "1899-03,Arrest in Manila,Person B",
    ]
    result = import_one(store, write(tmp_path, "rows.csv", "date,event,people\n" + "\n".join(rows)))
    assert result.events == 5 and store.count_events() == 5
    assert all(len(e.evidence) == 1 for e in store.events())


def test_big_files_are_stored_in_parts_with_exact_quotes(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(structured_import, "PART_CHARS", 2000)
    lines = [
        f"{1800 + i % 200}-0{1 + i % 9}-1{i % 10},Event number {i},Person {i % 7}"
        for i in range(300)
    ]
    path = write(tmp_path, "many.csv", "date,event,people\n" + "\n".join(lines) + "\n")
    result = import_one(store, path)
    assert result.events == 300 and result.people == 7
    sources = store.sources()
    assert len(sources) > 5
    assert sources[0].title.startswith("Many (line 2–")
    assert sources[-1].title.endswith("–301)")
    assert len({s.sha256 for s in sources}) == len(sources)
    assert sources[0].sha256 == stream.file_sha256(path)
    assert_evidence_exact(store)
    again = import_one(store, path)
    assert again.status == FileStatus.DUPLICATE
    assert store.count_events() == 300


def test_streaming_decode_of_files_above_the_document_limit(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "MAX_BYTES", 100)
    text = "date;event;people\n1815-06-18;Bataille de Waterloo;Napoléon\n" * 1
    text += "".join(f"18{i:02d};Année {i};Jérôme\n" for i in range(40))
    path = write(tmp_path, "fr.csv", text, encoding="cp1252")
    result = import_one(store, path)
    assert result.status == FileStatus.IMPORTED and result.events == 41
    [source] = store.sources()
    assert source.encoding.lower() in ("cp1252", "windows-1252", "latin-1", "iso-8859-1")
    assert "Napoléon" in source.text and "Année 5" in source.text


def test_cancelling_a_big_file_keeps_nothing_of_it(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(structured_import, "PART_CHARS", 500)
    rows = "".join(f"{1900 + i},Event {i}\n" for i in range(200))
    path = write(tmp_path, "long.csv", "year,event\n" + rows)
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3  # after the file has started

    report = import_paths(store, [path], cancelled=cancelled)
    assert report.cancelled and report.files[0].status == FileStatus.CANCELLED
    assert store.is_empty()


# --- other sources ------------------------------------------------------------------------------


def test_rows_corroborate_or_contradict_events_of_other_sources(
    store: Store, tmp_path: Path
) -> None:
    prose = write(
        tmp_path,
        "stalin.txt",
        "Joseph Stalin died on 5 March 1953 at his dacha near Moscow. "
        "Yuri Gagarin flew into space on 12 April 1961.\n",
    )
    import_paths(store, [prose])
    before = store.count_events()
    stalin = store.events(EventFilter(people=("Joseph Stalin",)))[0]
    text = (
        "date,event,people\n"
        "1953-03-05,Joseph Stalin dies,Joseph Stalin\n"
        "1953-03-05,Joseph Stalin dies,Joseph Stalin\n"  # a second row: its own event
        "1955-03-05,Joseph Stalin dies,Joseph Stalin\n"  # another date: a contradiction
        "1970,Something unrelated,\n"
    )
    result = import_one(store, write(tmp_path, "rows.csv", text))
    assert result.corroborated >= 1
    assert store.count_events() == before + (4 - result.corroborated)
    stalin = store.event(stalin.id)
    stances = sorted(ev.stance for ev in stalin.evidence if ev.source_id != 1)
    assert Stance.SUPPORTS in stances
    assert sum(1 for ev in stalin.evidence if ev.source_id != 1) <= 2
    assert_evidence_exact(store)


# --- folders and the command line --------------------------------------------------------------


def test_a_folder_import_names_unsupported_files(db_path: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    assert main(["--db", str(db_path), "import", str(folder)]) == 1
    captured = capsys.readouterr()
    assert "skipped: photo.jpg: unsupported file type '.jpg'" in captured.err
    assert "skipped: scan.pdf: unsupported file type '.pdf'" in captured.err
    assert "0 files: 0 imported, 0 already stored, 0 failed, 2 unsupported skipped" in captured.out

    (folder / "ok.csv").write_text("date,event\n1900,x\n1901,y,z,w\n")
    assert main(["--db", str(db_path), "import", str(folder)]) == 0
    captured = capsys.readouterr()
    assert "skipped: ok.csv: line 3: expected 2 fields as in the header, found 4" in captured.err
    assert "1 imported" in captured.out and "1 rows skipped" in captured.out


def test_category_filter_folds_case_beyond_ascii(store: Store, tmp_path: Path) -> None:
    text = "date,event,group\n1900,A,ÄRA Eins\n1901,B,Other\n"
    import_one(store, write(tmp_path, "groups.csv", text))
    assert [e.title for e in store.events(EventFilter(categories=("ära eins",)))] == ["A"]
    assert store.count_events(EventFilter(categories=("nothing",))) == 0


def test_the_people_a_row_names_in_its_words_are_its_people(tmp_path: Path) -> None:
    """A chronology with no people column still names its actors in its labels."""
    path = write(
        tmp_path,
        "harbour.csv",
        "date,event\n"
        "1702-05-01,Execution of Tobias Marrow\n"
        "1715-06-02,Harbour wall finished\n"
        "1720-03-09,Margaret Hale founded the seamen's school\n",
    )
    with Store.open(tmp_path / "t.db") as store:
        import_one(store, path)
        people = {e.title: set(e.people) for e in store.events()}
    assert people["Execution of Tobias Marrow"] == {"Tobias Marrow"}
    assert people["Harbour wall finished"] == set()
    assert {"Margaret Hale"} in people.values()


def test_row_people_keep_a_lone_names_title_and_drop_a_headline_verb(tmp_path: Path) -> None:
    """ "Death of Queen Maud" names Queen Maud, not "Maud"; in "Ivo Lark Crowned" the
    capital of the verb is the headline's, not part of the name."""
    path = write(
        tmp_path,
        "crowns.csv",
        "date,event\n"
        "1160-02-03,Death of Queen Maud\n"
        "1171-08-14,Ivo Lark Crowned\n"
        "1180-01-01,Funeral of Osric Vane\n",
    )
    with Store.open(tmp_path / "t.db") as store:
        import_one(store, path)
        people = {e.start.year: set(e.people) for e in store.events()}
    assert people == {1160: {"Queen Maud"}, 1171: {"Ivo Lark"}, 1180: {"Osric Vane"}}


def test_a_first_name_alone_in_one_row_is_not_the_full_name_of_another(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "abbey.csv",
        "date,event\n"
        "1190-01-01,Funeral of Edmund Vane\n"
        "1230-05-02,Edmund crowned at the abbey\n",
    )
    with Store.open(tmp_path / "t.db") as store:
        import_one(store, path)
        people = {e.start.year: set(e.people) for e in store.events()}
    assert people[1190] == {"Edmund Vane"}
    assert "Edmund Vane" not in people[1230]
