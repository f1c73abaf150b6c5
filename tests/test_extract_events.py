"""Events, corroboration and the end-to-end scores on the seed and held-out corpora."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from test_extract_harness import SCORER, corpus_files, export_corpus, score
from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import Document, Event, Evidence, Origin, Person, Stance
from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.rules import RuleExtractor

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
if not SHARED.is_dir():
    SHARED = REPO.parent / "shared"
HELDOUT = REPO / "tests" / "data" / "heldout"


def doc(text: str, name: str = "t.txt") -> Document:
    return Document(text, name, name, name, "text", "utf-8", str(hash(text)))


def extract(text: str, context=None):
    return RuleExtractor().extract(doc(text), context or EmptyContext())


def quotes(text: str, result) -> list[list[str]]:
    return [[text[e.start : e.end] for e in ev.evidence] for ev in result.events]


class FakeContext:
    """A store with a few events and people, as the import pipeline would offer it."""

    def __init__(self, events: Sequence[Event] = (), people: Sequence[Person] = ()) -> None:
        self.events, self.people = list(events), list(people)

    def known_people(self) -> Sequence[Person]:
        return self.people

    def events_overlapping(self, earliest_day: int, latest_day: int) -> Sequence[Event]:
        return [
            e
            for e in self.events
            if e.start.earliest_day() <= latest_day
            and (e.end or e.start).latest_day() >= earliest_day
        ]


def stored(eid: int, title: str, date: HistDate, people: tuple[str, ...], quote: str) -> Event:
    ev = Evidence(eid * 10, eid, 1, 0, len(quote), quote, date.to_iso(), Stance.SUPPORTS)
    return Event(eid, title, quote, date, None, (), people, Origin.EXTRACTED, (ev,))


def test_a_dated_happening_makes_an_event_with_a_tight_clause() -> None:
    text = (
        "The old harbour was quiet for years. On 4 June 1911, Greta Holm, the mayor of the "
        "town, opened the new harbour after a long dispute with the council."
    )
    res = extract(text)
    assert len(res.events) == 1
    ev = res.events[0]
    assert ev.start == HistDate.of_day(1911, 6, 4)
    assert ev.people == ("Greta Holm",)
    assert "opened the new harbour" in ev.title and len(ev.title) < 60
    assert text[ev.evidence[0].start : ev.evidence[0].end].startswith("On 4 June 1911")
    assert ev.evidence[0].date_as_stated == "1911-06-04"


def test_two_dated_happenings_in_one_sentence_make_two_events() -> None:
    text = (
        "Arvid Lund, born Arvid Petersson in 1841, founded the shipyard following the death "
        "of Nils Berg in 1872."
    )
    res = extract(text)
    dates = sorted(e.start.year for e in res.events)
    assert dates == [1841, 1872]
    second = next(e for e in res.events if e.start.year == 1872)
    assert set(second.people) == {"Arvid Lund", "Nils Berg"}


def test_passing_mentions_make_no_event() -> None:
    text = (
        "Arvid Lund, pictured above, was mayor from the mid 1890s until his death in 1912.\n"
        "The town remembers the floods of the 1880s and one of the great storms of the "
        "entire 19th century."
    )
    assert extract(text).events == ()


def test_card_header_event_and_date_line_event() -> None:
    text = (
        "Harbour Company Founded in Bergen\n"
        "1875 · Bergen, Norway\n"
        "Merchants of Bergen founded the harbour company to run the new piers.\n"
        "May 17, 1876\n"
        "The first steamship docked at the new pier.\n"
        "Bergen, Norway | Harbour Company\n"
    )
    res = extract(text)
    by_year = {e.start.year: e for e in res.events}
    card = by_year[1875]
    assert card.title == "Harbour Company Founded in Bergen"
    assert "Bergen" in card.places
    assert [text[e.start : e.end] for e in card.evidence][1].startswith("Merchants")
    assert by_year[1876].start == HistDate.of_day(1876, 5, 17)


def test_csv_records_give_one_event_each() -> None:
    from timeline_desktop.ingest.readers import read_bytes

    data = b"date,event,people\n1905-06-07,Union dissolved,Haakon Olsen\n1906,Coronation held,\n"
    d = read_bytes(data, "chronology.csv")
    res = RuleExtractor().extract(d, EmptyContext())
    assert sorted(e.start.to_iso() for e in res.events) == ["1905-06-07", "1906"]


def test_reports_of_one_happening_in_a_document_are_merged() -> None:
    text = (
        "Greta Holm died on 2 May 1930 in Oslo.\n"
        "Many mourned her. Greta Holm passed away on 2 May 1930 after a short illness."
    )
    res = extract(text)
    assert len(res.events) == 1 and len(res.events[0].evidence) == 2


def test_relative_dates_make_events_of_their_own() -> None:
    text = "The guild was founded in 1602. Three years later the guild built a hall."
    years = sorted(e.start.year for e in extract(text).events)
    assert years == [1602, 1605]


def test_same_happening_in_the_store_is_corroborated_with_a_finer_date() -> None:
    old = stored(
        7,
        "Greta Holm elected mayor",
        HistDate.of_year(1911),
        ("Greta Holm",),
        "Greta Holm was elected mayor of the town.",
    )
    ctx = FakeContext([old], [Person(1, "Greta Holm", ("Holm",))])
    res = extract("On 9 October 1911, Holm was elected mayor of the town.", ctx)
    assert [e.same_as for e in res.events] == [7]
    assert res.events[0].start == HistDate.of_day(1911, 10, 9)


def test_conflicting_date_for_a_known_happening_is_flagged() -> None:
    death = stored(
        3,
        "Queen Ragna died",
        HistDate.of_day(1850, 3, 1),
        ("Ragna",),
        "Queen Ragna died on 1 March 1850.",
    )
    crowned = stored(
        4,
        "Erik Dahl crowned king",
        HistDate.of_year(1851),
        ("Erik Dahl",),
        "Erik Dahl was crowned king of the realm in 1851.",
    )
    people = [Person(1, "Ragna", ()), Person(2, "Erik Dahl", ("Dahl",))]
    ctx = FakeContext([death, crowned], people)
    text = "Erik Dahl, who became king of the realm three years after Ragna's death, was popular."
    res = extract(text, ctx)
    flagged = [e for e in res.events if e.same_as == 4]
    assert flagged and flagged[0].evidence[0].stance is Stance.CONTRADICTS
    assert flagged[0].evidence[0].date_as_stated == "1853"


def test_unresolvable_anchor_makes_no_event() -> None:
    assert extract("The count left the city two years after the great fire.").events == ()


def test_bc_dates_make_events() -> None:
    res = extract("In 480 BC the fleet of Themistokles Andros won at the straits.")
    assert [e.start.to_iso() for e in res.events] == ["-0479"]


# --- end to end ----------------------------------------------------------------------------


def _metrics(folder: Path, gold: Path, tmp_path: Path) -> dict:
    export = export_corpus(corpus_files(folder), tmp_path)
    return score(export, gold)["metrics"]


@pytest.mark.slow
def test_seed_corpus_scores_at_the_maximum(tmp_path: Path) -> None:
    seeds = SHARED / "corpus" / "seeds"
    if not SCORER.is_file() or not seeds.is_dir():
        pytest.skip("the shared corpus and scorer are not beside the repository")
    m = _metrics(seeds, SHARED / "corpus" / "seeds-gold.json", tmp_path)
    for key in (
        "event_recall",
        "support_recall",
        "multi_source_merged",
        "date_exact",
        "event_people_ok",
        "people_recall",
        "people_merged",
    ):
        assert m[key] == 1.0, (key, m)
    assert m["false_people"] == 0
    assert m["conflicts_flagged"] == "1/1"
    assert m["evidence_span_mismatches"] == 0
    assert m["not_event_traps_hit"] == 0
    assert m["extra_events"] <= 3


# Floors per held-out set (our own documents and gold, written in three rounds: "heldout"
# with the first rules, "heldout2" and "heldout3" afterwards to check the rules carry over).
# A metric missing from a row is not checked for that set.
_HELDOUT_FLOORS = {
    "heldout": {"event_recall": 0.9, "date_exact": 0.85, "event_people_ok": 0.75,
                "people_recall": 0.9},
    "heldout2": {"event_recall": 0.95, "date_exact": 0.9, "event_people_ok": 0.85,
                 "people_recall": 0.9},
    "heldout3": {"event_recall": 0.85, "date_exact": 0.8, "people_recall": 0.85},
}  # fmt: skip
_HELDOUT_EXACT = {
    "heldout": {"false_people": 0, "conflicts_flagged": "1/1", "not_event_traps_hit": 0},
    "heldout2": {"conflicts_flagged": "1/1", "not_event_traps_hit": 0},
    "heldout3": {},
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(_HELDOUT_FLOORS))
def test_heldout_corpus_scores(name: str, tmp_path: Path) -> None:
    folder = HELDOUT.parent / name
    if not SCORER.is_file() or not (folder / "gold.json").is_file():
        pytest.skip("no held-out gold file or scorer")
    m = _metrics(folder, folder / "gold.json", tmp_path)
    assert m["evidence_span_mismatches"] == 0, m
    assert m["not_event_traps_hit"] <= 1, m
    assert m["extra_events"] <= 3, m
    for key, floor in _HELDOUT_FLOORS[name].items():
        assert m[key] >= floor, (key, m)
    for key, value in _HELDOUT_EXACT[name].items():
        assert m[key] == value, (key, m)


def test_a_date_restated_in_a_relative_clause_dates_the_main_clause() -> None:
    text = (
        "Tokugawa Yoshinobu hoped to keep power. On the 14th day of the 10th month of Keio 3, "
        "which was November 9, 1867 in the Western calendar, he returned his authority."
    )
    res = extract(text)
    assert [e.start.to_iso() for e in res.events] == ["1867-11-09"]
    assert "returned his authority" in quotes(text, res)[0][0]


def test_a_finer_date_inside_an_event_refines_it() -> None:
    text = "Success came in 1807, when the Slave Trade Act became law on 25 March 1807."
    assert [e.start.to_iso() for e in extract(text).events] == ["1807-03-25"]


def test_the_same_person_on_the_same_day_is_one_event() -> None:
    text = (
        "On 9 November 1867 Tokugawa Yoshinobu handed his governing authority back to the court. "
        "Later histories say that on 9 November 1867 Yoshinobu returned power to the throne."
    )
    assert len(extract(text).events) == 1


def test_an_event_counted_from_a_death_is_no_date_of_that_death() -> None:
    """A stored "returned two years after Ivo Lind's death" is dated from the death, not the
    death itself: counting from it again would move the date at every re-extraction."""
    counted = stored(
        7,
        "Ivo Lind's death returned",
        HistDate.of_year(1802),
        ("Ivo Lind",),
        "Mara Sten returned two years after Ivo Lind's death.",
    )
    ctx = FakeContext([counted], [Person(1, "Ivo Lind", ())])
    res = extract("The abbey was rebuilt three years after Ivo Lind's death.", ctx)
    assert [e.start for e in res.events] == []
    real = stored(8, "Ivo Lind's death", HistDate.of_year(1800), ("Ivo Lind",), "Ivo Lind died.")
    res = extract(
        "The abbey was rebuilt three years after Ivo Lind's death.",
        FakeContext([counted, real], [Person(1, "Ivo Lind", ())]),
    )
    assert [e.start.year for e in res.events] == [1803]
