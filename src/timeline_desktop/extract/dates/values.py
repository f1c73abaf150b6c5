"""Builders: what a date pattern's match is worth, for each kind of value.

A `[[date]]` entry names its builder (`value = "day-month-year"`); the builder reads the
entry's named groups and returns an `Atom` (a date found in the text, before context and
ranges are read), or None when the numbers make no date. A new pattern needs a new builder
only when it reads a new kind of value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from timeline_desktop.domain.dates import HistDate, Qualifier, Season, days_in_month
from timeline_desktop.extract.dates.expr import DateValues, Kind, safe
from timeline_desktop.extract.dates.grammar import DateSpec
from timeline_desktop.extract.lexicon import Lexicon

_ERA_BC = re.compile(r"B", re.IGNORECASE)


@dataclass(slots=True)
class Atom:
    """A date read by one pattern, before its context is read."""

    start: int
    end: int
    date: HistDate | None
    end_date: HistDate | None = None
    confidence: float = 0.9
    bare_year: bool = False
    era: str = ""  # "bc", "ad" or "" when written without an era
    written_year: int | None = None
    month_day: tuple[int, int] | None = None  # a day without its year
    month_day_end: tuple[int, int] | None = None  # the last day of such a span ("3 to 7 May")
    day_only: int | None = None  # a day without its month and year ("2nd." heading an entry)
    month_only: int | None = None  # a month without its year ("in July")
    kind: Kind = Kind.DATE
    rule: str = ""


class ValueWords:
    """The words builders read (months, seasons, ordinals, feasts), built once per lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        self.months = {w: int(k) for w, k in lex.groups("months").items()}
        self.ordinals = {w: i for i, w in enumerate(lex.ordered("ordinal_words"), start=1)}
        self.seasons = {w: Season[v.upper()] for w, v in lex.map("season_words").items()}
        self.parts = lex.map("part_words")
        self.feasts = {
            _feast_key(name): tuple(int(x) for x in md.split("-"))
            for name, md in lex.map("feasts").items()
        }
        self.values = lex.compiled(DateValues)
        self.roman_cue = lex.pattern("roman_day_cue", re.IGNORECASE)

    def month(self, name: str) -> int:
        return self.months[name.rstrip(".").lower()]

    def qualify(self, d: HistDate | None, qual: str | None) -> HistDate | None:
        """`d` narrowed by an early/mid/late written before it."""
        if d is None or not qual:
            return d
        q = self.parts.get(qual.strip(" -").split()[0].lower())
        return safe(lambda: d.with_(qualifier=Qualifier(q))) if q else d


def _feast_key(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).lower()


def year_of(written: str, era: str | None) -> tuple[int, str]:
    """Astronomical year for a written year number and era text."""
    n = int(written.replace(",", ""))
    if era and _ERA_BC.search(era.strip()[:1] or ""):
        return 1 - n, "bc"
    return n, "ad" if era else ""


def _is_bc(era: str | None) -> bool:
    return bool(era) and _ERA_BC.match((era or "").strip()) is not None


Builder = Callable[[ValueWords, DateSpec, re.Match[str]], Atom | None]


def _conf(spec: DateSpec, default: float) -> float:
    return spec.confidence if spec.confidence is not None else default


