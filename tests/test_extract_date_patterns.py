"""Every example and counter-example of the date patterns (`lang/*/dates.toml`) is a test.

An example is "text with the [date] in brackets -> the date as stated": the tagger must find
exactly the bracketed span, read by that pattern, with that date. A reject is a text in
which the pattern must find no date.
"""

from __future__ import annotations

import pytest

from timeline_desktop.extract.dates import Tagger
from timeline_desktop.extract.dates.grammar import DateGrammar
from timeline_desktop.extract.lexicon import LANG_DIR, Lexicon, load
from timeline_desktop.extract.mask import mask_of
from timeline_desktop.extract.openings import openers_of

LANGUAGES = sorted(p.name for p in LANG_DIR.iterdir() if (p / "dates.toml").is_file())


def _cases(kind: str) -> list[tuple[str, str, str]]:
    out = []
    for code in LANGUAGES:
        for spec in load(code).compiled(DateGrammar).specs:
            for line in spec.examples if kind == "examples" else spec.rejects:
                out.append((code, spec.name, line))
    return out


def _tags(lex: Lexicon, text: str):
    return lex.compiled(Tagger).tag(text, mask_of(text, lex)[0])


@pytest.mark.parametrize(("code", "rule", "example"), _cases("examples"))
def test_date_pattern_example(code: str, rule: str, example: str) -> None:
    lex = load(code)
    marked, _, expected = example.rpartition(" -> ")
    start = marked.index("[")
    end = marked.index("]") - 1
    text = marked.replace("[", "", 1).replace("]", "", 1)
    found = [(t.start, t.end, t.rule.split(" (")[0], t.stated()) for t in _tags(lex, text)]
    assert (start, end, rule, expected.strip()) in found, (text, found)


@pytest.mark.parametrize(("code", "rule", "text"), _cases("rejects"))
def test_date_pattern_reject(code: str, rule: str, text: str) -> None:
    found = [t for t in _tags(load(code), text) if t.rule.split(" (")[0] == rule]
    assert not found, found


def test_every_pattern_has_an_example() -> None:
    for code in LANGUAGES:
        for spec in load(code).compiled(DateGrammar).specs:
            assert spec.examples, f"{code}: date pattern {spec.name} has no example"


def test_the_words_that_open_a_date_come_from_the_patterns() -> None:
    grammar = load("en").compiled(DateGrammar)
    assert {"Sep", "May", "early", "Spring", "twenty-first", "Christmas", "A.", "the"} <= set(
        grammar.openers
    )
    words, digit, after = openers_of(r"\b(?:the\s+)?(?P<day>\d{1,2})\s+(?P<month>May)")
    assert (words, digit, after) == ({"the"}, True, {"the"})
    with pytest.raises(ValueError):
        openers_of(r"[a-z]+ 1953")  # could start anywhere: it must open with a word


def test_a_pattern_added_as_data_dates_events_end_to_end() -> None:
    from timeline_desktop.domain.model import Document
    from timeline_desktop.extract.base import EmptyContext
    from timeline_desktop.extract.rules import RuleExtractor

    text = "The Treaty of Paris was signed on the 3rd day of September, 1783, by the envoys."
    doc = Document(text, "t", "t.txt", "t.txt", "text", "utf-8", "x")
    [event] = RuleExtractor().extract(doc, EmptyContext()).events
    assert event.start.to_iso() == "1783-09-03"
    assert "dates:day-of-month-year" in event.evidence[0].rules
