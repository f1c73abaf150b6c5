"""What a date binds to, and numbers that are no dates (invented texts only, none taken
from the corpora): lifespans, plans, comparisons, states over a span, cited works, units."""

from __future__ import annotations

from timeline_desktop.domain.model import Document
from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.dates import tag
from timeline_desktop.extract.rules import RuleExtractor


def doc(text: str, name: str = "t.txt") -> Document:
    return Document(text, name, name, name, "text", "utf-8", str(hash(text)))


def events(text: str) -> list[tuple[str, str | None, str]]:
    res = RuleExtractor().extract(doc(text), EmptyContext())
    return [(e.start.to_iso(), e.end.to_iso() if e.end else None, e.title) for e in res.events]


def years(text: str) -> list[int]:
    return sorted(int(s[:5] if s.startswith("-") else s[:4]) for s, _, _ in events(text))


def test_a_lifespan_beside_a_name_dates_no_happening_of_the_sentence() -> None:
    text = (
        "Nora Vik was a painter of the northern coast. In 1931 she married the composer "
        "Emil Strand (1899–1968) in Bergen. Nora Vik exhibited in Oslo in 1935. Nora Vik "
        "taught at the academy from 1940."
    )
    found = events(text)
    assert ("1931", None) in [(s, e) for s, e, _ in found]
    assert not any(s == "1899" or e == "1968" for s, e, _ in found)


def test_the_lifespan_of_the_person_a_text_opens_with_dates_life_birth_and_death() -> None:
    text = (
        "Ada Marsh (3 May 1820 – 9 June 1891) was an engineer of canals. She built the "
        "Rye lock in 1852."
    )
    found = {t: (s, e) for s, e, t in events(text)}
    assert found["Life of Ada Marsh"] == ("1820-05-03", "1891-06-09")
    assert found["Birth of Ada Marsh"] == ("1820-05-03", None)
    assert found["Death of Ada Marsh"] == ("1891-06-09", None)


def test_a_list_of_notable_people_with_lifespans_makes_no_events() -> None:
    text = (
        "Notable people\n"
        "• Tom Penrose (1701–1766), clockmaker, of Truro\n"
        "• Jane Hext (1810–1880), botanist\n"
    )
    assert events(text) == []


def test_a_plan_dates_no_happening_but_the_attempt_it_dates_does() -> None:
    assert events("Early plans called for a launch of the probe in March 1981.") == []
    assert events("The opening of the bridge was scheduled for 1986.") == []
    assert events("A second probe is designed to reach the comet in the 2030s.") == []
    found = events("The docking planned for 4 May 1975 was abandoned after a fault.")
    assert [s for s, _, _ in found] == ["1975-05-04"]


def test_dates_compared_are_no_happenings() -> None:
    text = "The price of grain was the same in 1848 as it had been in 1838."
    assert events(text) == []


def test_a_state_held_over_a_stated_span_is_a_happening() -> None:
    found = events("From 1961 to 1967 she was a trustee of the city library.")
    assert [(s, e) for s, e, _ in found] == [("1961", "1967")]
    assert events("The festival lasted from the opening procession to 4 June 1911.") == []


def test_a_work_cited_by_author_and_year_is_no_event_nor_person() -> None:
    text = "Edith Carrow (1902) records four holy wells near the town."
    res = RuleExtractor().extract(doc(text), EmptyContext())
    assert res.events == ()
    assert "Edith Carrow" not in [p.name for p in res.people]


def test_a_book_in_a_reading_list_is_no_event() -> None:
    text = (
        "Further reading\n"
        "• P. Quill, Mills of the Valley, Fenwick Press, 1988. (shortlisted for the county "
        "prize of 1989.)\n"
    )
    assert events(text) == []


def test_quantities_with_units_are_not_years() -> None:
    for text in (
        "The engine produced about 1200 watts at full power.",
        "The hall held about 1500 spectators on the day.",
        "Its rotor turned at 1800 rpm.",
        "The survey flights passed from 300 to 2500 km above the ice.",
        "Between 400 and 1200 workers joined the strike in the end.",
        "Its range was 1500–4000 miles with the extra tanks.",
    ):
        assert [t for t in tag(text) if t.date is not None] == [], text


