"""Rules added for conflicting dates, chronology lines, merging, names and pronouns, plus the
speed rewrites checked against the slower code they replace (invented sentences only)."""

from __future__ import annotations

import random

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import Document, Event, Evidence, Origin, Person, Stance
from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.dates.relative import RelativeGrammar
from timeline_desktop.extract.events.corroborate import Facts, similarity
from timeline_desktop.extract.events.titles import polish
from timeline_desktop.extract.events.words import EventWords
from timeline_desktop.extract.lexicon import load
from timeline_desktop.extract.mask import mask_of
from timeline_desktop.extract.names import find_people
from timeline_desktop.extract.names import scoring as people_mod
from timeline_desktop.extract.rules import RuleExtractor


def extract(text: str):
    doc = Document(text, "t", "t.txt", "t.txt", "text", "utf-8", str(hash(text)))
    return RuleExtractor().extract(doc, EmptyContext())


def stances(text: str, result) -> list[list[tuple[str, str]]]:
    return [[(text[e.start : e.end], e.stance.value) for e in ev.evidence] for ev in result.events]


def people(text: str) -> dict[str, set[str]]:
    mask = mask_of(text)[0]
    return {p.name: set(p.aliases) for p in find_people(text, mask, (), []).found()}


# --- two dates for one happening ---------------------------------------------------------------


def test_attributed_alternative_dates_make_one_event_with_a_contradiction() -> None:
    text = "Some historians date the foundation of Veltria to 412 BC and others to early 411 BC."
    r = extract(text)
    assert len(r.events) == 1
    assert r.events[0].start.year == -410  # the narrower claim ("early 411 BC") dates it
    assert stances(text, r)[0] == [
        ("others to early 411 BC", "supports"),
        ("Some historians date the foundation of Veltria to 412 BC", "contradicts"),
    ]


def test_either_or_and_parenthesised_alternatives() -> None:
    text = "The abbey at Morvan was built either in 1120 or 1121 by Odo Ferrant."
    r = extract(text)
    assert len(r.events) == 1 and r.events[0].start.year == 1120
    assert [s for _, s in stances(text, r)[0]] == ["supports", "contradicts"]
    text = "The fortress of Arlen fell to the rebels in 1512 (some sources say 1513)."
    r = extract(text)
    assert len(r.events) == 1 and r.events[0].start.year == 1512
    assert stances(text, r)[0][1] == ("some sources say 1513", "contradicts")


def test_two_happenings_with_others_are_not_alternatives() -> None:
    text = "Ilse Varga was elected in 1901 and others in 1902."
    r = extract(text)
    assert all(e.stance is Stance.SUPPORTS for ev in r.events for e in ev.evidence)
    text = "Tomas Brell was born in 1800 and died in 1851."
    assert len(extract(text).events) == 2


# --- chronology lines and merging -------------------------------------------------------------


def test_chronology_lines_after_a_bullet_are_events_and_merge_with_prose() -> None:
    text = (
        "Notes\n\nIn 1388 Ardo Benz proclaimed the Kelvan dynasty at Toma.\n\n"
        "- 1388 — Kelvan dynasty founded\n- 1405 — first voyage of Rui Han\n"
    )
    r = extract(text)
    titles = {ev.title: len(ev.evidence) for ev in r.events}
    assert "First voyage of Rui Han" in titles  # "Han" after a name is kept
    assert any(n == 2 for n in titles.values())  # the 1388 line joined the prose report


def test_named_happenings_and_stems() -> None:
    ew = load().compiled(EventWords)
    named_happenings, signature = ew.named_happenings, ew.signature
    assert named_happenings("the Battle of Morrow Field was fought") == {"battle:morrow"}
    assert "coronation" in named_happenings("after his coronation at the abbey")
    assert signature("voyage") == signature("voyages")
    base = dict(lo=1, hi=1, is_range=False, subject=None, cls="", roles=set())
    a = Facts(people={"a"}, classes=set(), words={"fought", "rain"}, named={"battle:x"}, **base)
    b = Facts(people={"b"}, classes=set(), words={"armies", "met"}, named={"battle:x"}, **base)
    assert similarity(a, b) is not None
    c = Facts(people={"b"}, classes=set(), words={"armies", "met"}, named={"battle:y"}, **base)
    assert similarity(a, c) is None


# --- people --------------------------------------------------------------------------------------


def test_accented_surname_on_a_title_case_line_is_kept() -> None:
    text = "Coup at the Palace\n(People: Anselm Drouès, Pierre-Louis Sauvès, Marc Lenoir)\n"
    found = people(text)
    assert "Pierre-Louis Sauvès" in found and "Pierre-Louis" not in found


def test_part_of_a_fuller_name_joins_it_when_unambiguous() -> None:
    text = (
        "Full name Abu Karim Yusuf ibn Dalwan. Ibn Dalwan left Fez in 1320. "
        "Ibn Dalwan reached Cairo in 1326, and Ibn Dalwan wrote his book in 1330."
    )
    found = people(text)
    assert list(found) == ["Ibn Dalwan"]  # the name the text goes by
    assert "Karim Yusuf ibn Dalwan" in " ".join(found["Ibn Dalwan"])


def test_short_name_shared_by_two_full_names_stays_apart() -> None:
    text = "Anton Rask met Anton Vel in 1601. Anton left for Riga the next year."
    found = people(text)
    assert {"Anton Rask", "Anton Vel"} <= set(found)  # neither took the other in


