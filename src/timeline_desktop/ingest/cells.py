"""Reading the cells of structured files: dates as people type them, names, HTML snippets.

Shared by the CSV chronologies and the interchange formats. Dates go through `parse_date`
(ISO, "44 BC", "c. 1350", "1340s", "15 March 44 BC" ...), then the few spreadsheet habits it
does not know ("1953-3-5", "1953-03-05 00:00:00", "13/04/1953", "-55", "between 47 and 50",
"1618–1648"), then the temporal tagger for anything else that states one date or one range.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from timeline_desktop.domain.dates import (
    MAX_YEAR,
    MIN_YEAR,
    DateParseError,
    HistDate,
    Precision,
    days_in_month,
    parse_date,
)


class CellError(ValueError):
    """A cell that cannot be read; the message is fit to show after "line N: "."""


@dataclass(frozen=True, slots=True)
class CellDate:
    start: HistDate
    end: HistDate | None = None

    @property
    def stated(self) -> str:
        """The date as stated, in the ISO-like form evidence keeps ("1953-09", "1936/1938")."""
        if self.end is None:
            return self.start.to_iso()
        return f"{self.start.to_iso()}/{self.end.to_iso()}"


def historical_year(year: int) -> int:
    """A signed year as TimelineJS and most spreadsheets write it (-55 is 55 BC, no year 0)
    to the astronomical year the date type uses (55 BC is -54)."""
    return year + 1 if year < 0 else year


def check_year(year: int, written: int | None = None) -> int:
    """`year` (astronomical) if the date type can hold it; `written` is the year as the file
    gives it, for the message."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        shown = year if written is None else written
        raise CellError(
            f"year {shown:,} is beyond the supported range ({1 - MIN_YEAR:,} BC to AD {MAX_YEAR:,})"
        )
    return year


_SPACES = re.compile(r"\s+")
_SIGNED_YEAR = re.compile(r"[-−+]?\d[\d,]*")
_ISO_NEGATIVE = re.compile(r"-0\d{3}")
_LOOSE_ISO = re.compile(r"(-?\d{1,6})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?")
_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{3,4})")
_TIME_TAIL = re.compile(
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[aApP]\.?[mM]\.?)?(?:Z|[+-]\d{2}:?\d{2})?)$"
)
_BETWEEN = re.compile(
    r"(?:between|from)\s+(?P<a>.+?)\s+(?:and|to|until|till|-|–|—)\s+(?P<b>.+)", re.IGNORECASE
)
_RANGE_SEP = re.compile(r"\s*(?:–|—|/|\s-\s|\bto\b|\buntil\b)\s*|(?<=\d)-(?=\d{3,4}\b)")


def parse_cell_date(text: str) -> CellDate:
    """The date (or range) a cell states; raises CellError naming the cell when it cannot."""
    cell = _SPACES.sub(" ", text).strip()
    if not cell:
        raise CellError("no date")
    return _parse_cached(cell)


@lru_cache(maxsize=1 << 16)
def _parse_cached(cell: str) -> CellDate:
    one = _one_date(cell)
    if one is not None:
        return CellDate(one)
    between = _BETWEEN.fullmatch(cell)
    if between is not None:
        pair = _pair(between["a"], between["b"])
        if pair is not None:
            return pair
    parts = _RANGE_SEP.split(cell)
    if len(parts) == 2 and all(parts):
        pair = _pair(*parts)
        if pair is not None:
            return pair
    tagged = _tagged(cell)
    if tagged is not None:
        return tagged
    raise CellError(f"unreadable date {cell!r}")


def _pair(a: str, b: str) -> CellDate | None:
    start, end = _one_date(a), _one_date(b)
    if start is None or end is None:
        return None
    if end.latest_day() < start.earliest_day():
        raise CellError(f"the date range {a} – {b} ends before it starts")
    return CellDate(start, end)


def _one_date(cell: str) -> HistDate | None:
    cell = _TIME_TAIL.sub("", cell).strip()
    if _SIGNED_YEAR.fullmatch(cell) and not _ISO_NEGATIVE.fullmatch(cell):
        # "1953", "-55" (55 BC), "13,800,000,000"; a zero-padded "-0043" is ISO (44 BC)
        year = int(cell.replace(",", "").replace("−", "-"))
        return HistDate(check_year(historical_year(year), year))
    try:
        return parse_date(cell)
    except DateParseError:
        pass
    except ValueError as exc:
        raise CellError(f"invalid date {cell!r} ({exc})") from None
    loose = _LOOSE_ISO.fullmatch(cell)
    if loose is not None:  # "1953-3-5", "1953/03/05", "1953.3"
        year, month, day = int(loose[1]), int(loose[2]), loose[3]
        return _checked(cell, year, month, int(day) if day else None)
    dmy = _DMY.fullmatch(cell)
    if dmy is not None:  # "13/04/1953" or "04/13/1953": only when the order is clear
        a, b, year = int(dmy[1]), int(dmy[2]), int(dmy[3])
        if a > 12 >= b:
            return _checked(cell, year, b, a)
        if b > 12 >= a:
            return _checked(cell, year, a, b)
        if a == b:
            return _checked(cell, year, a, a)
        raise CellError(f"ambiguous date {cell!r} (day/month or month/day?)")
    return None


def _checked(cell: str, year: int, month: int, day: int | None) -> HistDate:
    try:
        if day is None:
            return HistDate.of_month(check_year(year), month)
        return HistDate.of_day(check_year(year), month, day)
    except ValueError as exc:
        raise CellError(f"invalid date {cell!r} ({exc})") from None