def test_a_unit_in_the_singular_or_past_a_hard_wrap_still_counts() -> None:
    for text in (
        "A low pass (1450 kilometer altitude) over the northern ice cap.",
        "The probe then passed within about 1200\n      km of the moon.",
    ):
        assert [t for t in tag(text) if t.date is not None] == [], text


def test_a_month_of_an_annual_custom_takes_no_year_from_before() -> None:
    text = (
        "In 1850 the town hall was built. Near the river there was once an annual fair in "
        "August which was on one occasion visited by Queen Anne."
    )
    assert [s for s, _, _ in events(text)] == ["1850"]


def test_a_date_a_plan_slipped_to_dates_no_happening() -> None:
    text = (
        "The voyage was scheduled for 1901, but this later slipped to 1903. "
        "The ship finally sailed in 1905."
    )
    assert [s for s, _, _ in events(text)] == ["1905"]


def test_two_close_years_before_a_count_word_stay_years() -> None:
    found = [t.date.year for t in tag("From 1939 to 1945 people left the valley.") if t.date]
    assert 1939 in found


def test_each_date_of_a_list_dates_the_clause_happening() -> None:
    found = events("The comet passed by the Earth in 1910 and 1986 on its long orbit.")
    assert sorted(s for s, _, _ in found) == ["1910", "1986"]
    found = events(
        "Old spellings recorded include Penrin in 1130, Penryne in 1259 and Penryn in 1400."
    )
    assert sorted(s for s, _, _ in found) == ["1130", "1259", "1400"]


def test_an_old_style_split_year_is_the_later_year() -> None:
    assert [s for s, _, _ in events("In January 1688/9, the mill at Rye burned down.")] == [
        "1689-01"
    ]


def test_a_person_named_between_listed_dates_is_the_subject_of_the_second() -> None:
    found = {s: t for s, _, t in events("Ruth Ames died in 1990 and Paul Ames in 1997.")}
    assert found["1997"].startswith("Paul Ames")
    assert found["1990"].startswith("Ruth Ames")


def test_between_about_two_years_is_a_span_not_a_list() -> None:
    found = events("The bridge was built sometime between about 1130 and 1145 by the monks.")
    assert [(s.rstrip("~"), e) for s, e, _ in found] == [("1130", "1145")]


def post(text: str, url: str | None) -> list[tuple[str, str]]:
    d = Document(text, "p", "p.html", "p.html", "html", "utf-8", str(hash(text)), url=url)
    res = RuleExtractor().extract(d, EmptyContext())
    return sorted(
        (e.start.to_iso(), d.text[e.evidence[0].start : e.evidence[0].end]) for e in res.events
    )


POST = (
    "Ferry service resumes\n\n"
    "Today, the harbour board reopened the ferry route to the island. The board closed "
    "the route in spring of last year, and in August the council approved new piers. "
    "Yesterday the first boat was inspected."
)


def test_a_dated_post_dates_today_yesterday_and_last_year_from_its_own_date() -> None:
    found = dict((q, s) for s, q in post(POST, "https://example.org/news/2021/03/09/ferry/"))
    assert found["Today, the harbour board reopened the ferry route to the island."] == (
        "2021-03-09"
    )
    assert any(s == "2020-21" for q, s in found.items() if "closed" in q)  # spring 2020
    assert any(s == "2020-08" for q, s in found.items() if "approved" in q)
    assert found["Yesterday the first boat was inspected."] == "2021-03-08"


def test_a_byline_dates_a_post_too_and_without_a_date_today_is_no_date() -> None:
    text = "Published 9 March 2021\n\n" + POST
    found = [s for s, q in post(text, None) if q.startswith("Today")]
    assert found == ["2021-03-09"]
    assert not any(q.startswith(("Today", "Yesterday")) for _, q in post(POST, None))


def test_a_month_named_alone_is_in_the_year_stated_last() -> None:
    found = events("The strike began in May 1926. The miners went back to work in November.")
    assert sorted(s for s, _, _ in found) == ["1926-05", "1926-11"]


