"""The dates stage: every date expression of a text, with offsets, a HistDate, a confidence
and the rule that read it.

Explicit expressions come from the language's date patterns (`grammar`, `values`), are
judged by their context (`context`) and joined into ranges (`ranges`); a day written without
a year takes the year stated last. Relative expressions resolve against the explicit date
before them; anchored ones stay unresolved for the anchoring stage (`relative`). Words that
count from the day a text was written ("today", "last year") resolve only against the
document's own date (`document_date`: its address, a byline), never against a date the text
talks about.
"""

from __future__ import annotations

import re
from dataclasses import replace

from timeline_desktop.domain.dates import HistDate, Precision
from timeline_desktop.extract.dates.context import CueWords, line_start
from timeline_desktop.extract.dates.expr import DateValues, Kind, TimeExpr, with_date
from timeline_desktop.extract.dates.grammar import DateGrammar
from timeline_desktop.extract.dates.ranges import RangeWords
from timeline_desktop.extract.dates.relative import RelativeGrammar, shift
from timeline_desktop.extract.dates.values import BUILDERS, Atom, ValueWords
from timeline_desktop.extract.lexicon import Lexicon, load
from timeline_desktop.extract.mask import MaskRules, mask_of
from timeline_desktop.extract.text import NO_MASK, Mask

_DAY_YEAR_REACH = 2500  # characters a day without a year may be from the year it takes
_SENTENCE_REACH = 200
_BYLINE_REACH = 2000  # how far into a text its byline may be
_GAP_MAX = 9  # what may stand between the two days of a span ("to", "until", a dash)
_BULLETS = " \t-*•>#"
_DAY_MONTH_REACH = 12_000  # a day alone may follow the month it is in by a few long entries