def _tagged(cell: str) -> CellDate | None:
    """The one date or range the temporal tagger finds covering most of the cell."""
    from timeline_desktop.extract.dates import tag  # the tagger is large: load on demand

    found = [t for t in tag(cell) if t.date is not None]
    if len(found) != 1 or (found[0].end - found[0].start) < len(cell) // 2:
        return None
    start, end = found[0].event_dates()
    return CellDate(start, end)


# --- other cells ------------------------------------------------------------------------------

_NAME_SPLIT_STRONG = re.compile(r"\s*[;|]\s*")


def split_names(value: str) -> tuple[str, ...]:
    """Split a people/places cell: on ";" or "|" when present, else on commas."""
    if not value:
        return ()
    parts = _NAME_SPLIT_STRONG.split(value) if re.search(r"[;|]", value) else value.split(",")
    return tuple(dict.fromkeys(p for p in (" ".join(part.split()) for part in parts) if p))


@lru_cache(maxsize=1 << 14)
def persons_named(value: str) -> tuple[str, ...]:
    """The persons a "who did it" cell names, as the people finder reads them: "Robert H.
    Goddard", both of "Michel Mayor, Didier Queloz", none of "Voyager 2" or "Kepler
    Mission" (a cell of such a column may name a mission, a probe or a company). The cell
    is read whole ("Members include A, B and C") and name by name."""
    from timeline_desktop.extract.names import find_people  # loaded on demand
    from timeline_desktop.extract.text import NO_MASK

    text = " ".join(value.split())
    if not text:
        return ()
    parts = split_names(text)
    found: list[str] = []
    for part in (text, *parts) if len(parts) > 1 else (text,):
        found += [p.name for p in find_people(part, NO_MASK).found() if p.name]
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=1 << 14)
def people_listed(value: str) -> tuple[str, ...]:
    """The names of a people cell ("people", "persons", "who"): the header says they are
    persons, so each is taken as written unless it ends in a word that names things
    ("Kepler Mission", "Mir Space Station"), as the people finder's words say."""
    from timeline_desktop.extract.lexicon import load  # loaded on demand
    from timeline_desktop.extract.names import NameWords

    names = split_names(value)
    if not names:
        return ()
    is_thing = load().compiled(NameWords).is_thing
    return tuple(n for n in names if not is_thing(n.split()[-1].strip(".,")))


_BLOCK_TAG = re.compile(r"<\s*(?:br|/p|/div|/li|/h\d|p|div|li|h\d)\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^<>]*>")
_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def plain_text(value: str) -> str:
    """HTML snippets (TimelineJS text, credits) as one line of plain text."""
    if "<" in value:
        value = _HIDDEN.sub(" ", value)
        value = _BLOCK_TAG.sub(" ", value)
        value = _ANY_TAG.sub("", value)
    if "&" in value:
        value = html.unescape(value)
    return " ".join(value.split())


_SENTENCE_END = re.compile(r"(?<=[^\s.][.!?])\s+(?=[\"'“‘(]?[A-Z0-9])")


def first_sentence(text: str, limit: int = 200) -> str:
    """A title for an event that has only a text: its first sentence, cut at a word."""
    head = _SENTENCE_END.split(text, maxsplit=1)[0].strip()
    if len(head) <= limit:
        return head
    cut = head[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


# --- dates of interchange formats ------------------------------------------------------------


def date_of(year: int, month: int | None, day: int | None, what: str = "date") -> HistDate:
    """A date from numbers (astronomical year), with the finest precision they give."""
    check_year(year)
    try:
        if month is None:
            return HistDate(year)
        if day is None:
            return HistDate.of_month(year, month)
        return HistDate.of_day(year, month, day)
    except ValueError as exc:
        raise CellError(f"invalid {what} ({exc})") from None


def _span(date: CellDate) -> tuple[int, int]:
    last = date.end or date.start
    return date.start.earliest_day(), last.latest_day()


def collapse_span(first: HistDate, last: HistDate) -> CellDate:
    """Day-precision bounds as the coarsest date they exactly cover: 1 January to 31
    December is that year, a first to a last day of a month that month; else a range.

    Interchange formats that only know instants (Timeline) carry a year as its first and
    last moment, so a year exported there comes back as the year."""
    if last == first:
        return CellDate(first)
    if first.precision is not Precision.DAY or last.precision is not Precision.DAY:
        return CellDate(first, last)
    whole_first_year = first.month == 1 and first.day == 1
    whole_last_year = last.month == 12 and last.day == 31
    if whole_first_year and whole_last_year:
        a, b = HistDate(first.year), HistDate(last.year)
        return CellDate(a) if a == b else CellDate(a, b)
    if first.day == 1 and last.day == days_in_month(last.year, last.month):  # type: ignore[arg-type]
        a = HistDate.of_month(first.year, first.month)  # type: ignore[arg-type]
        b = HistDate.of_month(last.year, last.month)  # type: ignore[arg-type]
        return CellDate(a) if a == b else CellDate(a, b)
    return CellDate(first, last)


def with_display(display: str, computed: CellDate) -> CellDate:
    """The date a display label states ("1920s", "c. 1350", "late 1920s"), when it covers
    exactly what the numbers say; else the numbers. Exports write coarse dates as their
    span plus a label, so they come back as they were."""
    display = " ".join(display.split())
    if not display:
        return computed
    try:
        stated = parse_cell_date(display)
    except CellError:
        return computed
    if _span(_core(stated)) == _span(_core(computed)) or _span(stated) == _span(computed):
        return stated
    return computed


def _core(date: CellDate) -> CellDate:
    return CellDate(
        date.start.with_(approximate=False),
        date.end.with_(approximate=False) if date.end else None,
    )
