"""A short invented diary to set a test sentence in, as its second day's entry: tests of
how a diarist's sentences read share it."""

from __future__ import annotations

from timeline_desktop.domain.model import Document, FoundEvent
from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.rules import RuleExtractor

DAY2 = "1702-03-02"  # the day of the entry the sentence goes in

_DIARY = (
    "March 1702\n\n"
    "1st. Up early and to the forge with my cousin. My boy brought me the letters.\n\n"
    "2nd. Up betimes, and to the mill. {day2} Home to dinner with my wife.\n\n"
    "3rd. To the market, and bought a horse. It rained all the way home.\n\n"
    "4th. I wrote to my uncle about the lease. Then to bed.\n"
)


def extract_events(text: str) -> tuple[FoundEvent, ...]:
    doc = Document(text, "t.txt", "t.txt", "t.txt", "text", "utf-8", str(hash(text)))
    return RuleExtractor().extract(doc, EmptyContext()).events


def in_diary(body: str) -> tuple[str, int]:
    """The diary with `body` in its second entry, and where `body` starts in it."""
    text = _DIARY.format(day2=body)
    return text, text.index(body)
