"""How dates are read from their context (invented texts only, none taken from the corpora):
hours counted from a time just told, years naming a census, days without a year, weeks."""

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


def spans(text: str) -> list[tuple[str, str | None, str | None]]:
    return [
        (
            text[t.start : t.end],
            t.date.to_iso() if t.date else None,
            t.end_date.to_iso() if t.end_date else None,
        )
        for t in tag(text)
    ]


def test_hours_or_minutes_later_keep_the_day_counted_from() -> None:
    text = (
        "The ferry left the pier on 4 May 1921 at dawn. It docked at the far island about "
        "three hours later (at noon)."
    )
    assert ("1921-05-04", None) in [(s, e) for s, e, t in events(text) if "docked" in t]
    found = spans("The pump stopped on 2 March 1977. A few hours earlier it had leaked.")
    assert ("A few hours earlier", "1977-03-02", None) in found
    found = spans("The beacon was lit on 9 June 1940. Forty minutes later it went out.")
    assert ("Forty minutes later", "1940-06-09", None) in found


def test_hours_later_count_only_from_a_time_told_just_before() -> None:
    text = "Stop time : 1996-01-03\n\nThe relay ran for a while and one hour later the burn began."
    assert [d for s, d, _ in spans(text) if "hour" in s] == [None]


def test_minutes_after_a_moment_count_from_the_time_of_day_just_told() -> None:
    # the day was told long before, the moment ("the same day") just before: count from it
    text = (
        "The balloon was filled on the green on 3 June 1784 and rose slowly into a calm sky, "
        "drifting east over the river, the fairground, the tannery, the mill and the long "
        "meadows beyond, while the crowd ran along the lanes below and the band played on "
        "and on. The flight was watched from every roof and window in the town, and the "
        "ringers climbed the church tower to see it go, some of them with telescopes "
        "borrowed for the day. It reached its highest point at noon the same day. A few "
        "minutes after the highest point, the pilot opened the valve."
    )
    assert ("1784-06-03", None, "The pilot opened the valve") in events(text)
    # a few days after a named happening counts from it, not from whatever date came last
    found = spans("The ship left port on 3 June 1784. A few days after the storm they rowed.")
    assert [d for s, d, _ in found if "days" in s] == []


def test_a_number_before_a_unit_on_the_next_line_is_no_year() -> None:
    text = "The craft then passed within about 1000\n  km of the moon."
    assert [d for _, d, _ in spans(text)] == []


def test_a_census_year_dates_what_the_census_counted() -> None:
    assert [s for s, _, _ in events("Arnby had 4,210 people as of the 1991 Census.")] == ["1991"]
    assert [s for s, _, _ in events("The 1851 census lists nine mills in the valley.")] == [
        "1851"
    ]


def test_days_without_a_year_written_as_one_span() -> None:
    text = "The synod of 1480 was long. It sat from 3 to 7 September at Lyon."
    assert ("3 to 7 September", "1480-09-03", "1480-09-07") in spans(text)
    text = "The synod of 1480 was long. It sat September 28th-October 2nd at Lyon."
    assert ("September 28th-October 2nd", "1480-09-28", "1480-10-02") in spans(text)


def test_a_day_stated_again_without_its_year_is_the_same_day() -> None:
    text = (
        "The levy ran from May 1st to June 9th, 1712. In January 1650 a mill had burnt "
        "there. The roll for the week of June 9th-16th is lost."
    )
    assert ("June 9th-16th", "1712-06-09", "1712-06-16") in spans(text)


def test_the_following_or_previous_week_is_seven_days() -> None:
    found = spans("The dam opened on 3 May 1921. The following week it leaked.")
    assert ("The following week", "1921-05-04", "1921-05-10") in found
    found = spans("The dam opened on 3 May 1921. In the previous week it was tested.")
    assert ("the previous week", "1921-04-26", "1921-05-02") in found


def test_at_that_time_keeps_the_date_before() -> None:
    text = "The old hall was rebuilt in the 14th century. Also built at that time was a barn."
    assert ("at that time", "C14", None) in spans(text)
    found = events("The mill was sold in May 1820. At that time the miller moved to Leeds.")
    assert ("1820-05", None, "The miller moved to Leeds") in found
    text = "The probe ran on six RCA 1802 chips, like the home computers built at that time."
    assert [d for s, d, _ in spans(text) if s == "at that time"] == []
    text = "It was restored in 1840.\n\nAt that time, some say, the rector left."
    assert [d for s, d, _ in spans(text) if s == "At that time"] == []


