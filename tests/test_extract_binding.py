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


def test_a_table_row_missing_a_cell_still_names_its_place_and_kind() -> None:
    text = (
        "This is a list of notable floods in Wessex.\n\n"
        "Date | Time | Place | Depth\n"
        "1890-03-02 | 04:00 | Lower Ford | 2.1\n"
        "1911-05-07 | 40 km N of Upper Weir | 1.5\n"
    )
    got = titled(text)
    assert "Flood at Lower Ford" in got, got
    assert "Flood 40 km N of Upper Weir" in got, got
