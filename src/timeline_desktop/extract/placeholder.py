"""A minimal extractor used until the rule-based one is available: full dates only.

Each sentence holding a "Month D, YYYY", "D Month YYYY" or ISO date becomes one event whose
evidence is that sentence. It finds no people. It exists so the pipeline can run end to end.
"""

from __future__ import annotations

import re

from timeline_desktop.domain.dates import DateParseError, HistDate, parse_date
from timeline_desktop.domain.model import (
    Document,
    Extraction,
    FoundEvent,
    FoundEvidence,
    FoundPerson,
)
from timeline_desktop.extract.base import ExtractionContext

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_M = "|".join(m.capitalize() for m in _MONTHS)
_DATE = re.compile(
    rf"\b(?:(?P<m1>{_M}) (?P<d1>\d{{1,2}}), (?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}}) (?P<m2>{_M}) (?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d\d)-(?P<d3>\d\d))\b"
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


class PlaceholderExtractor:
    def extract(self, document: Document, context: ExtractionContext) -> Extraction:
        if document.records:
            return self._records(document)
        events = []
        for sent in _SENTENCE.finditer(document.text):
            m = _DATE.search(sent.group())
            if not m:
                continue
            g = m.groupdict()
            year = int(g["y1"] or g["y2"] or g["y3"])
            month = _MONTHS[(g["m1"] or g["m2"]).lower()] if (g["m1"] or g["m2"]) else int(g["m3"])
            day = int(g["d1"] or g["d2"] or g["d3"])
            try:
                date = HistDate.of_day(year, month, day)
            except ValueError:
                continue
            start = sent.start() + len(sent.group()) - len(sent.group().lstrip())
            text = sent.group().strip()
            events.append(
                FoundEvent(
                    title=text[:80],
                    summary=text,
                    start=date,
                    end=None,
                    evidence=(FoundEvidence(start, start + len(text), date.to_iso()),),
                )
            )
        return Extraction(events=tuple(events))

    @staticmethod
    def _records(document: Document) -> Extraction:
        """Structured rows (CSV chronologies) carry one event each."""
        events, people = [], {}
        for rec in document.records:
            try:
                date = parse_date(rec.date_text)
            except DateParseError:
                continue
            for name in rec.people:
                people.setdefault(name, FoundPerson(name))
            events.append(
                FoundEvent(
                    title=rec.title,
                    summary=rec.title,
                    start=date,
                    end=None,
                    evidence=(FoundEvidence(rec.start, rec.end, rec.date_text),),
                    people=rec.people,
                    places=rec.places,
                )
            )
        return Extraction(events=tuple(events), people=tuple(people.values()))
