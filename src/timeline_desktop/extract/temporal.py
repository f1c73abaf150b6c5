"""Temporal tagger: every date expression of a text, with offsets, a HistDate and a confidence.

Explicit expressions (full dates in any common order, month and year, seasons, decades,
centuries, millennia, BC/AD years, ranges) are found by one compiled regex. Bare years are
the risky part, so their confidence depends on the context: a preposition before them, a
heading or "1953 · Place" card line raises it; ordinals, counts ("1500 troops"), page and
citation numbers, URLs and file names reject them. Relative expressions ("later that year",
"three years later") resolve against the last explicit date before them; anchored ones
("two years after X's death") are resolved through a callback that knows the events, and
stay unresolved (date None) rather than being guessed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

from timeline_desktop.domain.dates import (
    HistDate,
    Precision,
    Qualifier,
    Season,
    day_number,
    days_in_month,
    from_day_number,
)
from timeline_desktop.extract.lexicon import COUNT_WORDS, MONTHS, OTHER_CALENDAR_MONTHS
from timeline_desktop.extract.text import Mask, mask_of


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
    of the phrase an anchored expression counts from ("Stalin's death").
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
        """The dates an event placed at this expression gets.

        "by 1954" or "until 1964" place the happening at the named date: the open-ended
        qualifiers are dropped, as are early/late on a single year or month, which readers
        use loosely ("by the end of 1955"). Early/mid/late stay on decades and centuries.
        """
        assert self.date is not None
        return _event_date(self.date), (
            _event_date(self.end_date) if self.end_date is not None else None
        )

    def stated(self) -> str:
        """The date as the text states it, in ISO-like form ("1953-09", "1936/1938")."""
        if self.date is None:
            return ""
        if self.end_date is not None:
            return f"{_stated_one(self.date)}/{_stated_one(self.end_date)}"
        return _stated_one(self.date)


@lru_cache(maxsize=8192)
def _event_date(d: HistDate) -> HistDate:
    q = d.qualifier
    if q in (Qualifier.BY, Qualifier.BEFORE, Qualifier.AFTER):
        return d.with_(qualifier=Qualifier.NONE)
    if q is not Qualifier.NONE and d.precision <= Precision.YEAR:
        return d.with_(qualifier=Qualifier.NONE)
    return d


@lru_cache(maxsize=8192)
def _stated_one(d: HistDate) -> str:
    """Cached: every event states its date, and `with_` copies a dataclass each time."""
    if d.precision >= Precision.DECADE:
        return d.with_(approximate=False).label()
    text = d.with_(qualifier=Qualifier.NONE, approximate=False).to_iso()
    return ("c. " + text) if d.approximate else text


# --- the explicit-date regex -----------------------------------------------------------------


def _trie(words: list[str]) -> str:
    """An alternation of literal words, longest match first, written as a trie.

    The regex engine tries alternatives one by one; branching on the first letter lets it
    reject a position after a character or two instead of after a hundred words.
    """
    heads: dict[str, list[str]] = {}
    for w in words:
        heads.setdefault(w[:1], []).append(w[1:])
    ends = heads.pop("", None) is not None
    alts = [re.escape(c) + _trie(rest) for c, rest in sorted(heads.items())]
    alts += [""] if ends else []
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


_MONTH_NAMES = sorted(MONTHS, key=len, reverse=True)
_MONTH = "(?:" + _trie([n.capitalize() for n in _MONTH_NAMES]) + r")\b\.?"
_ERA = r"(?:\s*(?:B\.\s?C\.(?:\s?E\.)?|BCE|BC|A\.\s?D\.|AD|C\.E\.|CE)(?![A-Za-z]))"
_ORD = r"(?:st|nd|rd|th)"
_QUAL = r"(?:(?:early|mid|late|Early|Mid|Late)(?:-|\s+|-\s*)(?:the\s+)?)"
_ORDINAL_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ],
        start=1,
    )
}
_ORDINAL_WORDS["twenty-first"] = 21
_ORD_WORD = "(?:" + _trie(list(_ORDINAL_WORDS)) + ")"

# "19 August AD 14": the era may be written before the year too.
_ERA_AD = r"(?:A\.\s?D\.|AD)"

_PATTERNS = (
    ("iso", r"(?<![\w/.-])(?P<iso_y>\d{4})-(?P<iso_m>\d{2})-(?P<iso_d>\d{2})(?![\w/-])"),
    (
        "mdy",
        rf"(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>\d{{1,2}}){_ORD}?,?\s+(?P<mdy_a>{_ERA_AD}\s*)?"
        rf"(?P<mdy_y>\d{{1,4}})\b"
        rf"(?P<mdy_e>{_ERA})?",
    ),
    (
        "dmy",
        rf"\b(?P<dmy_d>\d{{1,2}}){_ORD}?\s+(?:of\s+)?(?P<dmy_m>{_MONTH}),?\s+"
        rf"(?P<dmy_a>{_ERA_AD}\s*)?(?P<dmy_y>\d{{1,4}})\b(?P<dmy_e>{_ERA})?",
    ),
    (
        "season",
        rf"\b(?P<sea_q>{_QUAL})?(?P<sea_s>(?i:spring|summer|autumn|fall|winter))\s+(?:of\s+)?"
        rf"(?P<sea_y>\d{{3,4}})\b(?P<sea_e>{_ERA})?",
    ),
    (
        "century",
        rf"\b(?P<cen_q>{_QUAL})?(?:(?P<cen_n>\d{{1,2}}){_ORD}|(?P<cen_w>(?i:{_ORD_WORD})))"
        rf"[- ](?i:centur(?:y|ies))\b(?P<cen_e>{_ERA})?",
    ),
    (
        "millennium",
        rf"\b(?P<mil_q>{_QUAL})?(?:(?P<mil_n>\d{{1,2}}){_ORD}|(?P<mil_w>(?i:{_ORD_WORD})))"
        rf"[- ](?i:millenni(?:um|a))\b(?P<mil_e>{_ERA})?",
    ),
    ("decade", rf"\b(?P<dec_q>{_QUAL})?(?P<dec_y>\d{{2,3}}0)['’]?s\b(?P<dec_e>{_ERA})?"),
    (
        "my",
        rf"(?P<my_m>{_MONTH}),?\s+(?:of\s+)?(?P<my_a>{_ERA_AD}\s*)?(?P<my_y>\d{{1,4}})\b"
        rf"(?P<my_e>{_ERA})?",
    ),
    ("adyear", r"\b(?:A\.\s?D\.|AD)\s*(?P<ad_y>\d{1,4})\b"),
    (
        "dash",
        r"(?:(?<![\w.,/$£€#-])|(?<=\bc\.)|(?<=\bca\.))"
        r"(?P<dr_a>\d{3,4})\s?[-–—]\s?(?P<dr_b>\d{2,4})(?![\w%/]|-\d)"
        rf"(?P<dr_e>{_ERA})?",
    ),
    ("erayear", rf"(?<![\w.,-])(?P<ey_y>\d{{1,2}},\d{{3}}|\d{{1,5}})(?P<ey_e>{_ERA})"),
    ("md", rf"(?P<md_m>{_MONTH})\s+(?P<md_d>\d{{1,2}}){_ORD}?\b(?![,.]?\s*\d)"),
    (
        "dm",
        rf"\b(?:the\s+)?(?P<dm_d>\d{{1,2}}){_ORD}?\s+(?:day\s+)?(?:of\s+)?(?P<dm_m>{_MONTH})"
        r"(?!,?\s*\d)",
    ),
    (
        "feast",
        r"\b(?P<fe_n>Christmas\s+(?:Eve|Day)|New\s+Year['’]s\s+(?:Eve|Day)"
        r"|All\s+Saints['’]?\s+Day|Midsummer\s+Day)\b"
        rf"(?:,?\s+(?P<fe_y>\d{{3,4}})\b(?P<fe_e>{_ERA})?|(?!,?\s*\d))",
    ),
    # "c.1500" is a year like "c. 1500"; "3.1500" and "p.1500" are not
    (
        "year",
        r"(?:(?<![\w.,/$£€#%:-])|(?<=\bc\.)|(?<=\bca\.))(?P<yr>\d{3,4})(?![\w%/]|[.,:]\d|-\d)",
    ),
)
_DATE_RE = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in _PATTERNS))
# The same, without the alternatives that cannot start at a digit (they open with a word)
# or at a letter (they open with a number): trying them there is wasted time.
_WORD_FIRST = frozenset(["mdy", "season", "my", "adyear", "md", "feast"])
_NUMBER_FIRST = frozenset(["iso", "dmy", "dash", "erayear", "year"])
_DATE_AT_DIGIT = re.compile(
    "|".join(f"(?P<{name}>{pat})" for name, pat in _PATTERNS if name not in _WORD_FIRST)
)
_DATE_AT_LETTER = re.compile(
    "|".join(f"(?P<{name}>{pat})" for name, pat in _PATTERNS if name not in _NUMBER_FIRST)
)
# Where a date can start: a digit run or a word that can open one. Scanning these few places
# with the big regex is several times faster than letting it try every position.
_START_WORDS = sorted(
    {n.capitalize() for n in MONTHS}
    | {"early", "mid", "late", "Early", "Mid", "Late", "AD", "A."}
    | {"Christmas", "New", "All", "Midsummer"}
    | {w for s in ["spring", "summer", "autumn", "fall", "winter"] for w in (s, s.capitalize())}
    | set(_ORDINAL_WORDS)
    | {w.capitalize() for w in _ORDINAL_WORDS},
    key=len,
    reverse=True,
)


# A word that can open a date, at a word start: "the" before a number, or a start word.
_OPENER = r"(?:the(?=\s+\d)|" + _trie(_START_WORDS) + ")"
_OPENER_AT = re.compile(_OPENER)
# Past the first character, every candidate starts with a digit or a non-word character (the
# opener follows it), so the regex engine skips all other characters without trying the
# pattern there: three times faster than `\b(?:...)`. A digit starts a candidate when no digit
# precedes it; group 1 spans an opener. `_OPENER_AT` checks the text's first character.
_CANDIDATE = re.compile(r"[\W0-9](?:(?<=[0-9])(?<![0-9]{2})|(?<=\W)(?=(" + _OPENER + ")))")

_REF_BEFORE = re.compile(
    r"(?:\b(?:page|pages|p|pp|no|nos|number|room|vol|volume|chapter|ch|flight|route|"
    r"highway|isbn|issn|tel|phone|box|item|art|article|section|sec|fig|figure|table|"
    r"plate|catalogue|cat|opus|op|bwv|kv|psalm|line|verse|grid|code|model)\.?|[#§№$£€])\s*$",
    re.IGNORECASE,
)
_OTHER_CAL_AFTER = re.compile(
    r"\s*[\[(]?\s*(?:AH|A\.H\.|SH|AP|Hijri|Anno Hegirae|Anno Mundi|O\.S\.|Old Style|Julian)\b",
)
_WORDS_BEFORE = re.compile(r"([\w.'’]+)\W*$")
_NEXT_WORD = re.compile(r"\s*([A-Za-z][\w-]*)")
_ERA_BC = re.compile(r"B", re.IGNORECASE)
_STRONG_CUES = frozenset(
    [
        "in",
        "by",
        "since",
        "from",
        "until",
        "till",
        "during",
        "before",
        "after",
        "circa",
        "c.",
        "ca.",
        "around",
        "about",
        "through",
        "throughout",
        "between",
        "year",
        "end",
        "beginning",
        "middle",
        "start",
        "close",
        "turn",
        "as",
    ]
)
# Words that may introduce a date at all; the strong ones make a bare year a likely date.
_CUE_WORDS = _STRONG_CUES | frozenset(
    [
        "and",
        "autumn",
        "early",
        "fall",
        "late",
        "mid",
        "of",
        "on",
        "spring",
        "summer",
        "to",
        "winter",
    ]
)

_APPROX_WORDS = frozenset(
    ["c.", "c", "ca.", "ca", "circa", "about", "around", "approximately", "roughly"]
)
_EDGE_WORDS = {
    "end": Qualifier.LATE,
    "close": Qualifier.LATE,
    "beginning": Qualifier.EARLY,
    "start": Qualifier.EARLY,
    "middle": Qualifier.MID,
}
_QUALIFIER_OF = {"by": Qualifier.BY, "before": Qualifier.BEFORE, "after": Qualifier.AFTER}
_PART = {"early": Qualifier.EARLY, "mid": Qualifier.MID, "late": Qualifier.LATE}
_SEASON_OF = {
    "spring": Season.SPRING,
    "summer": Season.SUMMER,
    "autumn": Season.AUTUMN,
    "fall": Season.AUTUMN,
    "winter": Season.WINTER,
}
_BULLETS = " \t-*•>"  # list markers a chronology line may open with
_CARD_AFTER = re.compile(r"\s*(?:[·•|:—–]|$)|\.[ \t]+(?=[A-Z])")  # "1887. Tablets are found"
_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|until|till|through|thru|and)\s*$", re.IGNORECASE)
_RANGE_LEAD = re.compile(r"\b(from|between)\s+(?:the\s+)?(?:years?\s+)?$", re.IGNORECASE)

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_NUMBER_WORDS.update({"a": 1, "an": 1, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100})
_MONTH_ALT = "(?:" + "|".join(n.capitalize() for n in _MONTH_NAMES if len(n) > 3) + ")"
_LOW_MONTHS = frozenset(n for n in _MONTH_NAMES if len(n) > 3)
_NUM = r"(?:\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_UNIT = r"(?:years?|months?|weeks?|days?|decades?|centuries|century)"
_SEASONS = r"(?:spring|summer|autumn|fall|winter)"
_REL = (
    r"\b(?:"
    rf"(?P<lat>later|earlier)\s+(?:in\s+)?(?:that|the\s+same|this)\s+"
    rf"(?P<u1>year|month|week|day|decade|century|{_SEASONS})"
    rf"|(?P<same>that|the\s+same)\s+(?:same\s+|very\s+)?(?P<u2>year|month|{_SEASONS}"
    r"|day|night|morning|evening|afternoon)(?!\s+(?:in|of)\s+\d)"
    rf"|(?:the\s+)?(?P<dir3>following|next|subsequent|previous|preceding)\s+"
    rf"(?P<u3>year|month|week|day|decade|{_SEASONS})"
    rf"|(?P<n5>{_NUM})\s+(?P<u5>{_UNIT})\s+"
    r"(?P<dir5>later|earlier|afterwards?|thereafter|previously|before|after|on)"
    rf"|(?:the\s+)?(?P<u6>year|day|month|week)\s+(?P<dir6>after|before)"
    r"|(?:(?:a\s+few|several|some|a\s+couple\s+of)\s+)?(?P<u8>days|weeks|months)\s+"
    r"(?P<dir8>later|afterwards?|thereafter|earlier)"
    rf"|(?P<dir7>that|the\s+following|the\s+next|the\s+previous)\s+(?P<mon7>{_MONTH_ALT})"
    r")\b"
)
_REL_RE = re.compile(_REL, re.IGNORECASE)
# The same in lower-cased text: case-sensitive, twice as fast. It finds the same matches
# unless lowering changes lengths or the text has the two letters that IGNORECASE equates
# with ASCII ones but str.lower() leaves alone (dotless i, long s).
_REL_LOW = re.compile(_REL.replace(_MONTH_ALT, _MONTH_ALT.lower()))
_FOLDS_ODDLY = ("ı", "ſ")

_ANCHOR_PHRASE = re.compile(
    r"\s+((?:the\s+|his\s+|her\s+|their\s+|its\s+)?[\w’'-]+(?:\s+(?:of\s+(?:the\s+)?)?[\w’'-]+){0,4})"
)
_ANCHOR_STOP = re.compile(
    r"\s+(?:and|but|when|while|which|who|that|was|were|had|he|she|they|it|in|on|at|as)\b.*",
    re.IGNORECASE,
)

AnchorResolver = Callable[[str, int, int], HistDate | None]
"""Given the text and the span of an anchor phrase, the date it names (or None)."""


@dataclass(slots=True)
class _Atom:
    start: int
    end: int
    date: HistDate | None
    end_date: HistDate | None = None
    confidence: float = 0.9
    bare_year: bool = False
    era: str = ""  # "bc", "ad" or "" when written without an era
    written_year: int | None = None
    month_day: tuple[int, int] | None = None  # a day without its year
    kind: Kind = Kind.DATE


def _year(written: str, era: str | None) -> tuple[int, str]:
    """Astronomical year for a written year number and era text."""
    n = int(written.replace(",", ""))
    if era and _ERA_BC.search(era.strip()[:1] or ""):
        return 1 - n, "bc"
    return n, "ad" if era else ""


def _safe(make: Callable[[], HistDate]) -> HistDate | None:
    try:
        return make()
    except (ValueError, KeyError):
        return None


@lru_cache(maxsize=8192)
def _made(make: Callable[..., HistDate], *args: object) -> HistDate | None:
    """`make(*args)`, None when the numbers make no date.

    Cached: the same few thousand dates recur, and a HistDate validates itself when built.
    """
    try:
        return make(*args)
    except (ValueError, KeyError):
        return None


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _qualify(d: HistDate | None, qual: str | None) -> HistDate | None:
    if d is None or not qual:
        return d
    word = qual.strip(" -").split()[0].lower()
    q = _PART.get(word)
    return _safe(lambda: d.with_(qualifier=q)) if q else d


# Fixed-date feasts, read like a day written without its year ("on Christmas Eve").
_FEASTS = {
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "new year's eve": (12, 31),
    "new year's day": (1, 1),
    "all saints day": (11, 1),
    "all saints' day": (11, 1),
    "midsummer day": (6, 24),
}
# A day named without a year in a sentence about what recurs ("1 August is still marked as
# Emancipation Day") is a calendar day, not a day of the year in context.
_RECURRING = re.compile(
    r"\b(?:still|every|each|annually|yearly|anniversary|(?:is|are)\s+(?:now\s+)?"
    r"(?:marked|celebrated|commemorated|observed|remembered|kept|held))\b",
    re.IGNORECASE,
)


def _recurring(text: str, start: int, end: int) -> bool:
    """Whether the sentence around [start, end) speaks of a yearly commemoration."""
    lo = max(
        text.rfind(". ", max(0, start - 200), start), text.rfind("\n", max(0, start - 200), start)
    )
    hi_dot = text.find(". ", end, end + 200)
    hi_nl = text.find("\n", end, end + 200)
    his = [h for h in (hi_dot, hi_nl) if h >= 0]
    hi = min(his) if his else min(len(text), end + 200)
    return _RECURRING.search(text, max(lo, 0, start - 200), hi) is not None


def _atom(m: re.Match[str]) -> _Atom | None:
    """Turn one regex match into a date (None when the numbers make no date)."""
    kind = m.lastgroup
    g = m.group
    s, e = m.span()
    if kind == "year":
        return _Atom(s, e, _made(HistDate.of_year, int(g("yr"))), bare_year=True, confidence=0.5)
    if kind == "iso":
        d = _safe(lambda: HistDate.of_day(int(g("iso_y")), int(g("iso_m")), int(g("iso_d"))))
        return _Atom(s, e, d, confidence=0.95) if d else None
    if kind in ("mdy", "dmy"):
        p = kind
        era_text = g(f"{p}_e") or g(f"{p}_a")
        if len(g(f"{p}_y")) < 3 and not era_text:
            return None
        y, era = _year(g(f"{p}_y"), era_text)
        mo, da = _month(g(f"{p}_m")), int(g(f"{p}_d"))
        d = _made(HistDate.of_day, y, mo, da)
        return (
            _Atom(s, e, d, confidence=0.95, era=era, written_year=int(g(f"{p}_y"))) if d else None
        )
    if kind == "my":
        if len(g("my_y")) < 3 and not (g("my_e") or g("my_a")):
            return None
        y, era = _year(g("my_y"), g("my_e") or g("my_a"))
        d = _made(HistDate.of_month, y, _month(g("my_m")))
        return _Atom(s, e, d, confidence=0.9, era=era, written_year=int(g("my_y"))) if d else None
    if kind == "season":
        y, era = _year(g("sea_y"), g("sea_e"))
        d = _safe(lambda: HistDate.of_season(y, _SEASON_OF[g("sea_s").lower()]))
        return _Atom(s, e, d, confidence=0.85, era=era) if d else None
    if kind == "decade":
        first = int(g("dec_y"))
        bc = bool(g("dec_e")) and _ERA_BC.match(g("dec_e").strip()) is not None
        d = _safe(lambda: HistDate.of_decade(-first - 8 if bc else first))
        if d is None or first < 100:
            return None
        conf = 0.85 if first >= 1000 or g("dec_e") or g("dec_q") else 0.6
        return _Atom(s, e, _qualify(d, g("dec_q")), confidence=conf)
    if kind in ("century", "millennium"):
        p = "cen" if kind == "century" else "mil"
        n = int(g(f"{p}_n")) if g(f"{p}_n") else _ORDINAL_WORDS[g(f"{p}_w").lower()]
        bc = bool(g(f"{p}_e")) and _ERA_BC.match(g(f"{p}_e").strip()) is not None
        make = HistDate.of_century if kind == "century" else HistDate.of_millennium
        d = _safe(lambda: make(n, bc=bc))
        return _Atom(s, e, _qualify(d, g(f"{p}_q")), confidence=0.85) if d else None
    if kind == "adyear":
        d = _safe(lambda: HistDate.of_year(int(g("ad_y"))))
        return _Atom(s, e, d, confidence=0.95, era="ad") if d else None
    if kind == "erayear":
        y, era = _year(g("ey_y"), g("ey_e"))
        d = _made(HistDate.of_year, y)
        return _Atom(s, e, d, confidence=0.95, era=era, written_year=abs(y)) if d else None
    if kind == "dash":
        a, b = g("dr_a"), g("dr_b")
        ya = int(a)
        bc = bool(g("dr_e")) and _ERA_BC.match(g("dr_e").strip()) is not None
        if len(b) == 2 and not bc:
            yb = ya - ya % 100 + int(b)
            if yb <= ya:
                if len(a) == 4 and 1 <= int(b) <= 12:  # "1953-09": an ISO month
                    d = _safe(lambda: HistDate.of_month(ya, int(b)))
                    return _Atom(s, e, d, confidence=0.8) if d else None
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
        da, db = _made(HistDate.of_year, ya), _made(HistDate.of_year, yb)
        if da is None or db is None:
            return None
        conf = 0.85 if len(a) == 4 or bc else 0.6
        return _Atom(s, e, da, db, confidence=conf, kind=Kind.RANGE)
    if kind in ("md", "dm"):
        p = kind
        mo, da = _month(g(f"{p}_m")), int(g(f"{p}_d"))
        if not 1 <= da <= days_in_month(2000, mo):
            return None
        return _Atom(s, e, None, confidence=0.7, month_day=(mo, da))
    if kind == "feast":
        name = " ".join(g("fe_n").replace("’", "'").split()).lower()
        mo, da = _FEASTS[name]
        if g("fe_y"):
            y, era = _year(g("fe_y"), g("fe_e"))
            d = _safe(lambda: HistDate.of_day(y, mo, da))
            return _Atom(s, e, d, confidence=0.9, era=era) if d else None
        return _Atom(s, e, None, confidence=0.7, month_day=(mo, da))
    return None


# --- context ---------------------------------------------------------------------------------


_WORD = re.compile(r"[\w.'’]+")


def _words_before(text: str, pos: int, line_start: int, n: int = 4) -> list[str]:
    """The last n words (lower-cased) within 40 characters before `pos` on its line."""
    return [w.lower() for w in _WORD.findall(text, max(line_start, pos - 40), pos)[-n:]]


def _line_start(text: str, pos: int) -> int:
    """Start of the line holding `pos`, looking back at most 300 characters (long lines)."""
    floor = max(0, pos - 300)
    found = text.rfind("\n", floor, pos)
    return found + 1 if found >= 0 else floor


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos, pos + 300)
    return min(len(text), pos + 300) if end < 0 else end


def _cue(words: list[str]) -> tuple[str, bool, Qualifier | None]:
    """The introducing word, whether the date is approximate, and a qualifier it implies."""
    ws = [w for w in words if w not in ("the", "of", "year", "years")]
    approx = bool(ws) and ws[-1] in _APPROX_WORDS
    if approx:
        ws = ws[:-1]
    qual = None
    cue = ws[-1] if ws else ""
    if cue in _EDGE_WORDS:
        qual = _EDGE_WORDS[cue]
        if len(ws) > 1 and ws[-2] in _QUALIFIER_OF:
            qual = _QUALIFIER_OF[ws[-2]] if ws[-2] != "by" else _EDGE_WORDS[cue]
    elif cue in _QUALIFIER_OF:
        qual = _QUALIFIER_OF[cue]
    if approx and not cue:
        cue = "c."
    return cue, approx, qual


def _judge_year(text: str, a: _Atom, mask: Mask) -> float:
    """Confidence that a bare number is a year (0 rejects it).

    Every test but the last only rejects, so the cheap ones run first.
    """
    y = a.date.year if a.date else 0
    if y > 2100 or y < 100:
        return 0.0
    ls = _line_start(text, a.start)
    words = _words_before(text, a.start, ls)
    prev = words[-1] if words else ""
    strong = prev in _STRONG_CUES or (len(words) > 1 and words[-2] in _STRONG_CUES)
    if y < 1000 and not strong:
        return 0.0
    before = text[max(ls, a.start - 30) : a.start]
    if _REF_BEFORE.search(before):
        return 0.0
    if prev in OTHER_CALENDAR_MONTHS or _OTHER_CAL_AFTER.match(text, a.end):
        return 0.0
    nxt = _NEXT_WORD.match(text, a.end)
    next_word = nxt.group(1).lower() if nxt and nxt.start(1) - a.end <= 1 else ""
    if next_word in COUNT_WORDS or next_word.endswith("-year"):
        return 0.0
    plural = next_word.endswith("s") and not next_word.endswith("ss")
    counted = prev in ("the", "some", "over", "about", "than", "")
    if next_word and not strong and next_word.islower() and plural and counted:
        return 0.0
    conf = 0.5
    if strong:
        conf += 0.35
    elif prev in _CUE_WORDS:
        conf += 0.2
    line_end = _line_end(text, a.end)
    if text[ls : a.start].strip(_BULLETS) == "" and _CARD_AFTER.match(text, a.end):
        conf += 0.4  # "1953 · Moscow", "- 1953 — text", "1953:" or a year alone on its line
    if text[a.start - 1 : a.start] == "(" and text[a.end : a.end + 1] in (")", ",", ";"):
        conf += 0.3
    if a.end < line_end and text[a.end : a.end + 1] in ",." and conf < 0.6:
        conf += 0.05
    return min(conf, 0.95)


def _scan(text: str) -> Iterator[re.Match[str]]:
    """Like _DATE_RE.finditer, but only tried where a date can start.

    The candidates are those of `(?<![0-9])[0-9]|\\b<opener>` found left to right without
    overlaps; openers overlap only in "twenty-first", whose "first" is not tried alone.
    """
    last = 0
    at_digit, at_letter = _DATE_AT_DIGIT.match, _DATE_AT_LETTER.match
    opener_end = 0
    first = _OPENER_AT.match(text)
    if first is not None:
        opener_end = first.end()
        m = at_letter(text, 0)
        if m is not None and m.end() > 0:
            last = m.end()
            yield m
    for c in _CANDIDATE.finditer(text):
        pos, end = c.span(1)
        match = at_letter
        if pos < 0:
            pos = c.start()
            match = at_digit
        elif pos < opener_end:
            continue
        else:
            opener_end = end
        if pos < last:
            continue
        m = match(text, pos)
        if m is not None and m.end() > pos:
            last = m.end()
            yield m


def _explicit_atoms(text: str, mask: Mask) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in _scan(text):
        if mask.covers(m.start(), m.end()):
            continue
        a = _atom(m)
        if a is None:
            continue
        if a.bare_year or (a.kind is Kind.RANGE and a.confidence < 0.8):
            conf = _judge_year(text, a, mask)
            if conf <= 0:
                continue
            a.confidence = conf if a.bare_year else max(conf, a.confidence)
        elif _OTHER_CAL_AFTER.match(text, a.end):
            continue
        atoms.append(a)
    return atoms


def _with_cues(text: str, a: _Atom) -> tuple[_Atom, str, bool]:
    ls = _line_start(text, a.start)
    cue, approx, qual = _cue(_words_before(text, a.start, ls))
    heading = text[ls : a.start].strip() == "" and bool(_CARD_AFTER.match(text, a.end))
    d = a.date
    if d is not None:
        if approx and not d.approximate:
            d = _safe(lambda: d.with_(approximate=True)) or d
        if qual is not None and d.qualifier is Qualifier.NONE and a.kind is not Kind.RANGE:
            narrowing = qual in (Qualifier.EARLY, Qualifier.MID, Qualifier.LATE)
            if not (narrowing and d.precision in (Precision.DAY, Precision.SEASON)):
                d = _safe(lambda: d.with_(qualifier=qual)) or d
        a.date = d
    return a, cue, heading


def _combine_ranges(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Join "from 1936 to 1938", "between 1941 and 1945", "1924 – 1953" into ranges."""
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if i + 1 < len(atoms) and a.date is not None and atoms[i + 1].date is not None:
            b = atoms[i + 1]
            gap = text[a.end : b.start]
            if len(gap) <= 9 and _RANGE_GAP.match(gap) and "\n" not in gap:
                word = gap.strip().lower()
                lead = _RANGE_LEAD.search(text, max(0, a.start - 25), a.start)
                ok = word in "-–—" or (
                    word == "and" and lead and lead.group(1).lower() == "between"
                )
                ok = ok or (word != "and" and (lead is not None or (a.bare_year and b.bare_year)))
                da, db = a.date, b.date
                assert da is not None and db is not None
                if word == "and" and not ok:
                    # "the late 1850s and early 1860s": two spans that meet are one span
                    coarse = da.precision >= Precision.DECADE and db.precision >= Precision.DECADE
                    ok = coarse and 0 < db.earliest_day() - da.latest_day() <= 1
                if ok and b.era == "bc" and not a.era and a.written_year is None and a.bare_year:
                    da = _safe(lambda y=1 - da.year: HistDate.of_year(y)) or da
                if ok and da.earliest_day() <= db.earliest_day():
                    conf = max(a.confidence, b.confidence, 0.85 if lead else 0.7)
                    out.append(_Atom(a.start, b.end, da, db, confidence=conf, kind=Kind.RANGE))
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


