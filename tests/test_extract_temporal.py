"""The temporal tagger on sentences written for these tests (not taken from the corpora)."""

from __future__ import annotations

import pytest

from timeline_desktop.domain.dates import HistDate, Precision
from timeline_desktop.extract.dates import Kind, resolve_anchored, tag


def stated(text: str) -> list[str]:
    return [t.stated() for t in tag(text) if t.date is not None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The treaty was signed on March 5, 1953 in a hurry.", ["1953-03-05"]),
        ("The treaty was signed on 5 March 1953 in a hurry.", ["1953-03-05"]),
        ("The treaty was signed on 1953-03-05 in a hurry.", ["1953-03-05"]),
        ("The treaty was signed on the 5th of March, 1953.", ["1953-03-05"]),
        ("The fleet sailed in September 1804.", ["1804-09"]),
        ("The bridge opened in 1889.", ["1889"]),
        ("Caesar crossed the Rubicon on 10 January 49 BC.", ["-0048-01-10"]),
        ("The city fell in 146 BCE after a long siege.", ["-0145"]),
        ("Augustus died in AD 14 at Nola.", ["0014"]),
        ("The king was crowned in 800 AD.", ["0800"]),
        ("The tower was built in the 1920s.", ["1920s"]),
        ("Unrest grew in the late 1850s.", ["late 1850s"]),
        ("Trade recovered by the mid-1970s.", ["mid-1970s"]),
        ("The abbey dates from the 12th century.", ["12th century"]),
        ("The palace was rebuilt in the early 19th century.", ["early 19th century"]),
        ("Bronze tools spread in the third millennium BC.", ["3rd millennium BC"]),
        ("The temple was begun in the 5th century BC.", ["5th century BC"]),
        ("The army marched north in the spring of 1812.", ["1812-21"]),
        ("The mill was founded c. 1750 by two brothers.", ["c. 1750"]),
        ("The mill was founded circa 1750 by two brothers.", ["c. 1750"]),
        ("The mill was founded c.1750 by two brothers.", ["c. 1750"]),
    ],
)
def test_explicit_dates(text: str, expected: list[str]) -> None:
    assert stated(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The siege lasted from 1936 to 1938.", "1936/1938"),
        ("Fighting went on between 1914 and 1918.", "1914/1918"),
        ("His reign (1509-1547) was long.", "1509/1547"),
        ("The war of 1941-45 changed everything.", "1941/1945"),
        ("The wars lasted from 322 to 281 BC.", "-0321/-0280"),
    ],
)
def test_ranges(text: str, expected: str) -> None:
    ranges = [t for t in tag(text) if t.kind is Kind.RANGE]
    assert [t.stated() for t in ranges] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Delegates met at the 20th Party Congress.",
        "The historian agrees (Freeze 407).",
        "[[File:Harbour_view_1902.jpg|thumb|250px|The harbour]]",
        "See page 1953 of the report.",
        "Nearly 1500 troops crossed the river.",
        "Read it at https://example.org/archive/1917/index.html today.",
        "The scan is stored as plan_1887.png for now.",
        "The vote was lost by 163 votes to 88.",
        "Copies are on reserve in Room 214.",
    ],
)
def test_traps_are_not_dates(text: str) -> None:
    assert stated(text) == []


def test_bare_year_confidence_depends_on_cues() -> None:
    weak, strong = tag("A 1953 photograph."), tag("It happened in 1953.")
    assert strong[0].confidence > (weak[0].confidence if weak else 0)
    card = tag("1953 · Moscow, Soviet Union\nText.")
    assert card[0].heading and card[0].confidence >= 0.85


def test_qualifiers_are_kept_but_events_get_the_named_date() -> None:
    t = tag("By the end of 1955 the camps had emptied.")[0]
    assert t.cue == "end"
    start, end = t.event_dates()
    assert start == HistDate.of_year(1955) and end is None
    u = tag("He ruled until 1964.")[0]
    assert u.cue == "until" and u.event_dates()[0] == HistDate.of_year(1964)


def test_other_calendar_beside_gregorian_is_dropped() -> None:
    assert stated("The shrine was rebuilt in 1372 AH (1953).") == ["1953"]
    assert stated("It opened on 12 Muharram 1372, that is in September 1952.") == ["1952-09"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The port opened in 1866, and later that year a fire broke out.", "1866"),
        ("The port opened in April 1866; the following spring it closed.", "1867-21"),
        ("The port opened in 1866. Three years later it closed.", "1869"),
        ("The port opened on 3 May 1866. Two days later it closed.", "1866-05-05"),
        ("The port opened in 1866. The next year it closed.", "1867"),
        ("The port opened on 3 May 1866. At ten that night it burned.", "1866-05-03"),
        ("The port opened on 3 May 1866, and days later it closed.", "1866-05"),
        ("The port opened on 3 May 1866. A few weeks later it closed.", "c. 1866-05"),
        ("The port opened in May 1866. Some months later it closed.", "c. 1866"),
        ("The port opened in 1866. Two years after that it closed.", "1868"),
        ("The port opened in 1866. Two years before that it was dredged.", "1864"),
    ],
)
def test_relative_dates_resolve_against_the_text(text: str, expected: str) -> None:
    rel = [t for t in tag(text) if t.kind is Kind.RELATIVE]
    assert [t.stated() for t in rel] == [expected]


