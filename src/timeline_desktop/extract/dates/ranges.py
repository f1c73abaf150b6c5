"""Two dates that make one span: "from 1936 to 1938", "between 1941 and 1945", "1924 – 1953",
"the late 1850s and early 1860s", "the 15th and 16th centuries"."""

from __future__ import annotations

import re

from timeline_desktop.domain.dates import HistDate, Precision
from timeline_desktop.extract.dates.expr import DateValues, Kind, safe
from timeline_desktop.extract.dates.values import Atom
from timeline_desktop.extract.lexicon import Lexicon

_DASHES = "-–—"


class RangeWords:
    """What joins two dates in one language (built once per lexicon)."""

    def __init__(self, lex: Lexicon) -> None:
        self.gap = lex.pattern("range_gap", re.IGNORECASE)
        self.lead = lex.pattern("range_lead", re.IGNORECASE)
        self.conjunctions = lex.words("range_conjunctions")  # "and": a range only if led
        self.pair_leads = lex.words("range_pair_leads")  # "between ... and ..."
        self.paired_ordinal = lex.pattern("paired_ordinal", re.IGNORECASE)
        self.values = lex.compiled(DateValues)

    def combine(self, text: str, atoms: list[Atom]) -> list[Atom]:
        """Join "from 1936 to 1938", "between 1941 and 1945", "1924 – 1953" into ranges."""
        out: list[Atom] = []
        i = 0
        while i < len(atoms):
            a = atoms[i]
            if i + 1 < len(atoms) and a.date is not None and atoms[i + 1].date is not None:
                b = atoms[i + 1]
                joined = self._joined(text, a, b)
                if joined is not None:
                    out.append(joined)
                    i += 2
                    continue
            out.append(a)
            i += 1
        return out

    def _joined(self, text: str, a: Atom, b: Atom) -> Atom | None:
        gap = text[a.end : b.start]
        if "\n" in gap:
            # a hard-wrapped line ("from 12 April 1993 to\n    8 October 1995"), not two lines
            if "\n\n" in gap or gap.count("\n") > 1:
                return None
            gap = " " + " ".join(gap.split()) + " "
        if len(gap) > 9 or not self.gap.match(gap):
            return None
        word = gap.strip().lower()
        lead = self.lead.search(text, max(0, a.start - 25), a.start)
        conjunction = word in self.conjunctions
        ok = word in _DASHES or (
            conjunction and lead is not None and lead.group(1).lower() in self.pair_leads
        )
        ok = ok or (not conjunction and (lead is not None or (a.bare_year and b.bare_year)))
        da, db = a.date, b.date
        assert da is not None and db is not None
        if conjunction and not ok:
            # "the late 1850s and early 1860s": two spans that meet are one span
            coarse = da.precision >= Precision.DECADE and db.precision >= Precision.DECADE
            ok = coarse and 0 < db.earliest_day() - da.latest_day() <= 1
        if ok and b.era == "bc" and not a.era and a.written_year is None and a.bare_year:
            da = safe(lambda y=1 - da.year: HistDate.of_year(y)) or da
        if not ok or da.earliest_day() > db.earliest_day():
            return None
        conf = max(a.confidence, b.confidence, 0.85 if lead else 0.7)
        rule = f"range ({a.rule} to {b.rule})"
        return Atom(a.start, b.end, da, db, confidence=conf, kind=Kind.RANGE, rule=rule)

    def paired_centuries(self, text: str, atoms: list[Atom]) -> list[Atom]:
        """ "the 15th and 16th centuries", "the 5th to 4th centuries BC": the bare ordinal
        before a century shares its noun and era, and the two make one span."""
        out: list[Atom] = []
        for a in atoms:
            d = a.date
            m = None
            if d is not None and a.end_date is None and d.precision is Precision.CENTURY:
                m = self.paired_ordinal.search(text, max(0, a.start - 24), a.start)
            first = (
                self.values.made(HistDate.of_century, int(m.group(1)), d.year < 1)
                if m and d
                else None
            )
            if m is not None and d is not None and first is not None and first != d:
                lo, hi = sorted((first, d), key=lambda x: x.earliest_day())
                out.append(
                    Atom(
                        m.start(),
                        a.end,
                        lo,
                        hi,
                        confidence=a.confidence,
                        kind=Kind.RANGE,
                        rule=f"paired centuries ({a.rule})",
                    )
                )
                continue
            out.append(a)
        return out