def test_a_list_of_dated_items_gives_each_item_its_own_event() -> None:
    text = (
        "Surveys were made of the Lune (first crossing 3 May 1820), the Wyre estuary "
        "(first crossing 9 June 1821), the old ford (first crossing 2 July 1822), and the "
        "flooding of the lower valley from March 4-9, 1823."
    )
    found = {(s, e) for s, e, _ in events(text)}
    assert {("1820-05-03", None), ("1821-06-09", None), ("1822-07-02", None)} <= found
    assert ("1823-03-04", "1823-03-09") in found


def test_days_of_one_year_written_as_one_span() -> None:
    assert [
        (t.date.to_iso(), t.end_date.to_iso())
        for t in tag("Loaded January 30 through February 12, 1995.")
        if t.end_date
    ] == [("1995-01-30", "1995-02-12")]


def test_a_wrapped_line_opening_on_a_date_is_no_chronology_line() -> None:
    text = (
        "    The mission began with a single launch of the combined craft.  The\n"
        "    launch came on a clear morning after two delays.  The launch occurred\n"
        "    October 18, 1989.  Since the booster was too weak, the craft flew\n"
        "    first towards Venus for a gravity assist on its way to Jupiter.\n"
    )
    found = events(text)
    assert len(found) == 1 and found[0][0] == "1989-10-18"
    res = RuleExtractor().extract(doc(text), EmptyContext())
    assert "chronology line" not in " ".join(res.events[0].evidence[0].rules)


def test_a_period_described_is_no_happening() -> None:
    text = (
        "The cruise phase covered the period from April 12, 1993 to\nOctober 8, 1995 in the plan."
    )
    assert events(text) == []


def test_a_happening_named_with_its_year_is_its_own_event() -> None:
    text = (
        "Critics recalled the collapse of the old dam in 1911, and the 1928 Marlow flood, "
        "which drowned the lower town."
    )
    found = {s: t for s, _, t in events(text)}
    assert found["1928"] == "Marlow flood"
    assert "1911" in found


def test_a_second_date_later_in_the_clause_dates_its_own_happening() -> None:
    text = (
        "The survey team planned the tests in the late 1880s using the new theodolites "
        "during the first crossing of the pass in August 1891."
    )
    found = {s for s, _, _ in events(text)}
    assert "1891-08" in found


def test_years_in_names_notes_and_citations_that_are_dates() -> None:
    assert [
        t.stated() for t in tag("It was reformed under the Burial Grounds Act 1857 at once.")
    ] == ["1857"]
    assert [t.stated() for t in tag("- Tom Hext, the reeve, hanged for theft, 1602\n")] == ["1602"]
    text = 'Deaths included one "by a fallen Beam" (March 1702) and others.'
    assert [t.stated() for t in tag(text)] == ["1702-03"]


def test_a_plan_for_one_date_leaves_the_other_date_of_the_sentence_alone() -> None:
    text = (
        "The new school is due to open in September 2031, with places being offered from May 2030."
    )
    assert [s for s, _, _ in events(text)] == ["2030-05"]


def test_passive_acts_with_an_agent_and_relative_that() -> None:
    assert years("In 1972 the square was named in honour of the first mayor.") == [1972]
    assert years("A spare hull was considered by the navy board in 1903 for a cruise.") == [1903]
    assert years("It was a storm that broke the harbour wall in March 1881.") == [1881]


def test_a_year_naming_a_prize_a_census_or_a_ruling() -> None:
    assert years("She won the 1998 Kerr Prize for Poetry.") == [1998]
    found = events("The strike follows a 3 May 2011 ruling by the high court.")
    assert [s for s, _, _ in found] == ["2011-05-03"]
    assert "ruling" in found[0][2].lower()


def test_a_span_in_parentheses_after_a_role_dates_that_role() -> None:
    text = (
        "In May 1951, Ada Quist became deputy editor of the paper, and then editor of the "
        "paper (1953–1960)."
    )
    found = {(s, e) for s, e, _ in events(text)}
    assert {("1951-05", None), ("1953", "1960")} <= found


