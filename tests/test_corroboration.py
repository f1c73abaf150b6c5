"""Corroboration as a measured matcher: "same happening?" from the dates (and how finely
each states it), the people, the kind of happening and the wording; and conflicts, flagged
whichever source is imported first. Texts are the team's own, short and invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline_desktop.domain.dates import HistDate, Precision
from timeline_desktop.domain.model import Document, Stance
from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.events.corroborate import (
    Facts,
    best_match,
    common_people,
    date_relation,
    shared_content,
    similarity,
    slip,
    slip_within,
    word_uses,
)
from timeline_desktop.extract.events.matching import weights
from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.store.repository import Store


def facts(start: HistDate, end: HistDate | None = None, **kw) -> Facts:
    last = end or start
    base: dict = dict(people=set(), subject=None, cls="", classes=set(), roles=set(), words=set())
    base.update(kw)
    return Facts(start.earliest_day(), last.latest_day(), end is not None, **base)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def events_with(store: Store, word: str):
    return [e for e in store.events() if any(word in ev.quote for ev in e.evidence)]


# --- dates and their granularity -----------------------------------------------------------------


def test_date_relations_read_granularity() -> None:
    day = facts(HistDate.of_day(1989, 8, 25))
    assert date_relation(day, facts(HistDate.of_day(1989, 8, 25))) == "day"
    assert date_relation(day, facts(HistDate.of_month(1989, 8))) == "in_month"
    assert date_relation(day, facts(HistDate(1989))) == "in_year"
    assert date_relation(facts(HistDate(1989)), facts(HistDate(1989))) == "same_year"
    assert date_relation(day, facts(HistDate.of_day(1989, 8, 26))) == ""
    # a span within a century: the plague years inside "the mid 14th century"
    plague = facts(HistDate(1346), HistDate(1353))
    assert date_relation(plague, facts(HistDate(1334), HistDate(1366))) == "in_wide"
    # two ranges that mostly overlap may be one war; a small overlap is not
    war = facts(HistDate(1618), HistDate(1648))
    assert date_relation(war, facts(HistDate(1620), HistDate(1650))) == "overlap"
    assert date_relation(war, facts(HistDate(1640), HistDate(1660))) == ""
    assert date_relation(war, facts(HistDate(1619), HistDate(1648))) == "in_wide"
    # a date at the edge of a span is its start or end: an outbreak, a death, not the span
    assert date_relation(war, facts(HistDate(1618))) == ""
    assert date_relation(war, facts(HistDate(1648))) == ""
    # a single date inside a stated span of years is a moment of the period (a battle
    # of the war, a death in a reign), never the period itself
    assert date_relation(war, facts(HistDate(1630))) == ""
    assert date_relation(war, facts(HistDate.of_day(1630, 7, 6))) == ""
    # ... but a span of days is a stage of it, or it, and a decade holds its years
    fire = facts(HistDate.of_day(1666, 9, 2), HistDate.of_day(1666, 9, 6))
    assert date_relation(fire, facts(HistDate.of_day(1666, 9, 4))) == "in_span"
    decade = facts(HistDate(1630, precision=Precision.DECADE))
    assert date_relation(facts(HistDate(1634)), decade) == "in_wide"


def test_a_finer_shared_date_needs_less_wording() -> None:
    a = facts(HistDate.of_day(1911, 10, 12), words={"comet", "passed", "harbour"})
    same_day = facts(HistDate.of_day(1911, 10, 12), words={"comet", "sighted", "north"})
    same_year = facts(HistDate(1911), words={"comet", "sighted", "north"})
    assert similarity(a, same_day) is not None
    assert similarity(a, same_year) is None  # a year holds many sightings of one comet
    richer = facts(HistDate(1911), words={"comet", "passed", "harbour", "sighted"})
    assert similarity(a, richer) is not None


def test_two_passages_of_one_text_need_more_than_two_sources() -> None:
    a = facts(HistDate.of_day(1911, 10, 12), words={"harbour", "opened", "mayor", "crowd"})
    b = facts(HistDate.of_day(1911, 10, 12), words={"harbour", "flooded", "storm", "ships"})
    uses = word_uses("The harbour. " * 5)  # a word the text uses now and then
    assert similarity(a, b, within=False, uses=uses) is not None
    assert similarity(a, b, within=True, uses=uses) is None


def test_a_word_the_whole_text_keeps_using_says_little() -> None:
    a = facts(HistDate(1911), words={"marlin", "reef", "passed"})
    b = facts(HistDate(1911), words={"marlin", "reef", "charted"})
    rare = word_uses("The Marlin passed the reef.")
    common = word_uses(" ".join(["The Marlin sailed on past the reef."] * 12))
    assert shared_content(a, b, rare) > shared_content(a, b, common)


def test_the_same_persons_death_at_year_and_day_is_one_happening() -> None:
    day = facts(HistDate.of_day(1511, 6, 4), people={"ivan kovach"}, cls="death", classes={"death"})
    year = facts(HistDate(1511), people={"ivan kovach"}, cls="war", classes={"war", "death"})
    assert similarity(day, year, within=True) is not None
    other = facts(HistDate(1511), people={"olga marn"}, cls="death", classes={"death"})
    assert similarity(day, other, within=True) is None


def test_a_day_slip_needs_shared_content_and_the_same_kind() -> None:
    a = facts(HistDate.of_day(1911, 10, 12), words={"tolvaj", "reef", "marlin"})
    b = facts(HistDate.of_day(1911, 10, 19), words={"tolvaj", "reef", "charted"})
    assert slip(a, b) is not None
    far = facts(HistDate.of_day(1911, 12, 19), words=b.words)
    assert slip(a, far) is None  # two months apart: another visit
    unrelated = facts(HistDate.of_day(1911, 10, 19), words={"election", "council"})
    assert slip(a, unrelated) is None
    death = facts(HistDate.of_day(1911, 10, 12), cls="death", words={"tolvaj", "reef"})
    told = facts(HistDate.of_day(1911, 10, 13), cls="announce", words={"tolvaj", "reef"})
    assert slip(death, told) is None  # a death and its announcement the next day


# --- end to end: two sources, both import orders ---------------------------------------------

SHIP_LOG = (
    "Survey notes\n\n"
    "The survey ship Marlin left Harwick in early October 1911. On 12 October 1911 the Marlin "
    "passed the Tolvaj reef and charted its northern edge. The crew rested at Oskar Bay on "
    "2 November 1911.\n"
)
HARBOUR_HISTORY = (
    "A history of the harbour\n\n"
    "The harbour council met in the spring of 1911. On 19 October 1911 the Marlin passed the "
    "Tolvaj reef and charted it for the first time.\n"
)
GAZETTE = (
    "From the gazette\n\n"
    "The Marlin passed the Tolvaj reef on 12 October 1911, charting its northern edge.\n"
)


@pytest.mark.parametrize("order", ["log first", "history first"])
def test_a_date_slip_between_sources_is_one_event_with_a_contradiction(
    store: Store, tmp_path: Path, order: str
) -> None:
    log = write(tmp_path, "log.txt", SHIP_LOG)
    history = write(tmp_path, "history.txt", HARBOUR_HISTORY)
    files = [log, history] if order == "log first" else [history, log]
    for path in files:
        import_paths(store, [path])
    [reef] = events_with(store, "Tolvaj")
    stances = sorted(ev.stance.value for ev in reef.evidence if "Tolvaj" in ev.quote)
    assert stances == ["contradicts", "supports"]
    first = "12 October" if order == "log first" else "19 October"
    assert any(first in ev.quote for ev in reef.evidence if ev.stance is Stance.SUPPORTS)


def test_two_sources_agreeing_merge_and_a_third_disagreeing_is_flagged(
    store: Store, tmp_path: Path
) -> None:
    for name, text in (("log.txt", SHIP_LOG), ("gazette.txt", GAZETTE), ("h.txt", HARBOUR_HISTORY)):
        import_paths(store, [write(tmp_path, name, text)])
    [reef] = events_with(store, "Tolvaj")
    assert reef.start == HistDate.of_day(1911, 10, 12)
    by_stance = {ev.stance: ev for ev in reef.evidence}
    assert len([ev for ev in reef.evidence if ev.stance is Stance.SUPPORTS]) == 2
    assert "19 October" in by_stance[Stance.CONTRADICTS].quote


def test_a_run_of_days_in_one_source_is_no_conflict(store: Store, tmp_path: Path) -> None:
    diary = (
        "Diary of the fire\n\n"
        "On 3 May 1852 the warehouse fire spread along Quay Street. "
        "On 4 May 1852 the warehouse fire reached the rope works. "
        "On 5 May 1852 the warehouse fire was put out by the militia.\n"
    )
    note = "Notes\n\nOn 6 May 1852 the warehouse fire was remembered at a service in the chapel.\n"
    import_paths(store, [write(tmp_path, "diary.txt", diary)])
    import_paths(store, [write(tmp_path, "note.txt", note)])
    assert not [ev for e in store.events() for ev in e.evidence if ev.stance is Stance.CONTRADICTS]


def test_a_coarse_date_joins_the_precise_report_of_another_source(
    store: Store, tmp_path: Path
) -> None:
    precise = "Log\n\nOn 25 August 1911 the Marlin anchored off Tolvaj and landed a party.\n"
    coarse = "Summary\n\nIn August 1911 the Marlin anchored off Tolvaj.\n"
    import_paths(store, [write(tmp_path, "a.txt", precise)])
    import_paths(store, [write(tmp_path, "b.txt", coarse)])
    [anchoring] = events_with(store, "anchored")
    assert len(anchoring.evidence) == 2
    assert anchoring.start == HistDate.of_day(1911, 8, 25)


@pytest.mark.parametrize("order", ["sheet first", "prose first"])
def test_a_chronology_row_at_another_date_is_flagged_in_either_order(
    store: Store, tmp_path: Path, order: str
) -> None:
    sheet = write(
        tmp_path,
        "voyages.csv",
        "date,event,ship\n"
        "19 October 1911,Marlin passes the Tolvaj reef,Marlin\n"
        "2 November 1911,Marlin crew rests at Oskar Bay,Marlin\n",
    )
    log = write(tmp_path, "log.txt", SHIP_LOG)
    for path in [sheet, log] if order == "sheet first" else [log, sheet]:
        import_paths(store, [path])
    [reef] = events_with(store, "Tolvaj")
    assert sorted(ev.stance.value for ev in reef.evidence) == ["contradicts", "supports"]
    [rest] = events_with(store, "Oskar Bay")
    assert [ev.stance for ev in rest.evidence] == [Stance.SUPPORTS, Stance.SUPPORTS]


def test_a_range_within_a_coarse_date_refines_it_across_sources(
    store: Store, tmp_path: Path
) -> None:
    prose = (
        "Parish notes\n\nThe Grey Sickness emptied the parish of Vell in the mid 14th century.\n"
    )
    sheet = "label,hdate,hdate_end\nThe Grey Sickness,1347,1351\n"
    import_paths(store, [write(tmp_path, "notes.txt", prose)])
    import_paths(store, [write(tmp_path, "sheet.csv", sheet)])
    [sickness] = events_with(store, "Grey Sickness")
    assert (sickness.start, sickness.end) == (HistDate(1347), HistDate(1351))
    assert len(sickness.evidence) == 2


def test_a_range_within_a_coarse_date_refines_it_within_a_text() -> None:
    from timeline_desktop.domain.model import Document
    from timeline_desktop.extract.base import EmptyContext
    from timeline_desktop.extract.rules import RuleExtractor

    text = (
        "In the 15th century the old chapel of Saint Ilse at Vell was rebuilt in stone. "
        "The rebuilt chapel of Saint Ilse is dated 1461–68 by its accounts."
    )
    document = Document(text, "t.txt", "t.txt", "t.txt", "text", "utf-8", "x")
    found = RuleExtractor().extract(document, EmptyContext()).events
    [chapel] = [e for e in found if "Ilse" in text[e.evidence[0].start : e.evidence[0].end]]
    assert (chapel.start, chapel.end) == (HistDate(1461), HistDate(1468))


# --- one text dating a happening twice, a few days apart -------------------------------------

AIRSHIP_BOOK = (
    "The airship Vela\n\n"
    "The airship Vela landed at Port Ruan on 4 March 1921 after crossing the gulf. "
    "Its builders had founded their yard in 1908, and a sister ship burned in 1915.\n\n"
    "The crossing\n\n"
    "After landing at Port Ruan on 6 March 1921, the crew of the Vela repaired the gondola.\n"
)
AIRSHIP_GAZETTE = "Harbour news\n\nOn 4 March 1921 the airship Vela landed at Port Ruan.\n"


def day_facts(day: int, stated: str = "prose", **kw) -> Facts:
    f = facts(HistDate.of_day(1921, 3, day), **kw)
    f.day_stated = stated
    return f


def test_a_slip_within_one_text_needs_both_days_written_and_shared_words() -> None:
    words = {"vela", "land", "ruan"}
    assert slip_within(day_facts(4, words=words), day_facts(6, words=words)) is not None
    # a day a heading gives (a diary's) or a relative date is not written out
    assert slip_within(day_facts(4, words=words), day_facts(6, "", words=words)) is None
    # two time stamps of one catalogue record are two moments it logged
    stamps = day_facts(4, "stamp", words=words), day_facts(5, "stamp", words=words)
    assert slip_within(*stamps) is None
    assert slip_within(day_facts(4, words=words), day_facts(6, "stamp", words=words)) is not None
    # one word in common is not enough, nor another kind of happening
    assert slip_within(day_facts(4, words={"vela", "gulf"}), day_facts(6, words={"vela"})) is None
    born = day_facts(4, cls="birth", words=words)
    assert slip_within(born, day_facts(6, cls="death", words=words)) is None


def test_one_text_dating_a_happening_twice_gives_one_event_with_a_contradiction(
    store: Store, tmp_path: Path
) -> None:
    import_paths(store, [write(tmp_path, "book.txt", AIRSHIP_BOOK)])
    [landing] = events_with(store, "Port Ruan")
    assert landing.start == HistDate.of_day(1921, 3, 4)
    stances = {ev.quote[:20]: ev.stance for ev in landing.evidence}
    assert stances == {
        "The airship Vela lan": Stance.SUPPORTS,
        "After landing at Por": Stance.CONTRADICTS,
    }


@pytest.mark.parametrize("order", ["book first", "gazette first"])
def test_a_text_contradicting_itself_joins_another_source_in_either_order(
    store: Store, tmp_path: Path, order: str
) -> None:
    book = write(tmp_path, "book.txt", AIRSHIP_BOOK)
    gazette = write(tmp_path, "gazette.txt", AIRSHIP_GAZETTE)
    for path in [book, gazette] if order == "book first" else [gazette, book]:
        import_paths(store, [path])
    [landing] = events_with(store, "Port Ruan")
    assert landing.start == HistDate.of_day(1921, 3, 4)
    by_stance = sorted((ev.stance.value, ev.quote[:14]) for ev in landing.evidence)
    assert by_stance == [
        ("contradicts", "After landing "),
        ("supports", "On 4 March 192"),
        ("supports", "The airship Ve"),
    ]


def test_two_days_told_one_after_the_other_are_no_slip(store: Store, tmp_path: Path) -> None:
    story = (
        "The flood\n\n"
        "On 9 April 1870 the river Lenn flooded the lower town of Aster. "
        "On 11 April 1870 the river Lenn flooded the mills below Aster as well.\n"
    )
    import_paths(store, [write(tmp_path, "flood.txt", story)])
    assert len(events_with(store, "Lenn")) == 2
    assert not [ev for e in store.events() for ev in e.evidence if ev.stance is Stance.CONTRADICTS]


def test_a_slipped_report_contradicts_the_better_attested_event_of_that_day() -> None:
    report = facts(HistDate.of_day(1902, 5, 6), words={"orla", "steamer", "kesh", "sank", "wreck"})
    # two stored events of 14 May that both fit: one two sources tell, one a stray passage
    told = facts(HistDate.of_day(1902, 5, 14), words={"orla", "steamer", "kesh", "sank"})
    told.sources = 2
    stray = facts(HistDate.of_day(1902, 5, 14), words={"orla", "steamer", "kesh", "wreck", "sank"})
    assert best_match(report, [(1, stray), (2, told)]) == (2, True)
    told.sources = 1
    assert best_match(report, [(1, stray), (2, told)]) == (1, True)


def test_a_person_both_passages_name_counts_toward_a_slip_within_one_text() -> None:
    a = day_facts(4, words={"landed", "gulf"}, people={"ivo ruan"})
    b = day_facts(6, words={"landed", "crew"}, people={"ivo ruan"})
    assert slip_within(a, b) is not None
    b.people = {"ana bel"}
    assert slip_within(a, b) is None


def test_two_peoples_deaths_on_one_day_are_two_happenings() -> None:
    day = HistDate.of_day(1911, 5, 3)
    kovach = facts(day, people={"ivan kovach"}, cls="death", classes={"death"}, words={"town"})
    marn = facts(day, people={"olga marn"}, cls="death", classes={"death"}, words={"town"})
    assert similarity(kovach, marn) is not None  # whose death each tells is not known
    kovach.subject = "ivan kovach"
    assert similarity(kovach, marn) is None
    assert similarity(kovach, marn, within=True) is None
    again = facts(day, people={"ivan kovach"}, cls="death", classes={"death"}, words={"villag"})
    assert similarity(kovach, again) is not None


def test_a_surname_alone_and_the_full_name_are_one_person_in_common() -> None:
    assert common_people({"kovach"}, {"ivan kovach"}) == {"ivan kovach"}
    assert common_people({"ivan"}, {"ivan kovach"}) == set()  # a first name is no one
    assert common_people({"ivan kovach"}, {"ivan marn"}) == set()
    day = HistDate.of_day(1911, 5, 3)
    short = facts(day, people={"kovach"}, cls="accession", classes={"accession"}, words={"mayor"})
    full = facts(day, people={"ivan kovach"}, cls="accession", classes={"accession"})
    assert similarity(short, full) is not None


def test_a_day_within_a_stated_span_of_days_is_weighed_apart_from_a_month() -> None:
    day = facts(HistDate.of_day(1842, 6, 4))
    span = facts(HistDate.of_day(1842, 6, 2), HistDate.of_day(1842, 6, 7))
    assert date_relation(day, span) == "in_span"
    assert date_relation(day, facts(HistDate.of_month(1842, 6))) == "in_month"
    # a fire of six days and the day it reached the chapel: sharing the fire is not enough
    day.words, span.words = {"fire", "chapel", "roof"}, {"fire", "quay", "warehous"}
    assert similarity(day, span) is None
    # a day inside a month counts for more than a day inside a stated span of days, which
    # is a stage of the span as often as the span itself (weights tuned on labelled pairs)
    month = facts(HistDate.of_month(1842, 6), words=span.words)
    assert shared_content(day, month) == shared_content(day, span)
    assert weights().across["in_month"] > weights().across["in_span"]


def test_rows_of_one_chronology_never_contradict_each_other(store: Store, tmp_path: Path) -> None:
    sheet = write(
        tmp_path,
        "airships.csv",
        "date,event\n"
        "4 March 1921,The airship Vela landed at Port Ruan after crossing the gulf\n"
        "9 June 1923,The airship Orla was launched at Kesh\n"
        "6 March 1921,The airship Vela landed at Port Ruan after crossing the gulf\n",
    )
    import_paths(store, [sheet])
    assert len(events_with(store, "Port Ruan")) == 2
    assert not [ev for e in store.events() for ev in e.evidence if ev.stance is Stance.CONTRADICTS]
    # and a text telling the landing on the 4th joins one of them, flagging no row
    import_paths(store, [write(tmp_path, "gazette.txt", AIRSHIP_GAZETTE)])
    landings = events_with(store, "Port Ruan")
    assert sorted(len(e.evidence) for e in landings) == [1, 2]


# --- one report, read alike as a draft and once stored ---------------------------------------


def _as_draft_and_as_stored(text: str) -> list[tuple[Facts, Facts]]:
    """Each report of `text` read as the import compares it: as a draft of the document
    being imported, and as the event it becomes once stored."""
    from timeline_desktop.domain.model import Document, Event, Evidence, Origin
    from timeline_desktop.extract.base import EmptyContext
    from timeline_desktop.extract.events.corroborate import (
        draft_facts,
        event_facts,
        person_keys,
    )
    from timeline_desktop.extract.rules import RuleExtractor, found_event

    document = Document(text, "t.txt", "t.txt", "t.txt", "text", "utf-8", "x")
    doc = RuleExtractor().run(document, EmptyContext())
    keys = person_keys(doc)
    out = []
    for d in doc.drafts:
        found = found_event(d, doc.people)
        evidence = tuple(
            Evidence(0, 0, 0, e.start, e.end, text[e.start : e.end], "", e.stance)
            for e in found.evidence
        )
        event = Event(
            0, found.title, found.summary, found.start, found.end, (), found.people,
            Origin.EXTRACTED, evidence,
        )  # fmt: skip
        out.append((draft_facts(doc, d, keys), event_facts(event)))
    return out


def test_a_report_shares_the_same_words_as_a_draft_and_once_stored() -> None:
    # the clause after the comma is no clause of its own, but it is what the passage says
    # of the happening: the stored event's quote has it, so the draft must count it too,
    # or which source is imported first decides whether two reports are one
    text = (
        "Survey notes\n\n"
        "On 9 June 1884, three weeks after leaving Keld, the cutter Alke rounded the "
        "Vard headland, passing within a mile of the Osterholm light at dusk.\n"
    )
    [(draft, stored)] = _as_draft_and_as_stored(text)
    assert {"osterholm", "light"} <= draft.words
    assert draft.words == stored.words


def test_a_time_frame_a_passage_names_is_not_its_wording() -> None:
    # "during the harbour festival" says when the fire broke out, not which happening
    # it was: another source's report of the festival shares nothing with it by that
    text = (
        "Town notes\n\n"
        "On 2 August 1890 a fire broke out in the rope works during the harbour "
        "festival, and it burned until the evening.\n"
    )
    [(draft, stored)] = _as_draft_and_as_stored(text)
    assert "festival" not in draft.words and "festival" not in stored.words
    assert {"rope", "work"} & draft.words


def test_a_kind_named_only_in_a_time_frame_is_not_the_passages_kind() -> None:
    # the camera test happened during the flyby; it is not the flyby, so it must not take
    # the flyby's kind (and with it the flyby's other reports)
    text = (
        "Probe notes\n\n"
        "In March 1997 the team tested the new camera during the second flyby of Tarsa.\n"
    )
    [(draft, stored)] = _as_draft_and_as_stored(text)
    assert "flight" not in draft.classes and draft.cls != "flight"
    assert "flight" not in stored.classes and stored.cls != "flight"


def test_passed_is_a_death_only_when_passed_away() -> None:
    from timeline_desktop.extract.events.words import EventWords
    from timeline_desktop.extract.lexicon import load

    ew = load().compiled(EventWords)
    assert ew.event_class("Old Marta Lind passed away in her sleep.") == "death"
    assert ew.event_class("The probe passed the moon Tarsa at 900 km.") == ""
    assert "death" not in ew.classes_of("The council passed the harbour law.")


def test_two_ways_of_telling_a_flyby_are_one_kind() -> None:
    from timeline_desktop.extract.events.words import EventWords
    from timeline_desktop.extract.lexicon import load

    ew = load().compiled(EventWords)
    assert ew.event_class("The Kestrel probe flew past Tarsa.") == "flight"
    assert ew.event_class("First flyby of Tarsa, by the Kestrel probe.") == "flight"


def test_a_fault_and_what_the_machine_did_are_one_kind() -> None:
    from timeline_desktop.extract.events.words import EventWords
    from timeline_desktop.extract.lexicon import load

    ew = load().compiled(EventWords)
    assert ew.event_class("The pump had a serious anomaly.") == "malfunction"
    assert ew.event_class("The pump remained stuck at full speed.") == "malfunction"


@pytest.mark.parametrize("order", ["log first", "summary first"])
def test_a_fault_told_in_other_words_by_two_sources_is_one_event(
    store: Store, tmp_path: Path, order: str
) -> None:
    # both texts keep writing "valve": sharing it says little; the kind of happening (a
    # fault, and a machine stuck) tells the rest
    log = (
        "Station log\n\n"
        "The valve was tested in May 1921 and held. The valve was later rebuilt.\n\n"
        "The valve was damaged in the anomaly of 4 June 1921. The crew kept the valve "
        "shut after that.\n"
    )
    summary = (
        "Harbour notes\n\nThe harbour valve came from Leeds. In June 1921 the valve, made "
        "by the Hollis foundry, remained stuck open for fifteen hours before the engineers "
        "could shut it. The valve was sold in 1930.\n"
    )
    files = [write(tmp_path, "log.txt", log), write(tmp_path, "notes.txt", summary)]
    for path in files if order == "log first" else files[::-1]:
        import_paths(store, [path])
    [fault] = events_with(store, "stuck open")
    assert any("anomaly" in ev.quote for ev in fault.evidence)
    assert fault.start == HistDate.of_day(1921, 6, 4)


def test_a_happening_told_after_so_joins_another_sources_own_telling(
    store: Store, tmp_path: Path
) -> None:
    log = (
        "Keeper's log\n\n"
        "On 3 May 1911 Tomas Berg rowed out to the breakwater and lit the storm lamp there.\n"
    )
    essay = (
        "The harbour light\n\n"
        "Tomas Berg kept the harbour light. When he woke on 3 May 1911, Robin Lind brought "
        "word that the quay was flooded, so he rowed out to the breakwater and lit the "
        "storm lamp.\n"
    )
    import_paths(store, [write(tmp_path, "log.txt", log)])
    import_paths(store, [write(tmp_path, "essay.txt", essay)])
    [rowing] = events_with(store, "rowed out")
    assert len({ev.source_id for ev in rowing.evidence}) == 2
    [word] = events_with(store, "brought word")
    assert word.id != rowing.id


def test_a_web_address_in_a_row_is_not_its_wording() -> None:
    from timeline_desktop.domain.model import Event, Evidence, Origin
    from timeline_desktop.extract.events.corroborate import event_facts

    line = (
        "12 May 1902 — Harbour fire at Keld "
        "(Source: https://example.org/wiki/Great_Harbour_Fire_of_Keld)"
    )
    row = Event(
        0, "Harbour fire at Keld", "", HistDate.of_day(1902, 5, 12), None, (), (),
        Origin.IMPORTED, (Evidence(0, 0, 0, 0, len(line), line, "", Stance.SUPPORTS),),
    )  # fmt: skip
    got = event_facts(row).words
    assert {"harbour", "fire"} <= got
    assert not {"wiki", "great", "example"} & got


def test_a_death_within_a_stated_reign_is_not_the_reign() -> None:
    # a chronicle's "reign (1120-1150)" and an annal's day of the king's death in it share
    # the king, his wars, his taxes: still a moment of the period, not the period
    told = {"reign", "war", "coast", "tax", "fishing", "town"}
    reign = facts(HistDate(1120), HistDate(1150), people={"osric"}, words=told)
    death = facts(
        HistDate.of_day(1138, 3, 3), people={"osric"}, subject="osric", cls="death",
        classes={"death"}, words=told | {"died"},
    )  # fmt: skip
    assert similarity(death, reign) is None and similarity(reign, death) is None
    # the same wording with a year of the reign for a date of its own: not the reign either
    assert similarity(facts(HistDate(1138), people={"osric"}, words=told), reign) is None
    # a decade is no stated span: a year in it may still be the happening it dates
    decade = facts(HistDate(1130, precision=Precision.DECADE), people={"osric"}, words=told)
    assert similarity(facts(HistDate(1134), people={"osric"}, words=told), decade) is not None


def test_a_hyphenated_name_meets_its_parts_written_apart() -> None:
    # one source writes the comet "Brandt-Okoro", another "Brandt–Okoro" with a dash (read
    # as two words): the same name, so the same shared word; a part alone is not enough
    one = facts(HistDate(1931), words={"brandt-okoro", "comet", "sighted"})
    one.parts = {"brandt-okoro": frozenset({"brandt", "okoro"})}
    other = facts(HistDate(1931), words={"brandt", "okoro", "tail", "observed"})
    half = facts(HistDate(1931), words={"brandt", "tail", "observed"})
    assert shared_content(one, other) > shared_content(one, half)
    assert shared_content(one, other) == shared_content(other, one)


def test_the_first_of_a_kind_to_a_named_place_is_one_happening(
    store: Store, tmp_path: Path
) -> None:
    # a dated list row and a survey dating it only to "the early 1890s" share little
    # wording, but there is only one first crossing of the Varn: the same happening
    sheet = write(
        tmp_path,
        "list.csv",
        "Date,Event\n14 May 1892,First crossing of the Varn Glacier. Sledges drawn by dogs.\n",
    )
    survey = write(
        tmp_path,
        "survey.txt",
        "Survey\n\nIn the early 1890s the first crossings of the Varn were made by a party "
        "from Holt, who mapped the moraines on the way.\n",
    )
    import_paths(store, [sheet])
    import_paths(store, [survey])
    [crossing] = events_with(store, "rossing")
    assert len(crossing.evidence) == 2
    assert crossing.start == HistDate.of_day(1892, 5, 14)


def test_one_crafts_first_of_several_is_not_the_first() -> None:
    from timeline_desktop.extract.events.words import EventWords
    from timeline_desktop.extract.lexicon import load

    ew = load().compiled(EventWords)
    assert ew.named_happenings("the first flybys of Jupiter") == {"first flyby:jupiter"}
    assert ew.named_happenings("First flyby of Jupiter.") == {"first flyby:jupiter"}
    # "its first flyby of Earth" and "the Alke's first crossing of the Varn": one of several
    assert not ew.named_happenings("the probe made its first flyby of Earth")
    assert not ew.named_happenings("the Alke's first crossing of the Varn")


def test_the_words_placing_a_date_in_its_span_are_not_wording(
    store: Store, tmp_path: Path
) -> None:
    # "the early 1970s" of a professor's post and of a probe's launch: no shared wording
    career = write(
        tmp_path,
        "career.txt",
        "Career\n\nMarta Olsen taught at Keld University in the early 1970s as a visiting "
        "lecturer.\n",
    )
    probes = write(
        tmp_path,
        "probes.txt",
        "Probes\n\nIn the early 1970s the Alke probes were launched and visited the outer "
        "moons.\n",
    )
    import_paths(store, [career])
    import_paths(store, [probes])
    assert len(events_with(store, "taught")) == 1
    assert not [e for e in events_with(store, "taught") if len(e.evidence) > 1]


def test_a_row_naming_a_person_only_in_its_words_still_contradicts_a_slipped_death(
    store: Store, tmp_path: Path
) -> None:
    # the row's names are not read as people when it is compared; its words still name
    # the engineer whose death the prose dates ten days earlier
    prose = write(
        tmp_path,
        "lind.txt",
        "Ada Lind\n\nAda Lind was a Norwegian engineer. Lind died in Oslo on 9 October "
        "1902.\n",
    )
    sheet = write(
        tmp_path,
        "list.csv",
        "Date,Event\n1874-05-17,Keld harbour opens\n1902-10-19,Death of Ada Lind\n",
    )
    import_paths(store, [prose])
    import_paths(store, [sheet])
    deaths = [e for e in store.events() if "died" in e.title or "Death" in e.title]
    assert len(deaths) == 1, [e.title for e in deaths]
    stances = sorted(ev.stance for ev in deaths[0].evidence)
    assert Stance.CONTRADICTS in stances
    assert deaths[0].start == HistDate.of_day(1902, 10, 9)


def test_a_first_name_alone_and_the_full_name_may_be_one_person_dying() -> None:
    # two texts on one house: "Harald died in 1230" and "Harald Vasse died in 1230" are
    # not the deaths of two men known to differ
    year = HistDate.of_year(1230)
    short = facts(year, people={"harald", "erik vase"}, subject="harald", cls="death",
                  classes={"death"}, words={"died", "thron"})  # fmt: skip
    full = facts(year, people={"harald vase", "erik"}, subject="harald vase", cls="death",
                 classes={"death"}, words={"died", "succeed"})  # fmt: skip
    assert similarity(short, full) is not None
    other = facts(year, people={"sven holt"}, subject="sven holt", cls="death",
                  classes={"death"}, words={"died", "thron"})  # fmt: skip
    assert similarity(short, other) is None


def test_two_kinds_of_happening_done_by_two_people_are_two_happenings() -> None:
    # one sentence tells both: "Harald became king in 1201 after his father Olaf died on 3
    # March 1201"; its two drafts share every word, and are still two happenings
    text = (
        "Kings of Varn\n\nHarald Vasse became king of Varn in 1201 after the death of his "
        "father Olaf, who died on 3 March 1201 at Holt.\n"
    )
    events = RuleExtractor().extract(
        Document(text, "Kings", "k.txt", "k.txt", "text", "utf-8", "k"), EmptyContext()
    ).events
    assert len(events) == 2, [(e.title, e.start) for e in events]
