"""Which happening a date belongs to in encyclopedic prose, and a title that tells it: the
clause that holds the date (a relative or participle clause, an -ing clause after
"before"), not a happening the date only names, and never a title without its verb."""

from __future__ import annotations

from timeline_desktop.domain.model import Document
from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.rules import RuleExtractor


def events(text: str):
    doc = Document(text, "t.txt", "t.txt", "t.txt", "text", "utf-8", str(hash(text)))
    return RuleExtractor().extract(doc, EmptyContext()).events


def titled(text: str) -> list[str]:
    return [e.title for e in events(text)]


def test_a_passive_relative_clause_titles_the_noun_it_tells_of() -> None:
    got = titled(
        "Harbour notes\n\nThe old warehouses now hold the town library which was opened in 1931."
    )
    assert got == ["The town library was opened"], got


def test_a_participle_after_a_noun_tells_what_happened_to_the_noun() -> None:
    got = titled("Harbour notes\n\nThere are few traces left of the stone mill erected c. 1602.")
    assert got == ["The stone mill was erected"], got


def test_a_noun_that_reads_like_a_participle_is_no_reduced_clause() -> None:
    got = titled(
        "Harbour notes\n\nThe treaty deepened the rift and the bitter split later in 1960."
    )
    assert got and not got[0].endswith("was split"), got


def test_a_year_naming_an_earlier_happening_does_not_date_the_main_clause() -> None:
    text = (
        "Harbour notes\n\nIn the two years the ferry lay idle after the 1954 Tynemouth strike, "
        "its hull plates were corroded by salt."
    )
    got = titled(text)
    assert not any("corroded" in t for t in got), got
    assert any("strike" in t.lower() for t in got), got


def test_a_verb_reads_past_a_comma_aside_to_its_object() -> None:
    text = (
        "Survey notes\n\nOn 4 May 2011, the agency announced, in a note to the press, "
        "the discovery of a second crater near the pole."
    )
    got = titled(text)
    assert got == ["The agency announced the discovery of a second crater"], got


def test_a_reporting_verb_before_an_aside_and_a_that_clause_stays_as_it_was() -> None:
    got = titled(
        "Ada Lind was a poet. In 1960 she argued, given that the war was over, that it ended."
    )
    assert got == ["Ada Lind argued"], got


def test_a_date_in_a_before_ing_clause_dates_that_verb() -> None:
    text = (
        "Probe notes\n\nThe probe circled the moon three times before reaching the comet "
        "Tarsk on 12 March 2004."
    )
    got = titled(text)
    assert got == ["The probe reached the comet Tarsk"], got


def test_a_stated_span_in_brackets_wins_over_the_relative_year_before_it() -> None:
    text = (
        "Council notes\n\nShe was elected in 1970. The next year (June 1971-June 1972) she "
        "served as mayor of the town."
    )
    evs = events(text)
    served = [e for e in evs if "served as mayor" in e.title]
    assert served, [e.title for e in evs]
    assert served[0].start.to_iso() == "1971-06" and served[0].end.to_iso() == "1972-06"
    assert not any("year" in e.title.lower() for e in evs), [e.title for e in evs]


def test_a_thing_dated_by_its_century_is_titled_by_its_making() -> None:
    got = titled("Church notes\n\nThe pulpit of carved oak is of the 15th century.")
    assert got == ["The pulpit of carved oak was made"], got


def test_quoted_items_of_a_dated_list_each_keep_their_own_words() -> None:
    text = (
        'Parish notes\n\nThe registers give causes: men were killed "by a falling beam" '
        '(May 1701), "a Carter," (June 1702), "in a mill race" (July 1703), and others.'
    )
    got = titled(text)
    assert "Men were killed in a mill race" in got, got
    assert not any(t[:1] in '"“' for t in got), got


def test_a_table_row_missing_a_cell_still_names_its_place_and_kind() -> None:
    text = (
        "This is a list of notable floods in Wessex.\n\n"
        "Date | Time | Place | Depth\n"
        "1890-03-02 | 04:00 | Lower Ford | 2.1\n"
        "1911-05-07 | 40 km N of Upper Weir | 1.5\n"
        "1923-01-04 | 02:10 | The Lune valley | 0.9\n"
        "1930-02-09 | 11:00 | The Hague | 0.4\n"
    )
    got = titled(text)
    assert "Flood at Lower Ford" in got, got
    assert "Flood 40 km N of Upper Weir" in got, got
    assert "Flood at the Lune valley" in got and "Flood at The Hague" in got, got


def test_a_happening_named_before_its_date_takes_the_date_not_the_main_clause() -> None:
    # the quay stood until the flood: 1742 is the flood's year, not a year of the quay
    found = events("Harbour notes\n\nThe old quay stood until the great flood of 1742.")
    assert [(e.title, e.start.year) for e in found] == [("The great flood", 1742)], found