class Tagger:
    """The temporal tagger of one language (built once per lexicon)."""

    def __init__(self, lex: Lexicon) -> None:
        self.grammar = lex.compiled(DateGrammar)
        # each pattern's alternative in the combined regex -> (pattern, its builder)
        unknown = [f"{s.name} ({s.value})" for s in self.grammar.specs if s.value not in BUILDERS]
        if unknown:
            raise ValueError(f"date patterns with no such builder: {', '.join(unknown)}")
        self.builders = {s.tag: (s, BUILDERS[s.value]) for s in self.grammar.specs}
        self.words = lex.compiled(ValueWords)
        self.cues = lex.compiled(CueWords)
        self.ranges = lex.compiled(RangeWords)
        self.relative = lex.compiled(RelativeGrammar)
        self.values = lex.compiled(DateValues)
        self.recurring_re = lex.pattern("recurring", re.IGNORECASE)
        self.restated_by = lex.pattern("restated_by")
        self.lasted_until = lex.pattern("lasted_until", re.IGNORECASE)
        self.deictic = lex.pattern("deictic", re.IGNORECASE)
        self.url_date = lex.pattern("url_date")
        self.metadata = lex.compiled(MaskRules).metadata
        self.metadata_hints = lex.compiled(MaskRules).metadata_hints

    def document_date(self, text: str, url: str | None = None) -> HistDate | None:
        """The day (or month) a document was written or posted: the date in its address
        (".../2020/01/15/...") or in a byline at its top ("Published 15 January 2020")."""
        if url:
            m = self.url_date.search(url)
            if m is not None:
                y, mo, da = int(m.group("year")), int(m.group("month")), m.group("day")
                made = HistDate.of_day if da else HistDate.of_month
                date = self.values.made(made, y, mo, *((int(da),) if da else ()))
                if date is not None:
                    return date
        head = text[:_BYLINE_REACH]
        # a byline holds one of its hints ("ublished"): most texts are passed over without
        # running the pattern, whose lookbehinds are tried at every character
        if not any(h in head for h in self.metadata_hints):
            return None
        m = self.metadata.search(head)
        if m is None:
            return None
        found = [t for t in self.tag(m.group(), NO_MASK) if t.date is not None and not t.end_date]
        best = min(found, key=lambda t: t.date.precision if t.date else 99, default=None)
        return best.date if best is not None and best.precision <= Precision.MONTH else None

    def _join_stated_before(self, text: str, exprs: list[TimeExpr]) -> list[TimeExpr]:
        """ "from August 28th to September 18th": two days that took their year from the
        text before them make one span, as two written with their years would."""
        out: list[TimeExpr] = []
        for t in exprs:
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.date is not None
                and t.date is not None
                and prev.end_date is None
                and t.end_date is None
                and _stated_before(prev)
                and _stated_before(t)
                and prev.date.earliest_day() < t.date.earliest_day()
                and len(text[prev.end : t.start]) <= _GAP_MAX
                and self.ranges.gap.match(text[prev.end : t.start])
                and text[prev.end : t.start].strip().lower() not in self.ranges.conjunctions
            ):
                out[-1] = replace(
                    prev,
                    end=t.end,
                    end_date=t.date,
                    kind=Kind.RANGE,
                    rule=f"range ({prev.rule} to {t.rule})",
                )
                continue
            out.append(t)
        return out

    def deictic_atoms(self, text: str, mask: Mask, anchor: HistDate) -> list[Atom]:
        """ "today", "yesterday", "last year", "spring of last year": counted from the
        document's date."""
        out: list[Atom] = []
        hints = ("today", "tonight", "yesterday", "this ", "last ", "next ")
        low = text.lower()
        if not any(h in low for h in hints):
            return out
        for m in self.deictic.finditer(text):
            if mask.covers(m.start(), m.end()):
                continue
            date = self._deictic(m, anchor)
            if date is not None:
                a = Atom(m.start(), m.end(), date, confidence=0.8)
                a.rule = "deictic: counted from the document's date"
                out.append(a)
        return out

    def _deictic(self, m: re.Match[str], anchor: HistDate) -> HistDate | None:
        if m.group("today") or m.group("yesterday"):
            if anchor.precision is not Precision.DAY:
                return None
            return anchor if m.group("today") else shift(anchor, -1, "day")
        step = {"this": 0, "last": -1, "next": 1}[m.group("which").lower()]
        if m.group("unit").lower() == "month":
            return shift(anchor, step, "month") if anchor.month else None
        season = m.group("season")
        if season:
            return self.values.made(
                HistDate.of_season, anchor.year + step, self.words.seasons[season.lower()]
            )
        return self.values.made(HistDate.of_year, anchor.year + step)

    def explicit_atoms(self, text: str, mask: Mask) -> list[Atom]:
        """The dates the patterns read, judged by their context (unmasked)."""
        atoms: list[Atom] = []
        words, cues, builders = self.words, self.cues, self.builders
        for m in self.grammar.scan(text):
            if mask.covers(m.start(), m.end()):
                continue
            spec, builder = builders[m.lastgroup or ""]
            a = builder(words, spec, m)
            if a is None:
                continue
            a.rule = spec.name
            if a.bare_year or (a.kind is Kind.RANGE and a.confidence < 0.8):
                conf = cues.judge_year(text, a)
                if conf <= 0:
                    continue
                a.confidence = conf if a.bare_year else max(conf, a.confidence)
            elif cues.other_calendar_after.match(text, a.end):
                continue
            atoms.append(a)
        return atoms

    def recurring(self, text: str, start: int, end: int) -> bool:
        """Whether the sentence around [start, end) speaks of a yearly commemoration ("1
        August is still marked as Emancipation Day"): its day is a calendar day."""
        reach = _SENTENCE_REACH
        lo = max(
            text.rfind(". ", max(0, start - reach), start),
            text.rfind("\n", max(0, start - reach), start),
        )
        hi_dot = text.find(". ", end, end + reach)
        hi_nl = text.find("\n", end, end + reach)
        his = [h for h in (hi_dot, hi_nl) if h >= 0]
        hi = min(his) if his else min(len(text), end + reach)
        return self.recurring_re.search(text, max(lo, 0, start - reach), hi) is not None

    def tag(self, text: str, mask: Mask, anchor: HistDate | None = None) -> list[TimeExpr]:
        """Every date expression in `text`, in order; unresolved ones have `date` None.
        `anchor` is the document's own date (`document_date`), which "today" counts from."""
        atoms = self.explicit_atoms(text, mask)
        atoms = self.ranges.paired_centuries(text, self.ranges.combine(text, atoms))
        if anchor is not None:
            more = self.deictic_atoms(text, mask, anchor)
            if more:
                atoms = _without_overlaps(sorted(atoms + more, key=lambda a: a.start))
        explicit: list[TimeExpr] = []
        last_year: int | None = None
        last_pos = -10_000
        # (year, month) of the last month stated, and of the last stated at a line's start
        # (a heading): a day opening an entry counts in the month of the headings, not in a
        # month the entry before mentions ("the cost since September 1st, 1664")
        last_month: tuple[int, int] | None = None
        line_month: tuple[int, int] | None = None
        month_pos = line_pos = -10_000
        # (month, day) -> year of days stated; None once the text has stated the day in two
        # years, when a restatement no longer tells which one it means
        day_years: dict[tuple[int, int], int | None] = {}
        for a in atoms:
            a, cue, heading = self.cues.with_cue(text, a)
            date = a.date
            rule = a.rule
            opens_line = not text[line_start(text, a.start) : a.start].strip(_BULLETS)
            if a.day_only is not None:
                # "2nd (Lord's day)." under "September 1666", or "on the 25th"
                month, pos = (
                    (line_month, line_pos)
                    if opens_line and line_month is not None
                    else (last_month, month_pos)
                )
                if month is None or a.start - pos > _DAY_MONTH_REACH:
                    continue
                date = self.values.made(HistDate.of_day, *month, a.day_only)
                if date is None:
                    continue
                rule = f"{rule} (month stated before)"
            elif a.month_only is not None:
                # "In 1926 ... it ended in November"; not "it meets the last Friday in May"
                if last_year is None or a.start - last_pos > _DAY_YEAR_REACH:
                    continue
                if self.recurring(text, a.start, a.end):
                    continue
                date = self.values.made(HistDate.of_month, last_year, a.month_only)
                if date is None:
                    continue
                rule = f"{rule} (year stated before)"
            elif a.month_day is not None:
                # the year stated last, within a few paragraphs ("November 1869" heading a
                # journal, then "On 3 November we went aboard ..."); but a day the text
                # has stated before with its year is that day again ("the week of
                # September 18th" after "from August 28th to September 18th" of 1666),
                # unless the text has told that day in two years
                mo, da = a.month_day
                far = last_year is None or a.start - last_pos > _DAY_YEAR_REACH
                year = day_years.get(a.month_day) or (None if far else last_year)
                if year is None or self.recurring(text, a.start, a.end):
                    explicit.append(
                        TimeExpr(a.start, a.end, None, confidence=0.0, cue=cue, rule=rule)
                    )
                    continue
                date = self.values.made(HistDate.of_day, year, mo, da)
                if date is None:
                    continue
                if a.month_day_end is not None:
                    a.end_date = self.values.made(HistDate.of_day, year, *a.month_day_end)
                    if a.end_date is None:
                        continue
                    a.kind = Kind.RANGE
                rule = f"{rule} (year stated before)"
            if date is None:
                continue
            if a.end_date is None and date.precision <= Precision.YEAR:
                last_year, last_pos = date.year, a.end
            elif a.end_date is not None:
                last_year, last_pos = a.end_date.year, a.end
            for d in (date, a.end_date):
                if d is not None and d.precision is Precision.DAY and d.month and d.day:
                    told = day_years.setdefault((d.month, d.day), d.year)
                    if told != d.year:
                        day_years[(d.month, d.day)] = None
            stated = a.end_date or date
            if stated.month is not None and stated.precision <= Precision.MONTH:
                last_month, month_pos = (stated.year, stated.month), a.end
                if opens_line:
                    line_month, line_pos = last_month, a.end
            explicit.append(
                TimeExpr(
                    a.start,
                    a.end,
                    date,
                    a.end_date,
                    kind=a.kind,
                    confidence=a.confidence,
                    cue=cue,
                    heading=heading,
                    rule=rule,
                )
            )
        explicit = self._join_stated_before(text, explicit)
        explicit = _lasting(self, text, explicit)
        resolved = [t for t in explicit if t.date is not None]
        rel = self.relative.relatives(text, mask, resolved)
        if rel and resolved:
            # "six weeks earlier, on 12 April 1961": the written date says it better
            at = {t.start for t in resolved}
            rel = [
                r for r in rel if not ((g := self.restated_by.match(text, r.end)) and g.end() in at)
            ]
        return drop_overlaps(sorted(explicit + rel, key=lambda t: (t.start, -t.end)))


