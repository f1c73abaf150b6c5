"""Patterns rewritten for speed must still read what their plain form reads."""

from __future__ import annotations

import re

import pytest

from timeline_desktop.extract.events.words import EventWords
from timeline_desktop.extract.lexicon import load

# the caption pattern as first written: a word boundary, then its words
_PLAIN_CAPTION = re.compile(
    r"\b(?:pictured|photographed|shown)\b|\((?:left|right|above|below|centre|center)\)"
    r"|\bseen here\b|\bin this (?:photo|picture|image)\b",
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