def test_a_happening_named_with_its_own_of_phrase_before_its_date() -> None:
    got = [
        (e.title, e.start.label())
        for e in events(
            "Harbour notes\n\nThe ferry kept running until the arrival of the railway in "
            "March 1881.\n\nThe mill has stood idle since the strike of 1926."
        )
    ]
    assert got == [("The arrival of the railway", "March 1881"), ("The strike", "1926")], got


def test_a_happening_named_in_the_main_clause_keeps_dating_it() -> None:
    # "in the battle of ...": the wounding happened in the battle, so the date is its own
    got = titled("Harbour notes\n\nThe captain was wounded in the battle of 12 May 1800.")
    assert got == ["The captain was wounded in the battle"], got


def test_a_perfect_passive_relative_clause_titles_its_own_noun() -> None:
    # "which had been" is longer than "which was": the relative is still seen
    got = titled(
        "Harbour notes\n\nThe crew mended the nets to spare the old boom which had been "
        "cracked in the storm of 3 March 1750."
    )
    assert got == ["The old boom had been cracked in the storm"], got


def test_a_verb_in_a_quotation_without_the_date_tells_no_happening_of_it() -> None:
    got = titled(
        'Harbour notes\n\nThe critic thought the essay "a relic of that very seventeenth '
        'century" after reading "the long, often wholly unfounded way it treats the town".'
    )
    assert not any("unfounded" in x for x in got), got


def test_a_participle_set_off_after_a_noun_tells_what_happened_to_the_noun() -> None:
    got = [
        (e.start.year, e.title)
        for e in events(
            "Harbour notes\n\nThe town kept a grand theatre, built in 1850 and pulled down by "
            "the council in 1960, which seated a thousand people."
        )
    ]
    assert got == [
        (1850, "The grand theatre was built"),
        (1960, "The grand theatre was pulled down by the council"),
    ], got


def test_a_main_verb_after_an_apposition_is_no_set_off_participle() -> None:
    got = titled(
        "Harbour notes\n\nThe harbour master, a keen friend of the new lighthouse, said in "
        "1889 that it saved ships."
    )
    assert not any(x.endswith("was said") for x in got), got


def test_a_year_naming_a_body_dates_the_clause_that_names_the_body() -> None:
    got = titled(
        "Harbour notes\n\nThe mayor Anna Lind appointed the pilot a member of the 1893 "
        "Harbour Commission."
    )
    assert len(got) == 1 and got[0].startswith("Anna Lind appointed the pilot"), got


def test_a_happening_named_with_its_year_keeps_whose_it_is() -> None:
    got = titled(
        "Harbour notes\n\nThe archive reopened on 9 May 1902 after a 3 March 1902 ruling by "
        "the High Court of Arnby that the ban imposed by the council was void."
    )
    assert "Ruling by the High Court of Arnby" in got, got


def test_what_a_dated_happening_led_to_is_a_happening_of_its_own() -> None:
    text = (
        "Harbour notes\n\n"
        "Tomas Berg kept the harbour light. When he woke on 3 May 1911, his daughter Kaisa "
        "brought word that the quay was flooded, so he rowed to the breakwater and lit the "
        "storm lamp."
    )
    got = {e.title: e for e in events(text)}
    rowed = got.get("Tomas Berg rowed to the breakwater")
    assert rowed is not None, list(got)
    assert rowed.start.year == 1911 and (rowed.start.month, rowed.start.day) == (5, 3)
    [ev] = rowed.evidence
    assert text[ev.start : ev.end].startswith("he rowed to the breakwater")
    [first] = [e for e in got.values() if e is not rowed]
    ev = first.evidence[0]
    assert "rowed" not in text[ev.start : ev.end]  # each keeps its own clause


def test_so_before_a_quantity_or_a_purpose_leads_to_nothing() -> None:
    for tail in ("so many boats sank", "so that the boats could land"):
        text = f"Harbour notes\n\nIn May 1911 the town built a new quay, {tail}."
        assert len(events(text)) == 1, tail


def test_a_second_he_of_a_sentence_opening_on_when_he_is_the_first() -> None:
    text = (
        "Harbour notes\n\n"
        "Tomas Berg kept the harbour light. When he woke on 3 May 1911, Robin Lind called "
        "from the quay, so he rowed to the breakwater."
    )
    titles = [e.title for e in events(text)]
    assert "Tomas Berg rowed to the breakwater" in titles, titles


def test_a_set_off_participle_after_a_possessive_names_its_noun() -> None:
    text = (
        "Harbour notes\n\nKeld's new dredger, launched in 1911 and planned for a long "
        "life, sank in the outer basin on 3 May 1914."
    )
    got = {e.title: e for e in events(text)}
    launch = got.get("Keld's new dredger was launched")
    assert launch is not None, list(got)
    [ev] = launch.evidence
    assert text[ev.start : ev.end].endswith("planned for a long life"), text[ev.start : ev.end]
