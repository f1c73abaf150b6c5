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


def test_a_capitalised_word_that_would_reach_the_widest_line_was_wrapped() -> None:
    # "named" + " Tarsk" would end exactly where the widest line ends: the writer's fill
    # broke the line there, the sentence runs on
    text = (
        "    A slow pass (some 300 km above the ice) of the comet named\n"
        "    Tarsk occurred on May 4, 2003, during the survey phase of the\n"
        "    mission.  Afterwards the ship turned back toward the inner ring.\n"
    )
    assert said(text)[0].startswith("A slow pass (some 300 km above the ice) of the comet")
    assert "named Tarsk occurred" in said(text)[0]
    (event,) = extract(text).events
    assert event.title == "A slow pass of the comet named Tarsk occurred"


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


DIARY = (
    "April 1702\n\n"
    "1st. Up early and to the mill, where the wheel was mended. Dined with my brother.\n\n"
    "2nd (Sunday). To church in the morning. Mr. Hale preached a long sermon on patience. "
    "In the afternoon my wife and I walked to the river and saw the new barge launched.\n\n"
    "3rd. A great storm in the night blew down the elm by the gate. The carpenter did "
    "cut it up for firewood. Heard that the ship from Bristol came in on the 1st.\n\n"
    "4th. Rain all day. I wrote letters to my cousin and to the bailiff.\n"
)


def test_a_diary_dates_each_happening_told_under_a_day_heading() -> None:
    res = extract(DIARY)
    by_quote = {
        DIARY[e.evidence[0].start : e.evidence[0].end]: e.start.to_iso() for e in res.events
    }
    assert by_quote["Mr. Hale preached a long sermon on patience."] == "1702-04-02"
    launched = [q for q in by_quote if "new barge launched" in q]
    assert launched and by_quote[launched[0]] == "1702-04-02"
    assert by_quote["The carpenter did cut it up for firewood."] == "1702-04-03"
    assert by_quote["I wrote letters to my cousin and to the bailiff."] == "1702-04-04"
    # a date of its own in an entry ("on the 1st") dates its own clause
    came = [q for q in by_quote if "came in" in q]
    assert came and by_quote[came[0]] == "1702-04-01"
    # the entry heading itself is no event
    assert not any(q.startswith(("2nd", "3rd")) for q in by_quote)


def test_a_chronology_of_single_lines_is_no_diary() -> None:
    text = (
        "1 May 1840 — The line to the coast opened.\n"
        "9 June 1840 — A second station was built at the ford.\n"
        "2 July 1840 — The company paid its first dividend.\n"
    )
    res = extract(text)
    assert sorted(e.start.to_iso() for e in res.events) == [
        "1840-05-01",
        "1840-06-09",
        "1840-07-02",
    ]
    assert all("chronology line" in " ".join(e.evidence[0].rules) for e in res.events)


CATALOGUE = (
    "  HARBOUR TRIALS\n"
    "  --------------\n"
    "    The trials phase tested the new dredger in the outer basin.\n"
    " \n"
    "    Vessel Id                : DR2\n"
    "    Time of first launch     : 1911-06-04T09:12:00\n"
    "    Phase Start Time         : 1911-06-01T00:00:00\n"
    "    Phase Stop Time          : 1911-06-30T00:00:00\n"
)


def test_a_catalogue_field_naming_a_happening_is_an_event_its_bookkeeping_is_not() -> None:
    res = extract(CATALOGUE)
    assert [(e.start.to_iso(), e.title) for e in res.events] == [
        ("1911-06-04", "First launch (Harbour Trials)")
    ]
    ev = res.events[0].evidence[0]
    assert CATALOGUE[ev.start : ev.end] == "Time of first launch     : 1911-06-04T09:12:00"


def test_the_header_of_a_plain_text_table_states_nothing() -> None:
    text = (
        "The survey ship passed the islands on 5 March 1874 and charted them.\n\n"
        "    Island       Area     Sighted\n"
        "                 (km2)    (1874)\n"
        "    ---------    -----    -------\n"
        "    North        40       5 Mar\n"
        "    South        12       6 Mar\n"
    )
    res = extract(text)
    assert [e.start.to_iso() for e in res.events] == ["1874-03-05"]
    assert not any("Sighted" in text[e.evidence[0].start : e.evidence[0].end] for e in res.events)