def test_vague_counts_stay_approximate_and_need_a_fine_enough_reference() -> None:
    (weeks,) = [
        t for t in tag("It opened on 3 May 1866. Weeks later it closed.") if t.kind is Kind.RELATIVE
    ]
    assert weeks.date == HistDate.of_month(1866, 5).with_(approximate=True)
    (days,) = [
        t for t in tag("It opened in 1866. Days later it closed.") if t.kind is Kind.RELATIVE
    ]
    assert days.date is None  # a year gives no month to stay in


def test_a_relative_date_restated_by_a_written_one_gives_way() -> None:
    text = "The mill opened on 3 June 1866. Six weeks earlier, on 20 April 1866, the dam broke."
    assert [(t.kind, t.stated()) for t in tag(text)] == [
        (Kind.DATE, "1866-06-03"),
        (Kind.DATE, "1866-04-20"),
    ]


def test_that_morning_before_a_year_is_left_to_the_year() -> None:
    text = "They met on 15 August 1534. He dates it to that morning in 1534."
    assert [t.stated() for t in tag(text)] == ["1534-08-15", "1534"]


def test_relative_date_without_reference_stays_unresolved() -> None:
    rel = [t for t in tag("Three years later the port closed.") if t.kind is Kind.RELATIVE]
    assert len(rel) == 1 and rel[0].date is None


def test_anchored_dates_wait_for_their_anchor() -> None:
    text = "The governor resigned two years after the queen's death."
    (t,) = [x for x in tag(text) if x.kind is Kind.ANCHORED]
    assert t.date is None and t.anchor is not None
    assert text[t.anchor[0] : t.anchor[1]] == "the queen's death"
    resolved = resolve_anchored(t, HistDate.of_day(1901, 1, 22))
    assert resolved.date == HistDate.of_year(1903)
    assert resolve_anchored(t, None).date is None


def test_day_without_year_takes_the_year_from_context() -> None:
    t = tag("The fleet left in 1805. On 21 October the battle began.")
    assert [x.stated() for x in t] == ["1805", "1805-10-21"]
    assert t[1].date is not None and t[1].date.precision is Precision.DAY


def test_tagger_is_fast_enough() -> None:
    import time

    paragraph = (
        "In 1953 the council of the old port town met on March 5, 1953, and argued for "
        "weeks about the harbour, the taxes and the new bridge. Three years later it "
        "dissolved, and most of its members went home to their farms and workshops. The "
        "20th congress (Smith 412) sat from 1936 to 1938 with 1500 delegates, who spoke "
        "at length about trade, roads, schools and the price of grain in the late 1920s.\n"
    )
    text = paragraph * 2000
    t0 = time.process_time()
    tag(text)
    rate = len(text) / 1024 / max(time.process_time() - t0, 1e-9)
    assert rate > 500, f"{rate:.0f} KB/s"


def test_a_feast_day_takes_its_year_from_context_or_its_own() -> None:
    from timeline_desktop.extract.dates import tag

    t = "Apollo 8 launched on 21 December 1968. On Christmas Eve Anders took a photograph."
    assert [x.date.to_iso() for x in tag(t) if x.date] == ["1968-12-21", "1968-12-24"]
    t = "William was crowned on Christmas Day 1066."
    assert [x.date.to_iso() for x in tag(t) if x.date] == ["1066-12-25"]


def test_a_day_of_a_yearly_commemoration_takes_no_year() -> None:
    from timeline_desktop.extract.dates import tag

    t = "Slavery ended in 1834. In many countries 1 August is still marked as Emancipation Day."
    assert [x.date.to_iso() for x in tag(t) if x.date] == ["1834"]
    t = "Slavery ended in 1834. On 1 August the apprentices protested."
    assert [x.date.to_iso() for x in tag(t) if x.date] == ["1834", "1834-08-01"]


def test_the_following_month_name_is_resolved() -> None:
    from timeline_desktop.extract.dates import tag

    t = "Apollo 8 flew on 21 December 1968. The following July, Apollo 11 landed."
    assert [x.date.to_iso() for x in tag(t) if x.date] == ["1968-12-21", "1969-07"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trade spread through the late 1850s and early 1860s.", "late 1850s/early 1860s"),
        ("The style lasted in the 1920s and 1930s.", "1920s/1930s"),
        ("Towers rose in the 15th and 16th centuries.", "15th century/16th century"),
        ("Bronze spread in the 5th and 4th centuries BC.", "5th century BC/4th century BC"),
    ],
)
def test_spans_joined_by_and(text: str, expected: str) -> None:
    assert stated(text) == [expected]


def test_spans_that_do_not_meet_stay_apart() -> None:
    assert stated("The town grew in the 1920s and again in the 1950s.") == ["1920s", "1950s"]
