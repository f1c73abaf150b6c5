"""The words around a date: whether a bare number is a year, and what its cue says.

Bare years are the risky part of tagging, so their confidence depends on the context: a
preposition before them, a heading or a "1953 · Place" card line raises it; ordinals,
counts ("1500 troops"), page and citation numbers, URLs and file names reject them. The word
before any date is its cue ("in", "by", "until", "the end of"), which may make it
approximate ("c. 1500") or qualify it ("by 1954", "the end of 1955").
"""

from __future__ import annotations

import re

from timeline_desktop.domain.dates import Precision, Qualifier
from timeline_desktop.extract.dates.expr import Kind, safe
from timeline_desktop.extract.dates.values import Atom
from timeline_desktop.extract.lexicon import Lexicon

_WORD = re.compile(r"[\w.'’]+")
_NEXT_WORD = re.compile(r"\s*([A-Za-z][\w-]*)")
_BULLETS = " \t-*•>"  # list markers a chronology line may open with
_CARD_AFTER = re.compile(r"\s*(?:[·•|:—–]|$)|\.[ \t]+(?=[A-Z])")  # "1887. Tablets are found"


class CueWords:
    """The words read around dates in one language (built once per lexicon)."""

    def __init__(self, lex: Lexicon) -> None:
        self.strong = lex.words("strong_cues")
        self.cues = self.strong | lex.words("weak_cues")
        self.approx = lex.words("approx_words")
        self.fillers = lex.words("cue_fillers")
        self.edges = {w: Qualifier(q) for w, q in lex.map("edge_words").items()}
        self.qualifiers = {w: Qualifier(q) for w, q in lex.map("qualifier_words").items()}
        self.count_words = lex.words("count_words")
        self.count_leads = lex.words("count_leads")
        # "from 200 to 3600 km", "between 150 and 900 people", "200–3,600 km": the unit
        # after the second number counts the first too
        self.range_joiners = lex.words("range_joiners")
        joiners = "|".join(re.escape(w) for w in sorted(self.range_joiners))
        self.range_tail = re.compile(
            rf"\s*(?:{joiners}|-|–|—)\s*(\d[\d,.]*)\s?([A-Za-z][\w-]*)"
        )
        self.other_months = lex.words("other_calendar_months")
        self.reference_before = lex.pattern("reference_before", re.IGNORECASE)
        self.other_calendar_after = lex.pattern("other_calendar_after")
        self.year_named = lex.pattern("year_named")
        self.named_by_year = lex.pattern("named_by_year")
        self.named_before_date = lex.pattern("named_before_date")
        self.named_subject_date = lex.pattern("named_subject_date")

    def cue(self, words: list[str]) -> tuple[str, bool, Qualifier | None]:
        """The introducing word, whether the date is approximate, and a qualifier it implies."""
        ws = [w for w in words if w not in self.fillers]
        approx = bool(ws) and ws[-1] in self.approx
        if approx:
            ws = ws[:-1]
        qual = None
        cue = ws[-1] if ws else ""
        if cue in self.edges:
            qual = self.edges[cue]
            if len(ws) > 1 and ws[-2] in self.qualifiers:
                qual = self.qualifiers[ws[-2]] if ws[-2] != "by" else self.edges[cue]
        elif cue in self.qualifiers:
            qual = self.qualifiers[cue]
        if approx and not cue:
            cue = "c."
        return cue, approx, qual

    def judge_year(self, text: str, a: Atom) -> float:
        """Confidence that a bare number is a year (0 rejects it).

        Every test but the last only rejects, so the cheap ones run first.
        """
        y = a.date.year if a.date else 0
        if y > 2100 or y < 100 or text[a.start] == "0":
            return 0.0  # "shortly after 0400": a time of day, no year is written with a 0
        ls = line_start(text, a.start)
        words = words_before(text, a.start, ls)
        prev = words[-1] if words else ""
        strong = prev in self.strong or (len(words) > 1 and words[-2] in self.strong)
        if y < 1000 and not strong:
            return 0.0
        if y < 1000 and self.numbered_name(text, a):
            return 0.0  # "951 Gaspra", written so more than once: a catalogue number
        before = text[max(ls, a.start - 30) : a.start]
        if self.reference_before.search(before):
            return 0.0
        if prev in self.other_months or self.other_calendar_after.match(text, a.end):
            return 0.0
        nxt = _NEXT_WORD.match(text, a.end)
        # the word after, also at the start of the next line ("about 1000\n km" wrapped)
        close = nxt is not None and (
            nxt.start(1) - a.end <= 1 or text[a.end : nxt.start(1)].strip(" \t") == "\n"
        )
        next_word = nxt.group(1).lower() if nxt and close else ""
        if next_word in self.count_words or next_word.endswith("-year"):
            return 0.0
        if (not next_word or next_word in self.range_joiners) and self.counted_range(
            text, a.end, y
        ):
            return 0.0
        # "the 300 soldiers" counts; "the 1881 census", "the 1990 status quo" do not
        plural = next_word.endswith("s") and not next_word.endswith(("ss", "us"))
        counted = prev == "" or prev in self.count_leads
        if next_word and not strong and next_word.islower() and plural and counted:
            return 0.0
        conf = 0.5
        if strong:
            conf += 0.35
        elif prev in self.cues:
            conf += 0.2
        end = line_end(text, a.end)
        if text[ls : a.start].strip(_BULLETS) == "" and _CARD_AFTER.match(text, a.end):
            conf += 0.4  # "1953 · Moscow", "- 1953 — text", "1953:" or a year alone on its line
        if text[a.start - 1 : a.start] == "(" and text[a.end : a.end + 1] in (")", ",", ";"):
            conf += 0.3
        if a.end < end and text[a.end : a.end + 1] in ",." and conf < 0.6:
            conf += 0.05
        if conf < 0.6 and self.year_named.search(text, max(ls, a.start - 30), a.start):
            conf = 0.8  # "the Municipal Corporations Act 1835", "hanged for rebellion, 1549."
        elif conf < 0.6 and prev == "the" and self.named_by_year.match(text, a.end):
            conf = 0.75  # "the 1986 Challenger accident", "the 1632 fire that burned ..."
        elif conf < 0.6 and text[a.start - 2 : a.start] == ", " and self.ends_note(text, a.end):
            conf = 0.7  # "Nicholas Boyer, mayor, hanged for rebellion, 1549"
        return min(conf, 0.95)

    def counted_range(self, text: str, pos: int, first: int) -> bool:
        """Whether the number ending at `pos` opens a range of counts or measures ("from 200
        to 3600 km"). Two close years before a count word still read as years ("between 1939
        and 1945 people fled")."""
        m = self.range_tail.match(text, pos)
        if m is None or m.group(2).lower() not in self.count_words:
            return False
        digits = m.group(1).rstrip(".,").replace(",", "")
        second = int(digits) if digits.isdigit() else -1
        return not (1000 <= first < second <= 2100 and second - first <= 150)

    def numbered_name(self, text: str, a: Atom) -> bool:
        """Whether the number and the capitalised word after it recur together in the text,
        as a catalogue name does ("951 Gaspra", "243 Ida")."""
        nxt = _NEXT_WORD.match(text, a.end)
        if nxt is None or nxt.start(1) != a.end + 1 or not nxt.group(1)[0].isupper():
            return False
        return text.count(text[a.start : nxt.end(1)]) > 1

    def ends_note(self, text: str, pos: int) -> bool:
        """Whether `pos` ends a note line or its sentence ("..., 1549" or "..., 1549.")."""
        rest = text[pos : pos + 2]
        return rest == "" or rest[0] == "\n" or (rest[0] == "." and rest[1:] in ("", "\n", " "))

    def with_cue(self, text: str, a: Atom) -> tuple[Atom, str, bool]:
        """The atom qualified by its cue; the cue; whether the date heads its line."""
        ls = line_start(text, a.start)
        cue, approx, qual = self.cue(words_before(text, a.start, ls))
        heading = text[ls : a.start].strip() == "" and bool(_CARD_AFTER.match(text, a.end))
        d = a.date
        if d is not None:
            if approx and not d.approximate:
                d = safe(lambda: d.with_(approximate=True)) or d
            if qual is not None and d.qualifier is Qualifier.NONE and a.kind is not Kind.RANGE:
                narrowing = qual in (Qualifier.EARLY, Qualifier.MID, Qualifier.LATE)
                if not (narrowing and d.precision in (Precision.DAY, Precision.SEASON)):
                    d = safe(lambda: d.with_(qualifier=qual)) or d
            a.date = d
        return a, cue, heading


def words_before(text: str, pos: int, line_start: int, n: int = 4) -> list[str]:
    """The last n words (lower-cased) within 40 characters before `pos` on its line."""
    return [w.lower() for w in _WORD.findall(text, max(line_start, pos - 40), pos)[-n:]]


def line_start(text: str, pos: int) -> int:
    """Start of the line holding `pos`, looking back at most 300 characters (long lines)."""
    floor = max(0, pos - 300)
    found = text.rfind("\n", floor, pos)
    return found + 1 if found >= 0 else floor


def line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos, pos + 300)
    return min(len(text), pos + 300) if end < 0 else end