def test_clock_times_catalogue_numbers_and_identifiers_are_not_years() -> None:
    for text in (
        "The crew woke shortly after 0400 and checked the hatch.",
        "Images of 951 Gaspra came first; the flyby of 951 Gaspra was brief.",
        "The comet 673 Edda was seen from the ridge.",
        "See RFC 1336 for the format.",
        "A 1202 program alarm sounded during the descent.",
    ):
        assert [t for t in tag(text) if t.date is not None and t.confidence >= 0.6] == [], text
    assert [t.stated() for t in tag("In 800 Charlemagne was crowned in Rome.")] == ["0800"]


def test_two_spans_of_being_in_one_sentence_are_two_tenures() -> None:
    text = (
        "She was on the board of the museum from 1971 to 1975 and was chair of the "
        "library trust from 1973 to 1979."
    )
    assert sorted((s, e) for s, e, _ in events(text)) == [("1971", "1975"), ("1973", "1979")]


def test_two_days_that_take_their_year_from_before_make_one_span() -> None:
    text = "The fair of 1702 was long. It ran from August 28th to September 9th that year."
    spans = [(t.date.to_iso(), t.end_date.to_iso()) for t in tag(text) if t.end_date]
    assert spans == [("1702-08-28", "1702-09-09")]


def test_what_will_have_been_is_no_happening_and_a_new_subject_ends_the_clause() -> None:
    text = (
        "It seems that the cost of the war from June 3rd, 1702, to this Lady Day, will have "
        "been some £400,000, and we have paid in that time about £300,000."
    )
    assert events(text) == []


def test_recurring_meetings_and_signed_quantities_are_no_dates() -> None:
    text = "The lodge was founded on 3 May 1921; it meets the second Tuesday in October."
    assert [s for s, _, _ in events(text)] == ["1921-05-03"]


def test_a_past_tense_after_a_relative_that_is_a_verb() -> None:
    from timeline_desktop.extract.events.verbs import verbs
    from timeline_desktop.extract.events.words import EventWords
    from timeline_desktop.extract.lexicon import load

    ew = load("en").compiled(EventWords)
    for text, word in (
        ("the 1687 blaze that destroyed the mill", "destroyed"),
        ("a storm that broke the wall", "broke"),
    ):
        assert [v[2] for v in verbs(ew, text, 0, len(text))] == [word]
    text = "they walked past that ruined chapel"
    assert [v[2] for v in verbs(ew, text, 0, len(text))] == ["walked"]


def test_roman_named_days_date_happenings_with_and_without_their_year() -> None:
    # the Ides fall on the 15th of March, May, July and October and the 13th of other
    # months; the Nones eight days before; the Kalends on the 1st
    found = events(
        "Gaius Varro was stabbed in the forum on the Ides of May, 61 BC. "
        "In 58 BC the tribune Lucius Atta proposed the grain law. "
        "The assembly passed it on the Nones of June."
    )
    assert ("-0060-05-15", None) in [(s, e) for s, e, _ in found]
    assert ("-0057-06-05", None) in [(s, e) for s, e, _ in found]
    assert (
        events("On the Kalends of January 153 BC the consuls first took office in Rome.")[0][0]
        == "-0152-01-01"
    )


def test_a_happening_counted_from_a_named_flyby_takes_that_flybys_date() -> None:
    # two flybys are told; "after the flyby of Tarsa" counts from Tarsa's, however much
    # finer the other's date is written
    found = events(
        "The Kestrel probe flew by Vell on 3 June 1994 at 04:10 UTC.\n\n"
        "The Kestrel probe flew by Tarsa in August 1996.\n\n"
        "About ten minutes after the closest approach of the Tarsa flyby, the Kestrel probe "
        "lost its camera."
    )
    lost = [s for s, _, t in found if "camera" in t]
    assert lost == ["1996-08"], found


def test_a_name_an_anchor_needs_is_a_whole_word() -> None:
    # "Io" is not in "mission": the flyby of Vell is no flyby of Io
    found = events(
        "The Kestrel mission flew by Vell on 3 June 1994 at 04:10 UTC.\n\n"
        "The Kestrel probe flew by Io in August 1996.\n\n"
        "About ten minutes after the closest approach of the Io flyby, the Kestrel probe "
        "lost its camera."
    )
    assert [s for s, _, t in found if "camera" in t] == ["1996-08"], found