_PAIRED_ORDINAL = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)\s+(?:and|or|to|through|-|–)\s+(?:the\s+)?$", re.IGNORECASE
)


def _paired_centuries(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """ "the 15th and 16th centuries", "the 5th to 4th centuries BC": the bare ordinal before
    a century shares its noun and era, and the two make one span."""
    out: list[_Atom] = []
    for a in atoms:
        d = a.date
        m = None
        if d is not None and a.end_date is None and d.precision is Precision.CENTURY:
            m = _PAIRED_ORDINAL.search(text, max(0, a.start - 24), a.start)
        first = _made(HistDate.of_century, int(m.group(1)), d.year < 1) if m and d else None
        if m is not None and d is not None and first is not None and first != d:
            lo, hi = sorted((first, d), key=lambda x: x.earliest_day())
            out.append(_Atom(m.start(), a.end, lo, hi, confidence=a.confidence, kind=Kind.RANGE))
            continue
        out.append(a)
    return out


# --- relative and anchored expressions --------------------------------------------------------


def _unit(u: str) -> str:
    u = u.lower()
    if u.startswith("centur"):
        return "century"
    if u in _DAY_PARTS:
        return "day"  # "that night": the same day
    return u.rstrip("s") if u not in _SEASON_OF else u


def _shift(ref: HistDate, n: int, unit: str) -> HistDate | None:
    """`ref` moved by n units, at the precision such a statement has."""
    if unit in ("year", "decade", "century"):
        years = n * {"year": 1, "decade": 10, "century": 100}[unit]
        d = _safe(lambda: HistDate.of_year(ref.year + years))
        return d.with_(approximate=True) if d is not None and unit != "year" else d
    if unit == "month":
        if ref.month is None:
            return None
        total = ref.year * 12 + (ref.month - 1) + n
        return _safe(lambda: HistDate.of_month(total // 12, total % 12 + 1))
    if unit in ("day", "week"):
        if ref.precision is not Precision.DAY:
            return None
        days = n * (7 if unit == "week" else 1)
        y, m, d = from_day_number(day_number(ref.year, ref.month or 1, ref.day or 1) + days)
        return _safe(lambda: HistDate.of_day(y, m, d))
    return None


def _vaguely_after(ref: HistDate, unit: str) -> HistDate | None:
    """ "days later" or "weeks later": the month of `ref`, approximate; "months later": its
    year, approximate. None when `ref` is too coarse to say even that."""
    if unit in ("day", "week"):
        if ref.month is None or ref.precision > Precision.MONTH:
            return None
        d = _safe(lambda: HistDate.of_month(ref.year, ref.month))
    else:
        d = _safe(lambda: HistDate.of_year(ref.year))
    return d.with_(approximate=True) if d is not None and unit != "day" else d


def _same(ref: HistDate, unit: str, step: int) -> HistDate | None:
    """ "later that year" (step 0), "the following spring" (step 1), "the previous month"."""
    if unit in _SEASON_OF:
        season = _SEASON_OF[unit]
        year = ref.year + step
        if step > 0 and ref.month is not None:
            start_month = {21: 3, 22: 6, 23: 9, 24: 12}[int(season)]
            if ref.month < start_month:
                year = ref.year
        return _safe(lambda: HistDate.of_season(year, season))
    if unit == "year":
        return _safe(lambda: HistDate.of_year(ref.year + step))
    if unit == "month":
        return (
            _shift(ref, step, "month")
            if step
            else (_safe(lambda: HistDate.of_month(ref.year, ref.month)) if ref.month else None)
        )
    if unit in ("day", "week"):
        return (
            _shift(ref, step, unit) if step else (ref if ref.precision is Precision.DAY else None)
        )
    if unit == "decade":
        return _safe(lambda: HistDate.of_decade(ref.year + 10 * step))
    return None


def _number(word: str) -> int | None:
    w = word.lower()
    return int(w) if w.isdigit() else _NUMBER_WORDS.get(w)


def _anchor_span(text: str, pos: int) -> tuple[int, int] | None:
    m = _ANCHOR_PHRASE.match(text, pos)
    if not m:
        return None
    phrase = m.group(1)
    cut = _ANCHOR_STOP.search(" " + phrase)
    if cut:
        phrase = (" " + phrase)[: cut.start()].strip()
    phrase = phrase.rstrip(",.;:’'")
    if not phrase:
        return None
    return m.start(1), m.start(1) + len(phrase)


_DAY_YEAR_REACH = 2500  # characters a day without a year may be from the year it takes
_RESTATED_BY = re.compile(r"\s*,?\s*(?:on|in|at)?\s*")
_DAY_PARTS = frozenset(["night", "morning", "evening", "afternoon"])
_UNIT_WORD = re.compile(
    r"(?i:year|month|week|day|decade|centur|spring|summer|autumn|fall|winter|night|morning|"
    r"evening|afternoon)"
    r"|(?<=that |wing |next |ious )" + _MONTH_ALT
)
# The unit words are found with `str.find` in the lower-cased text, which is several times
# faster than any regex; a month counts after "that ", "following ", "next ", "previous ".
_UNIT_NAMES = (
    "year", "month", "week", "day", "decade", "centur", "spring", "summer", "autumn", "fall",
    "winter", "night", "morning", "evening", "afternoon",
)  # fmt: skip
_CUED_MONTH_LOW = re.compile(r" (?<=that |wing |next |ious )" + _MONTH_ALT.lower())


def _unit_words(text: str, low: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of `_UNIT_WORD` matches, as its finditer would give them.

    Searched in `low`, the lower-cased text, when that keeps offsets (a month after "that "
    must still be capitalised, its cue lower-case).
    """
    if low is None:
        low = text.lower()
    if len(low) != len(text):
        return [u.span() for u in _UNIT_WORD.finditer(text)]
    found: list[tuple[int, int, bool]] = []
    for word in _UNIT_NAMES:
        size = len(word)
        i = low.find(word)
        while i >= 0:
            found.append((i, i + size, False))
            i = low.find(word, i + 1)
    found += [(m.start() + 1, m.end(), True) for m in _CUED_MONTH_LOW.finditer(low)]
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


def _relative_matches(text: str) -> Iterator[re.Match[str]]:
    """_REL_RE matches, searched only around unit words (much faster on long texts).

    They may be matches in the lower-cased text: read their groups from `text` by offset.
    """
    last = -1
    n = len(text)
    low = text.lower()
    lowered = len(low) == len(text) and not any(c in text for c in _FOLDS_ODDLY)
    search = _REL_LOW.search if lowered else _REL_RE.search
    haystack = low if lowered else text
    for us, ue in _unit_words(text, low):
        lo = max(0, us - 40, last)
        hi = min(n, ue + 40)
        m = search(haystack, lo, hi)
        while m is not None and m.end() <= us:
            m = search(haystack, m.end(), hi)
        if m is not None and m.start() >= last and m.start() <= us:
            last = m.end()
            yield m


def _groups(text: str, m: re.Match[str]) -> Callable[[str], str | None]:
    """`m.group`, read from `text` (m may be a match in the lower-cased text)."""

    def group(name: str) -> str | None:
        s, e = m.span(name)
        return text[s:e] if s >= 0 else None

    return group


def _relatives(
    text: str,
    mask: Mask,
    explicit: list[TimeExpr],
    resolver: AnchorResolver | None,
) -> list[TimeExpr]:
    out: list[TimeExpr] = []
    starts = [t.start for t in explicit]
    for m in _relative_matches(text):
        if mask.covers(m.start(), m.end()):
            continue
        i = bisect.bisect_left(starts, m.start()) - 1
        ref_expr = explicit[i] if i >= 0 and m.start() - explicit[i].end < 2500 else None
        g = _groups(text, m)
        date: HistDate | None = None
        kind = Kind.RELATIVE
        anchor = None
        offset = None
        later = True
        vague = False
        if g("u1"):
            unit, step = _unit(g("u1")), 0
            later = g("lat").lower() == "later"
        elif g("u2"):
            unit, step = _unit(g("u2")), 0
        elif g("u3"):
            unit = _unit(g("u3"))
            step = 1 if g("dir3").lower() in ("following", "next", "subsequent") else -1
            later = step > 0
        elif g("u5"):
            n = _number(g("n5"))
            if n is None:
                continue
            unit = _unit(g("u5"))
            direction = g("dir5").lower()
            later = direction not in ("earlier", "previously", "before")
            step = n if later else -n
            offset = (step, unit)
            if re.match(r"\s+than\b", text[m.end() : m.end() + 6]):
                continue  # "two years earlier than planned": a comparison, not a date
            if direction in ("after", "before"):
                span = _anchor_span(text, m.end())
                if span is None:
                    continue
                kind, anchor = Kind.ANCHORED, span
                base = resolver(text, *span) if resolver is not None else None
                date = _shift(base, step, unit) if base is not None else None
                out.append(
                    TimeExpr(
                        m.start(),
                        m.end(),
                        date,
                        kind=kind,
                        confidence=0.7 if date else 0.0,
                        cue=direction,
                        anchor=anchor,
                        offset=offset,
                    )
                )
                continue
        elif g("mon7"):
            if not g("mon7")[0].isupper():
                continue
            month = MONTHS[g("mon7").lower()]
            word = g("dir7").lower().split()[-1]
            step = {"that": 0, "following": 1, "next": 1, "previous": -1}[word]
            if ref_expr is None or ref_expr.date is None:
                continue
            ref = ref_expr.date
            year = ref.year
            if step > 0 and (ref.month is None or ref.month >= month):
                year += 1
            elif step < 0 and (ref.month is None or ref.month <= month):
                year -= 1
            date = _safe(lambda y=year, mo=month: HistDate.of_month(y, mo))
            out.append(
                TimeExpr(
                    m.start(),
                    m.end(),
                    date,
                    kind=kind,
                    confidence=0.75 if date else 0.0,
                    cue="later",
                    anchor=(ref_expr.start, ref_expr.end),
                )
            )
            continue
        elif g("u8"):
            # "days later", "a few weeks later": no count, so only the month (or for
            # months, the year) of the date counted from is known
            if ref_expr is None or ref_expr.date is None:
                continue
            unit, step, vague = _unit(g("u8")), 0, True
            later = g("dir8").lower() != "earlier"
        elif g("u6"):
            unit = _unit(g("u6"))
            step = 1 if g("dir6").lower() == "after" else -1
            after = text[m.end() : m.end() + 20]
            if re.match(r"\s+(?:the|his|her|their|its|[A-Z])", after):
                continue  # "the year after the war": anchored, no offset given
        else:
            continue
        if ref_expr is not None and ref_expr.date is not None:
            ref = ref_expr.end_date if later and ref_expr.end_date is not None else ref_expr.date
            if vague:
                date = _vaguely_after(ref, unit)
            elif offset is not None:
                date = _shift(ref, offset[0], offset[1])
            else:
                date = _same(ref, unit, step)
        ref_span = (ref_expr.start, ref_expr.end) if ref_expr is not None else None
        out.append(
            TimeExpr(
                m.start(),
                m.end(),
                date,
                kind=kind,
                confidence=0.75 if date else 0.0,
                cue="later" if later else "earlier",
                offset=offset,
                anchor=ref_span,
            )
        )
    return out


# --- public entry point ----------------------------------------------------------------------


def tag(
    text: str,
    mask: Mask | None = None,
    resolver: AnchorResolver | None = None,
) -> list[TimeExpr]:
    """Every date expression in `text`, in order; unresolved ones have `date` None."""
    if mask is None:
        mask = mask_of(text)[0]
    atoms = _paired_centuries(text, _combine_ranges(text, _explicit_atoms(text, mask)))
    explicit: list[TimeExpr] = []
    last_year: int | None = None
    last_pos = -10_000
    for a in atoms:
        a, cue, heading = _with_cues(text, a)
        date = a.date
        if a.month_day is not None:
            # the year stated last, within a few paragraphs ("November 1869" heading a
            # journal, then "On 3 November we went aboard ...")
            far = last_year is None or a.start - last_pos > _DAY_YEAR_REACH
            if far or _recurring(text, a.start, a.end):
                explicit.append(TimeExpr(a.start, a.end, None, confidence=0.0, cue=cue))
                continue
            mo, da = a.month_day
            date = _made(HistDate.of_day, last_year, mo, da)
            if date is None:
                continue
        if date is None:
            continue
        if a.end_date is None and date.precision <= Precision.YEAR:
            last_year, last_pos = date.year, a.end
        elif a.end_date is not None:
            last_year, last_pos = a.end_date.year, a.end
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
            )
        )
    resolved = [t for t in explicit if t.date is not None]
    rel = _relatives(text, mask, resolved, resolver)
    if rel and resolved:
        # "six weeks earlier, on 12 April 1961": the written date says it better
        at = {t.start for t in resolved}
        rel = [r for r in rel if not ((g := _RESTATED_BY.match(text, r.end)) and g.end() in at)]
    return _drop_overlaps(sorted(explicit + rel, key=lambda t: (t.start, -t.end)))


def _drop_overlaps(exprs: list[TimeExpr]) -> list[TimeExpr]:
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


def with_date(expr: TimeExpr, date: HistDate | None) -> TimeExpr:
    """A copy with another date (used when an anchor is resolved later)."""
    return replace(expr, date=date, confidence=0.7 if date is not None else 0.0)


def resolve_anchored(expr: TimeExpr, base: HistDate | None) -> TimeExpr:
    """An anchored expression placed `offset` away from the date of its anchor event."""
    if base is None or expr.offset is None:
        return with_date(expr, None)
    return with_date(expr, _shift(base, *expr.offset))
