"""The date layer's span type, and the date arithmetic the tagger and drafting memoise.

A `TimeExpr` is one date expression of a text with the rule that read it; `DateValues` holds
the results of building, qualifying and writing dates, cached per lexicon (the same few
thousand dates recur, and a HistDate validates itself each time it is built).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from timeline_desktop.domain.dates import HistDate, Precision, Qualifier
from timeline_desktop.extract.lexicon import Lexicon


class Kind(StrEnum):
    DATE = "date"
    RANGE = "range"
    RELATIVE = "relative"
    ANCHORED = "anchored"


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """One date expression: `text[start:end]`; `date` is None while it is unresolved.

    `cue` is the word that introduces it ("in", "by", "until", "from", "end"...), which the
    event rules use to tell a happening's date from a passing mention. `anchor` is the span
    of the phrase an anchored expression counts from ("Stalin's death"), or of the date a
    relative one counts from. `rule` names the rule that read it ("day-month-year",
    "range: year + year", "relative: n units later").
    """

    start: int
    end: int
    date: HistDate | None
    end_date: HistDate | None = None
    kind: Kind = Kind.DATE
    confidence: float = 0.9
    cue: str = ""
    anchor: tuple[int, int] | None = None
    offset: tuple[int, str] | None = None
    heading: bool = False
    rule: str = ""

    @property
    def resolved(self) -> bool:
        return self.date is not None

    @property
    def precision(self) -> Precision | None:
        return self.date.precision if self.date is not None else None

    def bounds(self) -> tuple[int, int]:
        """(earliest, latest) day number it may mean; only for resolved expressions."""
        assert self.date is not None
        last = self.end_date if self.end_date is not None else self.date
        return self.date.earliest_day(), last.latest_day()

    def event_dates(self) -> tuple[HistDate, HistDate | None]:
        """The dates an event placed here gets (`DateValues.event_dates`, uncached)."""
        assert self.date is not None
        return _event_date(self.date), (
            _event_date(self.end_date) if self.end_date is not None else None
        )

    def stated(self) -> str:
        """The date as the text states it (`DateValues.stated`, uncached)."""
        if self.date is None:
            return ""
        if self.end_date is not None:
            return f"{_stated_one(self.date)}/{_stated_one(self.end_date)}"
        return _stated_one(self.date)


def safe(make: Callable[[], HistDate]) -> HistDate | None:
    """`make()`, None when the numbers make no date."""
    try:
        return make()
    except (ValueError, KeyError):
        return None


def _made(key: tuple[Any, ...]) -> HistDate | None:
    try:
        return key[0](*key[1:])
    except (ValueError, KeyError):
        return None


def _event_date(d: HistDate) -> HistDate:
    q = d.qualifier
    if q in (Qualifier.BY, Qualifier.BEFORE, Qualifier.AFTER):
        return d.with_(qualifier=Qualifier.NONE)
    if q is not Qualifier.NONE and d.precision <= Precision.YEAR:
        return d.with_(qualifier=Qualifier.NONE)
    return d


def _stated_one(d: HistDate) -> str:
    if d.precision >= Precision.DECADE:
        return d.with_(approximate=False).label()
    text = d.with_(qualifier=Qualifier.NONE, approximate=False).to_iso()
    return ("c. " + text) if d.approximate else text


class DateValues:
    """Date arithmetic memoised per lexicon (see the module docs)."""

    def __init__(self, lex: Lexicon) -> None:
        self._made = lex.memo(_made, 8192)
        self._event = lex.memo(_event_date, 8192)
        self._stated = lex.memo(_stated_one, 8192)

    def made(self, make: Callable[..., HistDate], *args: object) -> HistDate | None:
        """`make(*args)`, None when the numbers make no date."""
        return self._made[(make, *args)]

    def event_dates(self, t: TimeExpr) -> tuple[HistDate, HistDate | None]:
        """The dates an event placed at `t` gets.

        "by 1954" or "until 1964" place the happening at the named date: the open-ended
        qualifiers are dropped, as are early/late on a single year or month, which readers
        use loosely ("by the end of 1955"). Early/mid/late stay on decades and centuries.
        """
        assert t.date is not None
        return self._event[t.date], (self._event[t.end_date] if t.end_date is not None else None)

    def stated(self, t: TimeExpr) -> str:
        """The date as the text states it, in ISO-like form ("1953-09", "1936/1938")."""
        if t.date is None:
            return ""
        if t.end_date is not None:
            return f"{self._stated[t.date]}/{self._stated[t.end_date]}"
        return self._stated[t.date]


def with_date(expr: TimeExpr, date: HistDate | None) -> TimeExpr:
    """A copy with another date (used when an anchor is resolved later)."""
    return replace(expr, date=date, confidence=0.7 if date is not None else 0.0)