# --- pronouns --------------------------------------------------------------------------------


def test_pronoun_opening_a_paragraph_means_the_paragraphs_topic() -> None:
    text = (
        "Oskar Lind took Varna in 1601. Oskar Lind then marched north, and in 1603 the "
        "allies attacked when the marshal Pieter Hoff defeated him.\n\n"
        "This time the allies sent him to Malta. He lived there, writing letters, until his "
        "death on 5 May 1621."
    )
    r = extract(text)
    death = next(ev for ev in r.events if ev.start.year == 1621)
    assert death.people == ("Oskar Lind",)


# --- speed rewrites give the same answers ----------------------------------------------------


def test_backward_word_walk_matches_the_regex() -> None:
    rng = random.Random(3)
    alphabet = "ab Zé1_-’', .\n"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 45)))
        pos = rng.randint(0, len(text))
        m = people_mod._BEFORE_WORD.search(text, max(0, pos - 30), pos)
        assert people_mod.word_before(text, pos) == ((m.start(1), m.end(1)) if m else None)


def test_the_word_before_a_full_stop_is_read_as_the_regex_read_it() -> None:
    import re

    from timeline_desktop.extract.sentences import SentenceRules

    rules = load().compiled(SentenceRules)
    before = re.compile(r"([\w.]+)$")
    rng = random.Random(5)
    for _ in range(3000):
        line = "".join(rng.choice("ab Z.é1_-’, ç٣\t") for _ in range(rng.randint(1, 30)))
        dot = rng.randint(0, len(line))
        start = rng.randint(0, dot)
        m = before.search(line, max(start, dot - 12), dot)
        word = m.group(1).lower().strip(".") if m else None
        expected = bool(word) and (
            word in rules.abbreviations or (len(word) == 1 and word.isalpha())
        )
        if word in rules.era_abbreviations:
            continue  # decided by the next word
        assert rules.is_abbreviation(line, dot, start) == expected, (line, dot, start)


def test_unit_words_in_lower_case_match_the_case_insensitive_regex() -> None:
    text = (
        "Later that YEAR, that March and that march; the following Spring, two Days "
        "later, That June, wing October, next September. İstanbul a year later."
    )
    rel = load().compiled(RelativeGrammar)
    slow = [(u.start(), u.end()) for u in rel.unit_word.finditer(text)]
    assert list(rel.unit_words(text, text.lower())) == slow
    ascii_text = text.replace("İ", "I")
    slow = [(u.start(), u.end()) for u in rel.unit_word.finditer(ascii_text)]
    assert list(rel.unit_words(ascii_text, ascii_text.lower())) == slow


def test_polish_keeps_a_date_cut_off_by_its_window() -> None:
    long_tail = " word" * 30
    assert polish("In 1462 the town fell" + long_tail).startswith("The town fell")


# --- conflicts across sources ------------------------------------------------------------------


class _Store:
    """A store holding one event, as the import pipeline would offer it."""

    def __init__(self, event: Event, people: tuple[Person, ...] = ()) -> None:
        self.event, self.people = event, people

    def known_people(self) -> tuple[Person, ...]:
        return self.people

    def events_overlapping(self, earliest_day: int, latest_day: int) -> list[Event]:
        e = self.event
        lo, hi = e.start.earliest_day(), (e.end or e.start).latest_day()
        return [e] if lo <= latest_day and earliest_day <= hi else []


def _stored(title: str, year: int, quote: str, people: tuple[str, ...] = ()) -> Event:
    ev = Evidence(1, 7, 1, 0, len(quote), quote, str(year), Stance.SUPPORTS)
    start = HistDate.of_year(year)
    return Event(7, title, quote, start, None, (), people, Origin.EXTRACTED, (ev,))


def test_same_named_battle_at_another_date_contradicts_the_stored_one() -> None:
    store = _Store(_stored("Battle of Varn", 1410, "The Battle of Varn was fought in 1410."))
    doc = Document("The Battle of Varn took place in 1412.", "b", "b.txt", "", "text", "utf-8", "b")
    r = RuleExtractor().extract(doc, store)
    assert r.events[0].same_as == 7
    assert r.events[0].evidence[0].stance is Stance.CONTRADICTS


def test_a_second_death_date_for_the_same_person_contradicts() -> None:
    person = Person(3, "Ilse Varga")
    store = _Store(
        _stored("Ilse Varga died", 1901, "Ilse Varga died in 1901.", ("Ilse Varga",)), (person,)
    )
    text = "After a long illness Ilse Varga died at Pest in 1903."
    doc = Document(text, "c", "c.txt", "", "text", "utf-8", "c")
    r = RuleExtractor().extract(doc, store)
    assert r.events[0].same_as == 7
    assert r.events[0].evidence[0].stance is Stance.CONTRADICTS


def test_a_title_shows_what_wiki_templates_left_in_a_page_print() -> None:
    # a page converted from wiki source keeps "{{'s}}" for a possessive: the title shows
    # the possessive, and a citation template shows nothing
    assert polish("The Tarsa probe{{'s}} antenna failed") == "The Tarsa probe's antenna failed"
    assert polish("The ferry{{sfn|Lind|1999|p=4}} sank off Keld") == "The ferry sank off Keld"