def test_what_went_on_until_a_date_runs_from_the_date_before() -> None:
    found = spans("The strike began on 3 May 1921 and lasted until 9 June 1921.")
    assert ("9 June 1921", "1921-05-03", "1921-06-09") in found
    text = (
        "This is a list of floods in Norway:\n\nDate | Place | Deaths | Comments\n"
        "1987-04-02 | Vik | 2 | A dam broke in the night\n"
        "1995-06-01 | Glomma | 1 | The first of a run of floods that went on until 9 July 1995\n"
        "2002-03-05 | Lom | 0 | A bridge fell\n"
    )
    found = [(s, e) for s, e, _ in events(text)]
    assert ("1995-06-01", None) in found
    assert ("1995-06-01", "1995-07-09") in found


def test_a_parenthesis_opening_on_a_verb_tells_a_happening_of_its_own() -> None:
    text = (
        "The name is on maps of the 16th and 17th centuries, notably the map drawn by Ada "
        "Lund but engraved by the Flemish artist Piet Roos in Ghent in 1611 (printed in "
        "York by Hale and Dent in 1629)."
    )
    found = [(s, t) for s, _, t in events(text)]
    assert ("1629", "Printed in York by Hale") in found


def test_a_thing_of_a_century_or_named_in_a_dated_record_is_dated_by_it() -> None:
    assert [s for s, _, _ in events("The pulpit of dark oak is of the 15th century.")] == ["C15"]
    text = "The Chapel of St Anne is a ruin of a 13th-century building near the green."
    assert [s for s, _, _ in events(text)] == ["C13"]
    assert [s for s, _, _ in events("The hamlet is first mentioned in a deed of 1203.")] == ["1203"]
    assert events("He was a man of the 1960s.") == []


def test_counted_from_a_happening_the_text_told_before() -> None:
    text = "In 1843 a fire destroyed the mill. Two years after the fire, the mill was rebuilt."
    assert [s for s, _, _ in events(text)] == ["1843", "1845"]
    text = "In 1843 a fire destroyed the mill. Two years after the flood, the mill was rebuilt."
    assert [s for s, _, _ in events(text)] == ["1843"]
    text = (
        "On 2 May 1701 a fire broke out. Ada Lind drew a plan on 11 May 1701, barely a week "
        "after the fire, and sent it on."
    )
    assert [s for s, _, _ in events(text)] == ["1701-05-02", "1701-05-11"]
    text = "In May 1701 a fire broke out. Ada Lind calls the ten months after the fire hard."
    assert [s for s, _, _ in events(text)] == ["1701-05"]
    # "pre-fire" is no telling of the fire: the year counts from the fire itself
    text = (
        "In 1843 a fire destroyed the mill. The pre-fire accounts ran to 1842. Two years "
        "after the fire, the mill was rebuilt."
    )
    assert "1845" in [s for s, _, _ in events(text)], events(text)


def test_shortly_afterwards_is_in_the_month_or_year_counted_from() -> None:
    text = "She took her degree in 1956. Shortly afterwards, she was invited to Oslo."
    assert [s for s, _, _ in events(text)] == ["1956", "1956"]
    text = "The war began in 1701. The next year the town fell. Soon afterwards the king died."
    assert [d for s, d, _ in spans(text) if s == "Soon afterwards"] == []


def test_the_recipient_or_winner_of_a_prize_won_it() -> None:
    found = events("In 1994, Ada Moe was recipient of the Kerr Prize for Poetry.")
    assert found == [("1994", None, "Ada Moe won the Kerr Prize for Poetry")]
    assert events("In 1990 she was a member of the Lund Society.") == []


def test_a_day_told_in_two_years_takes_the_year_stated_last() -> None:
    text = (
        "The ferry first sailed on 4 June 1902. A second boat joined on 4 June 1908. "
        "The old boat was sold on 2 March 1903, three months before its refit on June 4."
    )
    assert ("June 4", "1903-06-04", None) in spans(text)


def test_the_next_morning_or_evening_is_the_day_after() -> None:
    found = spans("The mill caught fire on 4 March 1802. The next evening the roof fell in.")
    assert ("The next evening", "1802-03-05", None) in found
    found = spans("The mill caught fire on 4 March 1802. The following morning it was gone.")
    assert ("The following morning", "1802-03-05", None) in found


def test_the_next_morning_after_the_small_hours_is_the_same_day() -> None:
    text = (
        "At about 2am on 4 March 1802 the miller woke to smoke and went back to bed. "
        "When he rose the next morning the mill was gone."
    )
    assert ("the next morning", "1802-03-04", None) in spans(text)
    text = "The ship struck the rock at 11pm on 4 March 1802. The next morning she sank."
    assert ("The next morning", "1802-03-05", None) in spans(text)