def test_a_question_states_no_date() -> None:
    text = (
        "Open points\n- The envoy's departure: 212 or 211 BC?\n"
        "- Did the fleet really sail in 1419?\n"
    )
    assert extract(text).events == ()


def test_a_sentences_only_dated_happening_is_quoted_whole() -> None:
    text = (
        "The ferry was first called the Northern Star; it was renamed Hope in 1921. "
        "Work on the pier began in 1898, while the old jetty was still in use, and the "
        "town paid for it in 1899."
    )
    res = extract(text)
    quotes = {e.start.year: text[e.evidence[0].start : e.evidence[0].end] for e in res.events}
    assert quotes[1921] == (
        "The ferry was first called the Northern Star; it was renamed Hope in 1921."
    )
    # two dated happenings in one sentence keep their own clauses
    assert "1899" not in quotes[1898] and "1898" not in quotes[1899]


def test_a_catalogue_approach_names_the_records_target() -> None:
    text = (
        "  SKERRY 2 ENCOUNTER\n"
        "  ------------------\n"
        "    The second pass over the skerry mapped its northern reef.\n"
        " \n"
        "    Vessel Id                : DR2\n"
        "    Target Name              : SKERRY\n"
        "    Time of closest approach : 1912-07-14T10:02:00\n"
        " \n"
        "  SKERRY 3 ENCOUNTER\n"
        "  ------------------\n"
        "    Vessel Id                : DR2\n"
        "    Time of closest approach : 1912-09-02T08:40:00\n"
    )
    titles = [e.title for e in extract(text).events]
    # the target of the first record only: the second names none
    assert titles == [
        "Closest approach to Skerry (Skerry 2 Encounter)",
        "Closest approach (Skerry 3 Encounter)",
    ], titles


_TERN = (
    "  MISSION OVERVIEW\n"
    "  ----------------\n"
    "    The Tern mission sent one craft to the asteroid belt. The Tern\n"
    "    spacecraft was launched in 2031 from a pad in the desert.\n"
    " \n"
    "  VESTA 2 ENCOUNTER\n"
    "  -----------------\n"
    "    Spacecraft Id            : TN\n"
    "    Target Name              : VESTA\n"
    "    Time of closest approach : 2033-07-14T10:02:00\n"
)


def test_a_catalogue_approach_is_made_by_the_craft_its_document_names() -> None:
    titles = [e.title for e in extract(_TERN).events if e.start.year == 2033]
    assert titles == ["Tern made its closest approach to Vesta (Vesta 2 Encounter)"], titles
    # of two craft, the one the record's section heading names
    twins = _TERN.replace("The Tern\n    spacecraft", "Tern 1 and the Tern 2\n    spacecraft")
    twins = twins.replace("one craft", "the Tern 1 spacecraft").replace("VESTA 2", "TERN 2 VESTA")
    titles = [e.title for e in extract(twins).events if e.start.year == 2033]
    assert titles == ["Tern 2 made its closest approach to Vesta (Tern 2 Vesta Encounter)"], titles


def test_the_craft_a_record_is_titled_by_joins_no_other_happening_of_that_day(tmp_path) -> None:
    from timeline_desktop.ingest.pipeline import import_paths
    from timeline_desktop.store.repository import Store

    other = "On 14 July 2033 the Tern spacecraft shut down its cameras for good.\n"
    for order in ((_TERN, other), (other, _TERN)):
        store = Store.open(tmp_path / f"t{len(order[0])}.db")
        paths = []
        for k, text in enumerate(order):
            paths.append(tmp_path / f"{len(order[0])}-{k}.txt")
            paths[-1].write_text(text, encoding="utf-8")
        import_paths(store, paths)
        titles = sorted(e.title for e in store.events() if e.start.year == 2033)
        assert titles == [
            "Tern made its closest approach to Vesta (Vesta 2 Encounter)",
            "The Tern spacecraft shut down its cameras",
        ], titles