def bare_year(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
    d = w.values.made(HistDate.of_year, int(spec.get(m, "year") or 0))
    return Atom(m.start(), m.end(), d, bare_year=True, confidence=_conf(spec, 0.5))


def iso_day(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
    g = spec.get
    y, mo, da = int(g(m, "year") or 0), int(g(m, "month") or 0), int(g(m, "day") or 0)
    d = safe(lambda: HistDate.of_day(y, mo, da))
    return Atom(m.start(), m.end(), d, confidence=_conf(spec, 0.95)) if d else None


def _dated(
    w: ValueWords, spec: DateSpec, m: re.Match[str], day: bool, default: float
) -> Atom | None:
    """A month's day (`day`) or a month of a written year: a year of one or two digits
    needs its era ("May 14" is no year 14; "May AD 14" is)."""
    written = spec.get(m, "year") or ""
    era_text = spec.get(m, "era") or spec.get(m, "ad")
    if len(written) < 3 and not era_text:
        return None
    y, era = year_of(written, era_text)
    mo = w.month(spec.get(m, "month") or "")
    if day:
        d = w.values.made(HistDate.of_day, y, mo, int(spec.get(m, "day") or 0))
    else:
        d = w.values.made(HistDate.of_month, y, mo)
    if d is None:
        return None
    conf = _conf(spec, default)
    return Atom(m.start(), m.end(), d, confidence=conf, era=era, written_year=int(written))


def day_month_year(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
    return _dated(w, spec, m, True, 0.95)


def month_year(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
    return _dated(w, spec, m, False, 0.9)


def season_year(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
    y, era = year_of(spec.get(m, "year") or "", spec.get(m, "era"))
    season = w.seasons[(spec.get(m, "season") or "").lower()]
    d = safe(lambda: HistDate.of_season(y, season))
    return Atom(m.start(), m.end(), d, confidence=_conf(spec, 0.85), era=era) if d else None


def decade(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
    first = int(spec.get(m, "year") or 0)
    era, qual = spec.get(m, "era"), spec.get(m, "qual")
    bc = _is_bc(era)
    d = safe(lambda: HistDate.of_decade(-first - 8 if bc else first))
    if d is None or first < 100:
        return None
    conf = _conf(spec, 0.85) if first >= 1000 or era or qual else 0.6
    return Atom(m.start(), m.end(), w.qualify(d, qual), confidence=conf)


def _ordinal_period(make: Callable[..., HistDate]) -> Builder:
    def build(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
        number = spec.get(m, "number")
        n = int(number) if number else w.ordinals[(spec.get(m, "word") or "").lower()]
        bc = _is_bc(spec.get(m, "era"))
        d = safe(lambda: make(n, bc=bc))
        if d is None:
            return None
        return Atom(
            m.start(), m.end(), w.qualify(d, spec.get(m, "qual")), confidence=_conf(spec, 0.85)
        )

    return build


def ad_year(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
    d = safe(lambda: HistDate.of_year(int(spec.get(m, "year") or 0)))
    return Atom(m.start(), m.end(), d, confidence=_conf(spec, 0.95), era="ad") if d else None


def era_year(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
    y, era = year_of(spec.get(m, "year") or "", spec.get(m, "era"))
    d = w.values.made(HistDate.of_year, y)
    if d is None:
        return None
    return Atom(m.start(), m.end(), d, confidence=_conf(spec, 0.95), era=era, written_year=abs(y))


def year_span(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
    a, b = spec.get(m, "first") or "", spec.get(m, "last") or ""
    ya = int(a)
    bc = _is_bc(spec.get(m, "era"))
    s, e = m.span()
    if len(b) == 2 and not bc:
        yb = ya - ya % 100 + int(b)
        if yb <= ya:
            if len(a) == 4 and 1 <= int(b) <= 12:  # "1953-09": an ISO month
                d = safe(lambda: HistDate.of_month(ya, int(b)))
                return Atom(s, e, d, confidence=0.8) if d else None
            return None
    elif len(b) >= 3:
        yb = int(b)
    else:
        return None
    if bc:
        if ya <= yb:
            return None  # BC numbers run backwards: "500-400 BC"
        ya, yb = 1 - ya, 1 - yb
    if yb <= ya or yb - ya > 300:
        return None
    da, db = w.values.made(HistDate.of_year, ya), w.values.made(HistDate.of_year, yb)
    if da is None or db is None:
        return None
    conf = _conf(spec, 0.85) if len(a) == 4 or bc else 0.6
    return Atom(s, e, da, db, confidence=conf, kind=Kind.RANGE)


def day_month(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
    mo, da = w.month(spec.get(m, "month") or ""), int(spec.get(m, "day") or 0)
    if not 1 <= da <= days_in_month(2000, mo):
        return None
    return Atom(m.start(), m.end(), None, confidence=_conf(spec, 0.7), month_day=(mo, da))


def month_alone(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
    """A month without its year ("in July"): the year is the one stated last."""
    mo = w.month(spec.get(m, "month") or "")
    start = m.start(spec.groups["month"])
    return Atom(start, m.end(), None, confidence=_conf(spec, 0.75), month_only=mo)


def day_range(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
    """Days of one year written as one span, the year once at the end ("July 16-22, 1994",
    "16–22 July 1994", "January 30 through February 12, 1995")."""
    written = spec.get(m, "year") or ""
    era_text = spec.get(m, "era")
    if len(written) < 3 and not era_text:
        return None
    y, era = year_of(written, era_text)
    end_month = w.month(spec.get(m, "end_month") or spec.get(m, "month") or "")
    month = w.month(spec.get(m, "month") or spec.get(m, "end_month") or "")
    first = w.values.made(HistDate.of_day, y, month, int(spec.get(m, "day") or 0))
    last = w.values.made(HistDate.of_day, y, end_month, int(spec.get(m, "end_day") or 0))
    if first is None or last is None or last.earliest_day() <= first.earliest_day():
        return None
    conf = _conf(spec, 0.95)
    return Atom(m.start(), m.end(), first, last, confidence=conf, era=era, kind=Kind.RANGE)


def day_range_yearless(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
    """Days of a month (or of two) written as one span without a year ("from 3 to 7
    September", "September 18th-25th"): the tagger gives them the year stated last."""
    end_month = w.month(spec.get(m, "end_month") or spec.get(m, "month") or "")
    month = w.month(spec.get(m, "month") or spec.get(m, "end_month") or "")
    day, end_day = int(spec.get(m, "day") or 0), int(spec.get(m, "end_day") or 0)
    if not 1 <= day <= days_in_month(2000, month):
        return None
    if not 1 <= end_day <= days_in_month(2000, end_month):
        return None
    if (month, day) >= (end_month, end_day):
        return None  # "May 3-2" is no span; nor is one running into the next year here
    return Atom(
        m.start(),
        m.end(),
        None,
        confidence=_conf(spec, 0.7),
        month_day=(month, day),
        month_day_end=(end_month, end_day),
    )


def split_year(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
    """A month (and day) of a year written both ways ("January 1649/50", "30 January
    1648/9"): before 1752 England began the year in March, so a day of January to March
    belongs to the later of the two years, as historians count years today."""
    first, last = spec.get(m, "first") or "", spec.get(m, "last") or ""
    a = int(first)
    b = a - a % 10 ** len(last) + int(last)
    if b <= a:
        b += 10 ** len(last)  # "1699/00"
    if b != a + 1:
        return None
    mo = w.month(spec.get(m, "month") or "")
    day = spec.get(m, "day")
    if day:
        d = w.values.made(HistDate.of_day, b, mo, int(day))
    else:
        d = w.values.made(HistDate.of_month, b, mo)
    return Atom(m.start(), m.end(), d, confidence=_conf(spec, 0.9), written_year=b) if d else None


def day_of_month(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
    """A day of the month alone ("2nd." opening a diary entry, "on the 25th"): the month
    and year are those stated last (the tagger supplies them)."""
    da = int(spec.get(m, "day") or 0)
    if not 1 <= da <= 31:
        return None
    return Atom(m.start(), m.end(), None, confidence=_conf(spec, 0.7), day_only=da)


def feast(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
    mo, da = w.feasts[_feast_key(spec.get(m, "feast") or "")]
    return _known_day(w, spec, m, mo, da, 0.7)


_IDES_ON_15 = frozenset((3, 5, 7, 10))
"""The months whose Ides fall on the 15th (and Nones on the 7th); the others' on the 13th."""


def roman_day(w: ValueWords, spec: DateSpec, m: re.Match[str]) -> Atom | None:
    """The Kalends, Nones or Ides of a month: a day of it, with or without its year."""
    mo = w.month(spec.get(m, "month") or "")
    named = (spec.get(m, "roman") or "").lower()
    ides = 15 if mo in _IDES_ON_15 else 13
    da = 1 if named.endswith("alends") else ides - 8 if named == "nones" else ides
    if not spec.get(m, "year") and not w.roman_cue.search(
        m.string, max(0, m.start() - 12), m.start()
    ):
        return None  # "The Ides of March" as a heading or a name: no date of its own
    return _known_day(w, spec, m, mo, da, _conf(spec, 0.9))


def _known_day(
    w: ValueWords, spec: DateSpec, m: re.Match[str], mo: int, da: int, yearless: float
) -> Atom | None:
    """A day a name gives (a feast, a Roman day) in the year written after it, or with no
    year (the tagger supplies the one stated last; `yearless` is its confidence)."""
    written = spec.get(m, "year")
    if not written:
        return Atom(m.start(), m.end(), None, confidence=yearless, month_day=(mo, da))
    y, era = year_of(written, spec.get(m, "era"))
    d = w.values.made(HistDate.of_day, y, mo, da)
    return Atom(m.start(), m.end(), d, confidence=_conf(spec, 0.9), era=era) if d else None


BUILDERS: dict[str, Builder] = {
    "bare-year": bare_year,
    "iso-day": iso_day,
    "day-month-year": day_month_year,
    "month-year": month_year,
    "season-year": season_year,
    "decade": decade,
    "century": _ordinal_period(HistDate.of_century),
    "millennium": _ordinal_period(HistDate.of_millennium),
    "ad-year": ad_year,
    "era-year": era_year,
    "year-span": year_span,
    "day-month": day_month,
    "day-of-month": day_of_month,
    "split-year": split_year,
    "day-range": day_range,
    "day-range-yearless": day_range_yearless,
    "month": month_alone,
    "feast": feast,
    "roman-day": roman_day,
}
"""The kinds of value a date pattern can read, by the name its `value` gives."""
