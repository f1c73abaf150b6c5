"""Relative and anchored dates: "later that year", "three years later", "the following
March", "two years after Stalin's death".

Relative expressions resolve against the last explicit date before them; anchored ones
count from a happening the text names and stay unresolved (date None) here: the anchoring
stage resolves them from the events it knows, rather than guessing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

from timeline_desktop.domain.dates import (
    HistDate,
    Precision,
    day_number,
    from_day_number,
)
from timeline_desktop.extract.dates.expr import Kind, TimeExpr, safe
from timeline_desktop.extract.dates.values import ValueWords
from timeline_desktop.extract.lexicon import Lexicon
from timeline_desktop.extract.text import Mask

_REACH = 2500  # characters a relative date may be from the date it counts from
_HOURS_REACH = 400  # ... and "hours later" from the time it counts from
_CLOCK_REACH = 30  # how far from a date its clock time may be
_SURE = 0.6  # the confidence of a date that may be counted from without a cue of its own
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# The same regex in lower-cased text is case-sensitive, twice as fast. It finds the same
# matches unless lowering changes lengths or the text has the two letters that IGNORECASE
# equates with ASCII ones but str.lower() leaves alone (dotless i, long s).
_FOLDS_ODDLY = ("ı", "ſ")
_SEASON_START = {21: 3, 22: 6, 23: 9, 24: 12}  # first month of each season


class RelativeGrammar:
    """Relative date patterns and words of one language (built once per lexicon)."""

    def __init__(self, lex: Lexicon) -> None:
        source = lex.source("relative")
        months = lex.macro("MONTH_LONG")
        self.regex = re.compile(source, re.IGNORECASE)
        self.regex_low = re.compile(source.replace(months, months.lower()))
        self.words = lex.compiled(ValueWords)
        self.units = lex.map("units")
        self.numbers = lex.map("number_words")
        self.forward = lex.words("forward_words")
        self.backward = lex.words("backward_words")
        self.anchoring = lex.words("anchor_words")
        self.comparison = lex.pattern("relative_comparison")
        self.anchored_after = lex.pattern("relative_anchored_after")
        self.anchor_phrase = lex.pattern("anchor_phrase")
        self.anchor_stop = lex.pattern("anchor_stop", re.IGNORECASE)
        self.small_hours = lex.pattern("small_hours")
        # Relative dates are searched for only around the words a unit or a cued month name
        # starts with, found with `str.find` in the lower-cased text (several times faster
        # than any regex); a month counts after "that ", "following ", "next ", "previous ".
        self.unit_names = lex.ordered("unit_names")
        cues = "|".join(w[-4:] + " " for w in lex.ordered("month_cues"))
        self.cued_month_low = re.compile(r" (?<=" + cues + ")" + months.lower())
        self.unit_word = re.compile(
            "(?i:" + "|".join(self.unit_names) + ")|(?<=" + cues + ")" + months
        )

    def unit(self, word: str) -> str:
        return self.units[word.lower()]

    def number(self, word: str) -> int | None:
        w = word.lower()
        return int(w) if w.isdigit() else self.numbers.get(w)

    def unit_words(self, text: str, low: str) -> list[tuple[int, int]]:
        """(start, end) of `unit_word` matches, as its finditer would give them.

        Searched in `low`, the lower-cased text, when that keeps offsets (a month after
        "that " must still be capitalised, its cue lower-case).
        """
        if len(low) != len(text):
            return [u.span() for u in self.unit_word.finditer(text)]
        found: list[tuple[int, int, bool]] = []
        for word in self.unit_names:
            size = len(word)
            i = low.find(word)
            while i >= 0:
                found.append((i, i + size, False))
                i = low.find(word, i + 1)
        found += [(m.start() + 1, m.end(), True) for m in self.cued_month_low.finditer(low)]
        found.sort()
        out: list[tuple[int, int]] = []
        last = 0
        for s, e, month in found:
            if s < last:
                continue  # overlaps the one before ("dayear"): finditer would not see it
            last = e
            if month:
                if not (text[s].isupper() and text[s + 1 : e].islower()):
                    continue
                if text[s - 5 : s] != low[s - 5 : s]:
                    continue
            out.append((s, e))
        return out

    def matches(self, text: str) -> Iterator[re.Match[str]]:
        """Relative-date matches, searched only around unit words (much faster on long
        texts). They may be matches in the lower-cased text: read groups by offset."""
        last = -1
        n = len(text)
        low = text.lower()
        lowered = len(low) == len(text) and not any(c in text for c in _FOLDS_ODDLY)
        search = self.regex_low.search if lowered else self.regex.search
        haystack = low if lowered else text
        for us, ue in self.unit_words(text, low):
            lo = max(0, us - 40, last)
            hi = min(n, ue + 40)
            m = search(haystack, lo, hi)
            while m is not None and m.end() <= us:
                m = search(haystack, m.end(), hi)
            if m is not None and m.start() >= last and m.start() <= us:
                last = m.end()
                yield m

    def anchor_span(self, text: str, pos: int) -> tuple[int, int] | None:
        """The phrase an anchored date counts from ("Stalin's death")."""
        m = self.anchor_phrase.match(text, pos)
        if not m:
            return None
        phrase = m.group(1)
        cut = self.anchor_stop.search(" " + phrase)
        if cut:
            phrase = (" " + phrase)[: cut.start()].strip()
        phrase = phrase.rstrip(",.;:’'")
        if not phrase:
            return None
        return m.start(1), m.start(1) + len(phrase)

    def in_hours(self, m: re.Match[str]) -> bool:
        unit = m.group("u5") or m.group("u8")
        return unit is not None and self.units.get(unit.lower()) == "hour"

    def in_small_hours(self, text: str, ref: TimeExpr | None) -> bool:
        """Whether `ref` is told with a clock time between midnight and dawn ("at 3am on
        2 May"): the morning after it is the same day."""
        if ref is None:
            return False
        before = text[max(0, ref.start - _CLOCK_REACH) : ref.start]
        before = before[before.rfind(". ") + 1 :]  # only the sentence of the date
        after = text[ref.end : ref.end + _CLOCK_REACH].split(". ", 1)[0]
        return any(self.small_hours.search(part) for part in (before, after))

    @staticmethod
    def close(text: str, ref: TimeExpr, m: re.Match[str]) -> bool:
        """Whether `ref` is in the paragraph of `m` and near it (hours count from a time
        the narrative has just told, not from a catalogue line above)."""
        between = text[ref.end : m.start()]
        return len(between) < _HOURS_REACH and _BLANK_LINE.search(between) is None

    def step(self, word: str) -> int:
        """+1 for a forward direction word, -1 for a backward one, 0 for "that"."""
        w = word.lower().split()[-1]
        return 1 if w in self.forward else -1 if w in self.backward else 0

    def relatives(self, text: str, mask: Mask, explicit: list[TimeExpr]) -> list[TimeExpr]:
        """Every relative or anchored expression, resolved against `explicit` dates."""
        out: list[TimeExpr] = []
        starts = [t.start for t in explicit]
        last_relative = -1
        told: TimeExpr | None = None  # the last time of a day told relatively
        for m in self.matches(text):
            if mask.covers(m.start(), m.end()):
                continue
            i = bisect.bisect_left(starts, m.start()) - 1
            ref_expr = explicit[i] if i >= 0 and m.start() - explicit[i].end < _REACH else None
            if ref_expr is not None and m.group("soon") and last_relative > ref_expr.end:
                ref_expr = None  # "... the following year. Soon afterwards": after that one
            last_relative = m.end()
            if self.in_hours(m):
                # "an hour later" counts from a time told just before, which may be a day
                # itself told relatively ("at 21:53 on the same day. Minutes after ...")
                if told is not None and (ref_expr is None or told.start > ref_expr.end):
                    ref_expr = told
                if ref_expr is not None and not self.close(text, ref_expr, m):
                    ref_expr = None
            t = self._relative(text, m, _groups(text, m), ref_expr)
            if t is not None:
                out.append(t)
                if t.date is not None and (t.rule == "that-same-day" or self.in_hours(m)):
                    told = t  # a time of the day counted from ("three days later" is not)
        return out

    def _relative(
        self,
        text: str,
        m: re.Match[str],
        g: Callable[[str], str | None],
        ref_expr: TimeExpr | None,
    ) -> TimeExpr | None:
        offset: tuple[int, str] | None = None
        later = True
        vague = False
        if u1 := g("u1"):
            unit, step, rule = self.unit(u1), 0, "later-that-year"
            later = (g("lat") or "").lower() in self.forward
        elif u2 := g("u2"):
            unit, step, rule = self.unit(u2), 0, "that-same-day"
        elif u3 := g("u3"):
            unit, step, rule = self.unit(u3), self.step(g("dir3") or ""), "the-following-year"
            if step > 0 and u3.lower() == "morning" and self.in_small_hours(text, ref_expr):
                step, rule = 0, "the-next-morning-after-the-small-hours"
            later = step >= 0
        elif u5 := g("u5"):
            n = self.number(g("n5") or "")
            if n is None:
                return None
            unit, rule = self.unit(u5), "n-years-later"
            # "after that": counted from the date before, as "later" is
            direction = (g("dir5") or "").lower().split()[0]
            later = direction not in self.backward
            step = n if later else -n
            offset = (step, unit)
            if self.comparison.match(text[m.end() : m.end() + 6]):
                return None  # "two years earlier than planned": a comparison, not a date
            if direction in self.anchoring and " " not in (g("dir5") or ""):
                span = self.anchor_span(text, m.end())
                if span is None:
                    return None
                return TimeExpr(
                    m.start(),
                    m.end(),
                    None,
                    kind=Kind.ANCHORED,
                    confidence=0.0,
                    cue=direction,
                    anchor=span,
                    offset=offset,
                    rule="n-years-after-a-happening",
                )
        elif g("u10"):
            return self._same_time(text, m, ref_expr)
        elif g("soon"):
            if ref_expr is None or ref_expr.date is None:
                return None
            unit, step, vague, rule = "soon", 0, True, "shortly-afterwards"
        elif mon7 := g("mon7"):
            return self._month_after(m, mon7, g("dir7") or "", ref_expr)
        elif u8 := g("u8"):
            # "days later", "a few weeks later": no count, so only the month (or for
            # months, the year) of the date counted from is known
            if ref_expr is None or ref_expr.date is None:
                return None
            unit, step, vague, rule = self.unit(u8), 0, True, "days-later"
            direction = (g("dir8") or "").lower()
            if direction in self.anchoring and unit != "hour":
                return None  # "a few days after the battle": from the battle, not any date
            later = direction not in self.backward
        elif u6 := g("u6"):
            unit, rule = self.unit(u6), "the-year-after"
            step = 1 if (g("dir6") or "").lower() in self.forward else -1
            if self.anchored_after.match(text[m.end() : m.end() + 20]):
                return None  # "the year after the war": anchored, no offset given
        else:
            return None
        date: HistDate | None = None
        end: HistDate | None = None
        if ref_expr is not None and ref_expr.date is not None:
            ref = ref_expr.end_date if later and ref_expr.end_date is not None else ref_expr.date
            if vague:
                date = self.vaguely_after(ref, unit)
            elif offset is not None:
                date = shift(ref, offset[0], offset[1])
            elif unit == "week" and step and ref.precision is Precision.DAY:
                # "the following week": the seven days after the day counted from
                date, end = shift(ref, 1 if step > 0 else -7, "day"), shift(ref, step * 7, "day")
                date, end = (date, end) if step > 0 else (end, shift(ref, -1, "day"))
            else:
                date = self.same(ref, unit, step)
        return TimeExpr(
            m.start(),
            m.end(),
            date,
            end if date is not None else None,
            kind=Kind.RELATIVE,
            confidence=0.75 if date else 0.0,
            cue="later" if later else "earlier",
            offset=offset,
            anchor=(ref_expr.start, ref_expr.end) if ref_expr is not None else None,
            rule=rule,
        )

    def _same_time(
        self, text: str, m: re.Match[str], ref_expr: TimeExpr | None
    ) -> TimeExpr | None:
        """ "at that time": the date counted from, as it was stated, when it is a sure date
        of the same paragraph (not a model number: "an RCA 1802 ... at that time")."""
        if ref_expr is None or ref_expr.date is None or ref_expr.confidence < _SURE:
            return None
        if _BLANK_LINE.search(text, ref_expr.end, m.start()):
            return None
        return TimeExpr(
            m.start(),
            m.end(),
            ref_expr.date,
            ref_expr.end_date,
            kind=Kind.RELATIVE,
            confidence=0.75,
            cue="later",
            anchor=(ref_expr.start, ref_expr.end),
            rule="at-that-time",
        )

    def _month_after(
        self, m: re.Match[str], name: str, direction: str, ref_expr: TimeExpr | None
    ) -> TimeExpr | None:
        """ "the following March": the month after the date counted from."""
        if not name[0].isupper():
            return None
        month = self.words.months[name.lower()]
        step = self.step(direction)
        if ref_expr is None or ref_expr.date is None:
            return None
        ref = ref_expr.date
        year = ref.year
        if step > 0 and (ref.month is None or ref.month >= month):
            year += 1
        elif step < 0 and (ref.month is None or ref.month <= month):
            year -= 1
        date = safe(lambda: HistDate.of_month(year, month))
        return TimeExpr(
            m.start(),
            m.end(),
            date,
            kind=Kind.RELATIVE,
            confidence=0.75 if date else 0.0,
            cue="later",
            anchor=(ref_expr.start, ref_expr.end),
            rule="the-following-month",
        )

    def vaguely_after(self, ref: HistDate, unit: str) -> HistDate | None:
        """ "days later" or "weeks later": the month of `ref`, approximate; "months later":
        its year, approximate. None when `ref` is too coarse to say even that. "Hours
        later" keeps the date counted from."""
        if unit == "hour":
            return ref
        if unit == "soon":  # "shortly afterwards": the year counted from, when it is a year
            if ref.precision is not Precision.YEAR:
                return None
            return safe(lambda: HistDate.of_year(ref.year))
        if unit in ("day", "week"):
            if ref.month is None or ref.precision > Precision.MONTH:
                return None
            d = safe(lambda: HistDate.of_month(ref.year, ref.month))
        else:
            d = safe(lambda: HistDate.of_year(ref.year))
        return d.with_(approximate=True) if d is not None and unit != "day" else d

    def same(self, ref: HistDate, unit: str, step: int) -> HistDate | None:
        """ "later that year" (step 0), "the following spring" (step 1), "the previous
        month"."""
        season = self.words.seasons.get(unit)
        if season is not None:
            year = ref.year + step
            if step > 0 and ref.month is not None and ref.month < _SEASON_START[int(season)]:
                year = ref.year
            return safe(lambda: HistDate.of_season(year, season))
        if unit == "year":
            return safe(lambda: HistDate.of_year(ref.year + step))
        if unit == "month":
            if step:
                return shift(ref, step, "month")
            return safe(lambda: HistDate.of_month(ref.year, ref.month)) if ref.month else None
        if unit in ("day", "week"):
            if step:
                return shift(ref, step, unit)
            return ref if ref.precision is Precision.DAY else None
        if unit == "decade":
            return safe(lambda: HistDate.of_decade(ref.year + 10 * step))
        return None


def shift(ref: HistDate, n: int, unit: str) -> HistDate | None:
    """`ref` moved by n units, at the precision such a statement has; hours and minutes
    keep its date (a day read as a whole does not know the hour it counts from)."""
    if unit == "hour":
        return ref
    if unit in ("year", "decade", "century"):
        years = n * {"year": 1, "decade": 10, "century": 100}[unit]
        d = safe(lambda: HistDate.of_year(ref.year + years))
        return d.with_(approximate=True) if d is not None and unit != "year" else d
    if unit == "month":
        if ref.month is None:
            return None
        total = ref.year * 12 + (ref.month - 1) + n
        return safe(lambda: HistDate.of_month(total // 12, total % 12 + 1))
    if unit in ("day", "week"):
        if ref.precision is not Precision.DAY:
            return None
        days = n * (7 if unit == "week" else 1)
        y, m, d = from_day_number(day_number(ref.year, ref.month or 1, ref.day or 1) + days)
        return safe(lambda: HistDate.of_day(y, m, d))
    return None


def _groups(text: str, m: re.Match[str]) -> Callable[[str], str | None]:
    """`m.group`, read from `text` (m may be a match in the lower-cased text)."""

    def group(name: str) -> str | None:
        s, e = m.span(name)
        return text[s:e] if s >= 0 else None

    return group