_UNTIL_REACH = 300  # how far "went on until" may be from the date it runs from


def _lasting(tagger: Tagger, text: str, explicit: list[TimeExpr]) -> list[TimeExpr]:
    """ "(on 9 October 2007) a swarm ... that went on until 12 June 2008": the date after
    "until" ends a span that opens on the date before it in the same line."""
    out = list(explicit)
    for i in range(1, len(out)):
        t, p = out[i], out[i - 1]
        if t.date is None or p.date is None or t.end_date is not None:
            continue
        if t.start - p.end > _UNTIL_REACH or "\n" in text[p.end : t.start]:
            continue
        lo = max(p.end, t.start - 40)
        if not tagger.lasted_until.search(text, lo, t.start):
            continue
        first = p.date
        if first.earliest_day() >= t.date.earliest_day():
            continue
        out[i] = replace(
            t,
            date=first,
            end_date=t.date,
            kind=Kind.RANGE,
            anchor=(p.start, p.end),
            rule="lasted-until",
        )
    return out


def _stated_before(t: TimeExpr) -> bool:
    return t.rule.endswith("stated before)")


def _without_overlaps(atoms: list[Atom]) -> list[Atom]:
    """Atoms in order, each overlapping one after the first dropped."""
    out: list[Atom] = []
    for a in atoms:
        if out and a.start < out[-1].end:
            continue
        out.append(a)
    return out


def drop_overlaps(exprs: list[TimeExpr]) -> list[TimeExpr]:
    """Of overlapping expressions, the longer (then the resolved) one."""
    out: list[TimeExpr] = []
    for t in exprs:
        if out and t.start < out[-1].end:
            prev = out[-1]
            if (t.end - t.start, t.date is not None) > (
                prev.end - prev.start,
                prev.date is not None,
            ):
                out[-1] = t
            continue
        out.append(t)
    return out


def tag(text: str, mask: Mask | None = None, lex: Lexicon | None = None) -> list[TimeExpr]:
    """Every date expression in `text` (see `Tagger.tag`); English unless `lex` is given.

    Without a mask the text's own mask is computed (markup, citations, metadata).
    """
    lex = lex or load()
    if mask is None:
        mask = mask_of(text, lex)[0]
    return lex.compiled(Tagger).tag(text, mask)


def resolve_anchored(expr: TimeExpr, base: HistDate | None) -> TimeExpr:
    """An anchored expression placed `offset` away from the date of its anchor event."""
    if base is None or expr.offset is None:
        return with_date(expr, None)
    return with_date(expr, shift(base, *expr.offset))
