"""Full-text search means the same on SQLite (FTS5) and PostgreSQL (tsvector): one table of
queries and answers, checked on both."""

from __future__ import annotations

import hashlib

import pytest

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import Document, EventFilter, Extraction
from timeline_desktop.store.fulltext import search_terms
from timeline_desktop.store.repository import Store

pytestmark = pytest.mark.backends

EVENTS = {
    "napoleon": ("Napoléon crowned Emperor of the French", "At Notre-Dame, on 2 December 1804."),
    "speech": (
        "Khrushchev's Secret Speech",
        "Nikita Khrushchev denounced Stalin's cult of personality.",
    ),
    "curie": ("Skłodowska-Curie wins a second Nobel Prize", "Marie Curie, chemistry, 1911."),
    "wildcards": ("100% of votes_counted", "Not a pattern: 50% and under_score [a-z]."),
    "moon": ("Apollo 11 lands on the Moon", "Armstrong and Aldrin; Collins stays in orbit."),
}

QUERIES = [
    # words, all of them, anywhere in title or summary; case does not matter
    ("emperor french", ["napoleon"]),
    ("EMPEROR", ["napoleon"]),
    ("emperor stalin", []),
    ("notre dame", ["napoleon"]),
    ("paris", []),
    # prefixes
    ("napol", ["napoleon"]),
    ("arm ald", ["moon"]),
    ("kh", ["speech"]),
    # accents: typed with or without them
    ("napoleon", ["napoleon"]),
    ("NAPOLÉON", ["napoleon"]),
    ("napoléon", ["napoleon"]),
    ("skłodowska", ["curie"]),
    # phrases: the words next to each other, in order; the last one a prefix
    ('"secret speech"', ["speech"]),
    ('"speech secret"', []),
    ('"khrushchev denounced"', ["speech"]),
    ('"nikita denounced"', []),
    ('"apollo 11 lan"', ["moon"]),
    ('"unclosed phrase', []),
    ('moon "stays in"', ["moon"]),
    ('"the moon armstrong"', []),  # a phrase stays within the title or within the summary
    # punctuation separates words; nothing is a wildcard or an operator
    ("khrushchev's", ["speech"]),
    ("nobel-prize", ["curie"]),
    ("50%", ["wildcards"]),
    ("votes_counted", ["wildcards"]),
    ("under_score", ["wildcards"]),
    ("a-z", ["wildcards"]),
    ("NEAR(moon", []),
    ("moon*", ["moon"]),
    ("col:lins", []),
    ("1804", ["napoleon"]),
    # no words at all: nothing matches, and nothing fails
    ("%", []),
    ("_", []),
    ("*", []),
    ('"', []),
    ("'", []),
    ("-- ; ()", []),
    ("\x00", []),
    ("   ", []),
    # a NUL byte separates words like any other non-letter
    ("nap\x00emp", ["napoleon"]),
]


def test_event_search(store: Store) -> None:
    keys = {}
    for key, (title, summary) in EVENTS.items():
        keys[store.add_event(title, HistDate.of_year(1900), summary=summary)] = key
    wrong = []
    for query, expected in QUERIES:
        found = sorted(keys[e.id] for e in store.events(EventFilter(search=query)))
        if found != sorted(expected):
            wrong.append((query, found, expected))
    assert wrong == []


def document(text: str, name: str) -> Document:
    return Document(
        text=text,
        title=name.title(),
        file_name=f"{name}.txt",
        path=f"/notes/{name}.txt",
        format="text",
        encoding="utf-8",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )


def test_source_search_finds_words_anywhere_in_long_texts(store: Store) -> None:
    """A long text is indexed in parts on PostgreSQL; words in different parts still match
    together, and a phrase still needs its words side by side."""
    filler = "".join(f"Line {i} of the ship's log, nothing to report.\n" for i in range(4000))
    long_text = "Departure from Plymouth at dawn.\n" + filler + "Arrival at Madeira, café.\n"
    assert len(long_text) > 150_000
    store.add_document(document(long_text, "log"), Extraction())
    store.add_document(document("Plymouth harbour was quiet.\n", "harbour"), Extraction())

    def names(query: str) -> list[str]:
        return sorted(s.file_name for s in store.search_sources(query))

    assert names("plymouth") == ["harbour.txt", "log.txt"]
    assert names("plymouth madeira") == ["log.txt"]
    assert names("cafe departure") == ["log.txt"]
    assert names('"arrival at madeira"') == ["log.txt"]
    assert names('"plymouth madeira"') == []
    assert names("harbour") == ["harbour.txt"]  # the title is searched too
    assert names("?!") == []
    assert [s.file_name for s in store.search_sources("quiet plymouth")] == ["harbour.txt"]


def test_query_terms() -> None:
    assert search_terms('Secret "Nikita Khrushchev" spe*') == [
        ("Secret",),
        ("Nikita", "Khrushchev"),
        ("spe",),
    ]
    assert search_terms("a_b\x00c") == [("a",), ("b",), ("c",)]
    assert search_terms('""  "" ?') == []
