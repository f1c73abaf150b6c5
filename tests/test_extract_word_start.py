"""Patterns opening on a boundary and a list of words find the same when opened on a letter."""

from __future__ import annotations

import random
import re
import tomllib
from pathlib import Path

import pytest

from timeline_desktop.extract.lexicon import load
from timeline_desktop.extract.word_start import opening_on_letters

LANG = Path(__file__).resolve().parents[1] / "src" / "timeline_desktop" / "extract" / "lang" / "en"


def _found(p: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in p.finditer(text)]


def test_words_open_on_their_first_letters() -> None:
    src = r"\b(?:took|taking|adopted)\s+the\s+name\b"
    fast = opening_on_letters(src)
    assert fast.startswith("[ta]")
    text = "She took the name Mara; mistook the name; adopted the name; retaking the name."
    assert _found(re.compile(fast), text) == _found(re.compile(src), text)
    assert [m.group() for m in re.finditer(fast, text)] == [
        "took the name",
        "adopted the name",
    ]


def test_a_capturing_group_keeps_the_whole_word() -> None:
    src = r"\b(born|died|buried)\s+in\s+$"
    fast = re.compile(opening_on_letters(src))
    m = fast.search("He was buried in ")
    assert m is not None and m.group(1) == "buried"
    assert fast.search("He was unburied in ") is None


def test_alternatives_of_one_letter_keep_their_order() -> None:
    # "a" is tried before "an", as written: the first that lets the rest match wins
    src = r"\b(a|an)(n?)\s"
    fast = re.compile(opening_on_letters(src))
    assert fast.match("an ").groups() == re.match(src, "an ").groups() == ("a", "n")


@pytest.mark.parametrize(
    ("src", "flags"),
    [
        (r"\b(?:[Hh]e|she)\b", 0),  # an alternative opening on a class
        (r"\b(?:s?he|it)\b", 0),  # a first letter made optional
        (r"\b(?:He|he)\b", re.IGNORECASE),  # the same letter in two cases
        (r"(?:took|taking)\b", 0),  # no boundary first
        (r"\b\d+(?:st|nd)\b", 0),  # no list of words first
    ],
)
def test_other_shapes_are_left_as_written(src: str, flags: int) -> None:
    assert opening_on_letters(src, flags) == src


def _pattern_names() -> list[str]:
    return sorted(
        n for f in LANG.glob("*.toml") for n in tomllib.loads(f.read_text()).get("patterns", {})
    )


def _texts(src: str, rng: random.Random) -> list[str]:
    """Short texts made of the pattern's own words, their pieces and glue around them."""
    pieces = [*re.findall(r"[A-Za-z’']+", src), "the", "un", "x", "Mr", "1903", "I", "He"]
    glue = [" ", "  ", "\n", ", ", "-", "_", "(", ")", ". ", "’", "'", ""]
    texts = []
    for _ in range(300):
        words = [rng.choice(pieces) for _ in range(rng.randint(1, 7))]
        texts.append("".join(w + rng.choice(glue) for w in words))
    return texts


@pytest.mark.parametrize("name", _pattern_names())
def test_every_lexicon_pattern_finds_what_it_finds_as_written(name: str) -> None:
    lex = load("en")
    src = lex.source(name)
    rng = random.Random(name)
    for flags in (0, re.IGNORECASE):
        written, compiled = re.compile(src, flags), lex.pattern(name, flags)
        if written.pattern == compiled.pattern:
            continue
        for text in _texts(src, rng):
            assert _found(compiled, text) == _found(written, text), text
            for start in range(0, len(text), 3):
                a, b = written.search(text, start), compiled.search(text, start)
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), text


def test_one_word_opens_on_its_letter() -> None:
    src = r"\bthe\s+(emperor|king)\b"
    fast = re.compile(opening_on_letters(src, re.IGNORECASE), re.IGNORECASE)
    assert fast.pattern.startswith("t(?<!")
    text = "The king died; bathe emperor; THE EMPEROR fled; other king."
    assert _found(fast, text) == _found(re.compile(src, re.IGNORECASE), text)
    assert [m.group(1) for m in fast.finditer(text)] == ["king", "EMPEROR"]
