"""Patterns rewritten for speed must still read what their plain form reads."""

from __future__ import annotations

import re

import pytest

from timeline_desktop.extract.events.matching import word_uses
from timeline_desktop.extract.events.verbs import verbs
from timeline_desktop.extract.events.words import WORD, EventWords, WordTable
from timeline_desktop.extract.lexicon import load

# the caption pattern in its plain form: a word boundary, then its words
_PLAIN_CAPTION = re.compile(
    r"\b(?<!\band )(?<!\bhad )(?<!\bhas )(?<!\bthen )(?<!\bhave )"
    r"(?:pictured|photographed|shown|seen here)\b|\((?:left|right|above|below|centre|center)\)"
    r"|\bin this (?:photo|picture|image)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "text",
    [
        "The mill, pictured in 1910, burned down.",
        "Shown here: the bridge in 1880.",
        "The crew (left) landed in 1969.",
        "In this photo from 1936 the band plays.",
        "The square as seen here in 1901.",
        "The unpictured wall and the shownroom date from 1750.",
        "He was photographed_ in 1890; (lefts) in 1891.",
        "A showing of the play in 1602.",
        "(Centre) the mayor, 1955.",
        "In 1991 the probe flew past and photographed it; then shown in 1992.",
        "Hand had pictured it in 1880, Ek has shown it, Li have seen here.",
    ],
)
def test_caption_reads_what_its_plain_form_reads(text: str) -> None:
    caption = load("en").compiled(EventWords).caption
    for start in range(len(text)):
        for end in (start + 12, len(text)):
            plain = _PLAIN_CAPTION.search(text, start, end) is not None
            assert (caption.search(text, start, end) is not None) == plain, (start, end)


def test_caption_needs_a_word_boundary_before_its_word() -> None:
    caption = load("en").compiled(EventWords).caption
    assert caption.search("Crowds were pictured in 1920.")
    assert not caption.search("An unpictured crowd in 1920.")
    assert not caption.search("The shownroom opened in 1920.")


def test_a_verb_joined_to_another_is_no_caption() -> None:
    caption = load("en").compiled(EventWords).caption
    assert not caption.search("In 1991 the probe flew past Mira and photographed its surface.")
    assert not caption.search("By 1880 he had photographed every bridge of the city.")


# the clause cut as first written: one branch per kind of cut
_PLAIN_CLAUSE_CUT = re.compile(
    r";|\s[–—]\s|\s-\s|,\s+(?:however|but|while|whereas|although|though|yet|which|who|whom"
    r"|whose)\b,?|,\s+and\s+(?=(?:he|she|they|we|I)\s)|,\s+(?=[a-z]+ing\b)|,?\s+and\s+"
    r"(?=(?:later|then|in|on|by|during|after|before|until|from)\s+[^,.;]{0,25}?\d)"
)


def _spans(p: re.Pattern[str], text: str, start: int = 0) -> list[tuple[int, int]]:
    return [m.span() for m in p.finditer(text, start)]


@pytest.mark.parametrize(
    "text",
    [
        "The town grew; the mill closed – or so it seems - and later in 1820 it burned.",
        "She sailed in 1850, but the ship sank, which nobody saw, and he swam home.",
        "They left in 1901, leading the herd,  and then on 3 May 1902 came back.",
        "A list,and in 1700, and by 1750 the walls , however, stood.",
    ],
)
def test_clause_cut_finds_what_its_plain_form_finds(text: str) -> None:
    cut = load("en").compiled(EventWords).clause_cut
    for start in range(len(text)):
        assert _spans(cut, text, start) == _spans(_PLAIN_CLAUSE_CUT, text, start)


def test_sentence_boundaries_as_two_branches_would_find_them() -> None:
    from timeline_desktop.extract.sentences import _BOUNDARY
    from timeline_desktop.extract.text import UPPER

    closers = r"[.!?]+[\"”’'»)\]]*"
    two = re.compile(
        closers + r"(?=\s+[\"“‘«(\[]?(?:" + UPPER + r"|\d))|" + closers + r"(?=\s*$)",
        re.MULTILINE,
    )
    text = 'He left. "Then?" she asked!) 1920 came... (It rained.)\nEnd. x. Y?! ”a. B'
    for start in range(len(text)):
        assert _spans(_BOUNDARY, text, start) == _spans(two, text, start)


_WORDY = [
    "Ada’s mill-race, built in 1840, burned; the Smiths' barn -and- Tom's cart 's gone.",
    "x -abc 'tis o'er—the re-elected mayor (Lind) met us. “Quoted” words, then more",
]


@pytest.mark.parametrize("text", _WORDY)
def test_word_table_reads_the_words_the_regex_reads(text: str) -> None:
    ew = load("en").compiled(EventWords)
    table = WordTable(text, ew)
    for start in range(-2, len(text) + 2):
        for end in range(start - 1, len(text) + 3):
            facts = table.facts_in(start, end)
            if facts is not None:  # None: a stretch that cuts a word, read by the regex
                assert facts == [ew.word_facts(w) for w in WORD.findall(text[start:end])]
    spans = [(0, 10), (12, 30)]
    joined = table.joined_facts(ew, "The title", spans)
    passage = " … ".join(text[s:e] for s, e in spans)
    if joined is not None:
        assert joined == [ew.word_facts(w) for w in WORD.findall(f"The title {passage}")]


def test_word_uses_from_a_word_table_are_those_of_the_text() -> None:
    lex = load("en")
    text = " ".join(_WORDY * 3) + " voyages voyage Voyager harbour harbours"
    read = WordTable(text, lex.compiled(EventWords)).facts
    uses = word_uses(text, lex, read)
    assert uses == word_uses(text, lex) and list(uses) == list(word_uses(text, lex))


def test_verbs_read_from_a_word_table_are_those_the_regex_finds() -> None:
    ew = load("en").compiled(EventWords)
    text = (
        "In 1549 the farmers, allied with the miners, rose in revolt; he invades Kent and "
        "did dig a pit. The mill that burned was re-built, called the match off, and Hale come."
    )
    table = WordTable(text, ew)
    for start in range(0, len(text), 3):
        for end in range(start, len(text) + 1, 5):
            assert verbs(ew, text, start, end, table) == verbs(ew, text, start, end)
